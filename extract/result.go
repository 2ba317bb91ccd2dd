package extract

import (
	"sort"
	"strings"

	"github.com/unionkg/kg/calendar"
)

// registry collects entities by type and canonical name.
type registry struct {
	ents  []*Entity
	byKey map[entityKey]*Entity
	// mentioned holds each entity's mentions, so that adding one is not a
	// scan of those before (a hub named thousands of times).
	mentioned map[entityMention]bool
}

// entityKey identifies an entity by type and canonical name.
type entityKey struct{ typ, name string }

type entityMention struct {
	e  *Entity
	sp Span
}

// idPrefix is the ID prefix of each entity type; IDs are stable across
// articles and runs because they derive from canonical names only.
var idPrefix = map[string]string{
	TypeUnion: "union", TypeOrganization: "org", TypePerson: "person", TypeCongress: "congress",
	TypeMeeting: "meeting", TypeDocument: "doc", TypeSlogan: "slogan", TypePlace: "place", TypeFigurative: "figurative",
}

func (r *registry) get(typ, name string) *Entity {
	key := entityKey{typ, name}
	if e, ok := r.byKey[key]; ok {
		return e
	}
	e := &Entity{ID: idPrefix[typ] + ":" + name, Type: typ, Name: name}
	r.byKey[key] = e
	r.ents = append(r.ents, e)
	return e
}

func (e *Entity) alias(a string) {
	a = strings.TrimSpace(a)
	if a == "" || a == e.Name {
		return
	}
	for _, x := range e.Aliases {
		if x == a {
			return
		}
	}
	e.Aliases = append(e.Aliases, a)
}

// mention adds a mention to e, once.
func (r *registry) mention(e *Entity, sp Span) {
	k := entityMention{e, sp}
	if r.mentioned[k] {
		return
	}
	r.mentioned[k] = true
	e.Mentions = append(e.Mentions, sp)
}

