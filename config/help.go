package config

import "cmp"

// MetricHelp returns the help text of every metric the rules name, the one wording of both
// /metrics (Collector) and the OpenMetrics history (WriteOpenMetrics): both series of an
// indicator take its help, which the rules write for the pair, or else its title. A metric
// whose indicator has neither is left out and gets the generic help of where it is written.
func (cfg *Config) MetricHelp() map[string]string {
	m := map[string]string{}
	if cfg == nil {
		return m
	}
	for _, ind := range cfg.Indicators {
		if ind == nil {
			continue
		}
		help := cmp.Or(ind.Help, ind.Title)
		if help == "" {
			continue
		}
		for _, sr := range []*Series{ind.Level, ind.Growth} {
			if sr == nil || sr.Metric == "" {
				continue
			}
			if _, ok := m[sr.Metric]; !ok {
				m[sr.Metric] = help
			}
		}
	}
	return m
}

// Metrics returns the metric names of every indicator's series, in the order of the rules.
func (cfg *Config) Metrics() []string {
	var out []string
	for _, ind := range cfg.Indicators {
		for _, sr := range []*Series{ind.Level, ind.Growth} {
			if sr != nil && sr.Metric != "" {
				out = append(out, sr.Metric)
			}
		}
	}
	return out
}
