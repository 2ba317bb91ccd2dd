package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cayley "github.com/cayleygraph/cayley/graph"

	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/gazetteer"
	"github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/hans"
	"github.com/unionkg/kg/ingest"
	"github.com/unionkg/kg/source"
	"github.com/unionkg/kg/store"
)

// fixture is a server over the sample corpus in the memory store, built
// once: extraction of the corpus takes a few seconds.
type fixture struct {
	srv *Server
	st  *store.Store
	ts  *httptest.Server
}

var sampleFixture = sync.OnceValues(func() (*fixture, error) {
	ctx := context.Background()
	x, err := extract.New(ctx)
	if err != nil {
		return nil, err
	}
	gaz, err := gazetteer.Load(data.Divisions())
	if err != nil {
		return nil, err
	}
	t2s, err := hans.NewT2S(data.OpenCC())
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, "memory", store.Options{})
	if err != nil {
		return nil, err
	}
	in := ingest.New(x, graph.NewBuilder(gaz), st)
	if _, err := in.Run(ctx, source.Read(ctx, []string{"../data/sample"}, source.Options{}), ingest.Options{}); err != nil {
		return nil, err
	}
	web, err := os.MkdirTemp("", "kgweb")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(web, "index.html"), []byte("<!doctype html><title>explorer</title>"), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(web, "app.js"), []byte("console.log(1)"), 0o644); err != nil {
		return nil, err
	}
	srv := New(st, in, gaz, t2s, Options{Token: "secret", WebDir: web, CORSOrigins: []string{"https://example.org"}, Logger: discardLogger()})
	return &fixture{srv: srv, st: st, ts: httptest.NewServer(srv.Handler())}, nil
})

func getFixture(t *testing.T) *fixture {
	t.Helper()
	f, err := sampleFixture()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func do(t *testing.T, f *fixture, method, path, ctype, token, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, f.ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s %s: invalid JSON %q: %v", method, path, b, err)
		}
	} else {
		m = map[string]any{"_body": string(b)}
	}
	return resp.StatusCode, m, resp.Header
}

func esc(id string) string { return url.PathEscape(id) }

