package api

// Hostile and careless clients (issue 14): IDs the routes could not
// address, cross-site and rebinding writes, lax JSON, rate limits an
// anonymous client could spend for a token holder, oversized queries in the
// URL, slow bodies, slow readers and a stuck lock.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	cayley "github.com/cayleygraph/cayley/graph"

	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/store"
)

const relayText = "7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。"

// request sends one request with the given headers and reads the answer.
func request(t *testing.T, base, method, path string, hdr map[string]string, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := map[string]any{"_body": string(b)}
	_ = json.Unmarshal(b, &m)
	return resp.StatusCode, m, resp.Header
}

func errCode(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// writableServer is a server over the fixture's store with opts, taking
// writes; articles it stores are deleted after the test.
func writableServer(t *testing.T, opts Options) (*fixture, func(id string)) {
	t.Helper()
	f := getFixture(t)
	opts.Logger = discardLogger()
	srv := New(f.st, f.srv.in, f.srv.gaz, f.srv.t2s, opts)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	var mu sync.Mutex
	var ids []string
	t.Cleanup(func() {
		for _, id := range ids {
			_, _ = f.st.Delete(context.Background(), id)
		}
	})
	return &fixture{srv: srv, st: f.st, ts: ts}, func(id string) {
		mu.Lock()
		defer mu.Unlock()
		ids = append(ids, id)
	}
}

// TestArticleIDs: every ID the server takes or makes up can be read and
// deleted over HTTP, '/' and all; invalid ones are refused with 400 and a
// message, and NULs and bytes that are not UTF-8 never reach the store.
func TestArticleIDs(t *testing.T) {
	g, cleanup := writableServer(t, Options{})
	json1 := func(fields ...string) string {
		m := map[string]string{"text": relayText}
		for i := 0; i+1 < len(fields); i += 2 {
			m[fields[i]] = fields[i+1]
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	valid := []struct {
		name, body, id string
	}{
		{"slashes", json1("id", "https://x.cn/a.html"), "https://x.cn/a.html"},
		{"url and no id", json1("url", "https://x.cn/b/c.html?x=1#y"), "https://x.cn/b/c.html?x=1#y"},
		{"percent, space, Chinese", json1("id", "50% 工会/通知"), "50% 工会/通知"},
		{"query and fragment marks", json1("id", "a?b#c"), "a?b#c"},
	}
	for _, tt := range valid {
		t.Run(tt.name, func(t *testing.T) {
			cleanup(tt.id)
			code, m, _ := request(t, g.ts.URL, "POST", "/api/articles", map[string]string{"Content-Type": "application/json"}, tt.body)
			if code != http.StatusCreated {
				t.Fatalf("post: %d %v", code, m)
			}
			ex, _ := m["extraction"].(map[string]any)
			doc, _ := ex["document"].(map[string]any)
			if doc["id"] != tt.id {
				t.Fatalf("stored as %v, want %q", doc["id"], tt.id)
			}
			path := "/api/articles/" + url.PathEscape(tt.id)
			if code, m, _ := request(t, g.ts.URL, "GET", path, nil, ""); code != http.StatusOK || m["id"] != tt.id {
				t.Fatalf("GET %s: %d %v", path, code, m["id"])
			}
			if code, m, _ := request(t, g.ts.URL, "DELETE", path, nil, ""); code != http.StatusOK {
				t.Fatalf("DELETE %s: %d %v", path, code, m)
			}
			if code, _, _ := request(t, g.ts.URL, "GET", path, map[string]string{"Cache-Control": "no-cache"}, ""); code != http.StatusNotFound {
				t.Fatalf("GET %s after DELETE: %d", path, code)
			}
		})
	}
	invalid := []struct {
		name, method, path, ctype, body string
		status                          int
	}{
		{"NUL in a JSON id", "POST", "/api/articles", "application/json", `{"id":"a\u0000b","text":"` + relayText + `"}`, 400},
		{"line break in a JSON id", "POST", "/api/articles", "application/json", `{"id":"a\nb","text":"` + relayText + `"}`, 400},
		{"id too long", "POST", "/api/articles", "application/json", `{"id":"` + strings.Repeat("a", 513) + `","text":"` + relayText + `"}`, 400},
		{"space at the end of an id", "POST", "/api/articles?id=a%20", "text/plain", relayText, 400},
		{"dot dot", "POST", "/api/articles?id=..", "text/plain", relayText, 400},
		{"zero-width space", "POST", "/api/articles?id=a%E2%80%8Bb", "text/plain", relayText, 400},
		{"NUL in a text/plain id", "POST", "/api/articles?id=a%00b", "text/plain", relayText, 400},
		{"NUL in the text", "POST", "/api/articles?id=nul-text", "text/plain", relayText + "\x00", 422},
		{"NUL in the title", "POST", "/api/articles", "application/json", `{"id":"nul-title","title":"a\u0000","text":"` + relayText + `"}`, 422},
		{"JSON not UTF-8", "POST", "/api/articles", "application/json", "{\"id\":\"bad-utf8\",\"text\":\"" + relayText + "\xff\"}", 422},
		{"GET an invalid id", "GET", "/api/articles/a%00b", "", "", 400},
		{"DELETE an invalid id", "DELETE", "/api/articles/a%0Ab", "", "", 400},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			code, m, _ := request(t, g.ts.URL, tt.method, tt.path, map[string]string{"Content-Type": tt.ctype}, tt.body)
			e, _ := m["error"].(map[string]any)
			if code != tt.status || e["message"] == "" {
				t.Fatalf("%d %v, want %d with a message", code, m, tt.status)
			}
		})
	}
	for q, err := range g.st.Quads(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if s := q.String(); strings.ContainsRune(s, 0) || !utf8.ValidString(s) {
			t.Fatalf("a NUL or bytes that are not UTF-8 reached the store: %q", s)
		}
	}
}

// TestStrictJSON: a JSON article is one object and nothing else.
func TestStrictJSON(t *testing.T) {
	g, cleanup := writableServer(t, Options{})
	cleanup("strict")
	obj := `{"id":"strict","text":"` + relayText + `"}`
	tests := []struct {
		name, body string
		status     int
	}{
		{"trailing garbage", obj + " GARBAGE", 400},
		{"two objects", obj + obj, 400},
		{"an array", "[" + obj + "]", 400},
		{"null", "null", 400},
		{"a string", `"text"`, 400},
		{"trailing white space", obj + " \n", 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, m, _ := request(t, g.ts.URL, "POST", "/api/articles", map[string]string{"Content-Type": "application/json"}, tt.body)
			if code != tt.status {
				t.Fatalf("%d %v, want %d", code, m, tt.status)
			}
		})
	}
}

