package extract

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"

	"github.com/report-exporter/report_exporter/config"
	"github.com/report-exporter/report_exporter/intake"
)

// RuleSet is a rules file compiled for extraction: every word of its vocabulary and every
// alias in matchers built once per load. It is never changed after NewRuleSet, so one RuleSet
// may serve many goroutines.
type RuleSet struct {
	cfg *config.Config

	aliases     words  // id: index into cfg.Indicators
	named       *anyOf // any alias: lines without one are passed over
	cues        words  // id: index into cfg.Vocabulary.Cues
	signs       words  // id: index into signVals
	signVals    []float64
	flat        words
	quals       words // id: index into qualBounds
	qualBounds  []string
	fillers     words
	blockers    words
	mags        words // id: index into magVals
	magVals     []float64
	units       words // id: index into unitVals
	unitVals    []config.Unit
	scopes      words // id: index into scopeLevels
	scopeLevels []string
	g           *grammar // the shape of the prose around the words
	starts      *tokenStarts

	examples []*example
}

// NewRuleSet compiles a loaded rules file. It fails on an example whose expected samples
// cannot be read, naming the example's position.
func NewRuleSet(cfg *config.Config) (*RuleSet, error) {
	rs := &RuleSet{cfg: cfg}
	v := &cfg.Vocabulary
	var all []string
	for i, ind := range cfg.Indicators {
		for _, a := range ind.Aliases {
			rs.aliases.add(a, i)
		}
		all = append(all, ind.Aliases...)
	}
	rs.named = newAnyOf(all)
	for i, c := range v.Cues {
		for _, w := range c.Words {
			rs.cues.add(w, i)
		}
	}
	for w, s := range v.Signs {
		rs.signs.add(w, len(rs.signVals))
		rs.signVals = append(rs.signVals, s)
	}
	for _, w := range v.Flat {
		rs.flat.add(w, 0)
	}
	for w, b := range v.Qualifiers {
		rs.quals.add(w, len(rs.qualBounds))
		rs.qualBounds = append(rs.qualBounds, string(b))
	}
	for _, w := range v.Fillers {
		rs.fillers.add(w, 0)
	}
	for _, w := range v.Blockers {
		rs.blockers.add(w, 0)
	}
	for w, m := range v.Magnitudes {
		rs.mags.add(w, len(rs.magVals))
		rs.magVals = append(rs.magVals, m)
	}
	for w, u := range v.Units {
		rs.units.add(w, len(rs.unitVals))
		rs.unitVals = append(rs.unitVals, u)
	}
	for w, l := range v.Scopes {
		rs.scopes.add(w, len(rs.scopeLevels))
		rs.scopeLevels = append(rs.scopeLevels, l)
	}
	g := &cfg.Grammar
	if g.Empty() {
		// Rules built in Go rather than read from a file: the built-in grammar, as a file
		// without one gets.
		b, err := config.Builtin()
		if err != nil {
			return nil, err
		}
		g = &b.Grammar
	}
	rs.g = newGrammar(g)
	rs.starts = rs.newTokenStarts()
	for _, ind := range cfg.Indicators {
		for _, ex := range ind.Examples {
			e, err := compileExample(cfg, ind, ex)
			if err != nil {
				return nil, err
			}
			rs.examples = append(rs.examples, e)
		}
	}
	return rs, nil
}

// Config returns the rules the set was built from.
func (rs *RuleSet) Config() *config.Config { return rs.cfg }

// ExtractFile reads the report at path in fsys, with its sidecar if it has one, and extracts
// it. The path is kept as the samples' source file.
func (rs *RuleSet) ExtractFile(fsys fs.FS, path string) (*Result, error) {
	return rs.extractFile(fsys, path, nil)
}

