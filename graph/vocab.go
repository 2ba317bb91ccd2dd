package graph

import (
	"strings"
	"unicode/utf8"

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

	// TypeFigurative is a word quoted for its figurative sense (娘家人).
	TypeFigurative = quad.IRI(Namespace + "Figurative")
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
	PredMetaHash     = quad.IRI(Namespace + "metaHash")
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

// escapeKey escapes what may not appear in an IRI written as N-Quads
// (control characters, space, <>"{}|^`\ and bytes that are not UTF-8) or
// would be ambiguous in our keys (%), as %XX; Chinese stays readable.
func escapeKey(s string) string {
	clean := true
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if w == 1 && (r == utf8.RuneError || needsEscape(byte(r))) {
			clean = false
			break
		}
		i += w
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if w == 1 && (r == utf8.RuneError || needsEscape(byte(r))) {
			b.WriteByte('%')
			b.WriteByte(hexDigits[s[i]>>4])
			b.WriteByte(hexDigits[s[i]&15])
		} else {
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String()
}

const hexDigits = "0123456789ABCDEF"

// needsEscape reports an ASCII byte escapeKey escapes.
func needsEscape(c byte) bool {
	return c <= ' ' || c == 0x7f || strings.IndexByte(`%<>"{}|^`+"`"+`\`, c) >= 0
}

// unescapeKey undoes escapeKey: every %XX is an escape, since escapeKey
// escapes % itself.
func unescapeKey(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if hi, lo := unhex(s[i+1]), unhex(s[i+2]); hi >= 0 && lo >= 0 {
				b.WriteByte(byte(hi<<4 | lo))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
