package query

import (
	"errors"
	"strings"
	"testing"

	"odatagw/odataerr"
)

// parseFilter parses a $filter value (percent-encoded) through ParseQuery.
func parseFilter(t *testing.T, raw string) (Expr, error) {
	t.Helper()
	o, err := ParseQuery("$filter=" + raw)
	if err != nil {
		return nil, err
	}
	return o.Filter, nil
}

func TestExprShape(t *testing.T) {
	cases := []struct{ in, want string }{
		// precedence: or < and < eq/ne < relational < additive < multiplicative < unary < has/in
		{"a or b and c", "(or a (and b c))"},
		{"a and b or c", "(or (and a b) c)"},
		{"a eq b and c ne d", "(and (eq a b) (ne c d))"},
		{"a add b mul c eq d", "(eq (add a (mul b c)) d)"},
		{"a sub b sub c", "(sub (sub a b) c)"},
		{"a div b divby c mod d", "(mod (divby (div a b) c) d)"},
		{"a lt b eq c gt d", "(eq (lt a b) (gt c d))"},
		{"not a eq b", "(eq (not a) b)"},
		{"not (a eq b)", "(not (eq a b))"},
		{"-a add b", "(add (- a) b)"},
		{"- a", "(- a)"},
		{"not not a", "(not (not a))"},
		{"a has Ns.Color'Red' eq true", "(eq (has a Ns.Color'Red') true)"},
		{"a in (1,2) and b", "(and (in a [1 2]) b)"},
		{"a in ('x') or b", "(or (in a ['x']) b)"},
		{"a in (b)", "(in a [b])"},
		{"a in ()", "(in a [])"},
		{"a in @list", "(in a [@list])"},
		{`a in ["x",'y']`, `(in a ["x" 'y'])`},
		{"(a or b) and c", "(and (or a b) c)"},
		{"((a))", "a"},
		{"Name EQ 'Milk' AND Price LT 2.55", "(and (eq Name 'Milk') (lt Price 2.55))"},
		// Salesforce Connect and Power Query forms
		{"contains(CompanyName,'Acme') eq true or contains(Phone,'Acme') eq true",
			"(or (eq (contains CompanyName 'Acme') true) (eq (contains Phone 'Acme') true))"},
		{"ContactTitle%20eq%20'Sales%20Representative'", "(eq ContactTitle 'Sales Representative')"},
		{"Name+eq+'x'+and+Price+gt+-5", "(and (eq Name 'x') (gt Price -5))"},
		{"Price gt +5", "(gt Price +5)"},
		{"startswith(tolower(Name),'ab') and length(Name) le 10", "(and (startswith (tolower Name) 'ab') (le (length Name) 10))"},
		{"substring(Name,1,2) eq 'x'", "(eq (substring Name 1 2) 'x')"},
		{"year(OrderDate) eq 1997 and month(OrderDate) ge 7", "(and (eq (year OrderDate) 1997) (ge (month OrderDate) 7))"},
		{"now() gt OrderDate", "(gt (now) OrderDate)"},
		{"round(Freight) eq 32", "(eq (round Freight) 32)"},
		{"cast(Price,Edm.String) eq '5'", "(eq (cast Price Edm.String) '5')"},
		{"isof(Model.Customer)", "(isof Model.Customer)"},
		{"isof(Price,'Edm.Decimal')", ""},
		{"cast(Sizes,Collection(Edm.Int32))", "(cast Sizes Collection(Edm.Int32))"},
		{"geo.distance(Location,geography'SRID=4326;Point(1 2)') lt 5", "(lt (geo.distance Location geography'SRID=4326;Point(1 2)') 5)"},
		{"case(X gt 0:1,true:0)", "(case (gt X 0) 1 true 0)"},
		// paths, lambdas, counts
		{"Customer/Country eq 'DE'", "(eq Customer/Country 'DE')"},
		{"$it/Name eq $this/Name", "(eq $it/Name $this/Name)"},
		{"Orders/$count gt 2", "(gt Orders/$count 2)"},
		{"Orders/$count($filter=Freight gt 5;$search=blue) gt 2", "(gt Orders/$count(filter (gt Freight 5) search blue) 2)"},
		{"Orders/any(o: o/Freight gt 5)", "(any Orders o (gt o/Freight 5))"},
		{"Orders/any()", "(any Orders)"},
		{"Orders/all(o:o/Lines/any(l:l/Qty gt 1))", "(all Orders o (any o/Lines l (gt l/Qty 1)))"},
		{"Model.VipCustomer/Name eq 'x'", "(eq Model.VipCustomer/Name 'x')"},
		{"Items(1)/Name", "Items(1)/Name"},
		{"Products/$filter(Age gt 3)/$count lt 10", "(lt Products/$filter((gt Age 3))/$count 10)"},
		{"Model.Similar(Word=Name,N=@n) eq true", "(eq Model.Similar(Word=Name,N=@n) true)"},
		{"Price/@Measures.Currency eq 'EUR'", "(eq Price/@Measures.Currency 'EUR')"},
		{"@a/Street eq 'x'", "(eq @a/Street 'x')"},
		{"@p eq 1", "(eq @p 1)"},
		{"$root/Employees('A1')/Name eq Name", "(eq $root/Employees('A1')/Name Name)"},
		// JSON
		{`{"a":1,"b":[true,null]}`, `{"a":1 "b":[true null]}`},
		{"[]", "[]"},
	}
	for _, c := range cases {
		x, err := parseFilter(t, c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("%q: parsed as %s, want an error", c.in, Format(x))
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := Format(x); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestExprPositions(t *testing.T) {
	x, err := parseFilter(t, "Name eq 'Milk' and Price lt 2.55")
	if err != nil {
		t.Fatal(err)
	}
	and := x.(*BinaryExpr)
	eq := and.Left.(*BinaryExpr)
	lt := and.Right.(*BinaryExpr)
	for _, c := range []struct {
		n    Node
		want Pos
	}{{and, 15}, {eq, 5}, {eq.Left, 0}, {eq.Right, 8}, {lt, 25}, {lt.Left, 19}, {lt.Right, 28}} {
		if c.n.Pos() != c.want {
			t.Errorf("%s at %d, want %d", Format(c.n.(Expr)), c.n.Pos(), c.want)
		}
	}
	// positions count percent-decoded bytes
	x, err = parseFilter(t, "Name%20eq%20'a%20b'%20and%20X%20eq%201")
	if err != nil {
		t.Fatal(err)
	}
	if p := x.(*BinaryExpr).Right.(*BinaryExpr).Left.Pos(); p != 18 {
		t.Errorf("X at %d, want 18", p)
	}
}

func TestExprErrors(t *testing.T) {
	cases := []struct {
		in   string
		pos  int
		want string
	}{
		{"Name eq 'Milk' and (Price gt 5", 30, "expected ')' but found end of input at position 30"},
		{"(Name eq 'x' eq", 15, "expected an expression but found end of input"},
		{"Name eq 'O'Neil'", 11, "unknown literal prefix 'Neil'"},
		{"Name eq 'O' Neil", 12, "expected an operator or the end of $filter but found 'Neil'"},
		{"Name eq 'abc", 8, "unterminated string literal"},
		{"Name eqq 'x'", 5, "but found 'eqq'"},
		{"Name eq", 7, "expected an expression but found end of input"},
		{"Name eq(1)", 7, "expected a space after 'eq'"},
		{"contains(Name)", 0, "function 'contains' takes 2 arguments but was given 1"},
		{"substring(Name)", 0, "takes 2 or 3 arguments"},
		{"now(1)", 0, "takes 0 arguments"},
		{"any(x: true)", 3, "needs a collection path"},
		{"Orders/all()", 11, "expected a lambda variable name but found ')'"},
		{"Model.Available", 15, "expected '/' or '('"},
		{"a in (b, c)", 7, "may contain only literals"},
		{"a eq (1, 2)", 7, "expected ')' but found ','"},
		{"Price gt 42.", 12, "expected a digit after the decimal point"},
		{"Price gt 2x4", 10, "unexpected character 'x' after literal"},
		{"d eq 2012-13-01", 11, "invalid month"},
		{"d eq 2012-02-30", 13, "invalid date: February has no day 30"},
		{"d eq 2012-09-03T24:00Z", 17, "invalid hour"},
		{"d eq 2012-09-03T12:00", 21, "expected 'Z' or a time zone offset"},
		{"g eq 01234567-89ab-cdef-0123-456789abcdeX", 40, "expected a hexadecimal digit in GUID"},
		{"d eq duration'P1Y'", 16, "invalid duration"},
		{"b eq binary'Zg=x'", 14, "invalid binary literal"},
		{"b eq X'1a2B'", 5, "unknown literal prefix 'X'"},
		{"x eq \"a\"", 5, "double-quoted strings are allowed only inside JSON"},
		{"Name eq 'x' )", 12, "but found ')'"},
		{"Name eq %", 8, "invalid percent-encoding"},
		{"a/ b", 3, "expected a name after '/'"},
		{"$foo eq 1", 0, "unexpected '$foo'"},
		{"Name eq .5", 8, "unexpected character '.'"},
		{" Name eq 1", 0, "unexpected whitespace at the start of $filter"},
	}
	for _, c := range cases {
		_, err := parseFilter(t, c.in)
		e := odataerr.As(err)
		if e == nil {
			t.Errorf("%q: got %v, want a syntax error", c.in, err)
			continue
		}
		if e.Status != 400 || e.Code != "SyntaxError" || e.Target != "$filter" || e.Pos != c.pos || !strings.Contains(e.Message, c.want) {
			t.Errorf("%q: got %d %s target %q pos %d %q; want pos %d containing %q", c.in, e.Status, e.Code, e.Target, e.Pos, e.Message, c.pos, c.want)
		}
	}
}

func TestExprLimits(t *testing.T) {
	deep := strings.Repeat("(", MaxExprDepth+1) + "a" + strings.Repeat(")", MaxExprDepth+1)
	_, err := parseFilter(t, deep)
	if !errors.Is(err, ErrTooDeep) || odataerr.As(err).Status != 400 {
		t.Errorf("deep nesting: got %v, want ErrTooDeep as 400", err)
	}
	ok := strings.Repeat("(", MaxExprDepth-5) + "a" + strings.Repeat(")", MaxExprDepth-5)
	if _, err := parseFilter(t, ok); err != nil {
		t.Errorf("nesting below the limit: %v", err)
	}
	for _, deep := range []string{strings.Repeat("not ", 200) + "a", strings.Repeat("-", 200) + "a",
		strings.Repeat("[", 200) + strings.Repeat("]", 200), strings.Repeat("f(", 200) + strings.Repeat(")", 200),
		strings.Repeat("tolower(", 200) + "a" + strings.Repeat(")", 200)} {
		if _, err := parseFilter(t, deep); !errors.Is(err, ErrTooDeep) {
			t.Errorf("%.20s…: got %v, want ErrTooDeep", deep, err)
		}
	}
	long := "Name eq '" + strings.Repeat("x", MaxFilterLength) + "'"
	if _, err := parseFilter(t, long); !errors.Is(err, ErrTooLong) || odataerr.As(err).Status != 400 {
		t.Errorf("long filter: got %v, want ErrTooLong as 400", err)
	}
	// a long flat or-chain is fine: it does not nest
	chain := "ID eq 1" + strings.Repeat(" or ID eq 1", 1000)
	if _, err := parseFilter(t, chain); err != nil {
		t.Errorf("or-chain: %v", err)
	}
}
