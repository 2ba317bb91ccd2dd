package source

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/unionkg/kg/extract"
)

const (
	para1 = "7月1日，成都市总工会召开党组会议，传达学习党的二十届三中全会精神。"
	para2 = "会议强调，各级工会组织要把学习宣传贯彻全会精神作为当前和今后一个时期的重要政治任务。"
	para3 = "会议要求，切实维护职工合法权益，竭诚服务职工群众。"
	// navText and the like must not reach the article text.
	navText    = "首页 工会要闻 基层动态 职工服务"
	footerText = "版权所有 成都市总工会 地址：成都市人民南路 蜀ICP备12345678号"
	sideText   = "热点新闻"
)

// articlePage is a page with semantic markup around the article.
const articlePage = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>成都市总工会召开党组会议_成都市总工会</title>
<meta property="og:title" content="成都市总工会召开党组会议">
<meta property="article:published_time" content="2024-07-01T10:30:00+08:00">
<link rel="canonical" href="https://www.cdzgh.example/news/2024/0701.html">
<script>var nav = "脚本里的中文不算";</script>
<style>body { font-family: "宋体"; }</style>
</head>
<body>
<header><div class="logo">成都市总工会</div></header>
<nav><a href="/">首页</a> <a href="/yw">工会要闻</a> <a href="/jc">基层动态</a> <a href="/fw">职工服务</a></nav>
<!-- 注释里的中文不算 -->
<article>
<header><h1>成都市总工会召开党组会议</h1><p>2024年7月1日 来源：成都市总工会</p></header>
<p>　　` + para1 + `</p>
<p>　　会议强调，各级工会组织要把学习宣传贯彻全会精神作为当前和今后一个
时期的重要政治任务。</p>
<p>　　会议要求，切实<b>维护职工合法权益</b>，竭诚服务职工群众。</p>
<script>document.write("广告文字");</script>
</article>
<aside><h2>` + sideText + `</h2><ul><li><a href="/1">市总工会举办职工运动会</a></li></ul></aside>
<footer><p>` + footerText + `</p></footer>
</body>
</html>`

// divPage is a page built of divs, as most Chinese government and union
// sites are, in GBK with an http-equiv declaration.
const divPage = `<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>
  成都市总工会召开党组会议
</title>
<meta name="PubDate" content="2024/07/01 10:30">
</head>
<body>
<div class="top"><div class="menu"><a href="/">首页</a> | <a href="/yw">工会要闻</a> | <a href="/jc">基层动态</a> | <a href="/fw">职工服务</a></div></div>
<div class="wrap">
 <div class="left">
  <div class="title">成都市总工会召开党组会议</div>
  <div class="info">发布时间：2024-07-01 来源：本站</div>
  <div class="TRS_Editor">
   <p>` + para1 + `</p><p>` + para2 + `</p><p>` + para3 + `</p>
  </div>
 </div>
 <div class="right"><div class="hd">` + sideText + `</div>
  <ul><li><a href="/1">市总工会举办职工运动会</a></li><li><a href="/2">全市职工技能大赛开幕</a></li>
  <li><a href="/3">送温暖活动走进基层一线</a></li><li><a href="/4">劳模工匠进校园活动举行</a></li></ul>
 </div>
</div>
<div class="bottom">` + footerText + `</div>
</body>
</html>`

func TestReadHTML(t *testing.T) {
	dir := t.TempDir()
	paras := para1 + "\n" + para2 + "\n" + para3
	tests := []struct {
		name          string
		file          string
		data          []byte
		opts          Options
		wantTitle     string
		wantPublished string
		wantURL       string
		wantText      string // the whole text, or
		wantContains  []string
		wantErr       error
	}{
		{
			name: "article", file: "article.html", data: []byte(articlePage),
			wantTitle: "成都市总工会召开党组会议", wantPublished: "2024-07-01",
			wantURL:  "https://www.cdzgh.example/news/2024/0701.html",
			wantText: "成都市总工会召开党组会议\n2024年7月1日 来源：成都市总工会\n" + paras,
		},
		{
			name: "div page gbk", file: "div.htm", data: encode(t, simplifiedchinese.GBK, divPage),
			wantTitle: "成都市总工会召开党组会议", wantPublished: "2024-07-01",
			wantText: "成都市总工会召开党组会议\n发布时间：2024-07-01 来源：本站\n" + paras,
		},
		{
			name: "div page utf-8", file: "div-utf8.html", data: []byte(divPage),
			wantTitle: "成都市总工会召开党组会议", wantPublished: "2024-07-01",
			wantText: "成都市总工会召开党组会议\n发布时间：2024-07-01 来源：本站\n" + paras,
		},
		{
			name: "div page gbk forced", file: "div-forced.html", data: encode(t, simplifiedchinese.GBK, divPage),
			opts:      Options{Encoding: "gbk"},
			wantTitle: "成都市总工会召开党组会议", wantPublished: "2024-07-01",
			wantText: "成都市总工会召开党组会议\n发布时间：2024-07-01 来源：本站\n" + paras,
		},
		{
			name: "meta charset gbk", file: "charset.html",
			data:      encode(t, simplifiedchinese.GBK, `<html><head><meta charset="gbk"><title>工会</title></head><body><p>`+para1+`</p></body></html>`),
			wantTitle: "工会", wantText: para1,
		},
		{
			name: "wrong meta charset", file: "wrong.html",
			data:     encode(t, traditionalchinese.Big5, `<html><head><meta charset="gbk"></head><body><p>`+newsHant+`</p></body></html>`),
			wantText: newsHant,
		},
		{
			name: "og url, h1 title, br and table", file: "misc.html",
			data: []byte(`<html><head><meta property="og:url" content="https://example.org/a"><meta name="publishdate" content="not a date"></head>
