package readmodel

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"unicode"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
)

// A snapshot is the Graph as it is in memory, numbers for pointers, so that
// loading it is filling slices, not computing indexes:
//
//	magic "kg-readmodel\n", version (uvarint)
//	values: count, then each: length, Cayley's protobuf form (pquads)
//	quads: count, then each: subject, predicate, object, label
//	lists by subject, then by object: count of values, then each: the
//	  value, its count of predicates, then each: the predicate, the
//	  number of distinct values at the other end, the count of quads and
//	  the quads in their order
//	lists by label: count, then each: the label, count, quads in order
//	name lengths: count, then each: value, length in characters
//	grams: count, then each: two characters (the second 0 for one; the
//	  first with startFlag for the characters names begin with), count,
//	  values in their order (by length, then number)
//	texts: count, then each: label, subject, SHA-256 of the text
//	CRC-32C (Castagnoli) of all that, little-endian
//
// Numbers are uvarints. Values are numbered from 1 in the order of their
// IDs (0: no label), quads from 0 in the order written. Values are in
// Cayley's own serialisation, so that a value read back is the one the
// store gives (a date stays a quad.Time).
const (
	snapshotMagic   = "kg-readmodel\n"
	snapshotVersion = 3
	// maxValueLen bounds one value's bytes in a snapshot, so that a
	// damaged length cannot make Decode allocate gigabytes.
	maxValueLen = 1 << 28
)

// ErrSnapshot is returned, wrapped, for a snapshot that is damaged,
// truncated or of another format.
var ErrSnapshot = errors.New("not a usable read-model snapshot")

// Encode writes the Graph's snapshot to w. The Graph is read-locked
// meanwhile, so that the snapshot is of one state.
func (g *Graph) Encode(w io.Writer) error {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.bulk {
		return errors.New("encode read model: a build is under way (its lists are not sorted yet)")
	}
	crc := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<20)
	var buf [binary.MaxVarintLen64]byte
	uv := func(x uint64) {
		n := binary.PutUvarint(buf[:], x)
		bw.Write(buf[:n]) // errors surface at Flush
	}
	bw.WriteString(snapshotMagic)
	uv(snapshotVersion)
	// Values are numbered densely from 1, skipping freed IDs, in the order
	// of their IDs: sorted lists of IDs stay sorted.
	num := make([]uint32, len(g.vals))
	n := uint32(0)
	for id, v := range g.vals {
		if id != none && v != nil {
			n++
			num[id] = n
		}
	}
	uv(uint64(n))
	// The values' section is prefixed with its length, so that a load
	// decodes it beside the rest.
	var vals bytes.Buffer
	for id, v := range g.vals {
		if id == none || v == nil {
			continue
		}
		b, err := pquads.MarshalValue(v)
		if err != nil {
			return fmt.Errorf("encode value %s: %w", g.strs[id], err)
		}
		vals.Write(buf[:binary.PutUvarint(buf[:], uint64(len(b)))])
		vals.Write(b)
	}
	uv(uint64(vals.Len()))
	bw.Write(vals.Bytes())
	qnum := make([]uint32, len(g.quads))
	uv(uint64(g.live))
	written := int64(0)
	for qi, ids := range g.quads {
		if ids[0] == none {
			continue // a free slot
		}
		qnum[qi] = uint32(written)
		written++
		for _, id := range ids {
			uv(uint64(num[id]))
		}
	}
	if written != g.live {
		return fmt.Errorf("encode read model: %d quads listed, %d held", written, g.live)
	}
	quadList := func(qs []uint32) {
		uv(uint64(len(qs)))
		for _, qi := range qs {
			uv(uint64(qnum[qi]))
		}
	}
	for _, m := range [][][]group{g.out, g.in} {
		lists := 0
		for _, gs := range m {
			if len(gs) > 0 {
				lists++
			}
		}
		uv(uint64(lists))
		for id, gs := range m {
			if len(gs) == 0 {
				continue
			}
			uv(uint64(num[id]))
			uv(uint64(len(gs)))
			for _, gr := range gs {
				uv(uint64(num[gr.pred]))
				uv(uint64(gr.runs))
				quadList(gr.qs)
			}
		}
	}
	uv(uint64(len(g.byLabel)))
	for l, qs := range g.byLabel {
		uv(uint64(num[l]))
		quadList(qs)
	}
	// Every name is under exactly one gram of its first character. Their
	// lengths come first: a load splits the lists by them.
	var named []uint32
	for k, p := range g.grams {
		if k[0]&startFlag != 0 && k[1] == 0 {
			for _, b := range p {
				named = append(named, b.ids...)
			}
		}
	}
	uv(uint64(len(named)))
	for _, id := range named {
		uv(uint64(num[id]))
		uv(uint64(g.nameRunes[id]))
	}
	uv(uint64(len(g.grams)))
	for k, p := range g.grams {
		uv(uint64(k[0]))
		uv(uint64(k[1]))
		uv(uint64(p.size()))
		for _, b := range p {
			for _, id := range b.ids {
				uv(uint64(num[id]))
			}
		}
	}
	uv(uint64(len(g.textQuads)))
	for l, t := range g.textQuads {
		uv(uint64(num[l]))
		uv(uint64(num[t.subj]))
		bw.Write(t.digest[:])
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write read-model snapshot: %w", err)
	}
	if err := binary.Write(w, binary.LittleEndian, crc.Sum32()); err != nil {
		return fmt.Errorf("write read-model snapshot: %w", err)
	}
	return nil
}

