package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	kggraph "github.com/unionkg/kg/graph"
)

// crashArticle is the content of article i at version v: the number of
// facts depends on both, so that an update changes the article's quads.
func crashArticle(i, v int) Article {
	return article(fmt.Sprintf("x%05d", i), "v"+strconv.Itoa(v), 1+(i+v)%5)
}

// TestCrashWriter is the child process of TestCrashMidIngest: it writes
// batches of new and updated articles into a bolt store until killed.
func TestCrashWriter(t *testing.T) {
	dir := os.Getenv("KG_CRASH_STORE")
	if dir == "" {
		t.Skip("runs as the child of TestCrashMidIngest")
	}
	ctx := context.Background()
	snap := os.Getenv("KG_CRASH_SNAPSHOT") != ""
	st, err := Open(ctx, dir, Options{ReadModel: snap})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	if snap {
		// Articles of their own, then a snapshot: the writes below are
		// journalled.
		var first []Article
		for i := range 2000 {
			first = append(first, article(fmt.Sprintf("s%05d", i), "v0", 1+i%4))
		}
		if _, err := st.Put(ctx, first); err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		if err := st.BuildReadModel(ctx, nil); err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		if err := st.SaveReadModel(ctx); err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
	}
	for b := 0; ; b++ {
		var batch []Article
		for k := range 8 {
			i := b*8 + k
			batch = append(batch, crashArticle(i, 0))
			if i%3 == 0 && i > 0 {
				// Rewrite an earlier article with new content.
				batch = append(batch, crashArticle(i/3, b))
			}
		}
		if _, err := st.Put(ctx, batch); err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		fmt.Println("batch", b)
	}
}

// TestCrashMidIngest kills a writer with SIGKILL at several points and
// checks that the store opens and holds every article whole or not at all,
// including every batch the writer reported written; and, for a writer
// whose store has a read-model snapshot, that the model loaded from it
// equals one built from the quads.
func TestCrashMidIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for _, snap := range []bool{false, true} {
		t.Run(fmt.Sprint("snapshot=", snap), func(t *testing.T) { crashMidIngest(t, snap) })
	}
}

func crashMidIngest(t *testing.T, snap bool) {
	for round, after := range []int{3, 17, 40} {
		dir := filepath.Join(t.TempDir(), "db")
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWriter$")
		cmd.Env = append(os.Environ(), "KG_CRASH_STORE="+dir)
		if snap {
			cmd.Env = append(cmd.Env, "KG_CRASH_SNAPSHOT=1")
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		acked := -1
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "error") {
				t.Fatalf("writer: %s", line)
			}
			if n, ok := strings.CutPrefix(line, "batch "); ok {
				acked, _ = strconv.Atoi(n)
				if acked >= after {
					// Let it get into the next transaction, then kill.
					time.Sleep(time.Duration(round) * time.Millisecond)
					break
				}
			}
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		// The writer may have reported batches that were not read yet
		// (the scanner reads ahead, and the writer ran on during the
		// sleep): they were acknowledged too.
		for sc.Scan() {
			if n, ok := strings.CutPrefix(sc.Text(), "batch "); ok {
				acked, _ = strconv.Atoi(n)
			}
		}
		cmd.Wait()
		checkWhole(t, dir, acked)
		if snap {
			st := openModel(t, dir, false)
			loaded, err := st.LoadReadModel(context.Background())
			if err != nil || !loaded {
				t.Fatalf("round %d: snapshot loaded %v, err %v", round, loaded, err)
			}
			if got, want := st.model.Fingerprint(), rebuiltFingerprint(t, st); got != want {
				t.Errorf("round %d: the model loaded after kill -9 differs from one built from the quads", round)
			}
			st.Close()
		}
	}
}

func checkWhole(t *testing.T, dir string, acked int) {
	t.Helper()
	ctx := context.Background()
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatalf("store does not open after a crash: %v", err)
	}
	defer st.Close()
	present := map[string]bool{}
	for q, err := range st.Quads(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if id, ok := kggraph.ArticleID(asIRI(q.Label)); ok {
			present[id] = true
		}
	}
	for id := range present {
		if strings.HasPrefix(id, "s") {
			continue // written before the snapshot, not by the batches
		}
		i, _ := strconv.Atoi(strings.TrimPrefix(id, "x"))
		h, err := st.Hash(ctx, id)
		if err != nil || !strings.HasPrefix(h, "v") {
			t.Errorf("article %s has quads but no hash: half-written", id)
			continue
		}
		v, _ := strconv.Atoi(h[1:])
		want := map[string]bool{}
		for _, q := range crashArticle(i, v).Quads {
			want[q.String()] = true
		}
		got := quadsOf(t, st, id)
		if len(got) != len(want) {
			t.Errorf("article %s version %d has %d quads, want %d: half-written", id, v, len(got), len(want))
			continue
		}
		for _, q := range got {
			if !want[q] {
				t.Errorf("article %s holds a quad of another version: %s", id, q)
			}
		}
	}
	// Every batch reported written survived, but for the articles the
	// next batch was rewriting when the process died: those may be absent.
	mayBeAbsent := map[int]bool{}
	for i := (acked + 1) * 8; i < (acked+2)*8; i++ {
		if i%3 == 0 {
			mayBeAbsent[i/3] = true
		}
	}
	for i := 0; i < (acked+1)*8; i++ {
		if id := fmt.Sprintf("x%05d", i); !present[id] && !mayBeAbsent[i] {
			t.Errorf("article %s of an acknowledged batch is missing", id)
		}
	}
	if st.QuadStore().ValueOf(quad.IRI("kg:congress:党的二十大")) == nil {
		t.Error("store lost the shared congress node")
	}
}
