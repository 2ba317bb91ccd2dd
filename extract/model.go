package extract

// Extraction is everything extracted from one article: the value `kg extract`
// prints and the graph layer stores. Its JSON shape is the contract in the
// evaluation README; fields beyond it (evidence, levels, places) are extras.
type Extraction struct {
	Document  Document   `json:"document"`
	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations"`
}

// Document is the article's metadata.
type Document struct {
	ID        string   `json:"id"`
	Source    string   `json:"source,omitempty"`
	URL       string   `json:"url,omitempty"`
	Title     string   `json:"title,omitempty"`
	Published string   `json:"published,omitempty"`
	Dateline  string   `json:"dateline,omitempty"`
	Outlet    string   `json:"outlet,omitempty"`
	Authors   []string `json:"authors,omitempty"`
	// Province is the province the article is about, where it can be told
	// (it resolves 我省 and 省总工会).
	Province string `json:"province,omitempty"`
	// Script is "Hant" when the original was in Traditional characters.
	Script string `json:"script,omitempty"`
	// Hash is the SHA-256 of the original text, hex-encoded.
	Hash string `json:"hash"`
	// MetaHash is MetaHash of the title, URL and publication date given
	// with the text: an article read again with one of them changed is
	// a change, though its text is the same.
	MetaHash string `json:"meta_hash,omitempty"`
	// Extractor is the extractor version that produced this value.
	Extractor string `json:"extractor"`
}

// Entity types.
const (
	TypeUnion        = "Union"
	TypeOrganization = "Organization"
	TypePerson       = "Person"
	TypeCongress     = "Congress"
	TypeMeeting      = "Meeting"
	TypeDocument     = "Document"
	TypeSlogan       = "Slogan"
	TypePlace        = "Place"
	// TypeFigurative is a word set in quotation marks for its figurative
	// sense ("娘家人"): kept, but not counted as a slogan.
	TypeFigurative = "Figurative"
)

// Entity is one entity named in the article.
type Entity struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	// Date is a meeting's or document's date, or a congress's first day:
	// YYYY-MM-DD, or --MM-DD when the year is not knowable.
	Date string `json:"date,omitempty"`
	// End is a congress's last day.
	End string `json:"end,omitempty"`
	// Level is a body's level (national, province, city, county, district,
	// town, industry, enterprise) or a place's.
	Level string `json:"level,omitempty"`
	// Place is the division code of a body's or place's location.
	Place string `json:"place,omitempty"`
	// Kind refines the type: a congress's or meeting's kind.
	Kind string `json:"kind,omitempty"`
	// Number is a document's number (大工发〔2020〕37号).
	Number string `json:"number,omitempty"`
	// Ordinal and Plenum number a congress (二十届三中全会: 20 and 3).
	Ordinal int `json:"ordinal,omitempty"`
	Plenum  int `json:"plenum,omitempty"`
	// Mentions are the spans of the original text that name the entity.
	Mentions []Span `json:"mentions,omitempty"`
}

// Predicates of relations.
const (
	PredRelayed       = "relayed"       // body → congress
	PredHeld          = "held"          // body → meeting
	PredRelays        = "relays"        // meeting or document → congress
	PredChaired       = "chaired"       // person → meeting
	PredSpokeAt       = "spokeAt"       // person → meeting
	PredHoldsPosition = "holdsPosition" // person → body, with Title
	PredIssued        = "issued"        // body → document
	PredMentions      = "mentions"      // body → slogan used in its section
	PredPartOf        = "partOf"        // body → parent body
	PredLocatedIn     = "locatedIn"     // body → place
	PredOrganized     = "organized"     // body → congress it convened
	PredAuthored      = "authored"      // person → article, with Title (记者…)
)

// Relation is one fact, with the evidence that supports it.
type Relation struct {
	Subject   string `json:"subject"`
	Predicate string `json:"predicate"`
	Object    string `json:"object,omitempty"`
	// Date is the date of a relay (YYYY-MM-DD or --MM-DD).
	Date string `json:"date,omitempty"`
	// DateBasis says how a year was found when the text did not state it:
	// "published", "congress-calendar", "event-bound", "article".
	DateBasis string `json:"date_basis,omitempty"`
	// Title is a position's title (holdsPosition) or byline role.
	Title string `json:"title,omitempty"`
	// Via names the meeting or document a relay went through.
	Via      string `json:"via,omitempty"`
	Evidence *Span  `json:"evidence,omitempty"`
}

// Span is a character span of the original text: Start and End count
// Unicode code points from the start of the article, End exclusive.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text,omitempty"`
}