func TestReads(t *testing.T) {
	f := getFixture(t)
	tests := []struct {
		name, path string
		check      func(t *testing.T, m map[string]any)
	}{
		{"health", "/healthz", func(t *testing.T, m map[string]any) { want(t, m["status"] == "ok", "status ok") }},
		{"stats", "/api/stats", func(t *testing.T, m map[string]any) {
			n, _ := filepath.Glob("../data/sample/*.txt")
			want(t, m["articles"].(float64) == float64(len(n)), "%d articles, got %v", len(n), m["articles"])
		}},
		{"congress list", "/api/congresses", func(t *testing.T, m map[string]any) {
			want(t, m["total"].(float64) >= 5, "several congresses")
		}},
		{"relays of 党的二十大", "/api/congresses/" + esc("congress:党的二十大") + "/relays?limit=100", func(t *testing.T, m map[string]any) {
			items := m["items"].([]any)
			want(t, len(items) >= 5, "at least 5 relays, got %d", len(items))
			found := false
			for _, it := range items {
				rl := it.(map[string]any)
				body := rl["body"].(map[string]any)
				want(t, len(rl["articles"].([]any)) > 0, "relay by %v has no article", body["name"])
				if body["name"] == "云南省总工会" && rl["date"] == "2022-10-24" && rl["lag_days"].(float64) == 2 {
					found = true
				}
			}
			want(t, found, "云南省总工会 relayed on 2022-10-24, 2 days after the close")
		}},
		{"relays filtered by province", "/api/congresses/" + esc("congress:党的二十大") + "/relays?province=" + url.QueryEscape("云南省"), func(t *testing.T, m map[string]any) {
			for _, it := range m["items"].([]any) {
				want(t, it.(map[string]any)["body"].(map[string]any)["province"] == "云南省", "only 云南省")
			}
		}},
		{"body profile", "/api/bodies/" + esc("union:云南省总工会"), func(t *testing.T, m map[string]any) {
			want(t, m["parent"].(map[string]any)["id"] == "union:中华全国总工会", "parent is ACFTU")
			want(t, len(m["officials"].([]any)) > 0, "officials")
			want(t, len(m["congresses"].([]any)) > 0, "congresses relayed")
			dated := false
			for _, c := range m["congresses"].([]any) {
				c := c.(map[string]any)
				dated = dated || c["congress"].(map[string]any)["id"] == "congress:党的二十大" && c["date"] == "2022-10-24"
			}
			want(t, dated, "党的二十大 relayed on 2022-10-24, from the relay's evidence")
		}},
		{"bodies by province", "/api/bodies?province=" + url.QueryEscape("江西省"), func(t *testing.T, m map[string]any) {
			want(t, m["total"].(float64) >= 2, "江西 bodies")
		}},
		{"person", "/api/persons/" + esc("person:53:李绍华"), func(t *testing.T, m map[string]any) {
			want(t, len(m["positions"].([]any)) >= 1, "positions")
		}},
		{"slogans", "/api/slogans", func(t *testing.T, m map[string]any) { want(t, m["total"].(float64) > 10, "slogans") }},
		{"slogan", "/api/slogans/" + esc("slogan:两个维护"), func(t *testing.T, m map[string]any) {
			want(t, m["articles"].(float64) >= 2, "articles")
		}},
		{"article with evidence", "/api/articles/019_yunnan_ershida_long", func(t *testing.T, m map[string]any) {
			text := []rune(m["text"].(string))
			facts := m["facts"].([]any)
			want(t, len(facts) > 0, "facts")
			for _, fa := range facts {
				sp, ok := fa.(map[string]any)["span"].([]any)
				if !ok {
					continue
				}
				s, e := int(sp[0].(float64)), int(sp[1].(float64))
				want(t, 0 <= s && s <= e && e <= len(text), "span %d-%d inside the text", s, e)
			}
			ents := m["entities"].([]any)
			want(t, len(ents) > 0, "entities")
		}},
		{"node", "/api/nodes/" + esc("congress:党的二十大"), func(t *testing.T, m map[string]any) {
			want(t, len(m["in"].([]any)) > 0, "incoming edges")
		}},
		{"search traditional", "/api/search?q=" + url.QueryEscape("雲南省總工會"), func(t *testing.T, m map[string]any) {
			items := m["items"].([]any)
			want(t, len(items) > 0 && items[0].(map[string]any)["id"] == "union:云南省总工会", "exact hit first: %v", items)
		}},
		{"search substring", "/api/search?q=" + url.QueryEscape("瑞金"), func(t *testing.T, m map[string]any) {
			want(t, len(m["items"].([]any)) > 0, "hits")
		}},
		{"neighborhood cytoscape", "/api/graph/neighborhood?node=" + url.QueryEscape("union:云南省总工会"), func(t *testing.T, m map[string]any) {
			el := m["elements"].(map[string]any)
			want(t, len(el["nodes"].([]any)) > 2 && len(el["edges"].([]any)) > 1, "nodes and edges")
			e := el["edges"].([]any)[0].(map[string]any)["data"].(map[string]any)
			want(t, e["articles"].(float64) >= 1 && len(e["article_ids"].([]any)) >= 1, "edge articles")
		}},
		{"neighborhood d3 filtered", "/api/graph/neighborhood?format=d3&predicates=relayed&node=" + url.QueryEscape("congress:党的二十大"), func(t *testing.T, m map[string]any) {
			for _, l := range m["links"].([]any) {
				want(t, l.(map[string]any)["predicate"] == "relayed", "only relayed links")
			}
			want(t, len(m["nodes"].([]any)) > 3, "bodies around the congress")
		}},
		{"path", "/api/graph/path?from=" + url.QueryEscape("union:云南省总工会") + "&to=" + url.QueryEscape("union:瑞金市总工会"), func(t *testing.T, m map[string]any) {
			want(t, len(m["elements"].(map[string]any)["edges"].([]any)) >= 1, "a path")
		}},
		{"explorer index", "/congress/x", func(t *testing.T, m map[string]any) {
			want(t, strings.Contains(m["_body"].(string), "explorer"), "index.html for a view's address")
		}},
		{"explorer asset", "/app.js", func(t *testing.T, m map[string]any) {
			want(t, strings.Contains(m["_body"].(string), "console"), "the asset")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, m, _ := do(t, f, "GET", tt.path, "", "", "")
			if code != http.StatusOK {
				t.Fatalf("GET %s: %d %v", tt.path, code, m)
			}
			tt.check(t, m)
		})
	}
}