// TestCrossSiteWrites: on a server without a token, a browser page of
// another site cannot write (by Sec-Fetch-Site, else Origin), a browser
// must send JSON, scripts (no Origin) may send text/plain, and the origins
// CORS allows may write.
func TestCrossSiteWrites(t *testing.T) {
	g, cleanup := writableServer(t, Options{CORSOrigins: []string{"https://friend.example"}})
	self := g.ts.URL
	tests := []struct {
		name, method, ctype string
		hdr                 map[string]string
		status              int
		code                string
	}{
		{"script, text/plain", "POST", "text/plain", nil, 201, ""},
		{"script, JSON", "POST", "application/json", nil, 201, ""},
		{"page of another site, text/plain", "POST", "text/plain", map[string]string{"Origin": "https://evil.example"}, 403, "cross_site"},
		{"page of another site, JSON", "POST", "application/json", map[string]string{"Origin": "https://evil.example"}, 403, "cross_site"},
		{"Sec-Fetch-Site cross-site", "POST", "application/json", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "cross_site"},
		{"Sec-Fetch-Site same-site", "POST", "application/json", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://other.localhost"}, 403, "cross_site"},
		{"delete from another site", "DELETE", "", map[string]string{"Origin": "https://evil.example"}, 403, "cross_site"},
		{"own page, JSON", "POST", "application/json", map[string]string{"Origin": self, "Sec-Fetch-Site": "same-origin"}, 201, ""},
		{"own page, text/plain", "POST", "text/plain", map[string]string{"Origin": self, "Sec-Fetch-Site": "same-origin"}, 415, "unsupported_media_type"},
		{"origin allowed by CORS", "POST", "application/json", map[string]string{"Origin": "https://friend.example", "Sec-Fetch-Site": "cross-site"}, 201, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := fmt.Sprintf("cross-%d", i)
			cleanup(id)
			hdr := map[string]string{"Content-Type": tt.ctype}
			for k, v := range tt.hdr {
				hdr[k] = v
			}
			path, body := "/api/articles?id="+id, relayText
			switch {
			case tt.method == "DELETE":
				path, body = "/api/articles/"+id, ""
			case tt.ctype == "application/json":
				body = `{"id":"` + id + `","text":"` + relayText + `"}`
			}
			code, m, _ := request(t, g.ts.URL, tt.method, path, hdr, body)
			if code != tt.status || tt.code != "" && errCode(m) != tt.code {
				t.Fatalf("%d %v, want %d %s", code, m, tt.status, tt.code)
			}
		})
	}
	// With a token, the token decides: browsers never send it by themselves.
	f := getFixture(t)
	code, m, _ := request(t, f.ts.URL, "POST", "/api/articles?id=cross-token", map[string]string{"Content-Type": "text/plain", "Origin": "https://evil.example", "Authorization": "Bearer secret"}, relayText)
	defer f.st.Delete(context.Background(), "cross-token")
	if code != http.StatusCreated {
		t.Fatalf("cross-site write with the token: %d %v", code, m)
	}
}

