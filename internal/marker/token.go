package marker

import "fmt"

// valueEnd is where the JSON value starting at src[i] ends: after a
// string's closing quote, a number's or a bare word's last character, or
// an object's or array's closing bracket (strings and comments inside it
// skipped). A diag marker without /*@end*/ ends there.
func valueEnd(src []byte, i int) (int, error) {
	if i >= len(src) {
		return 0, fmt.Errorf("no JSON value after the marker (end of document)")
	}
	switch c := src[i]; {
	case c == '"':
		return stringEnd(src, i)
	case c == '{' || c == '[':
		return bracketsEnd(src, i)
	case c == '-' || isDigit(c):
		return runEnd(src, i, func(c byte) bool { return isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' }), nil
	case isWordByte(c):
		return runEnd(src, i, isWordByte), nil
	default:
		return 0, fmt.Errorf("no JSON value after the marker (%q)", c)
	}
}

func isDigit(c byte) bool    { return '0' <= c && c <= '9' }
func isWordByte(c byte) bool { return c == '_' || isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'z' }

func runEnd(src []byte, i int, in func(byte) bool) int {
	for i < len(src) && in(src[i]) {
		i++
	}
	return i
}

// stringEnd is the offset after the string opening at src[i]; a string
// the line ends first is an error, since its end is a guess.
func stringEnd(src []byte, i int) (int, error) {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		case '\n', '\r':
			return 0, fmt.Errorf("unterminated string after the marker")
		}
	}
	return 0, fmt.Errorf("unterminated string after the marker")
}

// bracketsEnd is the offset after the bracket matching the one at src[i].
func bracketsEnd(src []byte, i int) (int, error) {
	var want []byte // the closing brackets due, innermost last
	for j := i; j < len(src); j++ {
		switch c := src[j]; c {
		case '"':
			end, err := stringEnd(src, j)
			if err != nil {
				return 0, err
			}
			j = end - 1
		case '/':
			j = commentEnd(src, j) - 1
		case '{', '[':
			want = append(want, c+2) // '{'+2 == '}', '['+2 == ']'
		case '}', ']':
			if c != want[len(want)-1] {
				return 0, fmt.Errorf("unclosed %q after the marker (%q at %d)", src[i], c, j)
			}
			want = want[:len(want)-1]
			if len(want) == 0 {
				return j + 1, nil
			}
		}
	}
	return 0, fmt.Errorf("unclosed %q after the marker", src[i])
}

// commentEnd is the offset after a // or /* comment at src[i], or i+1
// when none starts there.
func commentEnd(src []byte, i int) int {
	if i+1 >= len(src) {
		return i + 1
	}
	var end []byte
	switch src[i+1] {
	case '/':
		end = []byte("\n")
	case '*':
		end = []byte("*/")
	default:
		return i + 1
	}
	for j := i + 2; j+len(end) <= len(src); j++ {
		if string(src[j:j+len(end)]) == string(end) {
			return j + len(end)
		}
	}
	return len(src)
}
