package main

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/report-exporter/report_exporter/exporter"
)

// extractParallel does what extractAll does on up to workers goroutines (GOMAXPROCS when
// workers <= 0): a RuleSet serves many goroutines, and reports are independent until Merge.
// Results come back in walk order and skip is called from the calling goroutine in walk
// order, so the output is the same as extractAll's.
//
// Each result is detached from its report's text (see detach), so that what is kept while the
// rest of the corpus is read grows with the samples, not with the bytes read.
func extractParallel(rs *exporter.RuleSet, paths []string, workers int, skip func(path string, err error)) ([]*exporter.Result, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	fsys, roots := reports(paths)
	var files []string
	if err := exporter.Walk(fsys, roots, func(p string) error {
		files = append(files, p)
		return nil
	}); err != nil {
		return nil, err
	}
	type outcome struct {
		res *exporter.Result
		err error
	}
	out := make([]outcome, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				r, err := rs.ExtractFile(fsys, files[i])
				if err == nil {
					detach(r)
				}
				out[i] = outcome{r, err}
			}
		}()
	}
	wg.Wait()
	results := make([]*exporter.Result, 0, len(files))
	for i, o := range out {
		if o.err != nil {
			skip(files[i], o.err)
			continue
		}
		results = append(results, o.res)
	}
	return results, nil
}

// detach copies the strings a result shares with its report's decoded text (the region, each
// sample's source phrase and qualifier, each unmatched sentence): as substrings they would keep
// the whole text of every report alive until the run ends.
func detach(r *exporter.Result) {
	r.Region = strings.Clone(r.Region)
	for i := range r.Samples {
		s := &r.Samples[i]
		if s.Labels.Region == r.Region {
			s.Labels.Region = r.Region // the clone
		} else {
			s.Labels.Region = strings.Clone(s.Labels.Region)
		}
		s.Source.Text = strings.Clone(s.Source.Text)
		s.Qualifier = strings.Clone(s.Qualifier)
	}
	for i := range r.Unmatched {
		r.Unmatched[i].Text = strings.Clone(r.Unmatched[i].Text)
	}
}
