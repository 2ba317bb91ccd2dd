package gizmo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/client"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	cayleyhttp "github.com/cayleygraph/cayley/server/http"
	"github.com/cayleygraph/quad"

	"github.com/unionkg/kg/store"
)

const v1 = "/api/v1/query/gizmo"

// headline is the query the package exists for.
const headline = `g.V("<kg:congress:党的二十大>").In("<kg:relayed>").Unique().All()`

// TestV1Query pins the v1 answers byte for byte: Cayley's WriteResult
// (internal/http/query.go) encodes {"result": [...]} with a default
// json.Encoder, so < and > come out as \u003c and \u003e, and results are
// what the session's JSON collation gives (query/gizmo/gizmo.go,
// quadValueToNative: quad.StringOf for IRIs, Native() for literals).
func TestV1Query(t *testing.T) {
	r := newRouter(openTestStore(t), Options{})
	tests := []struct {
		name, target, query, want string
	}{
		{"headline", v1, headline,
			`{"result":[{"id":"\u003ckg:union:成都市总工会\u003e"}]}`},
		{"one result per supporting article", v1,
			`g.V("<kg:congress:党的二十大>").In("<kg:relayed>").All()`,
			`{"result":[{"id":"\u003ckg:union:成都市总工会\u003e"},{"id":"\u003ckg:union:成都市总工会\u003e"}]}`},
		{"limit", v1 + "?limit=1",
			`g.V("<kg:congress:党的二十大>").In("<kg:relayed>").All()`,
			`{"result":[{"id":"\u003ckg:union:成都市总工会\u003e"}]}`},
		// Gizmo reads a string without brackets as a literal, as Cayley does.
		{"bare IRI is a literal", v1,
			`g.V("kg:congress:党的二十大").In("kg:relayed").Unique().All()`,
			`{"result":null}`},
		{"source and target tags", v1,
			`g.V().Tag("source").Out("<kg:relayed>").Tag("target").Unique().All()`,
			`{"result":[{"id":"\u003ckg:congress:党的二十大\u003e","source":"\u003ckg:union:成都市总工会\u003e","target":"\u003ckg:congress:党的二十大\u003e"},` +
				`{"id":"\u003ckg:congress:党的二十届三中全会\u003e","source":"\u003ckg:union:绵阳市总工会\u003e","target":"\u003ckg:congress:党的二十届三中全会\u003e"}]}`},
		{"literals", v1,
			`g.V("<kg:meeting:a1:1>").Save("<kg:name>", "name").Save("<kg:date>", "date").In("<kg:held>").Out("<kg:relayed>").Save("<kg:ordinal>", "n").Unique().All()`,
			`{"result":[{"date":"2022-10-20T00:00:00Z","id":"\u003ckg:congress:党的二十大\u003e","n":20,"name":"传达学习党的二十大精神会议"}]}`},
		{"emit", v1,
			`g.Emit({name: "成都市总工会", n: 2, list: [1, "<x>"]}); g.Emit(g.V("<kg:union:绵阳市总工会>").Out("<kg:name>").ToArray())`,
			`{"result":[{"list":[1,"\u003cx\u003e"],"n":2,"name":"成都市总工会"},["绵阳市总工会"]]}`},
		{"tag array", v1,
			`g.Emit(g.V("<kg:union:绵阳市总工会>").Tag("u").Out("<kg:relayed>").TagArray())`,
			`{"result":[[{"id":"\u003ckg:congress:党的二十届三中全会\u003e","u":"\u003ckg:union:绵阳市总工会\u003e"}]]}`},
		// A last expression with a value adds a null result, in Cayley too.
		{"last expression", v1, `g.V("<kg:union:成都市总工会>")`, `{"result":[null]}`},
		{"nothing", v1, `var x = 1`, `{"result":null}`},
		{"empty body", v1, ``, `{"result":null}`},
		{"combinatorial on a small graph", v1, `g.V().Out().Out().Out().Out().All()`, `{"result":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(r, http.MethodPost, tt.target, tt.query)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d, body %.300s", w.Code, w.Body)
			}
			if got := strings.TrimSuffix(w.Body.String(), "\n"); got != tt.want {
				t.Errorf("body\n got %s\nwant %s", got, tt.want)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if h := w.Header().Get("X-Result-Truncated"); h != "" {
				t.Errorf("X-Result-Truncated: %q", h)
			}
		})
	}
}

// TestDocExamples runs the example queries of the package documentation.
func TestDocExamples(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	r := newRouter(openTestStore(t), Options{})
	tests := []struct {
		query string
		want  []map[string]any
	}{
		{`g.V("<kg:congress:党的二十大>").In("<kg:relayed>").Save("<kg:name>", "name").Unique().All()`,
			[]map[string]any{{"id": "<kg:union:成都市总工会>", "name": "成都市总工会"}}},
		{`g.V().Has("<rdf:type>", "<kg:Person>").Has("<kg:name>", "王小明").Out("<kg:chaired>").SaveOpt("<kg:date>", "date").Unique().All()`,
			[]map[string]any{{"id": "<kg:meeting:a1:1>", "date": "2022-10-20T00:00:00Z"}, {"id": "<kg:meeting:a2:1>"}}},
		{`g.V("<kg:union:成都市总工会>").Out("<kg:mentions>").Save("<kg:name>", "name").Unique().All()`,
			[]map[string]any{{"id": "<kg:slogan:四个意识>", "name": "四个意识"}, {"id": "<kg:slogan:两个维护>", "name": "两个维护"}}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if !strings.Contains(string(doc), "//\t"+tt.query+"\n") {
				t.Errorf("the package documentation does not show this query")
			}
			w := do(r, http.MethodPost, v1, tt.query)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d, body %.300s", w.Code, w.Body)
			}
			var got struct{ Result []map[string]any }
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got.Result) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got.Result, tt.want)
			}
		})
	}
}

func TestV1Errors(t *testing.T) {
	r := newRouter(openTestStore(t), Options{})
	tests := []struct {
		name, query string
		status      int
		// want is a prefix of the error message.
		want string
	}{
		{"syntax", `g.V(`, 400, "SyntaxError: "},
		{"require", `require("fs").readFileSync("/etc/passwd")`, 400, "ReferenceError: require is not defined"},
		{"process", `process.exit(1)`, 400, "ReferenceError: process is not defined"},
		{"os", `os.Exit(1)`, 400, "ReferenceError: os is not defined"},
		{"Function constructor", `g.Emit(Function("return process")().pid)`, 400, "ReferenceError: process is not defined"},
		{"import", `import fs from "fs"`, 400, "SyntaxError: "},
		{"Go methods are not reachable", `g.V().s.qs.Close()`, 400, "TypeError: "},
		{"thrown", `throw new Error("boom")`, 400, "Error: boom"},
		{"bad argument", `g.V({}).All()`, 400, "not a quad.Value"},
		{"unencodable result", `g.Emit(0/0)`, 400, "encode results: json: unsupported value: NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(r, http.MethodPost, v1, tt.query)
			checkError(t, w, tt.status, tt.want)
		})
	}
}

// checkError checks an answer is {"error": msg} with the status, msg
// starting with want.
func checkError(t *testing.T, w *httptest.ResponseRecorder, status int, want string) {
	t.Helper()
	if w.Code != status {
		t.Errorf("status %d, want %d; body %.300s", w.Code, status, w.Body)
	}
	var body map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %.300q: %v", w.Body, err)
	}
	msg, ok := body["error"].(string)
	if !ok || len(body) != 1 {
		t.Fatalf("body %.300s, want {\"error\": \"...\"}", w.Body)
	}
	if !strings.HasPrefix(msg, want) {
		t.Errorf("error %q, want it to start with %q", msg, want)
	}
}

func TestLimits(t *testing.T) {
	st := openTestStore(t)
	twice := `g.V("<kg:congress:党的二十大>").In("<kg:relayed>").All()`
	tests := []struct {
		name      string
		opts      Options
		target    string
		query     string
		n         int
		truncated bool
	}{
		{"cap", Options{MaxResults: 1}, v1, twice, 1, true},
		{"cap over a larger limit", Options{MaxResults: 1}, v1 + "?limit=5", twice, 1, true},
		{"cap over no limit", Options{MaxResults: 1}, v1 + "?limit=-1", twice, 1, true},
		{"a limit is not a cut", Options{}, v1 + "?limit=1", twice, 1, false},
		{"cap equals results", Options{MaxResults: 2}, v1, twice, 2, false},
		{"default limit is Cayley's", Options{}, v1, `for (var i = 0; i < 200; i++) g.Emit(i)`, 100, false},
		{"negative limit", Options{}, v1 + "?limit=-1", `for (var i = 0; i < 200; i++) g.Emit(i)`, 200, false},
		// Each All restarts the session's count, and a query may set its
		// own limit: the cap holds anyway.
		{"All restarts the count", Options{MaxResults: 3}, v1 + "?limit=2", twice + `; ` + twice, 3, true},
		{"query sets its limit", Options{MaxResults: 3}, v1, `g.V().GetLimit(1000)`, 3, true},
		{"v2 cap", Options{MaxResults: 1}, "/api/v2/query?lang=gizmo", twice, 1, true},
		{"emits forever", Options{MaxResults: 50}, v1 + "?limit=-1", `while (true) { g.V().All() }`, 50, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(newRouter(st, tt.opts), http.MethodPost, tt.target, tt.query)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d, body %.300s", w.Code, w.Body)
			}
			var got struct{ Result []any }
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Result) != tt.n {
				t.Errorf("%d results, want %d", len(got.Result), tt.n)
			}
			if h := w.Header().Get("X-Result-Truncated"); (h == "true") != tt.truncated {
				t.Errorf("X-Result-Truncated: %q, want truncated %v", h, tt.truncated)
			}
		})
	}
}

func TestBodyCap(t *testing.T) {
	r := newRouter(openTestStore(t), Options{})
	fits := "//" + strings.Repeat("x", DefaultMaxBody-2)
	for _, target := range []string{v1, "/api/v2/query?lang=gizmo"} {
		if w := do(r, http.MethodPost, target, fits); w.Code != http.StatusOK {
			t.Errorf("%s: a query of %d bytes: status %d, body %.300s", target, len(fits), w.Code, w.Body)
		}
		w := do(r, http.MethodPost, target, fits+"x")
		checkError(t, w, http.StatusRequestEntityTooLarge, "query larger than 65536 bytes")
	}
}

func TestTimeout(t *testing.T) {
	const timeout = 300 * time.Millisecond
	r := newRouter(openTestStore(t), Options{Timeout: timeout})
	for _, tt := range []struct{ name, target, query string }{
		{"loop", v1, `while (true) {}`},
		{"loop in a callback", v1, `g.V().ForEach(function(d) { while (true) {} })`},
		{"loop that catches", v1, `while (true) { try { g.V().Count() } catch (e) {} }`},
		{"v2", "/api/v2/query?lang=gizmo", `while (true) {}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			w := do(r, http.MethodPost, tt.target, tt.query)
			took := time.Since(start)
			checkError(t, w, http.StatusGatewayTimeout, "query timed out after 300ms")
			if took > timeout+2*time.Second {
				t.Errorf("answered after %v", took)
			}
		})
	}
}

