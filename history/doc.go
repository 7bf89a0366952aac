// Package history writes the whole history of samples out: as OpenMetrics text for promtool's
// block creation, or over Prometheus remote write (1.0) to Prometheus or VictoriaMetrics, and
// a Pusher that keeps a receiver current as the history changes. It depends on the
// series contract only.
package history
