package graph

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/gazetteer"
)

// Builder turns extractions into quads. It is safe for concurrent use.
type Builder struct {
	gaz *gazetteer.Gazetteer
}

// NewBuilder returns a Builder that places bodies in the union hierarchy
// with the gazetteer.
func NewBuilder(gaz *gazetteer.Gazetteer) *Builder { return &Builder{gaz: gaz} }

// Quads returns the quads of one extraction, all labelled with its article,
// without duplicates, in a deterministic order. text is the article's
// original text, stored on the Article node so that evidence spans can be
// shown; it may be empty.
func (b *Builder) Quads(ex *extract.Extraction, text string) []quad.Quad {
	q := &quadSet{label: ArticleIRI(ex.Document.ID), seen: make(map[[3]string]bool)}
	ids := b.resolve(ex)
	b.article(q, ex, text)
	for _, e := range ex.Entities {
		b.entity(q, ids, &ex.Document, &e)
	}
	b.relations(q, ids, ex)
	return q.quads
}

// quadSet collects an article's quads, dropping repeats.
type quadSet struct {
	label quad.IRI
	seen  map[[3]string]bool
	quads []quad.Quad
}

func (q *quadSet) add(s quad.Value, p quad.IRI, o quad.Value) {
	k := [3]string{quad.ToString(s), string(p), quad.ToString(o)}
	if q.seen[k] {
		return
	}
	q.seen[k] = true
	q.quads = append(q.quads, quad.Quad{Subject: s, Predicate: p, Object: o, Label: q.label})
}

func (q *quadSet) str(s quad.Value, p quad.IRI, v string) {
	if v != "" {
		q.add(s, p, quad.String(v))
	}
}

// date adds a date literal: a quad.Time when it is a full date, the string
// ("--07-25") when the year is unknown.
func (q *quadSet) date(s quad.Value, p quad.IRI, v string) {
	if v == "" {
		return
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		q.add(s, p, quad.Time(t))
		return
	}
	q.add(s, p, quad.String(v))
}

func (b *Builder) article(q *quadSet, ex *extract.Extraction, text string) {
	d := &ex.Document
	art := q.label
	q.add(art, PredType, TypeArticle)
	q.str(art, PredName, d.Title)
	q.date(art, PredPublished, d.Published)
	q.str(art, PredHash, d.Hash)
	q.str(art, PredMetaHash, d.MetaHash)
	q.str(art, PredExtractor, d.Extractor)
	q.str(art, PredSource, d.Source)
	q.str(art, PredURL, d.URL)
	q.str(art, PredOutlet, d.Outlet)
	q.str(art, PredProvince, d.Province)
	q.str(art, PredScript, d.Script)
	q.str(art, PredText, text)
}

// resolve maps the extraction's entity IDs to node IRIs.
func (b *Builder) resolve(ex *extract.Extraction) map[string]quad.IRI {
	ids := make(map[string]quad.IRI, len(ex.Entities))
	byID := make(map[string]*extract.Entity, len(ex.Entities))
	for i := range ex.Entities {
		e := &ex.Entities[i]
		byID[e.ID] = e
		switch e.Type {
		case extract.TypePlace:
			if e.Place != "" {
				ids[e.ID] = PlaceIRI(e.Place)
				continue
			}
		case extract.TypeUnion, extract.TypeOrganization:
			ids[e.ID] = b.bodyIRI(e.ID, e.Place)
			continue
		case extract.TypeMeeting:
			// Meeting IDs embed the article ID, which may need escaping.
			if rest, ok := strings.CutPrefix(e.ID, "meeting:"+ex.Document.ID+":"); ok {
				ids[e.ID] = quad.IRI(Namespace + "meeting:" + escapeKey(ex.Document.ID) + ":" + rest)
				continue
			}
		}
		ids[e.ID] = quad.IRI(Namespace + escapeKey(e.ID))
	}
	// A dated meeting is keyed by its holder and date, not by the
	// article, so that two reports of one meeting are one node with two
	// supporting articles (one body holds one relay meeting a day).
	for _, r := range ex.Relations {
		m := byID[r.Object]
		if r.Predicate != extract.PredHeld || m == nil || m.Type != extract.TypeMeeting || len(m.Date) != len("2006-01-02") {
			continue
		}
		if h, ok := ids[r.Subject]; ok {
			ids[m.ID] = quad.IRI(Namespace + "meeting:" + m.Date + ":" + strings.TrimPrefix(string(h), Namespace))
		}
	}
	// Persons: scoped by the province of their first body, else the
	// article's (see the package documentation).
	artScope := "xx"
	if ex.Document.Province != "" {
		for _, d := range b.gaz.Lookup(ex.Document.Province) {
			if d.Level == gazetteer.Province {
				artScope = d.Code[:2]
				break
			}
		}
	}
	scope := make(map[string]string)
	for _, r := range ex.Relations {
		if r.Predicate != extract.PredHoldsPosition || r.Object == "" || scope[r.Subject] != "" {
			continue
		}
		if body := byID[r.Object]; body != nil {
			switch {
			case body.Level == "national":
				scope[r.Subject] = "cn"
			case len(body.Place) >= 2:
				scope[r.Subject] = body.Place[:2]
			}
		}
	}
	for _, e := range ex.Entities {
		if e.Type != extract.TypePerson {
			continue
		}
		s := scope[e.ID]
		if s == "" {
			s = artScope
		}
		ids[e.ID] = quad.IRI(Namespace + "person:" + s + ":" + escapeKey(e.Name))
	}
	return ids
}

