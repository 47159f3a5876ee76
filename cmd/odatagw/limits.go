package main

import (
	"odatagw/config"
	"odatagw/gateway"
)

// limitsConfig maps the configuration's limits onto the gateway's: the URL
// length and the other request limits (zero values take the gateway's defaults).
func limitsConfig(l config.Limits) (int, gateway.Limits) {
	return int(l.MaxURLLength), gateway.Limits{
		MaxQueryLength: int(l.MaxQueryLength),
		MaxExprNodes:   l.MaxExprNodes,
		MaxExprDepth:   l.MaxExprDepth,
		MaxExpandDepth: l.MaxExpandDepth,
		MaxExpandItems: l.MaxExpandItems,
		MaxSearchTerms: l.MaxSearchTerms,

		MaxExpandedEntities: l.MaxExpandedEntities,
	}
}
