package config

import (
	"fmt"
	"reflect"
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

// sidecar is a Meta as written.
type sidecar struct {
	Region    string `yaml:"region"`
	Published string `yaml:"published"`
}

// ParseMeta decodes a sidecar strictly: an unknown key or a bad date is an error naming the
// file, line and column.
func ParseMeta(name string, data []byte) (*Meta, error) {
	m, err := parseMeta(data)
	if err != nil {
		return nil, inFile(name, err)
	}
	return m, nil
}

func parseMeta(data []byte) (*Meta, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	if len(root.Content) == 0 {
		return &Meta{}, nil // an empty sidecar says nothing
	}
	doc := root.Content[0]
	if err := checkFields(doc, reflect.TypeFor[sidecar]()); err != nil {
		return nil, err
	}
	var raw sidecar
	if err := doc.Decode(&raw); err != nil {
		return nil, err
	}
	m := &Meta{Region: raw.Region}
	if raw.Published != "" {
		t, err := time.Parse(time.DateOnly, raw.Published)
		if err != nil {
			return nil, posError(valueOf(doc, "published"), fmt.Errorf("published %q is not YYYY-MM-DD", raw.Published))
		}
		m.Published = t
	}
	return m, nil
}

// valueOf returns the value node of key in a mapping, or the mapping itself.
func valueOf(mapping *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(mapping.Content); i += 2 {
		if mapping.Content[i].Value == key {
			return mapping.Content[i+1]
		}
	}
	return mapping
}
