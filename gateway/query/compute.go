package query

// ParseCompute parses the raw (still percent-encoded) value of $compute.
//
//	compute          = ( "$compute" / "compute" ) EQ computeItem *( COMMA computeItem )
//	computeItem      = commonExpr RWS "as" RWS computedProperty
//	computedProperty = odataIdentifier
func ParseCompute(rawValue string) ([]ComputeItem, error) {
	t, err := decodeLimited(rawValue, "$compute")
	if err != nil {
		return nil, err
	}
	return parseComputeText(t, "$compute", 0, 0)
}

// parseComputeText parses the $compute items that fill t from offset start
// to its end; base is added to positions (nested options).
func parseComputeText(t text, target string, base, start int) ([]ComputeItem, error) {
	p := &parser{lx: newLexer(t, target, base)}
	p.lx.off = start
	if err := p.advance(); err != nil {
		return nil, err
	}
	items, err := p.parseComputeItems(true)
	if err != nil {
		return nil, err
	}
	return items, p.expectEnd("',' or the end of $compute")
}
