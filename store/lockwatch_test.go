package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
)

// TestLockStatus holds the lock in a read and checks that LockStatus says
// since when, and that a write waiting behind it is counted, on a store
// whose reads share the lock (bolt) and on one whose reads take it whole
// (memory).
func TestLockStatus(t *testing.T) {
	tests := []struct {
		name, dsn string
		mode      string
	}{
		{"bolt", "", "read"},
		{"memory", "memory", "write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsn := tt.dsn
			if dsn == "" {
				dsn = filepath.Join(t.TempDir(), "db")
			}
			st := openT(t, dsn)
			if got := st.LockStatus(); got.Holders != 0 || got.Mode != "" || got.Waiting != 0 {
				t.Fatalf("idle store: %+v", got)
			}
			held, release := make(chan struct{}), make(chan struct{})
			go st.View(func(graph.QuadStore) error {
				close(held)
				<-release
				return nil
			})
			<-held
			time.Sleep(50 * time.Millisecond)
			wrote := make(chan error, 1)
			go func() {
				_, err := st.Put(context.Background(), []Article{article("a", "h", 1)})
				wrote <- err
			}()
			deadline := time.Now().Add(5 * time.Second)
			var got LockStatus
			for got = st.LockStatus(); got.Waiting == 0 && time.Now().Before(deadline); got = st.LockStatus() {
				time.Sleep(time.Millisecond)
			}
			if got.Mode != tt.mode || got.Holders != 1 || got.Held < 50*time.Millisecond || got.Waiting != 1 {
				t.Errorf("while a read holds the lock and a write waits: %+v, want mode %s, 1 holder for 50ms or more, 1 waiting", got, tt.mode)
			}
			close(release)
			if err := <-wrote; err != nil {
				t.Fatal(err)
			}
			if got := st.LockStatus(); got.Holders != 0 || got.Waiting != 0 {
				t.Errorf("after both: %+v", got)
			}
		})
	}
}
