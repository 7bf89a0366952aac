package exporter

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Result is what one document gave: its samples and the sentences that named an indicator and
// carried a number but gave no sample.
type Result struct {
	File      string
	Region    string
	Published time.Time
	Samples   []Sample
	Unmatched []Unmatched
}

// Unmatched is a sentence that names a known indicator and carries a number but gave no sample.
type Unmatched struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Indicator string `json:"indicator"`
	Text      string `json:"text"`
}

// Conflict is one observation that two documents gave different values for. Kept is the value
// of the document published later.
type Conflict struct {
	Key     SeriesKey
	Kept    Sample
	Dropped Sample
}

func (c Conflict) String() string {
	return fmt.Sprintf("%s %v at %s: %g from %s:%d replaces %g from %s:%d",
		c.Key.Name, c.Key.Labels, c.Kept.Time.In(China).Format(time.DateOnly),
		c.Kept.Value, c.Kept.Source.File, c.Kept.Source.Line,
		c.Dropped.Value, c.Dropped.Source.File, c.Dropped.Source.Line)
}

// Merge settles the samples of many documents into one sample per series and timestamp, in a
// stable order (name, labels, time). Where documents disagree the one published later wins
// (ties go to the later file name); equal values merge silently, changed values are returned as
// conflicts.
func Merge(results []*Result) ([]Sample, []Conflict) {
	ordered := slices.Clone(results)
	slices.SortStableFunc(ordered, func(a, b *Result) int {
		if c := a.Published.Compare(b.Published); c != 0 {
			return c
		}
		return cmp.Compare(a.File, b.File)
	})
	idx := map[SeriesKey]int{}
	var out []Sample
	var conflicts []Conflict
	for _, r := range ordered {
		for _, s := range r.Samples {
			k := s.Key()
			i, ok := idx[k]
			if !ok {
				idx[k] = len(out)
				out = append(out, s)
				continue
			}
			if out[i].Value != s.Value && out[i].Source.File != s.Source.File {
				conflicts = append(conflicts, Conflict{Key: k, Kept: s, Dropped: out[i]})
			}
			if out[i].Source.File != s.Source.File {
				out[i] = s
			}
		}
	}
	SortSamples(out)
	return out, conflicts
}

// SortSamples orders samples by name, labels and time.
func SortSamples(s []Sample) { slices.SortFunc(s, compareSamples) }

// compareSamples is the order of SortSamples.
func compareSamples(a, b Sample) int {
	return cmp.Or(
		cmp.Compare(a.Name, b.Name),
		cmp.Compare(a.Labels.Region, b.Labels.Region),
		cmp.Compare(a.Labels.Kind, b.Labels.Kind),
		cmp.Compare(a.Labels.Period, b.Labels.Period),
		cmp.Compare(a.Labels.Bound, b.Labels.Bound),
		a.Time.Compare(b.Time),
	)
}
