package tests

import (
	"bufio"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"odatagw/gateway"
)

// TestSlowRequestBodies: a client that announces a body and sends it
// slowly, or never, gets 408 after the body timeout instead of holding its
// connection for ever, and holds none of the source's turns meanwhile (the
// body is read before the request is admitted): with every turn's worth of
// such clients connected, reads and complete writes are still served. The
// deadline ends with the body, so a keep-alive connection that sent a body
// is not cut off later.
func TestSlowRequestBodies(t *testing.T) {
	const timeout = 400 * time.Millisecond
	path, src := openDemo(t)
	e := newEnv(t, gateway.Config{BodyTimeout: timeout}, path, gateway.Service{Name: "demo", Source: src,
		Writes:    gateway.WritePolicy{Default: gateway.SetWrites{Insert: true, Update: true, Delete: true}},
		Admission: gateway.Admission{MaxRequests: 2, QueueTimeout: 100 * time.Millisecond}})
	addr := strings.TrimPrefix(e.srv.URL, "http://")
	dial := func(t *testing.T) (net.Conn, *bufio.Reader) {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c, bufio.NewReader(c)
	}
	const head = "POST /odata/demo/Categories HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"

	// More slow clients than the source has turns, and slow $batch and
	// chunked requests.
	var slow []*bufio.Reader
	for _, req := range []string{
		head + "Content-Length: 100\r\n\r\n{\"CategoryName\":",
		head + "Content-Length: 100\r\n\r\n{\"CategoryName\":",
		head + "Content-Length: 100\r\n\r\n",
		head + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"Cat",
		"POST /odata/demo/$batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"requests\":[",
	} {
		c, rd := dial(t)
		if _, err := c.Write([]byte(req)); err != nil {
			t.Fatal(err)
		}
		slow = append(slow, rd)
	}
	time.Sleep(50 * time.Millisecond)
	e.get(t, "Categories?$top=1").mustStatus(t, http.StatusOK)
	w := &writesEnv{demoEnv: e}
	w.send(t, "POST", "Categories", `{"CategoryName":"while slow"}`).mustStatus(t, http.StatusCreated)

	start := time.Now()
	for _, rd := range slow {
		resp, err := http.ReadResponse(rd, nil)
		if err != nil {
			t.Fatalf("slow client: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestTimeout {
			t.Errorf("slow client: status %d, want 408", resp.StatusCode)
		}
	}
	if d := time.Since(start); d > 5*timeout {
		t.Errorf("slow clients answered after %v", d)
	}

	// A body sent in full on a keep-alive connection, then a pause longer
	// than the timeout: the next request on it is served.
	c, rd := dial(t)
	body := `{"CategoryName":"keep-alive"}`
	if _, err := c.Write([]byte(head + "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(rd, nil)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("keep-alive POST: %v %v", resp, err)
	}
	resp.Body.Close()
	time.Sleep(2 * timeout)
	if _, err := c.Write([]byte("GET /odata/demo/Categories?$top=1 HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	if resp, err = http.ReadResponse(rd, nil); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET on the same connection after the pause: %v %v", resp, err)
	}
	resp.Body.Close()
}
