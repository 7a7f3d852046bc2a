package admission_test

import (
	"math"
	"testing"

	"github.com/latchauth/latch/origin/internal/admission"
)

const (
	mib = 1 << 20
	gib = 1 << 30
)

func TestSlots(t *testing.T) {
	tests := []struct {
		name   string
		budget uint64
		memKiB uint32
		cpus   int
		want   int
	}{
		// (1024 − 64) MiB / 96 MiB = 10, capped by 8 CPUs.
		{"1 GiB, 64 MiB hashes, 8 cpus", gib, 64 * 1024, 8, 8},
		{"1 GiB, 64 MiB hashes, 16 cpus", gib, 64 * 1024, 16, 10},
		{"512 MiB, 64 MiB hashes", 512 * mib, 64 * 1024, 16, 4}, // 448/96
		{"exactly 2 hashes", 64*mib + 2*96*mib, 64 * 1024, 16, 2},
		{"one byte short of 2", 64*mib + 2*96*mib - 1, 64 * 1024, 16, 1},
		{"OWASP minimum, 256 MiB", 256 * mib, 19456, 4, 4},
		{"budget below the base", 32 * mib, 64 * 1024, 8, 1},
		{"budget equal to the base", 64 * mib, 64 * 1024, 8, 1},
		{"no budget: cpus", 0, 64 * 1024, 6, 6},
		{"no memory per hash: cpus", gib, 0, 3, 3},
		{"no cpus reported", gib, 64 * 1024, 0, 1},
		{"huge budget", math.MaxUint64, 8, 32, 32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := admission.Slots(tt.budget, tt.memKiB, tt.cpus)
			if got != tt.want {
				t.Fatalf("Slots(%d, %d, %d) = %d, want %d",
					tt.budget, tt.memKiB, tt.cpus, got, tt.want)
			}
			fits := admission.PeakMemory(1, tt.memKiB) <= tt.budget
			if tt.budget > 0 && fits && admission.PeakMemory(got, tt.memKiB) > tt.budget {
				t.Errorf("PeakMemory(%d, %d) = %d exceeds the budget %d",
					got, tt.memKiB, admission.PeakMemory(got, tt.memKiB), tt.budget)
			}
		})
	}
}

func TestPeakMemory(t *testing.T) {
	// 4 × 64 MiB × 1.5 + 64 MiB.
	if got, want := admission.PeakMemory(4, 64*1024), uint64(448*mib); got != want {
		t.Errorf("PeakMemory(4, 64 MiB) = %d, want %d", got, want)
	}
}

func TestMemoryLimit(t *testing.T) {
	tests := []struct {
		budget uint64
		want   int64
	}{
		{0, math.MaxInt64},
		{gib, gib - 64*mib},
		{512 * mib, 480 * mib},
		{math.MaxUint64, math.MaxInt64},
	}
	for _, tt := range tests {
		if got := admission.MemoryLimit(tt.budget); got != tt.want {
			t.Errorf("MemoryLimit(%d) = %d, want %d", tt.budget, got, tt.want)
		}
	}
}
