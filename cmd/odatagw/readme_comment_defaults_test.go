package main

// TestReadmeCommentDefaults: where a YAML example's comment states a key's
// default ("# … (default 30s)"), it is the value the code applies when the
// key is left out.

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"odatagw/adapters/rest"
	"odatagw/auth"
	"odatagw/cache"
	"odatagw/config"
	"odatagw/gateway"
	"odatagw/gateway/batch"
)

// stated matches "default V" and "defaults to V"; V ends at a space, comma,
// parenthesis or semicolon.
var stated = regexp.MustCompile(`\bdefaults?:? (?:to )?([^ ,;()]+)`)

func mib(n int64) string { return fmt.Sprintf("%dMiB", n>>20) }

// codeDefaults are the defaults the code applies, by key path (list
// elements and map values add no segment), written as the README would.
var codeDefaults = map[string]string{
	"listen":                                config.DefaultListen,
	"max_request_body":                      mib(int64(config.DefaultMaxRequestBody)),
	"batch.max_requests":                    fmt.Sprint(batch.DefaultMaxRequests),
	"batch.max_body_size":                   mib(batch.DefaultMaxBodyBytes),
	"metrics.path":                          config.DefaultMetricsPath,
	"tracing.service_name":                  config.DefaultTracingServiceName,
	"tracing.timeout":                       config.DefaultTracingTimeout.String(),
	"sources.query_timeout":                 defaultQueryTimeout.String(),
	"sources.rest.timeout":                  rest.DefaultTimeout.String(),
	"sources.rest.max_rows":                 fmt.Sprint(rest.DefaultMaxRows),
	"sources.rest.retries":                  fmt.Sprint(rest.DefaultRetries),
	"sources.concurrency.max_requests":      fmt.Sprint(gateway.DefaultMaxRequests),
	"sources.breaker.ping_timeout":          gateway.DefaultPingTimeout.String(),
	"security.auth.realm":                   auth.DefaultRealm,
	"security.auth.api_keys.header":         auth.DefaultAPIKeyHeader,
	"security.rate_limit.max_principals":    fmt.Sprint(auth.DefaultMaxPrincipals),
	"cache.max_bytes":                       mib(cache.DefaultMaxBytes),
	"cache.max_entry_bytes":                 mib(cache.DefaultMaxEntryBytes),
	"sources.rest.circuit_breaker.failures": fmt.Sprint(rest.DefaultFailures),
	"sources.rest.circuit_breaker.cooldown": rest.DefaultCooldown.String(),
	"sources.rest.concurrency":              fmt.Sprint(rest.DefaultConcurrency),
	"sources.rest.retry_backoff":            shortDuration(rest.DefaultRetryBackoff),
	"sources.rest.max_retry_wait":           shortDuration(rest.DefaultMaxRetryWait),
}

// shortDuration writes 30s rather than 30s0ms, 1h rather than 1h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	for _, z := range []string{"0s", "0m"} {
		if strings.HasSuffix(s, "m"+z) || strings.HasSuffix(s, "h"+z) {
			s = strings.TrimSuffix(s, z)
		}
	}
	return s
}

// commentDefaults collects the defaults stated in line comments, by path.
func commentDefaults(prefix string, n *yaml.Node, out map[string][]string) {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			commentDefaults(prefix, c, out)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			path := prefix + k.Value
			for _, c := range []string{k.LineComment, v.LineComment} {
				if m := stated.FindStringSubmatch(c); m != nil {
					out[path] = append(out[path], strings.TrimRight(m[1], ".:"))
				}
			}
			commentDefaults(path+".", v, out)
		}
	}
}

func TestReadmeCommentDefaults(t *testing.T) {
	found := map[string][]string{}
	for _, f := range readmeFences(t) {
		var root yaml.Node
		if f.lang != "yaml" || yaml.Unmarshal([]byte(strings.ReplaceAll(strings.Join(f.lines, "\n"), "{…}", "{}")), &root) != nil {
			continue
		}
		commentDefaults("", &root, found)
	}
	checked := 0
	for path, vals := range found {
		want, ok := codeDefaults[path]
		if !ok {
			continue
		}
		for _, v := range vals {
			checked++
			if v != want && !sameDuration(v, want) {
				t.Errorf("README: %s: the comment says default %s, the code's is %s", path, v, want)
			}
		}
	}
	if checked < 15 {
		t.Errorf("only %d stated defaults checked: %v", checked, found)
	}
}

// sameDuration reports whether a and b are the same duration written
// differently (1h and 1h0m0s).
func sameDuration(a, b string) bool {
	da, errA := time.ParseDuration(a)
	db, errB := time.ParseDuration(b)
	return errA == nil && errB == nil && da == db
}
