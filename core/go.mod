module github.com/latchauth/latch/core

go 1.26.8

require (
	github.com/golang-jwt/jwt/v5 v5.3.1
	golang.org/x/text v0.44.0
)
