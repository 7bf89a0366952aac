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
// outcome is the same whatever the number of workers. The workers run at most a window of
// reports ahead of the oldest not yet handed over: what is held at once is that window of
// results, not the corpus's, and each and skip run while the workers go on. An error of the
// walk itself (a root that does not exist) is returned before anything is extracted; an entry
// the walk cannot look at (a folder without permission, a dangling symlink) goes to skip in
// walk order.
func (rs *RuleSet) ExtractAll(fsys fs.FS, roots []string, workers int, each func(*Result), skip func(path string, err error)) error {
	return rs.ExtractAllContext(context.Background(), fsys, roots, workers, each, skip)
}

// ExtractAllContext is ExtractAll that stops when ctx is done: no report is begun after that,
// none is handed over, and ctx's error is returned.
func (rs *RuleSet) ExtractAllContext(ctx context.Context, fsys fs.FS, roots []string, workers int, each func(*Result), skip func(path string, err error)) error {
	var files []string
	var bad []error // the walk's error of files[i], if any
	// The whole walk first: a report's sidecar is listed after it, and a report is read
	// knowing whether it has one.
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
	type outcome struct {
		i   int
		res *Result
		err error
	}
	window := 16 * workers
	tokens := make(chan struct{}, window) // one per report begun and not yet handed over
	next := make(chan int)
	done := make(chan outcome, window)
	go func() {
		defer close(next)
		for i := range files {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range min(workers, max(len(files), 1)) {
		wg.Go(func() {
			for i := range next {
				o := outcome{i: i, err: bad[i]}
				if o.err == nil && ctx.Err() == nil {
					o.res, o.err = rs.extractFile(fsys, files[i], sc)
				}
				done <- o
			}
		})
	}
	go func() { wg.Wait(); close(done) }()

	// Hand over in walk order: an outcome waits in pending until those before it are in.
	pending := map[int]outcome{}
	handed := 0
	for o := range done {
		pending[o.i] = o
		for o, ok := pending[handed]; ok && ctx.Err() == nil; o, ok = pending[handed] {
			delete(pending, handed)
			if o.err != nil {
				skip(files[o.i], o.err)
			} else {
				each(o.res)
			}
			handed++
			<-tokens
		}
	}
	return ctx.Err()
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
