package history_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tu "github.com/report-exporter/report_exporter/internal/testutil"

	"github.com/klauspost/compress/snappy"
	"github.com/report-exporter/report_exporter/history"
	"google.golang.org/protobuf/encoding/protowire"
)

// rwSeries is one decoded TimeSeries of a remote write request.
type rwSeries struct {
	Labels  [][2]string
	Samples [][2]float64 // value, timestamp in ms
}

// receiver is a remote write endpoint that decodes what it gets. fail, if set, answers a
// request instead (by its 1-based number) when it returns a status.
type receiver struct {
	mu       sync.Mutex
	requests [][]rwSeries
	headers  []http.Header
	fail     func(n int) (int, string)
	srv      *httptest.Server
}

func newReceiver(t *testing.T, fail func(n int) (int, string)) *receiver {
	r := &receiver{fail: fail}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		defer r.mu.Unlock()
		n := len(r.headers) + 1
		r.headers = append(r.headers, req.Header.Clone())
		if r.fail != nil {
			if code, msg := r.fail(n); code != 0 {
				http.Error(w, msg, code)
				return
			}
		}
		body, _ := io.ReadAll(req.Body)
		raw, err := snappy.Decode(nil, body)
		if err != nil {
			t.Errorf("request %d: snappy: %v", n, err)
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		series, err := decodeWriteRequest(raw)
		if err != nil {
			t.Errorf("request %d: protobuf: %v", n, err)
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.requests = append(r.requests, series)
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) url() string { return r.srv.URL + "/api/v1/write" }

// decodeWriteRequest decodes a prometheus.WriteRequest with the generic wire reader.
func decodeWriteRequest(b []byte) ([]rwSeries, error) {
	var out []rwSeries
	err := eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
		if num != 1 || typ != protowire.BytesType {
			return fmt.Errorf("WriteRequest: unexpected field %d type %d", num, typ)
		}
		var s rwSeries
		err := eachField(v, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
			switch num {
			case 1:
				var l [2]string
				err := eachField(v, func(num protowire.Number, _ protowire.Type, v []byte, _ uint64) error {
					l[num-1] = string(v)
					return nil
				})
				s.Labels = append(s.Labels, l)
				return err
			case 2:
				var p [2]float64
				err := eachField(v, func(num protowire.Number, typ protowire.Type, _ []byte, n uint64) error {
					switch {
					case num == 1 && typ == protowire.Fixed64Type:
						p[0] = math.Float64frombits(n)
					case num == 2 && typ == protowire.VarintType:
						p[1] = float64(int64(n))
					default:
						return fmt.Errorf("Sample: unexpected field %d type %d", num, typ)
					}
					return nil
				})
				s.Samples = append(s.Samples, p)
				return err
			}
			return fmt.Errorf("TimeSeries: unexpected field %d", num)
		})
		out = append(out, s)
		return err
	})
	return out, err
}

func eachField(b []byte, fn func(num protowire.Number, typ protowire.Type, bytes []byte, n uint64) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		var (
			v []byte
			u uint64
		)
		switch typ {
		case protowire.BytesType:
			v, n = protowire.ConsumeBytes(b)
		case protowire.VarintType:
			u, n = protowire.ConsumeVarint(b)
		case protowire.Fixed64Type:
			u, n = protowire.ConsumeFixed64(b)
		default:
			return fmt.Errorf("unexpected wire type %d", typ)
		}
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		if err := fn(num, typ, v, u); err != nil {
			return err
		}
	}
	return nil
}

