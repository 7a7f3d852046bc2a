package token

import (
	"fmt"
	"sort"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// MinHMACKeyBytes is the shortest HMAC key any type accepts: HS256's minimum. HS384 and
// HS512 need longer keys; see algorithm.minKey.
const MinHMACKeyBytes = 32

// keyKind says how the "key" field is read for an algorithm.
type keyKind int

const (
	kindHMAC keyKind = iota + 1 // the key is the shared secret itself
	kindRSA                     // PEM; Latch would need the private key, Hasura the public
	kindECDSA
	kindEd25519
)

// algorithm is one "type" value Hasura knows.
type algorithm struct {
	name   string
	method jwt.SigningMethod
	kind   keyKind
	// minKey is the shortest HMAC key in bytes: the hash's output size, as RFC 7518
	// §3.2 requires (32, 48 and 64 for HS256, HS384 and HS512). Hasura enforces the
	// same minimum when it loads the key: its docs say the key must be long enough
	// for the algorithm, counted in "characters", but its parser compares the
	// length of the key's UTF-8 bytes to the hash size (graphql-engine,
	// server/src-lib/Hasura/Server/Auth/JWT/Internal.hs, parseHmacKey). Latch counts
	// bytes the same way, so it accepts no key that Hasura would refuse.
	minKey int
}

// algorithms lists Hasura's "type" values. Only kindHMAC can be used today.
var algorithms = map[string]algorithm{
	"HS256":   {"HS256", jwt.SigningMethodHS256, kindHMAC, 32},
	"HS384":   {"HS384", jwt.SigningMethodHS384, kindHMAC, 48},
	"HS512":   {"HS512", jwt.SigningMethodHS512, kindHMAC, 64},
	"RS256":   {"RS256", jwt.SigningMethodRS256, kindRSA, 0},
	"RS384":   {"RS384", jwt.SigningMethodRS384, kindRSA, 0},
	"RS512":   {"RS512", jwt.SigningMethodRS512, kindRSA, 0},
	"ES256":   {"ES256", jwt.SigningMethodES256, kindECDSA, 0},
	"ES384":   {"ES384", jwt.SigningMethodES384, kindECDSA, 0},
	"ES512":   {"ES512", jwt.SigningMethodES512, kindECDSA, 0},
	"Ed25519": {"Ed25519", jwt.SigningMethodEdDSA, kindEd25519, 0},
}

// keys holds what the signing method needs on each side. For HMAC both are the secret.
type keys struct {
	sign   any
	verify any
}

// lookupAlgorithm returns the algorithm named by a "type" value.
func lookupAlgorithm(name string) (algorithm, error) {
	if name == "" {
		return algorithm{}, configErr("type", ErrInvalidConfig, "is required")
	}
	alg, ok := algorithms[name]
	if !ok {
		return algorithm{}, configErr("type", ErrInvalidConfig,
			fmt.Sprintf("unknown algorithm %q (want one of %s)", name, knownNames()))
	}
	return alg, nil
}

// loadKeys reads the "key" field for alg. Each key kind gets its own case; asymmetric
// kinds are refused until their PEM parsing and Hasura rendering exist.
func loadKeys(alg algorithm, key string) (keys, error) {
	switch alg.kind {
	case kindHMAC:
		if key == "" {
			return keys{}, configErr("key", ErrInvalidConfig, "is required")
		}
		if len(key) < alg.minKey {
			return keys{}, configErr("key", ErrWeakKey, fmt.Sprintf(
				"%s key has %d bytes, need at least %d", alg.name, len(key), alg.minKey))
		}
		return keys{sign: []byte(key), verify: []byte(key)}, nil
	default:
		// TODO: RS*, ES* and Ed25519 need a PEM private key here, and HasuraSecret must
		// then render the public key (or a JWKS URL) instead of the key itself.
		return keys{}, configErr("type", ErrUnsupported, fmt.Sprintf(
			"%s is not supported yet: Latch signs with HS256, HS384 or HS512", alg.name))
	}
}

func knownNames() string {
	names := make([]string, 0, len(algorithms))
	for n := range algorithms {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// prepare resolves what both an Issuer and a Verifier need from a validated cfg: the
// algorithm, its keys and the claims namespace.
func (c *Config) prepare() (algorithm, keys, namespace, error) {
	alg := algorithms[c.Type]
	k, err := loadKeys(alg, c.Key)
	if err != nil {
		return algorithm{}, keys{}, nil, err
	}
	ns, err := parseNamespace(c.ClaimsNamespace, c.ClaimsNamespacePath)
	if err != nil {
		return algorithm{}, keys{}, nil, err
	}
	return alg, k, ns, nil
}
