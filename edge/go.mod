module github.com/latchauth/latch/edge

go 1.26.8

require (
	github.com/latchauth/latch/core v0.0.0
	github.com/syumai/workers v0.33.0 // indirect
)

replace github.com/latchauth/latch/core => ../core
