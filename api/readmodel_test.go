package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/gazetteer"
	"github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/hans"
	"github.com/unionkg/kg/ingest"
	"github.com/unionkg/kg/source"
	"github.com/unionkg/kg/store"
	"github.com/unionkg/kg/synth"
)

// modelPair is one store served twice: from its read model and, as the
// reference, from its quads.
type modelPair struct {
	st           *store.Store
	in           *ingest.Ingester
	gaz          *gazetteer.Gazetteer
	t2s          *hans.Converter
	model, quads *httptest.Server
	// srv is the read model's server.
	srv *Server
	// kept counts the answers of the last same that the read model's
	// server had kept (X-Cache: hit).
	kept int
}

func newModelPair(t testing.TB, dsn string) *modelPair {
	t.Helper()
	ctx := context.Background()
	x, err := extract.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gaz, err := gazetteer.Load(data.Divisions())
	if err != nil {
		t.Fatal(err)
	}
	t2s, err := hans.NewT2S(data.OpenCC())
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, dsn, store.Options{NoSync: true, ReadModel: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if strings.HasPrefix(dsn, "postgres") {
		// A shared database: empty it first.
		ids := map[string]bool{}
		for q, err := range st.Quads(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			if l, ok := q.Label.(quad.IRI); ok {
				if id, ok := graph.ArticleID(l); ok {
					ids[id] = true
				}
			}
		}
		for id := range ids {
			if _, err := st.Delete(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	in := ingest.New(x, graph.NewBuilder(gaz), st)
	opts := Options{Logger: discardLogger(), MaxResults: 100000}
	m := New(st, in, gaz, t2s, opts)
	q := New(st, in, gaz, t2s, opts)
	q.storeOnly = true
	p := &modelPair{st: st, in: in, gaz: gaz, t2s: t2s, srv: m, model: httptest.NewServer(m.Handler()), quads: httptest.NewServer(q.Handler())}
	t.Cleanup(func() { p.model.Close(); p.quads.Close(); m.Close(); q.Close() })
	return p
}

func getBody(t *testing.T, base, path string) (int, []byte) {
	t.Helper()
	code, b, _ := getAnswer(t, base, path)
	return code, b
}

// getAnswer is getBody with the answer's X-Cache header.
func getAnswer(t *testing.T, base, path string) (int, []byte, string) {
	t.Helper()
	code, b, h := getAnswerHeaders(t, base, path)
	return code, b, h.Get("X-Cache")
}

// getAnswerHeaders is getAnswer with every header. A path ending in #csv
// asks for CSV.
func getAnswerHeaders(t *testing.T, base, path string) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, "#csv") {
		req.URL.Fragment = ""
		req.Header.Set("Accept", "text/csv")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b, resp.Header
}

// paths lists a request for every route, for every entity the graph's
// lists name (up to max of each kind).
func (p *modelPair) paths(t *testing.T, max int) []string {
	t.Helper()
	ids := func(path, field string) []string {
		_, b := getBody(t, p.quads.URL, path)
		var pg struct {
			Items []map[string]any `json:"items"`
		}
		if err := json.Unmarshal(b, &pg); err != nil {
			t.Fatalf("%s: %v: %s", path, err, b)
		}
		var out []string
		for _, it := range pg.Items {
			v := it[field]
			if m, ok := v.(map[string]any); ok {
				v = m["id"]
			}
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
			if len(out) == max {
				break
			}
		}
		return out
	}
	esc := url.PathEscape
	paths := []string{
		"/api/stats", "/api/congresses?limit=1000", "/api/bodies?limit=1000", "/api/bodies?level=city&limit=1000",
		"/api/slogans?limit=1000", "/api/articles?limit=1000", "/api/search?q=总工会&limit=100", "/api/search?q=二十大",
		"/api/search?q=主席&limit=100", "/api/bodies?q=工会&limit=20&offset=3",
		// One character, Traditional script, a type, none, a congress of the
		// calendar: search reads the model's index of names.
		"/api/search?q=会&limit=200", "/api/search?q=總工會&limit=50", "/api/search?q=十八大", "/api/search?q=工会&type=Union&limit=200",
		"/api/search?q=不存在的名字", "/api/search?q=十九届六中全会", "/api/search?q=%20中%20",
		// Few hits wanted of many: the read model's walk of names stops
		// early, the store's reads them all.
		"/api/search?q=会&limit=1", "/api/search?q=会&limit=3", "/api/search?q=工会&limit=2", "/api/search?q=总工会&limit=5",
		"/api/search?q=市&limit=4", "/api/search?q=十八大&limit=1", "/api/search?q=大&limit=2&type=Congress", "/api/search?q=员&limit=3",
	}
	var persons []string
	for _, id := range ids("/api/congresses?limit=1000", "id") {
		paths = append(paths, "/api/congresses/"+esc(id), "/api/congresses/"+esc(id)+"/relays?limit=1000",
			"/api/congresses/"+esc(id)+"/relays?limit=1000#csv", "/api/nodes/"+esc(id),
			"/api/graph/neighborhood?node="+url.QueryEscape(id))
	}
	for _, id := range ids("/api/bodies?limit=1000", "id") {
		paths = append(paths, "/api/bodies/"+esc(id))
		_, b := getBody(t, p.quads.URL, "/api/bodies/"+esc(id))
		var body Body
		if json.Unmarshal(b, &body) == nil {
			for _, o := range body.Officials {
				persons = append(persons, o.Person.ID)
			}
		}
	}
	sort.Strings(persons)
	for i, id := range persons {
		if i > 0 && persons[i-1] == id || i >= max {
			continue
		}
		paths = append(paths, "/api/persons/"+esc(id), "/api/nodes/"+esc(id))
	}
	for _, id := range ids("/api/slogans?limit=1000", "id") {
		paths = append(paths, "/api/slogans/"+esc(id))
	}
	for _, id := range ids("/api/articles?limit=1000", "id") {
		paths = append(paths, "/api/articles/"+esc(id))
	}
	// Paths between bodies, congresses and persons, within few hops and
	// through some types only.
	ends := append(ids("/api/bodies?limit=1000", "id"), ids("/api/congresses?limit=1000", "id")...)
	ends = append(ends, persons...)
	for i := 0; i+1 < len(ends) && i < 2*max; i += 2 {
		q := "from=" + url.QueryEscape(ends[i]) + "&to=" + url.QueryEscape(ends[len(ends)-1-i])
		paths = append(paths, "/api/graph/path?"+q, "/api/graph/path?max=2&"+q, "/api/graph/path?types=Union,Congress,Meeting&"+q)
	}
	return paths
}

// same checks that every route answers the same from the read model as
// from the quads, and returns the read model's answers.
func (p *modelPair) same(t *testing.T, paths []string) map[string]string {
	t.Helper()
	got := map[string]string{}
	bad := 0
	p.kept = 0
	for _, path := range paths {
		cq, bq := getBody(t, p.quads.URL, path)
		cm, bm, state := getAnswer(t, p.model.URL, path)
		switch state {
		case string(cacheHit):
			p.kept++
		case string(cacheMiss), "": // "": an error, which is not kept
		default:
			t.Errorf("%s: X-Cache %q from the read model, want hit or miss", path, state)
		}
		if cq != cm || !bytes.Equal(bq, bm) {
			bad++
			if bad > 5 {
				t.Logf("also %s", path)
			}
			if bad <= 5 {
				t.Errorf("%s: from the quads %d %.600s\nfrom the read model %d %.600s", path, cq, bq, cm, bm)
			}
		}
		got[path] = strconv.Itoa(cm) + " " + string(bm)
	}
	if bad > 5 {
		t.Errorf("%d of %d answers differ", bad, len(paths))
	}
	return got
}

// sameAfterRebuild checks that a read model built afresh from the quads
// answers as the one maintained write by write did.
func (p *modelPair) sameAfterRebuild(t *testing.T, paths []string, before map[string]string) {
	t.Helper()
	n1, q1 := p.st.ReadModel().Size()
	if err := p.st.BuildReadModel(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	n2, q2 := p.st.ReadModel().Size()
	if n1 != n2 || q1 != q2 {
		t.Errorf("size maintained %d nodes %d quads, rebuilt %d, %d", n1, q1, n2, q2)
	}
	for _, path := range paths {
		c, b := getBody(t, p.model.URL, path)
		if got := strconv.Itoa(c) + " " + string(b); got != before[path] {
			t.Errorf("%s: maintained %.400s\nrebuilt %.400s", path, before[path], got)
		}
	}
}

// The read model answers every route as the quads do, on the sample
// graph, after deletes, replacements and new articles, and a model
// rebuilt from the quads equals the one maintained write by write.
func TestReadModelSample(t *testing.T) {
	dsns := []string{"memory", "bolt:" + filepath.Join(t.TempDir(), "kg")}
	if dsn := os.Getenv("KG_TEST_POSTGRES"); dsn != "" {
		dsns = append(dsns, apiDatabase(t, dsn)) // .ci/run starts one
	}
	for _, dsn := range dsns {
		t.Run(dsn[:4], func(t *testing.T) {
			ctx := context.Background()
			p := newModelPair(t, dsn)
			if _, err := p.in.Run(ctx, source.Read(ctx, []string{"../data/sample"}, source.Options{}), ingest.Options{}); err != nil {
				t.Fatal(err)
			}
			if err := p.st.BuildReadModel(ctx, nil); err != nil {
				t.Fatal(err)
			}
			if !p.st.ReadModel().Ready() {
				t.Fatal("read model not ready after BuildReadModel")
			}
			paths := p.paths(t, 1000)
			if len(paths) < 100 {
				t.Fatalf("only %d paths to compare", len(paths))
			}
			p.same(t, paths)

			// Writes: a delete, a replacement with other content, a new
			// article naming the same bodies.
			entries, err := os.ReadDir("../data/sample")
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".txt") {
					b, err := os.ReadFile(filepath.Join("../data/sample", e.Name()))
					if err != nil {
						t.Fatal(err)
					}
					texts = append(texts, string(b))
				}
			}
			ids := p.articleIDs(t)
			if _, err := p.st.Delete(ctx, ids[0]); err != nil {
				t.Fatal(err)
			}
			if _, _, err := p.in.One(ctx, extract.Input{ID: ids[1], Text: texts[2] + "\n" + texts[3]}, false); err != nil {
				t.Fatal(err)
			}
			if _, _, err := p.in.One(ctx, extract.Input{ID: "new-one", Text: texts[4]}, false); err != nil {
				t.Fatal(err)
			}
			paths = p.paths(t, 1000)
			p.same(t, paths)
			// Answers the writes did not touch were kept, not computed
			// again: the cache is invalidated by what an answer read.
			if p.kept == 0 {
				t.Errorf("no answer of %d kept across the writes", len(paths))
			}
			t.Logf("%d of %d answers kept across the writes", p.kept, len(paths))
			// The article again (forced: the text is the same) with only
			// its title and date changed: every kept answer that names it
			// must name it anew, though no read of the article itself was
			// kept (see readLabels).
			if _, _, err := p.in.One(ctx, extract.Input{ID: "new-one", Title: "改过的标题", Published: "2031-02-03", Text: texts[4]}, true); err != nil {
				t.Fatal(err)
			}
			got := p.same(t, paths)
			renamed := 0
			for _, b := range got {
				if strings.Contains(b, "改过的标题") && strings.Contains(b, "2031-02-03") {
					renamed++
				}
			}
			if renamed < 5 {
				t.Errorf("%d answers name the retitled article: %.300s", renamed, got["/api/articles/new-one"])
			}
			p.sameAfterRebuild(t, paths, got)
		})
	}
}

func (p *modelPair) articleIDs(t *testing.T) []string {
	t.Helper()
	_, b := getBody(t, p.quads.URL, "/api/articles?limit=1000")
	var pg struct {
		Items []ArticleRef `json:"items"`
	}
	if err := json.Unmarshal(b, &pg); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range pg.Items {
		ids = append(ids, a.ID)
	}
	sort.Strings(ids)
	return ids
}

// The same on a synthetic graph (KG_READMODEL_N articles, default 1,000;
// 5,000 in `make test-readmodel`), through a random sequence of ingests,
// replacements and deletes.
func TestReadModelSynthetic(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests a synthetic corpus")
	}
	n, input := synthInputs(t, "KG_READMODEL_N", 1000, 7, func(n int) int { return n + n/5 })
	ctx := context.Background()
	p := newModelPair(t, "bolt:"+filepath.Join(t.TempDir(), "kg"))
	// Lines of the slogan and congress lists and bodies' profiles in
	// parts, from lists that keep stamps per bucket, here too; the store's
	// server computes them whole.
	p.srv.sloganParts, p.srv.bodyParts, p.srv.congressParts = n/10, n/50, n/50
	p.st.ReadModel().SetBucketsFrom(n / 50)
	// Half before the model is built, half after: both ways of filling it.
	for i := range n / 2 {
		if _, _, err := p.in.One(ctx, input(i), false); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.st.BuildReadModel(ctx, nil); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	live := map[string]bool{}
	for i := range n / 2 {
		live[input(i).ID] = true
	}
	next := n / 2
	for step := 0; step < n; step++ {
		if step == n/2 {
			// Answers kept from here on (the memo of congresses) must be
			// dropped by the writes that follow.
			p.same(t, p.paths(t, 20))
			p.linesAsPages(t)
		}
		switch k := rng.IntN(10); {
		case k < 6 && next < n+n/5: // a new article
			in := input(next)
			next++
			if _, _, err := p.in.One(ctx, in, false); err != nil {
				t.Fatal(err)
			}
			live[in.ID] = true
		case k < 8: // a replacement: another article's text under this ID
			in := input(rng.IntN(next))
			in.ID = input(rng.IntN(next)).ID
			if _, _, err := p.in.One(ctx, in, false); err != nil {
				t.Fatal(err)
			}
			live[in.ID] = true
		default: // a delete
			id := input(rng.IntN(next)).ID
			_, err := p.st.Delete(ctx, id)
			if live[id] != (err == nil) {
				t.Fatalf("delete %s: %v (live %v)", id, err, live[id])
			}
			delete(live, id)
		}
	}
	paths := p.paths(t, 60)
	t.Logf("%d live articles, %d routes compared", len(live), len(paths))
	got := p.same(t, paths)
	_, b := getBody(t, p.model.URL, "/api/bodies?limit=1")
	var bodies struct {
		Items []BodySummary `json:"items"`
	}
	if err := json.Unmarshal(b, &bodies); err != nil || len(bodies.Items) == 0 || bodies.Items[0].Articles < p.srv.bodyParts {
		t.Errorf("no body's profile computed in parts (from %d articles): %s", p.srv.bodyParts, b)
	}
	// Profiles in parts from the read model, as computed whole before
	// there were parts.
	src := p.srv.source(ctx)
	r := newReader(ctx, src)
	for i, iri := range r.typed(graph.TypeUnion) {
		if i >= 200 {
			break
		}
		b := p.srv.bodyProfile(newReader(ctx, src), iri)
		got, _ := json.Marshal(b)
		whole := *b
		wholeLists(p.srv, newReader(ctx, src), iri, &whole)
		want, _ := json.Marshal(&whole)
		if string(got) != string(want) {
			t.Fatalf("%s: profile in parts\n%s\nwhole\n%s", iri, got, want)
		}
	}
	if most := p.linesAsPages(t); most < p.srv.sloganParts {
		t.Errorf("the most used slogan is in %d articles: no line computed in parts (from %d)", most, p.srv.sloganParts)
	}
	p.sameAfterRebuild(t, paths, got)
}

// linesAsPages checks that each line of the read model's slogan list
// (computed in parts for a slogan in many articles) says what the
// slogan's page says (computed whole), and returns the most articles a
// slogan is in.
func (p *modelPair) linesAsPages(t *testing.T) int {
	t.Helper()
	_, b := getBody(t, p.model.URL, "/api/slogans?limit=1000")
	var list struct {
		Items []SloganSummary `json:"items"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	most := 0
	for _, line := range list.Items {
		_, b := getBody(t, p.model.URL, "/api/slogans/"+url.PathEscape(line.ID))
		var page Slogan
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		if line != page.SloganSummary {
			t.Errorf("%s: line %+v, page %+v", line.ID, line, page.SloganSummary)
		}
		most = max(most, line.Articles)
	}
	return most
}

// A read that arrives while the read model is loaded from its snapshot
// waits for the load before its time limit starts, and is answered from
// the model: a load longer than the limit is no 504.
func TestReadWaitsForLoad(t *testing.T) {
	ctx := context.Background()
	p := newModelPair(t, "memory")
	a := extract.Input{ID: "w1", Text: "2024年7月22日，沈阳市总工会召开党组会议，传达学习党的二十届三中全会精神。"}
	if _, _, err := p.in.One(ctx, a, false); err != nil {
		t.Fatal(err)
	}
	if err := p.st.BuildReadModel(ctx, nil); err != nil {
		t.Fatal(err)
	}
	srv := New(p.st, p.in, p.gaz, p.t2s, Options{Logger: discardLogger(), QueryTimeout: 100 * time.Millisecond})
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	m := p.st.ReadModel()
	m.BeginLoad() // as LoadReadModel does
	go func() {
		time.Sleep(400 * time.Millisecond) // four times the time limit
		m.EndLoad()
	}()
	start := time.Now()
	code, body := getBody(t, ts.URL, "/api/stats")
	if took := time.Since(start); code != http.StatusOK || took < 300*time.Millisecond {
		t.Fatalf("a read during the load: %d after %v: %s", code, took, body)
	}
	if code, body := getBody(t, ts.URL, "/healthz"); code != http.StatusOK || !strings.Contains(string(body), `"read_model":"ready"`) {
		t.Errorf("/healthz after the load: %d %s", code, body)
	}

	// A build that outlasts the wait: 503 with a reason and Retry-After,
	// not an answer read from the store meanwhile.
	srv.loadWait = 200 * time.Millisecond
	m.BeginBuild()
	defer m.EndLoad()
	start = time.Now()
	code, b, h := getAnswerHeaders(t, ts.URL, "/api/stats")
	if took := time.Since(start); code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" ||
		!strings.Contains(string(b), `"starting"`) || !strings.Contains(string(b), "built") || took < 200*time.Millisecond {
		t.Errorf("a read during a long build: %d after %v, Retry-After %q: %s", code, took, h.Get("Retry-After"), b)
	}
	if code, body := getBody(t, ts.URL, "/healthz"); code != http.StatusOK || !strings.Contains(string(body), `"read_model":"building"`) {
		t.Errorf("/healthz during the build: %d %s", code, body)
	}
}

// apiDatabase names, in the server that dsn names, the database of this
// package's tests (.ci/postgres creates it): the store package's tests
// clear theirs while these run.
func apiDatabase(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("KG_TEST_POSTGRES: %v", err)
	}
	u.Path += "_api"
	return u.String()
}

// An answer kept from the read model holds across a write that only
// restates what it read of a body (its name and type, under another
// article) or adds to the body what it did not read: an article about
// another congress that names a body relaying this one leaves this
// congress's relays as they were, and they are not computed again. A
// write that relays this congress drops them.
func TestKeptAcrossRestatement(t *testing.T) {
	ctx := context.Background()
	p := newModelPair(t, "memory")
	if _, err := p.in.Run(ctx, source.Read(ctx, []string{"../data/sample"}, source.Options{}), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := p.st.BuildReadModel(ctx, nil); err != nil {
		t.Fatal(err)
	}
	path := "/api/congresses/" + url.PathEscape("congress:党的二十届三中全会") + "/relays?limit=1000"
	get := func() (relaysPage, string) {
		t.Helper()
		code, b, cache := getAnswer(t, p.model.URL, path)
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, code, b)
		}
		var pg relaysPage
		if err := json.Unmarshal(b, &pg); err != nil {
			t.Fatal(err)
		}
		return pg, cache
	}
	first, _ := get()
	var body, bodyID string
	for _, it := range first.Items {
		if it.Body.Type == "Union" && strings.HasSuffix(it.Body.Name, "总工会") {
			body, bodyID = it.Body.Name, it.Body.ID
			break
		}
	}
	if body == "" {
		t.Fatal("no union among the relays of the sample")
	}
	if _, cache := get(); cache != "hit" {
		t.Fatalf("second answer: X-Cache %q, want hit", cache)
	}
	write := func(id, text string) {
		t.Helper()
		if _, _, err := p.in.One(ctx, extract.Input{ID: id, Text: text}, false); err != nil {
			t.Fatal(err)
		}
	}
	write("kept-other", "2023年3月2日,"+body+"召开党组会议,传达学习党的二十大精神。")
	// The write named the same body: its profile lists the article.
	code, b := getBody(t, p.model.URL, "/api/bodies/"+url.PathEscape(bodyID)+"?limit=1000")
	if code != http.StatusOK || !strings.Contains(string(b), `"kept-other"`) {
		t.Fatalf("the body %s after the write: %d %.300s", bodyID, code, b)
	}
	if _, cache := get(); cache != "hit" {
		t.Errorf("after an article on another congress naming %s: X-Cache %q, want hit", body, cache)
	}
	write("kept-this", "2024年7月25日,"+body+"召开党组理论学习中心组学习会,传达学习党的二十届三中全会精神。")
	after, cache := get()
	if cache == "hit" || len(after.Items) == len(first.Items) {
		t.Errorf("after an article relaying the congress: X-Cache %q, %d relays (were %d); want a new answer", cache, len(after.Items), len(first.Items))
	}
}

// relaysPage is what TestKeptAcrossRestatement reads of a relays answer.
type relaysPage struct {
	Items []struct {
		Body struct {
			ID   string `json:"id"`
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"body"`
	} `json:"items"`
}

// synthInputs returns the size of a synthetic graph (env, when set, else
// def articles) and the inputs of a synthetic corpus of size(n) articles
// from seed, by number.
func synthInputs(tb testing.TB, env string, def int, seed int64, size func(n int) int) (int, func(int) extract.Input) {
	tb.Helper()
	n := def
	if v := os.Getenv(env); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			tb.Fatalf("%s=%q: %v", env, v, err)
		}
	}
	gen, err := synth.New(synth.Config{Seed: seed, Articles: size(n)})
	if err != nil {
		tb.Fatal(err)
	}
	return n, func(i int) extract.Input {
		a := gen.Article(i)
		return extract.Input{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, Text: a.Text}
	}
}
