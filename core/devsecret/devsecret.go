// Package devsecret recognizes the placeholder secrets of Latch's documentation and
// examples, so that both halves refuse a value that was copied rather than generated.
package devsecret

import "strings"

// markers appear in every placeholder secret the documentation and the examples show,
// such as "replace-me-with-32-or-more-random-characters".
var markers = []string{"change-me", "changeme", "replace-me", "example-secret"}

// IsExample reports whether s looks like a documentation placeholder: whether it
// contains, in any case, "change-me", "changeme", "replace-me" or "example-secret".
// A randomly generated secret practically never does.
func IsExample(s string) bool {
	low := strings.ToLower(s)
	for _, m := range markers {
		if strings.Contains(low, m) {
			return true
		}
	}
	return false
}
