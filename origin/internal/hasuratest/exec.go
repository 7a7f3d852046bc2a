package hasuratest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// execCtx executes one parsed request.
type execCtx struct {
	s    *Server
	doc  *document
	vars map[string]any
	role string
}

// run validates the whole operation first, as Hasura does, then executes its root
// fields in one transaction: a mutation that fails leaves no trace.
func (x *execCtx) run() (ordered, *gqlError) {
	if e := x.checkVariables(); e != nil {
		return nil, e
	}
	root := "query_root"
	if x.doc.kind == "mutation" {
		root = "mutation_root"
	}
	for _, f := range x.doc.sel {
		if e := x.validateRoot(root, f); e != nil {
			return nil, e
		}
	}

	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	before := x.s.data.snapshot()
	var out ordered
	for _, f := range x.doc.sel {
		v, e := x.execRoot(root, f)
		if e != nil {
			seq := x.s.data.nextID // sequences are not transactional
			x.s.data = before
			x.s.data.nextID = seq
			return nil, e
		}
		out = append(out, kv{f.alias, v})
	}
	return out, nil
}

func (x *execCtx) checkVariables() *gqlError {
	for name, def := range x.doc.vars {
		if v, ok := x.vars[name]; def.nonNull && (!ok || v == nil) {
			return validationFailed("$",
				fmt.Sprintf("expecting a value for non-nullable variable: %q", name))
		}
	}
	return nil
}

func selPath(path, alias string) string { return path + ".selectionSet." + alias }

func (x *execCtx) validateRoot(root string, f field) *gqlError {
	path := selPath("$", f.alias)
	switch f.name {
	case "__typename":
		return nil
	case "__type":
		return x.validateIntrospection(path, f)
	}
	if !slices.Contains(x.s.schema.rootFields(root, x.role), f.name) {
		return notFound(path, root, f.name)
	}
	if x.role != adminRole {
		return notSupported(path, "data queries as a non-admin role")
	}

	allowed := map[string][]string{
		"user":            {"where", "limit", "offset"},
		"user_role":       {"where", "limit", "offset"},
		"insert_user_one": {"object"},
		"update_user":     {"where", "_set"},
	}[f.name]
	for _, a := range f.args {
		if !slices.Contains(allowed, a.name) {
			return validationFailed(path, fmt.Sprintf("'%s' has no argument named '%s'",
				f.name, a.name))
		}
	}

	if e := x.validateArgs(path, f); e != nil {
		return e
	}

	switch f.name {
	case "insert_user_one":
		return x.validateSelection(path, "user", f.sel)
	case "update_user":
		return x.validateMutationResponse(path, f.sel)
	default:
		return x.validateSelection(path, f.name, f.sel)
	}
}

// validateArgs checks arguments against the schema before anything runs, as
// Hasura does, by evaluating them against an empty row.
func (x *execCtx) validateArgs(path string, f field) *gqlError {
	tbl := "user"
	if f.name == "user_role" {
		tbl = f.name
	}
	for _, a := range f.args {
		p := path + ".args." + a.name
		var e *gqlError
		switch a.name {
		case "where":
			_, e = x.match(p, tbl, &Row{}, "", &a.val)
		case "limit", "offset":
			_, e = x.intArg(p, a.val)
		case "object":
			e = x.assign(p, "user_insert_input", &Row{}, a.val, true)
		case "_set":
			e = x.assign(p, "user_set_input", &Row{}, a.val, false)
		}
		if e != nil {
			return e
		}
	}
	return nil
}

// validateSelection checks that every selected field exists on table tbl.
func (x *execCtx) validateSelection(path, tbl string, sel []field) *gqlError {
	if len(sel) == 0 {
		return validationFailed(path, "missing selection set for '"+tbl+"'")
	}
	for _, f := range sel {
		p := selPath(path, f.alias)
		if f.name == "__typename" {
			continue
		}
		if _, ok := x.s.schema.column(tbl, f.name); ok && f.sel == nil {
			continue
		}
		if r, ok := x.s.schema.relationship(tbl, f.name); ok {
			if len(f.args) > 0 {
				return notSupported(p, "arguments on relationships")
			}
			if e := x.validateSelection(p, r.target, f.sel); e != nil {
				return e
			}
			continue
		}
		return notFound(p, tbl, f.name)
	}
	return nil
}

