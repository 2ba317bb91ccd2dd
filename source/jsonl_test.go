package source

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/unionkg/kg/extract"
)

func TestReadJSONL(t *testing.T) {
	long := strings.Repeat("工", 400) // 1,200 bytes, over MaxBytes below
	lines := []string{
		string(bomUTF8) + `{"id":"a1","url":" https://example.org/1 ","title":" 标题 ","published":"2024-07-01T08:00:00+08:00","text":"` + newsHans + `"}`,
		`{"id":"a2","text":"` + newsHans,
		`{"id":"a3","title":"没有正文"}`,
		"   ",
		`{"id":"a5","text":"` + long + `"}`,
		`{"id":7,"content":"` + newsHans + `","date":"2024/7/2"}`,
		`{"url":"https://example.org/7","body":"` + newsHans + `","published":"yesterday"}`,
		`{"text":"` + newsHans + "\"}\r",
		`{"text":" \n "}`,
		`{"text":"` + newsHans + "\xff\xfe\"}",
		`[1, 2]`,
		`{"id":{"n":1},"text":"` + newsHans + `"}`,
		`{"text":"","content":"` + newsHant + `"}`, // no newline at the end
	}
	path := writeFile(t, t.TempDir(), "news.jsonl", []byte(strings.Join(lines, "\n")))

	type want struct {
		line      int
		id        string
		url       string
		title     string
		published string
		text      string
		err       string // part of the error message
		is        error  // what the error wraps
	}
	wants := []want{
		{line: 1, id: "a1", url: "https://example.org/1", title: "标题", published: "2024-07-01", text: newsHans},
		{line: 2, err: "invalid JSON"},
		{line: 3, err: `no "text"`},
		{line: 5, err: "line of 1221 bytes, limit 1024", is: ErrTooLarge},
		{line: 6, id: "7", published: "2024-07-02", text: newsHans},
		{line: 7, id: "https://example.org/7", url: "https://example.org/7", text: newsHans},
		{line: 8, id: "news-8", text: newsHans},
		{line: 9, is: extract.ErrEmpty},
		{line: 10, err: "not valid UTF-8"},
		{line: 11, err: "invalid JSON"},
		{line: 12, err: "invalid id"},
		{line: 13, id: "news-13", text: newsHant},
	}
	items := readAll(context.Background(), []string{path}, Options{MaxBytes: 1024})
	if len(items) != len(wants) {
		t.Fatalf("Read yielded %d items, want %d: %+v", len(items), len(wants), items)
	}
	for i, w := range wants {
		it := items[i]
		if it.Path != path || it.Line != w.line {
			t.Errorf("item %d: Path, Line = %s, %d; want %s, %d", i, it.Path, it.Line, path, w.line)
		}
		if w.err != "" || w.is != nil {
			if it.Err == nil {
				t.Errorf("line %d: no error, want %q", w.line, w.err)
				continue
			}
			if msg := it.Err.Error(); !strings.HasPrefix(msg, fmt.Sprintf("%s:%d: ", path, w.line)) || !strings.Contains(msg, w.err) {
				t.Errorf("line %d: Err = %q, want %s:%d: ...%s...", w.line, msg, path, w.line, w.err)
			}
			if w.is != nil && !errors.Is(it.Err, w.is) {
				t.Errorf("line %d: Err = %v, want it to wrap %v", w.line, it.Err, w.is)
			}
			continue
		}
		if it.Err != nil {
			t.Errorf("line %d: Err = %v", w.line, it.Err)
			continue
		}
		wantIn := extract.Input{
			ID: w.id, Source: fmt.Sprintf("%s:%d", filepath.Base(path), w.line), URL: w.url,
			Title: w.title, Published: w.published, Text: w.text,
		}
		if it.Input != wantIn {
			t.Errorf("line %d: Input = %+v, want %+v", w.line, it.Input, wantIn)
		}
	}
}

func TestReadJSONLEncoding(t *testing.T) {
	line := encode(t, simplifiedchinese.GBK, `{"id":"g","text":"`+newsHans+`"}`+"\n")
	path := writeFile(t, t.TempDir(), "gbk.ndjson", line)
	if it := readOne(t, path, Options{Encoding: "gbk"}); it.Err != nil || it.Input.Text != newsHans {
		t.Errorf("forced gbk: got %+v, want the text", it)
	}
	if it := readOne(t, path, Options{}); it.Err == nil || !strings.Contains(it.Err.Error(), "not valid UTF-8") {
		t.Errorf("auto: Err = %v, want not valid UTF-8", it.Err)
	}
}

func TestReadJSONLLargeLines(t *testing.T) {
	big := strings.Repeat(newsHans, 5<<20/len(newsHans)) // about 5 MB
	small := `{"text":"` + newsHans + `"}`
	path := writeFile(t, t.TempDir(), "big.jsonl", []byte(small+"\n"+`{"text":"`+big+`"}`+"\n"+small+"\n"))

	t.Run("within MaxBytes", func(t *testing.T) {
		items := readAll(context.Background(), []string{path}, Options{})
		if len(items) != 3 {
			t.Fatalf("Read yielded %d items, want 3", len(items))
		}
		for i, want := range []string{newsHans, big, newsHans} {
			if items[i].Err != nil || items[i].Input.Text != want {
				t.Errorf("item %d: Err = %v, text of %d bytes; want %d bytes", i, items[i].Err, len(items[i].Input.Text), len(want))
			}
		}
	})

	t.Run("over MaxBytes", func(t *testing.T) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		items := readAll(context.Background(), []string{path}, Options{MaxBytes: 64 << 10})
		runtime.ReadMemStats(&after)
		if len(items) != 3 || items[0].Err != nil || !errors.Is(items[1].Err, ErrTooLarge) || items[2].Err != nil {
			t.Fatalf("Read yielded %+v, want an article, ErrTooLarge and an article", items)
		}
		if items[1].Line != 2 || items[2].Line != 3 {
			t.Errorf("lines %d, %d; want 2, 3", items[1].Line, items[2].Line)
		}
		// The long line is skipped without being kept.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2<<20 {
			t.Errorf("reading allocated %d bytes for a %d-byte line over the limit", alloc, len(big))
		}
	})
}

func TestReadLine(t *testing.T) {
	tests := []struct {
		in    string
		max   int64
		lines []string
		sizes []int64
	}{
		{"a\nbb\r\nccc", 10, []string{"a", "bb", "ccc"}, []int64{1, 2, 3}},
		{"a\n\nb\n", 10, []string{"a", "", "b"}, []int64{1, 0, 1}},
		{"abcd\r\nabcde\r\nab", 4, []string{"abcd", "", "ab"}, []int64{4, 5, 2}},
		{"", 4, nil, nil},
	}
	for _, tt := range tests {
		// The smallest buffer makes lines span many reads.
		br := bufio.NewReaderSize(strings.NewReader(tt.in), 16)
		var lines []string
		var sizes []int64
		for {
			line, size, err := readLine(br, nil, tt.max)
			if err != nil {
				break
			}
			lines = append(lines, string(line))
			sizes = append(sizes, size)
		}
		if fmt.Sprint(lines) != fmt.Sprint(tt.lines) || fmt.Sprint(sizes) != fmt.Sprint(tt.sizes) {
			t.Errorf("readLine(%q, %d) = %q %v, want %q %v", tt.in, tt.max, lines, sizes, tt.lines, tt.sizes)
		}
	}
}
