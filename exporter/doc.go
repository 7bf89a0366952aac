// Package exporter is what faces Prometheus: the Collector that serves the latest sample of
// every series with its timestamp twin and the exporter's own health, and the landing page
// that lists the documents and draws each indicator over the years. It reads the state to
// serve from a store.View and nothing else; it reads no flags or globals.
package exporter