// bodyIRI is the IRI of a body: by name, with the division code appended
// when the name of the body's division is shared by another division
// (朝阳区 of 北京市 and of 长春市), so that the two stay two nodes.
func (b *Builder) bodyIRI(id, code string) quad.IRI {
	iri := Namespace + escapeKey(id)
	if code != "" {
		if div, ok := b.gaz.ByCode(code); ok && b.ambiguous(div.Name) && strings.Contains(id, div.Name) {
			iri += "@" + code
		}
	}
	return quad.IRI(iri)
}

// ambiguous reports whether several divisions have this full name.
func (b *Builder) ambiguous(name string) bool {
	n := 0
	for _, d := range b.gaz.Lookup(name) {
		if d.Name == name {
			n++
		}
	}
	return n > 1
}

func (b *Builder) entity(q *quadSet, ids map[string]quad.IRI, doc *extract.Document, e *extract.Entity) {
	n := ids[e.ID]
	q.add(n, PredType, entityType(e.Type))
	q.str(n, PredName, e.Name)
	for _, a := range e.Aliases {
		q.str(n, PredAlias, a)
	}
	q.date(n, PredDate, e.Date)
	q.date(n, PredEnd, e.End)
	q.str(n, PredLevel, e.Level)
	q.str(n, PredPlaceCode, e.Place)
	q.str(n, PredKind, e.Kind)
	q.str(n, PredNumber, e.Number)
	if e.Ordinal != 0 {
		q.add(n, PredOrdinal, quad.Int(e.Ordinal))
	}
	if e.Plenum != 0 {
		q.add(n, PredPlenum, quad.Int(e.Plenum))
	}
	if e.Type != extract.TypePlace {
		q.add(n, PredReportedIn, q.label)
	}
	if len(e.Mentions) > 0 {
		spans := make([]string, len(e.Mentions))
		for i, m := range e.Mentions {
			spans[i] = spanString(m)
		}
		q.str(n, PredMentionSpans, strings.Join(spans, ","))
	}
	switch e.Type {
	case extract.TypeUnion:
		b.hierarchy(q, n, e.Level, e.Place)
	case extract.TypePlace:
		if e.Place != "" {
			b.placeChain(q, e.Place)
		}
	}
}

// entityType is the node type of an extracted entity type.
func entityType(t string) quad.IRI {
	if t == extract.TypeOrganization {
		return TypeOrg
	}
	return quad.IRI(Namespace + t)
}

// hierarchy places a union: in its division of the gazetteer, and, for
// territorial federations (a county's 总工会 is part of its city's, which is
// part of its province's, which is part of 中华全国总工会), in the chain of
// federations above it. The gazetteer says nothing of the parents of
// enterprise and industry unions or of the federations of Hong Kong and
// Macau: they get none here, except the national industry unions, which
// are part of 中华全国总工会.
func (b *Builder) hierarchy(q *quadSet, n quad.IRI, level, code string) {
	if n == ACFTU {
		return
	}
	div, ok := b.gaz.ByCode(code)
	if ok {
		q.add(n, PredLocatedIn, PlaceIRI(div.Code))
		b.placeChain(q, div.Code)
	}
	switch level {
	case "industry":
		if !ok {
			b.federation(q, ACFTU, "中华全国总工会", "national", "")
			q.add(n, PredPartOf, ACFTU)
		}
		return
	case "enterprise", "region":
		return
	}
	if !ok || separateSystem(div.Code) {
		return
	}
	if fed := b.federationIRI(div); fed != n {
		b.federation(q, fed, div.Name+"总工会", div.Kind(), div.Code)
		q.add(n, PredPartOf, fed)
		return
	}
	parent, ok := b.gaz.Parent(div)
	if !ok {
		b.federation(q, ACFTU, "中华全国总工会", "national", "")
		q.add(n, PredPartOf, ACFTU)
		return
	}
	fed := b.federationIRI(parent)
	b.federation(q, fed, parent.Name+"总工会", parent.Kind(), parent.Code)
	q.add(n, PredPartOf, fed)
	b.hierarchy(q, fed, parent.Kind(), parent.Code)
}

