package check

import "strings"

// compareNatural orders ids the way people count them: o-2 before o-10.
func compareNatural(a, b string) int {
	for a != "" && b != "" {
		ca, cb := leadingRun(a), leadingRun(b)
		if ca != cb {
			if isDigit(ca[0]) && isDigit(cb[0]) {
				na, nb := strings.TrimLeft(ca, "0"), strings.TrimLeft(cb, "0")
				if len(na) != len(nb) {
					return len(na) - len(nb)
				}
				if c := strings.Compare(na, nb); c != 0 {
					return c
				}
			}
			// Same number with other zero padding, or plain text: bytes decide.
			return strings.Compare(ca, cb)
		}
		a, b = a[len(ca):], b[len(cb):]
	}
	return len(a) - len(b)
}

// leadingRun is the first run of digits, or of non-digits, of a non-empty s.
func leadingRun(s string) string {
	digits := isDigit(s[0])
	i := 1
	for i < len(s) && isDigit(s[i]) == digits {
		i++
	}
	return s[:i]
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
