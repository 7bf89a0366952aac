package extract

import (
	"testing"

	"github.com/report-exporter/report_exporter/gazetteer"
)

// TestFindPlace: the place of a report from the way real reports name it, cut right, not
// taken from another area the text quotes.
func TestFindPlace(t *testing.T) {
	rs := defaultRules(t)
	f := func(text, want, code string) {
		t.Helper()
		p, name, cands := findPlace(gazetteer.Default(), &rs.cfg.Grammar.Places, text, 300)
		got, gotCode := name, ""
		if p != nil {
			got, gotCode = p.Name, p.Code
		}
		if got != want || gotCode != code {
			t.Errorf("%q: got %q (%s), want %q (%s); candidates %v", text, got, gotCode, want, code, cands)
		}
	}
	f("现在,我代表坪山区人民政府向大会报告政府工作,请予审议。", "坪山区", "440310")
	f("数说福田区2023年经济运行情况", "福田区", "440304")
	f("——2018年1月10日在柳州市第十四届人民代表大会第二次会议上", "柳州市", "450200")
	f("已经朝阳区第十六届人民代表大会第三次会议审议通过。北京市朝阳区2022年…", "朝阳区", "110105")
	f("2016年嘉兴市政府工作报告", "嘉兴市", "330400")
	f("2022年上半年江西省经济运行情况新闻发布会", "江西省", "360000")
	f("7月19日,记者从慈溪市统计局获悉,上半年全市地区生产总值增长6.1%。", "慈溪市", "330282")
	f("2019年1-6月东城区主要经济指标完成情况", "东城区", "110101")
	f("浙江省十三届人大三次会议开幕。全省生产总值增长6.8%。", "浙江省", "330000")
	f("根据上海市地区生产总值统一核算结果,2023年上半年闵行区地区生产总值为1401亿元。", "闵行区", "310112")
	f("龙华新区2015年国民经济和社会发展统计公报", "龙华区", "440309")
	f("广东省深圳市罗湖区人民政府", "罗湖区", "440303")
	// An address settles a shared name, and makes a two-character name a place.
	f("北京市朝阳区2021年国民经济和社会发展统计公报", "朝阳区", "110105")
	f("河北省石家庄市赵县2021年国民经济和社会发展统计公报", "赵县", "130133")
	// Cities listed alike in a province's news are its parts: the province is the place.
	f("前4月宁夏固定投资同比增10.5%\n记者从宁夏发改委获悉,宁夏固定资产投资同比增长10.5%。\n从投资区域看,银川市投资增长12.1%,石嘴山市增长9.5%,中卫市增长8.2%,固原市增长7.9%。", "宁夏回族自治区", "640000")
	f("前三季度福建省主要经济指标加快回升。地区生产总值为31331.55亿元。\n其中,泉州GDP总量最高达7472.25亿元。福州、厦门位居第二和第三。宁德GDP增长3.5%。南平GDP总量较低为1368.23亿元,南平GDP增速较快。", "福建省", "350000")
	// A short form where the text never writes the name in full.
	f("济源要闻\n1至7月示范区经济运行持续恢复。记者从示范区获悉,全区上下…济源全区战略性新兴产业增加值增长9%,高于全区平均水平,新兴产业投资增长12%,济源工业…", "济源市", "419001")
	f("我代表市人民政府向大会报告工作。全市上下奋发进取。增速居全省第一,全省首个超百亿元水利工程开工,全省首个…;邯郸数字经济产业园落地;打造“邯郸名宴”。", "邯郸市", "130400")
	f("阿勒泰地委、行署团结带领地区各族人民,全地区生产总值增长5.4%。阿勒泰地区…", "阿勒泰地区", "654300")
	f("(贵州省)2021年黔西南州人民政府工作报告(全文)", "黔西南布依族苗族自治州", "522300")
	f("湘西州统计局发布2023年经济运行情况,全州地区生产总值增长4.5%。", "湘西土家族苗族自治州", "433100")
	f("记者从市统计局获悉,芜湖科学统筹疫情防控。一季度,全市生产总值1059.67亿元,全市规上工业增加值增长11.6%。", "芜湖市", "340200")
	// 全州 is the whole prefecture, not 全州县; nothing else names a place.
	f("全州地区生产总值增长11%,我州经济运行平稳。", "", "")
	// Nothing names a place.
	f("全县地区生产总值增长6%。", "", "")
}

// TestOtherPlaceFigures: a figure of another place named right before the indicator is not
// the report's; one of the report's own place, or of a place it lies within named as its
// address (江苏省镇江市), is.
func TestOtherPlaceFigures(t *testing.T) {
	text := "镇江市2018年国民经济运行情况\n" +
		"江苏省镇江市实现地区生产总值4050亿元。南京市预计实现地区生产总值12700亿元。扬州市地区生产总值增长7%。\n"
	res := defaultRules(t).extractText("zj.txt", text, nil, nil)
	if len(res.Samples) != 1 || res.Samples[0].Value != 4050e8 || res.Samples[0].Labels.Region != "镇江市" {
		t.Errorf("samples %v, want only 镇江市's 4050e8", res.Samples)
	}
}
