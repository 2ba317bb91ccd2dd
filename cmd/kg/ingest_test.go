package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unionkg/kg/ingest"
)

// TestIngestBadInputs feeds kg ingest a directory of what scrapers leave
// behind: each bad input is reported with its reason and skipped, and every
// good article is still stored.
func TestIngestBadInputs(t *testing.T) {
	dir := t.TempDir()
	good := "7月22日,沈阳市总工会召开党组会议,传达学习党的二十届三中全会精神。"
	files := map[string][]byte{
		"good.txt":      []byte(good),
		"empty.txt":     nil,
		"binary.txt":    {0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'I', 'H', 'D', 'R'},
		"truncated.txt": []byte(good + string([]byte("工")[:2])), // UTF-8 cut mid-character: kept
		"scripts.html":  []byte("<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>"),
		"feed.jsonl": []byte(`{"id":"j1","text":"` + good + `"}` + "\n" +
			"{broken\n" +
			`{"id":"j2"}` + "\n" +
			`{"id":"j3","text":"` + strings.Replace(good, "沈阳", "大连", 1) + `"}` + "\n"),
	}
	// A 50 MB single line of text: read, extracted and stored like any
	// other (extraction is linear), within the default 64 MiB limit.
	// (-short makes it 5 MB.)
	size := 50 << 20
	if testing.Short() {
		size = 5 << 20
	}
	files["huge.txt"] = []byte(good + strings.Repeat("工会", size/len("工会")))
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut bytes.Buffer
	f := ingestFlags{store: storeFlags{db: "memory"}, encoding: "auto", batch: 4, json: true, quiet: true}
	err := runIngest(context.Background(), &out, &errOut, f, []string{dir})
	if err == nil || !strings.Contains(err.Error(), "inputs skipped") {
		t.Fatalf("err = %v, want a report of skipped inputs", err)
	}
	var sum ingest.Summary
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out.String())
	}
	if sum.Added != 5 { // good, truncated, huge, j1, j3
		t.Errorf("added %d articles, want 5: %+v", sum.Added, sum)
	}
	want := map[string]string{"empty.txt": "no text", "binary.txt": "binary", "scripts.html": "no text"}
	reasons := map[string]string{}
	lines := map[int]bool{}
	for _, s := range sum.Skipped {
		reasons[filepath.Base(s.Path)] = s.Reason
		if filepath.Base(s.Path) == "feed.jsonl" {
			lines[s.Line] = true
		}
	}
	for name, why := range want {
		if !strings.Contains(reasons[name], why) {
			t.Errorf("%s: reason %q, want it to say %q", name, reasons[name], why)
		}
	}
	if !lines[2] || !lines[3] || len(lines) != 2 {
		t.Errorf("bad JSONL lines reported: %v, want lines 2 and 3", lines)
	}
}