func (x *execCtx) validateMutationResponse(path string, sel []field) *gqlError {
	for _, f := range sel {
		p := selPath(path, f.alias)
		switch f.name {
		case "affected_rows", "__typename":
		case "returning":
			if e := x.validateSelection(p, "user", f.sel); e != nil {
				return e
			}
		default:
			return notFound(p, "user_mutation_response", f.name)
		}
	}
	return nil
}

func (x *execCtx) validateIntrospection(path string, f field) *gqlError {
	if len(f.args) != 1 || f.args[0].name != "name" {
		return validationFailed(path, "missing required field 'name'")
	}
	for _, g := range f.sel {
		switch g.name {
		case "name", "kind", "__typename":
		case "fields":
			for _, h := range g.sel {
				if h.name != "name" && h.name != "__typename" {
					return notSupported(selPath(selPath(path, g.alias), h.alias),
						"__Field."+h.name)
				}
			}
		default:
			return notSupported(selPath(path, g.alias), "__Type."+g.name)
		}
	}
	return nil
}

func (x *execCtx) execRoot(root string, f field) (any, *gqlError) {
	path := selPath("$", f.alias)
	switch f.name {
	case "__typename":
		return root, nil
	case "__type":
		return x.introspect(f)
	case "insert_user_one":
		return x.insertUser(path, f)
	case "update_user":
		return x.updateUser(path, f)
	default:
		return x.selectRows(path, f)
	}
}

func (x *execCtx) introspect(f field) (any, *gqlError) {
	name, _ := x.resolve(f.args[0].val).(string)
	names, ok := x.s.schema.typeFields(name, x.role)
	if !ok {
		return nil, nil
	}
	var out ordered
	for _, g := range f.sel {
		switch g.name {
		case "name":
			out = append(out, kv{g.alias, name})
		case "kind":
			out = append(out, kv{g.alias, "OBJECT"})
		case "__typename":
			out = append(out, kv{g.alias, "__Type"})
		case "fields":
			var fields []ordered
			for _, n := range names {
				fields = append(fields, project1(g.sel, "__Field", "name", n))
			}
			out = append(out, kv{g.alias, fields})
		}
	}
	return out, nil
}

func project1(sel []field, typename, key, val string) ordered {
	var out ordered
	for _, f := range sel {
		if f.name == "__typename" {
			out = append(out, kv{f.alias, typename})
		} else if f.name == key {
			out = append(out, kv{f.alias, val})
		}
	}
	return out
}

// projectUser renders a user row with a selection set.
func (x *execCtx) projectUser(row *Row, sel []field) ordered {
	var out ordered
	for _, f := range sel {
		var v any
		switch f.name {
		case "__typename":
			v = "user"
		case "id":
			v = row.ID
		case "email":
			v = row.Email
		case "password":
			v = row.Password
		case "default_role":
			v = row.DefaultRole
		case "created_at":
			v = row.CreatedAt.Format("2006-01-02T15:04:05.999999-07:00")
		case "roles":
			roles := []ordered{}
			for _, r := range row.Roles {
				roles = append(roles, x.projectRole(row, r, f.sel))
			}
			v = roles
		}
		out = append(out, kv{f.alias, v})
	}
	return out
}

func (x *execCtx) projectRole(row *Row, role string, sel []field) ordered {
	var out ordered
	for _, f := range sel {
		var v any
		switch f.name {
		case "__typename":
			v = "user_role"
		case "user_id":
			v = row.ID
		case "role":
			v = role
		case "user":
			v = x.projectUser(row, f.sel)
		}
		out = append(out, kv{f.alias, v})
	}
	return out
}

