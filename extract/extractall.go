package extract

import (
	"context"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"
)

// ExtractAll extracts every report under roots in fsys on up to workers goroutines
// (GOMAXPROCS when workers <= 0): a RuleSet serves many goroutines, and reports are
// independent until merged. It calls each with every result and skip with every report that
// cannot be read or extracted, both from the calling goroutine and in walk order, so the
// outcome is the same whatever the number of workers. Reports are read a batch at a time:
// what is held at once is one batch of results, not the corpus's. An error of the walk itself
// (a root that does not exist) is returned before anything is extracted; an entry the walk
// cannot look at (a folder without permission, a dangling symlink) goes to skip in walk order.
func (rs *RuleSet) ExtractAll(fsys fs.FS, roots []string, workers int, each func(*Result), skip func(path string, err error)) error {
	return rs.ExtractAllContext(context.Background(), fsys, roots, workers, each, skip)
}

// ExtractAllContext is ExtractAll that stops when ctx is done: no report is begun after that,
// and ctx's error is returned.
func (rs *RuleSet) ExtractAllContext(ctx context.Context, fsys fs.FS, roots []string, workers int, each func(*Result), skip func(path string, err error)) error {
	var files []string
	var bad []error // the walk's error of files[i], if any
	sc := &sidecars{listed: map[string]bool{}, seen: map[string]bool{}}
	if err := walkReports(fsys, roots, func(p string, err error) error {
		files = append(files, p)
		bad = append(bad, err)
		return nil
	}, sc); err != nil {
		return err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batch := 16 * workers
	results := make([]*Result, batch)
	errs := make([]error, batch)
	for from := 0; from < len(files); from += batch {
		part := files[from:min(from+batch, len(files))]
		ForEach(len(part), workers, func(i int) {
			if ctx.Err() != nil {
				return
			}
			if errs[i] = bad[from+i]; errs[i] == nil {
				results[i], errs[i] = rs.extractFile(fsys, part[i], sc)
			}
		})
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range part {
			if errs[i] != nil {
				skip(part[i], errs[i])
			} else {
				each(results[i])
			}
			results[i], errs[i] = nil, nil
		}
	}
	return nil
}

// ForEach calls fn(i) for every i in [0, n) on up to workers goroutines (GOMAXPROCS when
// workers <= 0), each taking the next index as it finishes the last, and returns when every
// call has. With one worker, the calls run in order on the calling goroutine.
func ForEach(n, workers int, fn func(i int)) {
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