// TestAllowedHosts: a server on loopback without a token answers only to
// loopback names, so a page whose name is rebound to 127.0.0.1 reaches
// nothing.
func TestAllowedHosts(t *testing.T) {
	g, cleanup := writableServer(t, Options{AllowedHosts: []string{"localhost", "127.0.0.1", "::1"}})
	cleanup("rebound")
	tests := []struct {
		host   string
		status int
	}{
		{"127.0.0.1:8080", 200},
		{"localhost", 200},
		{"LOCALHOST:80", 200},
		{"app.localhost:8080", 200},
		{"[::1]:8080", 200},
		{"evil.example:8080", 403},
		{"127.0.0.1.evil.example", 403},
		{"localhost.evil.example", 403},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			code, m, _ := request(t, g.ts.URL, "GET", "/healthz", map[string]string{"Host": tt.host}, "")
			if code != tt.status || tt.status == 403 && errCode(m) != "host_not_allowed" {
				t.Fatalf("%d %v, want %d", code, m, tt.status)
			}
		})
	}
	// The rebinding attack itself: a same-origin write from the rebound page.
	code, m, _ := request(t, g.ts.URL, "POST", "/api/articles", map[string]string{"Host": "evil.example:8080", "Origin": "http://evil.example:8080",
		"Sec-Fetch-Site": "same-origin", "Content-Type": "application/json"}, `{"id":"rebound","text":"`+relayText+`"}`)
	if code != http.StatusForbidden {
		t.Fatalf("write through a rebound name: %d %v", code, m)
	}
}

// TestRateLimitKeys: requests without the token, refused or not, and Gizmo
// queries never spend a token holder's write budget; X-Forwarded-For
// counts only from trusted proxies.
func TestRateLimitKeys(t *testing.T) {
	g, cleanup := writableServer(t, Options{Token: "secret", WriteRate: 1, QueryRate: 1})
	cleanup("rate-token")
	// Anonymous writers and wrong tokens spend their own budget...
	got := map[int]int{}
	for i := range 12 {
		hdr := map[string]string{"Content-Type": "text/plain"}
		if i%2 == 1 {
			hdr["Authorization"] = "Bearer wrong"
		}
		code, _, _ := request(t, g.ts.URL, "POST", "/api/articles?id=rate-anon", hdr, relayText)
		got[code]++
	}
	if got[401] == 0 || got[429] == 0 || got[201] != 0 {
		t.Fatalf("anonymous writes: %v, want 401s then 429s", got)
	}
	// ...and Gizmo queries theirs.
	for range 6 {
		request(t, g.ts.URL, "POST", "/api/v1/query/gizmo", map[string]string{"Content-Type": "text/plain"}, `g.V("<kg:x>").All()`)
	}
	if code, m, _ := request(t, g.ts.URL, "POST", "/api/v1/query/gizmo", map[string]string{"Content-Type": "text/plain"}, `g.V("<kg:x>").All()`); code != http.StatusTooManyRequests {
		t.Fatalf("gizmo over its rate: %d %v", code, m)
	}
	// The token holder, from the same address, is not held back.
	code, m, _ := request(t, g.ts.URL, "POST", "/api/articles?id=rate-token", map[string]string{"Content-Type": "text/plain", "Authorization": "Bearer secret"}, relayText)
	if code != http.StatusCreated {
		t.Fatalf("token holder after the flood: %d %v", code, m)
	}

	tests := []struct {
		name    string
		proxies []string
		want429 bool
	}{
		{"X-Forwarded-For from anyone is ignored", nil, true},
		{"X-Forwarded-For from a trusted proxy names the client", []string{"127.0.0.1/8", "::1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := writableServer(t, Options{ReadRate: 1, TrustedProxies: tt.proxies})
			limited := false
			for i := range 10 {
				code, _, _ := request(t, h.ts.URL, "GET", "/api/stats", map[string]string{"X-Forwarded-For": fmt.Sprintf("203.0.113.%d", i)}, "")
				limited = limited || code == http.StatusTooManyRequests
			}
			if limited != tt.want429 {
				t.Fatalf("rate limited: %v, want %v", limited, tt.want429)
			}
		})
	}
	if err := CheckProxies([]string{"10.0.0.0/8", "::1", "192.0.2.1"}); err != nil {
		t.Error(err)
	}
	if err := CheckProxies([]string{"proxy.example"}); err == nil {
		t.Error("CheckProxies accepted a name")
	}
}

