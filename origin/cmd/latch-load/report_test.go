package main

import (
	"testing"
	"time"
)

func TestPercentileInterpolates(t *testing.T) {
	d := []time.Duration{4 * time.Millisecond, 1 * time.Millisecond, 3 * time.Millisecond,
		2 * time.Millisecond}
	if got := percentile(d, 50); got != 2.5 {
		t.Errorf("p50 = %v, want 2.5", got)
	}
	if got := percentile(d, 100); got != 4 {
		t.Errorf("p100 = %v, want 4", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of nothing = %v, want 0", got)
	}
}

func TestCapacityLevel(t *testing.T) {
	levels := func(perSecond ...float64) []record {
		var out []record
		for i, p := range perSecond {
			out = append(out, record{Kind: "capacity", C: 1 << i, PerSecond: p})
		}
		return out
	}
	tests := []struct {
		name       string
		levels     []record
		wantC      int
		wantRising bool
	}{
		{"flat from the start", levels(10, 10.5, 10, 9), 1, false},
		{"rises once", levels(8, 14, 15, 15), 2, false},
		{"a dip stops it", levels(8, 14, 12, 20), 2, false},
		{"still rising", levels(5, 9, 16), 4, true},
		{"nothing measured", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rising := capacityLevel(tt.levels)
			if c != tt.wantC || rising != tt.wantRising {
				t.Fatalf("capacityLevel = %d, %v; want %d, %v", c, rising, tt.wantC,
					tt.wantRising)
			}
		})
	}
}

func TestEnumVerdictIsSymmetric(t *testing.T) {
	for ratio, want := range map[float64]string{
		1: "PASS", 1.09: "PASS", 1 / 1.09: "PASS", 1.2: "FAIL", 1 / 1.2: "FAIL", 0: "FAIL",
	} {
		if got := enumVerdict(record{Ratio: ratio}); got != want {
			t.Errorf("enumVerdict(%.3f) = %s, want %s", ratio, got, want)
		}
	}
}
