package series

import "time"

// China is the time zone every sample is stamped in (UTC+8, no daylight saving).
var China = time.FixedZone("CST", 8*60*60)

// Kinds of a sample.
const (
	KindActual = "actual"
	KindTarget = "target"
)

// Bounds of a target sample.
const (
	BoundMin    = "min"
	BoundMax    = "max"
	BoundApprox = "approx"
)

// TimestampSuffix ends the name of the gauge that goes with each series on /metrics and holds
// the Unix time of its observation: econ_gdp_yuan_timestamp_seconds.
const TimestampSuffix = "_timestamp_seconds"

// Labels are the labels every sample carries. Bound is empty for actual figures; RegionCode
// is the region's GB/T 2260 code, empty where the region is not in the gazetteer.
type Labels struct {
	Region     string `json:"region"`
	RegionCode string `json:"region_code,omitempty"`
	Kind       string `json:"kind"`
	Period     string `json:"period"`
	Bound      string `json:"bound,omitempty"`
	// Extra holds the labels of a derived series (a comparison with a target, an indicator's
	// info) beyond these five, built by ExtraLabels; empty for the samples of a report.
	Extra string `json:"-"`
}

// Source tells where a sample was read.
type Source struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Text string `json:"text"`
}

// Sample is one extracted figure: a point of a named series at the time the contract gives it.
type Sample struct {
	Name      string
	Labels    Labels
	Value     float64
	Time      time.Time
	Source    Source
	Qualifier string    // 左右, 超过, 约, ... as written; informational
	Published time.Time // publication date of the document, used to settle conflicts
}

// Key identifies a sample's series and timestamp: two samples with the same key are the
// same observation.
type Key struct {
	Name   string
	Labels Labels
	Time   int64 // Unix milliseconds
}

// Key returns the sample's series-and-time identity.
func (s *Sample) Key() Key {
	return Key{Name: s.Name, Labels: s.Labels, Time: s.Time.UnixMilli()}
}

// MarshalJSON renders the sample as one line of `extract` output (see AppendJSON).
func (s Sample) MarshalJSON() ([]byte, error) { return s.AppendJSON(nil), nil }
