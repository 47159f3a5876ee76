package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// store is a fake OData service over /odata/svc/: Items(n) with a Name, and
// their Children. It records every request it serves, and whether it ran
// inside a transaction of fakeAtomic.
type store struct {
	mu       sync.Mutex
	items    map[int]string
	children map[int]int // child id -> parent id
	next     int
	log      []served
}

// served is one request as the handler saw it.
type served struct {
	method, uri string
	header      http.Header
	body        string
	tx          int // 0 outside a transaction
}

type txKey struct{}

func newStore() *store {
	return &store{items: map[int]string{1: "one", 2: "two"}, children: map[int]int{}, next: 10}
}

func (s *store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	tx, _ := r.Context().Value(txKey{}).(int)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, served{r.Method, r.RequestURI, r.Header.Clone(), string(body), tx})
	path, ok := strings.CutPrefix(r.URL.Path, "/odata/svc/")
	if !ok {
		http.Error(w, "not under the service", http.StatusNotFound)
		return
	}
	id, rest := parseItem(path)
	switch {
	case path == "Items" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"value":%d}`, len(s.items))
	case path == "Items" && r.Method == http.MethodPost:
		s.create(w, r, body, 0)
	case id == 0:
		w.WriteHeader(http.StatusMethodNotAllowed)
	case s.items[id] == "":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"code":"NotFound","message":"no such item"}}`)
	case rest == "" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("ETag", `W/"`+s.items[id]+`"`)
		fmt.Fprintf(w, `{"ID":%d,"Name":%q}`, id, s.items[id])
	case rest == "" && r.Method == http.MethodPatch:
		if m := r.Header.Get("If-Match"); m != "" && m != `W/"`+s.items[id]+`"` {
			w.WriteHeader(http.StatusPreconditionFailed)
			return
		}
		var v struct{ Name string }
		_ = json.Unmarshal(body, &v)
		s.items[id] = v.Name
		w.WriteHeader(http.StatusNoContent)
	case rest == "Children" && r.Method == http.MethodPost:
		s.create(w, r, body, id)
	case rest == "Name/$value" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, s.items[id])
	case rest == "Photo" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write([]byte{0xff, 0x00, 0xfe})
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// create inserts an item (a child of parent when parent > 0); the name "bad"
// is a validation error.
func (s *store) create(w http.ResponseWriter, r *http.Request, body []byte, parent int) {
	var v struct{ Name string }
	if err := json.Unmarshal(body, &v); err != nil || v.Name == "bad" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":{"code":"BadRequest","message":"invalid Name"}}`)
		return
	}
	id := s.next
	s.next++
	s.items[id] = v.Name
	if parent > 0 {
		s.children[id] = parent
	}
	loc := "http://" + r.Host + "/odata/svc/Items(" + strconv.Itoa(id) + ")"
	w.Header().Set("Location", loc)
	w.Header().Set("ETag", `W/"`+v.Name+`"`)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, `{"ID":%d,"Name":%q}`, id, v.Name)
}

// parseItem splits "Items(7)/rest" into 7 and "rest".
func parseItem(path string) (int, string) {
	p, ok := strings.CutPrefix(path, "Items(")
	if !ok {
		return 0, ""
	}
	k, rest, ok := strings.Cut(p, ")")
	if !ok {
		return 0, ""
	}
	n, err := strconv.Atoi(k)
	if err != nil {
		return 0, ""
	}
	return n, strings.TrimPrefix(rest, "/")
}

// fakeAtomic is an Atomic over the store: it snapshots the store, runs, and
// restores the snapshot when run fails (rollback). commitErr makes the
// commit fail after a successful run.
type fakeAtomic struct {
	s         *store
	calls     int
	errs      []error // what each run returned
	commitErr error
}

func (a *fakeAtomic) atomic(ctx context.Context, _ int, run func(context.Context) error) error {
	a.calls++
	a.s.mu.Lock()
	items, children, next := maps.Clone(a.s.items), maps.Clone(a.s.children), a.s.next
	a.s.mu.Unlock()
	err := run(context.WithValue(ctx, txKey{}, a.calls))
	a.errs = append(a.errs, err)
	if err == nil && a.commitErr != nil {
		err = a.commitErr
	}
	if err != nil {
		a.s.mu.Lock()
		a.s.items, a.s.children, a.s.next = items, children, next
		a.s.mu.Unlock()
	}
	return err
}

var errCommit = errors.New("commit failed")
