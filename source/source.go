// Package source turns the paths given on a command line into articles for
// the extractor.
//
// A path is a file or a directory walked recursively. Plain text, HTML and
// JSON Lines files are read; their encoding (UTF-8, UTF-16 with a
// byte-order mark, GBK, GB18030 or Big5) is detected unless forced. HTML is
// reduced to the text of its main content block, with its title,
// publication date and canonical URL. Every input that cannot be read is
// reported as an Item with an error, and reading goes on with the next.
package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/graph"
)

// DefaultMaxBytes is the size limit used when Options.MaxBytes is 0.
const DefaultMaxBytes = 64 << 20

// ErrTooLarge reports a file or JSON Lines line over Options.MaxBytes.
var ErrTooLarge = errors.New("too large")

// Options controls reading.
type Options struct {
	// Encoding forces the input encoding: "" or "auto" detects it;
	// otherwise one of utf-8, gbk, gb2312 (read as GBK), gb18030 or big5,
	// in any case.
	Encoding string
	// MaxBytes caps one file or one JSON Lines line (DefaultMaxBytes when
	// 0); larger ones are skipped with ErrTooLarge.
	MaxBytes int64
}

// Validate reports an unknown encoding or a negative size limit.
func (o Options) Validate() error {
	if _, _, err := lookupEncoding(o.Encoding); err != nil {
		return fmt.Errorf("source options: %w", err)
	}
	if o.MaxBytes < 0 {
		return fmt.Errorf("source options: negative MaxBytes %d", o.MaxBytes)
	}
	return nil
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes == 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// Item is one article read, or one input that was skipped.
type Item struct {
	// Input is the article. Its ID is the file name without extension,
	// or for a JSON Lines record its id, else its url, else "NAME-LINE",
	// the names made valid IDs by graph.NewArticleID (a record's own id is
	// kept as it is, and refused by the ingest if it is not valid). Its
	// Source is the file's path relative to the directory read (the file
	// name for a file named on its own), with ":LINE" for a JSON Lines
	// record.
	Input extract.Input
	// Path is the file the item came from, as found from the paths given.
	Path string
	// Line is the 1-based line of a JSON Lines record, 0 otherwise.
	Line int
	// Err, when non-nil, says why this file or line was skipped, naming
	// the path (and line). It wraps extract.ErrEmpty, ErrBinary,
	// ErrTooLarge or an fs error where those apply, and is ctx.Err() when
	// reading was cancelled.
	Err error
}

// Read walks the paths and yields one Item per article or per skipped
// input.
//
// Paths are read in the order given. A path that is a file is read
// whatever its extension: one not known is read as plain text, or as HTML
// if it starts like HTML. Directories are walked recursively in lexical
// order, skipping hidden files and directories, and reading only files
// named *.txt, *.text, *.html, *.htm, *.jsonl, *.json-lines and *.ndjson
// (in any case). In a walk, a symbolic link to a file inside the tree is
// read; one that points out of the tree (to /etc/passwd, say) is reported
// as an Item with ErrLinkOutside and not read, a dangling one as an Item
// with ErrDanglingLink; links to directories are not followed. Read stops
// when yield returns false, or when ctx is done,
// after yielding one Item with ctx.Err(). Invalid options are reported as
// one Item with an error.
func Read(ctx context.Context, paths []string, opts Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		if err := opts.Validate(); err != nil {
			yield(Item{Err: err})
			return
		}
		r := &reader{ctx: ctx, opts: opts, max: opts.maxBytes(), yield: yield}
		for _, p := range paths {
			if !r.path(p) {
				return
			}
		}
	}
}

// reader holds the state of one Read. Its methods return false once
// reading must stop.
type reader struct {
	ctx   context.Context
	opts  Options
	max   int64
	yield func(Item) bool
	// root is the directory of the path being read (the path itself when
	// it is a directory): articles name their source relative to it.
	root string
	// realRoot is root with its symbolic links resolved, the tree that
	// links met in a walk may point into.
	realRoot string
}

// done yields ctx's error and reports true if ctx is done.
func (r *reader) done(path string) bool {
	if err := r.ctx.Err(); err != nil {
		r.yield(Item{Path: path, Err: err})
		return true
	}
	return false
}

// fail yields an Item for a skipped path.
func (r *reader) fail(path string, err error) bool {
	return r.yield(Item{Path: path, Err: fileError(path, err)})
}

func (r *reader) path(p string) bool {
	if r.done(p) {
		return false
	}
	fi, err := os.Stat(p)
	if err != nil {
		return r.fail(p, err)
	}
	if !fi.IsDir() {
		r.root = filepath.Dir(p)
		return r.file(p, true)
	}
	r.root = p
	if r.realRoot, err = filepath.EvalSymlinks(p); err != nil {
		return r.fail(p, err)
	}
	return r.walk(p)
}

// source names a file by its path relative to the root of what is read,
// with forward slashes: the host's own directories stay out of the store.
// Bytes of the name that are not UTF-8 become U+FFFD.
func (r *reader) source(path string) string {
	rel, err := filepath.Rel(r.root, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		rel = filepath.Base(path)
	}
	// A file name need not be UTF-8; what the store keeps must be.
	return strings.ToValidUTF8(filepath.ToSlash(rel), "\uFFFD")
}

// ErrLinkOutside reports a symbolic link, met in a directory walk, that
// points out of the directory tree being read.
var ErrLinkOutside = errors.New("symbolic link points out of the input tree")

