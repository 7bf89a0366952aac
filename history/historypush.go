package history

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/report-exporter/report_exporter/series"
)

// SampleWriter sends samples to a time series database; RemoteWriter is one.
type SampleWriter interface {
	Write(ctx context.Context, samples []series.Sample) error
}

// PushOptions configure a Pusher. The zero value is usable.
type PushOptions struct {
	// BatchSize is the number of samples per Write call; 0 means DefaultBatchSize. Give the
	// RemoteWriter the same, so that one call is one request and a refusal names its samples.
	BatchSize int
	// Logger logs the pushes and their failures; nil means none.
	Logger *slog.Logger
	// Hint, if set, explains an error in the log ("hint" key), e.g. what a refusal means.
	Hint func(error) string
	// Registerer registers the push metrics (report_exporter_remote_write_*); nil means none.
	Registerer prometheus.Registerer
	// MinBackoff and MaxBackoff bound the wait before a failed push is tried again, doubling
	// from one to the other; zero means 5s and 5m. A store update tries again at once.
	MinBackoff, MaxBackoff time.Duration
}

// Pusher keeps a time series database up to date with a store's merged history: it
// first writes every sample, then, after each store update, the samples that are new or whose
// value changed since the last successful write. It remembers what was written, by series,
// time and value, for its lifetime only: a restarted exporter writes the whole history again,
// which the receivers take as a no-op for unchanged values.
//
// A batch the server refuses (ErrRejected, e.g. Prometheus's "duplicate sample for timestamp"
// when a later report revises a figure, or a receiver misconfigured for a while) is split
// until the refused samples are found, within a bound of requests per push; the rest of the
// batch is written, the refusal is logged in one line with its counts, and the refused
// samples stay pending. Pending samples, refused or failed, are sent again on the next update
// or after a backoff, so nothing is given up while the exporter runs.
type Pusher struct {
	w       SampleWriter
	o       PushOptions
	logger  *slog.Logger
	written map[series.Key]uint64 // value bits of the samples the server accepted

	samples     prometheus.Counter
	refused     prometheus.Counter
	failures    prometheus.Counter
	lastSuccess prometheus.Gauge
}

// NewPusher returns a pusher writing through w. It registers its metrics with
// o.Registerer.
func NewPusher(w SampleWriter, o PushOptions) (*Pusher, error) {
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 5 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Minute
	}
	o.MaxBackoff = max(o.MaxBackoff, o.MinBackoff)
	p := &Pusher{
		w:       w,
		o:       o,
		logger:  o.Logger,
		written: map[series.Key]uint64{},
		samples: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "report_exporter_remote_write_samples_total",
			Help: "Number of report samples the remote write server accepted.",
		}),
		refused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "report_exporter_remote_write_refused_samples_total",
			Help: "Number of report samples the remote write server refused (HTTP 4xx); they are sent again on the next push.",
		}),
		failures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "report_exporter_remote_write_failures_total",
			Help: "Number of pushes of the report history that left samples unwritten, refused by the server or failed; both are tried again.",
		}),
		lastSuccess: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "report_exporter_remote_write_last_success_timestamp_seconds",
			Help: "Time of the last push of the report history that wrote every new or changed sample, as Unix seconds.",
		}),
	}
	if p.logger == nil {
		p.logger = slog.New(slog.DiscardHandler)
	}
	if o.Registerer != nil {
		for _, c := range []prometheus.Collector{p.samples, p.refused, p.failures, p.lastSuccess} {
			if err := o.Registerer.Register(c); err != nil {
				return nil, fmt.Errorf("register remote write metrics: %w", err)
			}
		}
	}
	return p, nil
}

// Run pushes the samples history returns at once and after every value on updates, until ctx is done. A
// push that failed is tried again after a backoff, or sooner on an update.
func (p *Pusher) Run(ctx context.Context, history func() []series.Sample, updates <-chan struct{}) {
	backoff := p.o.MinBackoff
	var retry <-chan time.Time
	for {
		samples := history()
		if err := p.Push(ctx, samples); err != nil {
			if ctx.Err() != nil {
				return
			}
			p.logFailure(err, backoff)
			t := time.NewTimer(backoff)
			retry = t.C
			backoff = min(2*backoff, p.o.MaxBackoff)
		} else {
			retry, backoff = nil, p.o.MinBackoff
		}
		select {
		case <-ctx.Done():
			return
		case <-updates:
		case <-retry:
		}
	}
}

