package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFullWriter is the child of TestWritesAfterDiskFull: under a
// file-size limit, which makes bolt's writes fail with EFBIG as a full disk
// makes them fail with ENOSPC, it writes articles into a bolt store until a
// write fails; then it lifts the limit, as an operator frees space, and
// writes through the same handle, then through a new one.
func TestFullWriter(t *testing.T) {
	dir := os.Getenv("KG_FULL_STORE")
	if dir == "" {
		t.Skip("runs as the child of TestWritesAfterDiskFull")
	}
	ctx := context.Background()
	exit := func(err error) {
		fmt.Println("error", err)
		os.Exit(2)
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		exit(err)
	}
	lim := old
	lim.Cur = 64 << 10 // a new store takes 32 KiB
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		exit(err)
	}
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		exit(err)
	}
	i := 0
	for ; ; i++ {
		if i == 1000 {
			exit(errors.New("no write failed"))
		}
		if _, err := st.Put(ctx, []Article{crashArticle(i, 0)}); err != nil {
			fmt.Println("failed", i, errors.Is(err, ErrNoSpace), err)
			break
		}
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		exit(err)
	}
	_, err = st.Put(ctx, []Article{crashArticle(i, 0)})
	fmt.Println("put", errors.Is(err, ErrWritesSuspended), err)
	_, err = st.Delete(ctx, "x00000")
	fmt.Println("delete", errors.Is(err, ErrWritesSuspended), err)
	if err := st.Close(); err != nil {
		exit(err)
	}
	if st, err = Open(ctx, dir, Options{}); err != nil {
		exit(err)
	}
	for j := i; j < i+10; j++ {
		if _, err := st.Put(ctx, []Article{crashArticle(j, 0)}); err != nil {
			exit(err)
		}
	}
	fmt.Println("done", i+10)
	os.Exit(0)
}

// TestWritesAfterDiskFull checks what a bolt store does when a write finds
// no space: the write fails with ErrNoSpace, the same handle refuses every
// later write (ErrWritesSuspended) even once there is room, because Cayley
// v0.7.7 keeps the failed transaction's node IDs in its cache and would
// store quads pointing at the wrong nodes; a reopened store writes again,
// and every article in it is whole.
func TestWritesAfterDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := filepath.Join(t.TempDir(), "db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestFullWriter$")
	cmd.Env = append(os.Environ(), "KG_FULL_STORE="+dir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("writer: %v\n%s", err, out)
	}
	lines := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), " ")
		lines[k] = v
	}
	t.Logf("%s", out)
	if v := lines["error"]; v != "" {
		t.Fatalf("writer: %s", v)
	}
	var failedAt int
	var noSpace bool
	if _, err := fmt.Sscanf(lines["failed"], "%d %t", &failedAt, &noSpace); err != nil || failedAt == 0 {
		t.Fatalf("no write failed after some succeeded: %q", lines["failed"])
	}
	if !noSpace || !strings.Contains(lines["failed"], "file too large") {
		t.Errorf("the failed write is not ErrNoSpace, or does not say why: %s", lines["failed"])
	}
	for _, k := range []string{"put", "delete"} {
		if !strings.HasPrefix(lines[k], "true ") || !strings.Contains(lines[k], "is out of space") {
			t.Errorf("%s through the same handle, with room again: %s; want ErrWritesSuspended naming the cause", k, lines[k])
		}
	}
	var done int
	if _, err := fmt.Sscanf(lines["done"], "%d", &done); err != nil {
		t.Fatalf("the reopened store did not write: %q", lines["done"])
	}

	st := openT(t, dir)
	total := 0
	for i := range done {
		id := fmt.Sprintf("x%05d", i)
		got := quadsOf(t, st, id)
		want := map[string]bool{}
		for _, q := range crashArticle(i, 0).Quads {
			want[q.String()] = true
		}
		total += len(want)
		if len(got) != len(want) {
			t.Errorf("article %s holds %d quads, want %d", id, len(got), len(want))
			continue
		}
		for _, q := range got {
			if !want[q] {
				t.Errorf("article %s holds a quad it was not given: %s", id, q)
			}
		}
	}
	if n := countQuads(t, st); n != total {
		t.Errorf("the store holds %d quads, its %d articles %d", n, done, total)
	}
}

// TestOpenReadOnly opens bolt stores read-only: nothing is created, several
// readers share a store, writes fail with ErrReadOnly, and a writer gives
// up on a store that readers hold with ErrLocked.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	if st, err := Open(ctx, dir, Options{ReadOnly: true}); err == nil {
		st.Close()
		t.Fatal("opened a store that does not exist")
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a read-only open created %s: %v", dir, err)
	}
	st := openT(t, dir)
	if _, err := st.Put(ctx, []Article{article("a", "h1", 2)}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	var readers []*Store
	for range 2 {
		ro, err := Open(ctx, dir, Options{ReadOnly: true, LockTimeout: 100 * time.Millisecond})
		if err != nil {
			t.Fatalf("a second reader: %v", err)
		}
		t.Cleanup(func() { ro.Close() })
		readers = append(readers, ro)
	}
	for _, ro := range readers {
		if h, err := ro.Hash(ctx, "a"); err != nil || h != "h1" {
			t.Errorf("read-only Hash(a) = %q, %v", h, err)
		}
	}
	ro := readers[0]
	if err := ro.Writable(); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Writable() = %v, want ErrReadOnly", err)
	}
	if _, err := ro.Put(ctx, []Article{article("b", "h1", 1)}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Put on a read-only store: %v, want ErrReadOnly", err)
	}
	if _, err := ro.Delete(ctx, "a"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Delete on a read-only store: %v, want ErrReadOnly", err)
	}
	start := time.Now()
	if w, err := Open(ctx, dir, Options{LockTimeout: 200 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		if err == nil {
			w.Close()
		}
		t.Errorf("a writer beside readers: %v, want ErrLocked", err)
	} else if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a writer gave up after %s, with a timeout of 200ms", d)
	}
	mem, err := Open(ctx, "memory", Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if _, err := mem.Put(ctx, []Article{article("b", "h1", 1)}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Put on a read-only memory store: %v, want ErrReadOnly", err)
	}
}
