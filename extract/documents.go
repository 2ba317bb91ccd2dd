package extract

import (
	"strings"
)

// documentMention is a document named in the text.
type documentMention struct {
	start, end int
	title      string
	number     string
	issuer     *bodyMention
	date       date
	// issuedAt is the span of the sentence that says it was issued.
	evidence span
}

var (
	reBookTitle  = mustPattern(`《([^《》\n]{2,80})》`)
	reNoticeBare = mustPattern(`关于[^,。;:\n《》“”]{2,60}?的(?:通知|意见|决定|实施方案|工作方案|方案|办法|报告|通报|倡议书|倡议)`)
	reDocNumber  = mustPattern(`[\p{Han}]{1,8}〔\d{4}〕\d{1,4}号`)
	reIssueVerb  = mustPattern(`(?:印发|下发|发出|出台|制定|发布|转发|制发|审议通过|通过)了?\s*$`)
)

// anaphoricTitles are short titles that refer back to a document named
// earlier (《通知》指出).
var anaphoricTitles = map[string]bool{"通知": true, "决定": true, "意见": true, "方案": true, "报告": true, "纲要": true, "讲话": true}

// findDocuments reads document titles in book-title marks, and notices named
// without them after an issuing verb ("印发关于学习宣传贯彻…精神的通知").
func (d *docState) findDocuments() {
	s := d.s
	for _, loc := range d.find.all(reBookTitle) {
		title := s[loc[2]:loc[3]]
		if anaphoricTitles[title] {
			continue
		}
		d.docs = append(d.docs, documentMention{start: loc[0], end: loc[1], title: title})
	}
	for _, loc := range d.find.all(reNoticeBare) {
		d.docCover.sync(len(s), len(d.docs), func(k int) (int, int) { return d.docs[k].start, d.docs[k].end })
		if d.docCover.has(loc[0]) {
			continue // inside a document found before
		}
		d.docs = append(d.docs, documentMention{start: loc[0], end: loc[1], title: s[loc[0]:loc[1]]})
	}
	for _, loc := range d.find.all(reDocNumber) {
		d.docNumbers = append(d.docNumbers, span{loc[0], loc[1]})
	}
}

// issuers finds who issued each document: the body before an issuing verb
// in the same sentence.
func (d *docState) issuers() {
	for k := range d.docs {
		m := &d.docs[k]
		sent := d.sentenceAt(m.start)
		m.evidence = sent
		inner := m.start + len("《")
		if !strings.HasPrefix(d.s[m.start:], "《") {
			inner = m.start
		}
		// The issuer named in the title (《渝北区总工会关于…的实施方案》)
		// or just before it (盐城市总工会《关于…的通知》).
		// A body that is not a union issues the document only where 关于
		// follows it (《公司党委关于…的通知》): otherwise it is the subject
		// of the plan (《…职工宣讲团学习贯彻…工作方案》).
		if b := d.bodyStartingAt(inner); b != nil && b.name != "" && !b.generic && (!b.holder || strings.HasPrefix(d.s[b.end:], "关于")) {
			m.issuer = b
			continue
		}
		if b := d.bodyEndingAt(strings.LastIndex(d.s[:m.start], "的")); b != nil && b.end+len("的") == m.start && b.name != "" && !b.generic {
			m.issuer = b
			continue
		}
		if b := d.bodyEndingAt(m.start); b != nil && b.name != "" && !b.generic {
			m.issuer = b
			continue
		}
		before := d.s[sent.start:m.start]
		if !reIssueVerb.MatchString(strings.TrimRight(before, "《 ")) {
			continue
		}
		if b := d.actorBefore(sent.start, m.start); b != nil {
			m.issuer = b
		} else if b, _ := d.meetingHolderBefore(sent); b != nil {
			m.issuer = b
		}
	}
}
