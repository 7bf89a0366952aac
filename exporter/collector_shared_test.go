package exporter

import (
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/report-exporter/report_exporter/store"
)

// gatherings is a live registry whose only metric, test_gathering, numbers its gatherings;
// the first one waits until release is closed.
type gatherings struct {
	calls   atomic.Int32
	entered chan struct{}
	release chan struct{}
}

func (g *gatherings) Gather() ([]*dto.MetricFamily, error) {
	n := g.calls.Add(1)
	if n == 1 {
		close(g.entered)
		<-g.release
	}
	reg := prometheus.NewRegistry()
	gauge := prometheus.NewGauge(prometheus.GaugeOpts{Name: "test_gathering", Help: "Number of the gathering."})
	gauge.Set(float64(n))
	reg.MustRegister(gauge)
	return reg.Gather()
}

// TestHandlerSharesGathering: scrapes that come while the live metrics are gathered wait for
// that gathering and share the next one, which began after they came: 51 scrapes, two
// gatherings, every answer whole.
func TestHandlerSharesGathering(t *testing.T) {
	v := testView(t)
	c := NewCollector(func() *store.View { return v })
	live := &gatherings{entered: make(chan struct{}), release: make(chan struct{})}
	h, group := c.handler(live, nil)

	scrape := func(ae string) (int, string) {
		resp, body := get(t, h, ae)
		return resp.StatusCode, string(body)
	}
	type answer struct {
		code int
		body string
	}
	first := make(chan answer, 1)
	go func() {
		code, body := scrape("")
		first <- answer{code, body}
	}()
	<-live.entered

	const waiters = 50
	answers := make(chan answer, waiters)
	var wg sync.WaitGroup
	for i := range waiters {
		wg.Go(func() {
			code, body := scrape([]string{"", "gzip"}[i%2])
			answers <- answer{code, body}
		})
	}
	for { // until every scrape waits for the next gathering
		group.mu.Lock()
		n := group.waiting
		group.mu.Unlock()
		if n == waiters {
			break
		}
		runtime.Gosched()
	}
	close(live.release)
	wg.Wait()
	close(answers)

	if a := <-first; a.code != http.StatusOK || !strings.Contains(a.body, "\ntest_gathering 1\n") {
		t.Errorf("first scrape: %d, want 200 with gathering 1:\n%s", a.code, a.body)
	}
	for a := range answers {
		if a.code != http.StatusOK || !strings.Contains(a.body, "\ntest_gathering 2\n") {
			t.Errorf("waiting scrape: %d, want 200 with gathering 2, the one begun after it came:\n%s", a.code, a.body)
		}
		if !strings.Contains(a.body, "# TYPE "+reportMetrics[0]+" gauge\n") {
			t.Errorf("waiting scrape lacks the report series:\n%s", a.body)
		}
	}
	if n := live.calls.Load(); n != 2 {
		t.Errorf("%d gatherings for %d scrapes, want 2", n, waiters+1)
	}
	if code, body := scrape(""); code != http.StatusOK || !strings.Contains(body, "\ntest_gathering 3\n") {
		t.Errorf("a scrape after: %d, want 200 with a gathering of its own:\n%s", code, body)
	}
}
