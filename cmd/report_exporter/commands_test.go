package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestUnknownCommand: a mistyped command is an error, not serve on a PATH of that name, and
// flags may come before the command.
func TestUnknownCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"extrct"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), `unknown command "extrct"`) {
		t.Errorf("report_exporter extrct: exit %d, stderr %q; want 2 naming the unknown command", code, stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"--config.file=../../config/rules.yaml", "check"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "rules OK") {
		t.Errorf("report_exporter --config.file=F check: exit %d, stdout %q, stderr %q; want check to run", code, stdout.String(), stderr.String())
	}
}
