package api

import (
	"path"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	kg "github.com/unionkg/kg/graph"
)

// ArticleSummary is an article in a list.
type ArticleSummary struct {
	ArticleRef
	Source string `json:"source,omitempty"`
	URL    string `json:"url,omitempty"`
}

func (s *Server) articleList(c *gin.Context, r *reader) (any, error) {
	var all []ArticleSummary
	for _, iri := range r.typed(kg.TypeArticle) {
		a := ArticleSummary{ArticleRef: *r.article(iri)}
		a.Source = publicSource(r.str(iri, kg.PredSource))
		a.URL = r.str(iri, kg.PredURL)
		all = append(all, a)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Published != all[j].Published {
			return all[i].Published > all[j].Published
		}
		return all[i].ID < all[j].ID
	})
	return page(c, all)
}

// publicSource is an article's source as answers show it: kg ingest
// stores paths relative to the directory it read, but stores filled before
// it did hold the ingest host's absolute paths, which are cut to the file
// name (with its :LINE). kg ingest --force rewrites them.
func publicSource(src string) string {
	if strings.HasPrefix(src, "/") || len(src) > 2 && src[1] == ':' && (src[2] == '\\' || src[2] == '/') {
		return path.Base(strings.ReplaceAll(src, "\\", "/"))
	}
	return src
}

// Article is one article with what was extracted from it.
type Article struct {
	ArticleRef
	URL       string          `json:"url,omitempty"`
	Source    string          `json:"source,omitempty"`
	Hash      string          `json:"hash"`
	Extractor string          `json:"extractor"`
	Text      string          `json:"text"`
	Entities  []ArticleEntity `json:"entities"`
	Facts     []Fact          `json:"facts"`
}

// ArticleEntity is an entity the article names, with where.
type ArticleEntity struct {
	NodeRef
	Spans [][2]int `json:"spans"`
}

// Fact is one extracted fact with its evidence.
type Fact struct {
	Subject   *NodeRef `json:"subject"`
	Predicate string   `json:"predicate"`
	Object    *NodeRef `json:"object"`
	Span      *[2]int  `json:"span,omitempty"`
	Date      string   `json:"date,omitempty"`
	Via       *NodeRef `json:"via,omitempty"`
}

// articleView reads everything labelled with the article: one prefix scan
// of the label index, and the names of the nodes it links to.
func (s *Server) articleView(c *gin.Context, r *reader) (any, error) {
	id := c.Param("id")
	if err := kg.CheckArticleID(id); err != nil {
		return nil, badRequest{err.Error()}
	}
	label := kg.ArticleIRI(id)
	quads := r.labelled(label)
	if len(quads) == 0 {
		return nil, errNotFound
	}
	// The article's quads by subject: a hub such as 中华全国总工会 has a
	// name quad per article, so its own out-quads are not read.
	bySubj := map[string][]edge{}
	subjects := map[string]quad.Value{}
	for _, q := range quads {
		k := q.Subject.String()
		subjects[k] = q.Subject
		p, _ := q.Predicate.(quad.IRI)
		bySubj[k] = append(bySubj[k], edge{pred: p, node: q.Object, label: q.Label})
	}
	a := Article{ArticleRef: *r.article(label), Entities: []ArticleEntity{}, Facts: []Fact{}}
	var evs []evidence
	keys := make([]string, 0, len(subjects))
	for k := range subjects {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		subj := subjects[k]
		mine := bySubj[k]
		if subj.String() == label.String() {
			for _, e := range mine {
				switch e.pred {
				case kg.PredURL:
					a.URL = valueString(e.node)
				case kg.PredSource:
					a.Source = publicSource(valueString(e.node))
				case kg.PredHash:
					a.Hash = valueString(e.node)
				case kg.PredExtractor:
					a.Extractor = valueString(e.node)
				case kg.PredText:
					a.Text = valueString(e.node)
				}
			}
			continue
		}
		typ := ""
		for _, e := range mine {
			if e.pred == kg.PredType {
				typ = valueString(e.node)
			}
		}
		switch typ {
		case "Evidence":
			if ev := evidenceFrom(mine); ev.subj != nil && ev.obj != nil {
				evs = append(evs, ev)
			}
		case "", "Position", "Place":
		default:
			ent := ArticleEntity{NodeRef: *r.node(subj), Spans: [][2]int{}}
			for _, e := range mine {
				if e.pred != kg.PredMentionSpans {
					continue
				}
				for _, sp := range strings.Split(valueString(e.node), ",") {
					if st, en, err := kg.ParseSpan(sp); err == nil {
						ent.Spans = append(ent.Spans, [2]int{st, en})
					}
				}
			}
			a.Entities = append(a.Entities, ent)
		}
	}
	for _, ev := range evs {
		f := Fact{Subject: r.node(ev.subj), Predicate: valueString(ev.pred), Object: r.node(ev.obj), Date: ev.date}
		if st, en, err := kg.ParseSpan(ev.span); err == nil {
			f.Span = &[2]int{st, en}
		}
		if ev.via != nil {
			f.Via = r.node(ev.via)
		}
		a.Facts = append(a.Facts, f)
	}
	sort.SliceStable(a.Facts, func(i, j int) bool {
		si, sj := a.Facts[i].Span, a.Facts[j].Span
		if si == nil || sj == nil {
			return si != nil
		}
		return si[0] < sj[0]
	})
	return a, nil
}
