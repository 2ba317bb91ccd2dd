package source

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/unionkg/kg/extract"
)

// errNoText reports a page whose markup holds no text, such as one that
// only loads scripts.
var errNoText = fmt.Errorf("no text in the page: %w", extract.ErrEmpty)

const (
	// markerBonus multiplies the text density of an <article> or <main>
	// element, or one whose id or class names content, because sites mark
	// their article body that way.
	markerBonus = 1.2
	// descendMargin is how much denser an element must be than the best
	// enclosing one to replace it: shedding a line or two is not worth
	// the risk of cutting the article.
	descendMargin = 1.1
)

// contentMarkers are the id and class fragments that Chinese news sites
// use for the article body (TRS_Editor is a common CMS's, zw stands for
// 正文).
var contentMarkers = []string{"content", "article", "detail", "text", "trs_editor", "zw", "main"}

// publishedMetas are the meta names, lower case, that carry the
// publication date.
var publishedMetas = []string{"article:published_time", "pubdate", "publishdate", "datepublished"}

// parseHTML extracts the article from an HTML page: the text of its main
// block, and the title, date and URL its metadata give.
func parseHTML(b []byte, encoding string) (extract.Input, error) {
	if len(b) == 0 {
		return extract.Input{}, extract.ErrEmpty
	}
	text, err := decodeHTML(b, encoding)
	if err != nil {
		return extract.Input{}, err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return extract.Input{}, fmt.Errorf("parse HTML: %w", err)
	}
	in, ogTitle := readMeta(doc)
	prune(doc, false)
	body := findElement(doc, atom.Body)
	if body == nil {
		body = doc // html.Parse always makes a body; this is a safeguard
	}
	in.Title = pageTitle(ogTitle, in.Title, body)
	in.Text = render(mainBlock(body, in.Title))
	if in.Text == "" {
		return extract.Input{}, errNoText
	}
	return in, nil
}

// decodeHTML decodes a page, honouring the charset its <meta> declares when
// the bytes agree with it.
func decodeHTML(b []byte, encoding string) (string, error) {
	if name, _, _ := lookupEncoding(encoding); name != "" {
		text, _, err := Decode(b, encoding)
		return text, err
	}
	// With no Content-Type, DetermineEncoding reports the declared charset
	// (as a WHATWG name: gb2312 becomes gbk) or its own guess, which
	// detect checks like any other hint.
	_, declared, _ := charset.DetermineEncoding(b, "")
	text, _, err := detect(b, declared)
	return text, err
}

// pageTitle picks the title of a page: its og:title, else its <title>, else
// its first <h1>. A <title> made of an <h1> and the site's name gives the
// <h1>.
func pageTitle(ogTitle, title string, body *html.Node) string {
	if ogTitle != "" {
		return ogTitle
	}
	first := ""
	for n := range body.Descendants() {
		if n.Type != html.ElementNode || n.DataAtom != atom.H1 {
			continue
		}
		h1 := strings.ReplaceAll(render(n), "\n", " ")
		if first == "" {
			first = h1
		}
		if h1 != "" && title != h1 && siteTitle(title) == h1 {
			return h1
		}
	}
	return cmp.Or(title, first)
}

// readMeta reads the <title>, publication date and canonical URL of doc,
// and its og:title.
func readMeta(doc *html.Node) (in extract.Input, ogTitle string) {
	var title, ogURL, canonical string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Title:
			if title == "" && n.Namespace == "" { // not an SVG <title>
				title = cleanLine(textOf(n))
			}
		case atom.Link:
			if canonical == "" && hasToken(attr(n, "rel"), "canonical") {
				canonical = strings.TrimSpace(attr(n, "href"))
			}
		case atom.Meta:
			key := attr(n, "property")
			if key == "" {
				key = attr(n, "name")
			}
			if key == "" {
				key = attr(n, "itemprop")
			}
			key = strings.ToLower(strings.TrimSpace(key))
			content := attr(n, "content")
			switch {
			case key == "og:title" && ogTitle == "":
				ogTitle = cleanLine(content)
			case key == "og:url" && ogURL == "":
				ogURL = strings.TrimSpace(content)
			case in.Published == "" && slices.Contains(publishedMetas, key):
				in.Published = normalizeDate(content)
			}
		}
	}
	in.Title = title
	in.URL = cmp.Or(canonical, ogURL)
	return in, ogTitle
}

