package main

import (
	"fmt"
	"io"
)

// runCheck loads the rules through the same path as serve and reload, then runs every example.
func runCheck(c *common, stdout, stderr io.Writer) int {
	rs, err := loadRules(c.configFile)
	if err != nil {
		fmt.Fprintf(stderr, "report_exporter: %v\n", err)
		return 1
	}
	failures := rs.CheckExamples()
	for _, f := range failures {
		fmt.Fprintln(stderr, f)
	}
	if len(failures) > 0 {
		fmt.Fprintf(stderr, "%d example(s) failed\n", len(failures))
		return 1
	}
	fmt.Fprintf(stdout, "rules OK: %d indicators, %d examples\n", len(rs.Config().Indicators), rs.ExampleCount())
	return 0
}
