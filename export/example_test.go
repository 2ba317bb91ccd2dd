package export_test

import (
	"context"
	"fmt"
	"os"

	"github.com/cayleygraph/quad"

	"github.com/unionkg/kg/export"
)

// Two articles report the same relay; the CSV edge list merges them into one
// row supported by both.
func ExampleWrite() {
	qs := []quad.Quad{
		quad.MakeIRI("kg:union:成都市总工会", "kg:relayed", "kg:congress:党的二十大", "kg:article:1"),
		quad.MakeIRI("kg:union:成都市总工会", "kg:relayed", "kg:congress:党的二十大", "kg:article:2"),
	}
	if err := export.Write(context.Background(), os.Stdout, "csv", seq(qs)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// subject,predicate,object,object_type,articles,article_ids
	// kg:union:成都市总工会,kg:relayed,kg:congress:党的二十大,iri,2,kg:article:1;kg:article:2
}
