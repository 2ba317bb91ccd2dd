package extract_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/unionkg/kg/extract"
)

// goldFile is the part of a gold annotation this test reads (the format of
// the shared evaluation set).
type goldFile struct {
	Doc     string `json:"doc"`
	Unions  []goldEntity
	Persons []goldEntity
	Relayed []struct {
		Body, Congress, Date string
		Optional             bool
	}
	Congresses    []goldEntity
	Organizations []goldEntity
}

type goldEntity struct {
	Name     string
	Aliases  []string
	Optional bool
}

func key(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune("《》“”\"' \t\n", r) {
			return -1
		}
		return r
	}, s)
}

// TestAccuracyOwnArticles runs the extractor over the project's own test
// articles (data/sample, written for this purpose and kept apart from
// the shared dev set) and checks relays and unions against their gold. The
// thresholds are the levels reached; raise them as the extractor improves.
func TestAccuracyOwnArticles(t *testing.T) {
	x, err := extract.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	golds, _ := filepath.Glob("../testdata/gold/*.json")
	if len(golds) < 12 {
		t.Fatalf("want at least 12 gold files, found %d", len(golds))
	}
	var relTP, relFP, relFN, uniTP, uniFN int
	for _, gf := range golds {
		b, err := os.ReadFile(gf)
		if err != nil {
			t.Fatal(err)
		}
		var g goldFile
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatalf("%s: %v", gf, err)
		}
		text, err := os.ReadFile(filepath.Join("../data/sample", g.Doc))
		if err != nil {
			t.Fatal(err)
		}
		ex, err := x.Extract(context.Background(), extract.Input{ID: g.Doc, Text: string(text)})
		if err != nil {
			t.Fatalf("%s: %v", g.Doc, err)
		}
		// Canonical gold name of every key an entity may carry.
		canon := map[string]string{}
		for _, list := range [][]goldEntity{g.Unions, g.Persons, g.Congresses, g.Organizations} {
			for _, e := range list {
				canon[key(e.Name)] = key(e.Name)
				for _, a := range e.Aliases {
					canon[key(a)] = key(e.Name)
				}
			}
		}
		names := map[string]string{}
		for _, e := range ex.Entities {
			n := "?" + key(e.Name)
			for _, k := range append([]string{e.Name}, e.Aliases...) {
				if c, ok := canon[key(k)]; ok {
					n = c
					break
				}
			}
			names[e.ID] = n
		}
		got := map[[2]string]bool{}
		for _, r := range ex.Relations {
			if r.Predicate == extract.PredRelayed {
				got[[2]string{names[r.Subject], names[r.Object]}] = true
			}
		}
		want, optional := map[[2]string]bool{}, map[[2]string]bool{}
		for _, r := range g.Relayed {
			p := [2]string{key(r.Body), key(r.Congress)}
			if r.Optional {
				optional[p] = true
			} else {
				want[p] = true
			}
		}
		for p := range want {
			if got[p] {
				relTP++
			} else {
				relFN++
				t.Logf("%s: missed relay %v", g.Doc, p)
			}
		}
		for p := range got {
			if !want[p] && !optional[p] {
				relFP++
				t.Logf("%s: false relay %v", g.Doc, p)
			}
		}
		have := map[string]bool{}
		for _, e := range ex.Entities {
			if e.Type == extract.TypeUnion {
				have[names[e.ID]] = true
			}
		}
		for _, u := range g.Unions {
			if u.Optional {
				continue
			}
			if have[key(u.Name)] {
				uniTP++
			} else {
				uniFN++
				t.Logf("%s: missed union %s", g.Doc, u.Name)
			}
		}
	}
	p := float64(relTP) / float64(max(1, relTP+relFP))
	r := float64(relTP) / float64(max(1, relTP+relFN))
	f1 := 2 * p * r / max(p+r, 1e-9)
	ur := float64(uniTP) / float64(max(1, uniTP+uniFN))
	t.Logf("relayed P=%.3f R=%.3f F1=%.3f; union recall %.3f", p, r, f1, ur)
	if f1 < 0.94 {
		t.Errorf("relayed F1 = %.3f, want >= 0.94", f1)
	}
	if ur < 0.97 {
		t.Errorf("union recall = %.3f, want >= 0.97", ur)
	}
}
