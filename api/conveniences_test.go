package api

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// fetch sends a GET with optional headers (name, value, …) without
// following redirects, and returns the status, the headers and the body.
func fetch(t *testing.T, f *fixture, path string, header ...string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", f.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

func TestAliasPaths(t *testing.T) {
	f := getFixture(t)
	tests := []struct {
		name, path string
		status     int
		// location is the canonical path a redirect names (unescaped).
		location string
		// candidates are IDs a 300 must list, with whether each is in the
		// graph.
		candidates map[string]bool
	}{
		{name: "congress by alias with prefix", path: "/api/congresses/" + esc("congress:二十大"), status: 308,
			location: "/api/congresses/congress:党的二十大"},
		{name: "congress by bare alias", path: "/api/congresses/" + esc("中共二十大"), status: 308,
			location: "/api/congresses/congress:党的二十大"},
		{name: "relays by alias keep the query", path: "/api/congresses/" + esc("二十大") + "/relays?limit=5&format=csv", status: 308,
			location: "/api/congresses/congress:党的二十大/relays?limit=5&format=csv"},
		{name: "canonical ID answers itself", path: "/api/congresses/" + esc("congress:党的二十大"), status: 200},
		{name: "十八大 offers both congresses", path: "/api/congresses/" + esc("十八大"), status: 300,
			candidates: map[string]bool{"congress:中国工会十八大": true, "congress:党的十八大": false}},
		{name: "十八大 relays too", path: "/api/congresses/" + esc("congress:十八大") + "/relays", status: 300,
			candidates: map[string]bool{"congress:中国工会十八大": true, "congress:党的十八大": false}},
		{name: "only in the calendar", path: "/api/congresses/" + esc("党的十五大"), status: 404},
		{name: "body by short name", path: "/api/bodies/" + esc("union:工联会"), status: 308,
			location: "/api/bodies/union:香港工会联合会"},
		{name: "body by another short name", path: "/api/bodies/" + esc("香港工联会"), status: 308,
			location: "/api/bodies/union:香港工会联合会"},
		{name: "body by a Traditional name", path: "/api/bodies/" + esc("香港工會聯合會"), status: 308,
			location: "/api/bodies/union:香港工会联合会"},
		{name: "body by its name", path: "/api/bodies/" + esc("云南省总工会"), status: 308,
			location: "/api/bodies/union:云南省总工会"},
		{name: "person by name", path: "/api/persons/" + esc("李绍华"), status: 308,
			location: "/api/persons/person:53:李绍华"},
		{name: "slogan by name", path: "/api/slogans/" + esc("两个维护"), status: 308,
			location: "/api/slogans/slogan:两个维护"},
		{name: "node by a figurative word", path: "/api/nodes/" + esc("娘家人"), status: 308,
			location: "/api/nodes/figurative:娘家人"},
		{name: "a prefix of another type", path: "/api/nodes/" + esc("union:娘家人"), status: 404},
		{name: "a congress is not a body", path: "/api/bodies/" + esc("二十大"), status: 404},
		{name: "a body is not a congress", path: "/api/congresses/" + esc("union:云南省总工会"), status: 404},
		{name: "nothing of the name", path: "/api/bodies/" + esc("union:不存在"), status: 404},
		{name: "graph view by alias", path: "/api/graph/neighborhood?hops=1&node=" + url.QueryEscape("二十大"), status: 308,
			location: "/api/graph/neighborhood?hops=1&node=congress:党的二十大"},
		{name: "graph view by short name", path: "/api/graph/neighborhood?node=" + url.QueryEscape("工联会"), status: 308,
			location: "/api/graph/neighborhood?node=union:香港工会联合会"},
		{name: "graph view of an ambiguous name", path: "/api/graph/neighborhood?node=" + url.QueryEscape("十八大"), status: 300,
			candidates: map[string]bool{"congress:中国工会十八大": true, "congress:党的十八大": false}},
		{name: "graph view of nothing", path: "/api/graph/neighborhood?node=" + url.QueryEscape("不存在"), status: 404},
		{name: "path by names", path: "/api/graph/path?from=" + url.QueryEscape("union:云南省总工会") + "&to=" + url.QueryEscape("二十大"), status: 308,
			location: "/api/graph/path?from=union:云南省总工会&to=congress:党的二十大"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, h, body := fetch(t, f, tt.path)
			if code != tt.status {
				t.Fatalf("GET %s: %d, want %d: %.300s", tt.path, code, tt.status, body)
			}
			switch code {
			case http.StatusPermanentRedirect:
				loc, err := url.PathUnescape(h.Get("Location"))
				if err != nil || loc != tt.location {
					t.Fatalf("Location %q, want %q", h.Get("Location"), tt.location)
				}
				// The redirect leads to the entity.
				if code, _, body := fetch(t, f, h.Get("Location")); code != http.StatusOK {
					t.Fatalf("GET %s: %d: %.300s", h.Get("Location"), code, body)
				}
			case http.StatusMultipleChoices:
				var ch struct {
					Error      struct{ Code, Message string }
					Candidates []Candidate
				}
				if err := json.Unmarshal(body, &ch); err != nil {
					t.Fatal(err)
				}
				if ch.Error.Code != "ambiguous" || ch.Error.Message == "" {
					t.Errorf("error %+v, want code ambiguous and a message", ch.Error)
				}
				got := map[string]bool{}
				for _, c := range ch.Candidates {
					got[c.ID] = c.InGraph
					if c.InGraph != (c.Location != "") {
						t.Errorf("candidate %s: in_graph %v, location %q", c.ID, c.InGraph, c.Location)
					}
					if c.Kind == "" || c.Start == "" {
						t.Errorf("candidate %s has no kind or start", c.ID)
					}
				}
				for id, in := range tt.candidates {
					if g, ok := got[id]; !ok || g != in {
						t.Errorf("candidates %v lack %s (in_graph %v)", got, id, in)
					}
				}
			case http.StatusNotFound:
				var e apiError
				if err := json.Unmarshal(body, &e); err != nil || e.Error.Code != "not_found" {
					t.Errorf("404 body %s", body)
				}
			}
		})
	}
}

