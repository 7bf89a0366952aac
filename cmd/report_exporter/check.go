package main

import "io"

// runCheck loads the rules through the same path as serve and reload, then runs every example.
func runCheck(c *common, stdout, stderr io.Writer) int {
	rs, err := loadRules(c.configFile)
	if err != nil {
		printf(stderr, "report_exporter: %v\n", err)
		return 1
	}
	failures := rs.CheckExamples()
	for _, f := range failures {
		printf(stderr, "%v\n", f)
	}
	if len(failures) > 0 {
		printf(stderr, "%d example(s) failed\n", len(failures))
		return 1
	}
	printf(stdout, "rules OK: %d indicators, %d examples\n", len(rs.Config().Indicators), rs.ExampleCount())
	return 0
}
