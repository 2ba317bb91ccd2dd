package data

import "testing"

func TestNamedBodies(t *testing.T) {
	bs, err := NamedBodies()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, b := range bs {
		if b.Parent != "" && b.Level != "industry" {
			t.Errorf("%s: only national industry unions have a parent here", b.Name)
		}
		for _, n := range append([]string{b.Name}, b.Aliases...) {
			if other, ok := seen[n]; ok {
				t.Errorf("%q names both %s and %s", n, other, b.Name)
			}
			seen[n] = b.Name
		}
	}
	if seen["香港特别行政区工会联合会"] != "香港工会联合会" {
		t.Errorf("香港特别行政区工会联合会 is not a form of 香港工会联合会")
	}
}

func TestParseNamedBodies(t *testing.T) {
	tests := []struct {
		line    string
		wantErr bool
	}{
		{"industry\t中华全国总工会\t中国金融工会|全国金融工会", false},
		{"region\t-\t澳门工会联合总会", false},
		{"industry 中华全国总工会 中国金融工会", true},
		{"city\t-\t某某工会", true},
		{"region\t-\t", true},
	}
	for _, tt := range tests {
		_, err := parseNamedBodies([]string{tt.line})
		if (err != nil) != tt.wantErr {
			t.Errorf("parse %q: err %v, want error %v", tt.line, err, tt.wantErr)
		}
	}
}
