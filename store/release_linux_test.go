//go:build linux

package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// mappedRSS returns the resident kilobytes of this process's maps of file,
// from /proc/self/smaps.
func mappedRSS(t *testing.T, file string) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no smaps: %v", err)
	}
	defer f.Close()
	kb, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		// A map's header: address range, permissions, offset, device,
		// inode and, for a file, its path.
		if fields := strings.Fields(line); len(fields) >= 5 && strings.Contains(fields[0], "-") && len(fields[1]) == 4 {
			in = len(fields) >= 6 && fields[len(fields)-1] == file
			continue
		}
		if in && strings.HasPrefix(line, "Rss:") {
			n, err := strconv.Atoi(strings.Fields(line)[1])
			if err != nil {
				t.Fatalf("smaps: %q: %v", line, err)
			}
			kb += n
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return kb
}

// TestReleaseMap checks that a bolt store opened with ReleaseMap keeps
// none of its map resident after a write, that one without it does, and
// that the data reads back the same either way.
func TestReleaseMap(t *testing.T) {
	for _, release := range []bool{false, true} {
		t.Run(fmt.Sprint("release=", release), func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			st, err := Open(ctx, dir, Options{ReleaseMap: release, NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			file, err := filepath.EvalSymlinks(filepath.Join(dir, "indexes.bolt"))
			if err != nil {
				t.Fatal(err)
			}
			for b := range 20 {
				var arts []Article
				for k := range 20 {
					id := fmt.Sprintf("a%03d", b*20+k)
					arts = append(arts, article(id, "h"+id, 30))
				}
				if _, err := st.Put(ctx, arts); err != nil {
					t.Fatal(err)
				}
			}
			rss := mappedRSS(t, file)
			switch {
			case release && rss > 64:
				t.Errorf("after writes with ReleaseMap, %d KiB of the map are resident; want about none", rss)
			case !release && rss == 0:
				t.Errorf("after writes without ReleaseMap, none of the map is resident: the test does not see the map")
			}
			// Each article: 3 about itself, 5 unions relayed and named,
			// 30 meetings.
			const per = 3 + 2*5 + 30
			if got := len(quadsOf(t, st, "a123")); got != per {
				t.Errorf("article a123 reads back %d quads; want %d", got, per)
			}
			if n := countQuads(t, st); n != 400*per {
				t.Errorf("store holds %d quads; want %d", n, 400*per)
			}
		})
	}
}
