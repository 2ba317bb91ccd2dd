package source

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/unionkg/kg/extract"
)

// writeFile writes data to name under dir, making directories as needed,
// and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readAll collects what Read yields.
func readAll(ctx context.Context, paths []string, opts Options) []Item {
	var items []Item
	for it := range Read(ctx, paths, opts) {
		items = append(items, it)
	}
	return items
}

// readOne reads one path that must yield one item.
func readOne(t *testing.T, path string, opts Options) Item {
	t.Helper()
	items := readAll(context.Background(), []string{path}, opts)
	if len(items) != 1 {
		t.Fatalf("Read(%s) yielded %d items, want 1: %+v", path, len(items), items)
	}
	return items[0]
}

func TestReadText(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		file    string
		data    []byte
		opts    Options
		want    string
		wantErr error
	}{
		{name: "utf-8", file: "a.txt", data: []byte(newsHans), want: newsHans},
		{name: "utf-8 bom", file: "b.txt", data: concat(bomUTF8, []byte(newsHans)), want: newsHans},
		{name: "utf-16le bom", file: "c.txt", data: encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), newsHans), want: newsHans},
		{name: "gbk", file: "d.txt", data: encode(t, simplifiedchinese.GBK, newsHans), want: newsHans},
		{name: "gb18030", file: "e.text", data: encode(t, simplifiedchinese.GB18030, newsHans+rareHans), want: newsHans + rareHans},
		{name: "big5", file: "f.txt", data: encode(t, traditionalchinese.Big5, newsHant), want: newsHant},
		{name: "forced gbk", file: "g.txt", data: encode(t, simplifiedchinese.GBK, newsHans), opts: Options{Encoding: "gbk"}, want: newsHans},
		{name: "forced big5", file: "h.txt", data: encode(t, traditionalchinese.Big5, newsHant), opts: Options{Encoding: "BIG5"}, want: newsHant},
		{name: "truncated utf-8", file: "i.txt", data: []byte(newsHans)[:len(newsHans)-2], want: strings.TrimSuffix(newsHans, "。")},
		{name: "unknown extension", file: "j.dat", data: []byte(newsHans), want: newsHans},
		{name: "no extension", file: "k", data: []byte(newsHans), want: newsHans},
		{name: "empty", file: "empty.txt", data: nil, wantErr: extract.ErrEmpty},
		{name: "white space", file: "space.txt", data: []byte(" \n\t\u3000\r\n"), wantErr: extract.ErrEmpty},
		{name: "binary", file: "bin.txt", data: []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00!"), wantErr: ErrBinary},
		{name: "too large", file: "big.txt", data: []byte(newsHans), opts: Options{MaxBytes: 10}, wantErr: ErrTooLarge},
		{name: "unknown encoding", file: "l.txt", data: []byte(newsHans), opts: Options{Encoding: "koi8-r"}, wantErr: errAny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, tt.file, tt.data)
			it := readOne(t, path, tt.opts)
			if tt.wantErr != nil {
				if it.Err == nil || tt.wantErr != errAny && !errors.Is(it.Err, tt.wantErr) {
					t.Fatalf("Err = %v, want %v", it.Err, tt.wantErr)
				}
				if tt.wantErr != errAny && !strings.Contains(it.Err.Error(), path) {
					t.Errorf("Err = %v, does not name %s", it.Err, path)
				}
				return
			}
			if it.Err != nil {
				t.Fatalf("Err = %v", it.Err)
			}
			want := extract.Input{ID: baseName(tt.file), Source: tt.file, Text: tt.want}
			if it.Input != want || it.Path != path || it.Line != 0 {
				t.Errorf("got %+v, want Input %+v", it, want)
			}
		})
	}
}

