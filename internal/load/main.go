// Command load scrapes an exporter's /metrics from many clients at once for a fixed time,
// optionally while the exporter reloads its rules, and prints one Markdown table row: requests,
// errors and latency percentiles. scripts/load.sh runs it against `report_exporter serve`.
//
//	go run ./internal/load -free-port                       # print a free loopback port
//	go run ./internal/load -url http://127.0.0.1:9864/metrics -wait-ready -header
//	go run ./internal/load -url http://127.0.0.1:9864/metrics -reload http -case "with reloads"
//
// Each client scrapes as Prometheus does: one keep-alive connection, Accept-Encoding gzip, the
// whole body read (and not decompressed, so that the clients cost the machine little beside
// the server). A scrape's latency runs from sending the request to the body's last byte. An
// error is a scrape that fails or answers other than 200. Scrapes begun before the end are
// waited for and counted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	url         string
	clients     int
	duration    time.Duration
	timeout     time.Duration
	reload      string // "", "http" or "sighup"
	reloadEvery time.Duration
	pid         int
	name        string
	header      bool
	waitReady   bool
}

func run(args []string, stdout io.Writer) error {
	var o options
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.StringVar(&o.url, "url", "http://127.0.0.1:9864/metrics", "URL to scrape")
	fs.IntVar(&o.clients, "clients", 200, "clients scraping at once, each one request after another")
	fs.DurationVar(&o.duration, "duration", 20*time.Second, "how long to scrape")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "timeout of one scrape; a scrape that takes longer is an error")
	fs.StringVar(&o.reload, "reload", "", `reload the rules meanwhile: "http" (POST /-/reload on the URL's host, one after another; the exporter needs --web.enable-lifecycle) or "sighup" (to -pid)`)
	fs.DurationVar(&o.reloadEvery, "reload.interval", 100*time.Millisecond, "time between the starts of two reloads")
	fs.IntVar(&o.pid, "pid", 0, "the exporter's pid, for -reload sighup")
	fs.StringVar(&o.name, "case", "", "name of the row (default: what -reload says)")
	fs.BoolVar(&o.header, "header", false, "print the table's header first")
	fs.BoolVar(&o.waitReady, "wait-ready", false, "first wait (up to a minute) until /-/ready on the URL's host answers 200")
	freePort := fs.Bool("free-port", false, "print a free TCP port of 127.0.0.1 and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *freePort {
		port, err := pickPort()
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(stdout, port)
		return err
	}
	if o.clients <= 0 || o.duration <= 0 || o.timeout <= 0 || o.reloadEvery <= 0 {
		return errors.New("-clients, -duration, -timeout and -reload.interval must be positive")
	}
	if o.reload == "sighup" && o.pid <= 0 {
		return errors.New("-reload sighup needs -pid")
	}
	if o.reload != "" && o.reload != "http" && o.reload != "sighup" {
		return fmt.Errorf("-reload %q: want http or sighup", o.reload)
	}
	if o.waitReady {
		if err := waitReady(sibling(o.url, "/-/ready"), time.Minute); err != nil {
			return err
		}
	}
	res, err := scrape(o)
	if err != nil {
		return err
	}
	if o.header {
		if _, err := fmt.Fprint(stdout, header); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintln(stdout, res.row(o))
	return err
}

// pickPort returns a TCP port of 127.0.0.1 free a moment ago.
func pickPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	return port, l.Close()
}

// sibling returns rawURL with its path replaced by path.
func sibling(rawURL, path string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.Path, u.RawQuery = path, ""
	return u.String()
}

