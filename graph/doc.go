// Package graph maps extractions onto the quads of the knowledge graph.
//
// # Vocabulary
//
// Node IRIs are "kg:" followed by a type prefix and a stable key, so that
// the same entity gets the same IRI in every article and every run:
//
//	kg:union:成都市总工会            Union (trade-union body)
//	kg:union:朝阳区总工会@110105     Union whose division name is not unique in China
//	kg:org:中共四川省委              Organization (party, government and other bodies)
//	kg:person:51:王小明              Person, scoped by province code (see below)
//	kg:position:51:王小明|union:成都市总工会|主席   Position (person, body, title)
//	kg:congress:党的二十届三中全会    Congress (any meeting whose 精神 is relayed)
//	kg:meeting:2024-07-25:union:成都市总工会  Meeting (a dated relay meeting: its date and holder)
//	kg:meeting:ARTICLE:1             Meeting (an undated one, one article's)
//	kg:doc:关于…的通知               Document
//	kg:slogan:四个意识               Slogan
//	kg:figurative:娘家人             Figurative (a word quoted for its figurative sense)
//	kg:place:510181                  Place (division code from the gazetteer)
//	kg:article:ARTICLE               Article, also the label of its quads
//	kg:evidence:ARTICLE:7            Evidence for one fact of an article
//
// Every node has rdf:type (kg:Union, kg:Person, …) and kg:name; other names
// are kg:alias literals. Dates are quad.Time values (midnight UTC), which
// sort; a date whose year is unknown stays a "--MM-DD" string.
//
// Edges between nodes:
//
//	Union kg:relayed Congress        the headline shortcut
//	Union kg:held Meeting            Meeting kg:relays Congress
//	Union kg:issued Document         Document kg:relays Congress
//	Person kg:chaired Meeting        Person kg:spokeAt Meeting
//	Person kg:holdsPosition Position Position kg:org Union|Organization; kg:title, kg:date literals
//	Union kg:mentions Slogan         Union kg:organized Congress
//	Union kg:partOf Union            territorial federations, national industry unions
//	Union kg:locatedIn Place         Place kg:partOf Place
//	Person kg:authored Article       with kg:bylineRole on the person
//	Entity kg:reportedIn Article
//
// # Provenance
//
// Every quad built from an article carries the article's IRI as its label,
// including the hierarchy and place quads derived through the gazetteer
// for the bodies it names: deleting the article's quads leaves no trace of
// it, and the number of labels on an (s, p, o) is the number of articles
// that support it. The Article node holds kg:name (title), kg:url,
// kg:source, kg:published, kg:contentHash (of the text), kg:metaHash (of
// the title, URL and date given with it, when any was),
// kg:extractorVersion and kg:text (the original text). Each fact with evidence gets an Evidence node with
// kg:subject, kg:predicate, kg:object, kg:span ("start-end" in code points
// of kg:text) and, for relays, kg:date and kg:via (the meeting or
// document), so any edge leads back to the sentence that supports it.
// kg:mentionSpans on an entity lists where the article names it.
//
// One quad is the store's and no article's: while a changed article is
// rewritten, <kg:rewrite:ARTICLE-IRI> kg:rewriting kg:Rewrite, labelled
// kg:rewrites, marks it (package store). A reader sees it only in a store
// that a crash cut short and that has not been opened for writing since.
//
// # Resolution
//
// Bodies, congresses, slogans and documents are keyed by their canonical
// Simplified names, which the extractor produces from any script, short
// form or alias, so one real-world entity is one node across articles.
// Persons are not: two people may share a name. A person is keyed by name
// and the province of the first body the article says they hold a position
// in ("cn" for national bodies), or else the province the article is about
// ("xx" when even that is unknown). The same name in the same province is
// taken to be the same person; the same name in two provinces is two nodes.
package graph
