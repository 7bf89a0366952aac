package exporter

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/report-exporter/report_exporter/compare"
	"github.com/report-exporter/report_exporter/series"
	"github.com/report-exporter/report_exporter/store"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Names of the per-document health families, served with the report series.
const (
	docFailedName    = "report_exporter_document_extraction_failed"
	docUnmatchedName = "report_exporter_document_unmatched_sentences"
	docSamplesName   = "report_exporter_document_samples"
)

// Collector serves a View as Prometheus gauges: for every report series its latest value, and in
// <metric>_timestamp_seconds with the same labels the time of that value, so that a query can
// tell whether an actual figure and a target are of the same year; and the exporter's health
// under report_exporter_.
//
// A View never changes once published, so everything that grows with it (the report series and
// the per-document gauges) is rendered once per view in the Prometheus text format, and those
// bytes, and a gzipped copy, serve every scrape of that view (WriteText, Handler): a large
// constant set through client_golang's generic path costs seconds of sorting, encoding and
// garbage per scrape. The handful of health gauges that stay the same size whatever the corpus
// go through client_golang as usual: register the Collector with the registry that Handler and
// WriteText render after the report series.
//
// Samples carry no client-side timestamp: a figure stamped on the last day of a past period
// would fall outside the scraper's accepted window; its time travels in the companion gauge.
type Collector struct {
	view func() *store.View
	cur  atomic.Pointer[exposition] // of the latest view asked for, rendered or not
	// rendered is the latest exposition Prepare has finished, served while the next renders;
	// nil before the first Prepare.
	rendered atomic.Pointer[exposition]

	documents, samples, numSeries, conflicts *prometheus.Desc
	reloadOK, reloadTime, scrapeDuration     *prometheus.Desc
}

// NewCollector returns a collector serving the views view returns, typically Store.View.
func NewCollector(view func() *store.View) *Collector {
	const ns = "report_exporter_"
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc(ns+name, help, nil, nil)
	}
	return &Collector{
		view:      view,
		documents: d("documents", "Number of report documents extracted and served."),
		samples:   d("samples", "Number of samples the served documents gave after merging, history included."),
		numSeries: d("series", "Number of report series served, each with its latest sample."),
		conflicts: d("merge_conflicts", "Number of observations that documents gave different values for; the document published later wins."),
		reloadOK:  d("config_last_reload_successful", "Whether the last load of the rules succeeded."),
		reloadTime: d("config_last_reload_success_timestamp_seconds",
			"Time of the last successful load of the rules, as Unix seconds."),
		scrapeDuration: d("scrape_duration_seconds",
			"Time this scrape took to collect the report series: rendering them on the first scrape of a view, reusing that after."),
	}
}

// Describe sends the descriptors of the health gauges. The report series are not collected
// through client_golang and so not described.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.documents, c.samples, c.numSeries, c.conflicts,
		c.reloadOK, c.reloadTime, c.scrapeDuration} {
		ch <- d
	}
}

// Collect sends the health gauges of the current view. It renders the view's report series if
// no scrape has yet, so that scrape_duration_seconds tells what that costs.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	start := time.Now()
	e := c.served()
	e.text()
	v := e.view
	gauge := func(d *prometheus.Desc, val float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, val)
	}
	gauge(c.documents, float64(len(v.Documents)))
	gauge(c.samples, float64(len(v.Samples)))
	gauge(c.numSeries, float64(len(v.Latest)))
	gauge(c.conflicts, float64(len(v.Conflicts)))
	gauge(c.reloadOK, boolValue(v.Reload.Successful))
	if !v.Reload.LastSuccess.IsZero() {
		gauge(c.reloadTime, float64(v.Reload.LastSuccess.UnixNano())/1e9)
	}
	gauge(c.scrapeDuration, time.Since(start).Seconds())
}

// WriteText writes the report series of the current view, then what live gathers (the health
// gauges of c, the Go and process collectors...), in the Prometheus text format 0.0.4. A
// family of live named like one of the report series is left out and reported in the error.
// A gathering error leaves out the broken metrics only, as /metrics does, and is returned.
func (c *Collector) WriteText(w io.Writer, live prometheus.Gatherer) error {
	e, liveText, gerr := c.gather(live)
	if _, err := w.Write(e.text()); err != nil {
		return err
	}
	if _, err := w.Write(liveText); err != nil {
		return err
	}
	return gerr
}

