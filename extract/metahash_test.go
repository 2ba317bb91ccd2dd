package extract

import "testing"

func TestMetaHash(t *testing.T) {
	base := Input{Title: "标题", URL: "http://example.org/a", Published: "2024-07-23", Text: "正文"}
	if MetaHash(Input{Text: "正文", Source: "a.txt"}) != "" {
		t.Error("an article given no metadata has a metadata hash")
	}
	// Every change of a field, and a character moved from one field to
	// the next, changes the hash; the text and the source do not.
	tests := []struct {
		name string
		in   Input
		same bool
	}{
		{"same", base, true},
		{"other text and source", Input{Title: base.Title, URL: base.URL, Published: base.Published, Text: "别的", Source: "b.txt"}, true},
		{"title", Input{Title: "标题2", URL: base.URL, Published: base.Published}, false},
		{"url", Input{Title: base.Title, URL: "http://example.org/b", Published: base.Published}, false},
		{"date", Input{Title: base.Title, URL: base.URL, Published: "2024-07-24"}, false},
		{"title only", Input{Title: base.Title}, false},
		{"a character moved between fields", Input{Title: "标", URL: "题" + base.URL, Published: base.Published}, false},
	}
	want := MetaHash(base)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MetaHash(tt.in); (got == want) != tt.same {
				t.Errorf("MetaHash(%+v) == MetaHash(base) is %v, want %v", tt.in, got == want, tt.same)
			}
		})
	}
}