// TestResponsive runs a normal query while a runaway one spins.
func TestResponsive(t *testing.T) {
	r := newRouter(openTestStore(t), Options{Timeout: 300 * time.Millisecond})
	var wg sync.WaitGroup
	var loop *httptest.ResponseRecorder
	wg.Go(func() { loop = do(r, http.MethodPost, v1, `while (true) {}`) })
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	w := do(r, http.MethodPost, v1, headline)
	if w.Code != http.StatusOK {
		t.Errorf("normal query: status %d after %v, body %.300s", w.Code, time.Since(start), w.Body)
	}
	wg.Wait()
	if loop.Code != http.StatusGatewayTimeout {
		t.Errorf("loop: status %d, body %s", loop.Code, loop.Body)
	}
}

// TestCombinatorial checks a query whose paths multiply ends by the cap or
// the timeout.
func TestCombinatorial(t *testing.T) {
	const timeout = 2 * time.Second
	st := openStore(t)
	fillSynthetic(t, st, 500)
	r := newRouter(st, Options{Timeout: timeout})
	start := time.Now()
	w := do(r, http.MethodPost, v1+"?limit=-1", `g.V().Out().In().Out().In().All()`)
	took := time.Since(start)
	switch w.Code {
	case http.StatusOK:
		if w.Header().Get("X-Result-Truncated") != "true" {
			t.Errorf("not truncated")
		}
	case http.StatusGatewayTimeout:
	default:
		t.Errorf("status %d, body %.200s", w.Code, w.Body)
	}
	if took > timeout+2*time.Second {
		t.Errorf("answered after %v", took)
	}
}