// waitReady polls u until it answers 200, for up to limit.
func waitReady(u string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		resp, err := http.Get(u)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %v: %w", u, limit, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// result is what the clients measured.
type result struct {
	latencies []time.Duration // of every scrape, errors included, sorted
	errors    int
	firstErr  error
	reloads   int // reloads done (http) or signals sent (sighup)
	reloadErr int
	elapsed   time.Duration
}

// scrape runs the clients, and the reloads if asked, for o.duration.
func scrape(o options) (*result, error) {
	transport := &http.Transport{
		MaxIdleConns:        o.clients,
		MaxIdleConnsPerHost: o.clients,
		DisableCompression:  true, // the body is read, not decompressed; gzip is asked below
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: o.timeout}

	ctx, cancel := context.WithTimeout(context.Background(), o.duration)
	defer cancel()
	var (
		mu  sync.Mutex
		res result
		wg  sync.WaitGroup
	)
	start := time.Now()
	for range o.clients {
		wg.Go(func() {
			var lat []time.Duration
			var errs int
			var first error
			for ctx.Err() == nil {
				d, err := scrapeOnce(client, o.url)
				lat = append(lat, d)
				if err != nil {
					errs++
					first = cmpErr(first, err)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			res.latencies = append(res.latencies, lat...)
			res.errors += errs
			res.firstErr = cmpErr(res.firstErr, first)
		})
	}
	if o.reload != "" {
		wg.Go(func() { res.reloads, res.reloadErr = reloadLoop(ctx, o) })
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	slices.Sort(res.latencies)
	if len(res.latencies) == 0 {
		return nil, errors.New("no scrape finished")
	}
	return &res, nil
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// scrapeOnce scrapes u once as Prometheus does and returns how long it took.
func scrapeOnce(client *http.Client, u string) (time.Duration, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept", "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
	req.Header.Set("Accept-Encoding", "gzip")
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return time.Since(start), err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %s", resp.Status)
	}
	return d, err
}

// reloadLoop reloads the rules every o.reloadEvery until ctx is done: by POST /-/reload, one
// after another (a reload that takes longer than the interval delays the next), or by SIGHUP.
// It returns the reloads done and those that failed.
func reloadLoop(ctx context.Context, o options) (done, failed int) {
	tick := time.NewTicker(o.reloadEvery)
	defer tick.Stop()
	client := &http.Client{Timeout: o.timeout}
	reloadURL := sibling(o.url, "/-/reload")
	for {
		select {
		case <-ctx.Done():
			return done, failed
		case <-tick.C:
		}
		var err error
		if o.reload == "sighup" {
			err = syscall.Kill(o.pid, syscall.SIGHUP)
		} else {
			err = post(client, reloadURL)
		}
		if err != nil {
			failed++
			if failed == 1 {
				fmt.Fprintln(os.Stderr, "load: reload:", err)
			}
			continue
		}
		done++
	}
}

func post(client *http.Client, u string) error {
	resp, err := client.Post(u, "", nil)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}

const header = "| case | clients | requests | req/s | errors | p50 | p90 | p99 | max | reloads |\n" +
	"| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"

// row formats the result as a row of the table of header.
func (r *result) row(o options) string {
	name := o.name
	if name == "" {
		name = "no reloads"
		if o.reload != "" {
			name = fmt.Sprintf("reload (%s) every %v", o.reload, o.reloadEvery)
		}
	}
	errs := fmt.Sprint(r.errors)
	if r.firstErr != nil {
		errs += fmt.Sprintf(" (first: %v)", r.firstErr)
	}
	reloads := "-"
	if o.reload != "" {
		reloads = fmt.Sprint(r.reloads)
		if r.reloadErr > 0 {
			reloads += fmt.Sprintf(" (%d failed)", r.reloadErr)
		}
	}
	n := len(r.latencies)
	return fmt.Sprintf("| %s | %d | %d | %.0f | %s | %s | %s | %s | %s | %s |", name, o.clients, n,
		float64(n)/r.elapsed.Seconds(), errs, ms(r.quantile(0.5)), ms(r.quantile(0.9)),
		ms(r.quantile(0.99)), ms(r.latencies[n-1]), reloads)
}

// quantile returns the q-quantile of the sorted latencies (nearest rank).
func (r *result) quantile(q float64) time.Duration {
	i := int(math.Ceil(float64(len(r.latencies))*q)) - 1
	return r.latencies[min(max(i, 0), len(r.latencies)-1)]
}

// ms formats d in milliseconds, with a decimal under 10 ms.
func ms(d time.Duration) string {
	f := float64(d) / float64(time.Millisecond)
	if f < 10 {
		return fmt.Sprintf("%.1f ms", f)
	}
	return fmt.Sprintf("%.0f ms", f)
}
