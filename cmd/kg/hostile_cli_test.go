package main

// The command line against careless and hostile input (issue 14): links out
// of the input tree, IDs and texts N-Quads cannot carry, and SIGTERM while
// a big article is extracted.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	kggraph "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/ingest"
	"github.com/unionkg/kg/store"
)

const cliText = "7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。"

// sources reads the kg:source of every article in a store.
func sources(t *testing.T, db string) map[string]string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out := map[string]string{}
	for q, err := range st.Quads(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if q.Predicate == kggraph.PredSource {
			id, _ := kggraph.ArticleID(q.Subject.(quad.IRI))
			out[id] = quad.ToString(q.Object)
		}
	}
	return out
}

// TestIngestLinksAndSources: kg ingest DIR reads links to files of the
// tree, refuses (and reports) links out of it, reports dangling ones, and
// stores each article's source relative to DIR, never a path of the host.
func TestIngestLinksAndSources(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "passwd.txt")
	if err := os.WriteFile(secret, []byte(strings.Replace(cliText, "沈阳", "大连", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "a.txt"), []byte(cliText), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"inside.txt":   "sub/a.txt",
		"outside.txt":  secret,
		"dangling.txt": "gone.txt",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "db")
	var out, errOut bytes.Buffer
	f := ingestFlags{store: storeFlags{db: db}, encoding: "auto", batch: 4, json: true, quiet: true}
	err := runIngest(context.Background(), &out, &errOut, f, []string{dir})
	if err == nil || !strings.Contains(err.Error(), "2 inputs skipped") {
		t.Fatalf("err = %v, want 2 inputs skipped", err)
	}
	var sum ingest.Summary
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, s := range sum.Skipped {
		reasons[filepath.Base(s.Path)] = s.Reason
	}
	if r := reasons["outside.txt"]; !strings.Contains(r, "points out of the input tree") || !strings.Contains(r, secret) {
		t.Errorf("the link out of the tree: reason %q", r)
	}
	if r := reasons["dangling.txt"]; !strings.Contains(r, "dangling symbolic link") {
		t.Errorf("the dangling link: reason %q", r)
	}
	got := sources(t, db)
	want := map[string]string{"a": "sub/a.txt", "inside": "inside.txt"}
	if len(got) != len(want) {
		t.Errorf("stored %v, want %v (the file out of the tree must not be)", got, want)
	}
	for id, src := range want {
		if got[id] != src {
			t.Errorf("article %s: source %q, want %q", id, got[id], src)
		}
	}
	for id, src := range got {
		if filepath.IsAbs(src) || strings.Contains(src, dir) {
			t.Errorf("article %s names a host path: %q", id, src)
		}
	}
}

