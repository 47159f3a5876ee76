package gateway

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"odatagw/metadata"
	"odatagw/odataerr"
)

// pageToken is the state carried by $skiptoken between pages. It is opaque to
// clients: base64url of a small JSON object.
type pageToken struct {
	// N is the number of rows already returned by earlier pages (they count
	// against the client's $top).
	N int64 `json:"n"`
	// O is the offset of the next row, for offset paging.
	O int64 `json:"o,omitempty"`
	// K holds the order-by values of the last row returned, for keyset paging.
	K []json.RawMessage `json:"k,omitempty"`
}

func (t pageToken) encode() string {
	b, _ := json.Marshal(t)
	return base64.RawURLEncoding.EncodeToString(b)
}

func errSkipToken(why string) error {
	return odataerr.BadRequest("invalid $skiptoken: %s; use the @odata.nextLink of the previous page as is", why).At("$skiptoken", -1)
}

// decodePageToken parses a $skiptoken this gateway issued for plan p.
func decodePageToken(s string, p *plan) (pageToken, error) {
	var t pageToken
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(raw, &t) != nil {
		if after, ok := keyLiteralToken(s, p); ok {
			p.query.After = after
			return pageToken{}, nil
		}
		return t, errSkipToken("not a token issued by this service")
	}
	if t.N < 0 || t.O < 0 {
		return t, errSkipToken("negative position")
	}
	if t.K != nil {
		if p.orderIdx == nil || len(t.K) != len(p.query.OrderBy) {
			return t, errSkipToken("it does not match this query's $orderby")
		}
		after := make([]any, len(t.K))
		cols := p.query.Columns()
		for i, rawv := range t.K {
			v, err := decodeTokenValue(cols[p.orderIdx[i]].Type, rawv)
			if err != nil {
				return t, errSkipToken("a key value does not match its property type")
			}
			after[i] = v
		}
		p.query.After = after
	}
	return t, nil
}

// keyLiteralToken accepts the $skiptoken form other OData servers issue and
// clients replay from recorded traffic: the key value of the last row read
// (Salesforce Connect's documented example is `$top=301&$skiptoken=10447`).
// It applies only where it is unambiguous: the rows are in the order of a
// single key property (no $orderby, or $orderby on the key alone), so "the
// rows after this key" is exactly the next page. The value is an OData
// literal (10447, 'ALFKI', quotes inside doubled) or a bare string.
func keyLiteralToken(s string, p *plan) ([]any, bool) {
	if p.orderIdx == nil || len(p.query.OrderBy) != 1 || len(p.keyIdx) != 1 || p.orderIdx[0] != p.keyIdx[0] {
		return nil, false
	}
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		s = strings.ReplaceAll(s[1:len(s)-1], "''", "'")
	}
	raw, _ := json.Marshal(s)
	v, err := decodeTokenValue(p.query.Columns()[p.orderIdx[0]].Type, raw)
	if err != nil {
		return nil, false
	}
	return []any{v}, true
}

// tokenValue renders an order-by value for a token.
func tokenValue(t metadata.EdmType, v any) json.RawMessage {
	return json.RawMessage(appendValue(nil, t, v, valueFormat{ieee754: true}))
}

// decodeTokenValue reverses tokenValue.
func decodeTokenValue(t metadata.EdmType, raw json.RawMessage) (any, error) {
	var s string
	switch t {
	case metadata.EdmBoolean:
		var b bool
		err := json.Unmarshal(raw, &b)
		return b, err
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		// Integers without IEEE754 quoting.
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return nil, err
		}
		s = n.String()
	}
	switch {
	case t.IsIntegral():
		return strconv.ParseInt(s, 10, 64)
	case t == metadata.EdmDecimal:
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return nil, err
		}
		return metadata.Decimal(s), nil
	case t == metadata.EdmString, t == metadata.EdmGuid:
		return s, nil
	case t == metadata.EdmDate:
		d, err := time.Parse("2006-01-02", s)
		return metadata.DateOf(d), err
	case t == metadata.EdmDateTimeOffset:
		return time.Parse(time.RFC3339Nano, s)
	case t == metadata.EdmTimeOfDay:
		d, err := time.Parse("15:04:05.999999999", s)
		return metadata.TimeOfDay{Hour: d.Hour(), Minute: d.Minute(), Second: d.Second(), Nanosecond: d.Nanosecond()}, err
	}
	return nil, errSkipToken("unsupported key type")
}

// pageSize returns the page size for this request and whether the client's
// odata.maxpagesize preference was applied.
func (q *request) pageSize() (int, bool) {
	max := q.g.cfg.MaxPageSize
	for _, v := range q.r.Header.Values("Prefer") {
		for _, pref := range strings.Split(v, ",") {
			k, val, ok := strings.Cut(strings.TrimSpace(pref), "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(k), "odata.maxpagesize") && !strings.EqualFold(strings.TrimSpace(k), "maxpagesize") {
				continue
			}
			n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(val), `"`))
			if err == nil && n > 0 {
				if n < max {
					return n, true
				}
				return max, true
			}
		}
	}
	return max, false
}

// nextLink builds the URL of the next page: the request URL with $skiptoken
// replaced.
func (q *request) nextLink(tok pageToken) string {
	var parts []string
	for _, kv := range strings.Split(q.r.URL.RawQuery, "&") {
		if kv == "" {
			continue
		}
		name, _, _ := strings.Cut(kv, "=")
		if n := strings.ToLower(name); n == "$skiptoken" || n == "%24skiptoken" || n == "skiptoken" {
			continue
		}
		parts = append(parts, kv)
	}
	parts = append(parts, "$skiptoken="+tok.encode())
	return q.serviceRoot() + q.rawPath + "?" + strings.Join(parts, "&")
}

// preferenceApplied records an applied preference in the response headers.
func preferenceApplied(w http.ResponseWriter, pref string) {
	w.Header().Add("Preference-Applied", pref)
}
