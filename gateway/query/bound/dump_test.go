package bound

import (
	"strings"
	"testing"

	"odatagw/gateway/query"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// dump renders a bound tree compactly for assertions: constants as
// value:Type (Edm. prefix dropped), properties as their path, operators in
// prefix form with the result type when it is not Boolean.
func dump(e Expr) string {
	var b strings.Builder
	dumpTo(&b, e)
	return b.String()
}

func short(t metadata.EdmType) string {
	if t == metadata.EdmNull {
		return "untyped"
	}
	return strings.TrimPrefix(string(t), "Edm.")
}

func dumpTo(b *strings.Builder, e Expr) {
	switch x := e.(type) {
	case nil:
		b.WriteString("<nil>")
	case *Property:
		parts := []string{}
		if x.Variable != "" {
			parts = append(parts, x.Variable)
		}
		for _, n := range x.Nav {
			parts = append(parts, n.Name)
		}
		b.WriteString(strings.Join(append(parts, x.Prop.Name), "/"))
	case *Const:
		b.WriteString(constText(x) + ":" + short(x.T))
	case *AliasRef:
		b.WriteString("#" + x.Prop.Name + ":" + short(x.Prop.T))
	case *Binary:
		op := x.Op.String()
		if x.T != metadata.EdmBoolean {
			op += ":" + short(x.T)
		}
		b.WriteString("(" + op + " ")
		dumpTo(b, x.Left)
		b.WriteString(" ")
		dumpTo(b, x.Right)
		b.WriteString(")")
	case *Not:
		b.WriteString("(not ")
		dumpTo(b, x.X)
		b.WriteString(")")
	case *Neg:
		b.WriteString("(- ")
		dumpTo(b, x.X)
		b.WriteString(")")
	case *In:
		b.WriteString("(in ")
		dumpTo(b, x.X)
		for _, it := range x.List {
			b.WriteString(" ")
			dumpTo(b, it)
		}
		b.WriteString(")")
	case *Call:
		b.WriteString("(" + string(x.Fn) + ":" + short(x.T))
		for _, a := range x.Args {
			b.WriteString(" ")
			dumpTo(b, a)
		}
		b.WriteString(")")
	case *Cast:
		b.WriteString("(cast:" + short(x.T) + " ")
		dumpTo(b, x.X)
		b.WriteString(")")
	case *Lambda:
		op := "any"
		if x.All {
			op = "all"
		}
		b.WriteString("(" + op + " " + x.Variable + " " + navText(x.Outer, x.Nav))
		if x.Pred != nil {
			b.WriteString(" ")
			dumpTo(b, x.Pred)
		}
		b.WriteString(")")
	case *Count:
		b.WriteString("(count " + navText(x.Outer, x.Nav) + ")")
	default:
		b.WriteString("?")
	}
}

func navText(outer string, nav []*metadata.NavigationProperty) string {
	parts := []string{}
	if outer != "" {
		parts = append(parts, outer)
	}
	for _, n := range nav {
		parts = append(parts, n.Name)
	}
	return strings.Join(parts, "/")
}

// wantErr checks that err is an *odataerr.Error with the given status, a
// message containing msg, and (when target is not "-") the target and position.
func wantErr(t *testing.T, err error, status int, msg, target string, pos int) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %d %q", status, msg)
	}
	e := odataerr.As(err)
	if e == nil {
		t.Fatalf("error %v (%T) is not an *odataerr.Error", err, err)
	}
	if e.Status != status {
		t.Errorf("status = %d, want %d (%s)", e.Status, status, e.Message)
	}
	if !strings.Contains(e.Message, msg) {
		t.Errorf("message = %q, want it to contain %q", e.Message, msg)
	}
	if target != "-" && (e.Target != target || e.Pos != pos) {
		t.Errorf("target/pos = %q/%d, want %q/%d (%s)", e.Target, e.Pos, target, pos, e.Message)
	}
}

var _ = query.Pos(0)
