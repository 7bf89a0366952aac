package extract

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"strings"
)

// SidecarSuffix ends the name of a report's metadata file: X.txt.meta.yaml stands beside X.txt.
const SidecarSuffix = ".meta.yaml"

// OSFS is the file system of the operating system, with names as given on the command line
// (relative or absolute), so that a sample's source names the file the way the user did.
type OSFS struct{}

// Open opens the named file.
func (OSFS) Open(name string) (fs.File, error) { return os.Open(name) }

// ReadFile reads the named file.
func (OSFS) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }

// Stat returns the named file's info.
func (OSFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

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
// lexical order). An error of fn or of the walk stops it.
func Walk(fsys fs.FS, roots []string, fn func(path string) error) error {
	for _, root := range roots {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if p != root && !isReport(p) {
				return nil
			}
			return fn(p)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// readSidecar returns the bytes of the report's sidecar, or nil when it has none.
func readSidecar(fsys fs.FS, report string) ([]byte, error) {
	data, err := fs.ReadFile(fsys, report+SidecarSuffix)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}
