package history

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	neturl "net/url"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/exp/api/remote"
	"github.com/report-exporter/report_exporter/series"
	"google.golang.org/protobuf/encoding/protowire"
)

// DefaultBatchSize is the number of samples a remote write request carries by default.
const DefaultBatchSize = 5000

// RemoteWriterOptions configure a RemoteWriter. The zero value is usable.
type RemoteWriterOptions struct {
	// BatchSize is the number of samples per request; 0 means DefaultBatchSize.
	BatchSize int
	// Client sends the requests; nil means a client with a 1-minute timeout.
	Client *http.Client
	// Logger logs retries; nil means none.
	Logger *slog.Logger
	// MinBackoff, MaxBackoff and MaxRetries bound the retries of a request that failed with a
	// 5xx, a 429 or a network error; zero means 500ms, 10s and 5. A 4xx other than 429 fails at
	// once.
	MinBackoff, MaxBackoff time.Duration
	MaxRetries             int
	// Progress, if set, is called after each request with the samples sent so far and the
	// total of the Write call.
	Progress func(sent, total int)
}

// RemoteWriter sends samples over Prometheus remote write 1.0 (a snappy-compressed protobuf
// prometheus.WriteRequest), which Prometheus (--web.enable-remote-write-receiver),
// VictoriaMetrics (/api/v1/write) and most long-term stores accept. It is safe for concurrent
// use.
type RemoteWriter struct {
	url   string
	api   *remote.API
	batch int
	prog  func(sent, total int)
}

// NewRemoteWriter returns a writer to the remote write endpoint at url, e.g.
// http://localhost:9090/api/v1/write or http://localhost:8428/api/v1/write.
func NewRemoteWriter(url string, o RemoteWriterOptions) (*RemoteWriter, error) {
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: time.Minute}
	}
	bo := remote.BackoffConfig{Min: o.MinBackoff, Max: o.MaxBackoff, MaxRetries: o.MaxRetries}
	if bo.Min <= 0 {
		bo.Min = 500 * time.Millisecond
	}
	if bo.Max <= 0 {
		bo.Max = 10 * time.Second
	}
	if bo.MaxRetries <= 0 {
		bo.MaxRetries = 5
	}
	opts := []remote.APIOption{
		remote.WithAPIPath(""),
		remote.WithAPIHTTPClient(o.Client),
		remote.WithAPIBackoff(bo),
	}
	if o.Logger != nil {
		opts = append(opts, remote.WithAPILogger(o.Logger))
	}
	// Messages name the endpoint without its password.
	shown := "(invalid URL)"
	if u, err := neturl.Parse(url); err == nil {
		shown = u.Redacted()
	}
	api, err := remote.NewAPI(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("remote write %s: %w", shown, err)
	}
	return &RemoteWriter{url: shown, api: api, batch: o.BatchSize, prog: o.Progress}, nil
}

// ErrRejected marks a request the server refused for good (a 4xx other than 429): resending
// it cannot help.
var ErrRejected = errors.New("rejected")

// Write sends the samples in batches, each series' samples in time order, and returns once
// the server accepted all of them or one batch failed for good. Samples already accepted stay
// written; writing the same samples again adds nothing.
func (w *RemoteWriter) Write(ctx context.Context, samples []series.Sample) error {
	if !slices.IsSortedFunc(samples, series.CompareSamples) {
		samples = slices.Clone(samples)
		slices.SortStableFunc(samples, series.CompareSamples)
	}
	total := len(samples)
	for start := 0; start < total; start += w.batch {
		end := min(start+w.batch, total)
		req := newWriteRequest(samples[start:end])
		if _, err := w.api.Write(ctx, remote.WriteV1MessageType, req); err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("remote write %s: %w", w.url, ctx.Err())
			}
			first := samples[start]
			return fmt.Errorf("remote write %s: samples %d-%d of %d (from %s %v at %s): %w",
				w.url, start+1, end, total, first.Name, first.Labels,
				first.Time.In(series.China).Format(time.DateOnly), classify(err))
		}
		if w.prog != nil {
			w.prog(end, total)
		}
	}
	return nil
}

// classify marks errors that a retry cannot cure. The remote API retries 5xx, 429 and network
// errors itself and words a refusal "server returned HTTP status <code> <text>: <body>".
func classify(err error) error {
	const prefix = "server returned HTTP status "
	if s, ok := strings.CutPrefix(err.Error(), prefix); ok && strings.HasPrefix(s, "4") && !strings.HasPrefix(s, "429") {
		// The server's message often ends in a newline; keep the error on one line.
		return fmt.Errorf("%w: %s", ErrRejected, strings.TrimSpace(err.Error()))
	}
	if s := err.Error(); strings.TrimSpace(s) != s {
		return errors.New(strings.TrimSpace(s))
	}
	return err
}

