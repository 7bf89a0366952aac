package gazetteer_test

import (
	"fmt"

	"github.com/report-exporter/report_exporter/gazetteer"
)

func ExampleGazetteer_Find() {
	g := gazetteer.Default()
	text := "北京市朝阳区2023年国民经济和社会发展统计公报,中山大学"
	ms := g.Find(text)
	for _, m := range ms {
		fmt.Printf("%s [%d:%d] short=%v:", m.Name, m.Start, m.End, m.Short)
		for _, p := range m.Places {
			fmt.Printf(" %s %s (%s)", p.Code, p.Name, p.Province().Short())
		}
		fmt.Println()
	}
	p := g.Resolve(ms[1].Places, ms[0].Places)
	fmt.Println("朝阳区 here is", p.Code, p.Parent.Name+p.Name)
	// Output:
	// 北京市 [0:9] short=false: 110000 北京市 (北京)
	// 朝阳区 [9:18] short=false: 110105 朝阳区 (北京) 220104 朝阳区 (吉林)
	// 中山 [65:71] short=true: 210202 中山区 (辽宁) 442000 中山市 (广东)
	// 朝阳区 here is 110105 北京市朝阳区
}

func ExampleGazetteer_Named() {
	g := gazetteer.Default()
	for _, name := range []string{"襄樊市", "龙华新区"} {
		for _, p := range g.Named(name) {
			fmt.Println(name, "is now", p.Code, p.Name, "in", p.Parent.Name)
		}
	}
	// Output:
	// 襄樊市 is now 420600 襄阳市 in 湖北省
	// 龙华新区 is now 440309 龙华区 in 深圳市
}

func ExamplePlace_Short() {
	g := gazetteer.Default()
	for _, code := range []string{"450000", "222400", "330282", "150724"} {
		p := g.Code(code)
		fmt.Println(p.Name, p.Level, p.Short())
	}
	// Output:
	// 广西壮族自治区 province 广西
	// 延边朝鲜族自治州 prefecture 延边
	// 慈溪市 county 慈溪
	// 鄂温克族自治旗 county 鄂温克
}
