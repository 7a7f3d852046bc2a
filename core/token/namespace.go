package token

import (
	"fmt"
	"strings"
)

// DefaultNamespace is Hasura's claims namespace when none is configured.
const DefaultNamespace = "https://hasura.io/jwt/claims"

// registeredClaims are the top-level names a namespace must not take over.
var registeredClaims = map[string]bool{
	"iss": true, "sub": true, "aud": true, "exp": true, "nbf": true, "iat": true, "jti": true,
}

// namespace is where the x-hasura-* claims sit: a chain of object keys below the top
// level. An empty chain means the top level itself (claims_namespace_path "$").
type namespace []string

// parseNamespace reads the two mutually exclusive settings. Only simple paths are
// supported: "$" or "$.a.b", each name without dots, brackets, quotes or spaces.
func parseNamespace(key, path string) (namespace, error) {
	switch {
	case key != "" && path != "":
		return nil, configErr("claims_namespace_path", ErrInvalidConfig,
			"cannot be combined with claims_namespace")
	case path != "":
		return parsePath(path)
	case key == "":
		key = DefaultNamespace
	}
	if registeredClaims[key] {
		return nil, configErr("claims_namespace", ErrInvalidConfig,
			fmt.Sprintf("%q is a registered JWT claim", key))
	}
	return namespace{key}, nil
}

func parsePath(path string) (namespace, error) {
	bad := func(reason string) error {
		return configErr("claims_namespace_path", ErrInvalidConfig,
			fmt.Sprintf("%q: %s", path, reason))
	}
	if path == "$" {
		return namespace{}, nil
	}
	rest, ok := strings.CutPrefix(path, "$.")
	if !ok {
		return nil, bad(`must be "$" or start with "$."`)
	}

	ns := namespace(strings.Split(rest, "."))
	for _, name := range ns {
		if name == "" || strings.ContainsAny(name, "[]'\"*$ \t\r\n") {
			return nil, bad("only simple dotted names are supported")
		}
	}
	if registeredClaims[ns[0]] {
		return nil, bad(fmt.Sprintf("%q is a registered JWT claim", ns[0]))
	}
	return ns, nil
}

// place puts value at ns inside claims, creating the objects on the way. At the top
// level, value must be an object whose keys are merged in.
func (ns namespace) place(claims map[string]any, value any) {
	if len(ns) == 0 {
		for k, v := range value.(map[string]any) {
			claims[k] = v
		}
		return
	}
	obj := claims
	for _, name := range ns[:len(ns)-1] {
		next := map[string]any{}
		obj[name] = next
		obj = next
	}
	obj[ns[len(ns)-1]] = value
}

// find returns the value at ns inside claims, or false when it is missing.
func (ns namespace) find(claims map[string]any) (any, bool) {
	var cur any = claims
	for _, name := range ns {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[name]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// String renders ns as a claims_namespace_path.
func (ns namespace) String() string {
	if len(ns) == 0 {
		return "$"
	}
	return "$." + strings.Join(ns, ".")
}
