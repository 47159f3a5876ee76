package bound

import "odatagw/metadata"

// QuotientDigits is the number of fractional digits a computed decimal
// quotient ($compute, compute) is rounded to, half away from zero, by every
// source: engines keep between 4 and 28 more digits of a division that does
// not end, so without a common rounding they would answer different text.
const QuotientDigits = 10

// HasDecimalQuotient reports whether e divides (div, divby) with a Decimal
// result anywhere.
func HasDecimalQuotient(e Expr) bool {
	switch e := e.(type) {
	case *Binary:
		if (e.Op == Div || e.Op == DivBy) && e.T == metadata.EdmDecimal {
			return true
		}
		return HasDecimalQuotient(e.Left) || HasDecimalQuotient(e.Right)
	case *Neg:
		return HasDecimalQuotient(e.X)
	case *Cast:
		return HasDecimalQuotient(e.X)
	case *Call:
		for _, a := range e.Args {
			if HasDecimalQuotient(a) {
				return true
			}
		}
	}
	return false
}
