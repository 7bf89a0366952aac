package exporter

import (
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"
)

// ExtractAll extracts every report under roots in fsys with rs on up to workers goroutines
// (GOMAXPROCS when workers <= 0): a RuleSet serves many goroutines, and reports are
// independent until Merge. Results come back in walk order. A report that cannot be read or
// extracted is left out and passed to skip, from the calling goroutine and in walk order, so
// the outcome is the same whatever the number of workers. An error of the walk itself (a root
// that does not exist) is returned, before anything is extracted.
func ExtractAll(rs *RuleSet, fsys fs.FS, roots []string, workers int, skip func(path string, err error)) ([]*Result, error) {
	var files []string
	if err := Walk(fsys, roots, func(p string) error {
		files = append(files, p)
		return nil
	}); err != nil {
		return nil, err
	}
	results := make([]*Result, len(files))
	errs := make([]error, len(files))
	forEach(len(files), workers, func(i int) {
		results[i], errs[i] = rs.ExtractFile(fsys, files[i])
	})
	kept := results[:0]
	for i, r := range results {
		if errs[i] != nil {
			skip(files[i], errs[i])
			continue
		}
		kept = append(kept, r)
	}
	clear(results[len(kept):]) // let the dropped slots go
	return kept, nil
}

// forEach calls fn(i) for every i in [0, n) on up to workers goroutines (GOMAXPROCS when
// workers <= 0), each taking the next index as it finishes the last, and returns when every
// call has. With one worker, the calls run in order on the calling goroutine.
func forEach(n, workers int, fn func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
