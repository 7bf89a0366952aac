package series

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

// referenceJSON is what AppendJSON must give: encoding/json's rendering of the fields.
func referenceJSON(s Sample) ([]byte, error) {
	type sampleJSON struct {
		Name      string  `json:"name"`
		Labels    Labels  `json:"labels"`
		Value     float64 `json:"value"`
		Timestamp string  `json:"timestamp"`
		Source    Source  `json:"source"`
		Qualifier string  `json:"qualifier,omitempty"`
		Published string  `json:"published,omitempty"`
	}
	j := sampleJSON{Name: s.Name, Labels: s.Labels, Value: s.Value,
		Timestamp: s.Time.In(China).Format(time.RFC3339), Source: s.Source, Qualifier: s.Qualifier}
	if !s.Published.IsZero() {
		j.Published = s.Published.In(China).Format(time.DateOnly)
	}
	return json.Marshal(j)
}

func FuzzAppendJSON(f *testing.F) {
	f.Add("econ_gdp_yuan", "罗湖区", "440303", "1-12", "", "地区生产总值<2800>&亿元\u2028\"\\\n\t\x01\x7f\xff", "左右", 2.8e11, int64(1640966400), true)
	f.Add("x", "", "", "", "min", "", "", 1e-7, int64(0), false)
	f.Add("y", "a", "b", "c", "d", "e", "f", -1e21, int64(-86400), true)
	f.Fuzz(func(t *testing.T, name, region, code, period, bound, text, qual string, value float64, unix int64, published bool) {
		if math.IsNaN(value) || math.IsInf(value, 0) {
			return // refused by the rules
		}
		s := Sample{Name: name, Labels: Labels{Region: region, RegionCode: code, Kind: KindActual, Period: period, Bound: bound},
			Value: value, Time: time.Unix(unix%(1<<35), 0), Source: Source{File: region + ".txt", Line: int(unix % 1000), Text: text},
			Qualifier: qual}
		if published {
			s.Published = s.Time.AddDate(0, 1, 0)
		}
		want, err := referenceJSON(s)
		if err != nil {
			t.Skip(err) // a time encoding/json cannot format either
		}
		if got := s.AppendJSON(nil); string(got) != string(want) {
			t.Fatalf("AppendJSON\n%s\nencoding/json\n%s", got, want)
		}
	})
}
