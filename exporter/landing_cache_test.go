package exporter

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/report-exporter/report_exporter/store"
)

// TestLandingPageRenderedOncePerView: many requests on one view cost one rendering, whether
// they come one after the other or at once; a new view renders again.
func TestLandingPageRenderedOncePerView(t *testing.T) {
	v := landingView(t)
	var mu sync.Mutex
	current := v
	h := NewLandingPage(LandingConfig{Name: "Report Exporter"}, func() *store.View {
		mu.Lock()
		defer mu.Unlock()
		return current
	})
	get := func() string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		body, _ := io.ReadAll(rec.Result().Body)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
		}
		return string(body)
	}
	first := get()
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if got := get(); got != first {
				t.Error("the same view gave another page")
			}
		})
	}
	wg.Wait()
	lp := h.(*landingPage)
	if lp.renders != 1 {
		t.Errorf("%d renderings for 21 requests on one view, want 1", lp.renders)
	}
	mu.Lock()
	next := *v
	next.Failures = nil
	current = &next
	mu.Unlock()
	if get() == first {
		t.Error("a new view served the old page")
	}
	if lp.renders != 2 {
		t.Errorf("%d renderings after a new view, want 2", lp.renders)
	}
}
