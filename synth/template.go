package synth

import (
	"bufio"
	"fmt"
	"strings"
)

// slot is a named value substituted into a template: {body}, {cname}…
type slot uint8

// The slots. Static slots hold one value per article (or per roundup
// section); dynamic slots draw a fresh value at every use.
const (
	slotNone        slot = iota
	slotBody             // first mention of the acting body: 都江堰市总工会
	slotShort            // the body's short form: 市总工会, 省教育工会
	slotAbbr             // the shortest form: 市总, 全总
	slotRegion           // the body's remit: 全市, 全省教育系统
	slotLv               // the level word: 市, 县, 自治区
	slotPlace            // the short place name for brands: 都江堰
	slotGoal             // the local development goal
	slotPartycom         // the party committee at the body's level: 市委
	slotUpper            // the body the instructions come from: 成都市总工会
	slotIndustry         // an industry union's head: 教育
	slotCong             // the congress as first mentioned
	slotCname            // the congress's canonical name
	slotCshort           // the congress referred back to: 全会, 大会
	slotSpirit           // what a relay verb takes: 党的二十大精神
	slotCongdates        // the congress's dates: 2024年7月15日至18日
	slotDate             // the meeting's or notice's date as written
	slotMeeting          // the meeting kind: 党组（扩大）会议
	slotVerb             // the relay verb: 传达学习
	slotChair            // the chair with titles: 市总工会党组书记、常务副主席张三
	slotChairname        // the chair's name alone
	slotChairtitle       // the chair's titles alone, when held in the body only
	slotSpeaker          // a second official with titles
	slotSpeakername      // the second official's name alone
	slotActivity         // a union activity: 金秋助学
	slotDeadline         // a notice's reporting deadline
	numStatic            // marks the end of the static slots

	slotSlogan // a slogan in quotation marks
	slotFig    // a figurative word in quotation marks: “娘家人”
	slotNum    // a round number
)

// slotByName maps a template's {name} to its slot.
func slotByName(name string) (slot, bool) {
	switch name {
	case "body":
		return slotBody, true
	case "short":
		return slotShort, true
	case "abbr":
		return slotAbbr, true
	case "region":
		return slotRegion, true
	case "lv":
		return slotLv, true
	case "place":
		return slotPlace, true
	case "goal":
		return slotGoal, true
	case "partycom":
		return slotPartycom, true
	case "upper":
		return slotUpper, true
	case "industry":
		return slotIndustry, true
	case "cong":
		return slotCong, true
	case "cname":
		return slotCname, true
	case "cshort":
		return slotCshort, true
	case "spirit":
		return slotSpirit, true
	case "congdates":
		return slotCongdates, true
	case "date":
		return slotDate, true
	case "meeting":
		return slotMeeting, true
	case "verb":
		return slotVerb, true
	case "chair":
		return slotChair, true
	case "chairname":
		return slotChairname, true
	case "chairtitle":
		return slotChairtitle, true
	case "speaker":
		return slotSpeaker, true
	case "speakername":
		return slotSpeakername, true
	case "activity":
		return slotActivity, true
	case "deadline":
		return slotDeadline, true
	case "slogan":
		return slotSlogan, true
	case "fig":
		return slotFig, true
	case "num":
		return slotNum, true
	}
	return slotNone, false
}

// piece is a literal run of a template or one slot.
type piece struct {
	lit  string
	slot slot // slotNone for a literal
}

// tmpl is one parsed template.
type tmpl struct {
	pieces []piece
	// needs has bit s set for every static slot s the template uses, so
	// that a template naming an empty slot can be passed over cheaply.
	needs uint64
}

// parseTemplates reads the sectioned template file described at the top of
// templates.txt.
func parseTemplates(src string) (map[string][]*tmpl, error) {
	out := map[string][]*tmpl{}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			continue
		case section == "":
			return nil, fmt.Errorf("templates: line %d: template before any [section]", n)
		}
		t, err := parseTemplate(line)
		if err != nil {
			return nil, fmt.Errorf("templates: line %d: %w", n, err)
		}
		out[section] = append(out[section], t)
	}
	return out, sc.Err()
}

func parseTemplate(line string) (*tmpl, error) {
	t := &tmpl{}
	for line != "" {
		i := strings.IndexByte(line, '{')
		if i < 0 {
			t.pieces = append(t.pieces, piece{lit: line})
			break
		}
		if i > 0 {
			t.pieces = append(t.pieces, piece{lit: line[:i]})
		}
		j := strings.IndexByte(line[i:], '}')
		if j < 0 {
			return nil, fmt.Errorf("unclosed { in %q", line)
		}
		name := line[i+1 : i+j]
		s, ok := slotByName(name)
		if !ok {
			return nil, fmt.Errorf("unknown slot {%s}", name)
		}
		t.pieces = append(t.pieces, piece{slot: s})
		if s < numStatic {
			t.needs |= 1 << s
		}
		line = line[i+j+1:]
	}
	return t, nil
}