// ErrDanglingLink reports a symbolic link, met in a directory walk, whose
// target does not exist.
var ErrDanglingLink = errors.New("dangling symbolic link")

// linkTarget checks a symbolic link met in a walk: it must point to a
// regular file inside the tree. ok is false for a link that is not read
// without a word (to a directory, a device, a pipe); err says why a link is
// refused.
func (r *reader) linkTarget(path string) (ok bool, err error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			dest, _ := os.Readlink(path)
			return false, fmt.Errorf("%w (to %s)", ErrDanglingLink, dest)
		}
		return false, err
	}
	rel, err := filepath.Rel(r.realRoot, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false, fmt.Errorf("%w (to %s): not read", ErrLinkOutside, target)
	}
	fi, err := os.Stat(target)
	if err != nil {
		return false, err
	}
	return fi.Mode().IsRegular(), nil
}

// walk reads the files of the tree at root that have a known extension.
func (r *reader) walk(root string) bool {
	ok := true
	// root is known to be a directory; a trailing separator makes WalkDir
	// follow it if it is a symbolic link. WalkDir reads each directory in
	// lexical order, which makes runs repeatable.
	start := root
	if !strings.HasSuffix(start, string(filepath.Separator)) {
		start += string(filepath.Separator)
	}
	// The callback never returns an error, so neither does WalkDir.
	_ = filepath.WalkDir(start, func(path string, d fs.DirEntry, err error) error {
		if r.done(path) {
			ok = false
			return fs.SkipAll
		}
		if err != nil {
			if !r.fail(path, err) {
				ok = false
				return fs.SkipAll
			}
			return nil // a directory that cannot be listed is skipped
		}
		if path != start && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || kindOf(path) == kindUnknown {
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			// A symbolic link to a regular file of the tree is read; one
			// out of the tree, or to nothing, is reported; links to
			// directories are not followed.
			read, err := r.linkTarget(path)
			if err != nil {
				if !r.fail(path, err) {
					ok = false
					return fs.SkipAll
				}
				return nil
			}
			if !read {
				return nil
			}
		case !d.Type().IsRegular():
			return nil // devices, pipes, sockets
		}
		if !r.file(path, false) {
			ok = false
			return fs.SkipAll
		}
		return nil
	})
	return ok
}

// kind is a file format.
type kind int

const (
	kindUnknown kind = iota
	kindText
	kindHTML
	kindJSONL
)

func kindOf(path string) kind {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".text":
		return kindText
	case ".html", ".htm":
		return kindHTML
	case ".jsonl", ".json-lines", ".ndjson":
		return kindJSONL
	}
	return kindUnknown
}

// file reads one file. explicit is true for a file named on the command
// line, which is read whatever its extension.
func (r *reader) file(path string, explicit bool) bool {
	k := kindOf(path)
	if k == kindUnknown && !explicit {
		return true
	}
	if k == kindJSONL {
		return r.jsonl(path)
	}
	b, err := readFile(path, r.max)
	if err != nil {
		return r.fail(path, err)
	}
	if k == kindUnknown {
		k = kindText
		if looksLikeHTML(b) {
			k = kindHTML
		}
	}
	var in extract.Input
	if k == kindHTML {
		in, err = parseHTML(b, r.opts.Encoding)
	} else {
		in, err = parseText(b, r.opts.Encoding)
	}
	if err != nil {
		return r.fail(path, err)
	}
	in.ID = graph.NewArticleID(baseName(path))
	in.Source = r.source(path)
	return r.yield(Item{Input: in, Path: path})
}

// readFile reads a whole file of at most max bytes.
func readFile(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > max {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, fi.Size(), max)
	}
	// The limit is checked again while reading, in case the file grew.
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, max)
	}
	return b, nil
}

// parseText decodes a plain-text article.
func parseText(b []byte, encoding string) (extract.Input, error) {
	if len(b) == 0 {
		return extract.Input{}, extract.ErrEmpty
	}
	text, _, err := Decode(b, encoding)
	if err != nil {
		return extract.Input{}, err
	}
	if strings.TrimSpace(text) == "" {
		return extract.Input{}, extract.ErrEmpty
	}
	return extract.Input{Text: text}, nil
}

// looksLikeHTML reports whether b starts, after a byte-order mark and
// white space, with an HTML doctype or html tag.
func looksLikeHTML(b []byte) bool {
	b = bytes.TrimLeft(bytes.TrimPrefix(b, bomUTF8), " \t\r\n\f")
	for _, prefix := range []string{"<!doctype html", "<html"} {
		if len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix) {
			return true
		}
	}
	return false
}

// baseName is the file name of path without its extension.
func baseName(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// fileError names path in err unless err already does.
func fileError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == path {
		return err
	}
	return fmt.Errorf("read %s: %w", path, err)
}

// dateRE matches the date at the start of a timestamp: 2024-07-01,
// 2024/7/1, 2024.07.01 or 2024年7月1日, with anything after it.
var dateRE = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\D|$)`)

// compactDateRE matches 20240701, alone or before a time (1030 or
// 103000).
var compactDateRE = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})(?:\d{4}|\d{6})?(?:\D|$)`)

// normalizeDate returns the date s starts with as YYYY-MM-DD, or "" if it
// does not start with a valid date. The date is taken as written, without
// converting a time zone, since it is the publisher's own date.
func normalizeDate(s string) string {
	s = strings.TrimSpace(s)
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		m = compactDateRE.FindStringSubmatch(s)
	}
	if m == nil {
		return ""
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return ""
	}
	return t.Format(time.DateOnly)
}
