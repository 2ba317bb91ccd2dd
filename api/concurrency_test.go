package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/gazetteer"
	"github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/hans"
	"github.com/unionkg/kg/ingest"
	"github.com/unionkg/kg/store"
	"github.com/unionkg/kg/synth"
)

// TestWritesWhileReading posts articles into a new bolt store, which grows
// (and bolt remaps its file), while readers scan it: a reader that held one
// bolt transaction open while opening another used to deadlock with the
// writer's remap, and a read that met a node deleted meanwhile panicked.
// Every write must finish and no read may fail with a server error.
func TestWritesWhileReading(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200 articles through the API")
	}
	ctx := context.Background()
	x, err := extract.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gaz, _ := gazetteer.Load(data.Divisions())
	t2s, _ := hans.NewT2S(data.OpenCC())
	st, err := store.Open(ctx, t.TempDir()+"/db", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in := ingest.New(x, graph.NewBuilder(gaz), st)
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	srv := New(st, in, gaz, t2s, Options{Logger: log, QueryTimeout: time.Minute})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	gen, _ := synth.New(synth.Config{Seed: 1})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var serverErrors atomic.Int64
	paths := []string{
		"/api/congresses/" + url.PathEscape("congress:党的二十大") + "/relays?limit=1000",
		"/api/slogans", "/api/bodies?limit=100", "/api/articles?limit=100",
		"/api/bodies/" + url.PathEscape("union:中华全国总工会"),
	}
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := i; ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(ts.URL + paths[k%len(paths)])
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode >= 500 {
						serverErrors.Add(1)
					}
				}
			}
		}()
	}
	done := make(chan int)
	go func() {
		n := 0
		for i := range 200 {
			a := gen.Article(i)
			b, _ := json.Marshal(map[string]string{"id": a.ID, "title": a.Title, "published": a.Published, "text": a.Text})
			resp, err := http.Post(ts.URL+"/api/articles", "application/json", strings.NewReader(string(b)))
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK {
					n++
				}
			}
		}
		done <- n
	}()
	// A watchdog, not a timing: a deadlock never ends.
	select {
	case n := <-done:
		if n != 200 {
			t.Errorf("%d of 200 writes succeeded", n)
		}
	case <-time.After(4 * time.Minute):
		pprof.Lookup("goroutine").WriteTo(os.Stderr, 1)
		t.Fatal("writes hung: deadlock")
	}
	close(stop)
	wg.Wait()
	if n := serverErrors.Load(); n > 0 {
		t.Errorf("%d reads answered a server error", n)
	}
}