// TestSlots checks a query waits for a slot within its timeout.
func TestSlots(t *testing.T) {
	e := newEngine(openTestStore(t), Options{Timeout: 100 * time.Millisecond, MaxConcurrent: 1}.withDefaults())
	e.slots <- struct{}{} // a query still running
	_, err := e.run(context.Background(), request{query: headline, collation: query.JSON})
	if !errors.Is(err, errTimedOut) {
		t.Errorf("got %v, want %v", err, errTimedOut)
	}
	<-e.slots
	ans, err := e.run(context.Background(), request{query: headline, collation: query.JSON})
	if err != nil || len(ans.results) != 1 {
		t.Errorf("got %v, %v", ans, err)
	}
	// The worker gives its slot back just after the answer is sent.
	for deadline := time.Now().Add(2 * time.Second); len(e.slots) != 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if len(e.slots) != 0 {
		t.Errorf("%d slots held after the query", len(e.slots))
	}
}

// TestConcurrentWrites runs queries, among them one that times out, while
// articles are written to the memory store; the race detector checks that
// the query's JavaScript stops reading before writes resume.
func TestConcurrentWrites(t *testing.T) {
	st := openTestStore(t)
	r := newRouter(st, Options{Timeout: 200 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ctx.Err() == nil; i++ {
			q := quad.Make(quad.IRI(fmt.Sprintf("kg:union:u%d", i)), quad.IRI("kg:relayed"), cong20, nil)
			if _, err := st.Put(ctx, []store.Article{{ID: fmt.Sprint("w", i%20), Hash: fmt.Sprint(i), Quads: []quad.Quad{q}}}); err != nil && ctx.Err() == nil {
				t.Error(err)
				return
			}
		}
	})
	queries := []string{
		headline,
		`while (true) { g.V("<kg:congress:党的二十大>").In("<kg:relayed>").Count() }`,
		`g.V().Tag("source").Out("<kg:relayed>").Tag("target").All()`,
	}
	for _, q := range queries {
		wg.Go(func() {
			for range 5 {
				w := do(r, http.MethodPost, v1+"?limit=-1", q)
				// A write that waits stops a query that holds the store.
				stopped := w.Code == http.StatusServiceUnavailable && strings.Contains(w.Body.String(), "a write is waiting")
				if w.Code != http.StatusOK && w.Code != http.StatusGatewayTimeout && !stopped {
					t.Errorf("%s: status %d, body %.300s", q, w.Code, w.Body)
				}
			}
		})
	}
	time.Sleep(1500 * time.Millisecond)
	cancel()
	wg.Wait()
}

