package extract

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"
)

// tracer writes the decisions of one extraction for Explain. A nil tracer writes nothing.
type tracer struct {
	w    io.Writer
	line int   // the line whose figures are explained
	err  error // the first failed write
}

// at tells whether line n is the one explained.
func (t *tracer) at(n int) bool { return t != nil && t.line == n }

func (t *tracer) printf(format string, args ...any) {
	if _, err := fmt.Fprintf(t.w, format+"\n", args...); err != nil && t.err == nil {
		t.err = err
	}
}

// document writes the facts of the document and how they were found.
func (t *tracer) document(d *document) {
	if t == nil {
		return
	}
	t.printf("file: %s", d.file)
	t.printf("region: %s (code %s), from %s; places named: %s", cmp.Or(d.region, "unknown"), cmp.Or(d.regionCode, "none"), cmp.Or(d.regionBy, "nothing"), cmp.Or(strings.Join(d.candidates, ", "), "none"))
	published := "unknown"
	if !d.published.IsZero() {
		published = d.published.Format(time.DateOnly)
		if !d.exact {
			published = fmt.Sprintf("%d (the year only)", d.year)
		}
	}
	t.printf("published: %s, from %s", published, cmp.Or(d.publishedHow(), "nothing"))
}

// why writes a decision taken on the line explained.
func (x *extraction) why(format string, args ...any) {
	if x.explaining() {
		x.trace.printf("  "+format, args...)
	}
}

// explaining tells whether the line being read is explained: arguments dear to build are
// built only then.
func (x *extraction) explaining() bool { return x.trace.at(x.line) }

// String shows a context as Explain writes it.
func (c setting) String() string {
	var parts []string
	if c.year != 0 {
		parts = append(parts, fmt.Sprintf("year %d", c.year))
	}
	if c.kind != "" {
		parts = append(parts, "kind "+c.kind)
	}
	if c.period != "" {
		parts = append(parts, "period "+c.period)
	}
	if c.horizon {
		parts = append(parts, "a plan's horizon")
	}
	if len(parts) == 0 {
		return "(nothing known)"
	}
	return strings.Join(parts, ", ")
}

// head returns the first n characters of s. A cut line ends in "…", so that a pattern anchored
// at the end ($) does not take the cut for the end.
func head(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}
