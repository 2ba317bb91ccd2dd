package api

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// relayColumns are the columns of a congress's relay table.
func relayColumns() []string {
	return []string{"body_id", "body", "level", "province", "date", "lag_days", "meeting", "chairs", "articles"}
}

// relaysAsCSV reads whether the relays are wanted as a CSV table:
// format=csv, or no format and an Accept header that prefers text/csv.
func relaysAsCSV(c *gin.Context) (bool, error) {
	switch c.Query("format") {
	case "csv":
		return true, nil
	case "json":
		return false, nil
	case "":
		return acceptsCSV(c), nil
	}
	return false, badRequest{"format must be json or csv"}
}

// acceptsCSV reports whether the request's Accept header prefers
// text/csv to JSON.
func acceptsCSV(c *gin.Context) bool { return acceptsCSVHeader(c.GetHeader("Accept")) }

// acceptsCSVHeader reports whether an Accept header gives text/csv a
// higher quality than application/json, or the same one listed first.
// Wildcards count for neither: a browser's */* asks for the default, JSON.
func acceptsCSVHeader(accept string) bool {
	qCSV, qJSON := 0.0, 0.0
	csvFirst := false
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil {
				continue
			}
		}
		switch mt {
		case "text/csv":
			csvFirst = csvFirst || qJSON == 0
			qCSV = max(qCSV, q)
		case "application/json":
			qJSON = max(qJSON, q)
		}
	}
	return qCSV > qJSON || qCSV > 0 && qCSV == qJSON && csvFirst
}

// varyAccept marks the answers of a route whose format follows Accept, so
// that shared caches keep its JSON and CSV apart.
func varyAccept(c *gin.Context) {
	c.Header("Vary", "Accept")
	c.Next()
}

// relayTable renders relays as CSV (RFC 4180, UTF-8, a header row): one
// row per relay event. A cell of several values holds them one a line
// (articles, whose IDs may hold any other character) or separated by 、
// (chairs' names).
func (s *Server) relayTable(cg *Congress, relays []Relay) (*reply, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(relayColumns()); err != nil {
		return nil, fmt.Errorf("relay table: %w", err)
	}
	for _, rl := range relays {
		lag, meeting := "", ""
		if rl.LagDays != nil {
			lag = strconv.Itoa(*rl.LagDays)
		}
		if rl.Via != nil {
			meeting = rl.Via.Name
		}
		chairs := make([]string, len(rl.Chairs))
		for i, ch := range rl.Chairs {
			chairs[i] = ch.Name
		}
		arts := make([]string, len(rl.Articles))
		for i, a := range rl.Articles {
			arts[i] = a.ID
		}
		row := []string{rl.Body.ID, rl.Body.Name, rl.Body.Level, rl.Body.Province, rl.Date, lag, meeting,
			strings.Join(chairs, "、"), strings.Join(arts, "\n")}
		if err := w.Write(row); err != nil {
			return nil, fmt.Errorf("relay table: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("relay table: %w", err)
	}
	return &reply{status: http.StatusOK, ctype: "text/csv; charset=utf-8; header=present", body: b.Bytes(),
		header: [][2]string{{"Content-Disposition", s.relayFilename(cg)}}}, nil
}

// relayFilename is the Content-Disposition of a congress's relay table:
// relays-党的二十大.csv, with an ASCII name for old clients (the
// calendar's ID, cpc-20, when it has the congress).
func (s *Server) relayFilename(cg *Congress) string {
	ascii := "relays.csv"
	if s.cal != nil {
		if c, ok := s.cal.Find(cg.Name); ok {
			ascii = "relays-" + c.ID + ".csv"
		}
	}
	name := "relays-" + strings.TrimPrefix(cg.ID, "congress:") + ".csv"
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, attrEscape(name))
}

// attrEscape percent-encodes a value of an RFC 8187 extended parameter:
// every byte but the few it allows as they are.
func attrEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