// gather gathers live and renders it in the text format, then returns it with the exposition
// of the current view, rendered. live is gathered first so that the Collector, if live holds
// it, renders the view and times that (see Collect).
func (c *Collector) gather(live prometheus.Gatherer) (*exposition, []byte, error) {
	if live == nil {
		live = prometheus.Gatherers{}
	}
	mfs, err := live.Gather()
	e := c.served()
	e.text()
	var buf bytes.Buffer
	for _, mf := range mfs {
		if e.names[mf.GetName()] {
			err = errors.Join(err, fmt.Errorf("metric %q is both a report series and one of the exporter's own; the latter is left out", mf.GetName()))
			continue
		}
		if _, eerr := expfmt.MetricFamilyToText(&buf, mf); eerr != nil {
			err = errors.Join(err, fmt.Errorf("encode metric %q: %w", mf.GetName(), eerr))
		}
	}
	return e, buf.Bytes(), err
}

// Handler returns the handler of /metrics: the report series of the current view, rendered
// once per view and gzipped once when asked for, followed by what live gathers. It serves the
// text format 0.0.4 whatever the Accept header (every Prometheus accepts it), gzipped when
// Accept-Encoding allows. Gathering errors are logged at logger and the rest is served.
//
// Scrapes that come while live is gathered wait for that gathering to end and share the one
// that starts next, its rendering and its gzipped tail: each scrape is served a gathering begun
// after it came, and a hundred scrapes at once cost two gatherings, not a hundred (the process
// collector alone reads five files of /proc each time).
func (c *Collector) Handler(live prometheus.Gatherer, logger *slog.Logger) http.Handler {
	h, _ := c.handler(live, logger)
	return h
}

// handler is Handler, with the group of its gatherings for tests.
func (c *Collector) handler(live prometheus.Gatherer, logger *slog.Logger) (http.Handler, *liveGroup) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	shared := &liveGroup{gather: func() *liveScrape {
		e, text, err := c.gather(live)
		if err != nil {
			logger.Error("gather metrics", "err", err)
		}
		return &liveScrape{e: e, text: text}
	}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := shared.do()
		h := w.Header()
		h.Set("Content-Type", string(expfmt.NewFormat(expfmt.TypeTextPlain)))
		h.Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r.Header) {
			text := s.e.text()
			h.Set("Content-Length", strconv.Itoa(len(text)+len(s.text)))
			writeBody(w, text, s.text)
			return
		}
		z, tail, err := s.gzip()
		if err != nil {
			http.Error(w, "compress metrics: "+err.Error(), http.StatusInternalServerError)
			return
		}
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(z.head)+len(tail)))
		writeBody(w, z.head, tail)
	}), shared
}

// liveGroup runs the gatherings of the live metrics for many scrapes at once, as Handler
// tells: one at a time, each shared by the scrapes that came while the one before ran. The
// scrapes wait on a channel that wakes them all at once, not on a lock taken in turn.
type liveGroup struct {
	gather func() *liveScrape

	mu      sync.Mutex
	running *liveScrape // the gathering under way, nil when none
	next    *liveScrape // the gathering that follows running, shared by the scrapes that wait for it
	waiting int         // scrapes waiting for next; tests read it
}

// liveScrape is one gathering of the live metrics, shared by the scrapes that wait for it.
type liveScrape struct {
	done chan struct{} // closed once e and text are set
	e    *exposition   // of the view current when the gathering began, rendered
	text []byte        // the live metrics, rendered

	gzipOnce sync.Once
	tail     []byte // what completes e.gzip() with text, see gzipTail
	gzipErr  error
}

// do returns a gathering begun after it was called: a new one if none runs, else the one
// that follows the one under way.
func (g *liveGroup) do() *liveScrape {
	g.mu.Lock()
	switch {
	case g.running == nil:
		call := &liveScrape{done: make(chan struct{})}
		g.running = call
		g.mu.Unlock()
		g.run(call)
		return call
	case g.next != nil:
		call := g.next
		g.waiting++
		g.mu.Unlock()
		<-call.done
		return call
	default:
		call := &liveScrape{done: make(chan struct{})}
		prev := g.running
		g.next = call
		g.waiting++
		g.mu.Unlock()
		<-prev.done
		g.mu.Lock()
		g.running, g.next, g.waiting = call, nil, 0
		g.mu.Unlock()
		g.run(call)
		return call
	}
}