// total returns a list answer's total and its items' IDs (of items or of
// their bodies).
func total(t *testing.T, f *fixture, path string) (int, []string) {
	t.Helper()
	code, _, body := fetch(t, f, path)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d: %.300s", path, code, body)
	}
	var p struct {
		Total int
		Items []struct {
			ID   string
			Body *struct{ ID string }
		}
	}
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range p.Items {
		if it.Body != nil {
			ids = append(ids, it.Body.ID)
		} else {
			ids = append(ids, it.ID)
		}
	}
	return p.Total, ids
}

func TestFilterSynonyms(t *testing.T) {
	f := getFixture(t)
	q := url.QueryEscape
	relays := "/api/congresses/" + esc("congress:党的二十大") + "/relays?limit=1000"
	tests := []struct {
		name, path, canonical string
	}{
		{"short province name", "/api/bodies?limit=1000&province=" + q("江西"), "/api/bodies?limit=1000&province=" + q("江西省")},
		{"Traditional province name", "/api/bodies?limit=1000&province=" + q("雲南"), "/api/bodies?limit=1000&province=" + q("云南省")},
		{"县级", "/api/bodies?limit=1000&level=" + q("县级"), "/api/bodies?limit=1000&level=county"},
		{"县", "/api/bodies?limit=1000&level=" + q("县"), "/api/bodies?limit=1000&level=county"},
		{"county-level", "/api/bodies?limit=1000&level=county-level", "/api/bodies?limit=1000&level=county"},
		{"any case", "/api/bodies?limit=1000&level=County", "/api/bodies?limit=1000&level=county"},
		{"市级", "/api/bodies?limit=1000&level=" + q("市级"), "/api/bodies?limit=1000&level=city"},
		{"地市级", "/api/bodies?limit=1000&level=" + q("地市级"), "/api/bodies?limit=1000&level=city"},
		{"省级", "/api/bodies?limit=1000&level=" + q("省级"), "/api/bodies?limit=1000&level=province"},
		{"区级", "/api/bodies?limit=1000&level=" + q("区级"), "/api/bodies?limit=1000&level=district"},
		{"乡镇", "/api/bodies?limit=1000&level=" + q("乡镇"), "/api/bodies?limit=1000&level=town"},
		{"街道", "/api/bodies?limit=1000&level=" + q("街道"), "/api/bodies?limit=1000&level=town"},
		{"企业", "/api/bodies?limit=1000&level=" + q("企业"), "/api/bodies?limit=1000&level=enterprise"},
		{"产业", "/api/bodies?limit=1000&level=" + q("产业"), "/api/bodies?limit=1000&level=industry"},
		{"全国", "/api/bodies?limit=1000&level=" + q("全国"), "/api/bodies?limit=1000&level=national"},
		{"港澳", "/api/bodies?limit=1000&level=" + q("港澳"), "/api/bodies?limit=1000&level=region"},
		{"both, with a name", "/api/bodies?limit=1000&q=" + q("总工会") + "&province=" + q("江西") + "&level=" + q("县级"),
			"/api/bodies?limit=1000&q=" + q("总工会") + "&province=" + q("江西省") + "&level=county"},
		{"relays by short province and level word", relays + "&province=" + q("云南") + "&level=" + q("省级"),
			relays + "&province=" + q("云南省") + "&level=province"},
		{"relays by 市级", relays + "&level=" + q("市级"), relays + "&level=city"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ids := total(t, f, tt.path)
			want, wantIDs := total(t, f, tt.canonical)
			if want == 0 {
				t.Fatalf("GET %s: nothing; the case tests nothing", tt.canonical)
			}
			if n != want || !slices.Equal(ids, wantIDs) {
				t.Errorf("GET %s: %d %v, want %d %v as %s", tt.path, n, ids, want, wantIDs, tt.canonical)
			}
		})
	}
}

