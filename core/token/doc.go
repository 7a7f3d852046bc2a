// Package token issues and verifies the access tokens Hasura accepts in JWT mode.
//
// Tokens are JSON Web Tokens (RFC 7519) signed with JWS (RFC 7515) and handled as
// RFC 8725 advises: the verifier pins the one configured algorithm, requires exp and
// iss, and never accepts "none".
//
// The configuration has the shape of HASURA_GRAPHQL_JWT_SECRET
// (https://hasura.io/docs/latest/auth/authentication/jwt/), so that for a shared HMAC
// key one value configures both Latch and Hasura; Config.HasuraSecret renders the value
// Hasura needs. Claims follow Hasura's contract: every x-hasura-* value is a string,
// x-hasura-allowed-roles is a non-empty array of strings, x-hasura-default-role is one
// of them, and sub is the user id as a decimal string.
//
// Every time-dependent claim (iat, exp, jti) is computed when Issue is called, never
// when the package is loaded: in a Cloudflare Worker the clock and the random source
// are unusable at module scope.
package token