func want(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		t.Errorf(format, args...)
	}
}

func TestErrors(t *testing.T) {
	f := getFixture(t)
	big := strings.Repeat("工", 5<<20)
	tests := []struct {
		name, method, path, ctype, token, body string
		status                                 int
		code                                   string
	}{
		{"unknown body", "GET", "/api/bodies/" + esc("union:不存在"), "", "", "", 404, "not_found"},
		{"unknown congress", "GET", "/api/congresses/x/relays", "", "", "", 404, "not_found"},
		{"unknown article", "GET", "/api/articles/nope", "", "", "", 404, "not_found"},
		{"unknown route", "GET", "/api/nothing", "", "", "", 404, "not_found"},
		{"bad limit", "GET", "/api/bodies?limit=0", "", "", "", 400, "bad_request"},
		{"bad offset", "GET", "/api/bodies?offset=-1", "", "", "", 400, "bad_request"},
		{"search without q", "GET", "/api/search", "", "", "", 400, "bad_request"},
		{"neighborhood without node", "GET", "/api/graph/neighborhood", "", "", "", 400, "bad_request"},
		{"unknown view format", "GET", "/api/graph/neighborhood?format=svg&node=x", "", "", "", 400, "bad_request"},
		{"hops too many", "GET", "/api/graph/neighborhood?hops=9&node=x", "", "", "", 400, "bad_request"},
		{"path to nowhere", "GET", "/api/graph/path?from=" + url.QueryEscape("union:云南省总工会") + "&to=nope", "", "", "", 404, "not_found"},
		{"write without token", "POST", "/api/articles", "application/json", "", `{"id":"x","text":"t"}`, 401, "unauthorized"},
		{"write with a wrong token", "POST", "/api/articles", "application/json", "nope", `{"id":"x","text":"t"}`, 401, "unauthorized"},
		{"malformed JSON", "POST", "/api/articles", "application/json", "secret", `{"id":`, 400, "bad_request"},
		{"unknown field", "POST", "/api/articles", "application/json", "secret", `{"id":"x","txt":"t"}`, 400, "bad_request"},
		{"no text", "POST", "/api/articles", "application/json", "secret", `{"id":"x","text":"  "}`, 422, "unprocessable"},
		{"wrong content type", "POST", "/api/articles", "application/xml", "secret", `<a/>`, 415, "unsupported_media_type"},
		{"oversized body", "POST", "/api/articles", "text/plain", "secret", big, 413, "too_large"},
		{"delete unknown", "DELETE", "/api/articles/nope", "", "secret", "", 404, "not_found"},
		{"delete without token", "DELETE", "/api/articles/x", "", "", "", 401, "unauthorized"},
		{"wrong method", "PUT", "/api/stats", "", "", "", 405, "method_not_allowed"},
		{"path traversal in the explorer", "GET", "/..%2f..%2fetc%2fpasswd", "", "", "", 0, ""},
		{"path traversal, dots", "GET", "/static/../../../../etc/passwd", "", "", "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, m, _ := do(t, f, tt.method, tt.path, tt.ctype, tt.token, tt.body)
			if tt.status != 0 && code != tt.status {
				t.Fatalf("%s %s: status %d, want %d (%v)", tt.method, tt.path, code, tt.status, m)
			}
			if tt.code == "" {
				if b, _ := m["_body"].(string); strings.Contains(b, "root:") {
					t.Fatal("served a file outside the web directory")
				}
				return
			}
			e, ok := m["error"].(map[string]any)
			if !ok || e["code"] != tt.code || e["message"] == "" {
				t.Fatalf("error body %v, want code %s and a message", m, tt.code)
			}
		})
	}
}