func TestFilterRefusals(t *testing.T) {
	f := getFixture(t)
	q := url.QueryEscape
	relays := "/api/congresses/" + esc("congress:党的二十大") + "/relays"
	tests := []struct {
		name, path string
		lists      string // an accepted value the message must name
	}{
		{"unknown level", "/api/bodies?level=" + q("村级"), "county"},
		{"level in English, unknown", "/api/bodies?level=village", "enterprise"},
		{"unknown province", "/api/bodies?province=" + q("火星"), "江西省"},
		{"a city is not a province", "/api/bodies?province=" + q("南昌"), "江西省"},
		{"relays, unknown level", relays + "?level=" + q("村级"), "region"},
		{"relays, unknown province", relays + "?province=" + q("火星"), "云南省"},
		{"relays, unknown format", relays + "?format=xml", "csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, body := fetch(t, f, tt.path)
			var e apiError
			if code != http.StatusBadRequest || json.Unmarshal(body, &e) != nil || e.Error.Code != "bad_request" {
				t.Fatalf("GET %s: %d %s, want 400 bad_request", tt.path, code, body)
			}
			if !strings.Contains(e.Error.Message, tt.lists) {
				t.Errorf("message %q does not list %s", e.Error.Message, tt.lists)
			}
		})
	}
}

func TestSearchConveniences(t *testing.T) {
	f := getFixture(t)
	tests := []struct {
		q string
		// want are IDs the hits must hold, with whether each is in the graph.
		want map[string]bool
		// first is the ID of the first hit, when it matters.
		first string
	}{
		{"娘家人", map[string]bool{"figurative:娘家人": true}, "figurative:娘家人"},
		{"工联会", map[string]bool{"union:香港工会联合会": true}, "union:香港工会联合会"},
		{"香港工联会", map[string]bool{"union:香港工会联合会": true}, "union:香港工会联合会"},
		{"工聯會", map[string]bool{"union:香港工会联合会": true}, "union:香港工会联合会"},
		{"十八大", map[string]bool{"congress:中国工会十八大": true, "congress:党的十八大": false}, ""},
		{"二十大", map[string]bool{"congress:党的二十大": true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			code, _, body := fetch(t, f, "/api/search?limit=200&q="+url.QueryEscape(tt.q))
			if code != http.StatusOK {
				t.Fatalf("%d %s", code, body)
			}
			var res struct{ Items []SearchHit }
			if err := json.Unmarshal(body, &res); err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, h := range res.Items {
				if _, dup := got[h.ID]; dup {
					t.Errorf("%s listed twice", h.ID)
				}
				got[h.ID] = h.InGraph
			}
			for id, in := range tt.want {
				if g, ok := got[id]; !ok || g != in {
					t.Errorf("hits %v lack %s (in_graph %v)", got, id, in)
				}
			}
			if tt.first != "" && (len(res.Items) == 0 || res.Items[0].ID != tt.first) {
				t.Errorf("first hit of %v, want %s", res.Items, tt.first)
			}
		})
	}
}

func TestSloganByMonth(t *testing.T) {
	f := getFixture(t)
	slogan := func(id string) Slogan {
		t.Helper()
		code, _, body := fetch(t, f, "/api/slogans/"+esc(id))
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", id, code, body)
		}
		var s Slogan
		if err := json.Unmarshal(body, &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		id       string
		want     []MonthCount
		unpublic bool // no article of the slogan has a publication date
	}{
		// By the relay meetings of the bodies that used it.
		{"slogan:两个维护", []MonthCount{{"2021-11", 1}, {"2021-12", 1}, {"2022-06", 1}, {"2022-10", 2}, {"2022-11", 1}, {"2023-10", 1}, {"2024-07", 2}}, true},
		// By the article's meeting: the body it is attributed to (盐城市总工会)
		// held none there.
		{"slogan:五小", []MonthCount{{"2022-10", 1}}, true},
		// The article's dates have no year (7月12日): no month is made up.
		{"slogan:送清凉", []MonthCount{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s := slogan(tt.id)
			if !slices.Equal(s.ByMonth, tt.want) {
				t.Errorf("by_month %v, want %v", s.ByMonth, tt.want)
			}
			for _, a := range s.ArticleSet {
				if tt.unpublic && a.Published != "" {
					t.Errorf("article %s is published %s: the case does not test event dates", a.ID, a.Published)
				}
			}
		})
	}
	// Over the sample: most slogans now have months (16 of 97 had before,
	// when only publication dates counted, and 5 of 26 articles have one).
	_, ids := total(t, f, "/api/slogans?limit=1000")
	with := 0
	for _, id := range ids {
		s := slogan(id)
		if len(s.ByMonth) > 0 {
			with++
			if s.First == "" || s.Last == "" || s.First > s.Last {
				t.Errorf("%s: months %v, first %q, last %q", id, s.ByMonth, s.First, s.Last)
			}
		}
	}
	if with*10 < len(ids)*8 {
		t.Errorf("%d of %d slogans have a by_month, want 80%% at least", with, len(ids))
	}
	t.Logf("%d of %d slogans have a by_month", with, len(ids))
}

