package token

import (
	"fmt"
	"sort"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// MinHMACKeyBytes is the shortest HMAC key accepted, as Hasura requires for HS* types.
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
}

// algorithms lists Hasura's "type" values. Only kindHMAC can be used today.
var algorithms = map[string]algorithm{
	"HS256":   {"HS256", jwt.SigningMethodHS256, kindHMAC},
	"HS384":   {"HS384", jwt.SigningMethodHS384, kindHMAC},
	"HS512":   {"HS512", jwt.SigningMethodHS512, kindHMAC},
	"RS256":   {"RS256", jwt.SigningMethodRS256, kindRSA},
	"RS384":   {"RS384", jwt.SigningMethodRS384, kindRSA},
	"RS512":   {"RS512", jwt.SigningMethodRS512, kindRSA},
	"ES256":   {"ES256", jwt.SigningMethodES256, kindECDSA},
	"ES384":   {"ES384", jwt.SigningMethodES384, kindECDSA},
	"ES512":   {"ES512", jwt.SigningMethodES512, kindECDSA},
	"Ed25519": {"Ed25519", jwt.SigningMethodEdDSA, kindEd25519},
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
		if len(key) < MinHMACKeyBytes {
			return keys{}, configErr("key", ErrWeakKey, fmt.Sprintf(
				"%s key has %d bytes, need at least %d", alg.name, len(key), MinHMACKeyBytes))
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
