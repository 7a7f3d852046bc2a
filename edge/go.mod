module github.com/latchauth/latch/edge

go 1.26.8

require (
	github.com/latchauth/latch/core v0.0.0
	github.com/syumai/workers v0.33.0
)

require (
	github.com/golang-jwt/jwt/v5 v5.3.1 // indirect
	golang.org/x/text v0.44.0 // indirect
)

replace github.com/latchauth/latch/core => ../core
