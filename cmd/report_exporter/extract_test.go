package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestExtractExplain: --explain FILE:LINE tells the place and date and each sample of the
// line; a bad line number or a missing file is an error.
func TestExtractExplain(t *testing.T) {
	f := func(arg string, code int, want string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if got := run([]string{"extract", "--explain", arg}, &stdout, &stderr); got != code {
			t.Fatalf("--explain %s: exit %d, want %d (stderr %q)", arg, got, code, stderr.String())
		}
		if out := stdout.String() + stderr.String(); !strings.Contains(out, want) {
			t.Errorf("--explain %s: output lacks %q:\n%s", arg, want, out)
		}
	}
	seed := "../../seeds/000_5a1c674f40456f63.txt"
	f(seed+":19", 0, `sample econ_fixed_asset_investment_yuan{region="罗湖区",kind="actual",period="1-6"} 1.4775e+10 2022-06-30`)
	f(seed, 0, "region: 罗湖区 (code 440303)")
	f(seed+":x", 1, "the line must be a number from 1")
	f("nope.txt:3", 1, "nope.txt")
}
