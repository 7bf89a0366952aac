package intake

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrNotChunked is returned by Chunks.Decode for a first piece that only the whole report
// can be decoded from: UTF-16, an HTML page, text that is not UTF-8 or not text at all. The
// caller reads the report whole and decodes it with Decode.
var ErrNotChunked = errors.New("report not decodable piece by piece")

// ChunkMin is the least the first piece given to Chunks holds, unless it is the whole report:
// what decides whether a report is an HTML page stands there.
const ChunkMin = htmlWindow

// Chunks decodes a large plain-text UTF-8 report piece by piece, so that it need not be held
// whole: each piece is handed over, as DecodeOwned takes its bytes, ending at a line end (the
// last may end anywhere), the first holding at least ChunkMin bytes. The texts of the pieces,
// one after another, are what DecodeOwned gives for the whole report: folding, dropping pinyin,
// writing numerals in Arabic digits and keeping the lines are all done within a line. Where the
// two could differ, the whole report is asked for (ErrNotChunked) or refused as DecodeOwned
// would refuse it: a NUL or too many control characters in a later piece are ErrBinaryFile, and
// a later piece that is not UTF-8 has its bad bytes replaced, as in a report that is mostly
// UTF-8, or is ErrUndecodable where they are a tenth of its characters or more.
type Chunks struct {
	pieces int
	text   bool // a piece held more than spaces and line breaks
}

// Decode returns the text of the next piece. It may fold the piece in the piece's own memory:
// the caller must neither read nor write it afterwards.
func (c *Chunks) Decode(piece []byte) (string, error) {
	c.pieces++
	if c.pieces == 1 {
		for _, m := range binaryMagic {
			if bytes.HasPrefix(piece, []byte(m.prefix)) {
				return "", ErrNotChunked
			}
		}
		if bytes.HasPrefix(piece, []byte{0xFF, 0xFE}) || bytes.HasPrefix(piece, []byte{0xFE, 0xFF}) {
			return "", ErrNotChunked
		}
		piece = bytes.TrimPrefix(piece, utf8BOM)
	}
	if bytes.IndexByte(piece, 0) >= 0 {
		if c.pieces == 1 {
			return "", ErrNotChunked // UTF-16 without a BOM, or binary: Decode tells which
		}
		return "", ErrBinaryFile
	}
	dst := piece[:0] // folded in place
	if !utf8.Valid(piece) {
		if c.pieces == 1 {
			return "", ErrNotChunked // GB18030, or damaged UTF-8: Decode tells which
		}
		piece, dst = bytes.ToValidUTF8(piece, []byte("\uFFFD")), nil
	}
	if c.pieces == 1 && sniffHTML(foldedHead(piece)) {
		return "", ErrNotChunked
	}
	out, _, st, _ := foldText(dst, piece)
	if st.control*10 > st.runes {
		return "", ErrBinaryFile
	}
	if st.invalid*10 > st.runes {
		// A report UTF-8 at first and something else further on: read whole, it would be
		// decoded as that; read in pieces it would turn into replacement characters.
		return "", fmt.Errorf("%w: %d of %d characters of a piece are not valid UTF-8", ErrUndecodable, st.invalid, st.runes)
	}
	text := arabicNumerals(stripPinyin(ownString(out)))
	c.text = c.text || !isBlank(text)
	return text, nil
}

// Close tells, once every piece is decoded, whether the report held any text: ErrEmptyReport
// if not, as Decode says of it.
func (c *Chunks) Close() error {
	if !c.text {
		return ErrEmptyReport
	}
	return nil
}

// foldedHead returns the folded text of the part of valid UTF-8 text that sniffHTML looks at,
// leaving text as it is.
func foldedHead(text []byte) string {
	n := min(len(text), htmlWindow)
	for n < len(text) && !utf8.RuneStart(text[n]) {
		n--
	}
	out, _, _, _ := foldText(nil, text[:n])
	return string(out)
}
