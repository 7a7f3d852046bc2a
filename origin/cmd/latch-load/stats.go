package main

import (
	"slices"
	"time"
)

// percentile returns the p-th percentile (0 to 100) of d by linear interpolation
// between the closest ranks, in milliseconds. d is sorted in place; empty d gives 0.
func percentile(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	pos := p / 100 * float64(len(d)-1)
	lo := int(pos)
	if lo >= len(d)-1 {
		return ms(d[len(d)-1])
	}
	frac := pos - float64(lo)
	return ms(d[lo]) + frac*(ms(d[lo+1])-ms(d[lo]))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
