package extract

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"slices"
	"strings"
	"syscall"
)

// SidecarSuffix ends the name of a report's metadata file: X.txt.meta.yaml stands beside X.txt.
const SidecarSuffix = ".meta.yaml"

// DefaultMaxReportBytes is the size above which OSFS refuses to read a report (64 MiB): the
// largest real report is a few MB. A plain-text report of 16 MiB or more is read a piece at a
// time and holds little memory whatever its size; any other is held whole, about twice over.
const DefaultMaxReportBytes = 64 << 20

// ErrNotRegular marks a path that is no regular file (a device, a FIFO, a socket, a folder
// reached through a symlink): reading it could block forever or never end, so it is not read.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge marks a report larger than the size limit (OSFS.MaxBytes).
var ErrTooLarge = errors.New("report larger than the size limit")

// OSFS is the file system of the operating system, with names as given on the command line
// (relative or absolute), so that a sample's source names the file the way the user did. It
// reads regular files only, of at most MaxBytes (DefaultMaxReportBytes when 0).
type OSFS struct {
	MaxBytes int64
}

// Open opens the named file.
func (OSFS) Open(name string) (fs.File, error) { return os.Open(name) }

// ReadFile reads the named file if it is a regular file (a symlink to one is) of at most
// MaxBytes, and returns an error wrapping ErrNotRegular or ErrTooLarge otherwise.
func (o OSFS) ReadFile(name string) ([]byte, error) {
	f, size, err := o.openReport(name)
	if err != nil {
		return nil, err
	}
	defer f.Close() //nolint:errcheck // read only: closing cannot lose data
	return readReport(name, f, nil, size, o.limit())
}

// openReport opens the named file for reading, as ReadFile reads it, and returns its size. A
// FIFO is opened without blocking, so that a FIFO put in place between the look and the open
// is refused too rather than waited on.
func (o OSFS) openReport(name string) (*os.File, int64, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		if fi, serr := os.Stat(name); serr == nil && !fi.Mode().IsRegular() {
			return nil, 0, checkReadable(name, fi, o.limit()) // a socket cannot be opened: say what it is
		}
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err == nil {
		err = checkReadable(name, fi, o.limit())
	}
	if err != nil {
		f.Close() //nolint:errcheck,gosec // read only: closing cannot lose data
		return nil, 0, err
	}
	return f, fi.Size(), nil
}

// openReport opens the report at path in fsys and returns its size, as its file says, and the
// size it may not grow past while read: OSFS's checks and limit where fsys is one.
func openReport(fsys fs.FS, path string) (f fs.File, size, limit int64, err error) {
	if o, ok := fsys.(OSFS); ok {
		osf, size, err := o.openReport(path)
		if err != nil {
			return nil, 0, 0, err
		}
		return osf, size, o.limit(), nil
	}
	if f, err = fsys.Open(path); err != nil {
		return nil, 0, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close() //nolint:errcheck,gosec // read only: closing cannot lose data
		return nil, 0, 0, err
	}
	return f, fi.Size(), math.MaxInt64, nil
}

func (o OSFS) limit() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxReportBytes
	}
	return o.MaxBytes
}

// readReport reads the rest of the report name from r after the bytes head already read,
// size in all as the file's size says, and fails if it grows past limit while read.
func readReport(name string, r io.Reader, head []byte, size, limit int64) ([]byte, error) {
	// Read into a buffer of the file's size, one byte over to see it grow past the limit.
	data := make([]byte, len(head), max(size, int64(len(head)))+1)
	copy(data, head)
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if int64(len(data)) > limit {
			return nil, fmt.Errorf("%s: %w: grew past %d bytes while read", name, ErrTooLarge, limit)
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = slices.Grow(data, min(len(data), int(limit)))
		}
	}
}

// checkReadable tells why the file of fi is not read as a report, if it is not.
func checkReadable(name string, fi fs.FileInfo, limit int64) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: %w (%s)", name, ErrNotRegular, fileKind(fi.Mode()))
	}
	if fi.Size() > limit {
		return fmt.Errorf("%s: %w: %d bytes, the limit is %d (--report.max-bytes)", name, ErrTooLarge, fi.Size(), limit)
	}
	return nil
}

// fileKind names the type of a file that is not a regular one.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "type " + m.Type().String()
}

