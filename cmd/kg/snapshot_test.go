package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitModel waits until the server's read model is ready.
func (s *server) waitModel(t *testing.T) {
	t.Helper()
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		if h := s.do(t, "GET", "/healthz", "", "").json(t); h["read_model"] == "ready" {
			return
		}
		if time.Since(start) > childTimeout {
			t.Fatalf("read model not ready: %s", s.stderr.String())
		}
	}
}

// kg reindex writes the read model's snapshot; kg serve starts from it,
// and after kill -9 still starts from it with the writes made since; a
// clean stop saves it again.
func TestReindexAndSnapshotStart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts kg processes")
	}
	db := filepath.Join(t.TempDir(), "db")
	var out, errOut bytes.Buffer
	f := ingestFlags{store: storeFlags{db: db}, encoding: "auto", batch: 8, quiet: true}
	if err := runIngest(context.Background(), &out, &errOut, f, []string{"../../data/sample"}); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errOut.String())
	}
	r := child{}.run(t, "reindex", "-q", "--db", db)
	if r.code != 0 {
		t.Fatalf("kg reindex: exit %d\n%s", r.code, r.stderr)
	}
	noCrash(t, "kg reindex", r.stderr)
	wantContains(t, "stdout", r.stdout, "reindexed: 26 articles, ", " quads; built in ")
	if _, err := os.Stat(filepath.Join(db, "readmodel.snap")); err != nil {
		t.Fatal(err)
	}

	s := child{}.serve(t, db)
	s.waitModel(t)
	wantContains(t, "kg serve's log", s.stderr.String(), "read model loaded from its snapshot")
	stats := string(s.do(t, "GET", "/api/stats", "", "").body)
	text := "2024年7月25日，成都市总工会召开会议，传达学习党的二十届三中全会精神。"
	if a := s.post(t, "snapshot-test", text); a.status != 201 {
		t.Fatalf("POST: %d %s", a.status, a.body)
	}
	after := string(s.do(t, "GET", "/api/stats", "", "").body)
	if after == stats {
		t.Fatal("the write did not change the stats")
	}
	s.cmd.Process.Kill() // no snapshot saved: the journal has the write
	<-s.done

	s = child{}.serve(t, db)
	s.waitModel(t)
	wantContains(t, "kg serve's log after kill -9", s.stderr.String(), "read model loaded from its snapshot")
	if got := string(s.do(t, "GET", "/api/stats", "", "").body); got != after {
		t.Errorf("stats after kill -9 and a start from the snapshot:\n%s\nwant\n%s", got, after)
	}
	if a := s.do(t, "GET", "/api/articles/snapshot-test", "", ""); a.status != 200 {
		t.Errorf("the article written before kill -9: %d", a.status)
	}
	if a := s.do(t, "DELETE", "/api/articles/snapshot-test", "", ""); a.status != 200 && a.status != 204 {
		t.Fatalf("DELETE: %d %s", a.status, a.body)
	}
	s.stop(t)
	wantContains(t, "kg serve's log at stop", s.stderr.String(), "read-model snapshot saved")

	s = child{}.serve(t, db)
	s.waitModel(t)
	if got := string(s.do(t, "GET", "/api/stats", "", "").body); got != stats {
		t.Errorf("stats after the delete and a clean stop:\n%s\nwant\n%s", got, stats)
	}
	s.stop(t)

	r = child{}.run(t, "reindex", "--db", "memory")
	if r.code != 1 || !strings.Contains(r.stderr, "only bolt and PostgreSQL stores keep a read-model snapshot") {
		t.Errorf("kg reindex of a memory store: exit %d\n%s", r.code, r.stderr)
	}
}
