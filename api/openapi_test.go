package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/gin-gonic/gin"
)

// loadOpenAPI parses and validates the embedded OpenAPI document.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIDoc)
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	return doc
}

func TestOpenAPIDocument(t *testing.T) {
	doc := loadOpenAPI(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi %q, want 3.0.3", doc.OpenAPI)
	}
	// Every operation describes itself and declares its answers' shapes.
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" || op.Description == "" {
				t.Errorf("%s %s: no operationId or description", method, path)
			}
			for status, r := range op.Responses.Map() {
				if r.Value == nil || len(r.Value.Content) == 0 {
					t.Errorf("%s %s %s: a response without content", method, path, status)
				}
			}
		}
	}
	// The served document is the embedded one.
	f := getFixture(t)
	resp, err := http.Get(f.ts.URL + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(b, openAPIDoc) {
		t.Fatalf("GET /api/openapi.json: %d, %d bytes; want the embedded document", resp.StatusCode, len(b))
	}
}

// ginParam turns gin's :name and *name into OpenAPI's {name}.
var ginParam = regexp.MustCompile(`[:*]([A-Za-z_][A-Za-z0-9_]*)`)

// cayleyV2 reports a path of Cayley's API v2, whose handlers may register
// routes of their own choosing.
func cayleyV2(path string) bool { return strings.HasPrefix(path, "/api/v2/") }

// gizmoPath reports a path the gizmo package serves.
func gizmoPath(path string) bool {
	return cayleyV2(path) || strings.HasPrefix(path, "/api/v1/query/")
}

// registered lists the engine's routes as "METHOD /path/{param}".
func registered(t *testing.T, f *fixture) map[string]bool {
	t.Helper()
	eng, ok := f.srv.Handler().(*gin.Engine)
	if !ok {
		t.Fatalf("Handler() is a %T, not a *gin.Engine", f.srv.Handler())
	}
	out := map[string]bool{}
	for _, r := range eng.Routes() {
		out[r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}")] = true
	}
	return out
}

func gizmoWired(routes map[string]bool) bool {
	for r := range routes {
		if gizmoPath(strings.SplitN(r, " ", 2)[1]) {
			return true
		}
	}
	return false
}

func TestOpenAPICoversRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	f := getFixture(t)
	routes := registered(t, f)
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	wired := gizmoWired(routes)
	for r := range routes {
		path := strings.SplitN(r, " ", 2)[1]
		switch {
		case documented[r]:
		case cayleyV2(path):
			t.Logf("%s: a route of Cayley's v2 handlers that openapi.json does not describe", r)
		default:
			t.Errorf("route %s is registered but not in openapi.json", r)
		}
	}
	for r := range documented {
		path := strings.SplitN(r, " ", 2)[1]
		switch {
		case routes[r]:
		case cayleyV2(path):
			t.Logf("%s: Cayley's v2 handlers register their own routes; not checked", r)
		case gizmoPath(path) && !wired:
			t.Logf("%s: the gizmo package is not wired into Handler() yet; not checked", r)
		default:
			t.Errorf("openapi.json documents %s, which is not registered", r)
		}
	}
}

// apiCase is one real request whose answer must match the document.
type apiCase struct {
	name, method, path, ctype, token, body string
	status                                 int
}

