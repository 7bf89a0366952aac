package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// TestReloadCoalesced: callers that come while a reload runs share one reload that starts
// after it, and get its result.
func TestReloadCoalesced(t *testing.T) {
	var calls atomic.Int32
	started := make(chan struct{}, 2)
	release := make(chan struct{})
	c := coalesce(func() error {
		n := calls.Add(1)
		started <- struct{}{}
		<-release
		return fmt.Errorf("reload %d", n)
	})
	first := make(chan error, 1)
	go func() { first <- c.Do() }()
	<-started // the first reload runs

	const waiters = 19
	errs := make(chan error, waiters)
	for range waiters {
		go func() { errs <- c.Do() }()
	}
	for { // until every caller waits for the next reload
		c.mu.Lock()
		n := c.waiting
		c.mu.Unlock()
		if n == waiters {
			break
		}
		runtime.Gosched()
	}
	close(release)
	if err := <-first; err == nil || err.Error() != "reload 1" {
		t.Errorf("first caller: %v, want reload 1", err)
	}
	for range waiters {
		if err := <-errs; err == nil || err.Error() != "reload 2" {
			t.Errorf("waiting caller: %v, want the result of reload 2", err)
		}
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d reloads for %d callers, want 2", n, waiters+1)
	}
}

// TestReloadRefusesCrossOrigin: what a page of another site can make a browser send (a form
// post, a request from another origin) does not reload; curl -X POST and same-origin do.
func TestReloadRefusesCrossOrigin(t *testing.T) {
	var reloads atomic.Int32
	h := reloadHandler(true, nil, func() error { reloads.Add(1); return nil })
	post := func(header map[string]string) int {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, "http://exporter:9864/-/reload", strings.NewReader(""))
		for k, v := range header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h(rec, req)
		return rec.Code
	}
	for _, header := range []map[string]string{
		{"Content-Type": "application/x-www-form-urlencoded"},
		{"Content-Type": "multipart/form-data; boundary=x"},
		{"Content-Type": "text/plain;charset=UTF-8"},
		{"Origin": "https://evil.example"},
		{"Origin": "http://exporter:9865"},
		{"Origin": "null"},
	} {
		if code := post(header); code != http.StatusForbidden {
			t.Errorf("POST with %v: %d, want 403", header, code)
		}
	}
	if reloads.Load() != 0 {
		t.Fatalf("%d reloads from refused requests", reloads.Load())
	}
	for _, header := range []map[string]string{
		nil,
		{"Origin": "http://exporter:9864"},
		{"Content-Type": "application/json"},
	} {
		if code := post(header); code != http.StatusOK {
			t.Errorf("POST with %v: %d, want 200", header, code)
		}
	}
	if reloads.Load() != 3 {
		t.Errorf("%d reloads, want 3", reloads.Load())
	}
	rec := httptest.NewRecorder()
	reloadHandler(true, nil, func() error { return errors.New("bad rules") })(rec, httptest.NewRequest(http.MethodPost, "/-/reload", nil))
	if body, _ := io.ReadAll(rec.Result().Body); rec.Code != http.StatusInternalServerError || !strings.Contains(string(body), "bad rules") {
		t.Errorf("failed reload: %d %q, want 500 with the error", rec.Code, body)
	}
}

// TestReloadLifecycle: without --web.enable-lifecycle POST /-/reload is refused with 403 as
// Prometheus refuses it, and reloads nothing; before the reports are read it answers 503.
func TestReloadLifecycle(t *testing.T) {
	var reloads atomic.Int32
	reload := func() error { reloads.Add(1); return nil }
	serve := func(h http.HandlerFunc, method string) (int, string) {
		rec := httptest.NewRecorder()
		h(rec, httptest.NewRequest(method, "/-/reload", nil))
		return rec.Code, rec.Body.String()
	}
	if code, body := serve(reloadHandler(false, nil, reload), http.MethodPost); code != http.StatusForbidden || body != lifecycleDisabled+"\n" {
		t.Errorf("POST without --web.enable-lifecycle: %d %q, want 403 %q", code, body, lifecycleDisabled)
	}
	if code, _ := serve(reloadHandler(false, nil, reload), http.MethodGet); code != http.StatusMethodNotAllowed {
		t.Errorf("GET without --web.enable-lifecycle: %d, want 405", code)
	}
	if code, body := serve(reloadHandler(true, func() bool { return false }, reload), http.MethodPost); code != http.StatusServiceUnavailable || !strings.Contains(body, "reading the reports") {
		t.Errorf("POST while the reports are read: %d %q, want 503 saying so", code, body)
	}
	if n := reloads.Load(); n != 0 {
		t.Fatalf("%d reloads from refused requests", n)
	}
	if code, _ := serve(reloadHandler(true, func() bool { return true }, reload), http.MethodPost); code != http.StatusOK || reloads.Load() != 1 {
		t.Errorf("POST with --web.enable-lifecycle, ready: %d and %d reloads, want 200 and 1", code, reloads.Load())
	}
}

// TestServeEndpoints: /-/ready answers, and the server bounds idle and slow clients.
func TestServeEndpoints(t *testing.T) {
	s := startServe(t)
	if code, body := s.get("/-/ready"); code != http.StatusOK || body != "Ready\n" {
		t.Errorf("/-/ready: %d %q", code, body)
	}
	srv := newServer(http.NotFoundHandler())
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 {
		t.Errorf("server without a bound: %+v", srv)
	}
}
