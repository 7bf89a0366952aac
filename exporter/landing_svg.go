package exporter

import (
	"html/template"
	"strconv"
)

// svg writes the chart as inline SVG. It is written here rather than by the page's template,
// which spent nearly half of a rendering on the reflection of the charts' many points; every
// string in it that the reports or the rules give is escaped by htmlEscape as html/template
// escapes it, the rest is numbers, fixed words and the palette's colours.
func (p *plot) svg() template.HTML {
	w := svgWriter{b: make([]byte, 0, 1024+len(p.lines)*512+len(p.targets)*256)}
	w.raw(`<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `)
	w.int(chartW)
	w.raw(" ")
	w.int(chartH)
	w.raw(`" role="img" aria-label="`)
	w.esc(p.title)
	w.raw(" ")
	w.esc(p.metric)
	w.raw(`">`)
	if p.valueGrid != "" {
		w.raw("\n" + `<path class="values" d="`)
		w.raw(p.valueGrid)
		w.raw(`" fill="none" stroke="#f0f0f0"/>`)
	}
	if p.grid != "" {
		w.raw("\n" + `<path class="years" d="`)
		w.raw(p.grid)
		w.raw(`" fill="none" stroke="#ddd"/>`)
	}
	w.raw("\n" + `<path class="axes" d="`)
	w.raw(p.frame)
	w.raw(`" fill="none" stroke="#999"/>`)
	if p.empty {
		w.raw("\n" + `<text x="`)
		w.int(padL + plotW/2)
		w.raw(`" y="`)
		w.int(padT + plotH/2)
		w.raw(`" text-anchor="middle">` + chartNoData + `</text>`)
	}
	for _, t := range p.yTicks {
		w.text(t, `" text-anchor="end" dominant-baseline="middle">`)
	}
	for _, t := range p.xTicks {
		w.text(t, `" text-anchor="middle">`)
	}
	for i := range p.targets {
		w.target(&p.targets[i])
	}
	for i := range p.lines {
		w.line(&p.lines[i])
	}
	w.raw("\n</svg>")
	return template.HTML(w.b) // escaped as it was written
}

// svgWriter appends SVG to a buffer.
type svgWriter struct{ b []byte }

func (w *svgWriter) raw(s string)        { w.b = append(w.b, s...) }
func (w *svgWriter) esc(s string)        { w.b = htmlEscape(w.b, s) }
func (w *svgWriter) int(v int)           { w.b = strconv.AppendInt(w.b, int64(v), 10) }
func (w *svgWriter) num(v float64)       { w.b = strconv.AppendFloat(w.b, v, 'f', -1, 64) }
func (w *svgWriter) at(x, y float64)     { w.raw(`cx="`); w.num(x); w.raw(`" cy="`); w.num(y); w.raw(`"`) }
func (w *svgWriter) attr(name, v string) { w.raw(" " + name + `="`); w.esc(v); w.raw(`"`) }

// text writes a tick's label at its place; rest closes the start tag.
func (w *svgWriter) text(t tick, rest string) {
	w.raw("\n" + `<text x="`)
	w.num(t.X)
	w.raw(`" y="`)
	w.num(t.Y)
	w.raw(rest)
	w.esc(t.Label)
	w.raw("</text>")
}

func (w *svgWriter) target(t *targetMark) {
	w.raw("\n" + `<g class="target `)
	w.esc(t.Shape)
	w.raw(`"`)
	w.attr("data-region", t.Region)
	w.raw(` data-year="`)
	w.int(t.Year)
	w.raw(`">` + "\n" + `<path`)
	w.attr("d", t.Path)
	w.attr("fill", t.Fill)
	if t.Opaque != "" {
		w.attr("fill-opacity", t.Opaque)
	}
	w.attr("stroke", t.Stroke)
	w.raw(` stroke-width="1.5"><title>`)
	w.esc(t.Title)
	w.raw("</title></path>\n</g>")
}

func (w *svgWriter) line(l *line) {
	w.raw("\n" + `<g class="region"`)
	w.attr("data-region", l.Region)
	w.attr("data-period", l.Period)
	w.attr("fill", l.Fill)
	w.attr("stroke", l.Color)
	w.raw(` stroke-width="1.5">` + "\n" + `<path`)
	w.attr("d", l.Path)
	w.raw(` fill="none" stroke-width="2"`)
	if l.Dash != "" {
		w.attr("stroke-dasharray", l.Dash)
	}
	w.raw("/>")
	for i := range l.Points {
		pt := &l.Points[i]
		w.raw("\n<circle ")
		w.at(pt.X, pt.Y)
		w.raw(` r="3"><title>`)
		w.esc(pt.Title)
		w.raw("</title></circle>")
		if pt.Short {
			w.raw("\n" + `<circle class="short" `)
			w.at(pt.X, pt.Y)
			w.raw(` r="6.5" fill="none" stroke="#b00"/>`)
		}
	}
	w.raw("\n</g>")
}

// htmlEscapes is what html/template writes for a character in text and in a quoted attribute.
var htmlEscapes = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlEscape appends s to b escaped as html/template escapes a string in text and in a quoted
// attribute value, byte for byte the same (a test compares them): the markup characters as
// entities and NUL as U+FFFD; the rest as it is.
func htmlEscape(b []byte, s string) []byte {
	done := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; int(c) < len(htmlEscapes) && htmlEscapes[c] != "" {
			b = append(append(b, s[done:i]...), htmlEscapes[c]...)
			done = i + 1
		}
	}
	return append(b, s[done:]...)
}

func itoa(v int) string { return strconv.Itoa(v) }

// thousands writes a count with its thousands apart: 2,974.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return string(b)
}