func (x *execCtx) selectRows(path string, f field) (any, *gqlError) {
	var where *value
	limit, offset := -1, 0
	for _, a := range f.args {
		switch a.name {
		case "where":
			where = &a.val
		case "limit", "offset":
			n, e := x.intArg(selPath(path, "args."+a.name), a.val)
			if e != nil {
				return nil, e
			}
			if a.name == "limit" {
				limit = n
			} else {
				offset = n
			}
		}
	}

	var out []ordered
	for _, row := range x.s.data.rows() {
		for _, role := range x.rolesOf(f.name, row) {
			ok, e := x.match(path+".args.where", f.name, row, role, where)
			if e != nil {
				return nil, e
			}
			if !ok {
				continue
			}
			if f.name == "user" {
				out = append(out, x.projectUser(row, f.sel))
			} else {
				out = append(out, x.projectRole(row, role, f.sel))
			}
		}
	}
	return window(out, offset, limit), nil
}

// rolesOf lists the rows a table scan visits for one user row: the row itself for
// "user", one per user_role row for "user_role".
func (x *execCtx) rolesOf(tbl string, row *Row) []string {
	if tbl == "user" {
		return []string{""}
	}
	return row.Roles
}

func window(rows []ordered, offset, limit int) []ordered {
	if rows == nil {
		rows = []ordered{}
	}
	rows = rows[min(offset, len(rows)):]
	if limit >= 0 && limit < len(rows) {
		rows = rows[:limit]
	}
	return rows
}

func (x *execCtx) insertUser(path string, f field) (any, *gqlError) {
	argPath := path + ".args.object"
	var obj *value
	for _, a := range f.args {
		if a.name == "object" {
			obj = &a.val
		}
	}
	if obj == nil {
		return nil, validationFailed(path, "missing required field 'object'")
	}

	row := Row{}
	if e := x.assign(argPath, "user_insert_input", &row, *obj, true); e != nil {
		return nil, e
	}
	if row.ID == 0 {
		row.ID = x.s.data.nextval()
	}
	if x.s.data.users[row.ID] != nil {
		return nil, uniqueViolation(argPath, pkeyConstraint)
	}

	x.s.data.insertRow(row)
	stored := x.s.data.users[row.ID]
	if e := x.s.data.checkRow(argPath, stored, !x.s.noCheck); e != nil {
		return nil, e // run rolls the row back
	}
	return x.projectUser(stored, f.sel), nil
}

func (x *execCtx) updateUser(path string, f field) (any, *gqlError) {
	var where, set *value
	for _, a := range f.args {
		switch a.name {
		case "where":
			where = &a.val
		case "_set":
			set = &a.val
		}
	}
	if where == nil {
		return nil, validationFailed(path, "missing required field 'where'")
	}

	var changed []*Row
	for _, row := range x.s.data.rows() {
		ok, e := x.match(path+".args.where", "user", row, "", where)
		if e != nil {
			return nil, e
		}
		if ok {
			changed = append(changed, row)
		}
	}
	for _, row := range changed {
		if set == nil {
			continue
		}
		if e := x.assign(path+".args._set", "user_set_input", row, *set, false); e != nil {
			return nil, e
		}
		if e := x.s.data.checkRow(path+".args._set", row, !x.s.noCheck); e != nil {
			return nil, e
		}
	}
	return x.mutationResponse(changed, f.sel), nil
}

func (x *execCtx) mutationResponse(rows []*Row, sel []field) ordered {
	var out ordered
	for _, f := range sel {
		switch f.name {
		case "__typename":
			out = append(out, kv{f.alias, "user_mutation_response"})
		case "affected_rows":
			out = append(out, kv{f.alias, len(rows)})
		case "returning":
			ret := []ordered{}
			for _, row := range rows {
				ret = append(ret, x.projectUser(row, f.sel))
			}
			out = append(out, kv{f.alias, ret})
		}
	}
	return out
}

