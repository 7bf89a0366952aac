package mixin

// The subset of Grafana's dashboard model the generated dashboards use. Field names follow the
// JSON Grafana itself saves (schema version 39).

// DatasourceUID is the uid of the Prometheus data source provisioned from
// dashboards/provisioning/datasources/prometheus.yml; every panel names it.
const DatasourceUID = "prometheus"

type dashboard struct {
	UID           string     `json:"uid"`
	Title         string     `json:"title"`
	Description   string     `json:"description,omitempty"`
	Tags          []string   `json:"tags"`
	Timezone      string     `json:"timezone"`
	Editable      bool       `json:"editable"`
	GraphTooltip  int        `json:"graphTooltip"`
	SchemaVersion int        `json:"schemaVersion"`
	Version       int        `json:"version"`
	Refresh       string     `json:"refresh"`
	Time          timeRange  `json:"time"`
	Templating    templating `json:"templating"`
	Annotations   struct {
		List []any `json:"list"`
	} `json:"annotations"`
	Links  []link   `json:"links"`
	Panels []*panel `json:"panels"`
}

type timeRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type link struct {
	Title       string   `json:"title"`
	Type        string   `json:"type"`
	Tags        []string `json:"tags"`
	AsDropdown  bool     `json:"asDropdown"`
	IncludeVars bool     `json:"includeVars"`
	KeepTime    bool     `json:"keepTime"`
}

type templating struct {
	List []variable `json:"list"`
}

type datasource struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

var promDS = &datasource{Type: "prometheus", UID: DatasourceUID}

type variable struct {
	Name       string      `json:"name"`
	Label      string      `json:"label"`
	Type       string      `json:"type"`
	Datasource *datasource `json:"datasource"`
	Query      string      `json:"query"`
	Definition string      `json:"definition"`
	Refresh    int         `json:"refresh"` // 2: on time range change
	Multi      bool        `json:"multi"`
	IncludeAll bool        `json:"includeAll"`
	Sort       int         `json:"sort"`
	Current    current     `json:"current"`
	Options    []any       `json:"options"`
	Hide       int         `json:"hide"`
}

type current struct {
	Text  []string `json:"text"`
	Value []string `json:"value"`
}

type gridPos struct {
	H int `json:"h"`
	W int `json:"w"`
	X int `json:"x"`
	Y int `json:"y"`
}

type panel struct {
	ID              int              `json:"id"`
	Type            string           `json:"type"`
	Title           string           `json:"title"`
	Description     string           `json:"description,omitempty"`
	GridPos         gridPos          `json:"gridPos"`
	Collapsed       *bool            `json:"collapsed,omitempty"`
	Datasource      *datasource      `json:"datasource,omitempty"`
	Interval        string           `json:"interval,omitempty"`
	Repeat          string           `json:"repeat,omitempty"`
	RepeatDirection string           `json:"repeatDirection,omitempty"`
	MaxPerRow       int              `json:"maxPerRow,omitempty"`
	Targets         []target         `json:"targets,omitempty"`
	FieldConfig     *fieldConfig     `json:"fieldConfig,omitempty"`
	Options         any              `json:"options,omitempty"`
	Transformations []transformation `json:"transformations,omitempty"`
	Panels          []*panel         `json:"panels,omitempty"`
}

type target struct {
	RefID        string      `json:"refId"`
	Datasource   *datasource `json:"datasource"`
	Expr         string      `json:"expr"`
	LegendFormat string      `json:"legendFormat,omitempty"`
	Range        bool        `json:"range"`
	Instant      bool        `json:"instant"`
	Format       string      `json:"format,omitempty"`
	Interval     string      `json:"interval,omitempty"`
}

type fieldConfig struct {
	Defaults  fieldDefaults `json:"defaults"`
	Overrides []override    `json:"overrides"`
}

type fieldDefaults struct {
	Unit       string      `json:"unit,omitempty"`
	Decimals   *int        `json:"decimals,omitempty"`
	Min        *float64    `json:"min,omitempty"`
	Color      *fieldColor `json:"color,omitempty"`
	Thresholds *thresholds `json:"thresholds,omitempty"`
	Custom     any         `json:"custom,omitempty"`
	Mappings   []any       `json:"mappings"`
	NoValue    string      `json:"noValue,omitempty"`
}

type fieldColor struct {
	Mode string `json:"mode"`
}

type thresholds struct {
	Mode  string `json:"mode"`
	Steps []step `json:"steps"`
}

type step struct {
	Color string   `json:"color"`
	Value *float64 `json:"value"`
}

type override struct {
	Matcher    matcher    `json:"matcher"`
	Properties []property `json:"properties"`
}

type matcher struct {
	ID      string `json:"id"`
	Options any    `json:"options"`
}

type property struct {
	ID    string `json:"id"`
	Value any    `json:"value"`
}

type transformation struct {
	ID      string `json:"id"`
	Options any    `json:"options"`
}

// timeseriesCustom is the field config of a time series panel drawing yearly points: a step
// line from each point to the next, points shown, gaps spanned.
type timeseriesCustom struct {
	DrawStyle         string `json:"drawStyle"`
	LineInterpolation string `json:"lineInterpolation"`
	LineWidth         int    `json:"lineWidth"`
	FillOpacity       int    `json:"fillOpacity"`
	ShowPoints        string `json:"showPoints"`
	PointSize         int    `json:"pointSize"`
	SpanNulls         bool   `json:"spanNulls"`
	AxisLabel         string `json:"axisLabel,omitempty"`
	AxisPlacement     string `json:"axisPlacement"`
	AxisSoftMin       *int   `json:"axisSoftMin,omitempty"`
}

type timeseriesOptions struct {
	Legend  legend  `json:"legend"`
	Tooltip tooltip `json:"tooltip"`
}

type legend struct {
	DisplayMode string   `json:"displayMode"`
	Placement   string   `json:"placement"`
	ShowLegend  bool     `json:"showLegend"`
	Calcs       []string `json:"calcs"`
}

type tooltip struct {
	Mode string `json:"mode"`
	Sort string `json:"sort"`
}

type statOptions struct {
	ReduceOptions reduceOptions `json:"reduceOptions"`
	ColorMode     string        `json:"colorMode"`
	GraphMode     string        `json:"graphMode"`
	JustifyMode   string        `json:"justifyMode"`
	TextMode      string        `json:"textMode"`
	Orientation   string        `json:"orientation"`
}

type reduceOptions struct {
	Calcs  []string `json:"calcs"`
	Fields string   `json:"fields"`
	Values bool     `json:"values"`
}

type tableOptions struct {
	ShowHeader bool       `json:"showHeader"`
	CellHeight string     `json:"cellHeight"`
	SortBy     []sortBy   `json:"sortBy"`
	Footer     footerOpts `json:"footer"`
}

type sortBy struct {
	DisplayName string `json:"displayName"`
	Desc        bool   `json:"desc"`
}

type footerOpts struct {
	Show bool `json:"show"`
}