// prune removes comments and the elements that never hold article text:
// scripts and styles, navigation, page headers and footers, sidebars,
// forms and embedded frames and graphics. A <header> inside an <article>
// is the article's own, with its headline and date, and stays.
func prune(n *html.Node, inArticle bool) {
	inArticle = inArticle || n.DataAtom == atom.Article
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.CommentNode,
			c.Type == html.ElementNode && isDropped(c.DataAtom) && !(inArticle && c.DataAtom == atom.Header):
			n.RemoveChild(c)
		default:
			prune(c, inArticle)
		}
		c = next
	}
}

func isDropped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Nav,
		atom.Header, atom.Footer, atom.Aside, atom.Form, atom.Iframe,
		atom.Svg, atom.Math, atom.Select, atom.Button:
		return true
	}
	return false
}

// textStats counts the characters under an element.
type textStats struct {
	han   int // Han characters outside links
	links int // characters but white space inside links
	chars int // all characters but white space, links included
}

// mainBlock picks the element that holds the article body of a page
// titled title.
//
// Candidates are the block containers that hold at least half of the
// page's Han characters outside links; such elements nest, so they form a
// chain from body down. Down the chain, text gets denser (Han characters
// outside links over all characters) as the links, menus and footers around
// the article fall away, and sparser or smaller once the article itself is
// split. The densest candidate wins, with a bonus for elements marked as
// content, and a descendant must beat its ancestor by a margin. The winner
// may then grow to take in the headline (see withTitle).
func mainBlock(body *html.Node, title string) *html.Node {
	stats := make(map[*html.Node]textStats)
	var cands []*html.Node
	countText(body, false, stats, &cands)
	total := stats[body].han
	if total == 0 {
		return body // no Chinese text to go by: keep everything
	}
	score := func(n *html.Node) float64 {
		s := stats[n]
		d := float64(s.han) / float64(s.chars)
		if isMarked(n) {
			d *= markerBonus
		}
		return d
	}
	best, bestScore := body, score(body)
	for _, c := range cands {
		if c == body || stats[c].han*2 < total {
			continue
		}
		if s := score(c); s > bestScore*descendMargin {
			best, bestScore = c, s
		}
	}
	return withTitle(best, body, title, stats)
}

// withTitle returns best or, if best lacks the page title, the nearest
// candidate enclosing it that has the title on a line of its own, provided
// that it adds little text and that text is mostly not links. The content
// block that sites mark often leaves out the headline and the date line
// above it, which the extractor wants.
func withTitle(best, body *html.Node, title string, stats map[*html.Node]textStats) *html.Node {
	if title == "" {
		return best
	}
	titles := []string{title, siteTitle(title)}
	// The headline is a line of its own; the first sentence often repeats
	// it.
	holds := func(n *html.Node) bool {
		for line := range strings.SplitSeq(render(n), "\n") {
			if slices.Contains(titles, line) {
				return true
			}
		}
		return false
	}
	if holds(best) {
		return best
	}
	bs := stats[best]
	for a := best.Parent; a != nil && a != body.Parent; a = a.Parent {
		as, ok := stats[a]
		if !ok {
			continue
		}
		extra, extraLinks := as.chars-bs.chars, as.links-bs.links
		if extra*2 > bs.chars || extraLinks*2 > extra {
			break
		}
		if holds(a) {
			return a
		}
	}
	return best
}

// siteTitle returns title without the site name that page titles often
// append ("标题_成都市总工会", "标题 - 成都市总工会").
func siteTitle(title string) string {
	for _, sep := range []string{"_", "|", " - ", "——", " — "} {
		if i := strings.Index(title, sep); i > 0 {
			title = strings.TrimSpace(title[:i])
		}
	}
	return title
}

