package history

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	tu "github.com/report-exporter/report_exporter/internal/testutil"
	"github.com/report-exporter/report_exporter/series"
)

// fakeWriter records the samples of every Write call. A batch holding a value in refuse is
// refused for good, as Prometheus refuses a request with one duplicate; while down is set every
// call fails and can be retried.
type fakeWriter struct {
	mu     sync.Mutex
	calls  []string // "name=value ..." per call
	refuse map[float64]bool
	down   bool
	wrote  chan struct{}
}

func (w *fakeWriter) Write(_ context.Context, samples []series.Sample) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var parts []string
	for _, s := range samples {
		parts = append(parts, fmt.Sprintf("%s=%g", s.Labels.Period, s.Value))
	}
	w.calls = append(w.calls, strings.Join(parts, " "))
	if w.wrote != nil {
		select {
		case w.wrote <- struct{}{}:
		default:
		}
	}
	if w.down {
		return errors.New("connection refused")
	}
	for _, s := range samples {
		if w.refuse[s.Value] {
			return fmt.Errorf("remote write: %w: server returned HTTP status 400 Bad Request: duplicate sample for timestamp", ErrRejected)
		}
	}
	return nil
}

func (w *fakeWriter) takeCalls() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.calls
	w.calls = nil
	return c
}

// hist returns one sample per value, of one series, at consecutive periods 1-1, 1-2, ...
func hist(values ...float64) []series.Sample {
	var out []series.Sample
	for i, v := range values {
		out = append(out, tu.Sample("econ_gdp_growth_ratio", "罗湖区", series.KindActual, fmt.Sprintf("1-%d", i+1), "", v,
			fmt.Sprintf("2022-%02d-01", i+1)))
	}
	return out
}