<body><h1> 职工之家  建设 </h1><p>第一行<br>第二行</p><table><tr><td>姓名</td><td>职务</td></tr><tr><td>张三</td><td>主席</td></tr></table>
<pre>第一句
第二句</pre></body></html>`),
			wantTitle: "职工之家 建设", wantURL: "https://example.org/a",
			wantText: "职工之家 建设\n第一行\n第二行\n姓名 职务\n张三 主席\n第一句\n第二句",
		},
		{
			name: "title with site name", file: "site.html",
			data: []byte(`<html><head><title>成都市总工会召开党组会议_成都市总工会</title></head>
<body><div id="logo"><h1>成都市总工会</h1></div><div class="main"><h1>成都市总工会召开党组会议</h1><p>` + para1 + `</p></div></body></html>`),
			wantTitle: "成都市总工会召开党组会议",
			wantText:  "成都市总工会召开党组会议\n" + para1,
		},
		{
			name: "sniffed", file: "page.php",
			data:     concat(bomUTF8, []byte("\n  <!DOCTYPE HTML><html><body><p>"+para1+"</p></body></html>")),
			wantText: para1,
		},
		{
			name: "only scripts", file: "scripts.html",
			data:    []byte(`<html><head><script>window.location="/x";</script></head><body><script src="app.js"></script><noscript>请启用脚本</noscript></body></html>`),
			wantErr: extract.ErrEmpty,
		},
		{name: "empty", file: "empty.html", wantErr: extract.ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, tt.file, tt.data)
			it := readOne(t, path, tt.opts)
			if tt.wantErr != nil {
				if !errors.Is(it.Err, tt.wantErr) {
					t.Fatalf("Err = %v, want %v", it.Err, tt.wantErr)
				}
				return
			}
			if it.Err != nil {
				t.Fatalf("Err = %v", it.Err)
			}
			in := it.Input
			if in.ID != baseName(tt.file) || in.Source != tt.file {
				t.Errorf("ID, Source = %q, %q; want %q, %q", in.ID, in.Source, baseName(tt.file), tt.file)
			}
			if in.Title != tt.wantTitle || in.Published != tt.wantPublished || in.URL != tt.wantURL {
				t.Errorf("Title, Published, URL = %q, %q, %q; want %q, %q, %q",
					in.Title, in.Published, in.URL, tt.wantTitle, tt.wantPublished, tt.wantURL)
			}
			if in.Text != tt.wantText {
				t.Errorf("Text =\n%s\nwant\n%s", in.Text, tt.wantText)
			}
			for _, junk := range []string{navText, "首页", footerText, "ICP", sideText, "运动会", "脚本", "注释", "广告"} {
				if strings.Contains(in.Text, junk) {
					t.Errorf("Text has %q", junk)
				}
			}
		})
	}
}

func TestCleanLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a   b  ", "a b"},
		{"\u3000\u3000成都市总工会", "成都市总工会"},
		{"成都市\n  总工会", "成都市总工会"},
		{"成都市  总工会", "成都市 总工会"},
		{"trade\nunion", "trade union"},
		{"会议。\n Meeting", "会议。 Meeting"},
		{"a\u00a0\u200bb", "a b"},
	}
	for _, tt := range tests {
		if got := cleanLine(tt.in); got != tt.want {
			t.Errorf("cleanLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
