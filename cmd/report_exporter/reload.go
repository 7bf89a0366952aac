package main

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sync"
)

// coalesced runs a reload for many callers at once: a caller that comes while a reload runs
// waits for it to end, then shares the one reload that starts after it with every caller that
// came meanwhile. Each caller gets the result of a reload that began after it asked, so an
// edit made before asking is seen, and twenty callers cost two reloads, not twenty.
type coalesced struct {
	fn  func() error
	run sync.Mutex // held while fn runs

	mu      sync.Mutex
	next    *reloadCall // the reload the callers waiting for run share
	waiting int         // callers sharing next; tests read it
}

// reloadCall is one run of fn and the callers that share its result.
type reloadCall struct {
	done chan struct{}
	err  error
}

func coalesce(fn func() error) *coalesced { return &coalesced{fn: fn} }

// Do runs the reload, or shares one, and returns its error.
func (c *coalesced) Do() error {
	c.mu.Lock()
	if c.next == nil {
		c.next = &reloadCall{done: make(chan struct{})}
	}
	call := c.next
	c.waiting++
	c.mu.Unlock()

	c.run.Lock()
	defer c.run.Unlock()
	select {
	case <-call.done: // another caller of the group ran it
		return call.err
	default:
	}
	c.mu.Lock()
	c.next, c.waiting = nil, 0 // callers from now on wait for the next run
	c.mu.Unlock()
	call.err = c.fn()
	close(call.done)
	return call.err
}

// lifecycleDisabled is the answer to POST /-/reload without --web.enable-lifecycle, Prometheus'.
const lifecycleDisabled = "Lifecycle API is not enabled."

// reloadHandler serves POST /-/reload. Unless enabled (--web.enable-lifecycle) it refuses
// every POST with 403, as Prometheus does: whoever reaches the port may not make the exporter
// read every report again (SIGHUP, which takes a shell on the host, always reloads). Enabled,
// it refuses what a web page of another site can make a browser send without asking (a form
// post, or any request whose Origin is another host), so that visiting a page cannot reload
// the exporter's rules: curl -X POST, with no body, works. Until ready says the reports are
// read it answers 503: the rules in use are the ones being read with, and the watcher and
// SIGHUP reload only then too. ready nil means always ready.
func reloadHandler(enabled bool, ready func() bool, reload func() error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "reload takes POST", http.StatusMethodNotAllowed)
			return
		}
		if !enabled {
			http.Error(w, lifecycleDisabled, http.StatusForbidden)
			return
		}
		if err := sameOrigin(r); err != nil {
			http.Error(w, fmt.Sprintf("reload refused: %v", err), http.StatusForbidden)
			return
		}
		if ready != nil && !ready() {
			notReady(w)
			return
		}
		if err := reload(); err != nil {
			http.Error(w, fmt.Sprintf("reload rules: %v", err), http.StatusInternalServerError)
			return
		}
		_, _ = io.WriteString(w, "rules reloaded\n") // the client may be gone; the reload is done
	}
}

// sameOrigin tells why r may come from a page of another site: an Origin header naming
// another host, or the content type of an HTML form (which a browser posts cross-origin
// without a preflight).
func sameOrigin(r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data" || mt == "text/plain" {
			return fmt.Errorf("content type %q is a form's; post without a body (curl -X POST)", ct)
		}
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return fmt.Errorf("origin %q is not this host %q", o, r.Host)
		}
	}
	return nil
}