// countText counts the text under n, records the counts of candidate
// blocks in stats and appends them to cands in document order.
func countText(n *html.Node, inLink bool, stats map[*html.Node]textStats, cands *[]*html.Node) textStats {
	var s textStats
	if n.Type == html.TextNode {
		for _, r := range n.Data {
			if unicode.IsSpace(r) {
				continue
			}
			s.chars++
			switch {
			case inLink:
				s.links++
			case unicode.Is(unicode.Han, r):
				s.han++
			}
		}
		return s
	}
	candidate := n.Type == html.ElementNode && isCandidate(n)
	if candidate {
		*cands = append(*cands, n)
	}
	inLink = inLink || n.DataAtom == atom.A
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cs := countText(c, inLink, stats, cands)
		s.han += cs.han
		s.links += cs.links
		s.chars += cs.chars
	}
	if candidate {
		stats[n] = s
	}
	return s
}

func isCandidate(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Body, atom.Article, atom.Main, atom.Section, atom.Div, atom.Td:
		return true
	}
	return isMarked(n)
}

// isMarked reports whether n is marked as holding content.
func isMarked(n *html.Node) bool {
	if n.DataAtom == atom.Article || n.DataAtom == atom.Main {
		return true
	}
	names := strings.ToLower(attr(n, "id") + " " + attr(n, "class"))
	for _, m := range contentMarkers {
		if strings.Contains(names, m) {
			return true
		}
	}
	return false
}

// render returns the text under n, one line per block element, with the
// white space inside each line collapsed.
func render(n *html.Node) string {
	var w textWriter
	w.node(n, false)
	w.flush()
	return strings.Join(w.lines, "\n")
}

// textWriter gathers rendered lines.
type textWriter struct {
	lines []string
	line  strings.Builder // raw text of the line being built
}

func (w *textWriter) flush() {
	if l := cleanLine(w.line.String()); l != "" {
		w.lines = append(w.lines, l)
	}
	w.line.Reset()
}

// node renders n; pre is true inside <pre>, where line breaks count.
func (w *textWriter) node(n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		if !pre {
			w.line.WriteString(n.Data)
			return
		}
		for i, part := range strings.Split(n.Data, "\n") {
			if i > 0 {
				w.flush()
			}
			w.line.WriteString(part)
		}
		return
	case html.ElementNode:
		switch {
		case n.DataAtom == atom.Br:
			w.flush()
			return
		case n.DataAtom == atom.Td || n.DataAtom == atom.Th:
			// Cells of a row stay on one line, apart.
			w.line.WriteByte(' ')
			defer w.line.WriteByte(' ')
		case isBlock(n.DataAtom):
			w.flush()
			defer w.flush()
		}
		pre = pre || n.DataAtom == atom.Pre
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c, pre)
	}
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body,
		atom.Caption, atom.Center, atom.Dd, atom.Details, atom.Dialog,
		atom.Dir, atom.Div, atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption,
		atom.Figure, atom.Footer, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5,
		atom.H6, atom.Header, atom.Hgroup, atom.Hr, atom.Html, atom.Li,
		atom.Main, atom.Menu, atom.Ol, atom.P, atom.Pre, atom.Section,
		atom.Summary, atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr,
		atom.Ul:
		return true
	}
	return false
}

// cleanLine collapses each run of white space in s to one space and trims
// the ends. A run that breaks the source line between two CJK characters
// is dropped, as browsers do, since Chinese puts no space between words.
func cleanLine(s string) string {
	var (
		b            strings.Builder
		prev         rune
		space, broke bool
	)
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			broke = broke || r == '\n' || r == '\r'
			continue
		}
		if r == '\u200b' || r == '\ufeff' {
			continue // zero-width space and stray byte-order marks
		}
		if space && b.Len() > 0 && !(broke && isWide(prev) && isWide(r)) {
			b.WriteByte(' ')
		}
		space, broke = false, false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// isWide reports whether r is a Han character or CJK or full-width
// punctuation.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// textOf returns the text under n, unrendered.
func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// findElement returns the first element under n (n included) with atom a.
func findElement(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.DataAtom == a {
			return d
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasToken reports whether the space-separated list s holds tok, in any
// case.
func hasToken(s, tok string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}
