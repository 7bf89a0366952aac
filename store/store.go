package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/series"
)

// View is what the store serves at one moment: the rules, every document's result, the
// documents that failed, and their samples merged. A View is never changed once published, so
// a scrape reads one consistent state however long it takes.
type View struct {
	// Rules are the rules the documents were extracted with.
	Rules *extract.RuleSet
	// Documents are the results of the documents extracted, by file name.
	Documents []*extract.Result
	// Failures are the documents that could not be read or extracted, by file name. They give
	// no samples, except a report whose sidecar went bad: its last good result stays in
	// Documents.
	Failures []Failure
	// Samples are the samples of all documents merged (see Merge).
	Samples []series.Sample
	// Latest holds the latest sample of each series of Samples, in the same order.
	Latest []series.Sample
	// Conflicts are the observations that documents gave different values for.
	Conflicts []Conflict
	// Reload is the outcome of the last rules load.
	Reload ReloadStatus
}

// Failure is a document that could not be read or extracted.
type Failure struct {
	File string // the report, as walked
	Err  error  // why it gave no samples
}

// ReloadStatus tells how the last rules load went. Start-up counts as a load.
type ReloadStatus struct {
	// Successful is false when the last load failed; the rules of LastSuccess still serve.
	Successful bool
	// LastSuccess is when rules were last loaded successfully.
	LastSuccess time.Time
	// Err is the error of the last load, nil if it succeeded.
	Err error
}

// NewView merges the results of documents into the state served: documents and failures by
// file name, every observation once, the latest of each series.
func NewView(rs *extract.RuleSet, results []*extract.Result, failures []Failure, reload ReloadStatus) *View {
	results = slices.Clone(results)
	slices.SortFunc(results, func(a, b *extract.Result) int { return cmp.Compare(a.File, b.File) })
	failures = slices.Clone(failures)
	slices.SortFunc(failures, func(a, b Failure) int { return cmp.Compare(a.File, b.File) })
	samples, conflicts := Merge(results)
	return &View{
		Rules:     rs,
		Documents: results,
		Failures:  failures,
		Samples:   samples,
		Latest:    latest(samples),
		Conflicts: conflicts,
		Reload:    reload,
	}
}

// latest keeps the last sample of each series of samples sorted by SortSamples.
func latest(samples []series.Sample) []series.Sample {
	var out []series.Sample
	for i, s := range samples {
		if i+1 < len(samples) && samples[i+1].Name == s.Name && samples[i+1].Labels == s.Labels {
			continue
		}
		out = append(out, s)
	}
	return out
}

// Store keeps the result of every report under a set of roots and serves them merged as a View.
// Scan brings it up to date with the files, Reload re-extracts everything with new rules. Start-up
// and Reload extract on GOMAXPROCS goroutines, Scan (a few changed files) one at a time; each
// publishes a new View by swapping one pointer, so readers never wait for an extraction.
type Store struct {
	fsys   fs.FS
	roots  []string
	logger *slog.Logger

	// extract is RuleSet.ExtractFile; tests replace it.
	extract func(rs *extract.RuleSet, fsys fs.FS, path string) (*extract.Result, error)
	// workers is how many goroutines extract at start-up and reload; 0 means GOMAXPROCS.
	workers int

	mu        sync.Mutex // serializes Scan and Reload; guards the fields below
	rs        *extract.RuleSet
	docs      map[string]*docState
	reload    ReloadStatus
	conflicts map[string]bool // conflicts logged already
	updates   []chan struct{} // see Updates

	view atomic.Pointer[View]
}

// docState is what the store knows of one report file.
type docState struct {
	// seen is the file's stamp when last extracted (or when extraction failed).
	seen stamp
	// pending is the stamp of a change seen on the last look and not extracted yet: a file is
	// extracted once it looks the same twice, so a file being written is not read half-way.
	pending *stamp
	result  *extract.Result
	err     error
}

// stamp is how a report and its sidecar looked: a change of either means re-extraction.
type stamp struct {
	size, sideSize   int64
	mtime, sideMtime time.Time
	side             bool
}

