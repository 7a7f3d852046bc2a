package hasuratest

import "slices"

// The GraphQL schema Hasura generates for the shipped migrations and metadata
// (hasura/), as far as Latch uses it: tables "user" and "user_role" with their
// columns, the array relationship user.roles and the object relationship
// user_role.user. Options hide parts of it to play a database that lacks them.

type colType string

const (
	tInt    colType = "Int"
	tString colType = "String"
)

type column struct {
	name string
	typ  colType
}

type relationship struct {
	name, target string
	array        bool
}

type table struct {
	name   string
	cols   []column
	rels   []relationship
	insert []string // columns accepted by insert_<table>_one
}

var tables = map[string]table{
	"user": {
		name: "user",
		cols: []column{
			{"id", tInt}, {"email", tString}, {"password", tString},
			{"default_role", tString}, {"created_at", tString},
		},
		rels:   []relationship{{name: "roles", target: "user_role", array: true}},
		insert: []string{"id", "email", "password", "default_role", "created_at"},
	},
	"user_role": {
		name: "user_role",
		cols: []column{{"user_id", tInt}, {"role", tString}},
		rels: []relationship{{name: "user", target: "user"}},
	},
}

// schema is what one Server exposes: which tables and columns are tracked and
// which columns each non-admin role may select on "user".
type schema struct {
	hidden map[string]bool     // "table" or "table.column"
	perms  map[string][]string // role -> selectable columns of "user"
}

func (s *schema) hasTable(name string) bool {
	_, ok := tables[name]
	return ok && !s.hidden[name]
}

func (s *schema) column(tbl, name string) (column, bool) {
	if !s.hasTable(tbl) || s.hidden[tbl+"."+name] {
		return column{}, false
	}
	for _, c := range tables[tbl].cols {
		if c.name == name {
			return c, true
		}
	}
	return column{}, false
}

func (s *schema) relationship(tbl, name string) (relationship, bool) {
	if !s.hasTable(tbl) {
		return relationship{}, false
	}
	for _, r := range tables[tbl].rels {
		if r.name == name && s.hasTable(r.target) && !s.hidden[tbl+"."+name] {
			return r, true
		}
	}
	return relationship{}, false
}

// rootFields lists the root fields of query_root or mutation_root for role.
func (s *schema) rootFields(root, role string) []string {
	var out []string
	switch {
	case role != adminRole:
		if root == "query_root" && s.perms[role] != nil && s.hasTable("user") {
			out = append(out, "user")
		}
	case root == "query_root":
		for _, t := range []string{"user", "user_role"} {
			if s.hasTable(t) {
				out = append(out, t)
			}
		}
	case root == "mutation_root" && s.hasTable("user"):
		out = append(out, "insert_user_one", "update_user")
	}
	return out
}

// typeFields lists the fields of a GraphQL type as role sees it, and whether the
// type exists for that role.
func (s *schema) typeFields(name, role string) ([]string, bool) {
	switch name {
	case "query_root", "mutation_root":
		return s.rootFields(name, role), true
	}
	if !s.hasTable(name) {
		return nil, false
	}
	if role != adminRole {
		cols, ok := s.perms[role]
		return slices.Clone(cols), ok && name == "user"
	}
	var out []string
	for _, c := range tables[name].cols {
		if _, ok := s.column(name, c.name); ok {
			out = append(out, c.name)
		}
	}
	for _, r := range tables[name].rels {
		if _, ok := s.relationship(name, r.name); ok {
			out = append(out, r.name)
		}
	}
	return out, true
}
