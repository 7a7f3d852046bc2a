package main

import (
	"errors"
	"testing"
)

func TestParseTargetAcceptsLoopbackOnly(t *testing.T) {
	tests := []struct {
		name string
		url  string
		want string // "" when refused
	}{
		{"ipv4 loopback", "http://127.0.0.1:8090/actions", "http://127.0.0.1:8090"},
		{"anywhere in 127/8", "http://127.9.8.7:1", "http://127.9.8.7:1"},
		{"ipv6 loopback", "http://[::1]:8090", "http://[::1]:8090"},
		{"localhost", "https://LocalHost:8443", "https://LocalHost:8443"},
		{"mapped loopback", "http://[::ffff:127.0.0.1]:1", "http://[::ffff:127.0.0.1]:1"},
		{"private address", "http://10.0.0.1:8090", ""},
		{"unspecified", "http://0.0.0.0:8090", ""},
		{"link-local metadata", "http://169.254.169.254/", ""},
		{"a name", "http://example.com/", ""},
		{"localhost lookalike", "http://localhost.example.com/", ""},
		{"short form", "http://127.1:8090/", ""},
		{"zoned", "http://[::1%25lo]:8090/", ""},
		{"other scheme", "ftp://127.0.0.1/", ""},
		{"credentials", "http://u:p@127.0.0.1/", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseTarget(tt.url)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("parseTarget(%q) = %q, want an error", tt.url, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("parseTarget(%q) = %q, %v; want %q", tt.url, got, err, tt.want)
			}
		})
	}
}

func TestLoopbackOnlyRefusesResolvedAddresses(t *testing.T) {
	if err := loopbackOnly("tcp", "127.0.0.1:80", nil); err != nil {
		t.Fatalf("loopback refused: %v", err)
	}
	if err := loopbackOnly("tcp6", "[::1]:80", nil); err != nil {
		t.Fatalf("::1 refused: %v", err)
	}
	err := loopbackOnly("tcp", "192.0.2.1:80", nil)
	if !errors.Is(err, errNotLoopback) {
		t.Fatalf("loopbackOnly(192.0.2.1) = %v, want errNotLoopback", err)
	}
}
