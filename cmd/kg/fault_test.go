package main

// Fault tests: a full disk and a read-only store, with real processes and
// real files. The disk fills up by the file-size limit (RLIMIT_FSIZE) of a
// child process: past it, write and ftruncate fail with EFBIG, as they
// fail with ENOSPC on a full disk, and the Go runtime catches the SIGXFSZ
// that comes with it. A read-only file system cannot be set up without
// privileges, so a read-only store is one whose files and directory this
// user may not write; under root, which ignores permissions, the child
// runs as nobody.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/unionkg/kg/extract"
	kggraph "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/store"
)

// TestKGChild runs kg's command line as a child process of the fault
// tests: KG_CHILD_ARGS holds the arguments (a JSON array), KG_CHILD_FSIZE
// the file-size limit in bytes to run under, if any.
func TestKGChild(t *testing.T) {
	argsJSON := os.Getenv("KG_CHILD_ARGS")
	if argsJSON == "" {
		t.Skip("runs as the child of the fault tests")
	}
	var args []string
	if err := json.Unmarshal([]byte(argsJSON), &args); err != nil {
		fmt.Fprintln(os.Stderr, "child: KG_CHILD_ARGS:", err)
		os.Exit(100)
	}
	if v := os.Getenv("KG_CHILD_FSIZE"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		var lim syscall.Rlimit
		if err == nil {
			err = syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim)
		}
		if err == nil {
			lim.Cur = n
			err = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "child: file-size limit:", err)
			os.Exit(100)
		}
	}
	os.Exit(run(context.Background(), args, os.Stdout, os.Stderr))
}

// child says how to run kg in a child process.
type child struct {
	fsize int64                // file-size limit in bytes; 0: none
	exe   string               // the test binary; "": this one
	dir   string               // working directory; "": this one
	attr  *syscall.SysProcAttr // to run as another user
}

// command returns the child running kg with args.
func (c child) command(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe := c.exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			t.Fatal(err)
		}
	}
	a, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestKGChild$")
	cmd.Dir = c.dir
	cmd.SysProcAttr = c.attr
	for _, kv := range os.Environ() {
		// The tests say which store and want writes without a token.
		if !strings.HasPrefix(kv, "KG_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "KG_CHILD_ARGS="+string(a))
	if c.fsize > 0 {
		cmd.Env = append(cmd.Env, "KG_CHILD_FSIZE="+strconv.FormatInt(c.fsize, 10))
	}
	return cmd
}

// result is what a kg process did.
type result struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
}

// childTimeout is where a child that has not finished counts as hung.
const childTimeout = 2 * time.Minute

// run runs kg with args to the end.
func (c child) run(t *testing.T, args ...string) result {
	t.Helper()
	cmd := c.command(t, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(childTimeout):
		cmd.Process.Kill()
		<-done
		t.Fatalf("kg %s did not end within %s (hung?)\nstderr: %s", strings.Join(args, " "), childTimeout, errOut.String())
	}
	r := result{code: cmd.ProcessState.ExitCode(), stdout: out.String(), stderr: errOut.String(), elapsed: time.Since(start)}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("kg %s died of %v\nstderr: %s", strings.Join(args, " "), ws.Signal(), r.stderr)
	}
	if r.code == 100 {
		t.Fatalf("the child could not set up: %s", r.stderr)
	}
	return r
}

// noCrash fails the test if a process printed a panic or a stack trace.
func noCrash(t *testing.T, what, stderr string) {
	t.Helper()
	for _, s := range []string{"panic:", "goroutine ", "fatal error:"} {
		if strings.Contains(stderr, s) {
			t.Errorf("%s printed %q:\n%s", what, s, stderr)
		}
	}
}

func wantContains(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not say %q:\n%s", what, w, got)
		}
	}
}

// storeArticles reads a store's quads by article, each article's sorted.
func storeArticles(t *testing.T, db string) (map[string][]string, int) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the store does not open: %v", err)
	}
	defer st.Close()
	arts := map[string][]string{}
	n := 0
	for q, err := range st.Quads(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		iri, _ := q.Label.(quad.IRI)
		id, ok := kggraph.ArticleID(iri)
		if !ok {
			t.Errorf("a quad outside any article: %v", q)
			continue
		}
		arts[id] = append(arts[id], q.String())
	}
	for _, qs := range arts {
		sort.Strings(qs)
	}
	return arts, n
}

