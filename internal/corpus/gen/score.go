package gen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
)

// Score compares `extract` JSON Lines with a gold list of figures (the format of
// expected-core.tsv: doc, metric, region, kind, period, bound, date, value; a doc starting with
// "?" marks an optional row). Only the metrics the gold list names are scored. It returns the
// figures found right, the required figures, and the samples of those metrics emitted.
func Score(gold, got io.Reader) (right, required, emitted int, err error) {
	type key struct{ doc, name, region, kind, period, bound, date string }
	want := map[key]float64{}
	optional := map[key]float64{}
	names := map[string]bool{}
	sc := bufio.NewScanner(gold)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 8 {
			return 0, 0, 0, fmt.Errorf("gold line %q: want 8 fields", line)
		}
		v, err := strconv.ParseFloat(f[7], 64)
		if err != nil {
			return 0, 0, 0, fmt.Errorf("gold line %q: %w", line, err)
		}
		k := key{strings.TrimPrefix(f[0], "?"), f[1], f[2], f[3], f[4], f[5], f[6]}
		names[f[1]] = true
		if strings.HasPrefix(f[0], "?") {
			optional[k] = v
		} else {
			want[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, 0, err
	}
	china := time.FixedZone("CST", 8*3600)
	dec := json.NewDecoder(got)
	for {
		var s struct {
			Name   string            `json:"name"`
			Labels map[string]string `json:"labels"`
			Value  float64           `json:"value"`
			Time   time.Time         `json:"timestamp"`
			Source struct {
				File string `json:"file"`
			} `json:"source"`
		}
		if err := dec.Decode(&s); err == io.EOF {
			break
		} else if err != nil {
			return 0, 0, 0, err
		}
		if !names[s.Name] {
			continue
		}
		emitted++
		doc, _, _ := strings.Cut(path.Base(s.Source.File), ".")
		k := key{doc, s.Name, s.Labels["region"], s.Labels["kind"], s.Labels["period"], s.Labels["bound"],
			s.Time.In(china).Format(time.DateOnly)}
		if v, ok := want[k]; ok && closeTo(v, s.Value) {
			right++
		} else if v, ok := optional[k]; ok && closeTo(v, s.Value) {
			emitted-- // an optional figure counts neither way
		}
	}
	return right, len(want), emitted, nil
}

func closeTo(a, b float64) bool {
	return math.Abs(a-b) <= math.Max(1e-9, 1e-6*math.Max(math.Abs(a), math.Abs(b)))
}
