package hop

import (
	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
)

// The hop endpoints on the origin. Both take a POST with a Credentials body.
const (
	SignupPath = "/hop/v1/signup"
	LoginPath  = "/hop/v1/login"
)

// The headers that carry the signature. An answer carries HeaderSignature too, over
// its own canonical string.
const (
	HeaderTimestamp = "X-Latch-Timestamp"
	HeaderNonce     = "X-Latch-Nonce"
	HeaderSignature = "X-Latch-Signature"
)

// HeaderRequestID carries the id of the edge's action request, so that the edge's log
// line and the origin's for one call share it. It is not signed: it only labels log
// lines, and the origin logs it only if auth.ValidRequestID accepts it.
const HeaderRequestID = "X-Request-Id"

// MaxBodyBytes caps a hop request body. Credentials are far smaller: the edge caps
// emails and passwords before signing.
const MaxBodyBytes = 4 << 10

// Credentials is the request body: input the edge has already validated and
// normalized. The origin applies the same rules again before it calls accounts.
type Credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	// Client is the client's address as the edge read it from its trusted header
	// (see action.WithClientHeader), or empty when it knows none. The origin passes it
	// on with auth.WithClient when auth.ValidClient accepts it, and ignores it
	// otherwise.
	Client string `json:"client,omitempty"`
}

// PrincipalResponse is the body of a successful answer.
type PrincipalResponse struct {
	Principal auth.Principal `json:"principal"`
}

// ErrorResponse is the body of a failed answer: an apierr code and its public message.
type ErrorResponse struct {
	Code    apierr.Code `json:"code"`
	Message string      `json:"message"`
}
