package gizmo

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph/memstore"
	cgizmo "github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/quad"
	"github.com/dop251/goja"

	"github.com/unionkg/kg/store"
)

// TestSessionFields checks the layouts of Cayley's session and of goja
// that the guards read through reflection: if an upgrade changes them,
// this fails rather than the guards going quiet.
func TestSessionFields(t *testing.T) {
	s := cgizmo.NewSession(memstore.New())
	vm, err := sessionRuntime(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := goja.AssertFunction(vm.Get("g").ToObject(vm).Get("V")); !ok {
		t.Fatal("the runtime read from the session has no g.V")
	}
	f, ok := reflect.TypeFor[goja.Runtime]().FieldByName("vm")
	if !ok || f.Type.Kind() != reflect.Pointer {
		t.Fatal("goja.Runtime has no field vm *vm")
	}
	if cs, ok := f.Type.Elem().FieldByName("callStack"); !ok || cs.Type.Kind() != reflect.Slice {
		t.Fatal("goja's vm has no slice callStack")
	}
	for _, tt := range []struct {
		js, impl string
		plain    bool
		regexp2  bool
	}{
		{js: `({a: 1})`, impl: "*goja.baseObject", plain: true},
		{js: `[1, 2]`, impl: "*goja.arrayObject", plain: true},
		{js: `var a = []; a[100000] = 1; a`, impl: "*goja.sparseArrayObject", plain: true},
		{js: `new Date(0)`, impl: "*goja.dateObject"},
		{js: `/a/`, impl: "*goja.regexpObject"},
		{js: `/(a)\1/`, impl: "*goja.regexpObject", regexp2: true},
		{js: `(function() {})`, impl: "*goja.funcObject"},
	} {
		v, err := vm.RunString(tt.js)
		if err != nil {
			t.Fatalf("%s: %v", tt.js, err)
		}
		o := v.(*goja.Object)
		if got := implType(o); got != tt.impl {
			t.Errorf("%s: goja implements it as %s, want %s", tt.js, got, tt.impl)
		}
		if got := plain(o); got != tt.plain {
			t.Errorf("%s: plain %v, want %v", tt.js, got, tt.plain)
		}
		if got := regexp2Backed(o); got != tt.regexp2 {
			t.Errorf("%s: regexp2 %v, want %v", tt.js, got, tt.regexp2)
		}
	}
}

// hostileQueries are queries written to hang or crash the server, and the
// answers they must get instead.
var hostileQueries = []struct {
	name, query string
	status      int
	// body is a substring of the answer.
	body string
}{
	{"regex backtracking", `g.Emit(/^(a+)+\1$/.test("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"))`, 400, `"query stopped: regular expression ran longer than 100ms"`},
	{"regex backtracking in replace", `g.Emit("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!".replace(/^(a+)+\1$/, "x"))`, 400, `regular expression ran longer`},
	{"regex backtracking caught", `try { /^(a+)+\1$/.exec("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!") } catch (e) {} while (true) {}`, 400, `regular expression ran longer`},
	{"cyclic array to string", `var a = []; a.push(a); g.Emit("" + a)`, 200, `{"result":[""]}`},
	{"cyclic array, locale string", `var a = [1]; a.push(a); g.Emit(a.toLocaleString())`, 200, `{"result":["1,"]}`},
	{"deeply nested array to string", `var a = []; for (var i = 0; i < 100000; i++) a = [a]; g.Emit("" + a)`, 400, `"query stopped: nesting of values passed 4000"`},
	{"deeply nested JSON", `var a = []; for (var i = 0; i < 100000; i++) a = [a]; g.Emit(JSON.stringify(a))`, 400, `nesting of values passed 4000`},
	{"recursion through map", `function f() { return [1].map(f) } f()`, 400, `"query stopped: call depth passed 10000"`},
	{"recursion through toString", `var o = {toString: function() { return "" + o }}; "" + o`, 400, `call depth passed 10000`},
	{"deep recursion", `function f(n) { return f(n + 1) + 1 } f(0)`, 400, `call depth passed 10000`},
	// The bound is 16 MiB or an eighth of the heap, whichever is more.
	{"string doubling", `var s = "x"; while (true) s = s + s`, 400, `"query stopped: memory grew past `},
	{"string concat", `var s = "x"; while (true) s = s.concat(s)`, 400, `"query stopped: string longer than 33554432 characters"`},
	{"array growth", `var a = []; while (true) a.push(1, 2, 3, 4, 5, 6, 7, 8)`, 400, `"query stopped: array longer than 1048576 elements"`},
	{"array concat", `var a = [1]; while (true) a = a.concat(a)`, 400, `array longer than 1048576`},
	{"join to a huge string", `var a = []; a.length = 1000000; g.Emit(a.join("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"))`, 400, `string longer than`},
	{"cyclic start of a path", `var a = []; a.push(a); g.V(a).All()`, 400, `"query stopped: cyclic value passed to a graph method"`},
	{"cyclic argument of a step", `var a = ["<kg:name>"]; a.push(a); g.V().Out(a).All()`, 400, `cyclic value passed`},
	{"cyclic emit", `var o = {}; o.o = o; g.Emit(o)`, 400, `cyclic value passed`},
	{"cyclic last value", `var a = []; a.push(a); a`, 200, `{"result":[null]}`},
	{"throw a cyclic value", `var a = []; a.push(a); throw a`, 400, `"error"`},
	{"deep emit", `var a = []; for (var i = 0; i < 100000; i++) a = [a]; g.Emit(a)`, 400, `nested deeper than 1000`},
	{"deeply nested eval", `var s = "["; for (var i = 0; i < 20; i++) s += s; eval(s)`, 400, `"query stopped: source nested deeper than 1000"`},
	{"deeply nested Function", `var s = "("; for (var i = 0; i < 20; i++) s += s; new Function(s)`, 400, `source nested deeper than 1000`},
	{"deeply nested query", strings.Repeat("[", 60000), 400, `source nested deeper than 1000`},
	{"eval still works", `var x = 2; g.Emit(eval("x * 21")); g.Emit(new Function("a", "return a + 1")(1)); g.Emit((function() {}).constructor("return 3")())`, 200, `{"result":[42,2,3]}`},
	{"deeply nested JSON.parse", `var s = "["; for (var i = 0; i < 20; i++) s += s; JSON.parse(s)`, 400, `nesting of values passed 4000`},
	{"deeply nested RegExp", `var s = "("; for (var i = 0; i < 20; i++) s += s; new RegExp(s)`, 400, `source nested deeper than 1000`},
	{"deeply nested pattern of match", `var s = "(?=("; for (var i = 0; i < 18; i++) s += s; "a".match(s)`, 400, `source nested deeper than 1000`},
	{"sparse array loop", `var a = []; a.length = 4e9; a.forEach(function() {})`, 400, `array longer than 1048576`},
	{"sparse array join", `var a = []; a.length = 4e9; a.join("")`, 400, `array longer than 1048576`},
	{"split into characters", `var s = "ab"; for (var i = 0; i < 24; i++) s += s; s.split("").length`, 400, `array longer than 1048576`},
	{"RegExp still works", `g.Emit(new RegExp("a(b)").exec("xab")[1]); g.Emit(RegExp("c") instanceof RegExp); g.Emit(/d/.constructor === RegExp)`, 200, `{"result":["b",true,true]}`},
	{"graph methods called detached", `var V = g.V; g.Emit(V("<kg:union:成都市总工会>").ToValue())`, 200, `{"result":["\u003ckg:union:成都市总工会\u003e"]}`},
	{"replace to a huge string", `var s = "x"; for (var i = 0; i < 20; i++) s += s; var r = "y"; for (var i = 0; i < 20; i++) r += r; s.replace(/x/g, r)`, 400, `string longer than 33554432`},
	{"replace still works", `var s = "x"; for (var i = 0; i < 20; i++) s += s; g.Emit(s.replace(/x/g, "yy").length); g.Emit("a-b-c".replace(/-/g, "+")); g.Emit(s.replace("x", s).length)`, 200, `{"result":[2097152,"a+b+c",2097151]}`},
	{"cyclic array from ToArray", `var a = g.V().ToArray(); a[0] = a; a[1] = a; g.Emit(JSON.stringify(a))`, 400, `Converting circular structure to JSON`},
	{"cyclic array from ToArray to string", `var a = g.V("<kg:name>").ToArray(); a.push(a); g.Emit("" + a)`, 200, `{"result":["\u003ckg:name\u003e,"]}`},
	{"cyclic array from ToArray emitted", `var a = g.V().ToArray(); a[0] = a; g.Emit(a)`, 400, `"query stopped: cyclic value passed to a graph method"`},
	{"cyclic Go map emitted", `var a = g.V().Tag("t").TagArray()[0]; a.x = a; g.Emit(a)`, 400, `"query stopped: value passed to a graph method nested deeper than 1000"`},
	{"cyclic Go map", `var a = g.V().Tag("t").TagArray()[0]; a.x = a; a.y = a; JSON.stringify(a)`, 400, `nesting of values passed 4000`},
	{"cyclic Go map as a start", `var a = g.V().Tag("t").TagArray()[0]; a.x = a; a.y = a; g.V(a).All()`, 400, `graph method`},
	{"Go values given back", `g.Emit(g.V("<kg:union:成都市总工会>").ToArray()); g.Emit(g.V("<kg:union:成都市总工会>").Tag("t").TagArray()[0])`, 200, `{"result":[["\u003ckg:union:成都市总工会\u003e"],{"id":"\u003ckg:union:成都市总工会\u003e","t":"\u003ckg:union:成都市总工会\u003e"}]}`},
	{"goja panic in JSON.parse with a reviver", `JSON.parse('{"a": [1]}', function(k, v) { return v })`, 500, `"internal error: run query:`},
	{"loop in a thrown value's toString", `throw {toString: function() { while (true) {} }}`, 504, `query timed out`},
}

// hostileTimeout is the query timeout of TestHostileQueries: twice the
// default, as the slowest guards take seconds on a busy machine.
const hostileTimeout = 2 * DefaultTimeout

// hostileTimeouts are the timeouts of the queries that are to time out.
var hostileTimeouts = map[string]time.Duration{"loop in a thrown value's toString": 2 * time.Second}

// hostileMemory is the bound of the live heap's growth for the queries
// that are to reach it: smaller than the default, as allocating is slow on
// a busy machine (doubling a string to the default's 128 MiB took 2.5-10 s
// here alone, and past 20 s under the whole test suite).
var hostileMemory = map[string]int64{"string doubling": 16 << 20}

// TestHostileQueries runs each hostile query in a child process of the
// test binary, as a failure may end the process, and checks its answer;
// during it, a write to the store must not wait for the query's timeout.
func TestHostileQueries(t *testing.T) {
	if name := os.Getenv("GIZMO_HOSTILE_QUERY"); name != "" {
		runHostileQuery(t, name)
		return
	}
	if testing.Short() {
		t.Skip("starts a process per query")
	}
	for _, tt := range hostileQueries {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHostileQueries$", "-test.v")
			cmd.Env = append(os.Environ(), "GIZMO_HOSTILE_QUERY="+tt.name)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, tail(out, 3000))
			}
			for line := range strings.Lines(string(out)) {
				if strings.Contains(line, "hostile:") {
					t.Log(strings.TrimSpace(line))
				}
			}
		})
	}
}

