package data

import (
	"slices"
	"testing"
)

func TestLevelSynonyms(t *testing.T) {
	sets, err := Synonyms("levels")
	if err != nil {
		t.Fatal(err)
	}
	of := map[string]string{}
	for _, s := range sets {
		for _, w := range s {
			of[w] = s[0]
		}
	}
	// The words issue 15 names, and every level the graph writes.
	for word, level := range map[string]string{
		"县级": "county", "县": "county", "county-level": "county", "市级": "city", "地市级": "city",
		"省级": "province", "区级": "district", "区": "district", "乡镇": "town", "街道": "town",
		"企业": "enterprise", "产业": "industry", "行业": "industry", "全国": "national", "港澳": "region",
		"county": "county", "national": "national",
	} {
		if of[word] != level {
			t.Errorf("%s is %q, want %s", word, of[word], level)
		}
	}
}

func TestParseSynonyms(t *testing.T) {
	tests := []struct {
		name    string
		lines   []string
		want    [][]string
		wantErr bool
	}{
		{"value and words", []string{"county\t县级|县"}, [][]string{{"county", "县级", "县"}}, false},
		{"spaces and empty words", []string{"city\t 市级 ||地市级"}, [][]string{{"city", "市级", "地市级"}}, false},
		{"the value among its words once", []string{"town\ttown|乡镇"}, [][]string{{"town", "乡镇"}}, false},
		{"no tab", []string{"county 县级"}, nil, true},
		{"no value", []string{"\t县级"}, nil, true},
		{"a word of two values", []string{"county\t县", "district\t县"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSynonyms(tt.lines)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v, want error %v", err, tt.wantErr)
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal[[]string]) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
