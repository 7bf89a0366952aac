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
func (rs *RuleSet) extractLarge(file string, r io.Reader, size, limit int64, sidecar []byte) (*Result, error) {
	return rs.extractPieces(file, &pieces{r: r, size: pieceBytes, limit: limit}, size, sidecar)
}

// extractPieces is extractLarge on the pieces p gives, of a report of size bytes as its file
// says.
func (rs *RuleSet) extractPieces(file string, p *pieces, size int64, sidecar []byte) (*Result, error) {
	meta, err := parseSidecar(file, sidecar)
	if err != nil {
		return nil, err
	}
	first, err := p.next(intake.ChunkMin)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var dec intake.Chunks
	text, err := dec.Decode(first)
	if errors.Is(err, intake.ErrNotChunked) {
		data, err := readReport(file, p.r, slices.Concat(first, p.carry), size, p.limit)
		if err != nil {
			return nil, err
		}
		return rs.extract(file, data, sidecar, true, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	x := rs.begin(file, text, meta, nil)
	l := &lineSource{text: text, more: func() (string, error) {
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
	size  int    // about the size of a piece: pieceBytes, less in tests
	carry []byte // read past the last piece's end
	eof   bool
	n     int64 // bytes read
	limit int64
}

// next returns the next piece, of about p.size bytes and at least least bytes up to a line
// end unless it is the last, in memory of its own; nil at the end. A line longer than a piece
// makes the piece as long: a report without line breaks is held whole.
func (p *pieces) next(least int) ([]byte, error) {
	if p.eof && len(p.carry) == 0 {
		return nil, nil
	}
	buf := make([]byte, len(p.carry), max(p.size, 2*len(p.carry)))
	copy(buf, p.carry)
	p.carry = nil
	for {
		for len(buf) < cap(buf) && !p.eof {
			n, err := p.r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if p.n += int64(n); p.n > p.limit {
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
