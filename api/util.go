package api

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/gin-gonic/gin"
)

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Page is a slice of a list answer.
type Page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// paging reads limit and offset (default 50 and 0, limit at most 1000).
func paging(c *gin.Context) (limit, offset int, err error) {
	limit, offset = 50, 0
	if v := c.Query("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 1000 {
			return 0, 0, badRequest{"limit must be an integer from 1 to 1000"}
		}
	}
	if v := c.Query("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, badRequest{"offset must be a non-negative integer"}
		}
	}
	return limit, offset, nil
}

// profilePaging reads the paging of a profile's lists (paging) and the
// articles listed per item of them: a hub's meeting or slogan is stated
// by thousands of articles.
func profilePaging(c *gin.Context) (limit, offset, perItem int, err error) {
	if limit, offset, err = paging(c); err != nil {
		return 0, 0, 0, err
	}
	perItem, err = intParam(c, "articles", 20, 0, 1000)
	return limit, offset, perItem, err
}

// page cuts a sorted list.
func page[T any](c *gin.Context, all []T) (Page[T], error) {
	limit, offset, err := paging(c)
	if err != nil {
		return Page[T]{}, err
	}
	p := Page[T]{Total: len(all), Limit: limit, Offset: offset, Items: []T{}}
	if offset < len(all) {
		end := min(offset+limit, len(all))
		p.Items = all[offset:end]
	}
	return p, nil
}

// intParam reads an integer query parameter within bounds.
func intParam(c *gin.Context, name string, def, lo, hi int) (int, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest{name + " must be an integer from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)}
	}
	return n, nil
}
