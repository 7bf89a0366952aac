// Package extract is the engine: a RuleSet, compiled once per rules load, reads one document
// at a time and gives its samples. A document's facts (its place, its publication date, the
// year it reviews) are settled first; then each line is scanned for the rules' aliases, and
// where one stands, the figures after it are read with the context (kind, year, period) that
// headings, sentences and cue words give. Walk and RuleSet.ExtractAll read many reports in parallel.
package extract
