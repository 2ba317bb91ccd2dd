// Command soak puts a bounded, mixed read and write load on a running kg
// server on loopback for a fixed time, and reports what the server did under
// it as one JSON line: per class of request (read, gizmo, write, verify)
// the throughput, the p50, p99 and maximum latency and the status codes, and
// the server's memory over time with a check that it stays flat.
//
//	soak -base http://127.0.0.1:18080 -token T -pid 1234 -first 100000 -d 5m -series mem.csv
//
// The load is:
//
//   - reads: -c goroutines, each cycling without pause over a weighted list
//     of GET requests (relays of several congresses, body lists filtered by
//     province, body and person profiles, slogans, articles, search, graph
//     views);
//   - paced requests, at a fixed pace each, whatever the readers do: by
//     default a small Gizmo query in bursts of 30 every 5 s (6 a second),
//     which the server counts against the per-client budget of queries
//     (kg serve --query-rate, 10 a second with a burst of 21 by default), so
//     that each burst meets the intended 429 answers of its rate limiter
//     (writes have a budget of their own, --write-rate);
//   - writes at -write-rate per second, with the bearer token: POSTs of new
//     synthetic articles (package synth, articles -first and on, under IDs
//     of this run), re-POSTs of one of them with changed text (as text/plain)
//     and DELETEs of one of them; each re-POST and DELETE is followed, off
//     the writes' pace, by a GET that checks it (the changed text is served;
//     a deleted article answers 404). A write answered 429 is retried after
//     Retry-After. With -cleanup (the default) the articles the run added
//     are deleted at the end, so that the store holds what it held before.
//
// The list of reads comes from -urls FILE, or -req flags, or else is
// discovered from the server's own lists (the congresses with most relays,
// the busiest bodies and their provinces, and so on): relays of several
// congresses, body lists filtered by province, a body profile, a person,
// slogans, an article, search and a neighbourhood graph, and with -full-mix
// also the congress list, /api/stats, a path and more profiles. The first
// answers of a large graph can take longer than kg serve's default 10 s
// time limit, so bench/soak.sh discovers the mix with -discover-only
// -mix-out FILE against a read-only server with a long --timeout first, and
// soaks the server proper with -urls FILE. A line of the file, or one -req,
// is
//
//	WEIGHT METHOD PATH [BODY]
//
// where WEIGHT is a whole number (the share of the readers' cycle) or the
// pace of a paced request: 4/s (four a second, evenly) or 30/5s (30 at once
// every 5 s). PATH may hold unescaped Chinese; BODY is the rest of the line.
// Lines starting with # are comments.
//
// With -pid, the server's memory is sampled every -sample from
// /proc/PID/status: VmRSS, VmHWM (the peak), and RssAnon, the anonymous
// memory (Go heap, stacks and runtime, without the pages of bolt's mapped
// file, which RSS also counts and which grow as more of the file is read).
// The Go heap is read from /metrics when the server exports it: the heap
// the last garbage collection found live (kg_go_heap_live_bytes) and the
// heap in use (go_memstats_heap_inuse_bytes), which also holds garbage
// not yet collected and so swings with the answers under way. The leak
// check uses the live heap, or the heap in use, or RssAnon, whichever the
// server has, and reads its floor, as the heap swings with the answers
// being computed and a leak raises the floor: the ratio of the least
// sample of the last minute to that of the first minute after -warmup, and
// the Theil–Sen slope of the least sample of each 30 s after -warmup, in
// MiB per minute. Memory is flat if the ratio is at most -leak-ratio and,
// unless the floor ended no higher than it began, the slope at most
// -leak-slope. -series FILE writes the samples
// as CSV.
//
// Any answer other than 2xx, 404 where one is expected (a deleted article)
// and 429 is a problem, as is a write whose outcome is not the expected one,
// and a request that fails in transport; soak then exits with status 1 and
// lists the reasons on standard error.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/unionkg/kg/synth"
)

// Request classes.
const (
	classRead   = "read"
	classGizmo  = "gizmo"
	classWrite  = "write"
	classVerify = "verify"
)

type config struct {
	base        string
	token       string
	urlsFile    string
	reqs        multiFlag
	readers     int
	dur         time.Duration
	warmup      time.Duration
	prime       time.Duration
	sample      time.Duration
	reqTimeout  time.Duration
	writeRate   float64
	writeMix    string
	gizmoRate   string
	fullMix     bool
	mixOut      string
	discoverOut bool
	seed        int64
	first       int
	runID       string
	cleanup     bool
	pid         int
	series      string
	label       string
	leakRatio   float64
	leakSlope   float64
	strictLeak  bool
	maxInflight int
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, "; ") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