// sameReport tells whether the report looks the same in both stamps, whatever its sidecar.
func (a stamp) sameReport(b stamp) bool { return a.size == b.size && a.mtime.Equal(b.mtime) }

func (a stamp) equal(b stamp) bool {
	return a.size == b.size && a.mtime.Equal(b.mtime) &&
		a.side == b.side && a.sideSize == b.sideSize && a.sideMtime.Equal(b.sideMtime)
}

// NewStore extracts every report under roots in fsys with rs and returns the store serving
// them. A report that fails is kept as a failure; an error of the walk itself (a root that
// does not exist) is returned.
func NewStore(rs *extract.RuleSet, fsys fs.FS, roots []string, logger *slog.Logger) (*Store, error) {
	return NewStoreContext(context.Background(), rs, fsys, roots, logger)
}

// NewStoreContext is NewStore that gives up when ctx is done: no report is begun after that,
// and ctx's error is returned.
func NewStoreContext(ctx context.Context, rs *extract.RuleSet, fsys fs.FS, roots []string, logger *slog.Logger) (*Store, error) {
	s := newStore(rs, fsys, roots, logger)
	if err := s.loadAll(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// New returns a store of the reports under roots in fsys, to be extracted with rs, that has
// read nothing yet: View returns nil until Load succeeds. A server can so answer (not ready)
// while a large folder is read.
func New(rs *extract.RuleSet, fsys fs.FS, roots []string, logger *slog.Logger) *Store {
	return newStore(rs, fsys, roots, logger)
}

// Load extracts every report under the store's roots, as NewStoreContext does, and publishes
// the first view. A report that fails is kept as a failure; an error of the walk itself (a
// root that does not exist) is returned, and so is ctx's error once ctx is done: no report is
// begun after that. Either way nothing is published.
func (s *Store) Load(ctx context.Context) error {
	return s.loadAll(ctx)
}

// loadAll extracts every report with the store's rules and publishes the view.
func (s *Store) loadAll(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	docs, err := s.extractAll(ctx, s.rs)
	if err != nil {
		return err
	}
	s.docs = docs
	s.publish()
	return nil
}

func newStore(rs *extract.RuleSet, fsys fs.FS, roots []string, logger *slog.Logger) *Store {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Store{
		fsys:    fsys,
		roots:   slices.Clone(roots),
		logger:  logger,
		extract: (*extract.RuleSet).ExtractFile,
		rs:      rs,
		docs:    map[string]*docState{},
		reload:  ReloadStatus{Successful: true, LastSuccess: time.Now()},
	}
}

// extractAll extracts every report from scratch with rs, without waiting for files to settle,
// on s.workers goroutines (see extract.ForEach). Once ctx is done no report is begun, and
// ctx's error is returned. The caller holds s.mu.
func (s *Store) extractAll(ctx context.Context, rs *extract.RuleSet) (map[string]*docState, error) {
	var files []string
	var stamps []stamp
	var bad []error // why files[i] cannot be read, found by the walk or the stat
	err := extract.WalkReports(s.fsys, s.roots, func(p string, err error) error {
		var st stamp
		if err == nil {
			st, err = s.stat(p)
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed since listed
			}
		}
		files = append(files, p)
		stamps = append(stamps, st)
		bad = append(bad, err)
		return nil
	})
	if err != nil {
		return nil, err
	}
	states := make([]docState, len(files))
	extract.ForEach(len(files), s.workers, func(i int) {
		if ctx.Err() != nil {
			return
		}
		if bad[i] != nil {
			s.failEntry(files[i], &states[i], bad[i])
			return
		}
		s.extractDoc(rs, files[i], &states[i], stamps[i])
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	docs := make(map[string]*docState, len(files))
	for i, p := range files {
		if states[i].result != nil || states[i].err != nil {
			docs[p] = &states[i]
		}
	}
	return docs, nil
}

// failEntry records in d that the walk could not look at the entry p, and tells whether that
// changes what is served. It logs the error when it is new.
func (s *Store) failEntry(p string, d *docState, err error) bool {
	d.pending, d.seen = nil, stamp{}
	if d.err != nil && d.result == nil && d.err.Error() == err.Error() {
		return false
	}
	s.logger.Warn("read reports: entry skipped", "path", p, "err", err)
	d.result, d.err = nil, err
	return true
}

// View returns the state currently served: nil for a store of New that has not loaded yet.
func (s *Store) View() *View { return s.view.Load() }

// Updates returns a channel that receives a value each time the store publishes a new view: a
// report added, changed or removed, a reload (failed or not). Values coalesce: a receiver busy
// during several updates gets one value, and reads View afresh. The channel is never closed.
func (s *Store) Updates() <-chan struct{} {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates = append(s.updates, ch)
	return ch
}

// Reload loads new rules through load and, if that succeeds, re-extracts every report with them
// and serves the result. If load fails, the rules and documents in use keep serving, the view's
// ReloadStatus records the failure, and its error is returned.
func (s *Store) Reload(load func() (*extract.RuleSet, error)) error {
	return s.ReloadContext(context.Background(), load)
}

// ReloadContext is Reload that gives up when ctx is done: the rules and documents in use keep
// serving, nothing is published, and ctx's error is returned.
func (s *Store) ReloadContext(ctx context.Context, load func() (*extract.RuleSet, error)) error {
	rs, err := load()
	if err == nil && rs == nil {
		err = errors.New("no rules")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		var docs map[string]*docState
		docs, err = s.extractAll(ctx, rs)
		switch {
		case ctx.Err() != nil: // shutting down: no outcome to record
			return fmt.Errorf("re-extract reports: %w", ctx.Err())
		case err != nil:
			// A root vanished: keep the old rules with the old documents.
			err = fmt.Errorf("re-extract reports: %w", err)
		default:
			s.rs, s.docs = rs, docs
		}
	}
	if err != nil {
		s.reload.Successful, s.reload.Err = false, err
	} else {
		s.reload = ReloadStatus{Successful: true, LastSuccess: time.Now()}
	}
	s.publish()
	return err
}

// Scan looks at the files under the roots once and extracts what was added or changed and has
// settled: a changed file is extracted when it looks the same on two scans in a row, or when
// it was last modified at least settle before now. Removed files are dropped. A file that
// failed is tried again once it changes (or on Reload). An entry that cannot be looked at (a
// folder without permission, a dangling symlink) is a failure of its own, and the reports
// known under it are kept. If anything changed, a new view is published.
func (s *Store) Scan(now time.Time, settle time.Duration) {
	s.scan(context.Background(), now, settle)
}

// scan is Scan that stops when ctx is done, publishing what it extracted so far.
func (s *Store) scan(ctx context.Context, now time.Time, settle time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	changed := false
	seen := map[string]bool{}
	complete := true
	for _, root := range s.roots {
		err := extract.WalkReports(s.fsys, []string{root}, func(p string, err error) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if s.scanEntry(now, settle, p, err, seen) {
				changed = true
			}
			return nil
		})
		if err != nil {
			if ctx.Err() != nil {
				complete = false
				break
			}
			if errors.Is(err, fs.ErrNotExist) {
				s.logger.Debug("watched path missing", "path", root)
				continue
			}
			// The root could not be looked at: keep what is known rather than drop it.
			s.logger.Warn("scan reports", "path", root, "err", err)
			complete = false
		}
	}
	if complete && s.dropUnseen(seen) {
		changed = true
	}
	if changed {
		s.publish()
	}
}

// scanEntry brings the document at p up to date, as Scan does, and marks it in seen; err is
// the walk's error for the entry. It tells whether what is served changed.
func (s *Store) scanEntry(now time.Time, settle time.Duration, p string, err error, seen map[string]bool) bool {
	d, ok := s.docs[p]
	if !ok {
		d = &docState{}
	}
	if err != nil {
		seen[p] = true
		s.docs[p] = d
		// Keep the reports known under a folder that cannot be listed now.
		for q := range s.docs {
			if strings.HasPrefix(q, p+"/") {
				seen[q] = true
			}
		}
		return s.failEntry(p, d, err)
	}
	st, err := s.stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false // removed during the walk
	}
	seen[p] = true
	s.docs[p] = d
	switch {
	case err != nil:
		return s.failEntry(p, d, err)
	case ok && d.pending == nil && st.equal(d.seen):
		return false // unchanged, whether it was read or failed
	case d.pending != nil && st.equal(*d.pending):
		// looked the same twice: settled
	case !now.IsZero() && now.Sub(st.mtime) >= settle && (!st.side || now.Sub(st.sideMtime) >= settle):
		// untouched for a while: settled
	default:
		d.pending = &st
		s.logger.Debug("report changing; waiting for it to settle", "file", p)
		return false
	}
	return s.extractDoc(s.rs, p, d, st)
}

// dropUnseen forgets the documents not in seen and tells whether one of them was served.
func (s *Store) dropUnseen(seen map[string]bool) bool {
	changed := false
	for p, d := range s.docs {
		if !seen[p] {
			delete(s.docs, p)
			if d.result != nil || d.err != nil {
				s.logger.Info("report removed", "file", p)
				changed = true
			}
		}
	}
	return changed
}

// extractDoc extracts the report at p with rs into d and tells whether the served state changed. It
// stats the file again after reading: a file that changed meanwhile is left pending.
func (s *Store) extractDoc(rs *extract.RuleSet, p string, d *docState, before stamp) bool {
	r, err := s.extract(rs, s.fsys, p)
	after, serr := s.stat(p)
	if errors.Is(serr, fs.ErrNotExist) {
		// Removed while read: gone, not failed.
		served := d.result != nil || d.err != nil
		d.pending, d.result, d.err = nil, nil, nil
		return served
	}
	if serr == nil && !after.equal(before) {
		d.pending = &after
		s.logger.Debug("report changed while read; waiting for it to settle", "file", p)
		return false
	}
	d.pending = nil
	onlySidecar := d.result != nil && before.sameReport(d.seen)
	d.seen = before
	if err == nil && r == nil {
		err = errors.New("extraction gave no result")
	}
	if err != nil {
		changed := d.err == nil || d.err.Error() != err.Error()
		if onlySidecar {
			// The report is as it was and its sidecar went wrong: keep the figures read last
			// with the good sidecar, and report the error beside them.
			if changed {
				s.logger.Warn("extract report; its last good state keeps serving", "file", p, "err", err)
			}
			d.err = err
			return changed
		}
		changed = changed || d.result != nil
		if changed {
			s.logger.Warn("extract report", "file", p, "err", err)
		}
		d.result, d.err = nil, err
		return changed
	}
	if d.err != nil {
		s.logger.Info("report extracted after failure", "file", p)
	}
	d.result, d.err = r, nil
	s.logger.Debug("report extracted", "file", p, "samples", len(r.Samples), "unmatched", len(r.Unmatched))
	return true
}

// stat returns how the report at p and its sidecar look now.
func (s *Store) stat(p string) (stamp, error) {
	fi, err := fs.Stat(s.fsys, p)
	if err != nil {
		return stamp{}, err
	}
	st := stamp{size: fi.Size(), mtime: fi.ModTime()}
	if si, err := fs.Stat(s.fsys, p+extract.SidecarSuffix); err == nil {
		st.side, st.sideSize, st.sideMtime = true, si.Size(), si.ModTime()
	}
	return st, nil
}

// publish builds the view of the current documents and swaps it in. Conflicts not seen before
// are logged. The caller holds s.mu.
func (s *Store) publish() {
	var results []*extract.Result
	var failures []Failure
	for _, p := range slices.Sorted(maps.Keys(s.docs)) {
		d := s.docs[p]
		// Both when a bad sidecar left the last good result serving.
		if d.err != nil {
			failures = append(failures, Failure{File: p, Err: d.err})
		}
		if d.result != nil {
			results = append(results, d.result)
		}
	}
	v := NewView(s.rs, results, failures, s.reload)
	logged := map[string]bool{}
	for _, c := range v.Conflicts {
		msg := c.String()
		if !s.conflicts[msg] {
			s.logger.Warn("conflicting values", "conflict", msg)
		}
		logged[msg] = true
	}
	s.conflicts = logged
	s.view.Store(v)
	for _, ch := range s.updates {
		select {
		case ch <- struct{}{}:
		default: // a value is pending already
		}
	}
}
