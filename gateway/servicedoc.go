package gateway

import (
	"bytes"
	"net/http"
	"sync"

	"odatagw/metadata"
)

// service is a configured Service plus what the gateway derives from it.
type service struct {
	Service
	adm  *admission // admission and circuit breaker (gateway/admission.go)
	mu   sync.Mutex
	doc  *metadata.Model // the model the cached documents were rendered from
	xml  []byte
	json []byte
}

// csdl returns the CSDL document of m, rendered once per model: models are
// immutable, and a refreshed schema is a new *Model. canWrite is the
// caller's write permission per set (nil: no roles); it is a function of
// the caller's view, and each view has a model of its own, so the document
// rendered for m is the one for every caller holding that view.
func (s *service) csdl(m *metadata.Model, canWrite func(string) bool, asJSON bool) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.doc != m {
		s.doc, s.xml, s.json = m, nil, nil
	}
	cached := &s.xml
	write := metadata.WriteXML
	if asJSON {
		cached, write = &s.json, metadata.WriteJSON
	}
	if *cached == nil {
		var buf bytes.Buffer
		if err := write(&buf, s.Writes.withCapabilities(m, canWrite)); err != nil {
			return nil, err
		}
		*cached = buf.Bytes()
	}
	return *cached, nil
}

// serveServiceDocument lists the entity sets (OData JSON §5).
func (q *request) serveServiceDocument() error {
	f, err := negotiate(q.r, q.opts.Format, formatJSON)
	if err != nil {
		return err
	}
	b := make([]byte, 0, 1024)
	b = append(b, '{')
	if f.metadata != metadataNone {
		b = append(b, `"@odata.context":`...)
		b = appendString(b, q.serviceRoot()+"$metadata")
		b = append(b, ',')
	}
	b = append(b, `"value":[`...)
	for i, s := range q.model.Sets {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendString(b, s.Name)
		b = append(b, `,"kind":"EntitySet","url":`...)
		b = appendString(b, s.Name)
		b = append(b, '}')
	}
	b = append(b, "]}"...)
	out := q.startBody(http.StatusOK, f.contentType())
	_, _ = out.Write(b)
	return out.Close()
}

// serveMetadata writes CSDL: XML unless the client asks for JSON explicitly
// ($format=json, or an Accept header that admits JSON but no XML). Power
// Query, Salesforce and Tableau all need XML.
func (q *request) serveMetadata() error {
	var f format
	var err error
	if q.opts.Format != "" {
		f, err = negotiate(q.r, q.opts.Format, formatXML, formatJSON)
	} else {
		f, err = negotiate(q.r, "", formatXML, formatJSON)
		if err == nil && f.kind == formatJSON {
			// An Accept header preferring JSON still gets XML when it admits XML at all.
			if xf, xerr := negotiate(q.r, "", formatXML); xerr == nil {
				f = xf
			}
		}
	}
	if err != nil {
		return err
	}
	var canWrite func(string) bool
	if q.view != nil {
		canWrite = q.view.CanWrite
	}
	doc, err := q.svc.csdl(q.model, canWrite, f.kind == formatJSON)
	if err != nil {
		return err
	}
	ct := "application/xml;charset=utf-8"
	if f.kind == formatJSON {
		ct = "application/json;charset=utf-8"
	}
	out := q.startBody(http.StatusOK, ct)
	_, _ = out.Write(doc)
	return out.Close()
}
