package readmodel

import (
	"cmp"
	"slices"
	"sort"

	"github.com/cayleygraph/quad"
)

// The Graph keeps a log of what recent writes changed, each as a dep (a
// value's quads, or one of its lists by predicate), so that a reader who
// kept an answer with the deps it was read from can tell whether a write
// since touched any, by looking at what the writes changed rather than at
// every value the answer read: an answer built from thousands of parts
// (a congress's relays) is checked in the time of the write's few hundred
// changes (Touches).

// maxChanges bounds the log (Graph.maxChanges, which tests lower); past it
// the older half is dropped, and answers last checked before what is kept
// are checked value by value.
const maxChanges = 1 << 20

// change is one dep changed by the write numbered gen.
type change struct {
	gen uint64
	dep uint64
}

// A dep packs a value's ID (high 32 bits) with, for one of its lists, the
// predicate's ID (bits 0–23; a predicate interned past them has no dep,
// and its reads are checked one by one), the direction (bits 24–25:
// quad.Subject or quad.Object), what of the list was read (bits 26–27: a
// readKind) and for a bucket its number (bits 28–31); 0 in the low bits
// is the value's quads as a whole.
const (
	depPredBits   = 24
	depDirShift   = 24
	depKindShift  = 26
	depBucketShft = 28
)

// readKind is what a read covers.
type readKind uint8

const (
	readWhole    readKind = iota // a value's quads, all of them
	readDistinct                 // the distinct values at the other end of a list
	_
	readBucket // the quads of a list in one bucket of labels, with them
)

func fullDep(id uint32) uint64 { return uint64(id) << 32 }

func listDep(id uint32, dir quad.Direction, pid uint32) (uint64, bool) {
	return kindDep(id, dir, pid, readDistinct, 0)
}

func kindDep(id uint32, dir quad.Direction, pid uint32, kind readKind, bucket int) (uint64, bool) {
	if pid >= 1<<depPredBits || (dir != quad.Subject && dir != quad.Object) || kind == readWhole {
		return 0, false
	}
	return uint64(id)<<32 | uint64(bucket)<<depBucketShft | uint64(kind)<<depKindShift | uint64(dir)<<depDirShift | uint64(pid), true
}

// splitDep is the inverse of kindDep for a list's dep.
func splitDep(low uint32) (dir quad.Direction, pid uint32, kind readKind, bucket int) {
	return quad.Direction(low >> depDirShift & 3), low & (1<<depPredBits - 1), readKind(low >> depKindShift & 3), int(low >> depBucketShft & 15)
}

// Deps is what an answer was read from, for Touches: a sorted set of
// deps, or open when one of its reads cannot be named by one (a value
// absent when read), which Touches then never clears.
type Deps struct {
	ids  []uint64
	open bool
}

// Reads are reads kept with an answer, in a quarter of the memory of
// []Read (a server keeps millions): each a dep with its stamp then (0 for
// a list absent), and apart, as they were, the reads that name no dep (a
// value or a predicate absent when read).
type Reads struct {
	kept   []stamped
	absent []Read
}

type stamped struct{ dep, stamp uint64 }

// Keep returns reads (from ReadOf and ReadDistinctOf) as Reads.
func Keep(reads []Read) Reads {
	var rs Reads
	rs.kept = make([]stamped, 0, len(reads))
	for _, r := range reads {
		switch {
		case r.V == nil:
		case r.id == none:
			rs.absent = append(rs.absent, r)
		case r.kind != readWhole:
			dep, ok := kindDep(r.id, r.dir, r.pid, r.kind, r.bucket)
			// A present list's stamp is at least 1 (every write and load
			// counts from 1): 0 can stand for an absent one.
			if !ok || r.pid == none || r.present && r.Stamp == 0 {
				rs.absent = append(rs.absent, r)
				continue
			}
			st := uint64(0)
			if r.present {
				st = r.Stamp
			}
			rs.kept = append(rs.kept, stamped{dep, st})
		default:
			rs.kept = append(rs.kept, stamped{fullDep(r.id), r.Stamp})
		}
	}
	return rs
}

// UnchangedReads is Unchanged for Reads.
func (g *Graph) UnchangedReads(rs Reads) bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	for _, s := range rs.kept {
		id, low := uint32(s.dep>>32), uint32(s.dep)
		var now uint64
		switch {
		case low == 0:
			if int(id) < len(g.mod) {
				now = g.mod[id]
			}
		case int(id) < len(g.vals):
			dir, pid, kind, b := splitDep(low)
			if present, st := g.kindStamp(id, dir, pid, kind, b); present {
				now = st
			}
		}
		if now != s.stamp {
			return false
		}
	}
	return g.unchanged(rs.absent)
}

