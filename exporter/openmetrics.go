package exporter

import (
	"bufio"
	"cmp"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/report-exporter/report_exporter/config"
)

// MetricHelp returns the help text of every metric the rules name, the one wording of both
// /metrics (Collector) and the OpenMetrics history (WriteOpenMetrics): both series of an
// indicator take its help, which the rules write for the pair, or else its title. A metric
// whose indicator has neither is left out and gets the generic help of where it is written.
func MetricHelp(cfg *config.Config) map[string]string {
	m := map[string]string{}
	if cfg == nil {
		return m
	}
	for _, ind := range cfg.Indicators {
		if ind == nil {
			continue
		}
		help := cmp.Or(ind.Help, ind.Title)
		if help == "" {
			continue
		}
		for _, sr := range []*config.Series{ind.Level, ind.Growth} {
			if sr == nil || sr.Metric == "" {
				continue
			}
			if _, ok := m[sr.Metric]; !ok {
				m[sr.Metric] = help
			}
		}
	}
	return m
}

// WriteOpenMetrics writes the samples as OpenMetrics text, the input of
// `promtool tsdb create-blocks-from openmetrics`: per metric family a # HELP and a # TYPE gauge
// line, then its samples grouped by series in time order, timestamps in Unix seconds, and a
// closing # EOF.
//
// The output depends only on the samples, not on their order: samples not in SortSamples
// order are sorted (on a copy). help gives a family's help text; a family it lacks gets a
// generic one. Two samples of one series at one time are written once (the later in the
// slice wins), since the TSDB would reject the second.
func WriteOpenMetrics(w io.Writer, samples []Sample, help map[string]string) error {
	if !slices.IsSortedFunc(samples, compareSamples) {
		samples = slices.Clone(samples)
		slices.SortStableFunc(samples, compareSamples)
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	var (
		line    []byte // the line being built
		series  []byte // name{labels} of the previous sample
		family  string
		prevKey SeriesKey
	)
	for i := range samples {
		s := &samples[i]
		if i+1 < len(samples) && sameObservation(s, &samples[i+1]) {
			continue // the later one is written
		}
		if i > 0 && s.Name == prevKey.Name && s.Labels == prevKey.Labels {
			t := s.Time.UnixMilli()
			prevKey.Time = t
			line = append(line[:0], series...)
			line = appendValueAndTime(line, s.Value, t)
			if _, err := bw.Write(line); err != nil {
				return err
			}
			continue
		}
		prevKey = SeriesKey{Name: s.Name, Labels: s.Labels, Time: s.Time.UnixMilli()}
		if i == 0 || s.Name != family {
			family = s.Name
			h, ok := help[family]
			if !ok {
				h = "Value of " + family + " read from the reports."
			}
			line = append(line[:0], "# HELP "...)
			line = append(line, family...)
			line = append(line, ' ')
			line = appendEscaped(line, h)
			line = append(line, "\n# TYPE "...)
			line = append(line, family...)
			line = append(line, " gauge\n"...)
			if _, err := bw.Write(line); err != nil {
				return err
			}
		}
		series = appendSeries(series[:0], s.Name, &s.Labels)
		line = append(line[:0], series...)
		line = appendValueAndTime(line, s.Value, prevKey.Time)
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	if _, err := bw.WriteString("# EOF\n"); err != nil {
		return err
	}
	return bw.Flush()
}

func sameObservation(a, b *Sample) bool {
	return a.Name == b.Name && a.Labels == b.Labels && a.Time.UnixMilli() == b.Time.UnixMilli()
}

// appendSeries appends name{bound="...",kind="...",period="...",region="..."} and a space;
// labels in name order, bound only when set.
func appendSeries(b []byte, name string, l *Labels) []byte {
	b = append(b, name...)
	b = append(b, '{')
	if l.Bound != "" {
		b = appendLabel(b, "bound", l.Bound)
		b = append(b, ',')
	}
	b = appendLabel(b, "kind", l.Kind)
	b = append(b, ',')
	b = appendLabel(b, "period", l.Period)
	b = append(b, ',')
	b = appendLabel(b, "region", l.Region)
	return append(b, "} "...)
}

func appendLabel(b []byte, name, value string) []byte {
	b = append(b, name...)
	b = append(b, `="`...)
	b = appendEscaped(b, value)
	return append(b, '"')
}

// appendEscaped escapes a label value or a help text: \\, \" and \n, as OpenMetrics asks of
// both.
func appendEscaped(b []byte, s string) []byte {
	if !strings.ContainsAny(s, "\\\"\n") {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, `\\`...)
		case '"':
			b = append(b, `\"`...)
		case '\n':
			b = append(b, `\n`...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// appendValueAndTime appends the value, a space, the Unix time in seconds (with milliseconds
// when it has them) and a newline.
func appendValueAndTime(b []byte, v float64, ms int64) []byte {
	switch {
	case math.IsNaN(v):
		b = append(b, "NaN"...)
	case math.IsInf(v, 1):
		b = append(b, "+Inf"...)
	case math.IsInf(v, -1):
		b = append(b, "-Inf"...)
	default:
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	b = append(b, ' ')
	if ms%1000 == 0 {
		b = strconv.AppendInt(b, ms/1000, 10)
	} else {
		b = strconv.AppendFloat(b, float64(ms)/1000, 'f', -1, 64)
	}
	return append(b, '\n')
}
