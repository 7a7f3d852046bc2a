package devsecret_test

import (
	"testing"

	"github.com/latchauth/latch/core/devsecret"
)

func TestIsExample(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"the documentation's JWT key", "replace-me-with-32-or-more-random-characters", true},
		{"the documentation's JWT secret",
			`{"type":"HS256","key":"replace-me-with-32-or-more-random-characters"}`, true},
		{"change-me", "change-me-change-me-change-me-change-me", true},
		{"upper case", "CHANGEME0123456789abcdef0123456789", true},
		{"inside a value", "prod-example-secret-2024", true},
		{"random hex", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
			false},
		{"empty", "", false},
		{"near miss", "change_me is not a marker", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := devsecret.IsExample(tt.in); got != tt.want {
				t.Errorf("IsExample(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
