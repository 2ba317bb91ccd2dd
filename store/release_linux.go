//go:build linux

package store

import (
	"fmt"
	"unsafe"

	"github.com/boltdb/bolt"
	"golang.org/x/sys/unix"
)

// releaseMapped tells the kernel that this process no longer needs the
// pages of bolt's memory map that it has read so far. Bolt maps the whole
// file and reads every page through the map, so without this a bulk load
// keeps in its resident set each page it ever touched, and its memory grows
// with the store rather than with the batch. The pages stay in the page
// cache: the next read of one is a minor fault, not a disk read. Nothing is
// lost: the map is read-only and shared, and bolt writes through the file.
//
// A read transaction is held throughout, because bolt replaces the map only
// after every read transaction has ended: the address range cannot be
// unmapped, and reused by other memory, while it is being advised.
func releaseMapped(db *bolt.DB) error {
	tx, err := db.Begin(false)
	if err != nil {
		return fmt.Errorf("release bolt map: %w", err)
	}
	defer tx.Rollback()
	info := db.Info()
	size := int(tx.Size()) // bytes in use, never more than the map holds
	page := unix.Getpagesize()
	size -= size % page
	if info == nil || info.Data == 0 || size <= 0 {
		return nil
	}
	// Info gives the map's address as a uintptr; it is outside the Go heap.
	base := *(*unsafe.Pointer)(unsafe.Pointer(&info.Data))
	mapped := unsafe.Slice((*byte)(base), size)
	if err := unix.Madvise(mapped, unix.MADV_DONTNEED); err != nil {
		return fmt.Errorf("release bolt map: madvise: %w", err)
	}
	return nil
}
