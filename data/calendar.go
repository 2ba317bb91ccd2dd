package data

import (
	"bytes"
	_ "embed"
	"io"
)

// congresses is the calendar of major congresses, plenums and sessions; see
// the header comment of congresses.tsv for its columns.
//
//go:embed congresses.tsv
var congresses []byte

// Congresses returns a fresh reader over the embedded congress calendar
// (congresses.tsv): one tab-separated row per CPC national congress, Central
// Committee plenum, ACFTU national congress, NPC session, CPPCC session or
// combined 全国两会, in the format read by package calendar.
func Congresses() io.Reader { return bytes.NewReader(congresses) }
