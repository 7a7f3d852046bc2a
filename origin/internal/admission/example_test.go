package admission_test

import (
	"fmt"

	"github.com/latchauth/latch/origin/internal/admission"
)

// A 1 GiB budget with the default 64 MiB Argon2id profile on 8 cores: ten hashes would
// fit in memory, the cores cap it at eight.
func ExampleSlots() {
	const budget = 1 << 30
	k := admission.Slots(budget, 64*1024, 8)
	fmt.Println(k, admission.PeakMemory(k, 64*1024)>>20, admission.MemoryLimit(budget)>>20)
	// Output: 8 832 960
}
