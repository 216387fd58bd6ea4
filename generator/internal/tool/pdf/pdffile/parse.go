package pdffile

import (
	"strconv"
)

// parser reads PDF objects from b starting at i. It never panics on bad
// input: what it cannot read comes back as nil.
type parser struct {
	b     []byte
	i     int
	depth int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// space skips white space and comments.
func (p *parser) space() {
	for p.i < len(p.b) {
		c := p.b[p.i]
		if isSpace(c) {
			p.i++
			continue
		}
		if c == '%' {
			for p.i < len(p.b) && p.b[p.i] != '\n' && p.b[p.i] != '\r' {
				p.i++
			}
			continue
		}
		return
	}
}

// word reads a run of regular characters.
func (p *parser) word() string {
	start := p.i
	for p.i < len(p.b) && !isSpace(p.b[p.i]) && !isDelim(p.b[p.i]) {
		p.i++
	}
	return string(p.b[start:p.i])
}

// value reads one object; "N G R" becomes a ref.
func (p *parser) value() any {
	if p.depth > 100 {
		return nil
	}
	p.depth++
	defer func() { p.depth-- }()
	p.space()
	if p.i >= len(p.b) {
		return nil
	}
	switch c := p.b[p.i]; {
	case c == '/':
		p.i++
		return name(unhashName(p.word()))
	case c == '(':
		return p.literal()
	case c == '<' && p.i+1 < len(p.b) && p.b[p.i+1] == '<':
		p.i += 2
		d := dict{}
		for {
			p.space()
			if p.i >= len(p.b) {
				return d
			}
			if p.b[p.i] == '>' {
				p.i += 2
				return d
			}
			k, ok := p.value().(name)
			if !ok {
				return d
			}
			d[k] = p.value()
		}
	case c == '<':
		p.i++
		var out []byte
		var hi int = -1
		for p.i < len(p.b) && p.b[p.i] != '>' {
			if v, ok := hexVal(p.b[p.i]); ok {
				if hi < 0 {
					hi = v
				} else {
					out = append(out, byte(hi<<4|v))
					hi = -1
				}
			}
			p.i++
		}
		if hi >= 0 {
			out = append(out, byte(hi<<4))
		}
		p.i++
		return str(out)
	case c == '[':
		p.i++
		var a array
		for {
			p.space()
			if p.i >= len(p.b) {
				return a
			}
			if p.b[p.i] == ']' {
				p.i++
				return a
			}
			a = append(a, p.value())
		}
	case c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'):
		w := p.word()
		n, err := strconv.Atoi(w)
		if err != nil {
			f, _ := strconv.ParseFloat(w, 64)
			return f
		}
		// A reference is "num gen R".
		save := p.i
		p.space()
		if p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			g, err := strconv.Atoi(p.word())
			p.space()
			if err == nil && p.i < len(p.b) && p.b[p.i] == 'R' &&
				(p.i+1 == len(p.b) || isSpace(p.b[p.i+1]) || isDelim(p.b[p.i+1])) {
				p.i++
				return ref{n, g}
			}
		}
		p.i = save
		return n
	default:
		w := p.word()
		if w == "" {
			p.i++ // a stray delimiter
			return nil
		}
		switch w {
		case "true":
			return true
		case "false":
			return false
		}
		return nil
	}
}

// literal reads a (string) with its escapes and balanced parentheses.
func (p *parser) literal() str {
	p.i++
	var out []byte
	depth := 1
	for p.i < len(p.b) {
		c := p.b[p.i]
		p.i++
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return out
			}
		case '\\':
			if p.i >= len(p.b) {
				return out
			}
			e := p.b[p.i]
			p.i++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if p.i < len(p.b) && p.b[p.i] == '\n' {
					p.i++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '7'; k++ {
						v = v*8 + int(p.b[p.i]-'0')
						p.i++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return out
}

func hexVal(c byte) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}

// unhashName decodes #xx escapes in a name.
func unhashName(s string) string {
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && i+2 < len(s) {
			h, ok1 := hexVal(s[i+1])
			l, ok2 := hexVal(s[i+2])
			if ok1 && ok2 {
				out = append(out, byte(h<<4|l))
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return string(out)
}