// writeRequest is a prometheus.WriteRequest of remote write 1.0, encoded by hand: the one
// message this package sends does not justify a generated protobuf package. It implements
// Size and MarshalToSizedBuffer, the interface the remote API encodes with.
type writeRequest struct {
	samples []series.Sample // sorted by series, then time
	size    int
}

func newWriteRequest(samples []series.Sample) *writeRequest {
	r := &writeRequest{samples: samples}
	r.size = len(r.appendTo(nil))
	return r
}

// Size is the encoded size of the request.
func (r *writeRequest) Size() int { return r.size }

// MarshalToSizedBuffer encodes the request into buf, which is Size() bytes long.
func (r *writeRequest) MarshalToSizedBuffer(buf []byte) (int, error) {
	out := r.appendTo(buf[:0])
	if len(out) != len(buf) {
		return 0, fmt.Errorf("write request: encoded %d bytes, want %d", len(out), len(buf))
	}
	return len(out), nil
}

// Field numbers of prometheus.WriteRequest, TimeSeries, Label and Sample.
const (
	fieldTimeseries      = 1 // WriteRequest.timeseries
	fieldLabels          = 1 // TimeSeries.labels
	fieldSamples         = 2 // TimeSeries.samples
	fieldLabelName       = 1 // Label.name
	fieldLabelValue      = 2 // Label.value
	fieldSampleValue     = 1 // Sample.value
	fieldSampleTimestamp = 2 // Sample.timestamp
)

func (r *writeRequest) appendTo(b []byte) []byte {
	for i := 0; i < len(r.samples); {
		j := i + 1
		for j < len(r.samples) && r.samples[j].Name == r.samples[i].Name && r.samples[j].Labels == r.samples[i].Labels {
			j++
		}
		b = protowire.AppendTag(b, fieldTimeseries, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(seriesSize(r.samples[i:j])))
		b = appendSeriesProto(b, r.samples[i:j])
		i = j
	}
	return b
}

// seriesLabels returns the labels of a sample, __name__ first, then sorted by name as remote
// write requires; unused places at the end are empty.
func seriesLabels(s *series.Sample) [series.MaxLabels][2]string {
	l := [series.MaxLabels][2]string{{"__name__", s.Name}}
	p, n := s.Labels.Pairs()
	copy(l[1:], p[:n])
	return l
}

func labelSize(name, value string) int {
	return protowire.SizeTag(fieldLabelName) + protowire.SizeBytes(len(name)) +
		protowire.SizeTag(fieldLabelValue) + protowire.SizeBytes(len(value))
}

func sampleSize(s *series.Sample) int {
	return protowire.SizeTag(fieldSampleValue) + protowire.SizeFixed64() +
		protowire.SizeTag(fieldSampleTimestamp) + protowire.SizeVarint(uint64(s.Time.UnixMilli()))
}

func seriesSize(samples []series.Sample) int {
	n := 0
	for _, l := range seriesLabels(&samples[0]) {
		if l[0] == "" {
			continue
		}
		n += protowire.SizeTag(fieldLabels) + protowire.SizeBytes(labelSize(l[0], l[1]))
	}
	for i := range samples {
		n += protowire.SizeTag(fieldSamples) + protowire.SizeBytes(sampleSize(&samples[i]))
	}
	return n
}

func appendSeriesProto(b []byte, samples []series.Sample) []byte {
	for _, l := range seriesLabels(&samples[0]) {
		if l[0] == "" {
			continue
		}
		b = protowire.AppendTag(b, fieldLabels, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(labelSize(l[0], l[1])))
		b = protowire.AppendTag(b, fieldLabelName, protowire.BytesType)
		b = protowire.AppendString(b, l[0])
		b = protowire.AppendTag(b, fieldLabelValue, protowire.BytesType)
		b = protowire.AppendString(b, l[1])
	}
	for i := range samples {
		s := &samples[i]
		b = protowire.AppendTag(b, fieldSamples, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(sampleSize(s)))
		b = protowire.AppendTag(b, fieldSampleValue, protowire.Fixed64Type)
		b = protowire.AppendFixed64(b, math.Float64bits(s.Value))
		b = protowire.AppendTag(b, fieldSampleTimestamp, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(s.Time.UnixMilli()))
	}
	return b
}