// room is a capacity for n elements with room for some more: the writes
// after a load append to its largest arrays, which would otherwise be
// copied whole at the first.
func room(n uint64) uint64 { return n + n/8 + 16 }

// arena hands out slices cut from large blocks, each with its capacity
// limited to its length, so that growing one copies it out instead of
// overwriting its neighbour: a load makes millions of small lists, which
// the allocator would otherwise set up one at a time.
type arena[T any] struct{ block []T }

func (a *arena[T]) take(n uint64) []T {
	if n > uint64(len(a.block)) {
		a.block = make([]T, max(n, 1<<16))
	}
	s := a.block[:n:n]
	a.block = a.block[n:]
	return s
}

var errTruncated = errors.New("truncated")

// snapReader decodes a snapshot held in memory; the first error sticks.
type snapReader struct {
	b   []byte
	err error
}

func (s *snapReader) uvarint(what string, max uint64) uint64 {
	if s.err != nil {
		return 0
	}
	x, n := binary.Uvarint(s.b)
	if n <= 0 {
		s.err = fmt.Errorf("read %s: truncated or overlong number", what)
		return 0
	}
	s.b = s.b[n:]
	if x > max {
		s.err = fmt.Errorf("read %s: %d is out of range (at most %d)", what, x, max)
		return 0
	}
	return x
}

func (s *snapReader) fail(what string, err error) {
	if s.err == nil {
		s.err = fmt.Errorf("read %s: %w", what, err)
	}
}

func (s *snapReader) bytes(n uint64, what string) []byte {
	if s.err != nil {
		return nil
	}
	if uint64(len(s.b)) < n {
		s.err = fmt.Errorf("read %s: truncated", what)
		return nil
	}
	p := s.b[:n:n]
	s.b = s.b[n:]
	return p
}

