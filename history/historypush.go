package history

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
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
// A batch the server refuses for good (ErrRejected, e.g. Prometheus's "duplicate sample for
// timestamp" when a later report revises a figure) is split until the refused samples are
// found; those are logged and not sent again until their value changes, and the rest of the
// batch is written. Any other failure leaves the unwritten samples pending: they are sent on
// the next update or after a backoff.
type Pusher struct {
	w       SampleWriter
	o       PushOptions
	logger  *slog.Logger
	written map[series.Key]uint64 // value bits of the samples written or given up

	samples     prometheus.Counter
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
		failures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "report_exporter_remote_write_failures_total",
			Help: "Number of pushes of the report history that left samples unwritten: refused by the server (given up) or failed (tried again).",
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
		for _, c := range []prometheus.Collector{p.samples, p.failures, p.lastSuccess} {
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
			p.logger.Error("remote write of the report history failed; trying again",
				p.withHint(err, "err", err, "retry_in", backoff)...)
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

// Push writes the samples that were not written before with the same value, in batches. It
// returns an error if a batch failed other than by a refusal; refused samples are logged,
// counted as a failure and not sent again while their value stays.
func (p *Pusher) Push(ctx context.Context, samples []series.Sample) error {
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
	// Forget what the store no longer holds (a report removed, other rules), so the set stays
	// the size of the history; should it come back, writing it again is harmless.
	for k := range p.written {
		if !current[k] {
			delete(p.written, k)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	slices.SortFunc(todo, series.CompareSamples)
	refused := 0
	for start := 0; start < len(todo); start += p.o.BatchSize {
		n, err := p.write(ctx, todo[start:min(start+p.o.BatchSize, len(todo))])
		refused += n
		if err != nil {
			if ctx.Err() == nil { // not a shutdown
				p.failures.Inc()
			}
			return err
		}
	}
	if refused > 0 {
		p.failures.Inc()
		p.logger.Warn("remote write: samples refused for good, not sent again until their value changes", "refused", refused)
	} else {
		p.lastSuccess.SetToCurrentTime()
	}
	p.logger.Info("remote write of the report history done", "samples", len(todo)-refused, "refused", refused)
	return nil
}

// write writes one batch and marks it written. A refused batch is halved until the refused
// samples are alone; write returns how many were refused, and the first error that was not a
// refusal.
func (p *Pusher) write(ctx context.Context, batch []series.Sample) (int, error) {
	err := p.w.Write(ctx, batch)
	switch {
	case err == nil:
		p.mark(batch)
		p.samples.Add(float64(len(batch)))
		return 0, nil
	case !errors.Is(err, ErrRejected):
		return 0, err
	case len(batch) == 1:
		s := &batch[0]
		p.logger.Warn("remote write refused a sample", p.withHint(err, "series", s.Name, "labels", fmt.Sprint(s.Labels),
			"time", s.Time.In(series.China).Format(time.RFC3339), "value", s.Value, "source", s.Source.File, "err", err)...)
		p.mark(batch)
		return 1, nil
	}
	half := len(batch) / 2
	n1, err := p.write(ctx, batch[:half])
	if err != nil {
		return n1, err
	}
	n2, err := p.write(ctx, batch[half:])
	return n1 + n2, err
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
