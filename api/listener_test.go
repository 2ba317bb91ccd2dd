package api

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestLimitListener: one address cannot hold more than its share of
// connections (the rest get 503 at once, other addresses are served), and
// past the total a new connection waits for one to close.
func TestLimitListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lim, err := LimitListener(ln, 5, 2, []string{"127.0.0.9"})
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/block" {
			<-release
		}
		fmt.Fprint(w, "ok")
	})}
	go hs.Serve(lim)
	defer hs.Close()
	addr := ln.Addr().String()
	// dial connects from a loopback address of its own and sends a request.
	dial := func(from, path string) net.Conn {
		t.Helper()
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 2 * time.Second}
		c, err := d.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path)
		return c
	}
	status := func(c net.Conn, within time.Duration) (int, string) {
		t.Helper()
		_ = c.SetReadDeadline(time.Now().Add(within))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		var b strings.Builder
		_, _ = bufio.NewReader(resp.Body).WriteTo(&b)
		return resp.StatusCode, b.String()
	}
	a1, a2 := dial("127.0.0.2", "/block"), dial("127.0.0.2", "/block")
	defer a1.Close()
	defer a2.Close()
	time.Sleep(100 * time.Millisecond)
	c3 := dial("127.0.0.2", "/")
	if code, body := status(c3, 2*time.Second); code != http.StatusServiceUnavailable || !strings.Contains(body, "too_many_connections") {
		t.Fatalf("third connection from one address: %d %s, want 503", code, body)
	}
	c3.Close()
	c4 := dial("127.0.0.3", "/")
	if code, _ := status(c4, 2*time.Second); code != http.StatusOK {
		t.Fatalf("another address: %d, want 200", code)
	}
	c4.Close()
	time.Sleep(100 * time.Millisecond)
	// An exempt address (a trusted proxy) has no per-client limit.
	p1, p2, p3 := dial("127.0.0.9", "/block"), dial("127.0.0.9", "/block"), dial("127.0.0.9", "/")
	defer p1.Close()
	defer p2.Close()
	if code, _ := status(p3, 2*time.Second); code != http.StatusOK {
		t.Fatalf("third connection of an exempt address: %d, want 200", code)
	}
	p3.Close()
	p4 := dial("127.0.0.9", "/block")
	defer p4.Close()
	time.Sleep(100 * time.Millisecond)
	// Five connections are open: a sixth waits...
	c5 := dial("127.0.0.4", "/")
	defer c5.Close()
	if code, _ := status(c5, 300*time.Millisecond); code != 0 {
		t.Fatalf("a connection past the total was served (%d)", code)
	}
	// ...until one closes.
	close(release)
	a1.Close()
	if code, _ := status(c5, 2*time.Second); code != http.StatusOK {
		t.Fatalf("after the others ended: %d, want 200", code)
	}
}