// Load replaces the Graph's contents with the snapshot r holds. The Graph
// is not marked ready: its caller brings it up to date with the writes
// made since the snapshot, then calls MarkReady. The snapshot is decoded
// before the Graph is locked, so readers wait only for the exchange; a
// damaged snapshot (ErrSnapshot) leaves the Graph as it was.
func (g *Graph) Load(ctx context.Context, r io.Reader) error {
	var data []byte
	var err error
	if f, ok := r.(interface{ Stat() (os.FileInfo, error) }); ok {
		// A file: read it in one piece, not by doubling a buffer.
		if fi, serr := f.Stat(); serr == nil && fi.Size() > 0 {
			data = make([]byte, fi.Size())
			var n int
			n, err = io.ReadFull(r, data)
			if errors.Is(err, io.ErrUnexpectedEOF) {
				// Read from an offset (a header before it): the rest is all.
				data, err = data[:n], nil
			}
			if err == nil {
				var rest []byte
				rest, err = io.ReadAll(r)
				data = append(data, rest...)
			}
		}
	}
	if data == nil && err == nil {
		data, err = io.ReadAll(r)
	}
	if err != nil {
		return fmt.Errorf("read read-model snapshot: %w", err)
	}
	fresh, err := decode(ctx, data)
	if err != nil {
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	fresh.gen = g.gen + 1 // stamps taken before stay stale
	for i := range fresh.mod {
		fresh.mod[i] = fresh.gen
	}
	g.ids, g.iris, g.vals, g.strs, g.refs, g.mod, g.free = fresh.ids, fresh.iris, fresh.vals, fresh.strs, fresh.refs, fresh.mod, fresh.free
	g.lbucket = fresh.lbucket
	g.gen, g.base = fresh.gen, fresh.gen // the lists' stamps are 0: read as base
	g.restartLog()
	g.quads, g.freeQuads, g.live = fresh.quads, fresh.freeQuads, fresh.live
	g.out, g.in, g.byLabel = fresh.out, fresh.in, fresh.byLabel
	g.stampBuckets()
	g.texts, g.textQuads, g.grams, g.nameRunes = fresh.texts, fresh.textQuads, fresh.grams, fresh.nameRunes
	g.ready, g.bulk = false, false
	g.dropTyped()
	return nil
}

func decode(ctx context.Context, data []byte) (*Graph, error) {
	bad := func(err error) error { return fmt.Errorf("%w: %w", ErrSnapshot, err) }
	if len(data) < len(snapshotMagic)+4 || string(data[:len(snapshotMagic)]) != snapshotMagic {
		return nil, bad(errors.New("no read-model header"))
	}
	body := data[:len(data)-4]
	if crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return nil, bad(errors.New("checksum does not match: the snapshot is damaged or truncated"))
	}
	s := &snapReader{b: body[len(snapshotMagic):]}
	if v := s.uvarint("version", 1<<16); s.err == nil && v != snapshotVersion {
		return nil, bad(fmt.Errorf("format version %d, this program reads %d", v, snapshotVersion))
	}
	g := New()
	nvals := s.uvarint("number of values", 1<<32-2)
	// Counts are bounded by the bytes left, so that a damaged count cannot
	// make this allocate more than the snapshot's size.
	left := func(n uint64) uint64 { return min(n, uint64(len(s.b))) }
	nvals = left(nvals)
	valBytes := s.bytes(s.uvarint("length of the values", uint64(len(s.b))), "values")
	if s.err != nil {
		return nil, bad(s.err)
	}
	// The values are decoded beside the rest, which holds only their
	// numbers: on two cores, a load takes the time of the longer part.
	valErr := make(chan error, 1)
	go func() { valErr <- decodeValues(ctx, g, valBytes, nvals) }()
	join := func() error {
		if valErr == nil {
			return nil
		}
		err := <-valErr
		valErr = nil
		return err
	}
	defer join()
	if err := decodeRest(ctx, g, s, nvals); err != nil {
		if verr := join(); verr != nil && !errors.Is(err, ErrSnapshot) {
			err = verr
		}
		return nil, err
	}
	if err := join(); err != nil {
		return nil, err
	}
	for id := range g.vals {
		if id != none && g.refs[id] == 0 {
			return nil, bad(fmt.Errorf("value %s is in no quad", g.strs[id]))
		}
	}
	return g, nil
}