func TestRelayCSV(t *testing.T) {
	f := getFixture(t)
	ershida := "/api/congresses/" + esc("congress:党的二十大") + "/relays"
	_, jsonIDs := total(t, f, ershida+"?limit=1000")
	yunnan, _ := total(t, f, ershida+"?limit=1000&province="+url.QueryEscape("云南省"))
	tests := []struct {
		name, path string
		header     []string // request headers
		rows       int
		ids        []string // body IDs of the rows, in order, when known
	}{
		{name: "format=csv", path: ershida + "?format=csv", rows: len(jsonIDs), ids: jsonIDs},
		{name: "paging does not cut the table", path: ershida + "?format=csv&limit=1", rows: len(jsonIDs), ids: jsonIDs},
		{name: "Accept: text/csv", path: ershida, header: []string{"Accept", "text/csv"}, rows: len(jsonIDs), ids: jsonIDs},
		{name: "filtered by a short province name", path: ershida + "?format=csv&province=" + url.QueryEscape("云南"), rows: yunnan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, h, body := fetch(t, f, tt.path, tt.header...)
			if code != http.StatusOK {
				t.Fatalf("%d %s", code, body)
			}
			if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(ct, "utf-8") {
				t.Errorf("Content-Type %q", ct)
			}
			if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, `filename="relays-cpc-20.csv"`) {
				t.Errorf("Content-Disposition %q", cd)
			}
			if !strings.Contains(h.Get("Vary"), "Accept") {
				t.Errorf("Vary %q, want Accept", h.Get("Vary"))
			}
			recs, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) == 0 || !slices.Equal(recs[0], relayColumns()) {
				t.Fatalf("header %v, want %v", recs[:min(1, len(recs))], relayColumns())
			}
			if len(recs)-1 != tt.rows || tt.rows == 0 {
				t.Fatalf("%d rows, want %d (and some)", len(recs)-1, tt.rows)
			}
			for i, id := range tt.ids {
				if recs[i+1][0] != id {
					t.Errorf("row %d: body %s, want %s as the JSON", i+1, recs[i+1][0], id)
				}
			}
			found := false
			for _, r := range recs[1:] {
				if r[1] == "云南省总工会" && r[4] == "2022-10-24" {
					found = true
					want := []string{"union:云南省总工会", "云南省总工会", "province", "云南省", "2022-10-24", "2"}
					if !slices.Equal(r[:6], want) || !strings.Contains(r[7], "李绍华") || !strings.Contains(r[8], "019_yunnan_ershida_long") || r[6] == "" {
						t.Errorf("row %q, want %q, a meeting, chair 李绍华 and article 019_yunnan_ershida_long", r, want)
					}
				}
			}
			if !found {
				t.Error("no row for 云南省总工会 on 2022-10-24")
			}
		})
	}
	// The cache keeps the JSON and the CSV of one URL apart.
	_, h, body := fetch(t, f, ershida)
	if !strings.HasPrefix(h.Get("Content-Type"), "application/json") || !json.Valid(body) {
		t.Errorf("without Accept: %s %.100s, want JSON", h.Get("Content-Type"), body)
	}
}

func TestAcceptsCSV(t *testing.T) {
	tests := []struct {
		accept string
		want   bool
	}{
		{"", false},
		{"text/csv", true},
		{"text/csv, application/json", true},
		{"application/json, text/csv", false},
		{"text/csv;q=0.9, application/json", false},
		{"application/json;q=0.5, text/csv", true},
		{"text/csv;q=0, */*", false},
		{"*/*", false},
		{"text/html, text/csv;q=0.8", true},
		{"text/csv;q=x", false},
	}
	for _, tt := range tests {
		if got := acceptsCSVHeader(tt.accept); got != tt.want {
			t.Errorf("Accept %q: %v, want %v", tt.accept, got, tt.want)
		}
	}
}