func sampleIDs(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples in %s: %v", dir, err)
	}
	var ids []string
	for _, f := range files {
		ids = append(ids, strings.TrimSuffix(filepath.Base(f), ".txt"))
	}
	sort.Strings(ids)
	return ids
}

// TestIngestDiskFull runs kg ingest of the sample corpus with room for half
// of the store: it stops with a clear message and exit status 1, the store
// opens and holds exactly the batches before the failure, each article as
// a clean ingest writes it, and the same command run again with room
// completes the store to what a clean ingest gives.
func TestIngestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("starts kg processes")
	}
	samples, err := filepath.Abs("../../data/sample")
	if err != nil {
		t.Fatal(err)
	}
	ids := sampleIDs(t, samples)
	dir := t.TempDir()
	clean, full := filepath.Join(dir, "clean"), filepath.Join(dir, "full")
	var out, errOut bytes.Buffer
	f := ingestFlags{store: storeFlags{db: clean}, encoding: "auto", batch: 2, quiet: true}
	if err := runIngest(context.Background(), &out, &errOut, f, []string{samples}); err != nil {
		t.Fatalf("clean ingest: %v\n%s", err, errOut.String())
	}
	want, wantQuads := storeArticles(t, clean)
	if len(want) != len(ids) {
		t.Fatalf("clean ingest stored %d articles, want %d", len(want), len(ids))
	}
	fi, err := os.Stat(filepath.Join(clean, "indexes.bolt"))
	if err != nil {
		t.Fatal(err)
	}
	// Bolt doubles its file as it grows (up to 16 MiB), so half of the
	// clean store's size holds some batches and not all.
	limit := fi.Size() / 2
	args := []string{"ingest", "-q", "--batch", "2", "--db", full, samples}
	r := child{fsize: limit}.run(t, args...)
	t.Logf("ingest with %d KiB of room: exit %d in %s\n%s%s", limit>>10, r.code, r.elapsed.Round(time.Millisecond), r.stdout, r.stderr)
	if r.code != 1 {
		t.Fatalf("exit status %d, want 1", r.code)
	}
	noCrash(t, "kg ingest", r.stderr)
	wantContains(t, "the error", r.stderr,
		"kg: ingest: write batch ", "bolt store "+full+" is out of space", "file too large",
		"The store is intact", "run the same command again")
	var written int
	if _, err := fmt.Sscanf(r.stdout, "articles %d", &written); err != nil {
		t.Fatalf("no summary on stdout: %q", r.stdout)
	}
	got, _ := storeArticles(t, full)
	if written == 0 || written == len(ids) {
		t.Fatalf("%d of %d articles written: the limit does not cut the ingest", written, len(ids))
	}
	if len(got) != written {
		t.Errorf("the store holds %d articles, the summary says %d were written", len(got), written)
	}
	for i, id := range ids {
		switch {
		case i < written && got[id] == nil:
			t.Errorf("article %s of a written batch is missing", id)
		case i >= written && got[id] != nil:
			t.Errorf("article %s of the failed batch or after is stored", id)
		case got[id] != nil && !slices.Equal(got[id], want[id]):
			t.Errorf("article %s holds %d quads, a clean ingest %d: not whole", id, len(got[id]), len(want[id]))
		}
	}

	r = child{}.run(t, args...)
	if r.code != 0 {
		t.Fatalf("ingest again with room: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	wantContains(t, "the second summary", r.stdout, fmt.Sprintf("(%d new, 0 updated, %d unchanged)", len(ids)-written, written))
	got, gotQuads := storeArticles(t, full)
	if gotQuads != wantQuads {
		t.Errorf("the completed store holds %d quads, a clean ingest %d", gotQuads, wantQuads)
	}
	for _, id := range ids {
		if !slices.Equal(got[id], want[id]) {
			t.Errorf("article %s after completion: %d quads, a clean ingest %d", id, len(got[id]), len(want[id]))
		}
	}
}

// server is a kg serve child process.
type server struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	done   chan struct{} // closed when the process has ended
	err    error         // what Wait said, once done is closed
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serve starts kg serve on db with extra flags and waits until it answers.
func (c child) serve(t *testing.T, db string, flags ...string) *server {
	t.Helper()
	addr := freeAddr(t)
	args := append([]string{"serve", "--db", db, "--addr", addr, "--web", t.TempDir(), "--write-rate", "0"}, flags...)
	s := &server{cmd: c.command(t, args...), url: "http://" + addr, stderr: &bytes.Buffer{}, done: make(chan struct{})}
	s.cmd.Stderr = s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			s.cmd.Process.Kill()
			<-s.done
		}
	})
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		select {
		case <-s.done:
			t.Fatalf("kg serve exited: %s", s.stderr.String())
		default:
		}
		if resp, err := http.Get(s.url + "/healthz"); err == nil {
			var h struct{ Writes string }
			err := json.NewDecoder(resp.Body).Decode(&h)
			resp.Body.Close()
			// Writes wait for the extractor, which loads after start: the
			// tests time them from a server that has it.
			if err == nil && h.Writes != "starting" {
				return s
			}
		}
		if time.Since(start) > childTimeout {
			s.cmd.Process.Kill()
			<-s.done
			t.Fatalf("kg serve does not answer: %s", s.stderr.String())
		}
	}
}

