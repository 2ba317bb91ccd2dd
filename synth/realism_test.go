package synth

import (
	"context"
	"slices"
	"testing"

	"github.com/unionkg/kg/extract"
)

// TestExtractorFindsRelays runs the project's extractor over a sample of
// generated articles: a corpus the extractor cannot read would benchmark
// the wrong code paths. It must find a relay in most articles that have
// one, credit it to a body the generator made relay it, and find none in
// articles about other union activities.
func TestExtractorFindsRelays(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the extractor's dictionaries")
	}
	ctx := context.Background()
	x, err := extract.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	g := newGen(t, Config{Seed: 1, Articles: 200})
	type tally struct{ articles, found, right int }
	byKind := map[string]*tally{}
	var relays, found, right, activities, falseRelays, persons, personsFound int
	for a := range g.All() {
		ex, err := x.Extract(ctx, extract.Input{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, Text: a.Text})
		if err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		holders := map[string]bool{}
		for _, r := range ex.Relations {
			if r.Predicate == extract.PredHoldsPosition {
				holders[r.Subject] = true
			}
		}
		for _, p := range a.Truth.Persons {
			persons++
			if holders["person:"+p.Name] {
				personsFound++
			}
		}
		any, ok := false, false
		for _, r := range ex.Relations {
			if r.Predicate != extract.PredRelayed {
				continue
			}
			any = true
			if slices.Contains(a.Truth.Bodies, trimPrefix(r.Subject, "union:")) && r.Object == "congress:"+congressName(g, a.Truth.Congress) {
				ok = true
			}
		}
		if !a.Truth.Relays() {
			activities++
			if any {
				falseRelays++
				t.Logf("%s: relay found in an activity report", a.ID)
			}
			continue
		}
		k := byKind[a.Truth.Kind]
		if k == nil {
			k = &tally{}
			byKind[a.Truth.Kind] = k
		}
		k.articles++
		relays++
		if any {
			found++
			k.found++
		} else {
			t.Logf("%s (%s): no relay found", a.ID, a.Truth.Kind)
		}
		if ok {
			right++
			k.right++
		}
	}
	for kind, k := range byKind {
		t.Logf("%-11s %3d articles, relay found in %3d, with the right body and congress in %3d", kind, k.articles, k.found, k.right)
	}
	t.Logf("relay recall %d/%d = %.1f%%, right body and congress %d/%d = %.1f%%; relays in activity reports %d/%d",
		found, relays, pct(found, relays), right, relays, pct(right, relays), falseRelays, activities)
	// Officials are not asserted on: reported for tuning the templates.
	t.Logf("officials found holding a position: %d/%d = %.1f%%", personsFound, persons, pct(personsFound, persons))
	if pct(found, relays) < 85 {
		t.Errorf("extractor found a relay in %.1f%% of relay articles, want at least 85%%", pct(found, relays))
	}
	if pct(right, relays) < 75 {
		t.Errorf("extractor credited the right body and congress in %.1f%% of relay articles, want at least 75%%", pct(right, relays))
	}
	if falseRelays*10 > activities {
		t.Errorf("extractor found relays in %d of %d activity reports", falseRelays, activities)
	}
}

func pct(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}

func trimPrefix(s, p string) string {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

// congressName returns the canonical name of the congress with the given ID.
func congressName(g *Generator, id string) string {
	for _, c := range g.w.congresses.items {
		if c.ID == id {
			return c.Name
		}
	}
	return ""
}
