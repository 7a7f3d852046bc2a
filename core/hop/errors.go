package hop

import "errors"

// Errors from NewSigner, NewVerifier, NewHandler and Verify. None of them carries the
// secret or a header value.
var (
	ErrShortSecret   = errors.New("hop: secret is shorter than 32 bytes")
	ErrBadOption     = errors.New("hop: invalid option")
	ErrMissingHeader = errors.New("hop: missing signature header")
	ErrMalformed     = errors.New("hop: malformed signature header")
	ErrBadSignature  = errors.New("hop: signature does not match")
	ErrStale         = errors.New("hop: timestamp outside the allowed window")
	ErrReplay        = errors.New("hop: nonce already used")
	// ErrNonceCacheFull means the request may be genuine but cannot be checked for
	// replay right now; it is refused without forgetting any nonce.
	ErrNonceCacheFull = errors.New("hop: nonce cache full")
)