// stop stops the server with SIGTERM and expects a clean exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.done:
		if s.err != nil {
			t.Errorf("kg serve after SIGTERM: %v\n%s", s.err, s.stderr.String())
		}
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
		t.Fatalf("kg serve does not stop on SIGTERM: %s", s.stderr.String())
	}
	noCrash(t, "kg serve", s.stderr.String())
}

// answer is an HTTP answer.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("answer %d is not JSON: %v: %s", a.status, err, a.body)
	}
	return m
}

func (a answer) errorCode(t *testing.T) (code, msg string) {
	t.Helper()
	e, _ := a.json(t)["error"].(map[string]any)
	code, _ = e["code"].(string)
	msg, _ = e["message"].(string)
	return code, msg
}

func (s *server) do(t *testing.T, method, path, ctype, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, b}
}

func (s *server) post(t *testing.T, id, text string) answer {
	t.Helper()
	return s.do(t, http.MethodPost, "/api/articles?id="+id, "text/plain", text)
}

// conforms checks an answer against the server's own OpenAPI document.
func (s *server) conforms(t *testing.T, method, path, ctype string, a answer) {
	t.Helper()
	raw := s.do(t, http.MethodGet, "/api/openapi.json", "", "")
	doc, err := openapi3.NewLoader().LoadFromData(raw.body)
	if err != nil {
		t.Fatal(err)
	}
	doc.Servers = openapi3.Servers{{URL: s.url}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, s.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s: no route in openapi.json: %v", method, path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route}
	if err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: a.status, Header: a.header, Body: io.NopCloser(bytes.NewReader(a.body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}); err != nil {
		t.Errorf("%s %s answers %d, not as openapi.json says: %v", method, path, a.status, err)
	}
}

// TestServeDiskFull posts articles to kg serve until its store has no room:
// the write that fails answers a JSON 507 and so does every write after it
// (the server suspends writes: see store.ErrWritesSuspended), reads go on,
// and the store, reopened with room, holds every acknowledged article
// whole and takes writes again.
func TestServeDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("starts kg processes")
	}
	db := filepath.Join(t.TempDir(), "db")
	// A new store takes 32 KiB; 128 KiB holds a few of these articles.
	srv := child{fsize: 128 << 10}.serve(t, db)
	var acked []int
	var failed answer
	failedAt := -1
	for i := 0; i < 1000; i++ {
		a := srv.post(t, fmt.Sprintf("a%04d", i), crashText(i))
		if a.status == http.StatusCreated {
			acked = append(acked, i)
			continue
		}
		failed, failedAt = a, i
		break
	}
	t.Logf("%d articles stored, then %d: %s", len(acked), failed.status, failed.body)
	if failedAt < 0 || len(acked) == 0 {
		t.Fatalf("%d articles stored, failed at %d: the limit does not cut the writes", len(acked), failedAt)
	}
	if failed.status != http.StatusInsufficientStorage {
		t.Fatalf("the write past the limit answers %d, want 507: %s", failed.status, failed.body)
	}
	if code, msg := failed.errorCode(t); code != "insufficient_storage" || !strings.Contains(msg, "out of space") {
		t.Errorf("507 answer: code %q, message %q", code, msg)
	}
	srv.conforms(t, http.MethodPost, "/api/articles?id=x", "text/plain", failed)

	// Writes stay refused, whatever they are.
	for _, w := range []struct{ method, path, body string }{
		{http.MethodPost, "/api/articles?id=small", "7月1日,工会召开会议。"},
		{http.MethodDelete, "/api/articles/a0000", ""},
	} {
		a := srv.do(t, w.method, w.path, "text/plain", w.body)
		if code, _ := a.errorCode(t); a.status != http.StatusInsufficientStorage || code != "insufficient_storage" {
			t.Errorf("%s %s after the failure: %d %s, want 507 insufficient_storage", w.method, w.path, a.status, a.body)
		}
	}
	// Reads go on.
	h := srv.do(t, http.MethodGet, "/healthz", "", "")
	if m := h.json(t); h.status != http.StatusOK || m["status"] != "ok" || m["writes"] != "suspended" {
		t.Errorf("/healthz after the failure: %d %s", h.status, h.body)
	}
	srv.conforms(t, http.MethodGet, "/healthz", "", h)
	if a := srv.do(t, http.MethodGet, "/api/articles/a0000", "", ""); a.status != http.StatusOK {
		t.Errorf("GET an acknowledged article after the failure: %d %s", a.status, a.body)
	}
	st := srv.do(t, http.MethodGet, "/api/stats", "", "")
	if m := st.json(t); st.status != http.StatusOK || m["articles"] != float64(len(acked)) {
		t.Errorf("/api/stats after the failure: %d %s, want %d articles", st.status, st.body, len(acked))
	}
	srv.stop(t)
	wantContains(t, "the server log", srv.stderr.String(), "is out of space", "file too large")

	// Restarted with room, the server takes the write that failed.
	srv = child{}.serve(t, db)
	failedID := fmt.Sprintf("a%04d", failedAt)
	if a := srv.post(t, failedID, crashText(failedAt)); a.status != http.StatusCreated {
		t.Errorf("the failed write again, with room: %d %s", a.status, a.body)
	}
	if m := srv.do(t, http.MethodGet, "/healthz", "", "").json(t); m["writes"] != "ok" {
		t.Errorf("/healthz after a restart: %v", m)
	}
	srv.stop(t)

	// Every article is whole: exactly what a fresh write gives.
	got, _ := storeArticles(t, db)
	x, err := extract.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, err := newBuilder()
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range append(acked, failedAt) {
		id := fmt.Sprintf("a%04d", i)
		ex, err := x.Extract(context.Background(), extract.Input{ID: id, Source: "api", Text: crashText(i)})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, q := range b.Quads(ex, crashText(i)) {
			q.Label = kggraph.ArticleIRI(id)
			want = append(want, q.String())
		}
		sort.Strings(want)
		want = slices.Compact(want)
		if !slices.Equal(got[id], want) {
			t.Errorf("article %s holds %d quads, a fresh write %d: not whole", id, len(got[id]), len(want))
		}
		delete(got, id)
	}
	for id := range got {
		t.Errorf("article %s is stored but was never acknowledged", id)
	}
}

