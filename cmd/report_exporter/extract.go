package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/alecthomas/kingpin/v2"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/store"
)

type extractFlags struct {
	unmatched bool
}

func registerExtract(cmd *kingpin.CmdClause) *extractFlags {
	f := &extractFlags{}
	cmd.Flag("unmatched", "Instead of samples, list as JSON Lines the sentences that name a known indicator and carry a number but gave no sample.").
		BoolVar(&f.unmatched)
	return f
}

func (f *extractFlags) run(c *common, stdout, stderr io.Writer) int {
	rs, err := loadRules(c.configFile)
	if err != nil {
		fmt.Fprintf(stderr, "report_exporter: %v\n", err)
		return 1
	}
	status := 0
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var each func(*extract.Result)
	var werr error // the first failed write: a closed pipe or a full disk
	if f.unmatched {
		each = func(r *extract.Result) {
			for _, u := range r.Unmatched {
				if err := enc.Encode(u); err != nil && werr == nil {
					werr = err
				}
			}
		}
	}
	conflict := func(cf store.Conflict) {
		fmt.Fprintf(stderr, "report_exporter: conflict: %s\n", cf)
	}
	m, _, err := extractReports(rs, c.paths, each, conflict, func(p string, err error) {
		fmt.Fprintf(stderr, "report_exporter: skip %v\n", err)
		status = 1
	})
	if err != nil {
		fmt.Fprintf(stderr, "report_exporter: %v\n", err)
		return 1
	}
	if f.unmatched {
		if werr == nil {
			werr = w.Flush()
		}
		if werr != nil {
			fmt.Fprintf(stderr, "report_exporter: %v\n", werr)
			return 1
		}
		return status
	}
	samples, _ := m.Result()
	for _, s := range samples {
		if err := enc.Encode(s); err != nil {
			fmt.Fprintf(stderr, "report_exporter: %v\n", err)
			return 1
		}
	}
	return status
}
