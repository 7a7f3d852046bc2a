package hasuratest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The double parses the subset of GraphQL executable documents that Hasura clients
// send (https://spec.graphql.org/October2021/#sec-Language): one operation with
// variable definitions, aliases, arguments and nested selections. Fragments,
// directives and block strings are not supported and fail as a syntax error.

type document struct {
	kind string // "query" or "mutation"
	name string
	vars map[string]varDef
	sel  []field
}

type varDef struct {
	typ     string
	nonNull bool
}

type field struct {
	alias string // the response key
	name  string
	args  []arg
	sel   []field
}

type arg struct {
	name string
	val  value
}

// value is a GraphQL input value: a variable reference, a literal scalar, a list
// or an object.
type value struct {
	variable string
	scalar   any // string, json.Number, bool, nil, or an enum name as enumValue
	list     []value
	object   []arg
	isList   bool
	isObject bool
}

type enumValue string

type parser struct {
	toks []string
	pos  int
}

// parseDocument parses src. Its error text is not Hasura's; callers answer
// Hasura's own message for a syntax error.
func parseDocument(src string) (doc *document, err error) {
	toks, err := tokenize(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("%v", r)
		}
	}()
	doc = p.operation()
	if p.pos != len(p.toks) {
		p.fail("trailing tokens")
	}
	return doc, nil
}

func (p *parser) fail(msg string) { panic(fmt.Sprintf("%s at token %d", msg, p.pos)) }

func (p *parser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *parser) next() string {
	t := p.peek()
	if t == "" {
		p.fail("unexpected end")
	}
	p.pos++
	return t
}

func (p *parser) expect(t string) {
	if p.next() != t {
		p.fail("expected " + t)
	}
}

func (p *parser) name() string {
	t := p.next()
	if !isName(t) {
		p.fail("expected a name")
	}
	return t
}

func (p *parser) operation() *document {
	doc := &document{kind: "query", vars: map[string]varDef{}}
	if t := p.peek(); t == "query" || t == "mutation" {
		doc.kind = p.next()
		if isName(p.peek()) {
			doc.name = p.next()
		}
		if p.peek() == "(" {
			p.varDefs(doc)
		}
	}
	doc.sel = p.selectionSet()
	return doc
}

func (p *parser) varDefs(doc *document) {
	p.expect("(")
	for p.peek() != ")" {
		p.expect("$")
		n := p.name()
		p.expect(":")
		typ := p.typeRef()
		doc.vars[n] = varDef{typ: typ, nonNull: strings.HasSuffix(typ, "!")}
	}
	p.expect(")")
}

func (p *parser) typeRef() string {
	var t string
	if p.peek() == "[" {
		p.next()
		t = "[" + p.typeRef() + "]"
		p.expect("]")
	} else {
		t = p.name()
	}
	if p.peek() == "!" {
		p.next()
		t += "!"
	}
	return t
}

func (p *parser) selectionSet() []field {
	p.expect("{")
	var out []field
	for p.peek() != "}" {
		out = append(out, p.field())
	}
	p.expect("}")
	if len(out) == 0 {
		p.fail("empty selection set")
	}
	return out
}

func (p *parser) field() field {
	f := field{name: p.name()}
	f.alias = f.name
	if p.peek() == ":" {
		p.next()
		f.name = p.name()
	}
	if p.peek() == "(" {
		p.next()
		for p.peek() != ")" {
			f.args = append(f.args, p.arg())
		}
		p.expect(")")
	}
	if p.peek() == "{" {
		f.sel = p.selectionSet()
	}
	return f
}

func (p *parser) arg() arg {
	n := p.name()
	p.expect(":")
	return arg{name: n, val: p.value()}
}

func (p *parser) value() value {
	t := p.next()
	switch {
	case t == "$":
		return value{variable: p.name()}
	case t == "[":
		v := value{isList: true}
		for p.peek() != "]" {
			v.list = append(v.list, p.value())
		}
		p.expect("]")
		return v
	case t == "{":
		v := value{isObject: true}
		for p.peek() != "}" {
			v.object = append(v.object, p.arg())
		}
		p.expect("}")
		return v
	case t[0] == '"':
		var s string
		if err := json.Unmarshal([]byte(t), &s); err != nil {
			p.fail("bad string")
		}
		return value{scalar: s}
	case t[0] == '-' || t[0] >= '0' && t[0] <= '9':
		return value{scalar: json.Number(t)}
	case t == "true" || t == "false":
		return value{scalar: t == "true"}
	case t == "null":
		return value{}
	case isName(t):
		return value{scalar: enumValue(t)}
	}
	p.fail("bad value")
	return value{}
}

func isName(t string) bool {
	if t == "" {
		return false
	}
	for i, r := range t {
		letter := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// tokenize splits src into punctuators, names, numbers and quoted strings,
// dropping whitespace, commas and comments, which GraphQL ignores.
func tokenize(src string) ([]string, error) {
	var toks []string
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',':
			i++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.IndexByte("!$():=[]{}", c) >= 0:
			toks = append(toks, string(c))
			i++
		case c == '"':
			j, err := stringEnd(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, src[i:j])
			i = j
		default:
			j := i + 1
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			if !isWordByte(c) {
				return nil, fmt.Errorf("unexpected character %q", c)
			}
			toks = append(toks, src[i:j])
			i = j
		}
	}
	return toks, nil
}

func stringEnd(src string, i int) (int, error) {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		case '\n':
			return 0, fmt.Errorf("unterminated string")
		}
	}
	return 0, fmt.Errorf("unterminated string")
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c >= 'a' && c <= 'z' ||
		c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