// TestQueryCapInURL: GET /api/v2/query?qu= has the same 64 KiB cap as a
// query body.
func TestQueryCapInURL(t *testing.T) {
	f := getFixture(t)
	if !gizmoWired(registered(t, f)) {
		t.Skip("no Gizmo endpoints")
	}
	tests := []struct {
		name   string
		size   int
		status int
	}{
		{"small", 100, 200},
		{"at the cap", 64 << 10, 200},
		{"over the cap", 600 << 10, 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := `g.V("<kg:x>").All()`
			q += strings.Repeat(" ", tt.size-len(q))
			code, m, _ := request(t, f.ts.URL, "GET", "/api/v2/query?lang=gizmo&qu="+url.QueryEscape(q), nil, "")
			if code != tt.status {
				t.Fatalf("%d %.200v, want %d", code, m, tt.status)
			}
		})
	}
}

// TestHealthReportsStuckLock: /healthz answers while the store's lock is
// held, and says 503 degraded once the hold lasts past LockLimit.
func TestHealthReportsStuckLock(t *testing.T) {
	f := getFixture(t)
	st, err := store.Open(context.Background(), "memory", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := New(st, nil, f.srv.gaz, f.srv.t2s, Options{LockLimit: 100 * time.Millisecond, Logger: discardLogger()})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	if code, m, _ := request(t, ts.URL, "GET", "/healthz", nil, ""); code != 200 || m["status"] != "ok" {
		t.Fatalf("idle: %d %v", code, m)
	}
	held, release := make(chan struct{}), make(chan struct{})
	go st.View(func(cayley.QuadStore) error {
		close(held)
		<-release
		return nil
	})
	<-held
	time.Sleep(200 * time.Millisecond)
	done := make(chan struct{})
	var code int
	var m map[string]any
	go func() {
		defer close(done)
		code, m, _ = request(t, ts.URL, "GET", "/healthz", nil, "")
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		close(release)
		t.Fatal("/healthz waits for the lock")
	}
	close(release)
	lock, _ := m["lock"].(map[string]any)
	if held, _ := lock["held_ms"].(float64); code != 503 || m["status"] != "degraded" || held < 200 || m["lock_reason"] == nil {
		t.Fatalf("while the lock is held: %d %v", code, m)
	}
	if code, m, _ := request(t, ts.URL, "GET", "/healthz", nil, ""); code != 200 || m["status"] != "ok" {
		t.Fatalf("after: %d %v", code, m)
	}
}

// TestSlowBody: a body that does not arrive within BodyTimeout is cut off
// with 408, the connection is closed, and other clients are served
// meanwhile.
func TestSlowBody(t *testing.T) {
	g, cleanup := writableServer(t, Options{BodyTimeout: 300 * time.Millisecond})
	cleanup("slow-body")
	tests := []struct {
		name, path, ctype string
	}{
		{"article", "/api/articles?id=slow-body", "text/plain"},
		{"gizmo query", "/api/v1/query/gizmo", "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", strings.TrimPrefix(g.ts.URL, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			start := time.Now()
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: 100000\r\n\r\n%s", tt.path, tt.ctype, "7月")
			// Others are served while this body trickles.
			if code, _, _ := request(t, g.ts.URL, "GET", "/healthz", nil, ""); code != 200 {
				t.Fatalf("healthz during a slow body: %d", code)
			}
			_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("no answer to a slow body: %v", err)
			}
			resp.Body.Close()
			if el := time.Since(start); el > 5*time.Second {
				t.Errorf("cut off after %s", el)
			}
			if resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 408 (or Cayley's 400 for a query)", resp.StatusCode)
			}
		})
	}
	// A body that arrives in time, slowly, is read, and the work after it
	// is not cut short by the body's deadline.
	pr, pw := io.Pipe()
	go func() {
		for _, part := range []string{relayText[:9], relayText[9:]} {
			pw.Write([]byte(part))
			time.Sleep(100 * time.Millisecond)
		}
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", g.ts.URL+"/api/articles?id=slow-body", pr)
	req.Header.Set("Content-Type", "text/plain")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("a slow body within the timeout: %d", resp.StatusCode)
	}
}

