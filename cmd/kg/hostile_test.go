package main

// Hostile clients against a real kg serve (issue 14): during each attack,
// from addresses of its own, the server keeps answering /healthz and takes
// an authenticated write within a second; it survives them all and stops
// on SIGTERM.

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// clientFrom is an HTTP client whose connections come from a loopback
// address of its own (127.0.0.0/8 is all loopback on Linux), as a distinct
// client's would.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 64}}
}

// dialFrom opens a raw connection to addr from ip.
func dialFrom(ip, addr string) (net.Conn, error) {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return d.Dial("tcp", addr)
}

// freeAddrListening returns the address of a listener that lives as long
// as the test.
func freeAddrListening(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().String()
}

// attack is one hostile client: start runs it until stop is closed. When
// cutOff is set, the server must end the attack's connections itself
// within it.
type attack struct {
	name   string
	start  func(t *testing.T, s *server, stop <-chan struct{}, wg *sync.WaitGroup)
	cutOff time.Duration
}

func TestHostileClients(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a kg process")
	}
	samples, err := filepath.Abs("../../data/sample")
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "db")
	if r := (child{}).run(t, "ingest", "-q", "--db", db, samples); r.code != 0 {
		t.Fatalf("ingest: %s%s", r.stdout, r.stderr)
	}
	// The attackers connect from loopback addresses of their own.
	if c, err := dialFrom("127.0.0.2", freeAddrListening(t)); err != nil {
		t.Skipf("cannot connect from 127.0.0.2 (loopback is not 127.0.0.0/8 here): %v", err)
	} else {
		c.Close()
	}
	srv := child{}.serve(t, db, "--token", "secret", "--timeout", "3s", "--body-timeout", "2s",
		"--write-rate", "5", "--query-rate", "5", "--max-conns", "512", "--max-conns-per-client", "32")
	addr := strings.TrimPrefix(srv.url, "http://")

	attacks := []attack{
		{name: "slow readers of /api/v2/read", start: func(t *testing.T, s *server, stop <-chan struct{}, wg *sync.WaitGroup) {
			for i := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c, err := dialFrom("127.0.0.2", addr)
					if err != nil {
						t.Error(err)
						return
					}
					defer c.Close()
					fmt.Fprintf(c, "GET /api/v2/read?n=%d HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", i)
					// 20 bytes a second, like curl --limit-rate.
					buf := make([]byte, 2)
					for {
						select {
						case <-stop:
							return
						case <-time.After(100 * time.Millisecond):
						}
						if _, err := c.Read(buf); err != nil {
							return
						}
					}
				}()
			}
		}},
		{name: "slow bodies from one address", cutOff: 10 * time.Second, start: func(t *testing.T, s *server, stop <-chan struct{}, wg *sync.WaitGroup) {
			for i := range 1000 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c, err := dialFrom("127.0.0.3", addr)
					if err != nil {
						return // the kernel's backlog: refused, fine
					}
					defer c.Close()
					// A query body is read whoever sends it; an article's
					// only with the token (without, the answer is 401 at once).
					path := "/api/v1/query/gizmo"
					if i%2 == 1 {
						path = fmt.Sprintf("/api/articles?id=slow%d", i)
					}
					fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n", path)
					for {
						select {
						case <-stop:
							return
						case <-time.After(500 * time.Millisecond):
						}
						if _, err := c.Write([]byte("工")); err != nil {
							return
						}
					}
				}()
			}
		}},
		{name: "slow headers from one address", start: func(t *testing.T, s *server, stop <-chan struct{}, wg *sync.WaitGroup) {
			for range 500 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c, err := dialFrom("127.0.0.4", addr)
					if err != nil {
						return
					}
					defer c.Close()
					fmt.Fprint(c, "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n")
					for {
						select {
						case <-stop:
							return
						case <-time.After(500 * time.Millisecond):
						}
						if _, err := c.Write([]byte("X-a: b\r\n")); err != nil {
							return
						}
					}
				}()
			}
		}},
		{name: "anonymous write flood", start: func(t *testing.T, s *server, stop <-chan struct{}, wg *sync.WaitGroup) {
			cl := clientFrom("127.0.0.5")
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						req, _ := http.NewRequest("POST", s.url+"/api/articles?id=anon", strings.NewReader(crashText(i)))
						req.Header.Set("Content-Type", "text/plain")
						if i%2 == 0 {
							req.Header.Set("Authorization", "Bearer guess")
						}
						if resp, err := cl.Do(req); err == nil {
							io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
						}
					}
				}()
			}
		}},
		{name: "cross-site writes", start: func(t *testing.T, s *server, stop <-chan struct{}, wg *sync.WaitGroup) {
			cl := clientFrom("127.0.0.6")
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					req, _ := http.NewRequest("POST", s.url+"/api/articles?id=csrf", strings.NewReader(crashText(i)))
					req.Header.Set("Content-Type", "text/plain")
					req.Header.Set("Origin", "https://evil.example")
					resp, err := cl.Do(req)
					if err != nil {
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
						t.Errorf("a cross-site write answered %d", resp.StatusCode)
						return
					}
				}
			}()
		}},
		{name: "Gizmo flood and oversized queries", start: func(t *testing.T, s *server, stop <-chan struct{}, wg *sync.WaitGroup) {
			cl := clientFrom("127.0.0.7")
			big := "/api/v2/query?lang=gizmo&qu=" + strings.Repeat("+", 600<<10)
			for w := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						select {
						case <-stop:
							return
						default:
						}
						var resp *http.Response
						var err error
						if w == 0 {
							resp, err = cl.Get(s.url + big)
						} else {
							resp, err = cl.Post(s.url+"/api/v1/query/gizmo?limit=-1", "text/plain", strings.NewReader(`g.V().Out().All()`))
						}
						if err != nil {
							continue
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if w == 0 && resp.StatusCode != http.StatusRequestEntityTooLarge && resp.StatusCode != http.StatusTooManyRequests {
							t.Errorf("a 600 KB query in the URL answered %d", resp.StatusCode)
							return
						}
					}
				}()
			}
		}},
	}
	for i, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			stop := make(chan struct{})
			var wg sync.WaitGroup
			a.start(t, srv, stop, &wg)
			defer func() { close(stop); wg.Wait() }()
			if a.cutOff > 0 {
				defer func() {
					ended := make(chan struct{})
					go func() { wg.Wait(); close(ended) }()
					select {
					case <-ended:
					case <-time.After(a.cutOff):
						t.Errorf("the server did not cut the attack's connections off within %s", a.cutOff)
					}
				}()
			}
			time.Sleep(time.Second) // the attack in full swing
			for j := range 3 {
				start := time.Now()
				req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/articles?id=owner-%d-%d", srv.url, i, j), strings.NewReader(crashText(100+i*3+j)))
				req.Header.Set("Content-Type", "text/plain")
				req.Header.Set("Authorization", "Bearer secret")
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				resp, err := http.DefaultClient.Do(req.WithContext(ctx))
				el := time.Since(start)
				cancel()
				if err != nil {
					t.Fatalf("authenticated write during the attack: %v after %s", err, el)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated || el > time.Second {
					t.Errorf("authenticated write during the attack: %d in %s, want 201 within 1 s: %s", resp.StatusCode, el, body)
				}
				start = time.Now()
				h := srv.do(t, http.MethodGet, "/healthz", "", "")
				if el := time.Since(start); h.status != http.StatusOK || el > time.Second {
					t.Errorf("/healthz during the attack: %d in %s: %s", h.status, el, h.body)
				}
			}
		})
	}
	select {
	case <-srv.done:
		t.Fatalf("kg serve died: %v\n%s", srv.err, srv.stderr.String())
	default:
	}
	srv.stop(t)
}
