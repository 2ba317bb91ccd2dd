package source

// commonChars holds about 500 of the most frequent characters of Chinese
// news writing, each in its Simplified and, where it differs, Traditional
// form, plus the vocabulary of union news. Text decoded with the right
// encoding is mostly made of these; text decoded with the wrong one is
// made of characters picked nearly at random from some 20,000, few of
// which are here. The list is hand-made and needs no more precision than
// that.
const commonChars = "" +
	// Simplified, roughly by frequency.
	"的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经" +
	"十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相" +
	"全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果" +
	"料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则" +
	"任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带" +
	"安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装" +
	"影算低持音众书布复容儿须际商非验连断深难近千周委素技备半办青省列习响约支般史感劳便团往历市克何除消构府称太准精值号率族维划选标写" +
	"存候亲快效院查江型按格养易置层片始却专状育厂京识适属包住调满县局照参红细引听该价严飞" +
	// Union and public-affairs news.
	"职席届召议贯彻落推服企模范益街镇乡村培训座谈慰问困帮扶暖竞赛能班织协助福利保障会员代表大会干部群众基层" +
	"党委书记副主任主席精神深入学习宣传落实部署工作会议召开举行开展活动组织领导同志强调指出要求坚持发展服务" +
	// Traditional forms of the above that differ.
	"這個國們時來對會發動產種說後學經進著為從當點業開還關間樣與體機論運農幾區強決戰則據處隊給門導器壓爭濟階極聯認權證單風場車務萬達積" +
	"議聲報鬥類離華確張馬節話傳許廣記須際驗連斷難員總頭資邊級圖統較將組見計別題黨東兩現實長問義無條歷縣職屆幹協團勞維護線數應電" +
	"們裡過實現變號響約準備參紅細聽該價嚴飛專狀廠識適屬層執設應圍結構稱倫區選標寫親氣質產轉給軍熱領導進歲貫徹範鄉鎮訓談慰難幫溫暖競賽織" +
	"鄉職員勞動會議舉辦開展組織領導強調習宣傳實部署這將發揮"

// commonSet is commonChars as a set. It is built once and never changed.
var commonSet = func() map[rune]struct{} {
	m := make(map[rune]struct{}, len(commonChars)/3)
	for _, r := range commonChars {
		m[r] = struct{}{}
	}
	return m
}()

func isCommon(r rune) bool {
	_, ok := commonSet[r]
	return ok
}