// Stat returns the named file's info.
func (OSFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

// Lstat returns the named file's info without following a symlink.
func (OSFS) Lstat(name string) (fs.FileInfo, error) { return os.Lstat(name) }

// ReadLink returns the destination of the named symlink.
func (OSFS) ReadLink(name string) (string, error) { return os.Readlink(name) }

// isReport tells whether a file name is a report: not a sidecar, not hidden, not an editor's
// or a writer's temporary file.
func isReport(name string) bool {
	base := path.Base(name)
	return !strings.HasPrefix(base, ".") &&
		!strings.HasSuffix(base, SidecarSuffix) &&
		!strings.HasSuffix(base, "~") &&
		!strings.HasSuffix(base, ".tmp") &&
		!strings.HasSuffix(base, ".swp")
}

// Walk calls fn for every report under roots (files or folders, walked recursively in
// lexical order). An error of fn or of the walk stops it; WalkReports goes on past bad entries.
func Walk(fsys fs.FS, roots []string, fn func(path string) error) error {
	return WalkReports(fsys, roots, func(p string, err error) error {
		if err != nil {
			return err
		}
		return fn(p)
	})
}

// WalkReports calls fn for every report under roots (files or folders, walked recursively in
// lexical order), with a nil error, and for every entry that could not be looked at, with the
// error naming it: a folder that cannot be listed, a dangling symlink, a symlink loop. The walk
// goes on past such an entry; an entry that vanished between the listing and the look is
// left out without an error. A root that cannot be looked at, or an error of fn, stops the
// walk and is returned.
func WalkReports(fsys fs.FS, roots []string, fn func(path string, err error) error) error {
	return walkReports(fsys, roots, fn, nil)
}

// sidecars are the sidecar files a walk passed, and the folders it listed: a report in a listed
// folder has a sidecar if and only if the walk passed it, and need not look for one.
type sidecars struct {
	listed map[string]bool
	seen   map[string]bool
}

// has tells whether the report at p has a sidecar, and whether the walk knows.
func (sc *sidecars) has(p string) (has, known bool) {
	if sc == nil || !sc.listed[path.Dir(p)] {
		return false, false
	}
	return sc.seen[p+SidecarSuffix], true
}

// walkReports is WalkReports that notes in sc (when not nil) the folders listed and the
// sidecars passed.
func walkReports(fsys fs.FS, roots []string, fn func(path string, err error) error, sc *sidecars) error {
	for _, root := range roots {
		if _, err := fs.Stat(fsys, root); err != nil {
			return err
		}
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			switch {
			case err != nil && d == nil && p == root:
				return err
			case err != nil:
				return badEntry(fsys, p, d, err, fn)
			case d.IsDir():
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				if sc != nil {
					sc.listed[p] = true
				}
				return nil
			case p != root && !isReport(p):
				if sc != nil && strings.HasSuffix(p, SidecarSuffix) {
					sc.seen[p] = true
				}
				return nil
			case d.Type()&fs.ModeSymlink != 0:
				if _, err := fs.Stat(fsys, p); err != nil {
					return badEntry(fsys, p, d, err, fn)
				}
			}
			return fn(p, nil)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// badEntry reports the entry at p that the walk could not look at to fn, unless it vanished
// meanwhile. A folder that cannot be listed is skipped.
func badEntry(fsys fs.FS, p string, d fs.DirEntry, err error, fn func(string, error) error) error {
	isLink := d != nil && d.Type()&fs.ModeSymlink != 0
	if errors.Is(err, fs.ErrNotExist) {
		// Gone since listed, or a symlink to nothing: only the link itself still stands.
		if _, lerr := fs.Lstat(fsys, p); lerr != nil {
			return nil
		}
		if isLink {
			return fn(p, fmt.Errorf("%s: dangling symlink: %w", p, err))
		}
	}
	if isLink {
		return fn(p, fmt.Errorf("%s: follow symlink: %w", p, err))
	}
	if d != nil && d.IsDir() {
		if err := fn(p, fmt.Errorf("%s: list folder: %w", p, err)); err != nil {
			return err
		}
		return fs.SkipDir
	}
	return fn(p, err)
}

// readSidecar returns the bytes of the report's sidecar, or nil when it has none.
func readSidecar(fsys fs.FS, report string) ([]byte, error) {
	data, err := fs.ReadFile(fsys, report+SidecarSuffix)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}
