package token_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/token"
)

func Example() {
	cfg, err := token.ParseConfig([]byte(`{
		"type": "HS256",
		"key": "an-example-key-that-is-32-bytes!",
		"audience": "my-app"
	}`))
	if err != nil {
		panic(err)
	}

	clock := func() time.Time { return time.Unix(1_767_225_600, 0) } // fixed for the example
	issuer, err := token.New(cfg, token.WithClock(clock), token.WithLifetime(time.Hour))
	if err != nil {
		panic(err)
	}
	jwt, err := issuer.Issue(context.Background(), auth.Principal{
		UserID:       42,
		DefaultRole:  "user",
		AllowedRoles: []string{"user"},
	})
	if err != nil {
		panic(err)
	}

	verifier, err := token.NewVerifier(cfg, token.WithClock(clock))
	if err != nil {
		panic(err)
	}
	claims, err := verifier.Verify(jwt)
	if err != nil {
		panic(err)
	}
	lifetime := claims.ExpiresAt.Sub(claims.IssuedAt)
	fmt.Println(claims.Subject, claims.Issuer, claims.Audience, lifetime)
	fmt.Println(claims.Hasura.UserID, claims.Hasura.DefaultRole, claims.Hasura.AllowedRoles)

	hasura, err := cfg.HasuraSecret()
	if err != nil {
		panic(err)
	}
	var pretty bytes.Buffer
	_ = json.Indent(&pretty, []byte(hasura), "", "  ")
	fmt.Println(pretty.String())
	// Output:
	// 42 latch [my-app] 1h0m0s
	// 42 user [user]
	// {
	//   "type": "HS256",
	//   "key": "an-example-key-that-is-32-bytes!",
	//   "claims_namespace": "https://hasura.io/jwt/claims",
	//   "claims_format": "json",
	//   "audience": "my-app",
	//   "issuer": "latch"
	// }
}
