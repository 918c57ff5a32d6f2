// Package words holds the small grammar the lab's sentences share.
package words

import "strconv"

// Count says n of a thing: "1 change", "2 changes", "0 changes". many is the
// plural, given whole for the nouns English does not make with an s
// ("delivery", "deliveries").
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
