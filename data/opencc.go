package data

import (
	"embed"
	"io/fs"
)

// openccFS holds OpenCC's Apache-2.0 dictionaries (see opencc/NOTICE).
//
//go:embed opencc/*.txt
var openccFS embed.FS

// OpenCC returns the embedded OpenCC dictionaries, rooted so that the files
// are named "TSPhrases.txt", "TSCharacters.txt" and so on. The result is
// read-only and safe for concurrent use; pass it to hans.NewT2S.
func OpenCC() fs.FS {
	sub, err := fs.Sub(openccFS, "opencc")
	if err != nil {
		// fs.Sub fails only on an invalid path, and "opencc" is valid.
		panic(err)
	}
	return sub
}