// result assembles the Extraction.
func (d *docState) result() *Extraction {
	// Sized for what the recognisers found, as growing the maps and lists
	// was a third of assembling.
	n := len(d.bodies) + len(d.congs) + len(d.persons) + len(d.slogans) + len(d.docs) + 2*len(d.events)
	reg := &registry{byKey: make(map[entityKey]*Entity, n), mentioned: make(map[entityMention]bool, n), ents: make([]*Entity, 0, n)}
	rels := make([]Relation, 0, n)
	type relKey struct{ subject, predicate, object, title, date, via string }
	seen := make(map[relKey]bool, n)
	rel := func(r Relation) {
		k := relKey{r.Subject, r.Predicate, r.Object, r.Title, r.Date, r.Via}
		if !seen[k] {
			seen[k] = true
			rels = append(rels, r)
		}
	}
	// Bodies.
	canon := d.canonicalBodies()
	bodyEnt := func(b *bodyMention) *Entity {
		if b == nil || b.name == "" || b.generic {
			return nil
		}
		name := b.name
		if c, ok := canon[name]; ok && b.typ == TypeUnion {
			name = c
		}
		e := reg.get(b.typ, name)
		e.alias(b.name)
		if b.short == "" {
			e.alias(b.surface)
			e.alias(d.origText(b.start, b.end))
		}
		if nb, ok := d.x.lex.namedBodies[name]; ok && b.typ == TypeUnion {
			// Its other forms, so that a search by any of them finds it.
			e.Level = nb.Level
			for _, a := range nb.Aliases {
				e.alias(a)
			}
		}
		if e.Level == "" {
			e.Level = b.level
		}
		if b.div != nil && e.Place == "" {
			e.Place = b.div.Code
		}
		reg.mention(e, d.mention(b.start, b.end))
		return e
	}
	for k := 0; k < len(d.bodies) && d.live(); k++ {
		bodyEnt(&d.bodies[k])
	}
	// Congresses.
	congEnt := func(c *congressMention) *Entity {
		e := reg.get(TypeCongress, c.name)
		e.Kind, e.Ordinal, e.Plenum = c.kind, c.ordinal, c.plenum
		if c.surface != c.name {
			e.alias(c.surface)
		}
		if o := d.origText(c.start, c.end); o != c.surface && !strings.Contains(o, "、") {
			e.alias(o)
		}
		for _, a := range c.aliases {
			e.alias(a)
		}
		if c.cal != nil {
			for _, a := range c.cal.Aliases {
				e.alias(a)
			}
			e.Date, e.End = c.cal.Start.Format(calendar.DateLayout), c.cal.End.Format(calendar.DateLayout)
		} else if c.date.Year != 0 {
			e.Date = c.date.String()
			if c.endDate.valid() {
				end := c.endDate
				if end.Year == 0 {
					end.Year = c.date.Year
				}
				e.End = end.String()
			}
		}
		if c.div != nil {
			e.Place = c.div.Code
		}
		reg.mention(e, d.mention(c.start, c.end))
		return e
	}
	for k := range d.congs {
		c := &d.congs[k]
		if !c.counted() {
			continue
		}
		congEnt(c)
	}
	// Persons and positions.
	for k := 0; k < len(d.persons) && d.live(); k++ {
		p := &d.persons[k]
		e := reg.get(TypePerson, p.name)
		reg.mention(e, d.mention(p.start, p.end))
		if o := d.origText(p.start, p.end); o != p.name {
			e.alias(o)
		}
		if p.byline != "" {
			rel(Relation{Subject: e.ID, Predicate: PredAuthored, Object: "article:" + d.doc.ID, Title: p.byline, Evidence: d.evidence(d.sentenceAt(p.start))})
			if !contains(d.doc.Authors, p.name) {
				d.doc.Authors = append(d.doc.Authors, p.name)
			}
		}
	}
	for _, pos := range d.positions() {
		r := Relation{Subject: "person:" + pos.person, Predicate: PredHoldsPosition, Title: pos.title, Evidence: d.evidence(pos.sent)}
		if o := bodyEnt(pos.body); o != nil {
			r.Object = o.ID
		}
		rel(r)
	}
	// Documents.
	for k := range d.docs {
		m := &d.docs[k]
		e := reg.get(TypeDocument, m.title)
		reg.mention(e, d.mention(m.start, m.end))
		if m.number != "" {
			e.Number = m.number
		}
		if m.date.valid() && m.date.Year != 0 {
			e.Date = m.date.String()
		}
		if b := bodyEnt(m.issuer); b != nil {
			rel(Relation{Subject: b.ID, Predicate: PredIssued, Object: e.ID, Evidence: d.evidence(m.evidence)})
		}
	}
	// Slogans.
	for _, sl := range d.slogans {
		typ := TypeSlogan
		if sl.figurative {
			typ = TypeFigurative
		}
		e := reg.get(typ, sl.name)
		reg.mention(e, d.mention(sl.start, sl.end))
		if o := d.origText(sl.start, sl.end); normalizeSlogan(o) != sl.name {
			e.alias(o)
		}
	}
	// Events, and where each body acts: a slogan is attributed to the
	// body whose event precedes it.
	type acting struct {
		start int // in the original text
		body  string
	}
	var actors []acting
	for k := 0; k < len(d.events) && d.live(); k++ {
		ev := &d.events[k]
		holder := bodyEnt(ev.holder)
		if holder == nil {
			continue
		}
		ds := ev.date.String()
		if !ev.date.valid() {
			ds = ""
		}
		actors = append(actors, acting{start: d.mention(ev.sent.start, ev.sent.end).Start, body: holder.ID})
		var via *Entity
		if ev.doc != nil {
			via = reg.get(TypeDocument, ev.doc.title)
			if ds == "" && ev.doc.date.valid() {
				ds = ev.doc.date.String()
			}
		} else {
			name := ev.holder.name + ev.kind
			if ds != "" {
				name = ds + " " + name
			}
			via = reg.get(TypeMeeting, name)
			if via.Kind == "" {
				// A new meeting. The same holder, kind and date again is
				// the same meeting named twice: it keeps its first ID, so
				// no relation points at an ID that no entity has.
				via.ID = "meeting:" + d.doc.ID + ":" + itoa(k)
			}
			via.Kind, via.Date = ev.kind, ds
			reg.mention(via, d.mention(ev.sent.start, ev.sent.end))
			for _, sp := range ev.also {
				reg.mention(via, d.mention(sp.start, sp.end))
			}
			rel(Relation{Subject: holder.ID, Predicate: PredHeld, Object: via.ID, Date: ds, Evidence: d.evidence(ev.sent)})
			for _, p := range ev.chairs {
				rel(Relation{Subject: "person:" + p.name, Predicate: PredChaired, Object: via.ID, Evidence: d.evidence(d.sentenceAt(p.start))})
			}
			for _, p := range ev.speakers {
				rel(Relation{Subject: "person:" + p.name, Predicate: PredSpokeAt, Object: via.ID, Evidence: d.evidence(d.sentenceAt(p.start))})
			}
		}
		for _, c := range ev.congs {
			if spiritOnly(c.kind) && !c.spirit {
				continue
			}
			ce := congEnt(c)
			rel(Relation{Subject: via.ID, Predicate: PredRelays, Object: ce.ID, Evidence: d.evidence(ev.sent)})
			if ev.product {
				continue
			}
			rel(Relation{Subject: holder.ID, Predicate: PredRelayed, Object: ce.ID, Date: ds, DateBasis: ev.dateBasis, Via: via.ID, Evidence: d.evidence(ev.sent)})
		}
	}
	// Slogans: used by the body acting where they are quoted (the last
	// event before, else the first after), once per body and slogan.
	if len(actors) > 0 {
		sort.SliceStable(actors, func(i, j int) bool { return actors[i].start < actors[j].start })
		type used struct{ who, slogan string }
		seen := map[used]bool{}
		// Mentions are in runes of the original; evidence carries its text.
		for _, e := range reg.ents {
			if e.Type != TypeSlogan {
				continue
			}
			for _, m := range e.Mentions {
				who := actors[0].body
				if k := sort.Search(len(actors), func(k int) bool { return actors[k].start > m.Start }) - 1; k >= 0 {
					who = actors[k].body
				}
				if k := (used{who, e.ID}); !seen[k] {
					seen[k] = true
					ev := m
					ev.Text = d.txt.OrigText(ev.Start, ev.End)
					rel(Relation{Subject: who, Predicate: PredMentions, Object: e.ID, Evidence: &ev})
				}
			}
		}
	}
	// Places: where each body is.
	for _, e := range reg.ents {
		if (e.Type == TypeUnion || e.Type == TypeOrganization) && e.Place != "" {
			if div, ok := d.x.gaz.ByCode(e.Place); ok {
				p := reg.get(TypePlace, div.Name)
				p.Place, p.Level = div.Code, div.Level.String()
				rel(Relation{Subject: e.ID, Predicate: PredLocatedIn, Object: p.ID})
			}
		}
	}
	if d.province != nil {
		p := reg.get(TypePlace, d.province.Name)
		p.Place, p.Level = d.province.Code, d.province.Level.String()
	}
	out := &Extraction{Document: d.doc, Relations: rels, Entities: make([]Entity, 0, len(reg.ents))}
	for _, e := range reg.ents {
		sort.Slice(e.Mentions, func(i, j int) bool { return e.Mentions[i].Start < e.Mentions[j].Start })
		out.Entities = append(out.Entities, *e)
	}
	if out.Relations == nil {
		out.Relations = []Relation{}
	}
	if out.Entities == nil {
		out.Entities = []Entity{}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// position is one (person, title, body) the text states.
type position struct {
	person, title string
	body          *bodyMention
	sent          span
}

// positions lists the titles of each person, dropping a title that is the
// tail of a more specific one the same person holds (书记 beside 市委书记).
func (d *docState) positions() []position {
	var all []position
	for k := range d.persons {
		p := &d.persons[k]
		for _, t := range p.titles {
			b := t.body
			if b != nil && (b.name == "" || b.generic) {
				b = nil
			}
			all = append(all, position{person: p.name, title: t.title, body: b, sent: d.sentenceAt(p.start)})
		}
	}
	// Only a person's own titles bear on each other, and only as distinct
	// titles: those of each person, and those stated with a body.
	titles := map[string]map[string]bool{}   // person → titles
	withBody := map[string]map[string]bool{} // person → titles stated with a body
	for _, a := range all {
		if titles[a.person] == nil {
			titles[a.person], withBody[a.person] = map[string]bool{}, map[string]bool{}
		}
		titles[a.person][a.title] = true
		if a.body != nil {
			withBody[a.person][a.title] = true
		}
	}
	var out []position
	for _, a := range all {
		// A title that another of the person's titles ends with (主席
		// beside 副主席) is dropped: the longer says more.
		drop := a.body == nil && withBody[a.person][a.title]
		for t := range titles[a.person] {
			if drop {
				break
			}
			drop = t != a.title && strings.HasSuffix(t, a.title)
		}
		if !drop {
			out = append(out, a)
		}
	}
	return out
}