func TestWriteThenReadThenDelete(t *testing.T) {
	f := getFixture(t)
	text := "7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。"
	code, m, _ := do(t, f, "POST", "/api/articles?id=api-1", "text/plain", "secret", text)
	if code != http.StatusCreated || m["outcome"] != "added" {
		t.Fatalf("post: %d %v", code, m)
	}
	code, m, _ = do(t, f, "POST", "/api/articles?id=api-1", "text/plain", "secret", text)
	if code != http.StatusOK || m["outcome"] != "unchanged" {
		t.Fatalf("post again: %d %v", code, m)
	}
	// The cached relays answer changes with the write.
	path := "/api/congresses/" + esc("congress:党的二十届三中全会") + "/relays?limit=1000"
	_, m, _ = do(t, f, "GET", path, "", "", "")
	found := false
	for _, it := range m["items"].([]any) {
		if it.(map[string]any)["body"].(map[string]any)["name"] == "沈阳市总工会" {
			found = true
		}
	}
	if !found {
		t.Fatal("the new relay is not listed")
	}
	code, m, _ = do(t, f, "DELETE", "/api/articles/api-1", "", "secret", "")
	if code != http.StatusOK || m["deleted"].(float64) == 0 {
		t.Fatalf("delete: %d %v", code, m)
	}
	_, m, _ = do(t, f, "GET", path, "", "", "")
	for _, it := range m["items"].([]any) {
		if it.(map[string]any)["body"].(map[string]any)["name"] == "沈阳市总工会" {
			t.Fatal("the deleted relay is still listed: a stale cache")
		}
	}
}

func TestCORSAndCache(t *testing.T) {
	f := getFixture(t)
	req, _ := http.NewRequest("OPTIONS", f.ts.URL+"/api/articles", nil)
	req.Header.Set("Origin", "https://example.org")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "https://example.org" {
		t.Fatalf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	req, _ = http.NewRequest("GET", f.ts.URL+"/api/stats", nil)
	req.Header.Set("Origin", "https://evil.example")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("CORS allowed an origin not configured")
	}
	_, _, h1 := do(t, f, "GET", "/api/congresses?limit=7", "", "", "")
	_, _, h2 := do(t, f, "GET", "/api/congresses?limit=7", "", "", "")
	if h1.Get("X-Cache") != "miss" || h2.Get("X-Cache") != "hit" {
		t.Fatalf("cache headers %q then %q, want miss then hit", h1.Get("X-Cache"), h2.Get("X-Cache"))
	}
}

func TestMetrics(t *testing.T) {
	f := getFixture(t)
	do(t, f, "GET", "/api/stats", "", "", "")
	_, m, _ := do(t, f, "GET", "/metrics", "", "", "")
	body := m["_body"].(string)
	for _, want := range []string{
		`kg_http_requests_total{method="GET",route="/api/stats",status="200"}`,
		"go_memstats_heap_inuse_bytes ",
		"kg_go_heap_live_bytes ",
		"process_resident_memory_bytes ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s:\n%.2000s", want, body)
		}
	}
}

