package graph

import (
	"strings"

	"github.com/cayleygraph/quad"
)

// Namespace is the prefix of every IRI of the vocabulary.
const Namespace = "kg:"

// Node types (objects of rdf:type).
const (
	TypeArticle  = quad.IRI(Namespace + "Article")
	TypeUnion    = quad.IRI(Namespace + "Union")
	TypeOrg      = quad.IRI(Namespace + "Organization")
	TypePerson   = quad.IRI(Namespace + "Person")
	TypePosition = quad.IRI(Namespace + "Position")
	TypeCongress = quad.IRI(Namespace + "Congress")
	TypeMeeting  = quad.IRI(Namespace + "Meeting")
	TypeDocument = quad.IRI(Namespace + "Document")
	TypeSlogan   = quad.IRI(Namespace + "Slogan")
	TypePlace    = quad.IRI(Namespace + "Place")
	TypeEvidence = quad.IRI(Namespace + "Evidence")
)

// Predicates.
const (
	PredType = quad.IRI("rdf:type")

	// Literal-valued.
	PredName         = quad.IRI(Namespace + "name")
	PredAlias        = quad.IRI(Namespace + "alias")
	PredDate         = quad.IRI(Namespace + "date")
	PredEnd          = quad.IRI(Namespace + "end")
	PredLevel        = quad.IRI(Namespace + "level")
	PredPlaceCode    = quad.IRI(Namespace + "placeCode")
	PredKind         = quad.IRI(Namespace + "kind")
	PredNumber       = quad.IRI(Namespace + "number")
	PredOrdinal      = quad.IRI(Namespace + "ordinal")
	PredPlenum       = quad.IRI(Namespace + "plenum")
	PredTitle        = quad.IRI(Namespace + "title")
	PredBylineRole   = quad.IRI(Namespace + "bylineRole")
	PredMentionSpans = quad.IRI(Namespace + "mentionSpans")
	PredSpan         = quad.IRI(Namespace + "span")
	PredPublished    = quad.IRI(Namespace + "published")
	PredHash         = quad.IRI(Namespace + "contentHash")
	PredSource       = quad.IRI(Namespace + "source")
	PredURL          = quad.IRI(Namespace + "url")
	PredOutlet       = quad.IRI(Namespace + "outlet")
	PredProvince     = quad.IRI(Namespace + "province")
	PredScript       = quad.IRI(Namespace + "script")
	PredExtractor    = quad.IRI(Namespace + "extractorVersion")
	PredText         = quad.IRI(Namespace + "text")

	// Node-valued.
	PredRelayed       = quad.IRI(Namespace + "relayed")
	PredHeld          = quad.IRI(Namespace + "held")
	PredRelays        = quad.IRI(Namespace + "relays")
	PredChaired       = quad.IRI(Namespace + "chaired")
	PredSpokeAt       = quad.IRI(Namespace + "spokeAt")
	PredHoldsPosition = quad.IRI(Namespace + "holdsPosition")
	PredOrg           = quad.IRI(Namespace + "org")
	PredIssued        = quad.IRI(Namespace + "issued")
	PredMentions      = quad.IRI(Namespace + "mentions")
	PredPartOf        = quad.IRI(Namespace + "partOf")
	PredLocatedIn     = quad.IRI(Namespace + "locatedIn")
	PredOrganized     = quad.IRI(Namespace + "organized")
	PredAuthored      = quad.IRI(Namespace + "authored")
	PredReportedIn    = quad.IRI(Namespace + "reportedIn")
	PredSubject       = quad.IRI(Namespace + "subject")
	PredPredicate     = quad.IRI(Namespace + "predicate")
	PredObject        = quad.IRI(Namespace + "object")
	PredVia           = quad.IRI(Namespace + "via")
)

// ACFTU is the IRI of 中华全国总工会, the root of the union hierarchy.
const ACFTU = quad.IRI(Namespace + "union:中华全国总工会")

// ArticleIRI is the node IRI of an article, also the label of its quads.
func ArticleIRI(id string) quad.IRI { return quad.IRI(Namespace + "article:" + escapeKey(id)) }

// ArticleID returns the article ID of an article IRI, and false if the IRI
// is not an article's.
func ArticleID(iri quad.IRI) (string, bool) {
	s, ok := strings.CutPrefix(string(iri), Namespace+"article:")
	if !ok {
		return "", false
	}
	return unescapeKey(s), true
}

// PlaceIRI is the node IRI of a division, by code.
func PlaceIRI(code string) quad.IRI { return quad.IRI(Namespace + "place:" + code) }

// PredicateIRI is the IRI of a predicate name such as "relayed".
func PredicateIRI(name string) quad.IRI { return quad.IRI(Namespace + name) }

// Local returns an IRI without the vocabulary's namespace: "union:成都市总工会"
// for kg:union:成都市总工会, "relayed" for kg:relayed.
func Local(iri quad.IRI) string { return strings.TrimPrefix(string(iri), Namespace) }

// keyEscaper escapes what may not appear in an IRI written as N-Quads
// (<>"{}|^`\ and spaces) or would be ambiguous in our keys (%); Chinese
// stays readable.
var keyEscaper = strings.NewReplacer(
	"%", "%25", " ", "%20", "<", "%3C", ">", "%3E", `"`, "%22", "{", "%7B", "}", "%7D",
	"|", "%7C", "^", "%5E", "`", "%60", `\`, "%5C", "\t", "%09", "\n", "%0A", "\r", "%0D",
)

var keyUnescaper = strings.NewReplacer(
	"%25", "%", "%20", " ", "%3C", "<", "%3E", ">", "%22", `"`, "%7B", "{", "%7D", "}",
	"%7C", "|", "%5E", "^", "%60", "`", "%5C", `\`, "%09", "\t", "%0A", "\n", "%0D", "\r",
)

func escapeKey(s string) string   { return keyEscaper.Replace(s) }
func unescapeKey(s string) string { return keyUnescaper.Replace(s) }
