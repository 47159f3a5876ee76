package hotswap

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// text answers with its name; a request to /slow waits for unblock first.
func text(name string, unblock <-chan struct{}, started chan<- struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			started <- struct{}{}
			<-unblock
		}
		io.WriteString(w, name)
	})
}

func get(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestSwapLetsInFlightRequestsFinishOnTheOldHandler(t *testing.T) {
	unblock, started := make(chan struct{}), make(chan struct{}, 1)
	var released atomic.Int32
	h := New(text("old", unblock, started), func() { released.Add(1) })
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := srv.Client()

	slow := make(chan string, 1)
	go func() { slow <- get(t, c, srv.URL+"/slow") }()
	<-started

	done := h.Swap(text("new", nil, nil), nil)
	// New requests (on the same keep-alive connections) reach the new handler at once.
	for range 3 {
		if got := get(t, c, srv.URL+"/"); got != "new" {
			t.Fatalf("after the swap: %q", got)
		}
	}
	select {
	case <-done:
		t.Fatal("the old handler was released while a request was in flight")
	case <-time.After(50 * time.Millisecond):
	}
	if released.Load() != 0 {
		t.Fatal("released early")
	}
	close(unblock)
	if got := <-slow; got != "old" {
		t.Errorf("the in-flight request got %q, want old", got)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the old handler was never released")
	}
	if released.Load() != 1 {
		t.Errorf("released %d times", released.Load())
	}
}

func TestSwapUnderLoadReleasesEachGenerationOnceAfterItsRequests(t *testing.T) {
	type gen struct {
		inFlight atomic.Int64
		released atomic.Bool
		bad      atomic.Bool // a request ran after release
	}
	var gens []*gen
	mk := func() (http.Handler, func()) {
		g := &gen{}
		gens = append(gens, g)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				g.inFlight.Add(1)
				if g.released.Load() {
					g.bad.Store(true)
				}
				time.Sleep(100 * time.Microsecond)
				g.inFlight.Add(-1)
			}), func() {
				if g.inFlight.Load() != 0 {
					g.bad.Store(true)
				}
				g.released.Store(true)
			}
	}
	h := New(mk())
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
				}
			}
		}()
	}
	var dones []<-chan struct{}
	for range 50 {
		dones = append(dones, h.Swap(mk()))
		time.Sleep(time.Millisecond)
	}
	close(stop)
	wg.Wait()
	for _, d := range dones {
		<-d
	}
	h.Close()
	for i, g := range gens {
		if !g.released.Load() || g.bad.Load() {
			t.Errorf("generation %d: released %v, used after release %v", i, g.released.Load(), g.bad.Load())
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("after Close: %d", rec.Code)
	}
}
