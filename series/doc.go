// Package series holds the contract of the series report_exporter writes: the sample, its
// labels and their order, kinds and bounds, periods, China's time zone, the name of the
// timestamp twin, and the one text encoder of a series (name{labels}) that /metrics and the
// OpenMetrics history share. It imports nothing of the project.
package series
