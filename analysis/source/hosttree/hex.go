package hosttree

// HexRune reads the rune written as hex digits in s (the XXXX of a \uXXXX
// escape, in YAML and HCL strings alike); ok is false when a character is
// not a hex digit.
func HexRune[S ~string | ~[]byte](s S) (r rune, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
