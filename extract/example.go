package extract

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/series"
)

// example is a rules example compiled: its text and the samples it must give.
type example struct {
	ind       *config.Indicator
	ex        *config.Example
	file      string
	published time.Time
	want      []want
}

// want is one expected sample: labels not written are not compared, a zero date is not
// compared.
type want struct {
	line   string
	metric string
	labels map[string]string
	value  float64
	date   string
}

// ExampleRegion is the region examples are read in, unless their text names one.
const ExampleRegion = "示例区"

var wantLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)(?:\s+(\d{4}-\d{2}-\d{2}))?$`)
var wantLabel = regexp.MustCompile(`^\s*([a-z_]+)\s*=\s*"([^"]*)"\s*$`)

func compileExample(cfg *config.Config, ind *config.Indicator, ex *config.Example) (*example, error) {
	e := &example{ind: ind, ex: ex, file: cfg.File}
	fail := func(format string, args ...any) error {
		return &config.PosError{File: cfg.File, Pos: ex.Pos,
			Err: fmt.Errorf("indicator %q: example: %s", ind.ID, fmt.Sprintf(format, args...))}
	}
	e.published = time.Date(2021, 1, 20, 0, 0, 0, 0, series.China)
	if ex.Published != "" {
		t, _ := time.ParseInLocation(time.DateOnly, ex.Published, series.China)
		e.published = t
	}
	for _, l := range ex.Want {
		m := wantLine.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			return nil, fail("want %q is not `metric{label=\"value\",...} value [YYYY-MM-DD]`", l)
		}
		w := want{line: l, metric: m[1], labels: map[string]string{}, date: m[4]}
		if m[1] != metricOf(ind.Level) && m[1] != metricOf(ind.Growth) {
			return nil, fail("want %q: metric %s is not one of this indicator's", l, m[1])
		}
		if m[2] != "" {
			for _, kv := range strings.Split(m[2], ",") {
				lm := wantLabel.FindStringSubmatch(kv)
				if lm == nil {
					return nil, fail("want %q: bad label %q", l, kv)
				}
				w.labels[lm[1]] = lm[2]
			}
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			return nil, fail("want %q: bad value %q", l, m[3])
		}
		w.value = v
		e.want = append(e.want, w)
	}
	return e, nil
}

func metricOf(s *config.Series) string {
	if s == nil {
		return ""
	}
	return s.Metric
}

func (w want) matches(s series.Sample) bool {
	if s.Name != w.metric || !closeTo(s.Value, w.value) {
		return false
	}
	if w.date != "" && s.Time.In(series.China).Format(time.DateOnly) != w.date {
		return false
	}
	got := map[string]string{"region": s.Labels.Region, "kind": s.Labels.Kind, "period": s.Labels.Period, "bound": s.Labels.Bound}
	for k, v := range w.labels {
		if got[k] != v {
			return false
		}
	}
	return true
}

func closeTo(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// run extracts the example's text and compares the samples of its indicator with the wanted
// ones.
func (e *example) run(rs *RuleSet) error {
	text := e.ex.Text
	if e.ex.Heading != "" {
		text = e.ex.Heading + "\n" + text
	}
	res := rs.extractText("example", text, &config.Meta{Region: ExampleRegion, Published: e.published}, nil)
	var got []series.Sample
	for _, s := range res.Samples {
		if s.Name == metricOf(e.ind.Level) || s.Name == metricOf(e.ind.Growth) {
			got = append(got, s)
		}
	}
	var problems []string
	used := make([]bool, len(got))
	for _, w := range e.want {
		found := false
		for i, s := range got {
			if !used[i] && w.matches(s) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			problems = append(problems, "missing "+w.line)
		}
	}
	for i, s := range got {
		if !used[i] {
			problems = append(problems, "unexpected "+formatSample(s))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return &config.PosError{File: e.file, Pos: e.ex.Pos,
		Err: fmt.Errorf("indicator %q: example %q: %s", e.ind.ID, e.ex.Text, strings.Join(problems, "; "))}
}

// formatSample writes a sample the way examples want it.
func formatSample(s series.Sample) string {
	l := fmt.Sprintf("region=%q,kind=%q,period=%q", s.Labels.Region, s.Labels.Kind, s.Labels.Period)
	if s.Labels.Bound != "" {
		l += fmt.Sprintf(",bound=%q", s.Labels.Bound)
	}
	return fmt.Sprintf("%s{%s} %s %s", s.Name, l, strconv.FormatFloat(s.Value, 'g', -1, 64), s.Time.In(series.China).Format(time.DateOnly))
}

// CheckExamples runs every example of the rules and returns one error per failing example,
// each naming the example's position in the rules file.
func (rs *RuleSet) CheckExamples() []error {
	var errs []error
	for _, e := range rs.examples {
		if err := e.run(rs); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}
