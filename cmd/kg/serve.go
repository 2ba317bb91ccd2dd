package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/unionkg/kg/api"
	"github.com/unionkg/kg/api/gizmo"
	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/gazetteer"
	"github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/hans"
	"github.com/unionkg/kg/ingest"
	"github.com/unionkg/kg/store"
	"github.com/unionkg/kg/store/budget"
)

type serveFlags struct {
	store                storeFlags
	addr                 string
	token                string
	cors                 string
	web                  string
	timeout              time.Duration
	readOnly             bool
	readRate, writeRate  float64
	queryRate            float64
	noGizmo              bool
	noReadModel          bool
	gizmoMaxQuads        int64
	gizmoMaxIterators    int64
	gizmoMaxMemory       int64
	gizmoMaxScriptMemory int64
	gizmoConcurrency     int
	bodyTimeout          time.Duration
	maxConns             int
	maxConnsPerClient    int
	trustedProxies       []string
	allowedHosts         []string
}

func newServeCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve [--db DIR] [--addr 127.0.0.1:8080]",
		Short: "Serve the graph: REST API, Gizmo queries and the explorer",
		Long: `Serve answers the HTTP API described in docs/api.md (and at /api/openapi.json),
Cayley-compatible Gizmo queries at /api/v1/query/gizmo and /api/v2/query, and
the web explorer at /. Reads are open; writes (POST/DELETE /api/articles)
need the bearer token when --token or KG_TOKEN is set. It stops gracefully on
SIGINT or SIGTERM.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd.Context(), f) },
	}
	f.store.register(cmd)
	cmd.Flags().StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&f.token, "token", os.Getenv("KG_TOKEN"), "bearer token writes must present (env KG_TOKEN)")
	cmd.Flags().StringVar(&f.cors, "cors", "", "comma-separated origins allowed by CORS, or *")
	cmd.Flags().StringVar(&f.web, "web", "web/dist", "directory of the built explorer")
	cmd.Flags().DurationVar(&f.timeout, "timeout", 10*time.Second, "time limit of one request")
	cmd.Flags().BoolVar(&f.readOnly, "read-only", false, "refuse writes, and open the store read-only")
	cmd.Flags().BoolVar(&f.noReadModel, "no-read-model", false, "answer REST routes from the store, without the in-memory read model (slower; for comparison)")
	cmd.Flags().BoolVar(&f.noGizmo, "no-gizmo", false, "do not serve Gizmo queries (for untrusted clients: see docs/api.md)")
	cmd.Flags().Int64Var(&f.gizmoMaxQuads, "gizmo-max-quads", budget.DefaultMaxQuads, "quads one Gizmo query may visit before it is stopped (negative: no bound)")
	cmd.Flags().Int64Var(&f.gizmoMaxIterators, "gizmo-max-iterators", budget.DefaultMaxIterators, "iterators one Gizmo query may build before it is stopped (negative: no bound)")
	cmd.Flags().Int64Var(&f.gizmoMaxMemory, "gizmo-max-memory", budget.DefaultMaxMemory>>20, "MiB the heap may grow while a Gizmo query runs before it is stopped; process-wide, so approximate (negative: no bound)")
	cmd.Flags().Int64Var(&f.gizmoMaxScriptMemory, "gizmo-max-script-memory", gizmo.DefaultMaxScriptMemory>>20, "MiB the live heap may grow while a Gizmo query's JavaScript runs (s = s + s) before it is stopped; process-wide, so approximate (negative: no bound)")
	cmd.Flags().IntVar(&f.gizmoConcurrency, "gizmo-concurrency", 0, "Gizmo queries run at once; more wait within their timeout (0: half the CPUs, at least 1)")
	cmd.Flags().Float64Var(&f.readRate, "read-rate", 0, "reads per second allowed to one client (0: no limit)")
	cmd.Flags().Float64Var(&f.writeRate, "write-rate", 10, "writes per second allowed to one client, counted apart for clients that present the token (0: no limit)")
	cmd.Flags().Float64Var(&f.queryRate, "query-rate", 10, "Gizmo queries per second allowed to one client (0: no limit)")
	cmd.Flags().DurationVar(&f.bodyTimeout, "body-timeout", 30*time.Second, "time a client may take to send a request's body")
	cmd.Flags().IntVar(&f.maxConns, "max-conns", 1024, "connections held open at once; more wait (0: no limit)")
	cmd.Flags().IntVar(&f.maxConnsPerClient, "max-conns-per-client", 64, "connections held open at once from one address, trusted proxies excepted; more are refused (0: no limit)")
	cmd.Flags().StringSliceVar(&f.trustedProxies, "trusted-proxy", nil, "address or CIDR range of a reverse proxy whose X-Forwarded-For names the client (repeatable; default: none, X-Forwarded-For is ignored)")
	cmd.Flags().StringSliceVar(&f.allowedHosts, "allowed-host", nil, "host name requests may name in Host, besides the loopback names a server on loopback without a token answers to (repeatable)")
	return cmd
}

func runServe(ctx context.Context, f serveFlags) error {
	log := slog.Default()
	if err := api.CheckProxies(f.trustedProxies); err != nil {
		return err
	}
	f.store.readOnly = f.readOnly
	f.store.readModel = !f.noReadModel
	st, err := f.store.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	gaz, err := gazetteer.Load(data.Divisions())
	if err != nil {
		return fmt.Errorf("load gazetteer: %w", err)
	}
	t2s, err := hans.NewT2S(data.OpenCC())
	if err != nil {
		return fmt.Errorf("load converter: %w", err)
	}
	// settled is closed once the read model is loaded from its snapshot,
	// or it is known that it has to be built.
	settled := make(chan struct{})
	var in *ingest.Ingester
	if !f.readOnly {
		// Loaded while the server starts answering reads; writes wait. A
		// load from a snapshot goes first: both want the two cores, and a
		// read model is what makes the server useful.
		in = ingest.NewLoading(ctx, func(ctx context.Context) (*extract.Extractor, error) {
			select {
			case <-settled:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			return extract.New(ctx)
		}, graph.NewBuilder(gaz), st)
		go func() {
			if _, err := in.Extractor(ctx); err != nil && ctx.Err() == nil {
				log.Error("extractor not loaded: writes fail", "err", err)
			}
		}()
	}
	if _, err := os.Stat(filepath.Join(f.web, "index.html")); err != nil {
		log.Warn("the explorer is not built; / will say how to build it", "dir", f.web, "build", "make web")
	}
	var origins []string
	for _, o := range strings.Split(f.cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	hosts := f.allowedHosts
	if f.token == "" && isLoopback(ln.Addr()) {
		// Any web page the user opens could otherwise reach this server
		// through a name rebound to 127.0.0.1 (DNS rebinding).
		hosts = append([]string{"localhost", "127.0.0.1", "::1"}, hosts...)
	}
	opts := api.Options{Token: f.token, CORSOrigins: origins, WebDir: f.web, QueryTimeout: f.timeout, Logger: log,
		ReadRate: f.readRate, WriteRate: f.writeRate, QueryRate: f.queryRate, NoGizmo: f.noGizmo,
		BodyTimeout: f.bodyTimeout, TrustedProxies: f.trustedProxies, AllowedHosts: hosts,
		GizmoMaxQuads: f.gizmoMaxQuads, GizmoMaxIterators: f.gizmoMaxIterators, GizmoMaxMemory: mib(f.gizmoMaxMemory),
		GizmoMaxScriptMemory: mib(f.gizmoMaxScriptMemory),
		GizmoConcurrency:     f.gizmoConcurrency}
	srv := api.New(st, in, gaz, t2s, opts)
	// Runs before st.Close: answers still being computed stop reading.
	defer srv.Close()
	if st.ReadModel() != nil {
		// Reads wait for the model, from before the first request and
		// through the build if the load comes to that, rather than read
		// the store; writes go on meanwhile and are applied to it.
		st.ReadModel().BeginLoad()
		bctx, stop := context.WithCancel(ctx)
		built := make(chan struct{})
		defer func() { stop(); <-built }()
		go func() {
			defer close(built)
			ready := readyModel(bctx, log, st, !f.readOnly, func() { close(settled) })
			st.ReadModel().EndLoad()
			if !ready {
				return
			}
			start := time.Now()
			srv.Warm(bctx)
			log.Info("parts of answers computed (congresses, slogans, bodies)", "took", time.Since(start).Round(time.Millisecond))
		}()
	}
	if st.ReadModel() == nil {
		close(settled)
	}
	limited, err := api.LimitListener(ln, f.maxConns, f.maxConnsPerClient, f.trustedProxies)
	if err != nil {
		return errors.Join(err, ln.Close())
	}
	ln = limited
	hs := &http.Server{
		Handler: srv.Handler(),
		// Headers must arrive within this; bodies within --body-timeout,
		// which the handler sets per request. No ReadTimeout: net/http
		// cancels a request whose connection's read deadline passes, which
		// would cut short the work after a body read in time.
		ReadHeaderTimeout: 10 * time.Second,
		// The handler sets a write deadline per answer; this is the same
		// bound for anything it does not cover.
		WriteTimeout: f.timeout + 30*time.Second,
		IdleTimeout:  time.Minute,
	}
	log.Info("serving", "addr", ln.Addr().String(), "db", f.store.db, "backend", st.Backend(), "writes", in != nil,
		"allowed_hosts", strings.Join(hosts, ","), "max_conns", f.maxConns, "max_conns_per_client", f.maxConnsPerClient)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		// Requests still running past the grace period (a client sending
		// or reading slowly) are cut off: a signal is honoured.
		log.Warn("requests still running at shutdown are cut off", "err", err)
		if err := hs.Close(); err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
	}
	if !f.readOnly && st.ReadModelChanged() {
		// The next start loads this instead of re-reading the articles
		// written since the last snapshot.
		start := time.Now()
		if err := st.SaveReadModel(context.Background()); err != nil && !errors.Is(err, store.ErrNoSnapshot) {
			log.Warn("read-model snapshot not saved; the next start re-reads what was written", "err", err)
		} else if err == nil {
			log.Info("read-model snapshot saved", "took", time.Since(start).Round(time.Millisecond))
		}
	}
	return nil
}

// readyModel loads the store's read model from its snapshot or, failing
// that, builds it from the quads and (if save) saves its snapshot. It
// calls settled once the load is over, whatever its outcome, and reports
// whether the model is ready.
func readyModel(ctx context.Context, log *slog.Logger, st *store.Store, save bool, settled func()) bool {
	start := time.Now()
	loaded, err := st.LoadReadModel(ctx)
	settled()
	if err != nil && ctx.Err() == nil {
		log.Error("read-model snapshot not loaded; building the model from the quads", "err", err)
	}
	if loaded {
		nodes, quads := st.ReadModel().Size()
		log.Info("read model loaded from its snapshot", "nodes", nodes, "quads", quads, "took", time.Since(start).Round(time.Millisecond))
		return true
	}
	if err := st.BuildReadModel(ctx, nil); err != nil {
		if ctx.Err() == nil {
			log.Error("read model not built; routes read the store, more slowly", "err", err)
		}
		return false
	}
	nodes, quads := st.ReadModel().Size()
	log.Info("read model built", "nodes", nodes, "quads", quads, "took", time.Since(start).Round(time.Millisecond))
	if save {
		start = time.Now()
		if err := st.SaveReadModel(ctx); err != nil && !errors.Is(err, store.ErrNoSnapshot) {
			log.Warn("read-model snapshot not saved; the next start builds the model again", "err", err)
		} else if err == nil {
			log.Info("read-model snapshot saved", "took", time.Since(start).Round(time.Millisecond))
		}
	}
	return true
}

// isLoopback reports whether a listener's address is a loopback one.
func isLoopback(a net.Addr) bool {
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// mib converts a flag in MiB to bytes, keeping its sign.
func mib(n int64) int64 { return n << 20 }