// DepsOf returns the deps of reads and of the deps sets given (those of
// the parts an answer used). The sets are merged, not sorted again: a
// congress's relays are built from a few parts of tens of thousands of
// deps each.
func DepsOf(reads Reads, parts ...Deps) Deps {
	d := Deps{open: len(reads.absent) > 0}
	own := make([]uint64, 0, len(reads.kept))
	for _, s := range reads.kept {
		own = append(own, s.dep)
	}
	slices.Sort(own)
	lists := make([][]uint64, 0, len(parts)+1)
	if len(own) > 0 {
		lists = append(lists, slices.Compact(own))
	}
	for _, p := range parts {
		d.open = d.open || p.open
		if len(p.ids) > 0 {
			lists = append(lists, p.ids)
		}
	}
	d.ids = mergeSorted(lists)
	return d
}

// mergeSorted returns the union of sorted sets, sorted, merging them in
// pairs: n log k for k sets of n values in all. It may return one of the
// sets itself.
func mergeSorted(lists [][]uint64) []uint64 {
	if len(lists) == 0 {
		return []uint64{}
	}
	for len(lists) > 1 {
		next := lists[:0:0]
		for i := 0; i < len(lists); i += 2 {
			if i+1 == len(lists) {
				next = append(next, lists[i])
				continue
			}
			next = append(next, mergeTwo(lists[i], lists[i+1]))
		}
		lists = next
	}
	return lists[0]
}

// mergeTwo returns the union of two sorted sets.
func mergeTwo(a, b []uint64) []uint64 {
	out := make([]uint64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// OpenDeps returns a set Touches never clears.
func OpenDeps() Deps { return Deps{open: true} }

func (d Deps) has(dep uint64) bool {
	_, found := slices.BinarySearch(d.ids, dep)
	return found
}

// logChange notes that the current write changed dep; g.mu is held.
// Writes in bulk (a build) are not logged: the log starts again after.
func (g *Graph) logChange(dep uint64) {
	if !g.bulk {
		g.changes = append(g.changes, change{g.gen, dep})
	}
}

// logValue notes that the current write changed value id's quads.
func (g *Graph) logValue(id uint32) {
	if id != none {
		g.logChange(fullDep(id))
	}
}

// logList notes that the current write changed which values are in value
// id's list of quads with predicate pid, id in direction dir.
func (g *Graph) logList(id uint32, dir quad.Direction, pid uint32) {
	if dep, ok := listDep(id, dir, pid); ok {
		g.logChange(dep)
	} else {
		g.logValue(id) // a dep of that list is open: any change will do
	}
}

// logLabelled notes that the current write added or removed a quad of
// value id's list with predicate pid, id in direction dir, once the list
// keeps a stamp per bucket of labels: that bucket's changed. (Until then a
// read of a bucket is a read of the value's quads, whose change is logged
// apart.) A list keeps its stamps per bucket until it is gone.
func (g *Graph) logLabelled(id uint32, dir quad.Direction, pid uint32, l labelled) {
	if !l.big {
		return
	}
	if dep, ok := kindDep(id, dir, pid, readBucket, l.bucket); ok {
		g.logChange(dep)
	} else {
		g.logValue(id)
	}
}

// logBuckets notes that every bucket of a list changed (the list is gone).
func (g *Graph) logBuckets(id uint32, dir quad.Direction, pid uint32) {
	for b := range LabelBuckets {
		if dep, ok := kindDep(id, dir, pid, readBucket, b); ok {
			g.logChange(dep)
		}
	}
}

// endWrite sorts and compacts the current write's changes, from index
// start of the log, and bounds the log; g.mu is held.
func (g *Graph) endWrite(start int) {
	if start > len(g.changes) {
		start = len(g.changes)
	}
	w := g.changes[start:]
	slices.SortFunc(w, func(a, b change) int { return cmp.Compare(a.dep, b.dep) })
	w = slices.CompactFunc(w, func(a, b change) bool { return a.dep == b.dep })
	g.changes = g.changes[:start+len(w)]
	if len(g.changes) > g.maxChanges {
		cut := len(g.changes) / 2
		g.logFrom = g.changes[cut].gen + 1
		g.changes = slices.Clone(g.changes[cut:])
	}
}

// restartLog empties the log after a load, a reset or a build: answers
// checked before are checked value by value; g.mu is held.
func (g *Graph) restartLog() {
	g.changes = nil
	g.logFrom = g.gen + 1
}

// Touches reports whether a write after the one numbered since changed
// one of deps. ok is false when the log cannot tell (it no longer reaches
// back to since, deps is open, or the writes since changed more than
// checking deps value by value would cost): the caller then checks the
// reads themselves (Unchanged).
func (g *Graph) Touches(deps Deps, since uint64) (touched, ok bool) {
	return g.touches(deps, since, 8*len(deps.ids)+64)
}

// touches is Touches giving up past max changes (max < 0: never).
func (g *Graph) touches(deps Deps, since uint64, max int) (touched, ok bool) {
	if deps.open {
		return true, false
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	if since+1 < g.logFrom {
		return true, false
	}
	i := sort.Search(len(g.changes), func(i int) bool { return g.changes[i].gen > since })
	if max >= 0 && len(g.changes)-i > max {
		return true, false
	}
	for _, c := range g.changes[i:] {
		if deps.has(c.dep) {
			return true, true
		}
	}
	return false, true
}