// otherUser prepares children that the store's permissions bind: as root
// (which ignores permissions) they run as nobody, from a copy of the test
// binary and in a directory nobody may enter; it returns that directory.
func otherUser(t *testing.T) (child, string) {
	t.Helper()
	dir := t.TempDir()
	if os.Geteuid() != 0 {
		return child{dir: dir}, dir
	}
	// t.TempDir makes its directories 0700.
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o001 == 0 {
			t.Skipf("%s is closed to other users: set TMPDIR to a directory nobody can reach", d)
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "kg.test")
	if err := copyFile(self, exe, 0o755); err != nil {
		t.Fatal(err)
	}
	const nobody = 65534
	attr := &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	return child{exe: exe, dir: dir, attr: attr}, dir
}

func copyFile(from, to string, mode os.FileMode) error {
	r, err := os.Open(from)
	if err != nil {
		return err
	}
	defer r.Close()
	w, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return fmt.Errorf("copy %s: %w", from, err)
	}
	return w.Close()
}

// fileSum hashes every file of a directory, to tell that nothing changed.
func fileSum(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", e.Name(), len(b))
		h.Write(b)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestReadOnlyStore runs kg on a store its user may not write: commands
// that write fail at once with a message that says so and leave the store
// as it was; commands that read work, kg serve --read-only among them.
func TestReadOnlyStore(t *testing.T) {
	if testing.Short() {
		t.Skip("starts kg processes")
	}
	c, dir := otherUser(t)
	samples, err := filepath.Abs("../../data/sample")
	if err != nil {
		t.Fatal(err)
	}
	ids := sampleIDs(t, samples)
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[:4] {
		if err := copyFile(filepath.Join(samples, id+".txt"), filepath.Join(in, id+".txt"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "db")
	var out, errOut bytes.Buffer
	f := ingestFlags{store: storeFlags{db: db}, encoding: "auto", batch: 64, quiet: true}
	if err := runIngest(context.Background(), &out, &errOut, f, []string{filepath.Join(in, ids[0]+".txt"), filepath.Join(in, ids[1]+".txt"), filepath.Join(in, ids[2]+".txt")}); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errOut.String())
	}
	_, quads := storeArticles(t, db)
	if err := os.Chmod(filepath.Join(db, "indexes.bolt"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(db, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(db, 0o755) })
	before := fileSum(t, db)
	readOnly := []string{"bolt store " + db + " is read-only for this process", "permission denied",
		"kg stats, kg export, kg serve --read-only"}

	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
		lines  int // lines of stdout, if not 0
	}{
		{name: "ingest", args: []string{"ingest", "-q", "--db", db, filepath.Join(in, ids[3]+".txt")}, code: 1, stderr: readOnly},
		{name: "ingest unchanged", args: []string{"ingest", "-q", "--db", db, filepath.Join(in, ids[0]+".txt")}, code: 1, stderr: readOnly},
		{name: "delete", args: []string{"delete", "--db", db, ids[0]}, code: 1, stderr: readOnly},
		{name: "compact", args: []string{"compact", "-q", "--db", db}, code: 1, stderr: readOnly},
		{name: "serve", args: []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--web", dir}, code: 1, stderr: readOnly},
		{name: "stats", args: []string{"stats", "--db", db}, code: 0, stdout: []string{fmt.Sprintf(" nodes, %d quads\n", quads)}},
		{name: "export", args: []string{"export", "--db", db}, code: 0, lines: quads},
		{name: "stats of no store", args: []string{"stats", "--db", filepath.Join(dir, "none")}, code: 1, stderr: []string{"there is no store"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.run(t, tt.args...)
			t.Logf("kg %s: exit %d in %s\n%s", tt.name, r.code, r.elapsed.Round(time.Millisecond), r.stderr)
			if r.code != tt.code {
				t.Errorf("exit status %d, want %d\nstdout: %.300s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			noCrash(t, "kg "+tt.name, r.stderr)
			wantContains(t, "stdout", r.stdout, tt.stdout...)
			wantContains(t, "stderr", r.stderr, tt.stderr...)
			if tt.lines > 0 {
				if n := strings.Count(r.stdout, "\n"); n != tt.lines {
					t.Errorf("%d lines, want %d", n, tt.lines)
				}
			}
			// Failing fast: the lock is never waited for.
			if tt.code != 0 && r.elapsed > store.DefaultLockTimeout+20*time.Second {
				t.Errorf("took %s to fail", r.elapsed)
			}
		})
	}

	t.Run("serve --read-only", func(t *testing.T) {
		srv := c.serve(t, db, "--read-only")
		h := srv.do(t, http.MethodGet, "/healthz", "", "")
		if m := h.json(t); h.status != http.StatusOK || m["writes"] != "read_only" {
			t.Errorf("/healthz: %d %s", h.status, h.body)
		}
		srv.conforms(t, http.MethodGet, "/healthz", "", h)
		if a := srv.do(t, http.MethodGet, "/api/articles/"+ids[1], "", ""); a.status != http.StatusOK {
			t.Errorf("GET an article: %d %s", a.status, a.body)
		}
		if a := srv.do(t, http.MethodGet, "/api/stats", "", ""); a.status != http.StatusOK || a.json(t)["articles"] != 3.0 {
			t.Errorf("/api/stats: %d %s, want 3 articles", a.status, a.body)
		}
		a := srv.post(t, "x", crashText(1))
		if code, _ := a.errorCode(t); a.status != http.StatusForbidden || code != "read_only" {
			t.Errorf("POST: %d %s, want 403 read_only", a.status, a.body)
		}
		// Readers share the store.
		if r := c.run(t, "stats", "--db", db); r.code != 0 {
			t.Errorf("kg stats beside kg serve --read-only: exit %d: %s", r.code, r.stderr)
		}
		srv.stop(t)
	})
	if after := fileSum(t, db); after != before {
		t.Error("the read-only store changed")
	}
}

// TestStoreInUse runs kg on a bolt store another process writes (here the
// test itself): it gives up after the lock timeout with a message that
// says why, where it used to wait for ever.
func TestStoreInUse(t *testing.T) {
	if testing.Short() {
		t.Skip("starts kg processes")
	}
	db := filepath.Join(t.TempDir(), "db")
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	samples, err := filepath.Abs("../../data/sample")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"stats", "--db", db},
		{"ingest", "-q", "--db", db, samples},
		{"compact", "-q", "--db", db},
	} {
		r := child{}.run(t, args...)
		t.Logf("kg %s: exit %d in %s\n%s", args[0], r.code, r.elapsed.Round(time.Millisecond), r.stderr)
		if r.code != 1 {
			t.Errorf("kg %s on a store in use: exit %d, want 1", args[0], r.code)
		}
		noCrash(t, "kg "+args[0], r.stderr)
		wantContains(t, "kg "+args[0], r.stderr, "bolt store "+db+" is in use by another process", "kg serve")
		if r.elapsed < store.DefaultLockTimeout || r.elapsed > store.DefaultLockTimeout+20*time.Second {
			t.Errorf("kg %s gave up after %s, want about %s", args[0], r.elapsed, store.DefaultLockTimeout)
		}
	}
}

// TestCompactCommand ingests the sample articles, compacts the store with
// kg compact and checks that every article keeps its quads in a file no
// larger, and that a store of another backend is refused.
func TestCompactCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a kg process")
	}
	db := filepath.Join(t.TempDir(), "db")
	var out, errOut bytes.Buffer
	f := ingestFlags{store: storeFlags{db: db}, encoding: "auto", batch: 4, quiet: true}
	if err := runIngest(context.Background(), &out, &errOut, f, []string{"../../data/sample"}); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errOut.String())
	}
	before, quads := storeArticles(t, db)
	r := child{}.run(t, "compact", "-q", "--db", db)
	if r.code != 0 {
		t.Fatalf("kg compact: exit %d\n%s", r.code, r.stderr)
	}
	noCrash(t, "kg compact", r.stderr)
	wantContains(t, "stdout", r.stdout, "compacted "+db+": ", " keys, ", " MB -> ")
	after, n := storeArticles(t, db)
	if n != quads || !maps.EqualFunc(before, after, slices.Equal) {
		t.Errorf("after kg compact: %d quads in %d articles; want %d in %d, the same", n, len(after), quads, len(before))
	}
	r = child{}.run(t, "compact", "--db", "memory")
	if r.code != 1 || !strings.Contains(r.stderr, "only bolt stores are compacted") {
		t.Errorf("kg compact of a memory store: exit %d\n%s", r.code, r.stderr)
	}
}
