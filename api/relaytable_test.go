package api

import (
	"bufio"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestSampleRelayTable checks the relays of every congress on the sample
// graph against a table checked by hand (testdata/sample_relays.tsv): one
// relay per real event, with its date, meeting, chairs and articles, and
// each congress's counts of relays and bodies those of the table.
func TestSampleRelayTable(t *testing.T) {
	f := getFixture(t)
	want := readRelayTable(t, "testdata/sample_relays.tsv")

	code, body, _ := do(t, f, "GET", "/api/congresses?limit=1000", "", "", "")
	if code != 200 {
		t.Fatalf("congresses: status %d", code)
	}
	var got []string
	counts := map[string][2]int{} // congress name: relays, bodies
	for _, it := range body["items"].([]any) {
		c := it.(map[string]any)
		name := c["name"].(string)
		counts[name] = [2]int{int(c["relays"].(float64)), int(c["bodies"].(float64))}
		if counts[name][0] == 0 {
			continue
		}
		code, rb, _ := do(t, f, "GET", "/api/congresses/"+url.PathEscape(c["id"].(string))+"/relays", "", "", "")
		if code != 200 {
			t.Fatalf("relays of %s: status %d", name, code)
		}
		for _, ri := range rb["items"].([]any) {
			r := ri.(map[string]any)
			kind := ""
			if via, ok := r["via"].(map[string]any); ok {
				kind, _ = via["kind"].(string)
			}
			date, _ := r["date"].(string)
			var chairs, arts []string
			for _, p := range r["chairs"].([]any) {
				chairs = append(chairs, p.(map[string]any)["name"].(string))
			}
			for _, a := range r["articles"].([]any) {
				arts = append(arts, a.(map[string]any)["id"].(string))
			}
			sort.Strings(chairs)
			sort.Strings(arts)
			got = append(got, strings.Join([]string{name, r["body"].(map[string]any)["name"].(string), date, kind,
				strings.Join(chairs, ","), strings.Join(arts, ",")}, "\t"))
		}
	}
	sort.Strings(got)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing relay %q", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("unexpected relay %q", g)
		}
	}
	// Counts are of events and of distinct bodies.
	relays, bodies := map[string]int{}, map[string]map[string]bool{}
	for _, w := range want {
		fs := strings.Split(w, "\t")
		relays[fs[0]]++
		if bodies[fs[0]] == nil {
			bodies[fs[0]] = map[string]bool{}
		}
		bodies[fs[0]][fs[1]] = true
	}
	for name, n := range relays {
		if c := counts[name]; c[0] != n || c[1] != len(bodies[name]) {
			t.Errorf("%s: %d relays by %d bodies, want %d by %d", name, c[0], c[1], n, len(bodies[name]))
		}
	}
}

// readRelayTable reads the tab-separated rows of a relay table, comments
// left out.
func readRelayTable(t *testing.T, path string) []string {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var rows []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			// Six columns, trailing empty ones included.
			for strings.Count(l, "\t") < 5 {
				l += "\t"
			}
			rows = append(rows, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(rows)
	return rows
}
