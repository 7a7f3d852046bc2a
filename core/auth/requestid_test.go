package auth_test

import (
	"context"
	"strings"
	"testing"

	"github.com/latchauth/latch/core/auth"
)

func TestRequestIDContext(t *testing.T) {
	ctx := context.Background()
	if id := auth.RequestIDFrom(ctx); id != "" {
		t.Errorf("RequestIDFrom(empty context) = %q, want empty", id)
	}
	if id := auth.RequestIDFrom(auth.WithRequestID(ctx, "abc-1")); id != "abc-1" {
		t.Errorf("RequestIDFrom = %q, want abc-1", id)
	}
}

func TestValidRequestID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"0123456789abcdef", true},
		{"Req_42-x", true},
		{strings.Repeat("a", 64), true},
		{"", false},
		{strings.Repeat("a", 65), false},
		{"a b", false},
		{"a\nlevel=ERROR", false},
		{`a"b`, false},
		{"a.b", false},
		{"é", false},
	}
	for _, tt := range tests {
		if got := auth.ValidRequestID(tt.id); got != tt.want {
			t.Errorf("ValidRequestID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestNewRequestID(t *testing.T) {
	a, b := auth.NewRequestID(), auth.NewRequestID()
	if len(a) != 16 || !auth.ValidRequestID(a) || a == b {
		t.Errorf("NewRequestID() = %q then %q, want two different 16-digit ids", a, b)
	}
}
