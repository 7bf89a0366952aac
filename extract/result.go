package extract

import (
	"time"

	"github.com/report-exporter/report_exporter/series"
)

// Result is what one document gave: its samples and the sentences that named an indicator and
// carried a number but gave no sample.
type Result struct {
	File      string          // the report, as walked
	Region    string          // the region the document is about
	Published time.Time       // its publication date, or 1 January of its year when only that is known
	Samples   []series.Sample // each observation once, the first the document gives
	Unmatched []Unmatched     // for rule authors: what named an indicator but gave nothing
	// Duplicates are the observations the document gives twice with different values: the
	// first stands, the other is reported.
	Duplicates []Duplicate

	regionless int      // figures left out because the document's region is unknown
	candidates []string // the places the text named, for the error of a report without region
}

// Unmatched is a sentence that names a known indicator and carries a number but gave no sample.
type Unmatched struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Indicator string `json:"indicator"`
	Text      string `json:"text"`
}

// Duplicate is an observation a document gives twice with different values.
type Duplicate struct {
	Kept, Dropped series.Sample
}
