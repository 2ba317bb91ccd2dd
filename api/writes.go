package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/unionkg/kg/extract"
	kg "github.com/unionkg/kg/graph"
	"github.com/unionkg/kg/ingest"
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
	ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if ct != "application/json" && ct != "text/plain" {
		fail(c, http.StatusUnsupportedMediaType, "unsupported_media_type", "send application/json or text/plain")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, s.opts.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			fail(c, http.StatusRequestEntityTooLarge, "too_large", "the article is larger than the server accepts")
		case bodyTimedOut(err):
			fail(c, http.StatusRequestTimeout, "timeout", "the body did not arrive within "+s.opts.BodyTimeout.String())
		default:
			fail(c, http.StatusBadRequest, "bad_request", "could not read the body: "+err.Error())
		}
		return
	}
	if !utf8.Valid(body) {
		// encoding/json would turn the bad bytes into U+FFFD unseen.
		fail(c, http.StatusUnprocessableEntity, "unprocessable", "the body is not valid UTF-8")
		return
	}
	var in articleInput
	if ct == "application/json" {
		if in, err = decodeArticle(body); err != nil {
			fail(c, http.StatusBadRequest, "bad_request", "the body is not one JSON article {id,url,title,published,text}: "+err.Error())
			return
		}
	} else {
		in = articleInput{ID: c.Query("id"), URL: c.Query("url"), Title: c.Query("title"), Published: c.Query("published"), Text: string(body)}
	}
	if in.ID != "" {
		if err := kg.CheckArticleID(in.ID); err != nil {
			fail(c, http.StatusBadRequest, "bad_request", err.Error()+" (see docs/api.md, Article IDs)")
			return
		}
	} else {
		// An ID made up here is valid; the hash of the text when there is
		// no URL either.
		in.ID = kg.NewArticleID(in.URL)
	}
	a := extract.Input{ID: in.ID, Source: "api", URL: in.URL, Title: in.Title, Published: in.Published, Text: in.Text}
	if err := ingest.Check(a); err != nil {
		// The ID is valid: the text or another field is not.
		fail(c, http.StatusUnprocessableEntity, "unprocessable", err.Error())
		return
	}
	if strings.TrimSpace(in.Text) == "" {
		fail(c, http.StatusUnprocessableEntity, "unprocessable", "the article has no text")
		return
	}
	ex, outcome, err := s.in.One(c.Request.Context(), a, false)
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

// decodeArticle reads a JSON article: one object, with no field it does
// not know and nothing after it.
func decodeArticle(body []byte) (articleInput, error) {
	var in articleInput
	if b := bytes.TrimLeft(body, " \t\r\n"); len(b) == 0 || b[0] != '{' {
		return in, errors.New("not a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return in, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return in, fmt.Errorf("data after the object at byte %d", dec.InputOffset())
	}
	return in, nil
}

func (s *Server) deleteArticle(c *gin.Context) {
	if err := s.st.Writable(); err != nil {
		s.answer(c, nil, err)
		return
	}
	id := c.Param("id")
	if err := kg.CheckArticleID(id); err != nil {
		fail(c, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	n, err := s.st.Delete(c.Request.Context(), id)
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
