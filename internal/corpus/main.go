// Command corpus writes a synthetic corpus of government work reports, in the style of the
// seed reports, with the list of the figures it contains, or a rules file with many
// indicators. Both are deterministic: the same seed gives the same bytes.
//
//	go run ./internal/corpus -size 100MB -out /tmp/corpus -seed 1
//	go run ./internal/corpus -rules 200 -out /tmp/rules200.yaml -aliases /tmp/aliases200.txt
//	go run ./internal/corpus -rules 0 -out /tmp/rules.yaml -aliases /tmp/aliases.txt  # the defaults
//	go run ./internal/corpus -score /tmp/corpus/expected-core.tsv -extract out.jsonl
//	go run ./internal/corpus -national -out /tmp/national   # every county, 1990-2026
//
// A corpus is written as OUT/reports/NNNN/*.{txt,html} (a twentieth of them GB18030, a
// twentieth HTML pages) and OUT/expected-core.tsv, the figures in the format of
// seeds' expected-core.tsv, merged across documents as `extract` merges them. -score compares
// `extract` output with such a list and prints recall and precision.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/report-exporter/report_exporter/internal/corpus/gen"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
}

func run() error {
	size := flag.String("size", "1MB", "corpus size: bytes, or with KB, MB, GB (powers of 1024)")
	out := flag.String("out", "", "output folder of the corpus, or file of the rules with -rules")
	seed := flag.Uint64("seed", 1, "random seed")
	rules := flag.Int("rules", -1, "write a rules file with this many indicators instead of a corpus: the default rules plus generated ones (0: the default rules alone)")
	aliases := flag.String("aliases", "", "also write every alias of the rules, one a line, to this file (for rg -F -f)")
	national := flag.Bool("national", false, "write a national-scale folder instead: a short bulletin for every county of the gazetteer and every year from 1990 to 2026")
	score := flag.String("score", "", "compare -extract (JSON Lines of `report_exporter extract`) with this gold list and print recall and precision")
	extracted := flag.String("extract", "", "the extract output that -score reads")
	flag.Parse()
	switch {
	case *score != "":
		return printScore(*score, *extracted)
	case *out == "":
		return fmt.Errorf("give -out")
	case *rules >= 0:
		return writeRules(*out, *aliases, *rules, *seed)
	case *national:
		return writeNational(*out, 1990, 2026, *seed)
	}
	limit, err := parseSize(*size)
	if err != nil {
		return err
	}
	return writeCorpus(*out, limit, *seed)
}

// writeRules writes a rules file of the default rules and n generated indicators to out, and
// if aliasesFile is given, every alias of those rules to it.
func writeRules(out, aliasesFile string, n int, seed uint64) error {
	data, err := gen.Rules(n, seed)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	if aliasesFile == "" {
		return nil
	}
	a, err := gen.Aliases(data)
	if err != nil {
		return err
	}
	return os.WriteFile(aliasesFile, a, 0o644)
}

// writeCorpus writes reports to out until they hold limit bytes, a thousand to a folder, and
// then the gold list of their figures.
func writeCorpus(out string, limit int64, seed uint64) error {
	g, err := gen.New(seed)
	if err != nil {
		return err
	}
	var gold gen.Gold
	var total int64
	docs := 0
	for total < limit {
		d := g.Next()
		rel := filepath.Join("reports", fmt.Sprintf("%04d", docs/1000), d.Name)
		p := filepath.Join(out, rel)
		if docs%1000 == 0 {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
		}
		if err := os.WriteFile(p, d.Data, 0o644); err != nil {
			return err
		}
		gold.Add(rel, &d)
		total += int64(len(d.Data))
		docs++
	}
	if err := writeGold(filepath.Join(out, "expected-core.tsv"), &gold); err != nil {
		return err
	}
	fmt.Printf("%d documents, %d bytes, %d figures in %s\n", docs, total, gold.Len(), out)
	return nil
}

// writeGold writes the gold list to path.
func writeGold(path string, gold *gen.Gold) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = gold.WriteTSV(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// parseSize reads 100MB, 1GB, 512KB or a plain number of bytes.
func parseSize(s string) (int64, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, suf := range []struct {
		s string
		m int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(u, suf.s) {
			u, mult = strings.TrimSpace(strings.TrimSuffix(u, suf.s)), suf.m
			break
		}
	}
	n, err := strconv.ParseFloat(u, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("size %q: want a positive number of bytes, KB, MB or GB", s)
	}
	return int64(n * float64(mult)), nil
}

// printScore prints "recall R (right/required), precision P (right/emitted)".
func printScore(goldFile, extractFile string) error {
	gold, err := os.Open(goldFile)
	if err != nil {
		return err
	}
	defer closeRead(gold)
	got, err := os.Open(extractFile)
	if err != nil {
		return err
	}
	defer closeRead(got)
	right, required, emitted, err := gen.Score(gold, got)
	if err != nil {
		return err
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 1
		}
		return float64(a) / float64(b)
	}
	fmt.Printf("recall %.3f (%d/%d), precision %.3f (%d/%d)\n",
		ratio(right, required), right, required, ratio(right, emitted), right, emitted)
	return nil
}

// closeRead closes a file that was only read. Nothing written can be lost, so an error of
// Close tells nothing and is dropped.
func closeRead(f *os.File) {
	_ = f.Close()
}