// blockedWriter is a client that stops reading: its first Write blocks
// until release is closed.
type blockedWriter struct {
	h       http.Header
	writing chan struct{}
	release chan struct{}
	once    sync.Once
	status  int
}

func (w *blockedWriter) Header() http.Header { return w.h }
func (w *blockedWriter) WriteHeader(s int)   { w.status = s }
func (w *blockedWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.writing) })
	<-w.release
	return len(p), nil
}

// TestSlowReaderHoldsNoLock: while a client of /api/v2/read (GET or POST)
// does not read, the store's lock is free and a write lands at once.
func TestSlowReaderHoldsNoLock(t *testing.T) {
	f := getFixture(t)
	if !gizmoWired(registered(t, f)) {
		t.Skip("no Gizmo endpoints")
	}
	h := f.srv.Handler()
	tests := []struct {
		name, method, target string
	}{
		{"GET every quad", "GET", "/api/v2/read"},
		{"POST with a filter", "POST", "/api/v2/read"},
		{"JSON", "GET", "/api/v2/read?format=json"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if tt.method == "POST" {
				body = strings.NewReader("pred=" + url.QueryEscape("<rdf:type>"))
			}
			req := httptest.NewRequest(tt.method, tt.target, body)
			if tt.method == "POST" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			w := &blockedWriter{h: http.Header{}, writing: make(chan struct{}), release: make(chan struct{})}
			served := make(chan struct{})
			go func() {
				defer close(served)
				h.ServeHTTP(w, req)
			}()
			select {
			case <-w.writing:
			case <-time.After(10 * time.Second):
				t.Fatal("the read wrote nothing")
			}
			ls := f.st.LockStatus()
			id := fmt.Sprintf("slow-reader-%d", i)
			wrote := make(chan error, 1)
			go func() {
				_, err := f.st.Put(context.Background(), []store.Article{{ID: id, Hash: "h"}})
				wrote <- err
			}()
			var err error
			landed := false
			select {
			case err = <-wrote:
				landed = true
			case <-time.After(time.Second):
			}
			close(w.release)
			<-served
			if !landed {
				err = <-wrote
			}
			f.st.Delete(context.Background(), id)
			if ls.Holders != 0 || !landed || err != nil {
				t.Fatalf("while the client does not read: lock %+v, the write landed within 1 s: %v (%v)", ls, landed, err)
			}
			if w.status != http.StatusOK {
				t.Errorf("status %d", w.status)
			}
		})
	}
}

// TestNoHostPaths: an article stored with the ingest host's absolute path
// (as kg ingest did before sources became relative) is shown by its file
// name only.
func TestNoHostPaths(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/home/kg/corpus/a.txt", "a.txt"},
		{"/home/kg/corpus/feed.jsonl:12", "feed.jsonl:12"},
		{`C:\Users\kg\corpus\a.txt`, "a.txt"},
		{"sub/a.txt", "sub/a.txt"},
		{"feed.jsonl:3", "feed.jsonl:3"},
		{"api", "api"},
	}
	for _, tt := range tests {
		if got := publicSource(tt.in); got != tt.want {
			t.Errorf("publicSource(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	f := getFixture(t)
	ctx := context.Background()
	if _, _, err := f.srv.in.One(ctx, extract.Input{ID: "host-path", Source: "/home/kg/secret/host-path.txt", Text: relayText}, false); err != nil {
		t.Fatal(err)
	}
	defer f.st.Delete(ctx, "host-path")
	code, m, _ := request(t, f.ts.URL, "GET", "/api/articles/host-path", nil, "")
	if code != 200 || m["source"] != "host-path.txt" {
		t.Fatalf("article: %d, source %v", code, m["source"])
	}
	code, m, _ = request(t, f.ts.URL, "GET", "/api/articles?limit=1000", map[string]string{"Cache-Control": "no-cache"}, "")
	if code != 200 || strings.Contains(m["_body"].(string), "/home/kg") {
		t.Fatalf("the article list shows a host path: %d", code)
	}
}