func init() {
	// Bodies openapi3filter has no decoder for: Gizmo queries and N-Quads
	// are text.
	openapi3filter.RegisterBodyDecoder("application/javascript", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/n-quads", openapi3filter.FileBodyDecoder)
}

func TestOpenAPIResponses(t *testing.T) {
	doc := loadOpenAPI(t)
	f := getFixture(t)
	doc.Servers = openapi3.Servers{{URL: f.ts.URL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	q := url.QueryEscape
	yunnan, ershida := esc("union:云南省总工会"), esc("congress:党的二十大")
	// The write cases run in order: add, unchanged, update, delete.
	const text = "7月23日,大连市总工会召开党组会议,传达学习党的二十届三中全会精神。"
	cases := []apiCase{
		{name: "health", method: "GET", path: "/healthz", status: 200},
		{name: "metrics", method: "GET", path: "/metrics", status: 200},
		{name: "openapi", method: "GET", path: "/api/openapi.json", status: 200},
		{name: "stats", method: "GET", path: "/api/stats", status: 200},
		{name: "search", method: "GET", path: "/api/search?q=" + q("总工会") + "&limit=200", status: 200},
		{name: "search traditional, typed", method: "GET", path: "/api/search?type=Union&q=" + q("雲南省總工會"), status: 200},
		{name: "search, nothing found", method: "GET", path: "/api/search?q=" + q("不存在的名字"), status: 200},
		{name: "congresses", method: "GET", path: "/api/congresses?limit=1000", status: 200},
		{name: "congresses, past the end", method: "GET", path: "/api/congresses?offset=5000", status: 200},
		{name: "congress", method: "GET", path: "/api/congresses/" + ershida, status: 200},
		{name: "relays", method: "GET", path: "/api/congresses/" + ershida + "/relays?limit=1000", status: 200},
		{name: "relays by province and level", method: "GET", path: "/api/congresses/" + ershida + "/relays?province=" + q("云南省") + "&level=province", status: 200},
		{name: "relays of a plenum", method: "GET", path: "/api/congresses/" + esc("congress:党的二十届三中全会") + "/relays?limit=1000", status: 200},
		{name: "bodies", method: "GET", path: "/api/bodies?limit=1000", status: 200},
		{name: "bodies filtered", method: "GET", path: "/api/bodies?province=" + q("江西省") + "&level=city&q=" + q("总工会"), status: 200},
		{name: "body", method: "GET", path: "/api/bodies/" + yunnan, status: 200},
		{name: "body without articles of its own", method: "GET", path: "/api/bodies/" + esc("union:江西省总工会"), status: 200},
		{name: "ACFTU", method: "GET", path: "/api/bodies/" + esc("union:中华全国总工会"), status: 200},
		{name: "person", method: "GET", path: "/api/persons/" + esc("person:53:李绍华"), status: 200},
		{name: "slogans", method: "GET", path: "/api/slogans?limit=1000", status: 200},
		{name: "slogan", method: "GET", path: "/api/slogans/" + esc("slogan:两个维护"), status: 200},
		{name: "articles", method: "GET", path: "/api/articles?limit=1000", status: 200},
		{name: "article", method: "GET", path: "/api/articles/019_yunnan_ershida_long", status: 200},
		{name: "traditional article", method: "GET", path: "/api/articles/012_ganzhou_roundup_trad_pinyin", status: 200},
		{name: "node congress", method: "GET", path: "/api/nodes/" + ershida, status: 200},
		{name: "node body", method: "GET", path: "/api/nodes/" + yunnan, status: 200},
		{name: "node person", method: "GET", path: "/api/nodes/" + esc("person:53:李绍华"), status: 200},
		{name: "neighborhood cytoscape", method: "GET", path: "/api/graph/neighborhood?node=" + q("union:云南省总工会"), status: 200},
		{name: "neighborhood d3, 2 hops", method: "GET", path: "/api/graph/neighborhood?format=d3&hops=2&limit=50&node=" + q("union:云南省总工会"), status: 200},
		{name: "neighborhood filtered", method: "GET", path: "/api/graph/neighborhood?format=cytoscape&types=Union,Organization&predicates=relayed&node=" + q("congress:党的二十大"), status: 200},
		{name: "path cytoscape", method: "GET", path: "/api/graph/path?from=" + q("union:云南省总工会") + "&to=" + q("union:瑞金市总工会"), status: 200},
		{name: "path d3", method: "GET", path: "/api/graph/path?format=d3&max=10&from=" + q("person:53:李绍华") + "&to=" + q("congress:党的二十大"), status: 200},
		{name: "write text", method: "POST", path: "/api/articles?id=openapi-1&title=" + q("大连") + "&published=2024-07-23", ctype: "text/plain; charset=utf-8", token: "secret", body: text, status: 201},
		{name: "write text again", method: "POST", path: "/api/articles?id=openapi-1&title=" + q("大连") + "&published=2024-07-23", ctype: "text/plain; charset=utf-8", token: "secret", body: text, status: 200},
		{name: "write JSON update", method: "POST", path: "/api/articles", ctype: "application/json", token: "secret",
			body: `{"id":"openapi-1","title":"大连","published":"2024-07-23","text":"` + text + `大连市总工会党组书记王某主持会议。"}`, status: 200},
		{name: "delete", method: "DELETE", path: "/api/articles/openapi-1", token: "secret", status: 200},

		{name: "congress by alias", method: "GET", path: "/api/congresses/" + esc("congress:二十大"), status: 308},
		{name: "relays by alias", method: "GET", path: "/api/congresses/" + esc("二十大") + "/relays?limit=3", status: 308},
		{name: "congress, ambiguous alias", method: "GET", path: "/api/congresses/" + esc("十八大"), status: 300},
		{name: "relays, ambiguous alias", method: "GET", path: "/api/congresses/" + esc("十八大") + "/relays", status: 300},
		{name: "body by short name", method: "GET", path: "/api/bodies/" + esc("union:工联会"), status: 308},
		{name: "person by name", method: "GET", path: "/api/persons/" + esc("李绍华"), status: 308},
		{name: "slogan by name", method: "GET", path: "/api/slogans/" + esc("两个维护"), status: 308},
		{name: "node by name", method: "GET", path: "/api/nodes/" + esc("娘家人"), status: 308},
		{name: "relays as CSV", method: "GET", path: "/api/congresses/" + ershida + "/relays?format=csv&province=" + q("云南"), status: 200},
		{name: "relays as JSON, said so", method: "GET", path: "/api/congresses/" + ershida + "/relays?format=json&level=" + q("省级"), status: 200},
		{name: "bodies by level and province words", method: "GET", path: "/api/bodies?province=" + q("江西") + "&level=" + q("县级"), status: 200},
		{name: "search a figurative word", method: "GET", path: "/api/search?q=" + q("娘家人"), status: 200},
		{name: "search a short name of congresses", method: "GET", path: "/api/search?q=" + q("十八大"), status: 200},
		{name: "relays, unknown format", method: "GET", path: "/api/congresses/" + ershida + "/relays?format=xml", status: 400},
		{name: "unknown body", method: "GET", path: "/api/bodies/" + esc("union:不存在"), status: 404},
		{name: "not a congress", method: "GET", path: "/api/congresses/" + yunnan, status: 404},
		{name: "unknown congress relays", method: "GET", path: "/api/congresses/x/relays", status: 404},
		{name: "unknown person", method: "GET", path: "/api/persons/" + yunnan, status: 404},
		{name: "unknown slogan", method: "GET", path: "/api/slogans/x", status: 404},
		{name: "unknown article", method: "GET", path: "/api/articles/nope", status: 404},
		{name: "unknown node", method: "GET", path: "/api/nodes/nope", status: 404},
		{name: "unknown neighborhood node", method: "GET", path: "/api/graph/neighborhood?node=nope", status: 404},
		{name: "no path", method: "GET", path: "/api/graph/path?from=" + q("union:云南省总工会") + "&to=nope", status: 404},
		{name: "unknown route", method: "GET", path: "/api/nothing", status: 404},
		{name: "bad limit", method: "GET", path: "/api/bodies?limit=0", status: 400},
		{name: "limit too large", method: "GET", path: "/api/congresses?limit=1001", status: 400},
		{name: "bad offset", method: "GET", path: "/api/articles?offset=-1", status: 400},
		{name: "bad relays limit", method: "GET", path: "/api/congresses/" + ershida + "/relays?limit=x", status: 400},
		{name: "search without q", method: "GET", path: "/api/search", status: 400},
		{name: "search limit", method: "GET", path: "/api/search?q=x&limit=201", status: 400},
		{name: "neighborhood without node", method: "GET", path: "/api/graph/neighborhood", status: 400},
		{name: "unknown format", method: "GET", path: "/api/graph/neighborhood?format=svg&node=x", status: 400},
		{name: "hops too many", method: "GET", path: "/api/graph/neighborhood?hops=4&node=x", status: 400},
		{name: "graph limit", method: "GET", path: "/api/graph/neighborhood?limit=2001&node=x", status: 400},
		{name: "path without to", method: "GET", path: "/api/graph/path?from=x", status: 400},
		{name: "path max", method: "GET", path: "/api/graph/path?from=x&to=y&max=11", status: 400},
		{name: "write without token", method: "POST", path: "/api/articles", ctype: "application/json", body: `{"id":"x","text":"t"}`, status: 401},
		{name: "delete without token", method: "DELETE", path: "/api/articles/x", status: 401},
		{name: "malformed JSON", method: "POST", path: "/api/articles", ctype: "application/json", token: "secret", body: `{"id":`, status: 400},
		{name: "unknown field", method: "POST", path: "/api/articles", ctype: "application/json", token: "secret", body: `{"id":"x","txt":"t"}`, status: 400},
		{name: "wrong content type", method: "POST", path: "/api/articles", ctype: "application/xml", token: "secret", body: `<a/>`, status: 415},
		{name: "no text", method: "POST", path: "/api/articles", ctype: "application/json", token: "secret", body: `{"id":"x","text":" "}`, status: 422},
		{name: "text not UTF-8", method: "POST", path: "/api/articles?id=x", ctype: "text/plain", token: "secret", body: "\xff\xfe", status: 422},
		{name: "delete unknown", method: "DELETE", path: "/api/articles/nope", token: "secret", status: 404},
		{name: "wrong method", method: "PUT", path: "/api/stats", status: 405},
		{name: "wrong method on articles", method: "PATCH", path: "/api/articles/x", status: 405},
	}
	if gizmoWired(registered(t, f)) {
		cases = append(cases, gizmoCases()...)
	} else {
		t.Log("the gizmo package is not wired into Handler() yet: no Gizmo requests")
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := checkAnswer(t, doc, router, f, tc); err != nil {
				t.Error(err)
			}
		})
	}
}

// gizmoCases are requests to the Gizmo endpoints.
func gizmoCases() []apiCase {
	relayed := `g.V("<kg:congress:党的二十大>").In("<kg:relayed>").Unique().Save("<kg:name>", "name").All()`
	return []apiCase{
		{name: "gizmo v1", method: "POST", path: "/api/v1/query/gizmo?limit=5", ctype: "text/plain", body: relayed, status: 200},
		{name: "gizmo v1 javascript, no results", method: "POST", path: "/api/v1/query/gizmo", ctype: "application/javascript", body: `g.V("<kg:nope>").All()`, status: 200},
		{name: "gizmo v1 emit", method: "POST", path: "/api/v1/query/gizmo", ctype: "text/plain", body: `g.Emit({n: 1, s: "工会"})`, status: 200},
		{name: "gizmo v1 syntax error", method: "POST", path: "/api/v1/query/gizmo", ctype: "text/plain", body: `g.V(`, status: 400},
		{name: "gizmo v1 too large", method: "POST", path: "/api/v1/query/gizmo", ctype: "text/plain", body: strings.Repeat(" ", 65<<10) + "g.V().All()", status: 413},
		{name: "gizmo v2 query", method: "POST", path: "/api/v2/query?lang=gizmo&limit=3", ctype: "text/plain", body: relayed, status: 200},
		{name: "gizmo v2 query in the URL", method: "GET", path: "/api/v2/query?lang=gizmo&qu=" + url.QueryEscape(relayed), status: 200},
		{name: "gizmo v2 without lang", method: "POST", path: "/api/v2/query", ctype: "text/plain", body: relayed, status: 400},
		{name: "gizmo v2 read", method: "GET", path: "/api/v2/read?pred=" + url.QueryEscape("<kg:relayed>"), status: 200},
		{name: "gizmo v2 formats", method: "GET", path: "/api/v2/formats", status: 200},
	}
}

// checkAnswer sends the request and validates the answer against the
// document; it fails the test outright for a wrong status.
func checkAnswer(t *testing.T, doc *openapi3.T, router routers.Router, f *fixture, tc apiCase) error {
	t.Helper()
	newReq := func() *http.Request {
		req, err := http.NewRequest(tc.method, f.ts.URL+tc.path, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		if tc.ctype != "" {
			req.Header.Set("Content-Type", tc.ctype)
		}
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		return req
	}
	// Redirects are answers to check, not to follow.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(newReq())
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != tc.status {
		t.Fatalf("%s %s: status %d, want %d: %.500s", tc.method, tc.path, resp.StatusCode, tc.status, body)
	}

	req := newReq()
	route, params, err := router.FindRoute(req)
	if err != nil {
		// No operation: the route is unknown (404) or the method is not
		// allowed (405). The answer is still an Error.
		if tc.status != http.StatusNotFound && tc.status != http.StatusMethodNotAllowed {
			t.Fatalf("%s %s: no route in openapi.json: %v", tc.method, tc.path, err)
		}
		return validateError(doc, resp.Header, body)
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      route,
		Options:    &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	// A request the server accepts is one the document accepts, and one
	// the REST routes refuse as bad (400) the document refuses too: the
	// parameters' bounds and the body's schema are the handlers'. (A
	// Gizmo query's own errors are 400s the document cannot foresee.)
	switch err := openapi3filter.ValidateRequest(context.Background(), in); {
	case tc.status < 300 && err != nil:
		t.Errorf("%s %s: the request does not match openapi.json: %v", tc.method, tc.path, err)
	case tc.status == http.StatusBadRequest && err == nil && !gizmoPath(route.Path):
		t.Errorf("%s %s: openapi.json accepts a request the server refuses", tc.method, tc.path)
	}
	return openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	})
}

// validateError checks an answer against the Error schema.
func validateError(doc *openapi3.T, h http.Header, body []byte) error {
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return &openapi3.SchemaError{Reason: "content type " + ct + ", want application/json"}
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	return doc.Components.Schemas["Error"].Value.VisitJSON(v)
}

// TestOpenAPIStrict makes sure the schemas refuse fields they do not
// declare, so that a field added to a handler's answer fails the tests
// until the document describes it.
func TestOpenAPIStrict(t *testing.T) {
	doc := loadOpenAPI(t)
	for name, s := range doc.Components.Schemas {
		v := s.Value
		if v.Type == nil || !v.Type.Is("object") {
			continue
		}
		if v.AdditionalProperties.Has == nil || *v.AdditionalProperties.Has {
			t.Errorf("schema %s allows additional properties", name)
		}
		for _, p := range v.Required {
			if _, ok := v.Properties[p]; !ok {
				t.Errorf("schema %s requires %s, which it does not declare", name, p)
			}
		}
	}
	body := map[string]any{"id": "x", "type": "Union", "name": "x", "extra": 1}
	if err := doc.Components.Schemas["NodeRef"].Value.VisitJSON(body); err == nil {
		t.Error("NodeRef accepts an undeclared field")
	}
}
