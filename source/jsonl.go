package source

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"

	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/graph"
)

// errNoTextField reports a record without any of the text fields.
var errNoTextField = errors.New(`no "text", "content" or "body" field`)

// record is one line of a JSON Lines file.
type record struct {
	// ID may be a string or a number.
	ID        json.RawMessage `json:"id"`
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Published string          `json:"published"`
	Date      string          `json:"date"`
	// The text goes by any of these names; pointers tell a missing field
	// from an empty one.
	Text    *string `json:"text"`
	Content *string `json:"content"`
	Body    *string `json:"body"`
}

// jsonl reads a JSON Lines file, one article a line. A bad line is
// reported and skipped; blank lines are skipped silently.
func (r *reader) jsonl(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return r.fail(path, err)
	}
	defer f.Close()
	// JSON is UTF-8, but a forced legacy encoding is honoured for files
	// exported by older tools.
	_, legacy, _ := lookupEncoding(r.opts.Encoding)
	br := bufio.NewReaderSize(f, 64<<10)
	base := baseName(path)
	var buf []byte
	for n := 1; ; n++ {
		if r.done(path) {
			return false
		}
		line, size, err := readLine(br, buf[:0], r.max)
		buf = line
		if err == io.EOF {
			return true
		}
		if err != nil {
			return r.fail(path, err)
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, bomUTF8)
		}
		var item Item
		switch {
		case size > r.max:
			err = fmt.Errorf("%w: line of %d bytes, limit %d", ErrTooLarge, size, r.max)
		case len(bytes.TrimSpace(line)) == 0:
			continue
		default:
			item.Input, err = parseRecord(line, legacy)
		}
		if err != nil {
			item.Err = fmt.Errorf("%s:%d: %w", path, n, err)
		} else {
			item.Input.Source = fmt.Sprintf("%s:%d", r.source(path), n)
			if item.Input.ID == "" {
				item.Input.ID = graph.NewArticleID(cmp.Or(item.Input.URL, fmt.Sprintf("%s-%d", base, n)))
			}
		}
		item.Path, item.Line = path, n
		if !r.yield(item) {
			return false
		}
	}
}

// readLine reads the next line, without its line ending, appending it to
// buf. size is the line's length; a line over max bytes is read to its end
// but not kept, so that its length costs no memory. readLine returns
// io.EOF only when no line is left.
func readLine(br *bufio.Reader, buf []byte, max int64) (line []byte, size int64, err error) {
	line = buf
	var chunk []byte
	for {
		chunk, err = br.ReadSlice('\n')
		size += int64(len(chunk))
		// Room for a CR LF ending; the exact length is checked below.
		if size <= max+2 {
			line = append(line, chunk...)
		}
		if err != bufio.ErrBufferFull {
			break
		}
	}
	switch {
	case err == io.EOF && size == 0:
		return line, 0, io.EOF
	case err != nil && err != io.EOF:
		return line, size, err
	}
	end := 0
	switch {
	case bytes.HasSuffix(chunk, []byte("\r\n")):
		end = 2
	case bytes.HasSuffix(chunk, []byte("\n")):
		end = 1
	}
	size -= int64(end)
	if size > max {
		return line[:0], size, nil
	}
	return line[:len(line)-end], size, nil
}

// parseRecord parses one JSON Lines record. legacy, if not nil, is the
// encoding to decode the line with first.
func parseRecord(line []byte, legacy encoding.Encoding) (extract.Input, error) {
	var in extract.Input
	if legacy != nil {
		line = []byte(decodeWith(legacy, line))
	} else if !utf8.Valid(line) {
		// encoding/json would silently replace the bad bytes.
		return in, errors.New("not valid UTF-8")
	}
	var rec record
	if err := json.Unmarshal(line, &rec); err != nil {
		return in, fmt.Errorf("invalid JSON record: %w", err)
	}
	id, err := idString(rec.ID)
	if err != nil {
		return in, err
	}
	var text *string
	for _, t := range []*string{rec.Text, rec.Content, rec.Body} {
		if t != nil && (text == nil || strings.TrimSpace(*text) == "") {
			text = t
		}
	}
	switch {
	case text == nil:
		return in, errNoTextField
	case strings.TrimSpace(*text) == "":
		return in, extract.ErrEmpty
	}
	return extract.Input{
		ID:        id,
		URL:       strings.TrimSpace(rec.URL),
		Title:     strings.TrimSpace(rec.Title),
		Published: normalizeDate(cmp.Or(rec.Published, rec.Date)),
		Text:      *text,
	}, nil
}

// idString returns a record's id, which may be a JSON string or number.
func idString(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", nil
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("invalid id: %w", err)
		}
		return strings.TrimSpace(s), nil
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		return string(raw), nil
	}
	return "", fmt.Errorf("invalid id %.40s: not a string or number", raw)
}
