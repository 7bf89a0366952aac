package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/report-exporter/report_exporter/intake"
)

// pieceBytes is about the size of the pieces a large report is read in.
const pieceBytes = 4 << 20

// extractLarge reads a report of largeReport bytes or more from r a piece at a time, so that
// what it holds is a piece, not the report: the pieces end at line ends and are decoded one
// by one (intake.Chunks), and the place, the date and the lead are read in the first. A report
// that only decodes whole (UTF-16, GB18030, an HTML page) is read whole. It fails if the report
// grows past limit while read.
func (rs *RuleSet) extractLarge(file string, r io.Reader, limit int64, sidecar []byte) (*Result, error) {
	meta, err := parseSidecar(file, sidecar)
	if err != nil {
		return nil, err
	}
	p := &pieces{r: r, limit: limit}
	first, err := p.next(intake.ChunkMin)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var dec intake.Chunks
	text, err := dec.Decode(first)
	if errors.Is(err, intake.ErrNotChunked) {
		data, err := readReport(file, r, slices.Concat(first, p.carry), 0, limit)
		if err != nil {
			return nil, err
		}
		return rs.extract(file, data, sidecar, true, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	x := rs.begin(file, text, meta, nil)
	l := &lines{text: text, more: func() (string, error) {
		piece, err := p.next(1)
		if err != nil || piece == nil {
			return "", err
		}
		return dec.Decode(piece)
	}}
	x.read(l)
	if l.err == nil {
		l.err = dec.Close()
	}
	if l.err != nil {
		return nil, fmt.Errorf("%s: %w", file, l.err)
	}
	return placed(file, x.res)
}

// pieces reads a report in pieces that end at line ends.
type pieces struct {
	r     io.Reader
	carry []byte // read past the last piece's end
	eof   bool
	read  int64
	limit int64
}

// next returns the next piece, of about pieceBytes and at least least bytes up to a line end
// unless it is the last, in memory of its own; nil at the end.
func (p *pieces) next(least int) ([]byte, error) {
	if p.eof && len(p.carry) == 0 {
		return nil, nil
	}
	buf := make([]byte, len(p.carry), max(pieceBytes, 2*len(p.carry)))
	copy(buf, p.carry)
	p.carry = nil
	for {
		for len(buf) < cap(buf) && !p.eof {
			n, err := p.r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if p.read += int64(n); p.read > p.limit {
				return nil, fmt.Errorf("%w: grew past %d bytes while read", ErrTooLarge, p.limit)
			}
			if err == io.EOF {
				p.eof = true
			} else if err != nil {
				return nil, err
			}
		}
		if p.eof {
			return buf, nil
		}
		if i := bytes.LastIndexByte(buf, '\n'); i >= least-1 {
			p.carry = slices.Clone(buf[i+1:])
			return buf[:i+1], nil
		}
		buf = slices.Grow(buf, len(buf)) // a line longer than a piece
	}
}
