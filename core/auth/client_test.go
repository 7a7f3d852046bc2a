package auth_test

import (
	"context"
	"testing"

	"github.com/latchauth/latch/core/auth"
)

func TestClientAddress(t *testing.T) {
	tests := []struct {
		name string
		ctx  context.Context
		want string
	}{
		{"none", context.Background(), ""},
		{"set", auth.WithClient(context.Background(), "203.0.113.7"), "203.0.113.7"},
		{"empty", auth.WithClient(context.Background(), ""), ""},
		{
			"innermost wins",
			auth.WithClient(auth.WithClient(context.Background(), "a"), "b"),
			"b",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := auth.ClientFrom(tt.ctx); got != tt.want {
				t.Errorf("ClientFrom = %q, want %q", got, tt.want)
			}
		})
	}
}
