// Package graph maps extractions onto quads of the knowledge graph: every
// entity becomes a node with a stable IRI, every relation an edge, and every
// quad carries the IRI of the article it came from as its label, so that any
// fact can be traced to its source.
package graph

import (
	"fmt"
	"io"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/unionkg/kg/extract"
)

// Vocabulary. Node IRIs are "kg:" followed by the entity ID (kg:union:…,
// kg:congress:…); predicates are "kg:" followed by the predicate name.
const (
	ns             = "kg:"
	rdfType        = quad.IRI("rdf:type")
	predName       = quad.IRI(ns + "name")
	predAlias      = quad.IRI(ns + "alias")
	predDate       = quad.IRI(ns + "date")
	predLevel      = quad.IRI(ns + "level")
	predPlace      = quad.IRI(ns + "placeCode")
	predKind       = quad.IRI(ns + "kind")
	predNum        = quad.IRI(ns + "number")
	predTitle      = quad.IRI(ns + "title")
	predReportedIn = quad.IRI(ns + "reportedIn")
	predPublished  = quad.IRI(ns + "published")
	predHash       = quad.IRI(ns + "contentHash")
	predSource     = quad.IRI(ns + "source")
	predExtractor  = quad.IRI(ns + "extractorVersion")
)

// EntityIRI is the node IRI of an entity ID.
func EntityIRI(id string) quad.IRI { return quad.IRI(ns + id) }

// ArticleIRI is the node IRI of an article, also the label of its quads.
func ArticleIRI(id string) quad.IRI { return quad.IRI(ns + "article:" + id) }

// Quads returns the quads of one extraction, all labelled with its article.
func Quads(ex *extract.Extraction) []quad.Quad {
	art := ArticleIRI(ex.Document.ID)
	var qs []quad.Quad
	add := func(s quad.Value, p quad.IRI, o quad.Value) {
		qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: art})
	}
	add(art, rdfType, quad.IRI(ns+"Article"))
	if ex.Document.Title != "" {
		add(art, predName, quad.String(ex.Document.Title))
	}
	if t, ok := parseDate(ex.Document.Published); ok {
		add(art, predPublished, quad.Time(t))
	}
	add(art, predHash, quad.String(ex.Document.Hash))
	add(art, predExtractor, quad.String(ex.Document.Extractor))
	if ex.Document.Source != "" {
		add(art, predSource, quad.String(ex.Document.Source))
	}
	for _, e := range ex.Entities {
		n := EntityIRI(e.ID)
		add(n, rdfType, quad.IRI(ns+e.Type))
		add(n, predName, quad.String(e.Name))
		for _, a := range e.Aliases {
			add(n, predAlias, quad.String(a))
		}
		if t, ok := parseDate(e.Date); ok {
			add(n, predDate, quad.Time(t))
		} else if e.Date != "" {
			add(n, predDate, quad.String(e.Date))
		}
		if e.Level != "" {
			add(n, predLevel, quad.String(e.Level))
		}
		if e.Place != "" {
			add(n, predPlace, quad.String(e.Place))
		}
		if e.Kind != "" {
			add(n, predKind, quad.String(e.Kind))
		}
		if e.Number != "" {
			add(n, predNum, quad.String(e.Number))
		}
		add(n, predReportedIn, art)
	}
	for _, r := range ex.Relations {
		if r.Object == "" {
			if r.Title != "" {
				add(EntityIRI(r.Subject), predTitle, quad.String(r.Title))
			}
			continue
		}
		add(EntityIRI(r.Subject), quad.IRI(ns+r.Predicate), EntityIRI(r.Object))
	}
	return qs
}

func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// WriteNQuads writes quads in N-Quads.
func WriteNQuads(w io.Writer, qs []quad.Quad) error {
	qw := nquads.NewWriter(w)
	for _, q := range qs {
		if err := qw.WriteQuad(q); err != nil {
			return fmt.Errorf("write n-quads: %w", err)
		}
	}
	return qw.Close()
}