// separateSystem reports whether a division lies in Taiwan, Hong Kong or
// Macau, whose union federations are not part of 中华全国总工会: no 总工会
// is invented for them.
func separateSystem(code string) bool {
	return strings.HasPrefix(code, "71") || strings.HasPrefix(code, "81") || strings.HasPrefix(code, "82")
}

// federationIRI is the IRI of the 总工会 of a division.
func (b *Builder) federationIRI(div gazetteer.Division) quad.IRI {
	return b.bodyIRI("union:"+div.Name+"总工会", div.Code)
}

// federation adds the naming quads of a federation the hierarchy passes
// through, which the article may not name itself.
func (b *Builder) federation(q *quadSet, n quad.IRI, name, level, code string) {
	q.add(n, PredType, TypeUnion)
	q.str(n, PredName, name)
	q.str(n, PredLevel, level)
	q.str(n, PredPlaceCode, code)
	if code != "" {
		q.add(n, PredLocatedIn, PlaceIRI(code))
	}
}

// placeChain adds a place and the places above it.
func (b *Builder) placeChain(q *quadSet, code string) {
	div, ok := b.gaz.ByCode(code)
	for ok {
		n := PlaceIRI(div.Code)
		q.add(n, PredType, TypePlace)
		q.str(n, PredName, div.Name)
		q.str(n, PredLevel, div.Kind())
		q.str(n, PredPlaceCode, div.Code)
		var parent gazetteer.Division
		parent, ok = b.gaz.Parent(div)
		if ok {
			q.add(n, PredPartOf, PlaceIRI(parent.Code))
		}
		div = parent
	}
}

func (b *Builder) relations(q *quadSet, ids map[string]quad.IRI, ex *extract.Extraction) {
	node := func(id string) quad.IRI {
		if n, ok := ids[id]; ok {
			return n
		}
		return quad.IRI(Namespace + escapeKey(id))
	}
	art := q.label
	observed := ex.Document.Published
	for i, r := range ex.Relations {
		s := node(r.Subject)
		var o quad.IRI
		p := PredicateIRI(r.Predicate)
		switch r.Predicate {
		case extract.PredHoldsPosition:
			o = positionIRI(s, r.Object, ids, r.Title)
			q.add(o, PredType, TypePosition)
			q.str(o, PredTitle, r.Title)
			q.str(o, PredName, r.Title)
			if r.Object != "" {
				q.add(o, PredOrg, node(r.Object))
			}
			q.date(o, PredDate, observed)
		case extract.PredAuthored:
			o = art
			q.str(s, PredBylineRole, r.Title)
		default:
			if r.Object == "" {
				continue
			}
			o = node(r.Object)
		}
		q.add(s, p, o)
		if r.Evidence == nil {
			continue
		}
		ev := quad.IRI(Namespace + "evidence:" + escapeKey(ex.Document.ID) + ":" + strconv.Itoa(i))
		q.add(ev, PredType, TypeEvidence)
		q.add(ev, PredSubject, s)
		q.add(ev, PredPredicate, p)
		q.add(ev, PredObject, o)
		q.str(ev, PredSpan, spanString(*r.Evidence))
		q.date(ev, PredDate, r.Date)
		if r.Via != "" {
			q.add(ev, PredVia, node(r.Via))
		}
	}
}

// positionIRI keys a position by person, body and title.
func positionIRI(person quad.IRI, org string, ids map[string]quad.IRI, title string) quad.IRI {
	orgKey := ""
	if n, ok := ids[org]; ok {
		orgKey = Local(n)
	} else if org != "" {
		orgKey = escapeKey(org)
	}
	who := strings.TrimPrefix(Local(person), "person:")
	return quad.IRI(Namespace + "position:" + who + "|" + orgKey + "|" + escapeKey(title))
}

func spanString(s extract.Span) string {
	return strconv.Itoa(s.Start) + "-" + strconv.Itoa(s.End)
}

// ParseSpan parses a kg:span or kg:mentionSpans element ("12-30").
func ParseSpan(s string) (start, end int, err error) {
	a, bs, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("span %q: want start-end", s)
	}
	if start, err = strconv.Atoi(a); err == nil {
		end, err = strconv.Atoi(bs)
	}
	if err != nil || start < 0 || end < start {
		return 0, 0, fmt.Errorf("span %q: want start-end with 0 <= start <= end", s)
	}
	return start, end, nil
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