// decodeValues decodes the values' section of a snapshot into g's vals,
// strs, ids and iris.
func decodeValues(ctx context.Context, g *Graph, b []byte, nvals uint64) error {
	s := &snapReader{b: b}
	g.vals = make([]quad.Value, 1, room(nvals+1))
	g.strs = make([]string, 1, room(nvals+1))
	g.lbucket = make([]uint8, 1, room(nvals+1))
	g.lbucket[0] = uint8(bucketOf("") + 1)
	// Most values are literals; IRIs are a third of them or fewer.
	g.ids = make(map[string]uint32, nvals)
	g.iris = make(map[string]uint32, nvals/3)
	// IRIs and plain strings, most values, are read in two passes: their
	// N-Quads forms are written one after another into one buffer, made
	// one string, and each value and its form are substrings of it. A
	// value then costs the garbage collector one small object (its
	// interface's), not four (the protobuf message, its string, the
	// value and the form): on a large graph, the collector's marking
	// of millions of objects took the cores from the answers for
	// seconds.
	type pending struct {
		id         uint32
		iri        bool
		start, end int // of the form in forms
	}
	var (
		// Room for every form: a value's is two bytes more than its
		// text, its encoding at least two (field and length) more.
		forms = make([]byte, 0, len(b))
		later = make([]pending, 0, nvals)
		niris int
	)
	for i := uint64(0); i < nvals && s.err == nil; i++ {
		if i%(1<<16) == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		b := s.bytes(s.uvarint("value length", maxValueLen), "value")
		if s.err != nil {
			break
		}
		if text, iri, ok := plainValue(b); ok {
			start := len(forms)
			if iri {
				forms = append(append(append(forms, '<'), text...), '>')
			} else {
				forms = append(append(append(forms, '"'), text...), '"')
			}
			later = append(later, pending{id: uint32(len(g.vals)), iri: iri, start: start, end: len(forms)})
			if iri {
				niris++
			}
			g.vals, g.strs, g.lbucket = append(g.vals, nil), append(g.strs, ""), append(g.lbucket, 0)
			continue
		}
		v, err := pquads.UnmarshalValue(b)
		if err != nil || v == nil {
			return fmt.Errorf("%w: value %d: %v", ErrSnapshot, i+1, err)
		}
		g.setValue(uint32(len(g.vals)), v, v.String())
	}
	if s.err == nil && len(s.b) != 0 {
		s.err = fmt.Errorf("%d bytes left over after the values", len(s.b))
	}
	if s.err != nil {
		return fmt.Errorf("%w: %w", ErrSnapshot, s.err)
	}
	all := string(forms)
	forms = nil
	// The values themselves are in two slices, each value's interface
	// pointing into one (see boxed); they are written here only.
	iris, lits := make([]quad.IRI, niris), make([]quad.String, len(later)-niris)
	ni, nl := 0, 0
	for j, p := range later {
		k := all[p.start:p.end]
		var v quad.Value
		if p.iri {
			iris[ni] = quad.IRI(k[1 : len(k)-1])
			v, ni = boxed(&iris[ni]), ni+1
		} else {
			lits[nl] = quad.String(k[1 : len(k)-1])
			v, nl = boxed(&lits[nl]), nl+1
		}
		g.setValue(p.id, v, k)
		if j%(1<<16) == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}

// setValue sets value id (appended if it is the next) with its N-Quads
// form k, as a snapshot is decoded.
func (g *Graph) setValue(id uint32, v quad.Value, k string) {
	if int(id) == len(g.vals) {
		g.vals, g.strs, g.lbucket = append(g.vals, v), append(g.strs, k), append(g.lbucket, iriBucket(v, k))
	} else {
		g.vals[id], g.strs[id], g.lbucket[id] = v, k, iriBucket(v, k)
	}
	if iri, ok := v.(quad.IRI); ok {
		g.iris[string(iri)] = id
	} else {
		g.ids[k] = id
	}
}

// plainValue reads an IRI or a string with nothing to escape in its
// N-Quads form from its protobuf encoding (pquads.Value: field 3, iri, or
// 2, str, and nothing else); ok is false for any other value.
func plainValue(b []byte) (text []byte, iri, ok bool) {
	if len(b) < 2 || (b[0] != 2<<3|2 && b[0] != 3<<3|2) {
		return nil, false, false
	}
	n, w := binary.Uvarint(b[1:])
	if w <= 0 || n != uint64(len(b)-1-w) {
		return nil, false, false
	}
	text, iri = b[1+w:], b[0] == 3<<3|2
	if !iri && bytes.ContainsAny(text, "\\\"\n\r\t") {
		return nil, false, false // its form is escaped
	}
	return text, iri, true
}

// decodeRest decodes what follows the values: quads, lists, grams and
// texts, which name values by number only.
func decodeRest(ctx context.Context, g *Graph, s *snapReader, nvals uint64) error {
	bad := func(err error) error { return fmt.Errorf("%w: %w", ErrSnapshot, err) }
	left := func(n uint64) uint64 { return min(n, uint64(len(s.b))) }
	nv := int(nvals) + 1
	maxVal := nvals
	g.refs = make([]int32, nv, room(uint64(nv)))
	g.mod = make([]uint64, nv, room(uint64(nv)))
	nquads := s.uvarint("number of quads", 1<<32-2)
	g.quads = make([][4]uint32, 0, room(left(nquads)))
	for i := uint64(0); i < nquads && s.err == nil; i++ {
		var ids [4]uint32
		for k := range ids {
			ids[k] = uint32(s.uvarint("value number", maxVal))
		}
		if s.err != nil {
			break
		}
		if ids[0] == none || ids[1] == none || ids[2] == none {
			return bad(fmt.Errorf("quad %d has no subject, predicate or object", i+1))
		}
		for _, id := range ids {
			g.refs[id]++
		}
		g.quads = append(g.quads, ids)
	}
	g.refs[none] = 0
	g.live = int64(len(g.quads))
	maxQuad := uint64(max(len(g.quads)-1, 0))
	var lists arena[uint32]
	quadList := func() []uint32 {
		n := s.uvarint("list length", maxQuad+1)
		qs := lists.take(left(n))
		for j := range qs {
			qs[j] = uint32(s.uvarint("quad number", maxQuad))
		}
		if uint64(len(qs)) < n {
			s.fail("list", errTruncated)
		}
		return qs
	}
	var groups arena[group]
	for _, m := range []*[][]group{&g.out, &g.in} {
		n := s.uvarint("number of lists", maxVal)
		*m = make([][]group, nv, room(uint64(nv)))
		for i := uint64(0); i < n && s.err == nil; i++ {
			id := uint32(s.uvarint("value number", maxVal))
			ng := s.uvarint("number of predicates", maxVal)
			gs := groups.take(left(ng))
			for j := range gs {
				pred := uint32(s.uvarint("value number", maxVal))
				runs := int(s.uvarint("number of runs", maxQuad+1))
				gs[j] = group{pred: pred, runs: int32(runs), qs: quadList()}
			}
			if uint64(len(gs)) < ng {
				s.fail("lists", errTruncated)
			}
			(*m)[id] = gs
			if i%(1<<16) == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}
	nl := s.uvarint("number of labels", maxVal)
	g.byLabel = make(map[uint32][]uint32, left(nl))
	for i := uint64(0); i < nl && s.err == nil; i++ {
		l := uint32(s.uvarint("value number", maxVal))
		g.byLabel[l] = quadList()
	}
	nnamed := s.uvarint("number of names", maxVal)
	g.nameRunes = make([]uint16, nvals+1) // nvals is bounded by the snapshot's size
	for i := uint64(0); i < nnamed && s.err == nil; i++ {
		id := s.uvarint("value number", maxVal)
		n := s.uvarint("name length", math.MaxUint16)
		if id >= uint64(len(g.nameRunes)) {
			s.fail("name lengths", fmt.Errorf("value number %d out of range", id))
			break
		}
		g.nameRunes[id] = uint16(n)
	}
	ng := s.uvarint("number of grams", 1<<32)
	g.grams = make(map[gram]posting, left(ng))
	for i := uint64(0); i < ng && s.err == nil; i++ {
		k := gram{rune(s.uvarint("character", startFlag|unicode.MaxRune)), rune(s.uvarint("character", unicode.MaxRune))}
		n := s.uvarint("posting length", maxVal)
		ids := lists.take(left(n))
		for j := range ids {
			ids[j] = uint32(s.uvarint("value number", maxVal))
			if ids[j] >= uint32(len(g.nameRunes)) || j > 0 && g.byLength(ids[j-1], ids[j]) >= 0 {
				s.fail("grams", errors.New("a list is not in order of length and number"))
				break
			}
		}
		if uint64(len(ids)) < n {
			s.fail("grams", errTruncated)
		}
		if s.err != nil {
			break
		}
		// Buckets of one length each, cut from the list: capped, so that
		// a name added to one reallocates it rather than overwrite the
		// next.
		var p posting
		for a := 0; a < len(ids); {
			b := a + 1
			for b < len(ids) && g.nameRunes[ids[b]] == g.nameRunes[ids[a]] {
				b++
			}
			p = append(p, bucket{runes: g.nameRunes[ids[a]], ids: ids[a:b:b]})
			a = b
		}
		g.grams[k] = p
	}
	ntexts := s.uvarint("number of texts", maxVal)
	for i := uint64(0); i < ntexts && s.err == nil; i++ {
		l := uint32(s.uvarint("value number", maxVal))
		subj := uint32(s.uvarint("value number", maxVal))
		d := s.bytes(32, "digest")
		if s.err != nil {
			break
		}
		if l == none || subj == none {
			return bad(fmt.Errorf("text %d has no label or subject", i+1))
		}
		if _, dup := g.textQuads[l]; dup {
			return bad(fmt.Errorf("label %d has two texts", l))
		}
		g.refs[l]++
		g.refs[subj]++
		g.texts[[32]byte(d)]++
		g.textQuads[l] = textRef{digest: [32]byte(d), subj: subj}
	}
	if s.err != nil {
		return bad(s.err)
	}
	if len(s.b) != 0 {
		return bad(fmt.Errorf("%d bytes left over", len(s.b)))
	}
	return nil
}

// Fingerprint returns a digest of the quads the Graph holds, texts
// included (by their digests): two Graphs hold the same quads exactly when
// their fingerprints are equal, whatever order they were written in.
func (g *Graph) Fingerprint() [32]byte {
	g.mu.RLock()
	lines := make([]string, 0, g.live+int64(len(g.textQuads)))
	for _, ids := range g.quads {
		if ids[0] == none {
			continue
		}
		lines = append(lines, strings.Join([]string{g.strs[ids[0]], g.strs[ids[1]], g.strs[ids[2]], g.strs[ids[3]]}, "\x00"))
	}
	for l, t := range g.textQuads {
		lines = append(lines, strings.Join([]string{g.strs[t.subj], "text", fmt.Sprintf("%x", t.digest), g.strs[l]}, "\x00"))
	}
	g.mu.RUnlock()
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}
