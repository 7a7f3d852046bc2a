package hasura

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/latchauth/latch/core/auth"
)

// Finding is one thing Check looked at, in plain words.
type Finding struct {
	What string // what was checked
	OK   bool
	Fix  string // what to do about it; empty when OK
}

// Report is what Check found, in the order it looked.
type Report struct {
	Endpoint string
	Findings []Finding
}

// OK reports whether every finding is fine.
func (r Report) OK() bool {
	for _, f := range r.Findings {
		if !f.OK {
			return false
		}
	}
	return len(r.Findings) > 0
}

// String renders the report for a terminal, one finding a line, ending with a
// verdict.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Hasura GraphQL endpoint: %s\n", r.Endpoint)
	problems := 0
	for _, f := range r.Findings {
		if f.OK {
			fmt.Fprintf(&b, "  ok       %s\n", f.What)
			continue
		}
		problems++
		fmt.Fprintf(&b, "  PROBLEM  %s\n", f.What)
		if f.Fix != "" {
			fmt.Fprintf(&b, "           fix: %s\n", f.Fix)
		}
	}
	switch {
	case problems == 0 && len(r.Findings) > 0:
		b.WriteString("Latch can use this Hasura.\n")
	default:
		fmt.Fprintf(&b, "%d problem(s): Latch cannot use this Hasura yet.\n", problems)
	}
	return b.String()
}

// rolesWithoutPassword are the roles that must not be able to read the password
// column: the role of signed-in users and the unauthenticated role the shipped
// metadata uses.
var rolesWithoutPassword = []string{auth.DefaultRole, "anonymous"}

// Check connects with the store's endpoint and secret and reports whether the
// tables, columns, relationship and root fields Latch uses are there, and whether
// the password column is hidden from ordinary roles. It reads Hasura's
// introspection, which costs no database query.
//
// The error is nil only when the report is OK. It wraps ErrUnavailable or
// ErrAdminSecret when Hasura could not be asked at all, and ErrSchema otherwise.
func (s *Store) Check(ctx context.Context) (Report, error) {
	r := Report{Endpoint: s.Endpoint()}

	var types checkData
	if err := s.exec(ctx, s.client, opCheck, nil, &types); err != nil {
		r.Findings = append(r.Findings, connectionFinding(err))
		return r, err
	}
	r.Findings = append(r.Findings,
		Finding{What: "Hasura answers and accepts the admin secret", OK: true})
	r.Findings = append(r.Findings, schemaFindings(types)...)

	for _, role := range rolesWithoutPassword {
		f, err := s.checkRole(ctx, role)
		if err != nil {
			f = Finding{What: fmt.Sprintf("role %q cannot read user.password", role),
				Fix: "could not ask Hasura: " + err.Error()}
		}
		r.Findings = append(r.Findings, f)
	}

	if !r.OK() {
		return r, fmt.Errorf("%w: see the report", ErrSchema)
	}
	return r, nil
}

// checkRole asks Hasura, as role, which columns of "user" it may select.
func (s *Store) checkRole(ctx context.Context, role string) (Finding, error) {
	var out roleCheckData
	c := s.client.WithRequestModifier(s.authorize(role))
	if err := s.exec(ctx, c, opCheckRole, nil, &out); err != nil {
		return Finding{}, err
	}
	f := Finding{What: fmt.Sprintf("role %q cannot read user.password", role), OK: true}
	if out.User != nil && slices.Contains(out.User.names(), "password") {
		f.OK = false
		f.Fix = fmt.Sprintf("remove column password from the select permission of "+
			"role %q on table user", role)
	}
	return f, nil
}

func connectionFinding(err error) Finding {
	f := Finding{What: "Hasura answers and accepts the admin secret"}
	switch {
	case errors.Is(err, ErrAdminSecret):
		f.Fix = "the admin secret was refused: set --hasura-admin-secret " +
			"(LATCH_HASURA_ADMIN_SECRET) to Hasura's HASURA_GRAPHQL_ADMIN_SECRET"
	case errors.Is(err, ErrUnavailable):
		f.Fix = "Hasura did not answer: check --hasura-endpoint and that Hasura " +
			"runs (" + err.Error() + ")"
	default:
		f.Fix = err.Error()
	}
	return f
}

// requirement is a field that must exist on a GraphQL type, with the fix to give
// when it does not.
type requirement struct {
	typ, field, what, fix string
}

const (
	fixMetadata   = "apply the shipped metadata: hasura metadata apply (in hasura/)"
	fixMigrations = "apply the shipped migrations (hasura migrate apply), " +
		"then hasura metadata reload"
)

var requirements = []requirement{
	{"query_root", "user", "table user is tracked (query user)", fixMetadata},
	{"mutation_root", "insert_user_one", "mutation insert_user_one exists", fixMetadata},
	{"mutation_root", "update_user", "mutation update_user exists", fixMetadata},
	{"user", "id", "column user.id", fixMigrations},
	{"user", "email", "column user.email", fixMigrations},
	{"user", "password", "column user.password", fixMigrations},
	{"user", "default_role", "column user.default_role", fixMigrations},
	{"user", "roles", "relationship user.roles (to table user_role)", fixMetadata},
	{"user_role", "role", "column user_role.role (table user_role is tracked)",
		fixMigrations + "; " + fixMetadata},
}

func schemaFindings(types checkData) []Finding {
	byName := map[string]*introspectedType{
		"query_root":    types.QueryRoot,
		"mutation_root": types.MutationRoot,
		"user":          types.User,
		"user_role":     types.UserRole,
	}
	var out []Finding
	for _, req := range requirements {
		f := Finding{What: req.what}
		if t := byName[req.typ]; t != nil && slices.Contains(t.names(), req.field) {
			f.OK = true
		} else {
			f.Fix = req.fix
		}
		out = append(out, f)
	}
	return out
}

// opCheck reads, by introspection, the types Latch's operations use. A type the
// admin cannot see comes back null.
var opCheck = operation{
	name: "LatchCheck",
	query: `query LatchCheck {
  query_root: __type(name: "query_root") {
    fields {
      name
    }
  }
  mutation_root: __type(name: "mutation_root") {
    fields {
      name
    }
  }
  user: __type(name: "user") {
    fields {
      name
    }
  }
  user_role: __type(name: "user_role") {
    fields {
      name
    }
  }
}`,
}

// opCheckRole reads the columns of "user" visible to the role in x-hasura-role.
var opCheckRole = operation{
	name: "LatchCheckRole",
	query: `query LatchCheckRole {
  user: __type(name: "user") {
    fields {
      name
    }
  }
}`,
}

type introspectedType struct {
	Fields []struct {
		Name string `json:"name"`
	} `json:"fields"`
}

func (t *introspectedType) names() []string {
	names := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		names[i] = f.Name
	}
	return names
}

type checkData struct {
	QueryRoot    *introspectedType `json:"query_root"`
	MutationRoot *introspectedType `json:"mutation_root"`
	User         *introspectedType `json:"user"`
	UserRole     *introspectedType `json:"user_role"`
}

type roleCheckData struct {
	User *introspectedType `json:"user"`
}