// extractFile is ExtractFile that looks for a sidecar only where the walk's sidecars do not
// tell.
func (rs *RuleSet) extractFile(fsys fs.FS, path string, sc *sidecars) (*Result, error) {
	f, size, limit, err := openReport(fsys, path)
	if err != nil {
		return nil, err
	}
	defer f.Close() //nolint:errcheck // read only: closing cannot lose data
	var sidecar []byte
	if has, known := sc.has(path); has || !known {
		if sidecar, err = readSidecar(fsys, path); err != nil {
			return nil, fmt.Errorf("%s: read sidecar: %w", path, err)
		}
	}
	if size >= largeReport {
		return rs.extractLarge(path, f, size, limit, sidecar)
	}
	data, err := readReport(path, f, nil, size, limit)
	if err != nil {
		return nil, err
	}
	return rs.extract(path, data, sidecar, true, nil) // data is read for this call alone
}

// Extract extracts one report given as bytes, with its sidecar's bytes (nil for none). A
// report that cannot be decoded, or a bad sidecar, is an error naming the file.
func (rs *RuleSet) Extract(file string, data, sidecar []byte) (*Result, error) {
	return rs.extract(file, data, sidecar, false, nil)
}

// ExplainFile is Explain for the report at path in fsys, with its sidecar if it has one.
func (rs *RuleSet) ExplainFile(w io.Writer, fsys fs.FS, path string, line int) error {
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		return err
	}
	side, err := readSidecar(fsys, path)
	if err != nil {
		return fmt.Errorf("%s: read sidecar: %w", path, err)
	}
	return rs.Explain(w, path, data, side, line)
}

// Explain extracts one report as Extract does and writes to w how it read it: the document's
// place and date and how they were found, then for the given line (1-based) the context in
// force, each indicator named, and each sample given or why none was.
func (rs *RuleSet) Explain(w io.Writer, file string, data, sidecar []byte, line int) error {
	t := &tracer{w: w, line: line}
	if _, err := rs.extract(file, data, sidecar, false, t); err != nil {
		return err
	}
	return t.err
}

// largeReport is the size from which a plain-text report is read a piece at a time
// (extractLarge), and from which a report read whole has its bytes collected once decoded.
const largeReport = 16 << 20

// extract decodes and reads a report; owned tells that data is the call's alone, so that its
// text may be decoded in data's own memory (intake.DecodeOwned).
func (rs *RuleSet) extract(file string, data, sidecar []byte, owned bool, t *tracer) (*Result, error) {
	meta, err := parseSidecar(file, sidecar)
	if err != nil {
		return nil, err
	}
	decode := intake.Decode
	if owned {
		decode = intake.DecodeOwned
	}
	text, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(data) >= largeReport {
		// Unless the text was folded in their own memory, the bytes read are garbage once
		// decoded, but the collector's next goal is twice the heap that held them beside the
		// text: collect them now, so that a large report costs about twice its size while it
		// is read, not three or four times. (Nothing below reads data, so it is no longer live.)
		runtime.GC()
	}
	return placed(file, rs.extractText(file, text, meta, t))
}

// parseSidecar parses the sidecar of the report file, if it has one (sidecar not nil).
func parseSidecar(file string, sidecar []byte) (*config.Meta, error) {
	if sidecar == nil {
		return nil, nil
	}
	return config.ParseMeta(file+SidecarSuffix, sidecar)
}

// placed returns res, or an error if it has figures but no region to give them to.
func placed(file string, res *Result) (*Result, error) {
	if res.regionless > 0 {
		// Every sample is a region's: a report with figures but no region must say why it
		// gives none.
		hint := ""
		if len(res.candidates) > 0 {
			hint = "; places named: " + strings.Join(res.candidates, ", ")
		}
		return nil, fmt.Errorf("%s: no region found in the text%s; name it in %s (region: 罗湖区)", file, hint, path.Base(file)+SidecarSuffix)
	}
	return res, nil
}

// ExampleCount is the number of examples in the rules.
func (rs *RuleSet) ExampleCount() int { return len(rs.examples) }