// assign sets the columns named in obj (an insert or _set input) on row.
func (x *execCtx) assign(path, typ string, row *Row, obj value, insert bool) *gqlError {
	o, e := x.object(path, obj)
	if e != nil {
		return e
	}
	for _, a := range o {
		p := path + "." + a.name
		col, ok := x.s.schema.column("user", a.name)
		if !ok || insert && !slices.Contains(tables["user"].insert, a.name) {
			return notFound(p, typ, a.name)
		}
		v, e := x.scalar(p, col.typ, a.val)
		if e != nil {
			return e
		}
		switch a.name {
		case "id":
			row.ID = v.(int64)
		case "email":
			row.Email = v.(string)
		case "password":
			row.Password = v.(string)
		case "default_role":
			row.DefaultRole = v.(string)
		case "created_at":
			return notSupported(p, "setting created_at")
		}
	}
	return nil
}

// match evaluates a <table>_bool_exp of column comparisons joined by AND.
func (x *execCtx) match(path, tbl string, row *Row, role string, where *value) (bool,
	*gqlError) {
	if where == nil {
		return true, nil
	}
	o, e := x.object(path, *where)
	if e != nil {
		return false, e
	}
	all := true
	for _, a := range o {
		p := path + "." + a.name
		col, ok := x.s.schema.column(tbl, a.name)
		if !ok {
			if strings.HasPrefix(a.name, "_") {
				return false, notSupported(p, "bool_exp operator "+a.name)
			}
			return false, notFound(p, tbl+"_bool_exp", a.name)
		}
		ok, e := x.compare(p, col, cell(row, role, a.name), a.val)
		if e != nil {
			return false, e
		}
		all = all && ok // keep going: every comparison is validated
	}
	return all, nil
}

func cell(row *Row, role, name string) any {
	switch name {
	case "id", "user_id":
		return row.ID
	case "email":
		return row.Email
	case "password":
		return row.Password
	case "default_role":
		return row.DefaultRole
	case "role":
		return role
	}
	return nil
}

// compare evaluates a comparison expression such as {_eq: $email}.
func (x *execCtx) compare(path string, col column, got any, exp value) (bool, *gqlError) {
	o, e := x.object(path, exp)
	if e != nil {
		return false, e
	}
	all := true
	for _, a := range o {
		p := path + "." + a.name
		if a.name != "_eq" && a.name != "_neq" {
			return false, notSupported(p, "comparison "+a.name)
		}
		want, e := x.scalar(p, col.typ, a.val)
		if e != nil {
			return false, e
		}
		all = all && (got == want) == (a.name == "_eq")
	}
	return all, nil
}

// object returns the fields of an object value, given inline or as a variable.
func (x *execCtx) object(path string, v value) ([]arg, *gqlError) {
	if v.isObject {
		return v.object, nil
	}
	if v.variable != "" {
		return nil, notSupported(path, "object-typed variables")
	}
	return nil, validationFailed(path, "expected an object")
}

// scalar resolves v to a value of type typ: int64 for Int, string for String. A
// variable must be declared with that type, as Hasura's validation requires.
func (x *execCtx) scalar(path string, typ colType, v value) (any, *gqlError) {
	if v.variable != "" {
		def, ok := x.doc.vars[v.variable]
		if !ok {
			return nil, validationFailed(path, fmt.Sprintf("unbound variable %q", v.variable))
		}
		if strings.TrimSuffix(def.typ, "!") != string(typ) {
			return nil, validationFailed(path, fmt.Sprintf(
				"variable '%s' is declared as '%s', but used where '%s' is expected",
				v.variable, def.typ, typ))
		}
	}
	got := x.resolve(v)
	switch typ {
	case tInt:
		if n, ok := got.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				return i, nil
			}
		}
	case tString:
		if s, ok := got.(string); ok {
			return s, nil
		}
	}
	return nil, validationFailed(path, fmt.Sprintf("expected a value of type %s", typ))
}

func (x *execCtx) intArg(path string, v value) (int, *gqlError) {
	n, e := x.scalar(path, tInt, v)
	if e != nil {
		return 0, e
	}
	return int(n.(int64)), nil
}

// resolve returns a scalar value, looking variables up.
func (x *execCtx) resolve(v value) any {
	if v.variable != "" {
		return x.vars[v.variable]
	}
	return v.scalar
}