// TestV2Query compares our v2 answers with those of Cayley's own handler
// (server/http/api_v2.go, ServeQuery) on the same store.
func TestV2Query(t *testing.T) {
	st := openTestStore(t)
	r := newRouter(st, Options{})
	cayley := cayleyhttp.NewAPIv2(&graph.Handle{QuadStore: st.QuadStore(), QuadWriter: readOnlyWriter{}})
	tests := []struct {
		name, method, target, body, accept string
	}{
		{"headline", "POST", "/api/v2/query?lang=gizmo", headline, ""},
		{"tags", "POST", "/api/v2/query?lang=gizmo", `g.V().Tag("source").Out("<kg:relayed>").Tag("target").All()`, ""},
		{"literals", "POST", "/api/v2/query?lang=gizmo", `g.V("<kg:meeting:a1:1>").Save("<kg:name>", "name").Save("<kg:date>", "date").All()`, ""},
		{"emit", "POST", "/api/v2/query?lang=gizmo", `g.Emit({a: "<b>", n: [1, 2.5]})`, ""},
		{"json-ld", "POST", "/api/v2/query?lang=gizmo", `g.V("<kg:meeting:a1:1>").Save("<kg:name>", "name").Save("<kg:date>", "date").All()`, "application/ld+json"},
		{"get", "GET", "/api/v2/query?lang=gizmo&qu=" + urlEscape(headline), "", ""},
		{"syntax error", "POST", "/api/v2/query?lang=gizmo", `g.V(`, ""},
		{"no language", "POST", "/api/v2/query", headline, ""},
		{"unknown language", "POST", "/api/v2/query?lang=cobol", headline, ""},
		{"empty", "POST", "/api/v2/query?lang=gizmo", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.accept != "" {
				hdr = []string{"Accept", tt.accept}
			}
			got := do(r, tt.method, tt.target, tt.body, hdr...)
			want := do(cayley, tt.method, tt.target, tt.body, hdr...)
			if got.Code != want.Code {
				t.Errorf("status %d, Cayley's %d", got.Code, want.Code)
			}
			if got.Code == http.StatusOK {
				if g, w := got.Header().Get("Content-Type"), want.Header().Get("Content-Type"); g != w {
					t.Errorf("Content-Type %q, Cayley's %q", g, w)
				}
				if got.Body.String() != want.Body.String() {
					t.Errorf("body\n got %s\nCayley's %s", got.Body, want.Body)
				}
			} else if !jsonEqual(got.Body.Bytes(), want.Body.Bytes()) {
				t.Errorf("body\n got %s\nCayley's %s", got.Body, want.Body)
			}
		})
	}
}

