package api

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/unionkg/kg/extract"
	"github.com/unionkg/kg/store"
)

// articleInput is the JSON body of POST /api/articles.
type articleInput struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Text      string `json:"text"`
}

func (s *Server) postArticle(c *gin.Context) {
	// A store that takes no writes is said before the work of reading
	// and extracting the article.
	if err := s.st.Writable(); err != nil {
		s.answer(c, nil, err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, s.opts.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(c, http.StatusRequestEntityTooLarge, "too_large", "the article is larger than the server accepts")
			return
		}
		fail(c, http.StatusBadRequest, "bad_request", "could not read the body: "+err.Error())
		return
	}
	ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	var in articleInput
	switch ct {
	case "application/json":
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			fail(c, http.StatusBadRequest, "bad_request", "the body is not a JSON article {id,url,title,published,text}: "+err.Error())
			return
		}
	case "text/plain":
		if !utf8.Valid(body) {
			fail(c, http.StatusUnprocessableEntity, "unprocessable", "text/plain bodies must be UTF-8")
			return
		}
		in = articleInput{ID: c.Query("id"), URL: c.Query("url"), Title: c.Query("title"), Published: c.Query("published"), Text: string(body)}
	default:
		fail(c, http.StatusUnsupportedMediaType, "unsupported_media_type", "send application/json or text/plain")
		return
	}
	if strings.TrimSpace(in.Text) == "" {
		fail(c, http.StatusUnprocessableEntity, "unprocessable", "the article has no text")
		return
	}
	if in.ID == "" {
		in.ID = in.URL
	}
	ex, outcome, err := s.in.One(c.Request.Context(), extract.Input{ID: in.ID, Source: "api", URL: in.URL, Title: in.Title, Published: in.Published, Text: in.Text}, false)
	if err != nil {
		if errors.Is(err, extract.ErrEmpty) {
			fail(c, http.StatusUnprocessableEntity, "unprocessable", err.Error())
			return
		}
		s.writeFailed(c, err)
		return
	}
	status := http.StatusOK
	if outcome == store.Added {
		status = http.StatusCreated
	}
	c.JSON(status, gin.H{"outcome": outcome.String(), "extraction": ex})
}

func (s *Server) deleteArticle(c *gin.Context) {
	if err := s.st.Writable(); err != nil {
		s.answer(c, nil, err)
		return
	}
	n, err := s.st.Delete(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeFailed(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"deleted": n})
}

// writeFailed answers a write that failed. A failure of the store itself
// (not a missing article, not a client gone) has suspended writes: unless
// it is for want of space (507), the answer says so (503).
func (s *Server) writeFailed(c *gin.Context, err error) {
	if !errors.Is(err, store.ErrNoSpace) {
		if w := s.st.Writable(); errors.Is(w, store.ErrWritesSuspended) {
			err = w
		}
	}
	s.answer(c, nil, err)
}
