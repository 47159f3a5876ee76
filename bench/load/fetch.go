package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

var client = &http.Client{
	Timeout:   5 * time.Minute,
	Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true},
}

// get fetches u and returns its body; any status but 200 is an error.
func get(u string) ([]byte, error) {
	resp, err := client.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d: %.200s", u, resp.StatusCode, body)
	}
	return body, nil
}

var nextLinkKey = []byte(`"@odata.nextLink":"`)

// nextLink finds the page's @odata.nextLink without decoding the page (the
// gateway writes it last, CAP first), resolved against the page's URL.
func nextLink(page []byte, from string) (string, error) {
	i := bytes.Index(page, nextLinkKey)
	if i < 0 {
		return "", nil
	}
	rest := page[i+len(nextLinkKey)-1:]
	var link string
	if err := json.NewDecoder(bytes.NewReader(rest)).Decode(&link); err != nil {
		return "", fmt.Errorf("nextLink: %w", err)
	}
	base, err := url.Parse(from)
	if err != nil {
		return "", err
	}
	ref, err := url.Parse(link)
	if err != nil {
		return "", err
	}
	return base.ResolveReference(ref).String(), nil
}

// export reads u and every page after it; it returns the number of pages.
func export(u string, each func(page []byte)) (int, error) {
	pages := 0
	for u != "" {
		page, err := get(u)
		if err != nil {
			return pages, err
		}
		pages++
		if each != nil {
			each(page)
		}
		if u, err = nextLink(page, u); err != nil {
			return pages, err
		}
	}
	return pages, nil
}

// countRows decodes a page and returns the length of its value array.
func countRows(page []byte) (int, error) {
	var c struct {
		Value []json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(page, &c); err != nil {
		return 0, err
	}
	return len(c.Value), nil
}
