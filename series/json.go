package series

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// AppendJSON appends the sample as one line of `extract` output, without the newline: what
// encoding/json makes of it (MarshalJSON), byte for byte, without reflection or a second pass.
// A million samples are written in a fraction of the time.
func (s *Sample) AppendJSON(b []byte) []byte {
	b = append(b, `{"name":`...)
	b = appendJSONString(b, s.Name)
	b = append(b, `,"labels":{"region":`...)
	b = appendJSONString(b, s.Labels.Region)
	if s.Labels.RegionCode != "" {
		b = append(b, `,"region_code":`...)
		b = appendJSONString(b, s.Labels.RegionCode)
	}
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, s.Labels.Kind)
	b = append(b, `,"period":`...)
	b = appendJSONString(b, s.Labels.Period)
	if s.Labels.Bound != "" {
		b = append(b, `,"bound":`...)
		b = appendJSONString(b, s.Labels.Bound)
	}
	b = append(b, `},"value":`...)
	b = appendJSONFloat(b, s.Value)
	b = append(b, `,"timestamp":"`...)
	b = s.Time.In(China).AppendFormat(b, time.RFC3339)
	b = append(b, `","source":{"file":`...)
	b = appendJSONString(b, s.Source.File)
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(s.Source.Line), 10)
	b = append(b, `,"text":`...)
	b = appendJSONString(b, s.Source.Text)
	b = append(b, '}')
	if s.Qualifier != "" {
		b = append(b, `,"qualifier":`...)
		b = appendJSONString(b, s.Qualifier)
	}
	if !s.Published.IsZero() {
		b = append(b, `,"published":"`...)
		b = s.Published.In(China).AppendFormat(b, time.DateOnly)
		b = append(b, '"')
	}
	return append(b, '}')
}

// appendJSONFloat appends f as encoding/json writes a float64: the shortest decimal that
// reads back as f, in exponent form outside [1e-6, 1e21). f is finite: the rules refuse any
// other number.
func appendJSONFloat(b []byte, f float64) []byte {
	abs, format := math.Abs(f), byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// 1e-07 becomes 1e-7, as encoding/json has it.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hex = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes a string: <, > and & escaped for
// HTML, U+2028 and U+2029 escaped, invalid UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
