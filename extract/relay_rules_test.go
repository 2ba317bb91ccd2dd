package extract

import (
	"strings"
	"testing"
)

// relaysOf lists an extraction's relays as "body|congress|date" (the date
// empty when none was found).
func relaysOf(ex *Extraction) []string {
	var got []string
	for _, r := range relationsWith(ex, PredRelayed) {
		s := strings.TrimPrefix(strings.TrimPrefix(r.Subject, "union:"), "org:")
		got = append(got, s+"|"+strings.TrimPrefix(r.Object, "congress:")+"|"+r.Date)
	}
	return got
}

// TestRelayRulesRealGenre checks the rules drawn from the misses on the
// real-article development set, each with a text of the project's own
// wording. want and notWant are "body|congress" prefixes of relaysOf; a
// want with a third field also checks the date.
func TestRelayRulesRealGenre(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		notWant []string
	}{
		{
			name: "a sentence after a lost line break (a space) opens with 会议",
			in:   "5月8日,平江县总工会第三届委员会第五次全体会议在县城召开。 县总工会主席罗明主持会议。 会议传达学习了党的二十届三中全会精神。",
			want: []string{"平江县总工会|党的二十届三中全会|"},
		},
		{
			name: "会议 is the session convened, dated by its sentence",
			in:   "5月8日,平江县总工会第三届委员会第五次全体会议在县城召开,县总工会主席罗明主持会议。\n会议传达学习了党的二十届三中全会精神。",
			want: []string{"平江县总工会|党的二十届三中全会|2025-05-08"},
		},
		{
			name:    "a setting clause names a spirit; the lecture relays it",
			in:      "在全县上下深入学习贯彻党的二十大精神,持续掀起学习热潮的关键时刻,11月3日上午,临澧县总工会邀请省总工会干部学校讲师周明以《党的二十大精神学习辅导》为题,为基层工会干部专题授课。",
			want:    []string{"临澧县总工会|党的二十大|"},
			notWant: []string{"湖南省总工会|", "省总工会|"},
		},
		{
			name:    "a setting clause alone relays nothing",
			in:      "在全市深入学习贯彻党的二十大精神的关键时刻,11月3日,临澧县总工会召开职工代表大会。",
			notWant: []string{"|党的二十大"},
		},
		{
			name:    "a purpose clause names one congress, the gathering another",
			in:      "为深入落实党的二十大精神,推进学习贯彻省工会十三大精神工作,9月12日,新化县总工会举办学习贯彻湖南省工会第十三次代表大会精神的宣讲活动。",
			want:    []string{"新化县总工会|湖南省工会第十三次代表大会|"},
			notWant: []string{"新化县总工会|党的二十大"},
		},
		{
			name: "a purpose clause names what the gathering relays",
			in:   "为深入学习贯彻党的二十大精神,5月31日,新化县总工会举办专题培训班。",
			want: []string{"新化县总工会|党的二十大|"},
		},
		{
			name: "a verb governs a list of spirits joined by commas",
			in:   "6月5日,东方电机集团公司工会召开委员会议,传达学习习近平总书记重要讲话精神,副省长王明在省总工会调研时的讲话和文件精神,省总工会十四届六次全委(扩大)会议精神。",
			want: []string{"东方电机集团公司工会|省总工会十四届六次全委会议|"},
		},
		{
			name:    "a comma after 精神 ends the list before a clause of its own",
			in:      "大会全面贯彻党的二十大精神,认真贯彻落实省第十二次党代会精神,审议并通过了省工会十六大报告。",
			notWant: []string{"|省工会第十六次代表大会"},
		},
		{
			name: "an executive session of the ACFTU named without its term",
			in:   "5月6日,新乡县总工会召开党组会议,传达学习全国总工会执委会精神。",
			want: []string{"新乡县总工会|全国总工会执委会|"},
		},
		{
			name: "a provincial plenary session named without its term",
			in:   "3月2日,河南省新乡县总工会召开会议,传达学习省总工会全委会议精神。",
			want: []string{"新乡县总工会|河南省总工会全委会|"},
		},
		{
			name:    "a session named without its term and not relayed is no congress",
			in:      "3月2日,河南省总工会全委会召开。",
			notWant: []string{"|河南省总工会全委会"},
		},
		{
			name: "a place read in a person's given name casts no vote",
			in:   "11月3日,自治区总工会召开会议,传达学习自治区民族团结大会精神。\n总工会主席韦南宁出席会议。韦南宁指出,要抓好落实。呼和浩特报记者 曹明",
			want: []string{"内蒙古自治区总工会|"},
		},
		{
			name: "a page's time stamp glued to an address gives the year",
			in:   "遵义市总工会召开主席会议\nhttp://www.example.cn2019-03-14 09:12:40来源:遵义工会网\n3月12日,遵义市总工会召开主席会议,传达学习了全国工会经审工作会议精神。",
			want: []string{"遵义市总工会|全国工会经审工作会议|2019-03-12"},
		},
		{
			name: "以及 joins one more thing a verb relays",
			in:   "6月2日,安康市总工会召开党组会议,主席刘方主持会议并领学省委有关批示精神,以及5月30日中央政治局会议精神。",
			want: []string{"安康市总工会|中央政治局会议|"},
		},
		{
			name: "a list item's (扩大) does not break the list before 精神",
			in:   "6月2日,安康市总工会召开党组会议,传达学习了中央政治局会议、市委常委会(扩大)会议精神。",
			want: []string{"安康市总工会|中央政治局会议|"},
		},
		{
			name: "a list of meetings without ordinals, each followed by 精神",
			in:   "5月6日,修文县总工会召开党组会议,传达学习了全国工会经审工作会议精神、全国工会新就业形态劳动者工作座谈会精神。",
			want: []string{"修文县总工会|全国工会经审工作会议|", "修文县总工会|全国工会新就业形态劳动者工作座谈会|"},
		},
		{
			name: "a list ending in a meeting the recognisers do not know",
			in:   "5月6日,修文县总工会召开全委会议,传达学习党的二十届三中全会和全国工会劳动保护工作推进会精神。",
			want: []string{"修文县总工会|党的二十届三中全会|", "修文县总工会|全国工会劳动保护工作推进会|"},
		},
		{
			name: "a city committee's session takes the city's name",
			in:   "5月6日,遵义市总工会召开主席会议,传达了遵义市工业发展大会以及市委五届第12次常委会议精神。",
			want: []string{"遵义市总工会|遵义市工业发展大会|", "遵义市总工会|遵义市委五届第12次常委会议|"},
		},
		{
			name:    "a speech, a vague meeting or an exhortation names no meeting",
			in:      "5月6日,遵义市总工会召开会议,传达学习了市委书记在全市工作会议上的讲话精神和省委近期主要会议精神。各级工会要学习贯彻全国工会宣传工作会议精神。",
			notWant: []string{"|遵义市委近期主要会议", "|全市工作会议", "遵义市总工会|全国工会宣传工作会议"},
		},
		{
			name: "a bureau's meeting named without an ordinal; the one year written dates it",
			in:   "5月5日,公司党委召开会议,学习贯彻总局工会工作会议精神。会上通报了公司2019年工作要点。",
			want: []string{"公司党委|总局工会工作会议|2019-05-05"},
		},
		{
			name: "two years written date nothing",
			in:   "5月5日,公司党委召开会议,学习贯彻总局工会工作会议精神。会上回顾了公司2018年工作,通报了2019年工作要点。",
			want: []string{"公司党委|总局工会工作会议|--05-05"},
		},
		{
			name:    "以 of a standard still ends what a verb governs",
			in:      "6月2日,安康市总工会召开党组会议,传达学习了省委文件,以中央政治局会议精神为指导推进工作。",
			notWant: []string{"安康市总工会|中央政治局会议"},
		},
		{
			name:    "a union a lecturing party travels to is where, not who",
			in:      "11月7日,湖南省总工会副主席王明率宣讲团一行到株洲市总工会宣讲中国工会十八大精神。",
			want:    []string{"湖南省总工会|中国工会十八大|"},
			notWant: []string{"株洲市总工会|"},
		},
		{
			name:    "a body inside what a verb relays does not act",
			in:      "5月6日,平江县总工会副主席王明传达了习近平总书记同全国总工会新一届领导班子成员集体谈话精神,并部署学习宣贯中国工会十八大精神的工作。",
			want:    []string{"平江县总工会|中国工会十八大|"},
			notWant: []string{"中华全国总工会|"},
		},
		{
			name:    "a plan after a colon, guided by a theory, relays nothing",
			in:      "2月6日,平江县总工会召开全委会议,审议工作报告。平江县总工会明确今年工作思路:以习近平新时代中国特色社会主义思想为指导,深入学习贯彻党的二十届四中全会精神,推进产业工人队伍建设改革。",
			notWant: []string{"|党的二十届四中全会"},
		},
		{
			name: "a meeting guided by a theory still relays",
			in:   "3月1日,平江县总工会召开全委会议。会议以习近平新时代中国特色社会主义思想为指导,深入学习贯彻党的二十大精神。",
			want: []string{"平江县总工会|党的二十大|"},
		},
		{
			name:    "a session named as where a speech was given is not relayed",
			in:      "3月14日,平江县总工会召开党组会议,传达学习习近平总书记在十四届全国人大二次会议、全国政协十四届二次会议期间的重要讲话和全国两会精神。",
			want:    []string{"平江县总工会|2024年全国两会|"},
			notWant: []string{"平江县总工会|十四届全国人大二次会议"},
		},
		{
			name: "a class named for a congress's spirit as a speech's occasion",
			in:   "1月26日,平江县总工会召开党组会议,传达学习习近平总书记在省部级主要领导干部学习贯彻党的二十届三中全会精神专题研讨班开班式上的重要讲话精神。",
			want: []string{"平江县总工会|党的二十届三中全会|"},
		},
		{
			name:    "a document named as a yardstick is not its issuer's relay here",
			in:      "1月27日,平江县总工会召开党组会议,对照《中华全国总工会关于贯彻落实党的二十届三中全会精神的意见》研究起草实施方案。",
			notWant: []string{"中华全国总工会|"},
		},
		{
			name:    "a congress at work after its close is reported relays nothing",
			in:      "河南省工会第十六次代表大会圆满完成各项议程,在郑州胜利闭幕。\n全国总工会副主席王明代表全国总工会致辞。\n大会认真贯彻落实党的二十大精神,审议通过了工作报告。",
			notWant: []string{"|党的二十大"},
		},
		{
			name: "studying the work report a congress heard relays the congress",
			in:   "12月6日,平江县总工会召开党组会议,副主席王明领学习近平总书记在党的十九大所作的工作报告。",
			want: []string{"平江县总工会|党的十九大|"},
		},
		{
			name: "a numbered national meeting keeps its number",
			in:   "10月8日,平江县总工会召开党组会议,传达学习第三次中央西藏工作座谈会精神。",
			want: []string{"平江县总工会|第三次中央西藏工作座谈会|"},
		},
		{
			name: "对 a spirit, then 进行宣讲: the verb after its object",
			in:   "11月6日,湖南省总工会主席王明来株洲调研,并对党的十九大精神进行宣讲。",
			want: []string{"湖南省总工会|党的十九大|"},
		},
		{
			name:    "a delegation studying at its congress does not relay it",
			in:      "10月9日,中国工会十八大湖南省代表团举行全体会议。湖南省总工会主席王明与代表们一起学习中国工会十八大报告。",
			notWant: []string{"|中国工会十八大"},
		},
		{
			name: "a union studying the congress without a delegation relays it",
			in:   "10月19日,湖南省总工会召开党组会议。湖南省总工会主席王明与干部们一起学习中国工会十八大报告。",
			want: []string{"湖南省总工会|中国工会十八大|"},
		},
		{
			name:    "a list opened by 各 is a class of bodies to its last item",
			in:      "11月1日,渝北区总工会组织各街道、镇乡总工会、基层工会主席90余人,开展学习党的二十大精神专题培训。",
			want:    []string{"渝北区总工会|党的二十大|"},
			notWant: []string{"镇乡总工会|", "街道总工会|"},
		},
		{
			name: "a purpose clause, then a body holding a gathering after a place",
			in:   "为深入学习贯彻党的二十届四中全会精神,11月20日下午,机关二工会在图书馆三楼报告厅成功举办了专题讲座。",
			want: []string{"机关二工会|党的二十届四中全会|"},
		},
		{
			name: "a campaign of study named for a spirit",
			in:   "连日来,青石林业局工会持续推动党的二十大精神宣传学习活动。",
			want: []string{"青石林业局工会|党的二十大|"},
		},
		{
			name: "a body watches the broadcast of a class on a spirit",
			in:   "湖南省总工会“学习贯彻中国工会十八大精神”专题研讨班11月14日在长沙开班,主席王明作首场辅导报告。株洲市总工会组织全市工会干部收听收看线上辅导报告。",
			want: []string{"株洲市总工会|中国工会十八大|"},
		},
		{
			name:    "watching a broadcast of nothing relayed relays nothing",
			in:      "11月14日,湖南省总工会召开职工代表大会。株洲市总工会组织全市工会干部收看直播。",
			notWant: []string{"株洲市总工会|"},
		},
		{
			name: "listening to the congress two sentences after it is reported convened",
			in:   "10月16日,中国共产党第二十次全国代表大会在北京召开。为做好收听收看工作,湖南省总工会提前作了安排。当天上午,湖南省总工会机关干部职工通过网络直播认真聆听了大会报告。",
			want: []string{"湖南省总工会|党的二十大|"},
		},
		{
			name: "a gathering held with no holder, its organiser named after",
			in:   "11月11日,学习宣传中国工会十八大精神巡回宣讲首场活动在株洲成功举办。\n本次巡讲由湖南省教育工会主办,株洲市教育工会承办。",
			want: []string{"湖南省教育工会|中国工会十八大|"},
		},
		{
			name:    "an organiser named paragraphs away is not the holder",
			in:      "11月11日,学习宣传中国工会十八大精神巡回宣讲首场活动在株洲成功举办。\n一段。\n二段。\n三段。\n另一场比赛由湖南省教育工会主办。",
			notWant: []string{"湖南省教育工会|"},
		},
		{
			name: "a class just described invites a lecturer to read a spirit",
			in:   "近日,株洲市总工会举办了2019年度第一期工会干部培训班。\n培训班邀请了市委党校王明教授进行两会精神、政府工作报告解读。",
			want: []string{"株洲市总工会|2019年全国两会|"},
		},
		{
			name: "a notice issued without a title on a congress's spirit",
			in:   "5月15日,湖南省总工会发出通知,要求全省各级工会组织好省第十二次党代会精神的学习宣传贯彻。",
			want: []string{"湖南省总工会|湖南省第十二次党代会|"},
		},
		{
			name:    "a notice to be issued is an exhortation",
			in:      "5月15日,湖南省总工会要求各市州总工会下发通知,组织好省第十二次党代会精神的学习宣传贯彻。",
			notWant: []string{"湖南省总工会|"},
		},
		{
			name: "a region's industry union written with 自治区 alone, holding a study campaign",
			in:   "11月3日,内蒙古自治区总工会召开主席会议。\n为深入学习宣传贯彻中国工会十八大精神,自治区能源化学地质工会组织系统各级工会开展学习宣传活动。",
			want: []string{"内蒙古自治区能源化学地质工会|中国工会十八大|"},
		},
		{
			name: "将 makes a spirit the object of passing it on",
			in:   "9月4日,湖南省交通运输工会第一时间将省工会第十三次代表大会精神传达到各基层单位工会。",
			want: []string{"湖南省交通运输工会|湖南省工会第十三次代表大会|"},
		},
		{
			name:    "要将 a spirit pass on is an exhortation",
			in:      "9月4日,湖南省交通运输工会要求各基层工会要将省工会第十三次代表大会精神传达到每一名职工。",
			notWant: []string{"|湖南省工会第十三次代表大会"},
		},
		{
			name: "a listed meeting named for studying, after its scope",
			in:   "5月6日,修文县总工会召开党组会议,传达学习了全国工会学习贯彻劳模表彰大会座谈会精神、全国工会经审工作会议精神。",
			want: []string{"修文县总工会|全国工会学习贯彻劳模表彰大会座谈会|", "修文县总工会|全国工会经审工作会议|"},
		},
		{
			name: "a Macao federation's youth committee holds its own sharing session",
			in:   "2025年3月20日,澳门工会联合总会青年委员会举办“两会精神分享会”。",
			want: []string{"澳门工会联合总会青年委员会|2025年全国两会|"},
		},
		{
			name: "relaying a congress's communique by its title relays the congress",
			in:   "3月2日,平江县总工会第四届委员会第二次全体会议在县城召开。会议传达学习了上级文件精神,包括《中国共产党第二十届中央委员会第三次全体会议公报》。",
			want: []string{"平江县总工会|党的二十届三中全会|"},
		},
		{
			name:    "a communique named as a yardstick relays nothing",
			in:      "3月2日,平江县总工会召开会议,部署全年工作。要对照《中国共产党第二十届中央委员会第三次全体会议公报》查找差距。",
			notWant: []string{"平江县总工会|党的二十届三中全会"},
		},
		{
			name: "studying the report given at a congress relays the congress",
			in:   "4月9日下午,青石职业学院召开工会学习会议。会上,工会主席李青带领教职工学习了王明在中国工会第十八次全国代表大会上所作的《团结奋进新征程》的报告。",
			want: []string{"青石职业学院|中国工会十八大|"},
		},
		{
			name: "a step of the session after 随后 is the session's; 召开 far in its clause",
			in:   "3月2日,平江县总工会第四届委员会第二次全体会议在县政务中心三楼208会议室召开。会议由县总工会副主席王青主持。随后,会议传达学习了党的二十届三中全会精神。",
			want: []string{"平江县总工会|党的二十届三中全会|"},
		},
		{
			name: "bare office names listed at a clause's start watch an opening reported the paragraph before",
			in:   "2024年3月5日上午9时,十四届全国人大二次会议在北京开幕。大会听取了政府工作报告。\n按照学校统一部署,工会、女职工委员会全体人员集中收看开幕会直播。",
			want: []string{"工会|十四届全国人大二次会议|2024-03-05", "女职工委员会|十四届全国人大二次会议|2024-03-05"},
		},
		{
			name:    "a bare word before 全体 in an exhortation names no body",
			in:      "2024年3月5日上午9时,十四届全国人大二次会议在北京开幕。\n工会全体干部要认真收看开幕会直播。",
			notWant: []string{"工会|"},
		},
		{
			name:    "a bare word inside a clause is no body",
			in:      "2024年3月5日上午9时,十四届全国人大二次会议在北京开幕。\n按照安排,校工会、女职工委员会全体人员集中收看开幕会直播。",
			notWant: []string{"工会|"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex := mustExtract(t, Input{Text: tc.in})
			got := relaysOf(ex)
			for _, w := range tc.want {
				ok := false
				for _, g := range got {
					ok = ok || g == w || strings.HasSuffix(w, "|") && strings.HasPrefix(g, w)
				}
				if !ok {
					t.Errorf("no relay %s; got %v", w, got)
				}
			}
			for _, nw := range tc.notWant {
				for _, g := range got {
					if strings.HasPrefix(g, nw) || strings.HasPrefix(nw, "|") && strings.Contains(g, nw+"|") {
						t.Errorf("relay %s; want none like %s", g, nw)
					}
				}
			}
		})
	}
}
