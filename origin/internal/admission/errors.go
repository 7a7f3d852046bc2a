package admission

import "errors"

// Causes carried by the apierr.ErrOverloaded answers, for logs and errors.Is. A
// context's own error is carried when the caller gave up.
var (
	ErrQueueFull    = errors.New("admission: hashing queue full")
	ErrQueueTimeout = errors.New("admission: no hashing slot within the queue timeout")
)