// logFailure logs a push that failed, in one line whatever the number of samples.
func (p *Pusher) logFailure(err error, backoff time.Duration) {
	var r *RefusedError
	if errors.As(err, &r) {
		p.logger.Warn("remote write: the server refused samples; sending them again later",
			p.withHint(err, "refused", r.Refused, "written", r.Written, "requests", r.Requests,
				"first_series", r.First.Name, "first_labels", fmt.Sprint(r.First.Labels),
				"first_time", r.First.Time.In(series.China).Format(time.RFC3339), "first_source", r.First.Source.File,
				"err", r.Err, "retry_in", backoff)...)
		return
	}
	p.logger.Error("remote write of the report history failed; trying again",
		p.withHint(err, "err", err, "retry_in", backoff)...)
}

// RefusedError is a push that left samples the server refused for good (ErrRejected): the
// rest of the push was written, the refused samples are sent again on the next push.
type RefusedError struct {
	Refused, Written int           // samples refused, samples written by the push
	Requests         int           // requests the push sent
	First            series.Sample // the first sample refused
	Err              error         // the last refusal, wrapping ErrRejected
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("%d samples refused (first %s %v at %s): %v", e.Refused, e.First.Name, e.First.Labels,
		e.First.Time.In(series.China).Format(time.DateOnly), e.Err)
}

func (e *RefusedError) Unwrap() error { return e.Err }

// Push writes the samples that were not written before with the same value, in batches. It
// returns an error if a batch failed other than by a refusal, and a *RefusedError if the
// server refused some samples for good: those are not marked written, so the next push (on
// an update or after the backoff of Run) sends them again, and a receiver that was fixed
// meanwhile gets them.
func (p *Pusher) Push(ctx context.Context, samples []series.Sample) error {
	todo := p.pending(samples)
	if len(todo) == 0 {
		return nil
	}
	slices.SortFunc(todo, series.CompareSamples)
	// A refused batch is split to find its refused samples: about 2·log2(batch) requests per
	// refused sample. A receiver that refuses everything would cost two requests per sample,
	// so the splits of one push are bounded, and what is left unsplit counts as refused.
	r := &refusals{splits: 8 * bits.Len(uint(p.o.BatchSize))}
	for start := 0; start < len(todo); start += p.o.BatchSize {
		if err := p.write(ctx, todo[start:min(start+p.o.BatchSize, len(todo))], r); err != nil {
			if ctx.Err() == nil { // not a shutdown
				p.failures.Inc()
			}
			return err
		}
	}
	written := len(todo) - r.refused
	if r.refused > 0 {
		p.failures.Inc()
		p.refused.Add(float64(r.refused))
		return &RefusedError{Refused: r.refused, Written: written, Requests: r.requests, First: r.first, Err: r.err}
	}
	p.lastSuccess.SetToCurrentTime()
	p.logger.Info("remote write of the report history done", "samples", written, "requests", r.requests)
	return nil
}

// pending returns the samples not written before with the same value, and forgets what the
// store no longer holds (a report removed, other rules), so the set stays the size of the
// history; should it come back, writing it again is harmless.
func (p *Pusher) pending(samples []series.Sample) []series.Sample {
	var todo []series.Sample
	current := make(map[series.Key]bool, len(samples))
	for i := range samples {
		s := &samples[i]
		k := s.Key()
		current[k] = true
		if bits, ok := p.written[k]; !ok || bits != math.Float64bits(s.Value) {
			todo = append(todo, *s)
		}
	}
	for k := range p.written {
		if !current[k] {
			delete(p.written, k)
		}
	}
	return todo
}

// refusals is what the batches of one push met of refusals.
type refusals struct {
	splits   int // splits left to this push
	requests int
	refused  int
	first    series.Sample // the first sample refused
	err      error         // the last refusal
}

// write writes one batch and marks what was accepted written. A refused batch is halved until
// the refused samples are alone, or the push has no splits left; what is refused is counted in
// r. write returns the first error that was not a refusal.
func (p *Pusher) write(ctx context.Context, batch []series.Sample, r *refusals) error {
	r.requests++
	err := p.w.Write(ctx, batch)
	switch {
	case err == nil:
		p.mark(batch)
		p.samples.Add(float64(len(batch)))
		return nil
	case !errors.Is(err, ErrRejected):
		return err
	case len(batch) == 1 || r.splits <= 0:
		if r.refused == 0 {
			r.first = batch[0]
		}
		r.refused += len(batch)
		r.err = err
		return nil
	}
	r.splits--
	half := len(batch) / 2
	if err := p.write(ctx, batch[:half], r); err != nil {
		return err
	}
	return p.write(ctx, batch[half:], r)
}

func (p *Pusher) mark(batch []series.Sample) {
	for i := range batch {
		p.written[batch[i].Key()] = math.Float64bits(batch[i].Value)
	}
}

// withHint appends the hint of err, if any, to the log arguments args.
func (p *Pusher) withHint(err error, args ...any) []any {
	if p.o.Hint != nil {
		if h := p.o.Hint(err); h != "" {
			args = append(args, "hint", h)
		}
	}
	return args
}