// After a write, no answer from before it is given, however long the new
// one takes: the read waits for it (here the computation is held back by
// a read holding the memory store's lock, whose reads exclude each other).
func TestNoStaleAnswers(t *testing.T) {
	f := getFixture(t)
	srv := New(f.st, f.srv.in, f.srv.gaz, f.srv.t2s, Options{Logger: discardLogger()})
	defer srv.Close()
	g := &fixture{srv: srv, st: f.st, ts: httptest.NewServer(srv.Handler())}
	defer g.ts.Close()
	path := "/api/congresses/" + esc("congress:党的二十届三中全会") + "/relays?limit=1000"
	lists := func(m map[string]any) bool {
		for _, it := range m["items"].([]any) {
			if it.(map[string]any)["body"].(map[string]any)["name"] == "大连市总工会" {
				return true
			}
		}
		return false
	}
	get := func() (map[string]any, http.Header) {
		code, m, h := do(t, g, "GET", path, "", "", "")
		if code != http.StatusOK {
			t.Errorf("GET: %d %v", code, m)
		}
		return m, h
	}
	if m, _ := get(); lists(m) {
		t.Fatal("the relay is listed before it is written")
	}
	text := "7月23日,大连市总工会召开党组会议,传达学习党的二十届三中全会精神。"
	if code, m, _ := do(t, g, "POST", "/api/articles?id=api-stale", "text/plain", "", text); code != http.StatusCreated {
		t.Fatalf("post: %d %v", code, m)
	}
	defer do(t, g, "DELETE", "/api/articles/api-stale", "", "", "")
	locked, release := make(chan struct{}), make(chan struct{})
	go f.st.View(func(cayley.QuadStore) error {
		close(locked)
		<-release
		return nil
	})
	<-locked
	type answer struct {
		m map[string]any
		h http.Header
	}
	got := make(chan answer, 1)
	go func() {
		m, h := get()
		got <- answer{m, h}
	}()
	select {
	case a := <-got:
		t.Fatalf("answered while the new answer could not be computed: X-Cache %q, new relay listed %v", a.h.Get("X-Cache"), lists(a.m))
	case <-time.After(500 * time.Millisecond):
	}
	close(release)
	a := <-got
	if a.h.Get("X-Cache") != "miss" || a.h.Get("Age") != "" || !lists(a.m) {
		t.Fatalf("after the write: X-Cache %q, Age %q, new relay listed %v; want a new answer", a.h.Get("X-Cache"), a.h.Get("Age"), lists(a.m))
	}
	if m, h := get(); h.Get("X-Cache") != "hit" || !lists(m) {
		t.Fatalf("then: X-Cache %q, new relay listed %v; want the new answer, kept", h.Get("X-Cache"), lists(m))
	}
}

