// Package exporter turns report text into samples and samples into Prometheus series.
//
// A RuleSet, compiled once per rules load, reads one document at a time (Decode, then one
// pass per sentence through word matchers built from the rules); Merge settles the samples of
// many documents; the Store keeps them current as files change; the Collector serves the
// latest of every series; the OpenMetrics and remote-write writers backfill the history.
// Nothing here reads flags or globals.
package exporter