func tail(b []byte, n int) []byte {
	return b[max(0, len(b)-n):]
}

// runHostileQuery runs the named query in this process, with a write
// during it.
func runHostileQuery(t *testing.T, name string) {
	i := 0
	for i < len(hostileQueries) && hostileQueries[i].name != name {
		i++
	}
	if i == len(hostileQueries) {
		t.Fatalf("no hostile query %q", name)
	}
	tt := hostileQueries[i]
	st := openTestStore(t)
	timeout := cmp.Or(hostileTimeouts[tt.name], hostileTimeout)
	r := newRouter(st, Options{Timeout: timeout, MaxScriptMemory: hostileMemory[tt.name]})
	// Alone, the query ends as its guard says.
	start := time.Now()
	w := do(r, http.MethodPost, v1, tt.query)
	took := time.Since(start)
	t.Logf("hostile: %s: status %d in %v", tt.name, w.Code, took.Round(time.Millisecond))
	if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.body) {
		t.Errorf("status %d, body %.300s; want %d with %s", w.Code, w.Body, tt.status, tt.body)
	}
	// Again with a write during it: the write lands, and the query ends as
	// its guard says or yields the store to the write.
	wrote := make(chan time.Duration, 1)
	go func() {
		time.Sleep(20 * time.Millisecond)
		start := time.Now()
		_, err := st.Put(context.Background(), []store.Article{{ID: "w", Hash: "hw", Quads: []quad.Quad{
			quad.Make(quad.IRI("kg:union:w"), quad.IRI("kg:name"), "w", nil),
		}}})
		if err != nil {
			t.Errorf("write: %v", err)
		}
		wrote <- time.Since(start)
	}()
	w2 := do(r, http.MethodPost, v1, tt.query)
	wait := <-wrote
	t.Logf("hostile: %s with a write: status %d; the write waited %v", tt.name, w2.Code, wait.Round(time.Millisecond))
	yielded := w2.Code == http.StatusServiceUnavailable && strings.Contains(w2.Body.String(), "a write is waiting")
	if !yielded && (w2.Code != tt.status || !strings.Contains(w2.Body.String(), tt.body)) {
		t.Errorf("with a write: status %d, body %.300s; want %d with %s, or 503 for the write", w2.Code, w2.Body, tt.status, tt.body)
	}
	if w.Code != http.StatusOK {
		var e struct{ Error string }
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" {
			t.Errorf("error body %.300s is not {\"error\": ...}: %v", w.Body, err)
		}
	}
	if tt.status != http.StatusGatewayTimeout && took >= timeout {
		t.Errorf("answered after %v", took)
	}
	if tt.status == http.StatusGatewayTimeout && !strings.Contains(w.Body.String(), timeout.String()) {
		t.Errorf("body %.300s does not name the timeout %v", w.Body, timeout)
	}
	// The server still answers.
	if w := do(r, http.MethodPost, v1, headline); w.Code != http.StatusOK {
		t.Errorf("after it, a normal query: status %d, body %.300s", w.Code, w.Body)
	}
	fmt.Fprintln(os.Stderr, "done")
}