// run gathers into call, which is g.running, and hands over to g.next if a scrape waits for it.
func (g *liveGroup) run(call *liveScrape) {
	defer func() {
		g.mu.Lock()
		if g.next == nil {
			g.running = nil
		} // else the scrape waiting for prev.done makes next the one running
		g.mu.Unlock()
		close(call.done)
	}()
	got := g.gather()
	call.e, call.text = got.e, got.text
}

// gzip returns the gzipped report series of the gathering's view and the tail that completes
// them with its live metrics, compressed once for every scrape that shares the gathering.
func (s *liveScrape) gzip() (*gzipped, []byte, error) {
	z := s.e.gzip()
	s.gzipOnce.Do(func() { s.tail, s.gzipErr = gzipTail(z, s.text) })
	return z, s.tail, s.gzipErr
}

// writeBody writes the parts of a response body in turn, and stops at the first that fails:
// the client has gone, and there is no one left to tell.
func writeBody(w io.Writer, parts ...[]byte) {
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return
		}
	}
}

// acceptsGzip tells whether the request's Accept-Encoding lists gzip without q=0.
func acceptsGzip(h http.Header) bool {
	for _, v := range h.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(part, ";")
			if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
				continue
			}
			q, ok := strings.CutPrefix(strings.TrimSpace(params), "q=")
			if !ok {
				return true
			}
			f, err := strconv.ParseFloat(strings.TrimSpace(q), 64)
			return err == nil && f > 0
		}
	}
	return false
}

// Prepare renders the current view now, off the request path: scrapes are served it, and
// never wait for a rendering, which at a million series takes seconds. Until Prepare has run
// once, a scrape renders the current view itself (once per view, whoever asks).
func (c *Collector) Prepare() {
	if c.view() == nil {
		return
	}
	e := c.current()
	e.text()
	e.gzip()
	c.rendered.Store(e)
}

// Render prepares each new view as it is published, until ctx is done: updates tells of one
// (Store.Updates). Scrapes meanwhile are served the view prepared last.
func (c *Collector) Render(ctx context.Context, updates <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-updates:
			c.Prepare()
		}
	}
}

// served returns the exposition a scrape is served: the latest Prepare finished, or else that
// of the current view, not rendered yet if no scrape of that view has asked for it.
func (c *Collector) served() *exposition {
	if e := c.rendered.Load(); e != nil {
		return e
	}
	return c.current()
}

// current returns the exposition of the current view, not rendered yet if nothing has asked
// for it.
func (c *Collector) current() *exposition {
	v := c.view()
	if v == nil {
		v = emptyView
	}
	for {
		e := c.cur.Load()
		if e != nil && e.view == v {
			return e
		}
		n := &exposition{view: v}
		if c.cur.CompareAndSwap(e, n) {
			return n
		}
	}
}

// emptyView stands for a nil view.
var emptyView = &store.View{}

// exposition is the rendering of one view's report series, made at most once each.
type exposition struct {
	view *store.View

	textOnce sync.Once
	body     []byte
	names    map[string]bool // the families of body

	gzipOnce sync.Once
	gz       gzipped
}

// gzipped is a text compressed as the head of one gzip member: the header and deflate blocks
// that end byte-aligned and not final, so that more can follow in the same member (gzipTail).
type gzipped struct {
	head []byte
	crc  uint32
	size uint32
}

func (e *exposition) text() []byte {
	e.textOnce.Do(func() { e.body, e.names = renderSeries(e.view) })
	return e.body
}

func (e *exposition) gzip() *gzipped {
	e.gzipOnce.Do(func() {
		text := e.text()
		var buf bytes.Buffer
		// The header gzip.Writer writes: no name, no time, unknown OS.
		buf.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255})
		fw, _ := flate.NewWriter(&buf, flate.DefaultCompression) // a valid level: no error
		// flate fails only when the writer under it fails, and a bytes.Buffer does not.
		_, _ = fw.Write(text)
		_ = fw.Flush() // a sync flush: byte-aligned, no final block
		e.gz = gzipped{head: buf.Bytes(), crc: crc32.ChecksumIEEE(text), size: uint32(len(text))}
	})
	return &e.gz
}

// flateWriters keeps the compressors of gzipTail: each holds about a megabyte of state.
var flateWriters sync.Pool

