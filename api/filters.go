package api

import (
	"fmt"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/unionkg/kg/calendar"
	"github.com/unionkg/kg/data"
	"github.com/unionkg/kg/gazetteer"
)

// levelNames maps the words for a body's level (县级, county-level,
// 港澳) to the level the graph writes (county, region), from
// data/lexicon/levels.txt.
type levelNames struct {
	canon  map[string]string // lower-cased word → level
	levels []string          // the levels, in the file's order
}

func loadLevels() (levelNames, error) {
	sets, err := data.Synonyms("levels")
	if err != nil {
		return levelNames{}, fmt.Errorf("level synonyms: %w", err)
	}
	ln := levelNames{canon: map[string]string{}}
	for _, set := range sets {
		ln.levels = append(ln.levels, set[0])
		for _, w := range set {
			ln.canon[strings.ToLower(w)] = set[0]
		}
	}
	return ln, nil
}

// loadCalendar reads the embedded congress calendar.
func loadCalendar() (*calendar.Calendar, error) {
	cal, err := calendar.Load(data.Congresses())
	if err != nil {
		return nil, fmt.Errorf("congress calendar: %w", err)
	}
	return cal, nil
}

// provinceNames lists the full names of the gazetteer's provinces, in
// code order.
func provinceNames(gaz *gazetteer.Gazetteer) []string {
	var out []string
	for _, d := range gaz.All() {
		if d.Level == gazetteer.Province {
			out = append(out, d.Name)
		}
	}
	return out
}

// bodyFilter is the province and level a list of bodies is narrowed to;
// empty fields do not narrow.
type bodyFilter struct{ province, level string }

func (f bodyFilter) keeps(b BodyRef) bool {
	return (f.province == "" || b.Province == f.province) && (f.level == "" || b.Level == f.level)
}

// bodyFilter reads the province and level parameters, which take the
// words researchers use as well as the graph's: 江西 for 江西省, 县级 for
// county. A value that names nothing is a bad request that lists the
// accepted values, never an empty list.
func (s *Server) bodyFilter(c *gin.Context) (bodyFilter, error) {
	var f bodyFilter
	if v := strings.TrimSpace(c.Query("province")); v != "" {
		for _, d := range s.gaz.Lookup(s.normalize(v)) {
			if d.Level == gazetteer.Province {
				f.province = d.Name
				break
			}
		}
		if f.province == "" {
			return f, badRequest{fmt.Sprintf("province %q is not a province; give its full or short name (江西省 or 江西), one of: %s",
				v, strings.Join(s.provinces, ", "))}
		}
	}
	if v := strings.TrimSpace(c.Query("level")); v != "" {
		f.level = s.levels.canon[strings.ToLower(s.normalize(v))]
		if f.level == "" {
			return f, badRequest{fmt.Sprintf("level %q is unknown; give one of %s, or a word for one (县级, 市级, 省级, 企业, 港澳, …)",
				v, strings.Join(s.levels.levels, ", "))}
		}
	}
	return f, nil
}