func TestPusher(t *testing.T) {
	w := &fakeWriter{refuse: map[float64]bool{}}
	reg := prometheus.NewRegistry()
	p, err := NewPusher(w, PushOptions{BatchSize: 4, Registerer: reg, Hint: func(error) string { return "h" }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	metrics := func(samples, failures int) {
		t.Helper()
		want := fmt.Sprintf(`# HELP report_exporter_remote_write_failures_total Number of pushes of the report history that left samples unwritten, refused by the server or failed; both are tried again.
# TYPE report_exporter_remote_write_failures_total counter
report_exporter_remote_write_failures_total %d
# HELP report_exporter_remote_write_samples_total Number of report samples the remote write server accepted.
# TYPE report_exporter_remote_write_samples_total counter
report_exporter_remote_write_samples_total %d
`, failures, samples)
		if err := testutil.GatherAndCompare(reg, strings.NewReader(want),
			"report_exporter_remote_write_samples_total", "report_exporter_remote_write_failures_total"); err != nil {
			t.Error(err)
		}
	}
	step := func(what string, samples []series.Sample, wantErr bool, want ...string) {
		t.Helper()
		err := p.Push(ctx, samples)
		if (err != nil) != wantErr {
			t.Errorf("%s: Push error %v, want error %v", what, err, wantErr)
		}
		if got := w.takeCalls(); !slices.Equal(got, want) {
			t.Errorf("%s: writes\n  %q\nwant\n  %q", what, got, want)
		}
	}

	// Start-up: everything, in batches.
	step("start-up", hist(1, 2, 3, 4, 5), false, "1-1=1 1-2=2 1-3=3 1-4=4", "1-5=5")
	metrics(5, 0)
	if v := testutil.ToFloat64(p.lastSuccess); v < float64(time.Now().Add(-time.Minute).Unix()) {
		t.Errorf("last success timestamp %g, want now", v)
	}
	// Nothing new: nothing sent.
	step("no change", hist(1, 2, 3, 4, 5), false)
	// A new figure and a revised one: only those.
	step("new and revised", hist(1, 2, 30, 4, 5, 6), false, "1-3=30 1-6=6")
	metrics(7, 0)

	// The server is down: the push fails, and the next one sends the same again.
	w.down = true
	step("server down", hist(1, 2, 30, 4, 5, 6, 7), true, "1-7=7")
	metrics(7, 1)
	w.down = false
	step("server back", hist(1, 2, 30, 4, 5, 6, 7), false, "1-7=7")
	metrics(8, 1)

	// A refused sample: its batch is split until it is alone, the others are written, and it
	// stays pending: the next push sends it again, and once the server takes it, it is written.
	w.refuse[-2] = true
	step("refused", hist(10, -2, 30, 40, 5, 6, 7), true,
		"1-1=10 1-2=-2 1-4=40", "1-1=10", "1-2=-2 1-4=40", "1-2=-2", "1-4=40")
	metrics(10, 2)
	step("refused, same again", hist(10, -2, 30, 40, 5, 6, 7), true, "1-2=-2")
	metrics(10, 3)
	w.refuse[-2] = false
	step("refused, server fixed", hist(10, -2, 30, 40, 5, 6, 7), false, "1-2=-2")
	metrics(11, 3)
	// Its value changes again: written.
	step("revised", hist(10, 20, 30, 40, 5, 6, 7), false, "1-2=20")
	metrics(12, 3)
}

// refusingWriter refuses every request while refusing is set, as a receiver that answers 400 to
// everything, and counts the requests and the samples accepted.
type refusingWriter struct {
	refusing          bool
	requests, written int
}

func (w *refusingWriter) Write(_ context.Context, samples []series.Sample) error {
	w.requests++
	if w.refusing {
		return fmt.Errorf("remote write: %w: server returned HTTP status 400 Bad Request: out of bounds", ErrRejected)
	}
	w.written += len(samples)
	return nil
}

// TestPusherRefusingReceiver: against a receiver that refuses every sample the requests stay
// bounded (not 2N-1 for N samples), one line is logged per push, every sample is counted as
// refused, and once the receiver is fixed the next push writes them all.
func TestPusherRefusingReceiver(t *testing.T) {
	const n, batch = 12043, 5000
	var samples []series.Sample
	for i := range n {
		day := time.Date(2000, 1, 1, 0, 0, 0, 0, series.China).AddDate(0, 0, i)
		samples = append(samples, tu.Sample("econ_gdp_yuan", "罗湖区", series.KindActual, "1-12", "", float64(i), day.Format(time.DateOnly)))
	}
	w := &refusingWriter{refusing: true}
	reg := prometheus.NewRegistry()
	var logged strings.Builder
	logger := slog.New(slog.NewTextHandler(&logged, nil))
	p, err := NewPusher(w, PushOptions{BatchSize: batch, Registerer: reg, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	err = p.Push(context.Background(), samples)
	var refused *RefusedError
	if !errors.As(err, &refused) || refused.Refused != n || !errors.Is(err, ErrRejected) {
		t.Fatalf("Push against a refusing receiver: %v, want a RefusedError of %d samples", err, n)
	}
	t.Logf("%d samples refused: %d requests (2N-1 = %d)", n, w.requests, 2*n-1)
	if limit := n/batch + 1 + 2*8*bits.Len(batch); w.requests > limit {
		t.Errorf("%d requests for %d refused samples, want at most %d", w.requests, n, limit)
	}
	p.logFailure(err, time.Second)
	if lines := strings.Count(logged.String(), "\n"); lines != 1 {
		t.Errorf("%d log lines for one refused push, want 1:\n%s", lines, logged.String())
	}
	if v := testutil.ToFloat64(p.refused); v != n {
		t.Errorf("refused samples counter %g, want %d", v, n)
	}
	w.refusing, w.requests = false, 0
	if err := p.Push(context.Background(), samples); err != nil {
		t.Fatalf("Push once the receiver is fixed: %v", err)
	}
	if w.written != n || w.requests != (n+batch-1)/batch {
		t.Errorf("receiver fixed: %d samples written in %d requests, want %d in %d", w.written, w.requests, n, (n+batch-1)/batch)
	}
}

// TestPusherRun follows a source of history: all of it on start, then what changed on
// each update; a failed push is retried after the backoff.
func TestPusherRun(t *testing.T) {
	var mu sync.Mutex
	current := hist(1)
	source := func() []series.Sample {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(current)
	}
	updates := make(chan struct{}, 1)
	w := &fakeWriter{down: true, wrote: make(chan struct{}, 1)}
	p, err := NewPusher(w, PushOptions{MinBackoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Run(ctx, source, updates)
	}()
	defer func() {
		cancel()
		<-done
	}()
	wait := func(what, want string) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case <-w.wrote:
				w.mu.Lock()
				last := w.calls[len(w.calls)-1]
				down := w.down
				w.mu.Unlock()
				if last == want && !down {
					return
				}
			case <-deadline:
				t.Fatalf("%s: no write of %q within 10s; writes %q", what, want, w.takeCalls())
			}
		}
	}
	// The server is down at start: the history goes once it is back.
	<-w.wrote
	w.mu.Lock()
	w.down = false
	w.mu.Unlock()
	wait("start-up after a failure", "1-1=1")

	// An update: the changed figure only.
	mu.Lock()
	current = hist(1, 2)
	mu.Unlock()
	updates <- struct{}{}
	wait("update", "1-2=2")
}