func newWriter(t *testing.T, url string, batch int) *history.RemoteWriter {
	t.Helper()
	w, err := history.NewRemoteWriter(url, history.RemoteWriterOptions{
		BatchSize:  batch,
		MinBackoff: time.Millisecond,
		MaxBackoff: 5 * time.Millisecond,
		MaxRetries: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestRemoteWriteEncoding(t *testing.T) {
	r := newReceiver(t, nil)
	var progress []int
	w, err := history.NewRemoteWriter(r.url(), history.RemoteWriterOptions{
		BatchSize: 4,
		Progress:  func(sent, total int) { progress = append(progress, sent, total) },
	})
	if err != nil {
		t.Fatal(err)
	}
	samples := handMade()
	if err := w.Write(context.Background(), samples); err != nil {
		t.Fatal(err)
	}
	if len(r.requests) != 3 {
		t.Fatalf("%d requests for %d samples in batches of 4, want 3", len(r.requests), len(samples))
	}
	if want := []int{4, 10, 8, 10, 10, 10}; !reflect.DeepEqual(progress, want) {
		t.Errorf("progress calls = %v, want %v", progress, want)
	}
	h := r.headers[0]
	for k, want := range map[string]string{
		"Content-Encoding":                  "snappy",
		"Content-Type":                      "application/x-protobuf",
		"X-Prometheus-Remote-Write-Version": "0.1.0",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}

	// The first request: the first four samples in SortSamples order.
	want := []rwSeries{
		{
			Labels:  [][2]string{{"__name__", "econ_fixed_asset_investment_yuan"}, {"kind", "actual"}, {"period", "1-6"}, {"region", "罗湖区"}},
			Samples: [][2]float64{{147.75e8, float64(tu.Day("2022-06-30").UnixMilli())}},
		},
		{
			Labels:  [][2]string{{"__name__", "econ_gdp_growth_ratio"}, {"kind", "actual"}, {"period", "1-12"}, {"region", "深圳市"}},
			Samples: [][2]float64{{0.067, float64(tu.Day("2019-12-31").UnixMilli())}},
		},
		{
			Labels:  [][2]string{{"__name__", "econ_gdp_growth_ratio"}, {"kind", "actual"}, {"period", "1-12"}, {"region", "罗湖区"}},
			Samples: [][2]float64{{0.031, float64(tu.Day("2020-12-31").UnixMilli())}},
		},
		{
			Labels:  [][2]string{{"__name__", "econ_gdp_growth_ratio"}, {"kind", "actual"}, {"period", "1-6"}, {"region", "罗湖区"}},
			Samples: [][2]float64{{0.02, float64(tu.Day("2022-06-30").UnixMilli())}},
		},
	}
	if !reflect.DeepEqual(r.requests[0], want) {
		t.Errorf("first request:\n got %v\nwant %v", r.requests[0], want)
	}

	// All samples arrive once, targets with their bound label, the series split across
	// requests kept in time order.
	var n int
	var sawBound bool
	for _, req := range r.requests {
		for _, s := range req {
			n += len(s.Samples)
			for _, l := range s.Labels {
				if l == [2]string{"bound", "min"} {
					sawBound = true
				}
			}
		}
	}
	if n != len(samples) {
		t.Errorf("%d samples arrived, want %d", n, len(samples))
	}
	if !sawBound {
		t.Errorf("no series with bound=\"min\" arrived")
	}
	second := r.requests[1][0]
	if second.Labels[3][1] != "罗湖区" || second.Samples[0][1] != float64(tu.Day("2025-06-30").UnixMilli()) {
		t.Errorf("second request starts with %v, want the 2025 point of the series the first ended with", second)
	}
}

func TestRemoteWriteRetries(t *testing.T) {
	f := func(name string, fail func(n int) (int, string), wantErr string, wantRequests int) {
		t.Run(name, func(t *testing.T) {
			r := newReceiver(t, fail)
			w := newWriter(t, r.url(), 5000)
			err := w.Write(context.Background(), handMade())
			switch {
			case wantErr == "" && err != nil:
				t.Fatalf("Write: %v", err)
			case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
				t.Fatalf("Write error = %v, want one containing %q", err, wantErr)
			}
			if len(r.headers) != wantRequests {
				t.Errorf("%d requests, want %d", len(r.headers), wantRequests)
			}
			if wantErr == "" && len(r.requests) != 1 {
				t.Errorf("%d requests accepted, want 1", len(r.requests))
			}
		})
	}
	f("500 then success", func(n int) (int, string) {
		if n < 3 {
			return http.StatusInternalServerError, "try later"
		}
		return 0, ""
	}, "", 3)
	f("429 then success", func(n int) (int, string) {
		if n == 1 {
			return http.StatusTooManyRequests, "slow down"
		}
		return 0, ""
	}, "", 2)
	f("400 fails at once with the server's message", func(int) (int, string) {
		return http.StatusBadRequest, "duplicate sample for timestamp"
	}, "400 Bad Request: duplicate sample for timestamp", 1)
	f("503 gives up after the retries", func(int) (int, string) {
		return http.StatusServiceUnavailable, "down"
	}, "503 Service Unavailable: down", 4)
}

func TestRemoteWriteRejectedIsErrRejected(t *testing.T) {
	r := newReceiver(t, func(int) (int, string) { return http.StatusBadRequest, "out of bounds" })
	err := newWriter(t, r.url(), 5000).Write(context.Background(), handMade())
	if !errors.Is(err, history.ErrRejected) {
		t.Fatalf("Write error = %v, want ErrRejected", err)
	}
	for _, want := range []string{r.url(), "samples 1-10 of 10", "econ_fixed_asset_investment_yuan", "out of bounds"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestRemoteWriteCancel(t *testing.T) {
	r := newReceiver(t, func(int) (int, string) { return http.StatusInternalServerError, "down" })
	w, err := history.NewRemoteWriter(r.url(), history.RemoteWriterOptions{MinBackoff: time.Hour, MaxBackoff: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			r.mu.Lock()
			n := len(r.headers)
			r.mu.Unlock()
			if n > 0 {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	if err := w.Write(ctx, handMade()); !errors.Is(err, context.Canceled) {
		t.Fatalf("Write error = %v, want context.Canceled", err)
	}
}