func urlEscape(s string) string {
	r := strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", " ", "%20", "#", "%23", `"`, "%22", "<", "%3C", ">", "%3E")
	return r.Replace(s)
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return fmt.Sprint(x) == fmt.Sprint(y)
}

func TestV2Read(t *testing.T) {
	st := openTestStore(t)
	r := newRouter(st, Options{})
	var all []string
	for q, err := range st.Quads(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, q.NQuad())
	}
	sort.Strings(all)

	t.Run("n-quads", func(t *testing.T) {
		w := do(r, http.MethodGet, "/api/v2/read", "")
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/n-quads" {
			t.Fatalf("status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
		}
		got := strings.Split(strings.TrimSpace(w.Body.String()), "\n")
		sort.Strings(got)
		if strings.Join(got, "\n") != strings.Join(all, "\n") {
			t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(all, "\n"))
		}
	})
	t.Run("json filtered", func(t *testing.T) {
		w := do(r, http.MethodGet, "/api/v2/read?sub="+urlEscape("<kg:union:绵阳市总工会>")+"&pred="+urlEscape("<kg:relayed>"), "", "Accept", "application/json")
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
		}
		var got []map[string]string
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatalf("%s: %v", w.Body, err)
		}
		want := []map[string]string{{"subject": "<kg:union:绵阳市总工会>", "predicate": "<kg:relayed>", "object": "<kg:congress:党的二十届三中全会>", "label": "<kg:article:a2>"}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("Cayley's client", func(t *testing.T) {
		srv := httptest.NewServer(r)
		defer srv.Close()
		qr, err := client.New(srv.URL).QuadReader()
		if err != nil {
			t.Fatal(err)
		}
		defer qr.Close()
		quads, err := quad.ReadAll(qr)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, q := range quads {
			got = append(got, q.NQuad())
		}
		sort.Strings(got)
		if strings.Join(got, "\n") != strings.Join(all, "\n") {
			t.Errorf("got %d quads, want %d", len(got), len(all))
		}
	})
	t.Run("form", func(t *testing.T) {
		form := "sub=" + urlEscape("<kg:union:绵阳市总工会>") + "&pred=" + urlEscape("<kg:relayed>")
		w := do(r, http.MethodPost, "/api/v2/read", form, "Content-Type", "application/x-www-form-urlencoded")
		want := "<kg:union:绵阳市总工会> <kg:relayed> <kg:congress:党的二十届三中全会> <kg:article:a2> .\n"
		if w.Code != http.StatusOK || w.Body.String() != want {
			t.Errorf("status %d, body %.300s", w.Code, w.Body)
		}
		w = do(r, http.MethodPost, "/api/v2/read", form+"&x="+strings.Repeat("x", DefaultMaxBody), "Content-Type", "application/x-www-form-urlencoded")
		checkError(t, w, http.StatusRequestEntityTooLarge, "form larger than 65536 bytes")
	})
	t.Run("formats", func(t *testing.T) {
		w := do(r, http.MethodGet, "/api/v2/formats", "")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"id":"nquads"`) {
			t.Errorf("status %d, body %.300s", w.Code, w.Body)
		}
	})
}

func TestV2WriteRefused(t *testing.T) {
	st := openTestStore(t)
	r := newRouter(st, Options{})
	before, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	nq := "<kg:union:x> <kg:relayed> <kg:congress:党的二十大> .\n"
	for _, target := range []string{"/api/v2/write", "/api/v2/delete", "/api/v2/node/delete"} {
		t.Run(target, func(t *testing.T) {
			w := do(r, http.MethodPost, target, nq, "Content-Type", "application/n-quads")
			checkError(t, w, http.StatusForbidden, "database is read-only")
		})
	}
	after, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("store changed: %+v, was %+v", after, before)
	}
	if err := (readOnlyWriter{}).AddQuad(quad.MakeIRI("a", "b", "c", "")); !errors.Is(err, errReadOnly) {
		t.Errorf("readOnlyWriter.AddQuad: %v", err)
	}
}