func TestReadWalk(t *testing.T) {
	dir := t.TempDir()
	text := []byte(newsHans)
	page := []byte("<html><body><p>" + newsHans + "</p></body></html>")
	for _, f := range []struct {
		name string
		data []byte
	}{
		{"b.txt", text},
		{"a.html", page},
		{"sub/c.jsonl", []byte(`{"id":"c1","text":"` + newsHans + "\"}\n")},
		{"sub/d.TXT", text},
		{"sub/e.htm", page},
		{"sub/deeper/f.ndjson", []byte(`{"text":"` + newsHans + "\"}\n")},
		{"sub/deeper/g.json-lines", []byte(`{"content":"` + newsHans + "\"}\n")},
		{"h.text", text},
		{"notes.md", text},
		{"data.json", text},
		{"image.png", []byte("\x89PNG\r\n\x1a\n\x00")},
		{".hidden.txt", text},
		{".git/x.txt", text},
		{"sub/.cache/y.txt", text},
	} {
		writeFile(t, dir, f.name, f.data)
	}
	var got []string
	for _, it := range readAll(context.Background(), []string{dir}, Options{}) {
		if it.Err != nil {
			t.Errorf("Err = %v", it.Err)
			continue
		}
		rel, err := filepath.Rel(dir, it.Path)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, filepath.ToSlash(rel)+" "+it.Input.ID+" "+it.Input.Source)
	}
	// Sources are relative to the directory read: the host's own
	// directories do not reach the store.
	want := []string{
		"a.html a a.html",
		"b.txt b b.txt",
		"h.text h h.text",
		"sub/c.jsonl c1 sub/c.jsonl:1",
		"sub/d.TXT d sub/d.TXT",
		"sub/deeper/f.ndjson f-1 sub/deeper/f.ndjson:1",
		"sub/deeper/g.json-lines g-1 sub/deeper/g.json-lines:1",
		"sub/e.htm e sub/e.htm",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("walk read\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestReadWalkLinks: in a walk, links to files of the tree are read,
// links out of it are refused and dangling ones reported, each with a
// reason naming the link; the walk goes on after them.
func TestReadWalkLinks(t *testing.T) {
	outside := t.TempDir()
	secret := writeFile(t, outside, "passwd.txt", []byte(newsHans))
	writeFile(t, outside, "dir/x.txt", []byte(newsHans))
	base := t.TempDir()
	dir := filepath.Join(base, "tree")
	writeFile(t, dir, "a.txt", []byte(newsHans))
	writeFile(t, dir, "sub/b.txt", []byte(newsHans))
	for link, target := range map[string]string{
		"in.txt":       "sub/b.txt",                 // inside, relative
		"sub/up.txt":   filepath.Join(dir, "a.txt"), // inside, absolute
		"out.txt":      secret,
		"sub/rel.txt":  "../../../" + filepath.Base(outside) + "/passwd.txt",
		"dangling.txt": "nowhere.txt",
		"outdir":       filepath.Join(outside, "dir"), // a directory: not followed
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	// The tree itself reached through a link is read as the tree.
	rootLink := filepath.Join(base, "link-to-tree")
	if err := os.Symlink(dir, rootLink); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{dir, rootLink} {
		t.Run(filepath.Base(root), func(t *testing.T) {
			var got []string
			for _, it := range readAll(context.Background(), []string{root}, Options{}) {
				rel, err := filepath.Rel(root, it.Path)
				if err != nil {
					t.Fatal(err)
				}
				rel = filepath.ToSlash(rel)
				switch {
				case it.Err == nil:
					got = append(got, rel+" read as "+it.Input.Source)
				case errors.Is(it.Err, ErrLinkOutside):
					got = append(got, rel+" refused")
				case errors.Is(it.Err, ErrDanglingLink):
					got = append(got, rel+" dangling")
				default:
					got = append(got, rel+" "+it.Err.Error())
				}
				if it.Err != nil && !strings.Contains(it.Err.Error(), it.Path) {
					t.Errorf("%v does not name the link", it.Err)
				}
			}
			want := []string{
				"a.txt read as a.txt",
				"dangling.txt dangling",
				"in.txt read as in.txt",
				"out.txt refused",
				"sub/b.txt read as sub/b.txt",
				"sub/rel.txt refused",
				"sub/up.txt read as sub/up.txt",
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("walk gave\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestReadPaths checks that explicit paths are read in the order given,
// whatever they are, and that a missing one does not stop the rest.
func TestReadPaths(t *testing.T) {
	dir := t.TempDir()
	b := writeFile(t, dir, "b.txt", []byte(newsHans))
	a := writeFile(t, dir, "a.log", []byte(newsHans))
	hidden := writeFile(t, dir, ".hidden.txt", []byte(newsHans))
	missing := filepath.Join(dir, "missing.txt")
	items := readAll(context.Background(), []string{b, missing, a, hidden}, Options{})
	if len(items) != 4 {
		t.Fatalf("Read yielded %d items, want 4: %+v", len(items), items)
	}
	for i, want := range []string{b, missing, a, hidden} {
		if items[i].Path != want {
			t.Errorf("item %d: Path = %s, want %s", i, items[i].Path, want)
		}
	}
	if err := items[1].Err; !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing path: Err = %v, want one naming the path that wraps fs.ErrNotExist", err)
	}
	for _, i := range []int{0, 2, 3} {
		if items[i].Err != nil || items[i].Input.Text != newsHans {
			t.Errorf("item %d = %+v, want the text", i, items[i])
		}
	}
}

func TestReadCancel(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "b.txt", "c.txt"} {
		writeFile(t, dir, name, []byte(newsHans))
	}
	jsonl := writeFile(t, t.TempDir(), "x.jsonl", []byte(strings.Repeat(`{"text":"`+newsHans+"\"}\n", 5)))

	t.Run("before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		items := readAll(ctx, []string{dir, jsonl}, Options{})
		if len(items) != 1 || !errors.Is(items[0].Err, context.Canceled) {
			t.Errorf("Read yielded %+v, want one item with context.Canceled", items)
		}
	})
	for _, path := range []string{dir, jsonl} {
		t.Run("during "+filepath.Base(path), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var items []Item
			for it := range Read(ctx, []string{path}, Options{}) {
				items = append(items, it)
				cancel()
			}
			if len(items) != 2 || items[0].Err != nil || !errors.Is(items[1].Err, context.Canceled) {
				t.Errorf("Read yielded %+v, want an article then context.Canceled", items)
			}
		})
	}
	t.Run("break", func(t *testing.T) {
		n := 0
		for range Read(context.Background(), []string{dir, jsonl}, Options{}) {
			n++
			if n == 2 {
				break
			}
		}
		if n != 2 {
			t.Errorf("read %d items, want 2", n)
		}
	})
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		opts Options
		ok   bool
	}{
		{Options{}, true},
		{Options{Encoding: "auto"}, true},
		{Options{Encoding: "UTF-8"}, true},
		{Options{Encoding: "gb2312"}, true},
		{Options{Encoding: "GB18030"}, true},
		{Options{Encoding: "big5", MaxBytes: 1}, true},
		{Options{Encoding: "shift_jis"}, false},
		{Options{MaxBytes: -1}, false},
	}
	for _, tt := range tests {
		if err := tt.opts.Validate(); (err == nil) != tt.ok {
			t.Errorf("%+v.Validate() = %v, want ok %v", tt.opts, err, tt.ok)
		}
	}
}

func TestNormalizeDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-07-01", "2024-07-01"},
		{"2024-07-01T10:30:00+08:00", "2024-07-01"},
		{" 2024/7/1 10:30 ", "2024-07-01"},
		{"2024.07.01", "2024-07-01"},
		{"2024年7月1日", "2024-07-01"},
		{"20240701", "2024-07-01"},
		{"20240701103000", "2024-07-01"},
		{"202407011030001", ""},
		{"2024-02-30", ""},
		{"2024-13-01", ""},
		{"2024-07-012", ""},
		{"July 1, 2024", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normalizeDate(tt.in); got != tt.want {
			t.Errorf("normalizeDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