// gzipTail returns what completes the gzip member begun by z with text: its compressed blocks,
// the last one final, and the trailer (CRC-32 and size of all the text, modulo 2^32).
func gzipTail(z *gzipped, text []byte) ([]byte, error) {
	var buf bytes.Buffer
	fw, _ := flateWriters.Get().(*flate.Writer)
	if fw == nil {
		var err error
		if fw, err = flate.NewWriter(&buf, flate.DefaultCompression); err != nil {
			return nil, err
		}
	} else {
		fw.Reset(&buf)
	}
	defer flateWriters.Put(fw)
	if _, err := fw.Write(text); err != nil {
		return nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	b := binary.LittleEndian.AppendUint32(buf.Bytes(), crc32.Update(z.crc, crc32.IEEETable, text))
	return binary.LittleEndian.AppendUint32(b, z.size+uint32(len(text))), nil
}

// family is one metric family of a rendering: a report metric or its timestamp twin, over
// the indices of view.Latest, or a per-document gauge.
type family struct {
	name, help string
	series     []int           // indices of View.Latest, in exposition order
	timestamps bool            // the _timestamp_seconds twin of series
	docs       []docLine       // a per-document gauge
	derived    []series.Sample // a comparison or info family, sorted by labels
}

// docLine is one series of a per-document gauge.
type docLine struct {
	file  string
	value float64
}

// renderSeries renders the report series of v, and its per-document gauges, in the text format
// 0.0.4, byte for byte as client_golang renders the same gauges: families sorted by name, the
// series of a family sorted by their label values in label-name order, those without bound
// first. It returns the names of the families written. A series whose labels are not valid
// UTF-8 is left out, as client_golang leaves out an invalid metric.
func renderSeries(v *store.View) ([]byte, map[string]bool) {
	fams := append(reportFamilies(v), documentFamilies(v)...)
	fams = append(fams, compareFamilies(v)...)
	slices.SortFunc(fams, func(a, b family) int { return strings.Compare(a.name, b.name) })
	b := make([]byte, 0, renderedSize(v, fams))
	names := make(map[string]bool, len(fams))
	for i := range fams {
		names[fams[i].name] = true
		b = appendFamily(b, v, &fams[i])
	}
	return b, names
}

// reportFamilies returns the families of the report series of v, each metric with its
// _timestamp_seconds twin, their series sorted; series that cannot be rendered are left out.
func reportFamilies(v *store.View) []family {
	help := map[string]string{}
	if v.Rules != nil {
		help = v.Rules.Config().MetricHelp()
	}
	byName := map[string][]int{}
	for i, s := range v.Latest {
		l := s.Labels
		if !model.LegacyValidation.IsValidMetricName(s.Name) || !utf8.ValidString(l.Region) ||
			!utf8.ValidString(l.Kind) || !utf8.ValidString(l.Period) || !utf8.ValidString(l.Bound) {
			continue
		}
		byName[s.Name] = append(byName[s.Name], i)
	}
	var fams []family
	for name, idx := range byName {
		order := series.SortByLabels(len(idx), func(i int) *series.Labels { return &v.Latest[idx[i]].Labels }, nil)
		sorted := make([]int, len(idx))
		for k, i := range order {
			sorted[k] = idx[i]
		}
		idx = sorted
		h, ok := help[name]
		if !ok {
			h = "Latest value of " + name + " read from the reports."
		}
		fams = append(fams,
			family{name: name, help: h, series: idx},
			family{name: name + series.TimestampSuffix, series: idx, timestamps: true,
				help: "Time of the value of " + name + " with the same labels, as Unix seconds: " +
					"the last day of the period for actual figures, the first day for targets."})
	}
	return fams
}

// compareFamilies returns the families of package compare for v: every year's comparison of
// an actual figure with its target (each with its latest value), the latest comparison per
// metric and region, and the indicators' info.
func compareFamilies(v *store.View) []family {
	if v.Rules == nil {
		return nil
	}
	inds := v.Rules.Config().Indicators
	cs := compare.Compare(inds, v.Samples)
	byName := map[string][]*series.Sample{} // samples are large: each is copied once, below
	for _, part := range [][]series.Sample{compare.Samples(cs), compare.Latest(cs), compare.Info(inds, time.Time{})} {
		for i := range part {
			byName[part[i].Name] = append(byName[part[i].Name], &part[i])
		}
	}
	help := compare.Help()
	fams := make([]family, 0, len(byName))
	for name := range byName {
		fams = append(fams, family{name: name, help: help[name]})
	}
	// The families are independent, and sorting them is most of a rendering: one goroutine each.
	var wg sync.WaitGroup
	for i := range fams {
		wg.Go(func() { fams[i].derived = latestByLabels(byName[fams[i].name]) })
	}
	wg.Wait()
	return fams
}

// latestByLabels returns the latest of each series of ss, sorted by labels: a figure revised
// at another time gives two samples of one series.
func latestByLabels(ss []*series.Sample) []series.Sample {
	order := series.SortByLabels(len(ss), func(i int) *series.Labels { return &ss[i].Labels },
		func(a, b int) int { return ss[a].Time.Compare(ss[b].Time) })
	kept := make([]series.Sample, 0, len(order))
	for k, i := range order {
		if k+1 < len(order) && ss[order[k+1]].Labels == ss[i].Labels {
			continue
		}
		kept = append(kept, *ss[i])
	}
	return kept
}

// documentFamilies returns the per-document gauges of v that have a series, each sorted by
// file; files whose names are not valid UTF-8 are left out.
func documentFamilies(v *store.View) []family {
	var fams []family
	docGauge := func(name, help string, lines []docLine) {
		if len(lines) == 0 {
			return
		}
		slices.SortStableFunc(lines, func(a, b docLine) int { return strings.Compare(a.file, b.file) })
		fams = append(fams, family{name: name, help: help, docs: lines})
	}
	var samples, unmatched, failed []docLine
	for _, r := range v.Documents {
		if utf8.ValidString(r.File) {
			samples = append(samples, docLine{r.File, float64(len(r.Samples))})
			unmatched = append(unmatched, docLine{r.File, float64(len(r.Unmatched))})
		}
	}
	for _, f := range v.Failures {
		if utf8.ValidString(f.File) {
			failed = append(failed, docLine{f.File, 1})
		}
	}
	docGauge(docSamplesName, "Number of samples the report gave before merging.", samples)
	docGauge(docUnmatchedName, "Number of sentences of the report that name a known indicator and carry a number but gave no sample.", unmatched)
	docGauge(docFailedName, "1 for each report that could not be read or extracted, and so gives no samples; the error is logged.", failed)
	return fams
}

// renderedSize estimates the bytes of the rendering of fams, to allocate them at once.
func renderedSize(v *store.View, fams []family) int {
	size := 0
	for _, f := range fams {
		size += len(f.help) + 2*len(f.name) + 20
		for _, d := range f.docs {
			size += len(f.name) + len(d.file) + 30
		}
		for i := range f.derived {
			l := &f.derived[i].Labels
			size += len(f.name) + len(l.Region) + len(l.Period) + len(l.Bound) + len(l.Extra) + 100
		}
		for _, i := range f.series {
			s := &v.Latest[i]
			size += len(f.name) + len(s.Labels.Region) + len(s.Labels.Kind) + len(s.Labels.Period) + len(s.Labels.Bound) + 60
		}
	}
	return size
}

// appendFamily appends the text of one family, its HELP and TYPE lines and then its series,
// to b.
func appendFamily(b []byte, v *store.View, f *family) []byte {
	b = append(b, "# HELP "...)
	b = append(b, f.name...)
	b = append(b, ' ')
	b = appendHelp(b, f.help)
	b = append(b, "\n# TYPE "...)
	b = append(b, f.name...)
	b = append(b, " gauge\n"...)
	for _, d := range f.docs {
		b = append(b, f.name...)
		b = series.AppendLabel(append(b, '{'), "file", d.file)
		b = series.AppendFloat(append(b, '}', ' '), d.value)
		b = append(b, '\n')
	}
	for i := range f.derived {
		b = series.AppendSeries(b, f.name, &f.derived[i].Labels)
		b = series.AppendFloat(b, f.derived[i].Value)
		b = append(b, '\n')
	}
	for _, i := range f.series {
		s := &v.Latest[i]
		b = series.AppendSeries(b, f.name, &s.Labels)
		if f.timestamps {
			b = series.AppendFloat(b, float64(s.Time.Unix()))
		} else {
			b = series.AppendFloat(b, s.Value)
		}
		b = append(b, '\n')
	}
	return b
}

// appendHelp escapes a HELP text as the text format 0.0.4 wants: \\ and \n (unlike
// OpenMetrics, a double quote stays as it is).
func appendHelp(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		default:
			b = append(b, c)
		}
	}
	return b
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