func TestRateLimit(t *testing.T) {
	f := getFixture(t)
	srv := New(f.st, nil, f.srv.gaz, f.srv.t2s, Options{ReadRate: 1, Logger: discardLogger()})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	got := map[int]int{}
	for range 10 {
		resp, err := http.Get(ts.URL + "/api/stats")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got[resp.StatusCode]++
		if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if got[http.StatusOK] == 0 || got[http.StatusTooManyRequests] == 0 {
		t.Fatalf("statuses %v, want some 200 then 429", got)
	}
	// A read-only server refuses writes.
	resp, err := http.Post(ts.URL+"/api/articles", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("write to a read-only server: %d", resp.StatusCode)
	}
}

func TestNoGizmo(t *testing.T) {
	f := getFixture(t)
	srv := New(f.st, nil, f.srv.gaz, f.srv.t2s, Options{NoGizmo: true, Logger: discardLogger()})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	resp, err := http.Post(ts.URL+"/api/v1/query/gizmo", "text/plain", strings.NewReader(`g.V().All()`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("gizmo on a --no-gizmo server: %d, want 404", resp.StatusCode)
	}
}

// A body's profile pages each of its lists alike, with their whole
// lengths in totals: the pages of one item walk every list exactly.
func TestBodyProfilePages(t *testing.T) {
	f := getFixture(t)
	_, list, _ := do(t, f, "GET", "/api/bodies?limit=1000", "", "", "")
	lists := []string{"children", "officials", "meetings", "congresses", "documents", "slogans", "articles"}
	checked := 0
	for _, it := range list["items"].([]any) {
		id := it.(map[string]any)["id"].(string)
		path := "/api/bodies/" + esc(id)
		code, full, _ := do(t, f, "GET", path+"?limit=1000", "", "", "")
		if code != http.StatusOK {
			t.Fatalf("%s: %d %v", path, code, full)
		}
		totals := full["totals"].(map[string]any)
		most := 0
		for _, l := range lists {
			n := len(full[l].([]any))
			if int(totals[l].(float64)) != n {
				t.Fatalf("%s: totals.%s = %v, list of %d", path, l, totals[l], n)
			}
			most = max(most, n)
		}
		if most < 3 {
			continue
		}
		checked++
		for off := 0; off <= most; off++ {
			_, pg, _ := do(t, f, "GET", fmt.Sprintf("%s?limit=1&offset=%d&n=%d", path, off, off), "", "", "")
			if pg["limit"] != 1.0 || pg["offset"] != float64(off) || fmt.Sprint(pg["totals"]) != fmt.Sprint(totals) {
				t.Fatalf("%s offset %d: limit %v offset %v totals %v, want 1, %d, %v", path, off, pg["limit"], pg["offset"], pg["totals"], off, totals)
			}
			for _, l := range lists {
				got, all := pg[l].([]any), full[l].([]any)
				var want []any
				if off < len(all) {
					want = all[off : off+1]
				}
				if len(got) != len(want) || len(got) == 1 && fmt.Sprint(got[0]) != fmt.Sprint(want[0]) {
					t.Fatalf("%s offset %d: %s = %v, want %v", path, off, l, got, want)
				}
			}
		}
		if checked == 3 {
			break
		}
	}
	if checked == 0 {
		t.Fatal("no body of the sample has three items in a list")
	}
	for _, bad := range []string{"limit=0", "limit=1001", "offset=-1", "limit=x"} {
		id := list["items"].([]any)[0].(map[string]any)["id"].(string)
		if code, m, _ := do(t, f, "GET", "/api/bodies/"+esc(id)+"?"+bad, "", "", ""); code != http.StatusBadRequest {
			t.Errorf("%s: %d %v, want 400", bad, code, m)
		}
	}
}

// A page of relays joins its relays, each encoded once for the congress's
// part; the bytes are those of RelaysAnswer encoded whole, also for a
// page of relays another page encoded first.
func TestRelaysPageEncoding(t *testing.T) {
	f := getFixture(t)
	ctx := context.Background()
	id := "congress:党的二十届三中全会"
	cg, all, err := f.srv.congressInfoMemo(newReader(ctx, f.srv.source(ctx)), iriOf(id))
	if err != nil || len(all) < 3 {
		t.Fatalf("%d relays, %v", len(all), err)
	}
	for _, pg := range [][2]int{{1000, 0}, {2, 1}, {1, 0}, {5, len(all)}} {
		limit, offset := pg[0], pg[1]
		resp, err := http.Get(f.ts.URL + fmt.Sprintf("/api/congresses/%s/relays?limit=%d&offset=%d", esc(id), limit, offset))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%d %v %s", resp.StatusCode, err, got)
		}
		items := []Relay{}
		if offset < len(all) {
			items = all[offset:min(offset+limit, len(all))]
		}
		wantJSON, err := marshal(RelaysAnswer{Congress: cg, Page: Page[Relay]{Items: items, Total: len(all), Limit: limit, Offset: offset}})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, wantJSON) {
			t.Errorf("limit %d offset %d:\n got %.300s\nwant %.300s", limit, offset, got, wantJSON)
		}
	}
}