func main() {
	var cfg config
	flag.StringVar(&cfg.base, "base", "http://127.0.0.1:8080", "the server's base URL (loopback)")
	flag.StringVar(&cfg.token, "token", os.Getenv("KG_TOKEN"), "bearer token for writes (env KG_TOKEN)")
	flag.StringVar(&cfg.urlsFile, "urls", "", "file of requests, one `WEIGHT METHOD PATH [BODY]` a line (default: discover from the server)")
	flag.Var(&cfg.reqs, "req", "one request `WEIGHT METHOD PATH [BODY]`; repeatable, adds to -urls")
	flag.BoolVar(&cfg.fullMix, "full-mix", false, "discover more routes: the congress list, /api/stats, a path, more profiles")
	flag.StringVar(&cfg.mixOut, "mix-out", "", "write the mix used (discovered or given) to this file, in the -urls format")
	flag.BoolVar(&cfg.discoverOut, "discover-only", false, "only discover the mix and write it to -mix-out (against a server with a long --timeout: the first answers of a large graph are slow)")
	flag.IntVar(&cfg.readers, "c", 8, "concurrent readers")
	flag.DurationVar(&cfg.dur, "d", 5*time.Minute, "how long to keep the load on")
	flag.DurationVar(&cfg.prime, "prime", 10*time.Minute, "before the measured time, read each request of the mix until it is answered, for at most this long (0: do not): a large graph's first answers take longer than a request may, and the server finishes them in the background")
	flag.DurationVar(&cfg.warmup, "warmup", 0, "time left out of the memory check at the start (default: a fifth of -d, at most 1m)")
	flag.DurationVar(&cfg.sample, "sample", 5*time.Second, "interval of memory samples")
	flag.DurationVar(&cfg.reqTimeout, "timeout", 60*time.Second, "client-side time limit of one request")
	flag.Float64Var(&cfg.writeRate, "write-rate", 2, "write operations per second (0: no writes)")
	flag.StringVar(&cfg.writeMix, "write-mix", "new:6,update:3,delete:1", "shares of write operations")
	flag.StringVar(&cfg.gizmoRate, "gizmo-rate", "30/5s", "pace of the Gizmo query in the discovered mix: N/s, or N/DURATION for bursts of N (\"\": none)")
	flag.Int64Var(&cfg.seed, "seed", 1, "seed of the synthetic corpus the new articles continue")
	flag.IntVar(&cfg.first, "first", 100000, "index of the first synthetic article to write (the corpus size, so that they are new)")
	flag.StringVar(&cfg.runID, "run", "", "ID of this run in the IDs of the articles it writes (default: the start time)")
	flag.BoolVar(&cfg.cleanup, "cleanup", true, "delete, at the end, the articles this run added and did not delete")
	flag.IntVar(&cfg.pid, "pid", 0, "the server's process ID, for memory samples from /proc")
	flag.StringVar(&cfg.series, "series", "", "write the memory and throughput samples to this CSV file")
	flag.StringVar(&cfg.label, "label", "", "name of this run in the output")
	flag.Float64Var(&cfg.leakRatio, "leak-ratio", 1.10, "memory is flat if the last minute's floor (least sample) is at most this times the first minute's")
	flag.Float64Var(&cfg.leakSlope, "leak-slope", 2, "and, if its floor ended higher than it began, if the floor (least sample per 30 s) grows by at most this many MiB a minute")
	flag.BoolVar(&cfg.strictLeak, "strict-memory", false, "exit with status 1 when memory is not flat, too")
	flag.IntVar(&cfg.maxInflight, "inflight", 4, "most paced requests (writes, Gizmo) in flight at once; ticks beyond are dropped and counted")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "soak: unexpected arguments %q\n", flag.Args())
		os.Exit(2)
	}
	if cfg.warmup == 0 {
		cfg.warmup = min(cfg.dur/5, time.Minute)
	}
	if cfg.runID == "" {
		cfg.runID = strconv.FormatInt(time.Now().Unix(), 36)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.discoverOut {
		if err := discoverOnly(ctx, cfg, log); err != nil {
			log.Error("discovery failed", "err", err)
			os.Exit(1)
		}
		return
	}
	sum, err := run(ctx, cfg, log)
	if err != nil {
		log.Error("soak failed", "err", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sum); err != nil {
		log.Error("write summary", "err", err)
		os.Exit(1)
	}
	if !sum.OK {
		for _, p := range sum.Problems {
			fmt.Fprintln(os.Stderr, "soak: problem:", p)
		}
		os.Exit(1)
	}
}

// target is one kind of request of the mix.
type target struct {
	Name   string `json:"name"`
	Class  string `json:"class"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Body   string `json:"body,omitempty"`
	Weight int    `json:"weight,omitempty"`
	// A paced request is sent Burst times at once every Every, whatever
	// the readers do.
	Burst int           `json:"burst,omitempty"`
	Every time.Duration `json:"every_ns,omitempty"`
}

// paced reports whether the request is paced rather than in the readers'
// cycle.
func (t target) paced() bool { return t.Burst > 0 }

// parseTarget reads `WEIGHT METHOD PATH [BODY]`.
func parseTarget(line string) (target, error) {
	// Three fields, then the body: the rest of the line as written.
	var f []string
	rest := strings.TrimSpace(line)
	for len(f) < 3 && rest != "" {
		i := strings.IndexAny(rest, " \t")
		if i < 0 {
			i = len(rest)
		}
		f, rest = append(f, rest[:i]), strings.TrimSpace(rest[i:])
	}
	if len(f) < 3 {
		return target{}, fmt.Errorf("request %q: want WEIGHT METHOD PATH [BODY]", line)
	}
	t := target{Method: strings.ToUpper(f[1]), Path: f[2], Class: classRead}
	if n, per, ok := strings.Cut(f[0], "/"); ok {
		// N/s: N a second, evenly; N/5s: N at once every 5 s.
		if per == "s" {
			v, err := strconv.ParseFloat(n, 64)
			if err != nil || v <= 0 {
				return target{}, fmt.Errorf("request %q: bad rate %q", line, f[0])
			}
			t.Burst, t.Every = 1, time.Duration(float64(time.Second)/v)
		} else {
			b, err := strconv.Atoi(n)
			d, derr := time.ParseDuration(per)
			if err != nil || derr != nil || b <= 0 || d <= 0 {
				return target{}, fmt.Errorf("request %q: bad rate %q (want N/s or N/DURATION)", line, f[0])
			}
			t.Burst, t.Every = b, d
		}
	} else {
		v, err := strconv.Atoi(f[0])
		if err != nil || v <= 0 {
			return target{}, fmt.Errorf("request %q: bad weight %q", line, f[0])
		}
		t.Weight = v
	}
	t.Body = rest
	if strings.Contains(t.Path, "/query") {
		t.Class = classGizmo
	}
	if !strings.HasPrefix(t.Path, "/") {
		return target{}, fmt.Errorf("request %q: the path must start with /", line)
	}
	t.Path = escapePath(t.Path)
	t.Name = t.Method + " " + readable(t.Path)
	return t, nil
}

// escapePath escapes a path written with unescaped characters, query
// included.
func escapePath(p string) string {
	u, err := url.Parse(p)
	if err != nil {
		return p
	}
	if u.RawQuery != "" {
		u.RawQuery = u.Query().Encode()
	}
	return u.RequestURI()
}

// readable undoes the escaping of a path, for names in the report.
func readable(p string) string {
	if s, err := url.PathUnescape(p); err == nil {
		return s
	}
	return p
}

// recorder collects the outcomes of one target's requests.
type recorder struct {
	name, class string
	expect404   bool // a 404 is the right answer (a deleted article)
	mu          sync.Mutex
	lat         []time.Duration
	status      map[int]int
	transport   int
	cacheHits   int
	cacheStale  int
	ages        []float64 // Age of the stale answers, s
	bytes       int64
}

func newRecorder(name, class string) *recorder {
	return &recorder{name: name, class: class, status: map[int]int{}}
}

func (r *recorder) add(d time.Duration, status int, n int64, cache string, age float64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lat = append(r.lat, d)
	r.status[status]++
	r.bytes += n
	switch cache {
	case "hit":
		r.cacheHits++
	case "stale":
		r.cacheStale++
		r.ages = append(r.ages, age)
	}
}

func (r *recorder) fail() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.transport++
}

// problems counts distinct reasons for failure.
type problems struct {
	mu sync.Mutex
	m  map[string]int
	n  atomic.Int64
}

func (p *problems) add(log *slog.Logger, reason string) {
	p.n.Add(1)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[string]int{}
	}
	if p.m[reason] == 0 {
		log.Warn("problem", "reason", reason)
	}
	p.m[reason]++
}

func (p *problems) list() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for r, n := range p.m {
		out = append(out, fmt.Sprintf("%d× %s", n, r))
	}
	slices.Sort(out)
	return out
}

// soaker runs one soak.
type soaker struct {
	cfg    config
	log    *slog.Logger
	client *http.Client
	probs  problems

	recMu sync.Mutex
	recs  map[string]*recorder
	order []string

	// interval counters, reset at each sample
	ivMu       sync.Mutex
	ivReads    []time.Duration
	ivOther    int
	iv429      int
	lastSample time.Time

	reads, gizmos, writes, r429 atomic.Int64

	gen       *synth.Generator
	checks    sync.WaitGroup // reads that check writes, outside the writes' pace
	rngMu     sync.Mutex
	rng       *rand.Rand
	poolMu    sync.Mutex
	pool      []*written // added by this run, present
	nextNew   atomic.Int64
	added     atomic.Int64
	updated   atomic.Int64
	deleted   atomic.Int64
	dropped   atomic.Int64 // write ticks
	droppedQ  atomic.Int64 // ticks of other paced requests
	gaveUp    atomic.Int64
	cleanedUp atomic.Int64
}

// written is an article this run added.
type written struct {
	id  string
	art synth.Article
	rev int
}

func (s *soaker) rec(name, class string) *recorder {
	s.recMu.Lock()
	defer s.recMu.Unlock()
	if s.recs == nil {
		s.recs = map[string]*recorder{}
	}
	r := s.recs[name]
	if r == nil {
		r = newRecorder(name, class)
		s.recs[name] = r
		s.order = append(s.order, name)
	}
	return r
}

// answer is what one request got.
type answer struct {
	status int
	body   []byte
	cache  string // X-Cache: hit, miss or stale
	retry  time.Duration
}

// do sends one request and records it under rec. Requests run under their
// own time limit, not under the run's deadline: a request in flight when
// the time is up is waited for and counted.
// With fresh set, the request asks for an answer that reflects every
// write so far (Cache-Control: no-cache), as a client reading back its own
// write does; others take what the server's cache holds, stale or not.
func (s *soaker) do(ctx context.Context, rec *recorder, method, path, ctype string, body []byte, auth, fresh bool) (answer, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.reqTimeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.cfg.base+path, rd)
	if err != nil {
		return answer{}, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if auth && s.cfg.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.cfg.token)
	}
	if fresh {
		req.Header.Set("Cache-Control", "no-cache")
	}
	start := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		rec.fail()
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	d := time.Since(start)
	if err != nil {
		rec.fail()
		return answer{}, fmt.Errorf("read answer: %w", err)
	}
	a := answer{status: resp.StatusCode, body: b, cache: resp.Header.Get("X-Cache")}
	if v, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
		a.retry = time.Duration(v) * time.Second
	}
	age, _ := strconv.ParseFloat(resp.Header.Get("Age"), 64)
	rec.add(d, a.status, int64(len(b)), a.cache, age)
	s.ivMu.Lock()
	if rec.class == classRead {
		s.ivReads = append(s.ivReads, d)
	} else {
		s.ivOther++
	}
	if a.status == http.StatusTooManyRequests {
		s.iv429++
		s.r429.Add(1)
	}
	s.ivMu.Unlock()
	return a, nil
}

// check reports an answer that is neither 2xx nor one of the allowed
// statuses as a problem.
func (s *soaker) check(name string, a answer, err error, allowed ...int) bool {
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return false
		}
		// The URL is in the name already.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		s.probs.add(s.log, fmt.Sprintf("%s: %v", name, shorten(err.Error())))
		return false
	}
	if a.status/100 == 2 || slices.Contains(allowed, a.status) {
		return true
	}
	s.probs.add(s.log, fmt.Sprintf("%s: status %d: %s", name, a.status, shorten(string(a.body))))
	return false
}

func shorten(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 160 {
		return string(r[:160]) + "…"
	}
	return s
}

func run(ctx context.Context, cfg config, log *slog.Logger) (*summary, error) {
	if cfg.readers < 0 || cfg.dur <= 0 || cfg.sample <= 0 || cfg.maxInflight < 1 {
		return nil, errors.New("need -c ≥ 0, -d > 0, -sample > 0 and -inflight ≥ 1")
	}
	mix, err := parseMix(cfg.writeMix)
	if err != nil {
		return nil, err
	}
	cfg.base = strings.TrimRight(cfg.base, "/")
	tr := &http.Transport{MaxIdleConnsPerHost: cfg.readers + 4*cfg.maxInflight + 4, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	s := &soaker{cfg: cfg, log: log, client: &http.Client{Transport: tr}}

	// A server that cannot answer is an error, not a measurement.
	hctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	_, err = s.getJSON(hctx, "/healthz", nil)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("server at %s: %w", cfg.base, err)
	}
	targets, err := s.targets(ctx)
	if err != nil {
		return nil, err
	}
	if cfg.mixOut != "" {
		if err := saveMix(cfg.mixOut, targets); err != nil {
			return nil, err
		}
	}
	for _, t := range targets {
		log.Info("request in the mix", "class", t.Class, "weight", t.Weight, "burst", t.Burst, "every", t.Every, "name", t.Name)
	}
	if cfg.writeRate > 0 {
		if s.gen, err = synth.New(synth.Config{Seed: cfg.seed}); err != nil {
			return nil, err
		}
	}

	if cfg.prime > 0 {
		if err := s.prime(ctx, targets); err != nil {
			return nil, err
		}
	}

	var samples []sample
	var sampMu sync.Mutex
	start := time.Now()
	takeSample := func() {
		sm := s.sample(ctx, start)
		sampMu.Lock()
		samples = append(samples, sm)
		sampMu.Unlock()
	}
	takeSample()

	// The load runs until the deadline; requests in flight then finish
	// under their own time limit (or are cut short by an interrupt).
	loadCtx, stopLoad := context.WithDeadline(ctx, start.Add(cfg.dur))
	defer stopLoad()
	var wg sync.WaitGroup

	sampDone := make(chan struct{})
	var sampWG sync.WaitGroup
	sampWG.Add(1)
	go func() {
		defer sampWG.Done()
		t := time.NewTicker(cfg.sample)
		defer t.Stop()
		for {
			select {
			case <-sampDone:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				takeSample()
			}
		}
	}()

	// Readers cycle over the weighted list, each from its own place.
	var cycle []target
	for _, t := range targets {
		if !t.paced() {
			for range t.Weight {
				cycle = append(cycle, t)
			}
		}
	}
	s.rng = rand.New(rand.NewPCG(uint64(cfg.seed), 7))
	s.rng.Shuffle(len(cycle), func(i, j int) { cycle[i], cycle[j] = cycle[j], cycle[i] })
	if len(cycle) > 0 {
		for i := range cfg.readers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := i * len(cycle) / max(cfg.readers, 1); loadCtx.Err() == nil; k++ {
					t := cycle[k%len(cycle)]
					s.one(ctx, t)
				}
			}()
		}
	}
	// Paced requests and writes.
	for _, t := range targets {
		if t.paced() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.paced(loadCtx, t.Every, t.Burst, &s.droppedQ, func() { s.one(ctx, t) })
			}()
		}
	}
	if cfg.writeRate > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.paced(loadCtx, time.Duration(float64(time.Second)/cfg.writeRate), 1, &s.dropped, func() { s.write(ctx, mix.pick(s.rng, &s.rngMu)) })
		}()
	}
	<-loadCtx.Done()
	loadTime := time.Since(start)
	log.Info("load stopped; waiting for requests in flight")
	wg.Wait()
	s.checks.Wait()
	drained := time.Since(start)
	takeSample()
	close(sampDone)
	sampWG.Wait()

	if cfg.cleanup && cfg.writeRate > 0 && ctx.Err() == nil {
		s.cleanupWrites(ctx)
	}
	sum := s.summarize(targets, samples, loadTime, drained)
	if ctx.Err() != nil {
		sum.Problems = append(sum.Problems, "interrupted before the end")
		sum.OK = false
	}
	return sum, nil
}

// prime reads each read of the mix, outside the measurement, until the
// server answers it with anything but a time-out: as a server put in
// service is, before its users come. A large graph's first answers take
// longer than a request may; the server goes on computing them after the
// time-out, and the next request finds them.
func (s *soaker) prime(ctx context.Context, targets []target) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.prime)
	defer cancel()
	start := time.Now()
	tries := 0
	for _, t := range targets {
		if t.paced() || t.Method != http.MethodGet {
			continue
		}
		for {
			tries++
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.cfg.base+t.Path, nil)
			if err != nil {
				return err
			}
			resp, err := s.client.Do(req)
			if err != nil {
				return fmt.Errorf("prime %s: %w", t.Path, err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusGatewayTimeout && resp.StatusCode != http.StatusTooManyRequests {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("prime %s: no answer within %s", t.Path, s.cfg.prime)
			case <-time.After(2 * time.Second):
			}
		}
	}
	s.log.Info("primed", "requests", tries, "took", time.Since(start).Round(time.Second))
	return nil
}

// discoverOnly writes the discovered mix to -mix-out.
func discoverOnly(ctx context.Context, cfg config, log *slog.Logger) error {
	if cfg.mixOut == "" {
		return errors.New("-discover-only needs -mix-out")
	}
	s := &soaker{cfg: cfg, log: log, client: &http.Client{}}
	s.cfg.base = strings.TrimRight(cfg.base, "/")
	start := time.Now()
	targets, err := s.targets(ctx)
	if err != nil {
		return err
	}
	log.Info("mix discovered", "requests", len(targets), "took", time.Since(start).Round(time.Millisecond), "file", cfg.mixOut)
	return saveMix(cfg.mixOut, targets)
}

// saveMix writes targets in the -urls format.
func saveMix(path string, targets []target) error {
	var b strings.Builder
	b.WriteString("# WEIGHT|PACE METHOD PATH [BODY], as bench/soak reads them with -urls\n")
	for _, t := range targets {
		w := strconv.Itoa(t.Weight)
		if t.paced() {
			if t.Burst == 1 {
				w = strconv.FormatFloat(float64(time.Second)/float64(t.Every), 'f', -1, 64) + "/s"
			} else {
				w = strconv.Itoa(t.Burst) + "/" + t.Every.String()
			}
		}
		fmt.Fprintf(&b, "%s %s %s", w, t.Method, readable(t.Path))
		if t.Body != "" {
			b.WriteString(" " + t.Body)
		}
		b.WriteString("\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// one sends one request of the mix.
func (s *soaker) one(ctx context.Context, t target) {
	rec := s.rec(t.Name, t.Class)
	var body []byte
	ctype := ""
	if t.Body != "" {
		body, ctype = []byte(t.Body), "text/plain"
	}
	a, err := s.do(ctx, rec, t.Method, t.Path, ctype, body, false, false)
	if t.Class == classGizmo {
		s.gizmos.Add(1)
	} else {
		s.reads.Add(1)
	}
	allowed := []int{http.StatusTooManyRequests}
	if t.Class == classGizmo && a.status == http.StatusServiceUnavailable && bytes.Contains(a.body, []byte("a write is waiting")) {
		// A query holding the store when a write waits is stopped, by
		// design: it is retried by its client.
		allowed = append(allowed, http.StatusServiceUnavailable)
	}
	if s.check(t.Name, a, err, allowed...) && a.status == http.StatusOK && t.Class == classGizmo {
		// Gizmo reports errors of the query in a 200's body.
		var v struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(a.body, &v) == nil && v.Error != "" {
			s.probs.add(s.log, t.Name+": query error: "+shorten(v.Error))
		}
	}
}

// paced calls fn burst times at once every period until ctx ends, with
// at most max(-inflight, burst) calls in flight; a call that finds no room
// is dropped and counted.
func (s *soaker) paced(ctx context.Context, every time.Duration, burst int, dropped *atomic.Int64, fn func()) {
	sem := make(chan struct{}, max(s.cfg.maxInflight, burst))
	var wg sync.WaitGroup
	defer wg.Wait()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for range burst {
			select {
			case sem <- struct{}{}:
				wg.Add(1)
				go func() {
					defer func() { <-sem; wg.Done() }()
					fn()
				}()
			default:
				dropped.Add(1)
			}
		}
	}
}

// Write operations.
type writeOp int

const (
	opNew writeOp = iota
	opUpdate
	opDelete
)

type writeMix struct{ weights [3]int }

func parseMix(s string) (writeMix, error) {
	var m writeMix
	for part := range strings.SplitSeq(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), ":")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || n < 0 {
			return m, fmt.Errorf("write mix %q: want new:N,update:N,delete:N", s)
		}
		switch k {
		case "new":
			m.weights[opNew] = n
		case "update":
			m.weights[opUpdate] = n
		case "delete":
			m.weights[opDelete] = n
		default:
			return m, fmt.Errorf("write mix %q: unknown operation %q", s, k)
		}
	}
	if m.weights[opNew] == 0 {
		return m, fmt.Errorf("write mix %q: needs new articles", s)
	}
	return m, nil
}

// pick draws an operation; the lock guards the shared random source.
func (m writeMix) pick(r *rand.Rand, mu *sync.Mutex) writeOp {
	mu.Lock()
	defer mu.Unlock()
	n := r.IntN(m.weights[0] + m.weights[1] + m.weights[2])
	for op, w := range m.weights {
		if n < w {
			return writeOp(op)
		}
		n -= w
	}
	return opNew
}

// takeWritten removes a random article of this run from the pool, or
// returns nil when it is empty.
func (s *soaker) takeWritten() *written {
	s.poolMu.Lock()
	defer s.poolMu.Unlock()
	if len(s.pool) == 0 {
		return nil
	}
	i := rand.IntN(len(s.pool))
	w := s.pool[i]
	s.pool[i] = s.pool[len(s.pool)-1]
	s.pool = s.pool[:len(s.pool)-1]
	return w
}

func (s *soaker) putWritten(w *written) {
	s.poolMu.Lock()
	defer s.poolMu.Unlock()
	s.pool = append(s.pool, w)
}

// write performs one write operation and the read that checks it.
func (s *soaker) write(ctx context.Context, op writeOp) {
	var w *written
	if op != opNew {
		if w = s.takeWritten(); w == nil {
			op = opNew
		}
	}
	switch op {
	case opNew:
		k := int(s.nextNew.Add(1)) - 1
		art := s.gen.Article(s.cfg.first + k)
		w = &written{id: fmt.Sprintf("soak-%s-%06d", s.cfg.runID, k+1), art: art}
		body, err := json.Marshal(map[string]string{"id": w.id, "url": "https://example.org/soak/" + w.id + ".html",
			"title": art.Title, "published": art.Published, "text": art.Text})
		if err != nil {
			s.probs.add(s.log, "encode article: "+err.Error())
			return
		}
		a, ok := s.writeReq(ctx, "POST /api/articles (new, JSON)", http.MethodPost, "/api/articles", "application/json", body)
		if !ok {
			return
		}
		if s.outcome(a, "added", http.StatusCreated) {
			s.added.Add(1)
			s.putWritten(w)
		}
	case opUpdate:
		w.rev++
		text := w.art.Text + "\n" + fmt.Sprintf("（本文于第%d次修订时补充：职工代表%d人参加会议。）", w.rev, 10+w.rev)
		q := url.Values{"id": {w.id}, "url": {"https://example.org/soak/" + w.id + ".html"}, "title": {w.art.Title}, "published": {w.art.Published}}
		a, ok := s.writeReq(ctx, "POST /api/articles (update, text)", http.MethodPost, "/api/articles?"+q.Encode(), "text/plain; charset=utf-8", []byte(text))
		if !ok {
			s.putWritten(w) // unknown state: the cleanup deletes it
			return
		}
		if s.outcome(a, "updated", http.StatusOK) {
			s.updated.Add(1)
			s.verify(ctx, w, fmt.Sprintf("第%d次修订", w.rev))
			return // verify puts it back
		}
		s.putWritten(w)
	case opDelete:
		a, ok := s.writeReq(ctx, "DELETE /api/articles/{id}", http.MethodDelete, "/api/articles/"+url.PathEscape(w.id), "", nil)
		if !ok {
			s.putWritten(w)
			return
		}
		var v struct {
			Deleted int `json:"deleted"`
		}
		if err := json.Unmarshal(a.body, &v); err != nil || v.Deleted <= 0 {
			s.probs.add(s.log, fmt.Sprintf("DELETE %s: answer %s", w.id, shorten(string(a.body))))
			return
		}
		s.deleted.Add(1)
		s.verify(ctx, w, "")
	}
}

// writeReq sends a write, retrying after 429s as the server asks; it
// reports whether a 2xx came back.
func (s *soaker) writeReq(ctx context.Context, name, method, path, ctype string, body []byte) (answer, bool) {
	rec := s.rec(name, classWrite)
	for attempt := 1; ; attempt++ {
		a, err := s.do(ctx, rec, method, path, ctype, body, true, false)
		s.writes.Add(1)
		if !s.check(name, a, err, http.StatusTooManyRequests) {
			return a, false
		}
		if a.status != http.StatusTooManyRequests {
			return a, true
		}
		if attempt == 5 {
			s.gaveUp.Add(1)
			s.log.Warn("write still rate-limited after 5 attempts; given up", "op", name)
			return a, false
		}
		wait := a.retry
		if wait <= 0 {
			wait = time.Second
		}
		select {
		case <-ctx.Done():
			return a, false
		case <-time.After(wait):
		}
	}
}

// outcome checks a POST's status and outcome.
func (s *soaker) outcome(a answer, want string, status int) bool {
	var v struct {
		Outcome string `json:"outcome"`
	}
	if err := json.Unmarshal(a.body, &v); err != nil || v.Outcome != want || a.status != status {
		s.probs.add(s.log, fmt.Sprintf("POST /api/articles: want %d %s, got %d %s", status, want, a.status, shorten(string(a.body))))
		return false
	}
	return true
}

// verify reads an article back after a write, in the background so that
// a slow answer does not hold up the writes: it must hold marker, or answer
// 404 when marker is "" (deleted). An updated article goes back to the
// pool afterwards, so that no other write changes it meanwhile.
func (s *soaker) verify(ctx context.Context, w *written, marker string) {
	s.checks.Add(1)
	go func() {
		defer s.checks.Done()
		s.check1(ctx, w, marker)
		if marker != "" {
			s.putWritten(w)
		}
	}()
}

func (s *soaker) check1(ctx context.Context, w *written, marker string) {
	name := "GET /api/articles/{id} (after update)"
	if marker == "" {
		name = "GET /api/articles/{id} (after delete: 404)"
	}
	rec := s.rec(name, classVerify)
	rec.mu.Lock()
	rec.expect404 = marker == ""
	rec.mu.Unlock()
	a, err := s.do(ctx, rec, http.MethodGet, "/api/articles/"+url.PathEscape(w.id), "", nil, false, true)
	if marker == "" {
		if err == nil && a.status != http.StatusNotFound {
			s.probs.add(s.log, fmt.Sprintf("%s: %s answered %d", name, w.id, a.status))
			return
		}
		s.check(name, a, err, http.StatusNotFound)
		return
	}
	if s.check(name, a, err) && !bytes.Contains(a.body, []byte(marker)) {
		s.probs.add(s.log, fmt.Sprintf("%s: %s does not hold %q", name, w.id, marker))
	}
}

// cleanupWrites deletes the articles this run added and did not delete,
// below the server's write rate. It gives up after three failures in a row.
func (s *soaker) cleanupWrites(ctx context.Context) {
	rec := newRecorder("DELETE /api/articles/{id} (cleanup)", "cleanup") // not in the summary
	failed := 0
	for w := s.takeWritten(); w != nil && ctx.Err() == nil && failed < 3; w = s.takeWritten() {
		for attempt := 0; attempt < 20; attempt++ {
			a, err := s.do(ctx, rec, http.MethodDelete, "/api/articles/"+url.PathEscape(w.id), "", nil, true, false)
			if err != nil {
				s.log.Warn("cleanup", "id", w.id, "err", err)
				failed++
				break
			}
			failed = 0
			if a.status == http.StatusTooManyRequests {
				select {
				case <-ctx.Done():
					return
				case <-time.After(max(a.retry, time.Second)):
				}
				continue
			}
			if a.status == http.StatusOK {
				s.cleanedUp.Add(1)
			} else {
				s.log.Warn("cleanup", "id", w.id, "status", a.status)
			}
			break
		}
	}
	if failed >= 3 {
		s.log.Warn("cleanup given up after three failures in a row", "deleted", s.cleanedUp.Load())
		return
	}
	s.log.Info("cleanup done", "deleted", s.cleanedUp.Load())
}

// getJSON reads an answer outside the measurement.
func (s *soaker) getJSON(ctx context.Context, path string, v any) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.cfg.base+escapePath(path), nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d: %s", path, resp.StatusCode, shorten(string(b)))
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			return nil, fmt.Errorf("GET %s: %w", path, err)
		}
	}
	return b, nil
}

// targets returns the mix: from -urls and -req, or discovered.
func (s *soaker) targets(ctx context.Context) ([]target, error) {
	var lines []string
	if s.cfg.urlsFile != "" {
		f, err := os.Open(s.cfg.urlsFile)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read %s: %w", s.cfg.urlsFile, err)
		}
	}
	lines = append(lines, s.cfg.reqs...)
	if len(lines) == 0 {
		dctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
		defer cancel()
		var err error
		if lines, err = s.discover(dctx); err != nil {
			return nil, fmt.Errorf("discover the mix (or give -urls): %w", err)
		}
	}
	var out []target
	seen := map[string]bool{}
	for _, l := range lines {
		if l = strings.TrimSpace(l); l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		t, err := parseTarget(l)
		if err != nil {
			return nil, err
		}
		if seen[t.Name+"\x00"+t.Body] {
			continue
		}
		if seen[t.Name] {
			t.Name += " #" + strconv.Itoa(len(out))
		}
		seen[t.Name], seen[t.Name+"\x00"+t.Body] = true, true
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, errors.New("no requests in the mix")
	}
	return out, nil
}

type ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// discover builds a mix from the server's own lists: what a visitor of the
// explorer and a script would ask for.
func (s *soaker) discover(ctx context.Context) ([]string, error) {
	var congs struct {
		Items []struct {
			ref
			Relays int `json:"relays"`
		} `json:"items"`
	}
	if _, err := s.getJSON(ctx, "/api/congresses?limit=1000", &congs); err != nil {
		return nil, err
	}
	slices.SortStableFunc(congs.Items, func(a, b struct {
		ref
		Relays int `json:"relays"`
	}) int {
		return b.Relays - a.Relays
	})
	if len(congs.Items) == 0 {
		return nil, errors.New("the server knows no congress")
	}
	var bodies struct {
		Items []struct {
			ref
			Level    string `json:"level"`
			Province string `json:"province"`
		} `json:"items"`
	}
	if _, err := s.getJSON(ctx, "/api/bodies?limit=200", &bodies); err != nil {
		return nil, err
	}
	var provinces []string
	var provBody, natBody string
	for _, b := range bodies.Items {
		if b.Level == "national" && natBody == "" {
			natBody = b.ID
		}
		if b.Level == "province" && b.Province != "" && !slices.Contains(provinces, b.Province) {
			provinces = append(provinces, b.Province)
			if provBody == "" {
				provBody = b.ID
			}
		}
	}
	if provBody == "" {
		return nil, errors.New("no provincial body among the busiest 200")
	}
	var prof struct {
		Officials []struct {
			Person ref `json:"person"`
		} `json:"officials"`
		Children []ref `json:"children"`
	}
	if _, err := s.getJSON(ctx, "/api/bodies/"+provBody, &prof); err != nil {
		return nil, err
	}
	var slogans struct{ Items []ref }
	if _, err := s.getJSON(ctx, "/api/slogans?limit=5", &slogans); err != nil {
		return nil, err
	}
	var arts struct{ Items []ref }
	if _, err := s.getJSON(ctx, "/api/articles?limit=3&offset=1000", &arts); err != nil {
		return nil, err
	}
	if len(arts.Items) == 0 {
		if _, err := s.getJSON(ctx, "/api/articles?limit=3", &arts); err != nil {
			return nil, err
		}
	}
	arts.Items = slices.DeleteFunc(arts.Items, func(a ref) bool { return strings.HasPrefix(a.ID, "soak-") })

	// The routes the issue names: relays of several congresses, body
	// lists filtered by province, a body profile, a person, slogans, an
	// article, search and a neighbourhood graph; -full-mix adds the
	// explorer's landing routes and a few more.
	top := congs.Items[0].ID
	lines := []string{"2 GET /api/congresses/" + top + "/relays?limit=1000"}
	for i, c := range congs.Items[1:min(4, len(congs.Items))] {
		if i == 0 && len(provinces) > 0 {
			lines = append(lines, "1 GET /api/congresses/"+c.ID+"/relays?province="+provinces[0])
		} else {
			lines = append(lines, "1 GET /api/congresses/"+c.ID+"/relays")
		}
	}
	for i, p := range provinces[:min(3, len(provinces))] {
		if i == 0 {
			lines = append(lines, "1 GET /api/bodies?province="+p+"&level=city")
		}
		lines = append(lines, "1 GET /api/bodies?province="+p)
	}
	lines = append(lines, "1 GET /api/bodies/"+provBody)
	person := ""
	if len(prof.Officials) > 0 {
		person = prof.Officials[0].Person.Name
		lines = append(lines, "1 GET /api/persons/"+prof.Officials[0].Person.ID)
	}
	lines = append(lines, "1 GET /api/slogans")
	if len(slogans.Items) > 0 {
		lines = append(lines, "1 GET /api/slogans/"+slogans.Items[0].ID)
	}
	if len(arts.Items) > 0 {
		lines = append(lines, "1 GET /api/articles/"+arts.Items[0].ID)
	}
	if person != "" {
		lines = append(lines, "1 GET /api/search?q="+person)
	}
	lines = append(lines, "1 GET /api/graph/neighborhood?node="+provBody+"&hops=1&limit=200")
	if s.cfg.fullMix {
		lines = append(lines,
			"1 GET /api/congresses",
			"1 GET /api/stats",
			"1 GET /api/congresses/"+top,
			"1 GET /api/graph/path?from="+provBody+"&to="+top+"&max=4")
		if natBody != "" {
			lines = append(lines, "1 GET /api/bodies/"+natBody)
		}
		if len(prof.Children) > 0 {
			lines = append(lines, "1 GET /api/bodies/"+prof.Children[0].ID)
		}
		if len(arts.Items) > 1 {
			lines = append(lines, "1 GET /api/articles/"+arts.Items[1].ID)
		}
		if len(provinces) > 0 {
			lines = append(lines, "1 GET /api/search?q="+strings.TrimSuffix(strings.TrimSuffix(provinces[0], "省"), "市"))
		}
	}
	if s.cfg.gizmoRate != "" {
		lines = append(lines, s.cfg.gizmoRate+` POST /api/v1/query/gizmo?limit=20 g.V("<kg:`+top+`>").In("<kg:relayed>").Limit(20).All()`)
	}
	return lines, nil
}

// sample is one point of the time series.
type sample struct {
	T         float64 // seconds since start
	RSS, HWM  float64 // MiB
	Anon      float64 // MiB
	File      float64 // MiB
	HeapInuse float64 // MiB; 0: not exported
	HeapLive  float64 // MiB; 0: not exported
	Threads   int
	Gen       float64
	Reads     int64
	ReadRPS   float64
	ReadP99ms float64
	Other     int
	Gizmos    int64
	Writes    int64
	R429      int64
	Problems  int64
}

func (s *soaker) sample(ctx context.Context, start time.Time) sample {
	now := time.Now()
	sm := sample{T: now.Sub(start).Seconds(), Reads: s.reads.Load(), Gizmos: s.gizmos.Load(),
		Writes: s.writes.Load(), R429: s.r429.Load(), Problems: s.probs.n.Load()}
	s.ivMu.Lock()
	iv := s.ivReads
	s.ivReads, sm.Other, s.ivOther, s.iv429 = nil, s.ivOther, 0, 0
	s.ivMu.Unlock()
	if !s.lastSample.IsZero() {
		sm.ReadRPS = float64(len(iv)) / now.Sub(s.lastSample).Seconds()
	}
	s.lastSample = now
	if len(iv) > 0 {
		slices.Sort(iv)
		sm.ReadP99ms = ms(iv[int(0.99*float64(len(iv)-1))])
	}
	if s.cfg.pid > 0 {
		if st, err := procStatus(s.cfg.pid); err == nil {
			sm.RSS, sm.HWM, sm.Anon, sm.File = st["VmRSS"]/1024, st["VmHWM"]/1024, st["RssAnon"]/1024, st["RssFile"]/1024
			sm.Threads = int(st["Threads"])
		} else {
			s.log.Warn("memory sample", "err", err)
		}
	}
	mctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if m, err := s.metrics(mctx); err == nil {
		sm.Gen = m["kg_store_generation"]
		sm.HeapInuse = m["go_memstats_heap_inuse_bytes"] / (1 << 20)
		sm.HeapLive = m["kg_go_heap_live_bytes"] / (1 << 20)
	}
	return sm
}

// procStatus reads the numeric fields of /proc/PID/status (kB for sizes).
func procStatus(pid int) (map[string]float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for line := range strings.Lines(string(b)) {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		if n, err := strconv.ParseFloat(f[0], 64); err == nil {
			out[k] = n
		}
	}
	return out, nil
}

// metrics reads the unlabelled samples of /metrics.
func (s *soaker) metrics(ctx context.Context) (map[string]float64, error) {
	b, err := s.getJSON(ctx, "/metrics", nil)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for line := range strings.Lines(string(b)) {
		if strings.HasPrefix(line, "#") || strings.Contains(line, "{") {
			continue
		}
		f := strings.Fields(line)
		if len(f) == 2 {
			if v, err := strconv.ParseFloat(f[1], 64); err == nil {
				out[f[0]] = v
			}
		}
	}
	return out, nil
}

// The summary.

type classStats struct {
	Requests    int            `json:"requests"`
	RPS         float64        `json:"rps"`
	P50ms       float64        `json:"p50_ms"`
	P99ms       float64        `json:"p99_ms"`
	MaxMs       float64        `json:"max_ms"`
	Status      map[string]int `json:"status"`
	RateLimited int            `json:"rate_limited"`
	Unexpected  int            `json:"unexpected"`
	Transport   int            `json:"transport_errors"`
	CacheHits   int            `json:"cache_hits,omitempty"`
	CacheStale  int            `json:"cache_stale,omitempty"`
	// Ages of the stale answers (the Age header: how long before the
	// answer was computed), in seconds.
	StaleAgeP50s  float64 `json:"stale_age_p50_s,omitempty"`
	StaleAgeP99s  float64 `json:"stale_age_p99_s,omitempty"`
	StaleAgeMaxS  float64 `json:"stale_age_max_s,omitempty"`
	BytesPerReply int64   `json:"bytes_per_reply,omitempty"`
}

// setAges sets the percentiles of the stale answers' ages.
func (cs *classStats) setAges(ages []float64) {
	if len(ages) == 0 {
		return
	}
	ages = slices.Clone(ages)
	slices.Sort(ages)
	at := func(q float64) float64 { return ages[min(len(ages)-1, int(q*float64(len(ages))))] }
	cs.StaleAgeP50s, cs.StaleAgeP99s, cs.StaleAgeMaxS = at(0.5), at(0.99), ages[len(ages)-1]
}

type endpointStats struct {
	Name  string `json:"name"`
	Class string `json:"class"`
	classStats
}

type memPoint struct {
	Start  float64 `json:"start"`
	Middle float64 `json:"middle"`
	End    float64 `json:"end"`
}

type memory struct {
	PeakRSSMiB  float64   `json:"peak_rss_mib"`
	PeakAnonMiB float64   `json:"peak_anon_mib"`
	RSSMiB      memPoint  `json:"rss_mib"`
	AnonMiB     memPoint  `json:"anon_mib"`
	HeapMiB     *memPoint `json:"heap_inuse_mib,omitempty"`
	HeapLiveMiB *memPoint `json:"heap_live_mib,omitempty"`
	Threads     memPoint  `json:"threads"`
	Samples     int       `json:"samples"`
}

type leak struct {
	Metric        string  `json:"metric"`
	SlopeMiBMin   float64 `json:"slope_mib_per_min"`
	SlopeFrom     float64 `json:"slope_from_s"`
	FirstFloor    float64 `json:"first_minute_floor_mib"`
	FirstFrom     float64 `json:"first_minute_from_s"`
	LastFloor     float64 `json:"last_minute_floor_mib"`
	Ratio         float64 `json:"ratio"`
	RSSSlopeMiBMn float64 `json:"rss_slope_mib_per_min"`
	Flat          bool    `json:"flat"`
}

type writeStats struct {
	Rate         float64 `json:"rate_per_s"`
	Added        int64   `json:"added"`
	Updated      int64   `json:"updated"`
	Deleted      int64   `json:"deleted"`
	GaveUp       int64   `json:"gave_up_after_429s"`
	DroppedTicks int64   `json:"dropped_ticks"`
	DroppedPaced int64   `json:"dropped_gizmo_ticks"`
	CleanedUp    int64   `json:"cleanup_deleted"`
	Generation   float64 `json:"store_generation"`
}

type summary struct {
	Label     string                 `json:"label,omitempty"`
	Base      string                 `json:"base"`
	DurationS float64                `json:"duration_s"`
	DrainS    float64                `json:"drain_s"`
	Readers   int                    `json:"readers"`
	Classes   map[string]*classStats `json:"classes"`
	Endpoints []endpointStats        `json:"endpoints"`
	Writes    writeStats             `json:"writes"`
	Memory    *memory                `json:"memory,omitempty"`
	Leak      *leak                  `json:"leak,omitempty"`
	Problems  []string               `json:"problems"`
	OK        bool                   `json:"ok"`
}

func ms(d time.Duration) float64 { return math.Round(float64(d.Microseconds())) / 1000 }

// stats summarises one endpoint's answers. expect404 counts 404s as
// expected (a deleted article), expect503 503s (a Gizmo query stopped for
// a waiting write).
func stats(lat []time.Duration, status map[int]int, transport int, secs float64, expect404, expect503 bool) classStats {
	cs := classStats{Requests: len(lat), Status: map[string]int{}, Transport: transport}
	if secs > 0 {
		cs.RPS = math.Round(float64(len(lat))/secs*100) / 100
	}
	if len(lat) > 0 {
		slices.Sort(lat)
		pct := func(p float64) float64 { return ms(lat[int(p*float64(len(lat)-1))]) }
		cs.P50ms, cs.P99ms, cs.MaxMs = pct(0.5), pct(0.99), ms(lat[len(lat)-1])
	}
	for st, n := range status {
		cs.Status[strconv.Itoa(st)] = n
		switch {
		case st == http.StatusTooManyRequests:
			cs.RateLimited += n
		case st/100 == 2, st == http.StatusNotFound && expect404, st == http.StatusServiceUnavailable && expect503:
		default:
			cs.Unexpected += n
		}
	}
	return cs
}

func (s *soaker) summarize(targets []target, samples []sample, load, drained time.Duration) *summary {
	secs := load.Seconds()
	sum := &summary{Label: s.cfg.label, Base: s.cfg.base, DurationS: math.Round(secs*10) / 10,
		DrainS: math.Round((drained-load).Seconds()*10) / 10, Readers: s.cfg.readers, Classes: map[string]*classStats{}}
	type agg struct {
		lat        []time.Duration
		status     map[int]int
		transport  int
		hits       int
		stale      int
		ages       []float64
		unexpected int
	}
	classes := map[string]*agg{}
	s.recMu.Lock()
	defer s.recMu.Unlock()
	for _, name := range s.order {
		r := s.recs[name]
		r.mu.Lock()
		es := endpointStats{Name: name, Class: r.class, classStats: stats(slices.Clone(r.lat), r.status, r.transport, secs, r.expect404, r.class == classGizmo)}
		es.CacheHits, es.CacheStale = r.cacheHits, r.cacheStale
		es.setAges(r.ages)
		if len(r.lat) > 0 {
			es.BytesPerReply = r.bytes / int64(len(r.lat))
		}
		sum.Endpoints = append(sum.Endpoints, es)
		a := classes[r.class]
		if a == nil {
			a = &agg{status: map[int]int{}}
			classes[r.class] = a
		}
		a.lat = append(a.lat, r.lat...)
		for k, v := range r.status {
			a.status[k] += v
		}
		a.transport += r.transport
		a.hits += r.cacheHits
		a.stale += r.cacheStale
		a.ages = append(a.ages, r.ages...)
		a.unexpected += es.Unexpected
		r.mu.Unlock()
	}
	for c, a := range classes {
		cs := stats(a.lat, a.status, a.transport, secs, false, false)
		cs.CacheHits, cs.CacheStale, cs.Unexpected = a.hits, a.stale, a.unexpected
		cs.setAges(a.ages)
		sum.Classes[c] = &cs
	}
	sum.Writes = writeStats{Rate: s.cfg.writeRate, Added: s.added.Load(), Updated: s.updated.Load(), Deleted: s.deleted.Load(),
		GaveUp: s.gaveUp.Load(), DroppedTicks: s.dropped.Load(), DroppedPaced: s.droppedQ.Load(), CleanedUp: s.cleanedUp.Load()}
	if n := len(samples); n > 0 {
		sum.Writes.Generation = samples[n-1].Gen
	}
	sum.Problems = s.probs.list()
	if s.cfg.pid > 0 && len(samples) > 1 {
		sum.Memory, sum.Leak = s.memory(samples, secs)
		if !sum.Leak.Flat {
			msg := fmt.Sprintf("memory not flat: %s floor slope %.2f MiB/min, last/first minute floor %.3f",
				sum.Leak.Metric, sum.Leak.SlopeMiBMin, sum.Leak.Ratio)
			if s.cfg.strictLeak {
				sum.Problems = append(sum.Problems, msg)
			} else {
				s.log.Warn(msg)
			}
		}
	}
	if s.gaveUp.Load() > 0 {
		sum.Problems = append(sum.Problems, fmt.Sprintf("%d writes given up after five 429s", s.gaveUp.Load()))
	}
	if sum.Problems == nil {
		sum.Problems = []string{}
	}
	sum.OK = len(sum.Problems) == 0
	if s.cfg.series != "" {
		if err := writeSeries(s.cfg.series, samples); err != nil {
			sum.Problems = append(sum.Problems, "series: "+err.Error())
			sum.OK = false
		}
	}
	return sum
}

func (s *soaker) memory(samples []sample, secs float64) (*memory, *leak) {
	at := func(f func(sample) float64) memPoint {
		mid := samples[0]
		for _, sm := range samples {
			if math.Abs(sm.T-secs/2) < math.Abs(mid.T-secs/2) {
				mid = sm
			}
		}
		r := func(v float64) float64 { return math.Round(v*10) / 10 }
		return memPoint{Start: r(f(samples[0])), Middle: r(f(mid)), End: r(f(samples[len(samples)-1]))}
	}
	m := &memory{Samples: len(samples),
		RSSMiB:  at(func(s sample) float64 { return s.RSS }),
		AnonMiB: at(func(s sample) float64 { return s.Anon }),
		Threads: at(func(s sample) float64 { return float64(s.Threads) })}
	for _, sm := range samples {
		m.PeakRSSMiB = max(m.PeakRSSMiB, sm.HWM, sm.RSS)
		m.PeakAnonMiB = max(m.PeakAnonMiB, sm.Anon)
	}
	metric, val := "rss_anon", func(s sample) float64 { return s.Anon }
	if samples[len(samples)-1].HeapInuse > 0 {
		metric, val = "go_heap_inuse", func(s sample) float64 { return s.HeapInuse }
		h := at(val)
		m.HeapMiB = &h
	}
	if samples[len(samples)-1].HeapLive > 0 {
		metric, val = "go_heap_live", func(s sample) float64 { return s.HeapLive }
		h := at(val)
		m.HeapLiveMiB = &h
	}
	// The heap swings with the answers being computed when it is sampled
	// (or collected), by hundreds of MiB on a large graph; a leak raises
	// its floor. So the check reads floors: the least sample of the first
	// minute after the warm-up and of the last minute (shorter when the run
	// is short), and the trend of the least sample of each floorWindow
	// after the warm-up.
	win := math.Min(60, (secs-s.cfg.warmup.Seconds())/3)
	first := s.cfg.warmup.Seconds()
	l := &leak{Metric: metric, SlopeFrom: math.Round(first), FirstFrom: math.Round(first)}
	var a, b []float64
	for _, sm := range samples {
		if sm.T >= first && sm.T < first+win {
			a = append(a, val(sm))
		}
		if sm.T >= secs-win {
			b = append(b, val(sm))
		}
	}
	// No sample in a window (a run shorter than its warm-up): no floor, 0,
	// which JSON can say where it cannot say +Inf.
	floor := func(xs []float64) float64 {
		if len(xs) == 0 {
			return 0
		}
		return round2(slices.Min(xs))
	}
	l.FirstFloor, l.LastFloor = floor(a), floor(b)
	if l.FirstFloor > 0 && l.LastFloor > 0 {
		l.Ratio = math.Round(l.LastFloor/l.FirstFloor*1000) / 1000
	}
	xs, ys := floors(samples, first, secs, floorWindow(secs-first), val)
	rx, ry := floors(samples, first, secs, floorWindow(secs-first), func(s sample) float64 { return s.RSS })
	l.SlopeMiBMin, l.RSSSlopeMiBMn = round2(theilSen(xs, ys)), round2(theilSen(rx, ry))
	// A floor that ends no higher than it began has not leaked, whatever
	// a long computation held in between (on the 100,000-article graph the
	// congress list holds 100 MiB for a minute and more under load); one
	// that ends higher must not trend up either.
	l.Flat = l.Ratio > 0 && l.Ratio <= s.cfg.leakRatio && (l.Ratio <= 1 || l.SlopeMiBMin <= s.cfg.leakSlope)
	return m, l
}

// theilSen is the median of the slopes between every two points: a trend
// that a few outlying points do not decide, as they decide a least-squares
// one.
func theilSen(x, y []float64) float64 {
	var sl []float64
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			if x[j] != x[i] {
				sl = append(sl, (y[j]-y[i])/(x[j]-x[i]))
			}
		}
	}
	if len(sl) == 0 {
		return 0
	}
	slices.Sort(sl)
	if len(sl)%2 == 1 {
		return sl[len(sl)/2]
	}
	return (sl[len(sl)/2-1] + sl[len(sl)/2]) / 2
}

// floorWindow is the window of the floors over a span of secs: 30 s,
// shorter in short runs so that there are a few.
func floorWindow(secs float64) float64 { return math.Min(30, secs/2/4) }

// floors returns, for each whole window of w seconds from t0 to t1, its
// middle (in minutes) and the least value of its samples.
func floors(samples []sample, t0, t1, w float64, val func(sample) float64) (xs, ys []float64) {
	for from := t0; from+w <= t1+1e-9; from += w {
		lo := math.Inf(1)
		for _, sm := range samples {
			if sm.T >= from && sm.T < from+w {
				lo = math.Min(lo, val(sm))
			}
		}
		if !math.IsInf(lo, 1) {
			xs, ys = append(xs, (from+w/2)/60), append(ys, lo)
		}
	}
	return xs, ys
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func writeSeries(path string, samples []sample) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"t_s", "rss_mib", "hwm_mib", "anon_mib", "file_mib", "heap_inuse_mib", "heap_live_mib", "threads", "generation",
		"reads", "read_rps", "read_p99_ms", "other_requests", "gizmo", "writes", "r429", "problems"})
	g := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	for _, s := range samples {
		w.Write([]string{g(s.T), g(s.RSS), g(s.HWM), g(s.Anon), g(s.File), g(s.HeapInuse), g(s.HeapLive), strconv.Itoa(s.Threads), g(s.Gen),
			strconv.FormatInt(s.Reads, 10), g(s.ReadRPS), strconv.FormatFloat(s.ReadP99ms, 'f', 3, 64), strconv.Itoa(s.Other),
			strconv.FormatInt(s.Gizmos, 10), strconv.FormatInt(s.Writes, 10), strconv.FormatInt(s.R429, 10), strconv.FormatInt(s.Problems, 10)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
