package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/store"
)

// TestServeChild is the server of TestKillDuringAPIWrites.
func TestServeChild(t *testing.T) {
	db, addr := os.Getenv("KG_CHILD_DB"), os.Getenv("KG_CHILD_ADDR")
	if db == "" {
		t.Skip("runs as the child of TestKillDuringAPIWrites")
	}
	err := runServe(context.Background(), serveFlags{store: storeFlags{db: db}, addr: addr, web: t.TempDir(), timeout: time.Minute})
	t.Fatal(err)
}

func crashText(i int) string {
	return fmt.Sprintf("%d月%d日,沈阳市第%d总工会召开党组会议,传达学习党的二十届三中全会精神。会议强调,要增强“四个意识”。", 1+i%12, 1+i%28, i)
}

// TestKillDuringAPIWrites posts articles to a server and kills it with
// SIGKILL mid-stream: the store opens again and holds every article whole
// (exactly the quads a fresh write of it gives) or not at all.
func TestKillDuringAPIWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeChild$")
	cmd.Env = append(os.Environ(), "KG_CHILD_DB="+db, "KG_CHILD_ADDR="+addr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	url := "http://" + addr
	for i := 0; ; i++ {
		if resp, err := http.Get(url + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if i > 300 {
			t.Fatal("server did not start")
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Writers post articles until the server dies; it is killed after
	// some have been acknowledged.
	acked := make(chan int, 1000)
	for w := range 4 {
		go func() {
			for i := w; ; i += 4 {
				resp, err := http.Post(fmt.Sprintf("%s/api/articles?id=a%04d", url, i), "text/plain", strings.NewReader(crashText(i)))
				if err != nil {
					return
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated {
					acked <- i
				}
			}
		}()
	}
	var got []int
	for len(got) < 20 {
		got = append(got, <-acked)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	time.Sleep(100 * time.Millisecond)
	for len(acked) > 0 {
		got = append(got, <-acked)
	}

	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatalf("the store does not open after kill -9: %v", err)
	}
	defer st.Close()
	x, err := extract.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := newBuilder()
	if err != nil {
		t.Fatal(err)
	}
	sort.Ints(got)
	for i := 0; i <= got[len(got)-1]+8; i++ {
		id := fmt.Sprintf("a%04d", i)
		stored, err := st.ArticleQuads(ctx, id)
		if err != nil {
			for _, a := range got {
				if a == i {
					t.Errorf("article %s was acknowledged but is missing: %v", id, err)
				}
			}
			continue
		}
		ex, err := x.Extract(ctx, extract.Input{ID: id, Source: "api", Text: crashText(i)})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, q := range b.Quads(ex, crashText(i)) {
			want[q.String()] = true
		}
		if len(stored) != len(want) {
			t.Errorf("article %s holds %d quads, a whole write %d: half-written", id, len(stored), len(want))
			continue
		}
		for _, q := range stored {
			if !want[q.String()] {
				t.Errorf("article %s holds a quad a fresh write does not: %v", id, q)
			}
		}
	}
}
