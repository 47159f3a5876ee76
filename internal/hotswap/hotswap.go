// Package hotswap serves HTTP through a handler that can be replaced while
// serving: requests that arrived before a swap finish on the old handler,
// later ones go to the new, no connection is dropped, and the old handler's
// resources are released once its last request is over.
package hotswap

import (
	"net/http"
	"sync"
	"sync/atomic"
)

// Handler is an http.Handler whose target is swapped atomically.
type Handler struct {
	cur atomic.Pointer[generation]
}

// generation is one handler with the requests it is serving.
type generation struct {
	h       http.Handler
	release func()
	active  atomic.Int64
	retired atomic.Bool
	once    sync.Once
	done    chan struct{}
}

// New returns a Handler serving h; release is called (once, in its own
// goroutine) after h was swapped out and its last request ended.
func New(h http.Handler, release func()) *Handler {
	s := &Handler{}
	s.cur.Store(newGeneration(h, release))
	return s
}

func newGeneration(h http.Handler, release func()) *generation {
	if release == nil {
		release = func() {}
	}
	return &generation{h: h, release: release, done: make(chan struct{})}
}

// ServeHTTP serves r with the current handler.
func (s *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g := s.acquire()
	defer g.leave()
	g.h.ServeHTTP(w, r)
}

// acquire returns the current generation with this request counted in it.
// A generation retired between the load and the count is left again (its
// release may then run) and the new current one is taken.
func (s *Handler) acquire() *generation {
	for {
		g := s.cur.Load()
		g.active.Add(1)
		if !g.retired.Load() {
			return g
		}
		g.leave()
	}
}

func (g *generation) leave() {
	if g.active.Add(-1) == 0 && g.retired.Load() {
		g.finish()
	}
}

func (g *generation) retire() {
	g.retired.Store(true)
	if g.active.Load() == 0 {
		g.finish()
	}
}

func (g *generation) finish() {
	g.once.Do(func() {
		go func() {
			g.release()
			close(g.done)
		}()
	})
}

// Swap makes h (with its release function) the handler of every request
// from now on and retires the previous one. The returned channel is closed
// once the previous handler's requests are over and its release returned.
func (s *Handler) Swap(h http.Handler, release func()) <-chan struct{} {
	old := s.cur.Swap(newGeneration(h, release))
	old.retire()
	return old.done
}

// Close retires the current handler (after the server stopped accepting
// requests) and waits until its requests ended and it was released.
// Requests arriving after Close get 503.
func (s *Handler) Close() {
	closed := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
	})
	<-s.Swap(closed, nil)
}
