package gateway

import (
	"bytes"
	"context"
	_ "embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"odatagw/auth"
	"odatagw/metadata"
)

// The landing page (GET / in a browser): every service with its entity sets,
// their properties and navigation properties, and sample requests that work
// as they are. Rendered server-side with html/template, which escapes the
// model's names; no scripts, no external assets.

//go:embed index.html
var indexHTML string

var indexTemplate = template.Must(template.New("index").Parse(indexHTML))

// indexModelTimeout bounds the time the page waits for a service's model.
const indexModelTimeout = 10 * time.Second

type indexPage struct {
	Services []indexService
}

type indexService struct {
	Name, Root, Metadata, OpenAPI string
	Error                         string // the model could not be read
	Sets                          []indexSet
}

type indexSet struct {
	Name, Anchor string
	Properties   []indexProperty
	Navigation   []indexNavigation
	Samples      []sample
}

type indexProperty struct {
	Name, Type, Facets string
	Key, Nullable      bool
}

type indexNavigation struct {
	Name, Target, TargetAnchor string
	Many, Nullable             bool
}

// prefersHTML reports whether the request's Accept header ranks text/html
// above JSON, as browsers' headers do. Clients that send no Accept, */* or
// JSON first get JSON.
func prefersHTML(r *http.Request) bool {
	h := strings.Join(r.Header.Values("Accept"), ",")
	if strings.TrimSpace(h) == "" {
		return false
	}
	ranges := parseAccept(h)
	return acceptQ(ranges, "text", "html") > acceptQ(ranges, "application", "json")
}

// acceptQ is the quality the most specific matching range gives typ/sub.
func acceptQ(ranges []mediaRange, typ, sub string) float64 {
	best, q := -1, 0.0
	for _, mr := range ranges {
		spec := -1
		switch {
		case mr.typ == typ && mr.sub == sub:
			spec = 2
		case mr.typ == typ && mr.sub == "*":
			spec = 1
		case mr.typ == "*":
			spec = 0
		}
		if spec > best {
			best, q = spec, mr.q
		}
	}
	return q
}

// serveIndexHTML renders the landing page.
func (g *Gateway) serveIndexHTML(c *gin.Context) {
	r := c.Request
	base := g.baseURL(r)
	page := indexPage{}
	for _, name := range g.names {
		page.Services = append(page.Services, g.indexService(r, base, name))
	}
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, page); err != nil {
		g.writeError(c.Writer, r, requestID(c), err)
		return
	}
	h := c.Writer.Header()
	h.Set("Vary", "Accept")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:")
	h.Set("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, "text/html;charset=utf-8", buf.Bytes())
}

func (g *Gateway) indexService(r *http.Request, base, name string) indexService {
	root := base + "/odata/" + name + "/"
	s := indexService{Name: name, Root: root, Metadata: root + "$metadata", OpenAPI: root + openAPIPath}
	var p *auth.Principal
	if g.cfg.Guard != nil {
		// The model is shown only to callers the service itself would let in.
		var err error
		if p, err = g.cfg.Guard.Authenticate(r, name); err != nil {
			s.Error = "sign in to this service to see its entity sets"
			return s
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), indexModelTimeout)
	defer cancel()
	m, err := g.services[name].Source.Model(ctx)
	if err != nil {
		s.Error = "the data source is not available: " + toODataError(err).Message
		return s
	}
	if g.cfg.Guard != nil { // and only what the caller's roles may see of it (authz.go)
		v, err := g.cfg.Guard.View(name, p, m)
		if err != nil {
			s.Error = "your roles give no access to this service"
			return s
		}
		if v != nil {
			m = v.Model
		}
	}
	for _, set := range m.Sets {
		s.Sets = append(s.Sets, indexEntitySet(name, root, set))
	}
	return s
}

func indexEntitySet(service, root string, set *metadata.EntitySet) indexSet {
	t := set.Type
	out := indexSet{Name: set.Name, Anchor: anchor(service, set.Name), Samples: sampleQueries(root, set)}
	for _, p := range t.Properties {
		out.Properties = append(out.Properties, indexProperty{
			Name: p.Name, Type: string(p.Type), Facets: facets(p), Key: t.IsKey(p), Nullable: p.Nullable})
	}
	for _, n := range t.Navigation {
		out.Navigation = append(out.Navigation, indexNavigation{Name: n.Name, Target: n.TargetSet.Name,
			TargetAnchor: anchor(service, n.TargetSet.Name), Many: n.Collection, Nullable: n.Nullable})
	}
	return out
}

// anchor is the fragment identifying an entity set's section.
func anchor(service, set string) string { return "set-" + service + "-" + set }

// facets describes a property's MaxLength, Precision and Scale, as $metadata states them.
func facets(p *metadata.Property) string {
	var parts []string
	if p.MaxLength > 0 {
		parts = append(parts, "max length "+strconv.Itoa(p.MaxLength))
	}
	if p.Type == metadata.EdmDecimal && p.Precision > 0 {
		s := "precision " + strconv.Itoa(p.Precision)
		if p.Scale == metadata.ScaleVariable {
			s += ", variable scale"
		} else {
			s += ", scale " + strconv.Itoa(p.Scale)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}
