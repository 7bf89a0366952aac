package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/alecthomas/kingpin/v2"
	"github.com/report-exporter/report_exporter/extract"
	"github.com/report-exporter/report_exporter/store"
)

type extractFlags struct {
	unmatched bool
	explain   string
}

func registerExtract(cmd *kingpin.CmdClause) *extractFlags {
	f := &extractFlags{}
	cmd.Flag("unmatched", "Instead of samples, list as JSON Lines the sentences that name a known indicator and carry a number but gave no sample.").
		BoolVar(&f.unmatched)
	cmd.Flag("explain", "Instead of samples, tell how FILE was read: its place and date and how they were found, and for LINE each sample given or why a figure gave none.").
		PlaceHolder("FILE:LINE").StringVar(&f.explain)
	return f
}

func (f *extractFlags) run(c *common, stdout, stderr io.Writer) int {
	rs, err := loadRules(c.configFile)
	if err != nil {
		printf(stderr, "report_exporter: %v\n", err)
		return 1
	}
	w := bufio.NewWriter(stdout)
	var status int
	if f.explain != "" {
		err = explain(rs, f.explain, w)
	} else {
		// Warnings are buffered too: a corpus may give thousands of conflicts.
		ew := bufio.NewWriter(stderr)
		status, err = f.write(rs, c, w, ew)
		_ = ew.Flush() // nowhere to report a failure to write to stderr
	}
	// Flush after a failure too: the lines before it stand. A failed write (a closed pipe or a
	// full disk) sticks to w, so Flush returns the first one again.
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		printf(stderr, "report_exporter: %v\n", err)
		return 1
	}
	return status
}

// write writes every extracted sample, or with --unmatched every unmatched sentence, to w as
// JSON Lines, and conflicts and skipped reports to stderr. status is 1 if a report was
// skipped; err ends the command.
func (f *extractFlags) write(rs *extract.RuleSet, c *common, w, stderr io.Writer) (status int, err error) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var each func(*extract.Result)
	var werr error // the first failed write
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
		printf(stderr, "report_exporter: conflict: %s\n", cf)
	}
	m, _, err := c.extractReports(context.Background(), rs, each, conflict, func(p string, err error) {
		printf(stderr, "report_exporter: skip %v\n", err)
		status = 1
	})
	if err != nil {
		return 1, err
	}
	if f.unmatched {
		return status, werr
	}
	samples, _ := m.Result()
	var line []byte
	for i := range samples {
		line = append(samples[i].AppendJSON(line[:0]), '\n')
		if _, err := w.Write(line); err != nil {
			return 1, err
		}
	}
	return status, nil
}

// explain writes how the report of FILE:LINE was read; without :LINE, its place and date only.
func explain(rs *extract.RuleSet, arg string, w io.Writer) error {
	file, line := arg, 0
	if i := strings.LastIndexByte(arg, ':'); i > 0 {
		n, err := strconv.Atoi(arg[i+1:])
		if err != nil || n < 1 {
			return fmt.Errorf("--explain %s: the line must be a number from 1", arg)
		}
		file, line = arg[:i], n
	}
	return rs.ExplainFile(w, extract.OSFS{}, file, line)
}