// The articles of each official, meeting, congress and slogan of a body
// are cut to the first `articles`, and articles_total counts them all.
func TestBodyProfileNestedArticles(t *testing.T) {
	f := getFixture(t)
	_, list, _ := do(t, f, "GET", "/api/bodies?limit=1000", "", "", "")
	nested := []string{"officials", "meetings", "congresses", "slogans"}
	cut := 0
	for _, it := range list["items"].([]any) {
		path := "/api/bodies/" + esc(it.(map[string]any)["id"].(string)) + "?limit=1000"
		code, full, _ := do(t, f, "GET", path+"&articles=1000", "", "", "")
		if code != http.StatusOK {
			t.Fatalf("%s: %d %v", path, code, full)
		}
		for _, n := range []int{0, 1, 2} {
			_, part, _ := do(t, f, "GET", fmt.Sprintf("%s&articles=%d", path, n), "", "", "")
			for _, l := range nested {
				for i, x := range part[l].([]any) {
					got, want := x.(map[string]any), full[l].([]any)[i].(map[string]any)
					all := want["articles"].([]any)
					if got["articles_total"] != float64(len(all)) || want["articles_total"] != float64(len(all)) {
						t.Fatalf("%s articles=%d: %s[%d] articles_total %v and %v, want %d", path, n, l, i, got["articles_total"], want["articles_total"], len(all))
					}
					if arts := got["articles"].([]any); fmt.Sprint(arts) != fmt.Sprint(all[:min(n, len(all))]) {
						t.Fatalf("%s articles=%d: %s[%d] articles %v, want the first of %v", path, n, l, i, arts, all)
					}
					if n < len(all) {
						cut++
					}
				}
			}
		}
	}
	if cut == 0 {
		t.Fatal("no nested list of the sample was cut")
	}
	id := list["items"].([]any)[0].(map[string]any)["id"].(string)
	for _, bad := range []string{"articles=-1", "articles=1001", "articles=x"} {
		if code, m, _ := do(t, f, "GET", "/api/bodies/"+esc(id)+"?"+bad, "", "", ""); code != http.StatusBadRequest {
			t.Errorf("%s: %d %v, want 400", bad, code, m)
		}
	}
}

// A slogan's page cuts its bodies and articles to limit from offset (the
// counts bodies and articles are their whole lengths) and each body's
// articles to the first `articles`.
func TestSloganPages(t *testing.T) {
	f := getFixture(t)
	_, list, _ := do(t, f, "GET", "/api/slogans?limit=1000", "", "", "")
	checked := 0
	for _, it := range list["items"].([]any) {
		path := "/api/slogans/" + esc(it.(map[string]any)["id"].(string))
		code, full, _ := do(t, f, "GET", path+"?limit=1000&articles=1000", "", "", "")
		if code != http.StatusOK {
			t.Fatalf("%s: %d %v", path, code, full)
		}
		uses, arts := full["body_usage"].([]any), full["article_list"].([]any)
		if full["bodies"] != float64(len(uses)) || full["articles"] != float64(len(arts)) {
			t.Fatalf("%s: bodies %v articles %v, lists of %d and %d", path, full["bodies"], full["articles"], len(uses), len(arts))
		}
		for off := 0; off <= max(len(uses), len(arts)); off++ {
			_, pg, _ := do(t, f, "GET", fmt.Sprintf("%s?limit=1&offset=%d&articles=1", path, off), "", "", "")
			if pg["limit"] != 1.0 || pg["offset"] != float64(off) || pg["bodies"] != full["bodies"] || pg["articles"] != full["articles"] {
				t.Fatalf("%s offset %d: %v", path, off, pg)
			}
			if got := pg["article_list"].([]any); off < len(arts) && (len(got) != 1 || fmt.Sprint(got[0]) != fmt.Sprint(arts[off])) || off >= len(arts) && len(got) != 0 {
				t.Fatalf("%s offset %d: article_list %v", path, off, got)
			}
			got := pg["body_usage"].([]any)
			if off >= len(uses) {
				if len(got) != 0 {
					t.Fatalf("%s offset %d: body_usage %v", path, off, got)
				}
				continue
			}
			u, want := got[0].(map[string]any), uses[off].(map[string]any)
			all := want["articles"].([]any)
			if u["articles_total"] != float64(len(all)) || fmt.Sprint(u["articles"]) != fmt.Sprint(all[:min(1, len(all))]) || fmt.Sprint(u["body"]) != fmt.Sprint(want["body"]) {
				t.Fatalf("%s offset %d: body_usage %v, want the first article of %v", path, off, u, want)
			}
		}
		if len(uses) > 1 && len(arts) > 1 {
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no slogan of the sample has two bodies and two articles")
	}
	for _, bad := range []string{"limit=0", "offset=-1", "articles=1001", "articles=x"} {
		id := list["items"].([]any)[0].(map[string]any)["id"].(string)
		if code, m, _ := do(t, f, "GET", "/api/slogans/"+esc(id)+"?"+bad, "", "", ""); code != http.StatusBadRequest {
			t.Errorf("%s: %d %v, want 400", bad, code, m)
		}
	}
}
