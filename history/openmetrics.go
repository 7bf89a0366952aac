package history

import (
	"bufio"
	"io"
	"slices"
	"strconv"

	"github.com/report-exporter/report_exporter/series"
)

// WriteOpenMetrics writes the samples as OpenMetrics text, the input of
// `promtool tsdb create-blocks-from openmetrics`: per metric family a # HELP and a # TYPE gauge
// line, then its samples grouped by series in time order, timestamps in Unix seconds, and a
// closing # EOF.
//
// The output depends only on the samples, not on their order: samples not in SortSamples
// order are sorted (on a copy). help gives a family's help text; a family it lacks gets a
// generic one. Two samples of one series at one time are written once (the later in the
// slice wins), since the TSDB would reject the second.
func WriteOpenMetrics(w io.Writer, samples []series.Sample, help map[string]string) error {
	if !slices.IsSortedFunc(samples, series.CompareSamples) {
		samples = slices.Clone(samples)
		slices.SortStableFunc(samples, series.CompareSamples)
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	var (
		line    []byte // the line being built
		prev    []byte // name{labels} of the previous sample
		family  string
		prevKey series.Key
	)
	for i := range samples {
		s := &samples[i]
		if i+1 < len(samples) && s.Key() == samples[i+1].Key() {
			continue // the later one is written
		}
		if i > 0 && s.Name == prevKey.Name && s.Labels == prevKey.Labels {
			t := s.Time.UnixMilli()
			prevKey.Time = t
			line = append(line[:0], prev...)
			line = appendValueAndTime(line, s.Value, t)
			if _, err := bw.Write(line); err != nil {
				return err
			}
			continue
		}
		prevKey = s.Key()
		if i == 0 || s.Name != family {
			family = s.Name
			h, ok := help[family]
			if !ok {
				h = "Value of " + family + " read from the reports."
			}
			line = append(line[:0], "# HELP "...)
			line = append(line, family...)
			line = append(line, ' ')
			line = series.AppendEscaped(line, h)
			line = append(line, "\n# TYPE "...)
			line = append(line, family...)
			line = append(line, " gauge\n"...)
			if _, err := bw.Write(line); err != nil {
				return err
			}
		}
		prev = series.AppendSeries(prev[:0], s.Name, &s.Labels)
		line = append(line[:0], prev...)
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

// appendValueAndTime appends the value, a space, the Unix time in seconds (with milliseconds
// when it has them) and a newline.
func appendValueAndTime(b []byte, v float64, ms int64) []byte {
	b = series.AppendFloat(b, v)
	b = append(b, ' ')
	if ms%1000 == 0 {
		b = strconv.AppendInt(b, ms/1000, 10)
	} else {
		b = strconv.AppendFloat(b, float64(ms)/1000, 'f', -1, 64)
	}
	return append(b, '\n')
}
