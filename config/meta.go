package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"gopkg.in/yaml.v3"
)

// Meta is a report's sidecar (X.txt.meta.yaml): facts about the document its text may not tell.
type Meta struct {
	// Region overrides the region found in the text.
	Region string `yaml:"region"`
	// Published is the publication date; it resolves 今年, 去年 and periods without a year.
	Published time.Time `yaml:"-"`
}

// ParseMeta decodes a sidecar strictly: an unknown key is an error naming its line.
func ParseMeta(name string, data []byte) (*Meta, error) {
	var raw struct {
		Region    string `yaml:"region"`
		Published string `yaml:"published"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m := &Meta{Region: raw.Region}
	if raw.Published != "" {
		t, err := time.Parse(time.DateOnly, raw.Published)
		if err != nil {
			return nil, fmt.Errorf("%s: published %q is not YYYY-MM-DD", name, raw.Published)
		}
		m.Published = t
	}
	return m, nil
}
