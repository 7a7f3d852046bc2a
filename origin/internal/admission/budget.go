package admission

import "math"

// BaseMemory is the memory, in bytes, the origin uses with no hash in flight: the
// runtime, the executable, the store and the HTTP server.
const BaseMemory = 64 << 20

// PeakMemory returns the peak RSS, in bytes, to expect with slots hashes of
// memPerHashKiB KiB each in flight: slots × memPerHash × 1.5 + BaseMemory.
func PeakMemory(slots int, memPerHashKiB uint32) uint64 {
	return uint64(max(slots, 0))*perHash(memPerHashKiB) + BaseMemory
}

// Slots returns how many hashes may run at once within budgetBytes: the largest K with
// PeakMemory(K, memPerHashKiB) ≤ budgetBytes, at most cpus, and at least 1 even when
// the budget cannot hold one. A budget or memory of 0 means no memory bound: cpus.
func Slots(budgetBytes uint64, memPerHashKiB uint32, cpus int) int {
	k := uint64(max(cpus, 1))
	switch {
	case budgetBytes == 0 || memPerHashKiB == 0:
		return int(k)
	case budgetBytes <= BaseMemory:
		return 1
	}
	fit := (budgetBytes - BaseMemory) / perHash(memPerHashKiB)
	return int(max(min(fit, k), 1))
}

// MemoryLimit returns the value to pass to runtime/debug.SetMemoryLimit for a budget in
// bytes: the budget less 1/16 for the memory the Go runtime does not count (the
// executable's code and data), so that RSS and not only the heap stays within it. A
// budget of 0 means no limit (math.MaxInt64, the runtime's default). A budget below
// PeakMemory(1, m) leaves the collector running constantly.
func MemoryLimit(budgetBytes uint64) int64 {
	if budgetBytes == 0 {
		return math.MaxInt64
	}
	limit := budgetBytes - budgetBytes/16
	return int64(min(limit, math.MaxInt64))
}

// perHash is the memory one hash costs while it runs, in bytes: 1.5 × its blocks.
func perHash(memKiB uint32) uint64 {
	return uint64(memKiB) * 1024 * 3 / 2
}
