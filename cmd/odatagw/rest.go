package main

import (
	"odatagw/adapters/rest"
	"odatagw/config"
)

// restConfig translates a validated rest block of the configuration file
// into the adapter's own description of the API (the adapter does not
// know the file's format). The leaf structs have the same fields and are
// converted as a whole, so a field added to one side and not the other
// fails to compile here.
func restConfig(c config.REST) rest.Config {
	out := rest.Config{
		BaseURL: c.BaseURL, Auth: rest.Auth(c.Auth), Headers: c.Headers, Timeout: c.Timeout, MaxRows: c.MaxRows,
		Retries: c.Retries, RetryBackoff: c.RetryBackoff, MaxRetryWait: c.MaxRetryWait,
		Breaker: rest.Breaker(c.CircuitBreaker), Concurrency: c.Concurrency,
	}
	for _, e := range c.Entities {
		re := rest.Entity{
			Name: e.Name, Path: e.Path, Query: e.Query, KeyPath: e.KeyPath, Rows: e.Rows, Entity: e.Entity,
			Key: e.Key, Search: e.Search, Paging: rest.Paging(e.Paging), Count: e.Count, Write: rest.Write(e.Write),
		}
		for _, p := range e.Properties {
			re.Properties = append(re.Properties, rest.Property(p))
		}
		for _, f := range e.Filters {
			re.Filters = append(re.Filters, rest.Filter(f))
		}
		if e.Sort != nil {
			s := rest.Sort(*e.Sort)
			re.Sort = &s
		}
		out.Entities = append(out.Entities, re)
	}
	return out
}
