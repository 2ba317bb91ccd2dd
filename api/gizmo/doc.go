// Package gizmo serves Cayley-compatible query endpoints over the knowledge
// graph: Gizmo (Cayley's JavaScript query language) in the shape of
// Cayley's HTTP API v1 and v2, so Cayley's web UI, its client package and
// existing scripts work against our server.
//
// # Endpoints
//
// Register mounts, on a gin router at the server root:
//
//	POST /api/v1/query/gizmo?limit=N   body: the query; {"result": [...]} or {"error": "..."}
//	POST /api/v2/query?lang=gizmo      body: the query (or GET with ?qu=); the same shapes
//	GET  /api/v2/read                  quads as N-Quads, or by Accept or ?format= (json, jsonld, pquads, ...)
//	POST /api/v2/read                  the same, filters in the form
//	GET  /api/v2/formats               the quad formats read can write
//	POST /api/v2/write, /api/v2/delete, /api/v2/node/delete
//	                                   403 {"error": "database is read-only"}: writes go through the articles API
//
// The v2 query handler is ours, as Cayley's cannot hold the limits below;
// read, formats and the refused writes are Cayley's own handlers.
//
// Successful answers have Cayley's bodies, byte for byte (v1 adds a
// Content-Type, application/json, which Cayley leaves out); errors have its
// shape. A result of All or of a tagged path is an object mapping each tag
// to its node, the node at the end of the path under "id"; g.Emit(x) adds x
// as it is. IRIs render in N-Quads form ("<kg:union:成都市总工会>"; v1
// escapes < and > as \u003c and \u003e, as Cayley's encoder does), strings
// as themselves, dates as RFC 3339 times, integers as numbers. No result at
// all is "result": null. When the program's last expression has a value
// other than null or undefined (a path without All, say), Cayley adds a null
// result for it, and so do we.
//
// ?limit=N bounds the results of each All (Cayley's default when absent or 0:
// 100; negative: no bound but the server's); the v2 query takes it too.
//
// # Writing queries
//
// In Gizmo a string names a literal unless it is wrapped in angle brackets,
// so node and predicate IRIs are written "<kg:…>" (or g.IRI("kg:…")):
// g.V("kg:congress:党的二十大") starts at a string literal no quad holds, and
// finds nothing. Predicates and node IRIs are listed in package
// [github.com/unionkg/kg/graph].
//
// Which bodies relayed the 20th Party Congress (one result per body):
//
//	g.V("<kg:congress:党的二十大>").In("<kg:relayed>").Save("<kg:name>", "name").Unique().All()
//
// Meetings chaired by a person, found by name, with their dates:
//
//	g.V().Has("<rdf:type>", "<kg:Person>").Has("<kg:name>", "王小明").Out("<kg:chaired>").SaveOpt("<kg:date>", "date").Unique().All()
//
// Slogans a body used:
//
//	g.V("<kg:union:成都市总工会>").Out("<kg:mentions>").Save("<kg:name>", "name").Unique().All()
//
// Without Unique, a node appears once for every article that supports the
// edge (each article's quads carry the article as their label), and Save
// multiplies paths in the same way, hence Unique last.
//
// # Limits
//
// [Options] bounds each query: a timeout (the JavaScript engine is
// interrupted, the client gets 504 {"error": "query timed out after 10s"}),
// a cap on results (the answer is cut there and carries the header
// X-Result-Truncated: true), a cap on the query's size (413) and on the
// number of queries running at once (others wait, within their timeout).
// The engine has no require, process, file system or network: a query sees
// the graph and nothing else.
//
// Each query also has a budget in Cayley's iterators (Options.MaxQuads,
// MaxIterators, MaxMemory; see package
// [github.com/unionkg/kg/store/budget]): the quads its index scans visit
// (default 50,000,000), the iterators it builds and shapes it optimises
// (100,000: a chain of Both() doubles them at each step) and the growth of
// the live heap while it runs (64 MiB, or an eighth of the live heap at its
// start when that is more; process-wide, so approximate: two collections
// in a row must find it passed). Every
// step checks the budget and the timeout, so a traversal stops at once,
// not only its JavaScript: 400 {"error": "query stopped: visited more than
// 50000000 quads"} (or "built more than 100000 iterators", "heap grew by
// more than 64 MiB"), and the query's slot is free again. Options.Stopped
// hears of each stop.
//
// A query holds the store's lock (see
// [github.com/unionkg/kg/store.Store.Query]) until its JavaScript has
// stopped. A write that waits for it more than 200 ms stops the queries
// holding it: 503 {"error": "query stopped: a write is waiting"}.
//
// Cayley's shape optimiser runs before any iterator is built, calls
// nothing the budget can meter, and walks Cayley's tree of a path, in which
// each Both() writes the path before it out twice. Path objects are
// wrappers of ours (see Hostile queries) that estimate that tree as a
// query builds it and refuse a path past the iterator budget before
// Cayley sees it: 400 {"error": "query stopped: the path would build more
// than 100000 iterators (each Both() doubles them)"}, in about a
// millisecond for the twenty Both() that used to run for seconds.
//
// /api/v2/read is Cayley's handler, run under the
// lock into a spool (memory, then a temporary file) within the query
// timeout and a query slot, and sent once the lock is given back: a client
// that reads slowly holds its connection, never the lock.
//
// The v1 shape endpoint (/api/v1/shape/gizmo) is not served: Cayley runs
// the query for it with no means to interrupt it.
//
// # Hostile queries
//
// Cayley v0.7.7 runs Gizmo on a 2019 build of goja, which bounds neither
// memory, native recursion nor time spent in native code, and whose
// session runs the query on a goroutine with no recovery. Each query runs
// instead under guards of this package (jsguard.go, jsbuiltins.go,
// jswatch.go), which end a query written to hang or crash the server with
// 400 {"error": "query stopped: <what was hit>"}, or 504 at the timeout,
// while the process lives on and answers other clients:
//
//   - regular expressions that backtrack (regexp2's, with backreferences
//     or lookaround) stop after 100ms of one match ("regular expression
//     ran longer than 100ms"); Register sets regexp2.DefaultMatchTimeout
//     for it, goja having no other way in;
//   - JavaScript calls nest at most 10,000 deep ("call depth passed
//     10000"), through builtins such as Array.prototype.map too;
//   - a cyclic array converts to "" where it recurs (as in browsers);
//     arrays joined or converted to strings and values given to
//     JSON.stringify nest at most 4000 deep; sources given to the query,
//     eval or Function nest at most 1000 brackets deep ("source nested
//     deeper than 1000"; eval is indirect: it sees only the global scope);
//   - push, concat and apply make arrays of at most 2^20 elements, split at
//     a string as many parts, concat, join and replace strings of at most
//     2^25 characters; the builtins that loop over an array (forEach, join,
//     sort, ...) refuse one longer than 2^20, as goja loops over every
//     index of a sparse one; texts given to JSON.parse nest at most 4000
//     deep, patterns given to RegExp, match and search 1000;
//   - graph methods, Emit and Cayley's functions (lt, regex, ...) get
//     copies of their arguments, which must be acyclic ("cyclic value
//     passed to a graph method"), at most 1000 deep and of at most 2^20
//     elements; the arrays they return (ToArray, TagArray) are arrays of
//     JavaScript's, as goja joins a Go slice with no guard;
//   - a watcher samples every 2ms and stops the query when the process's
//     goroutine stacks grow by 64 MiB, or its live heap by
//     Options.MaxScriptMemory (default 128 MiB: "memory grew past 128
//     MiB"), or by an eighth of the live heap at its start when that is
//     more, as two forced collections in a row find: s = s + s, which no
//     builtin sees;
//   - a Go panic in goja or Cayley is a 500 ("internal error"), logged.
//
// Gaps remain. The heap and stack figures are the process's, so queries
// running at once share them, and garbage is collected to measure the
// live heap once allocation grows by that bound. Native code is not
// interrupted: a global replace, split or match may spend about
// 100-200ms per match of a backtracking expression, and the heap may pass
// its bound by the allocation under way: with the default bound s = s + s
// is stopped after 1.5-11 s (more than 20 s under a full test run, where
// the timeout comes first, a 504), at a string of 2^27 characters, kg
// serve peaking at 1.1-1.3 GB resident, as allocating fresh memory is slow
// here; a smaller bound (kg serve --gizmo-max-script-memory) stops it
// sooner. The regular expression timeout is recognized by time and by
// an answer of no match. Path objects are our wrappers of Cayley's: a
// path method called detached from its path (var f = p.Out; f()) is a
// TypeError, though g's methods are bound as in Cayley. JSON.parse with a
// reviver hits a goja bug, a 500. Under the race detector the call depth
// is not watched (jsdepth_race.go). A write that waits stops the query at
// its next metered step or JavaScript step; native code under way (s = s +
// s) delays that by as long as it runs.
// TestHostileQueries (in child processes) and cmd/kg's
// TestHostileGizmoQueries (against kg serve) hold these.
package gizmo
