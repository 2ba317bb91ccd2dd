package gizmo

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	kggraph "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/store"
)

func init() { gin.SetMode(gin.TestMode) }

// IRIs of the test graph.
const (
	chengdu  = quad.IRI("kg:union:成都市总工会")
	mianyang = quad.IRI("kg:union:绵阳市总工会")
	cong20   = quad.IRI("kg:congress:党的二十大")
	plenum3  = quad.IRI("kg:congress:党的二十届三中全会")
	wang     = quad.IRI("kg:person:51:王小明")
	meet1    = quad.IRI("kg:meeting:a1:1")
	meet2    = quad.IRI("kg:meeting:a2:1")
	slogan1  = quad.IRI("kg:slogan:四个意识")
	slogan2  = quad.IRI("kg:slogan:两个维护")
)

func day(y int, m time.Month, d int) quad.Value {
	return quad.Time(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// testArticles are two articles that both say 成都市总工会 relayed 党的二十大.
func testArticles() []store.Article {
	q := func(s quad.IRI, p quad.IRI, o any) quad.Quad { return quad.Make(s, p, o, nil) }
	common := []quad.Quad{
		q(chengdu, kggraph.PredType, kggraph.TypeUnion),
		q(chengdu, kggraph.PredName, "成都市总工会"),
		q(chengdu, kggraph.PredRelayed, cong20),
		q(cong20, kggraph.PredType, kggraph.TypeCongress),
		q(cong20, kggraph.PredName, "党的二十大"),
		q(cong20, kggraph.PredOrdinal, quad.Int(20)),
		q(wang, kggraph.PredType, kggraph.TypePerson),
		q(wang, kggraph.PredName, "王小明"),
	}
	a1 := append(append([]quad.Quad(nil), common...),
		q(chengdu, kggraph.PredHeld, meet1),
		q(meet1, kggraph.PredType, kggraph.TypeMeeting),
		q(meet1, kggraph.PredName, "传达学习党的二十大精神会议"),
		q(meet1, kggraph.PredDate, day(2022, 10, 20)),
		q(meet1, kggraph.PredRelays, cong20),
		q(wang, kggraph.PredChaired, meet1),
		q(chengdu, kggraph.PredMentions, slogan1),
		q(slogan1, kggraph.PredType, kggraph.TypeSlogan),
		q(slogan1, kggraph.PredName, "四个意识"),
	)
	a2 := append(append([]quad.Quad(nil), common...),
		q(chengdu, kggraph.PredHeld, meet2),
		q(meet2, kggraph.PredType, kggraph.TypeMeeting),
		q(meet2, kggraph.PredName, "党组理论学习中心组学习会"),
		q(meet2, kggraph.PredRelays, cong20),
		q(wang, kggraph.PredChaired, meet2),
		q(chengdu, kggraph.PredMentions, slogan2),
		q(slogan2, kggraph.PredType, kggraph.TypeSlogan),
		q(slogan2, kggraph.PredName, "两个维护"),
		q(chengdu, kggraph.PredMentions, slogan1),
		q(slogan1, kggraph.PredType, kggraph.TypeSlogan),
		q(slogan1, kggraph.PredName, "四个意识"),
		q(mianyang, kggraph.PredType, kggraph.TypeUnion),
		q(mianyang, kggraph.PredName, "绵阳市总工会"),
		q(mianyang, kggraph.PredRelayed, plenum3),
		q(plenum3, kggraph.PredType, kggraph.TypeCongress),
		q(plenum3, kggraph.PredName, "党的二十届三中全会"),
	)
	return []store.Article{{ID: "a1", Hash: "h1", Quads: a1}, {ID: "a2", Hash: "h2", Quads: a2}}
}

// openStore opens an empty memory store.
func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), "memory", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// openTestStore opens a memory store holding testArticles.
func openTestStore(t testing.TB) *store.Store {
	t.Helper()
	st := openStore(t)
	if _, err := st.Put(context.Background(), testArticles()); err != nil {
		t.Fatal(err)
	}
	return st
}

// fillSynthetic adds n articles of 5 quads each: union i relayed congress
// i%10, with types and names.
func fillSynthetic(t testing.TB, st *store.Store, n int) {
	t.Helper()
	const batch = 1000
	for start := 0; start < n; start += batch {
		var arts []store.Article
		for i := start; i < min(n, start+batch); i++ {
			u := quad.IRI(fmt.Sprintf("kg:union:工会%d", i))
			c := quad.IRI(fmt.Sprintf("kg:congress:会议%d", i%10))
			arts = append(arts, store.Article{ID: fmt.Sprint("s", i), Quads: []quad.Quad{
				quad.Make(u, kggraph.PredRelayed, c, nil),
				quad.Make(u, kggraph.PredType, kggraph.TypeUnion, nil),
				quad.Make(u, kggraph.PredName, fmt.Sprintf("工会%d", i), nil),
				quad.Make(c, kggraph.PredType, kggraph.TypeCongress, nil),
				quad.Make(c, kggraph.PredName, fmt.Sprintf("会议%d", i%10), nil),
			}})
		}
		if _, err := st.Put(context.Background(), arts); err != nil {
			t.Fatal(err)
		}
	}
}

func newRouter(st *store.Store, opts Options) *gin.Engine {
	r := gin.New()
	Register(r, st, opts)
	return r
}

// do sends a request and returns the recorded answer.
func do(h http.Handler, method, target, body string, header ...string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}
