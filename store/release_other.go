//go:build !linux

package store

import "github.com/boltdb/bolt"

// releaseMapped does nothing where madvise's behaviour for shared file maps
// has not been checked; the map's pages then stay resident until the
// kernel reclaims them.
func releaseMapped(*bolt.DB) error { return nil }
