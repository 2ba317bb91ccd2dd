package main

// Hostile Gizmo queries against a real kg serve (issue 14): each gets a
// 4xx or 504 within the query timeout, the process survives them all, and
// an authenticated write sent during each is answered.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

func TestHostileGizmoQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a kg process")
	}
	// The memory backend, under which a query holds the store's read lock
	// while its JavaScript runs: the worst case for writes.
	// A timeout of twice the default, and a script memory bound of 16 MiB:
	// allocating is slow on a busy machine, where s = s + s took up to 11 s
	// to reach the default bound of 128 MiB.
	srv := child{}.serve(t, "memory", "--token", "secret", "--timeout", "20s", "--query-rate", "0", "--gizmo-max-script-memory", "16")
	queries := []struct {
		name, query string
		status      int
		body        string
	}{
		{"regex backtracking", `g.Emit(/^(a+)+\1$/.test("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"))`, 400, "regular expression ran longer than 100ms"},
		{"cyclic array to string", `var a = []; a.push(a); g.Emit("" + a)`, 200, `{"result":[""]}`},
		{"recursion through map", `function f() { return [1].map(f) } f()`, 400, "call depth passed 10000"},
		{"deep recursion", `function f(n) { return f(n + 1) + 1 } f(0)`, 400, "call depth passed 10000"},
		// The bound is 16 MiB or an eighth of the heap, whichever is more.
		{"string doubling", `var s = "x"; while (true) s = s + s`, 400, "memory grew past "},
		{"array growth", `var a = []; while (true) a.push(1, 2, 3, 4, 5, 6, 7, 8)`, 400, "array longer than"},
		{"cyclic start of a path", `var a = []; a.push(a); g.V(a).All()`, 400, "cyclic value passed to a graph method"},
		{"cyclic emit", `var o = {}; o.o = o; g.Emit(o)`, 400, "cyclic value passed to a graph method"},
		{"deeply nested JSON", `var a = []; for (var i = 0; i < 100000; i++) a = [a]; JSON.stringify(a)`, 400, "nesting of values passed 4000"},
	}
	for i, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			wrote := make(chan string, 1)
			go func() {
				time.Sleep(50 * time.Millisecond)
				start := time.Now()
				req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/articles?id=during-%d", srv.url, i), strings.NewReader(crashText(200+i)))
				req.Header.Set("Content-Type", "text/plain")
				req.Header.Set("Authorization", "Bearer secret")
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				resp, err := http.DefaultClient.Do(req.WithContext(ctx))
				if err != nil {
					wrote <- fmt.Sprintf("failed after %v: %v", time.Since(start), err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				wrote <- fmt.Sprintf("%d after %v", resp.StatusCode, time.Since(start).Round(time.Millisecond))
			}()
			start := time.Now()
			a := srv.do(t, http.MethodPost, "/api/v1/query/gizmo", "text/plain", q.query)
			took := time.Since(start)
			w := <-wrote
			t.Logf("%s: %d in %v; a write during it: %s", q.name, a.status, took.Round(time.Millisecond), w)
			// The script memory bound is on the process's heap, which the
			// write beside the query grows too: a query that allocates
			// fast may meet that bound before its own.
			stopped := strings.Contains(string(a.body), q.body) ||
				q.status == 400 && strings.Contains(string(a.body), "memory grew past ")
			if a.status != q.status || !stopped {
				t.Errorf("status %d, body %.300s; want %d with %s", a.status, a.body, q.status, q.body)
			}
			if !strings.HasPrefix(w, "201 ") {
				t.Errorf("authenticated write during the query: %s", w)
			}
			select {
			case <-srv.done:
				t.Fatalf("kg serve died: %v\n%s", srv.err, srv.stderr.String())
			default:
			}
			if h := srv.do(t, http.MethodGet, "/healthz", "", ""); h.status != http.StatusOK {
				t.Errorf("/healthz after the query: %d", h.status)
			}
		})
	}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", srv.cmd.Process.Pid)); err == nil {
		for line := range strings.Lines(string(b)) {
			if strings.HasPrefix(line, "VmHWM:") {
				t.Logf("kg serve's peak resident memory: %s", strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")))
			}
		}
	}
	srv.stop(t)
}
