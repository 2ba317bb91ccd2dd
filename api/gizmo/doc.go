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
// the live heap while it runs (64 MiB, process-wide, so approximate). Every
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
// Not bounded: Cayley's shape optimiser runs before any iterator is built
// and calls nothing that can be metered; it is exponential in a chain of
// Both() (20 of them on g.V(): seconds of CPU and about 100 MiB before the
// first metered step stops it; each more Both() doubles both). /api/v2/read is Cayley's handler, run under the
// lock into a spool (memory, then a temporary file) within the query
// timeout and a query slot, and sent once the lock is given back: a client
// that reads slowly holds its connection, never the lock.
//
// The v1 shape endpoint (/api/v1/shape/gizmo) is not served: Cayley runs
// the query for it with no means to interrupt it.
//
// # Hostile queries
//
// Cayley v0.7.7 runs Gizmo on a 2019 build of goja, which cannot bound
// memory or native recursion. The limits above stop runaway loops and
// traversals, but a query written to do so can still exhaust the server's
// memory or Go stack, which ends the process: for example a cyclic object
// passed to a graph method or converted to a string, a recursive function
// called back from a built-in such as Array.prototype.map, or a string
// doubled in a loop. Serve these endpoints to clients you trust, or run the
// server under a supervisor that restarts it with a memory limit.
package gizmo