// TestExportNQuadsParses ingests IDs, file names and fields of every awkward
// kind, and checks that kg export --format nquads writes what Cayley's own
// N-Quads parser reads back, quad for quad; what cannot be stored (a NUL,
// an ID with a tab) is refused with a report.
func TestExportNQuadsParses(t *testing.T) {
	dir := t.TempDir()
	text := func(city string) string { return strings.Replace(cliText, "沈阳", city, 1) }
	rec := func(fields map[string]string) string {
		b, err := json.Marshal(fields)
		if err != nil {
			t.Fatal(err)
		}
		return string(b) + "\n"
	}
	jsonl := rec(map[string]string{"id": "https://x.cn/a/b.html?x=1#f", "text": text("大连")}) +
		rec(map[string]string{"url": "https://x.cn/c\u0001d e.html", "text": text("鞍山")}) +
		rec(map[string]string{"id": `q"<>{}|^` + "`\\%", "title": "控制\u0001字符\u007f", "text": text("抚顺") + "\u000b"}) +
		rec(map[string]string{"id": "a\u0000b", "text": text("本溪")}) +
		rec(map[string]string{"id": "tab\tid", "text": text("丹东")}) +
		rec(map[string]string{"id": "nul-text", "text": text("锦州") + "\u0000"})
	files := map[string]string{
		"feed.jsonl":          jsonl,
		"we ird\x01name.txt":  text("营口"),
		"中文 名%2F字.txt":        text("阜新"),
		"bad\xffutf8name.txt": text("辽阳"),
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "db")
	var out, errOut bytes.Buffer
	f := ingestFlags{store: storeFlags{db: db}, encoding: "auto", batch: 4, json: true, quiet: true}
	err := runIngest(context.Background(), &out, &errOut, f, []string{dir})
	var sum ingest.Summary
	if jerr := json.Unmarshal(out.Bytes(), &sum); jerr != nil {
		t.Fatalf("%v: %s%s", err, out.String(), errOut.String())
	}
	if len(sum.Skipped) != 3 || sum.Added != 6 {
		t.Errorf("added %d, skipped %+v; want 6 added and the NUL id, the tab id and the NUL text skipped", sum.Added, sum.Skipped)
	}
	for _, s := range sum.Skipped {
		if !strings.Contains(s.Reason, "invalid") {
			t.Errorf("line %d skipped for %q, want a reason that says what is invalid", s.Line, s.Reason)
		}
	}

	var exported bytes.Buffer
	if code := run(context.Background(), []string{"export", "--db", db, "--format", "nquads"}, &exported, io.Discard); code != 0 {
		t.Fatalf("kg export: exit %d", code)
	}
	_, stored := storeArticles(t, db)
	r := nquads.NewReader(bytes.NewReader(exported.Bytes()), false)
	n := 0
	for {
		q, err := r.ReadQuad()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("Cayley's parser rejects the export after %d quads: %v", n, err)
		}
		if q.Label == nil {
			t.Errorf("a quad without its article: %v", q)
		}
		n++
	}
	if n != stored || n == 0 {
		t.Errorf("parsed %d quads, the store holds %d", n, stored)
	}
	// Every ID stored is valid, and can be deleted by it.
	arts, _ := storeArticles(t, db)
	var ids []string
	for id := range arts {
		if err := kggraph.CheckArticleID(id); err != nil {
			t.Errorf("stored an invalid ID: %v", err)
		}
		ids = append(ids, id)
	}
	var delOut, delErr bytes.Buffer
	if code := run(context.Background(), append([]string{"delete", "--db", db}, ids...), &delOut, &delErr); code != 0 {
		t.Errorf("kg delete of every stored ID: exit %d: %s", code, delErr.String())
	}
	if code := run(context.Background(), []string{"delete", "--db", db, "a\x00b"}, io.Discard, &delErr); code == 0 || !strings.Contains(delErr.String(), "invalid article ID") {
		t.Errorf("kg delete of an invalid ID: exit %d: %s", code, delErr.String())
	}
}

// TestIngestSIGTERM: kg ingest honours SIGTERM within a second while it
// extracts a 40 MB article, and leaves a store that opens. The article is
// long enough that extraction outlasts the wait before the signal on a
// machine several times faster than this one (16 MB took 6.8 s here in
// all, dictionaries included, once extraction had become twice as fast).
func TestIngestSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a kg process on a 40 MB article")
	}
	samples, err := filepath.Glob("../../data/sample/*.txt")
	if err != nil || len(samples) == 0 {
		t.Fatal("no samples")
	}
	var one strings.Builder
	for _, p := range samples {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		one.Write(b)
		one.WriteString("\n")
	}
	dir := t.TempDir()
	big := strings.Repeat(one.String(), (40<<20)/one.Len()+1)
	if err := os.WriteFile(filepath.Join(dir, "big.txt"), []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "db")
	cmd := child{}.command(t, "ingest", "-q", "--db", db, dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Loading the dictionaries takes a second or two; extracting 40 MB
	// ten more.
	select {
	case err := <-done:
		t.Fatalf("kg ingest ended before the signal: %v\n%s", err, stderr.String())
	case <-time.After(4 * time.Second):
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	signalled := time.Now()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("kg ingest ignores SIGTERM\n%s", stderr.String())
	}
	took := time.Since(signalled)
	t.Logf("kg ingest ended %s after SIGTERM: %s", took.Round(time.Millisecond), strings.TrimSpace(stderr.String()))
	if took > time.Second {
		t.Errorf("kg ingest took %s to end after SIGTERM, want at most 1 s", took)
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Errorf("kg ingest died of %v instead of stopping", ws.Signal())
	}
	noCrash(t, "kg ingest", stderr.String())
	wantContains(t, "kg ingest", stderr.String(), "interrupted")
	st, err := store.Open(context.Background(), db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the store does not open after SIGTERM: %v", err)
	}
	st.Close()
}
