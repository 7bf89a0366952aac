package intake

// traditionalPairs lists traditional characters, each followed by its simplified form, in code
// point order. Reports copied from Hong Kong or Taiwan pages, or typed with a traditional input
// method, use these forms; the rules are written in simplified characters, so the text is folded
// before matching. The set is OpenCC's character table narrowed to the characters whose
// simplified form occurs in economic report language or in the names of places (邯鄲, 秦皇島,
// 長壽), leaving out those whose traditional form is also a distinct simplified character in
// its own right (乾 as in 乾坤, 昇 as in 昇腾, 夥): a report in simplified characters must come
// out unchanged.
const traditionalPairs = "" +
	"並并亂乱亞亚佈布佔占併并來来侷局係系俬私倉仓個个們们倖幸倫伦偉伟側侧備备傢家傳传債债傷伤傾倾僑侨價价儀仪億亿儘尽償偿優优儲储兌兑兒儿內内兩两冊册凈净凱凯別别則则剋克剛刚創创劃划劇剧劉刘劍剑劑剂勁劲動动" +
	"務务勛勋勝胜勞劳勢势勳勋勵励匯汇區区協协卽即厠厕厤历厲厉參参叢丛呂吕員员唸念問问啓启啟启喬乔單单噁恶噸吨噹当嚇吓嚮向嚴严囌苏國国圍围園园圓圆圖图團团埰采執执堅坚堯尧報报場场塊块塢坞塵尘墊垫墰坛墻墙壇坛" +
	"壓压壘垒壜坛壯壮壺壶壽寿夢梦夾夹奬奖奮奋婁娄婦妇孫孙學学宮宫寀采實实寧宁審审寫写寬宽寶宝將将專专對对導导屆届層层屬属峯峰島岛崗岗嵗岁嶧峄嶺岭嶼屿巒峦巖岩師师帶带幣币幫帮幹干庫库廁厕廈厦廕荫廚厨廠厂廢废" +
	"廣广廬庐廳厅張张強强彆别彈弹彔录彙汇彿佛後后徑径從从復复徵征徹彻恆恒惡恶愛爱態态慶庆憑凭應应懞蒙懲惩懷怀戰战戲戏戶户捲卷掃扫掛挂採采揚扬換换揮挥搶抢摺折撐撑撥拨撫抚擁拥擊击擋挡擔担據据擬拟擴扩擺摆擾扰" +
	"攜携攝摄攤摊攬揽敎教敗败數数斷断於于旂旗旣既時时晉晋暢畅曆历曉晓曏向書书會会朮术東东査查桿杆條条棄弃棊棋棗枣棟栋楊杨業业極极榘矩榦干榮荣構构樂乐樑梁樓楼標标樞枢樣样樹树橋桥機机橫横檔档檢检檯台欄栏權权" +
	"欒栾欽钦歐欧歡欢歲岁歷历歸归殘残氣气氫氢氾泛汎泛汙污決决沖冲況况泝溯涇泾涼凉淨净淶涞減减渦涡測测湧涌準准溝沟溫温溼湿滄沧滙汇滬沪滯滞滾滚滿满漁渔漢汉漣涟漲涨漸渐潁颍潔洁潛潜潤润潯浔澗涧澠渑濃浓濕湿濛蒙" +
	"濟济濰潍濱滨瀋沈瀏浏瀘泸灃沣灘滩灣湾灤滦災灾為为烏乌無无煉炼煙烟煥焕熒荧熱热營营爛烂爭争爲为爾尔牀床牆墙牽牵狀状獎奖獲获獻献現现瑪玛環环瓊琼產产産产甦苏甯宁畝亩畢毕畫画異异畵画當当疊叠痠酸療疗癥症發发" +
	"盃杯盡尽監监盤盘盧卢眞真眾众睏困矇蒙矚瞩碩硕碭砀確确碼码礎础礙碍礦矿禮礼稅税種种稱称穀谷積积穩稳穫获競竞筆笔筍笋箇个節节範范築筑篤笃篩筛簡简簽签籌筹籠笼籤签粵粤糧粮糰团糾纠紀纪約约紅红納纳紐纽紓纾級级" +
	"紛纷紡纺紮扎細细紹绍終终組组結结絕绝絡络給给統统絲丝絶绝綉绣綏绥經经綜综綠绿綫线維维綱纲網网綵彩綿绵緊紧緑绿線线緝缉締缔緣缘編编緩缓練练緻致縉缙縣县縮缩縱纵縴纤總总績绩織织繕缮繞绕繡绣繪绘繫系繳缴繼继" +
	"續续纍累纔才纖纤纜缆罈坛罎坛罰罚羅罗羣群義义習习聯联聲声職职聽听脩修脫脱腦脑腫肿臨临臺台與与興兴舉举舊旧舘馆艦舰艱艰荊荆華华菸烟萊莱萬万葉叶葯药蒐搜蒼苍蓆席蓋盖蓮莲蔘参蔭荫蕪芜蕭萧薊蓟薦荐藍蓝藝艺藥药" +
	"蘄蕲蘆芦蘇苏蘭兰處处虛虚號号衆众術术衕同衛卫衝冲裏里補补裝装裡里製制複复襬摆覈核見见規规視视覺觉覽览觀观訂订計计訊讯討讨訓训託托記记訪访設设許许訴诉診诊註注証证詐诈評评詞词詢询試试詩诗話话該该詳详誌志" +
	"認认語语誠诚說说説说課课調调談谈請请論论諧谐諮咨諾诺謀谋講讲謝谢謠谣謡谣證证識识譜谱譟噪議议護护譽誉讀读變变讓让豐丰貝贝負负財财貢贡貨货販贩貫贯責责貴贵買买貸贷費费貼贴貿贸賀贺賁贲賃赁資资賈贾賓宾賢贤" +
	"賣卖賦赋質质賬账賭赌購购賽赛贏赢贛赣趙赵趨趋跡迹踐践蹟迹躋跻躍跃車车軌轨軍军軟软軸轴較较載载輔辅輛辆輝辉輪轮輸输輻辐輿舆轄辖轉转辦办農农迴回這这連连週周進进遊游運运過过達达違违遞递遠远遡溯適适遷迁選选" +
	"遺遗遼辽邁迈還还邊边郵邮鄆郓鄉乡鄒邹鄖郧鄧邓鄭郑鄰邻鄲郸醣糖醫医釋释針针釦扣鈡钟鉅巨鉆钻銀银銅铜銜衔銷销鋁铝鋒锋鋪铺鋰锂鋼钢錄录錘锤錢钱錦锦錨锚錫锡錯错録录錶表鍊炼鍛锻鍵键鍼针鍾钟鎖锁鎚锤鎭镇鎮镇鏈链" +
	"鏡镜鐘钟鐵铁鑄铸鑽钻長长門门閃闪閉闭開开閑闲閒闲間间閔闵閘闸閣阁閤合閩闽閬阆闆板闇暗關关闡阐陜陕陝陕陞升陣阵陰阴陳陈陸陆陽阳隊队階阶際际隨随險险隱隐隴陇隻只雙双雜杂雞鸡離离難难雲云電电靈灵靜静鞏巩鞦秋" +
	"韆千韌韧韓韩韻韵響响頁页頂顶頃顷項项順顺預预領领頤颐頭头頸颈頻频顆颗題题額额顏颜顔颜願愿顛颠類类顧顾顯显風风颱台飛飞飯饭飲饮飾饰養养餘余館馆饋馈饒饶馬马駁驳駐驻駕驾駛驶騙骗騰腾驅驱驗验驛驿體体髮发鬆松" +
	"鬥斗鬱郁魯鲁鮮鲜鯤鲲鳳凤鴨鸭鴻鸿鴿鸽鵑鹃鵬鹏鶴鹤鷹鹰鹽盐麗丽麥麦麪面麫面麯曲麴曲麵面黃黄點点黨党齊齐齡龄齣出龍龙"

// tradSimp maps a traditional character in the CJK Unified Ideographs block (U+4E00..U+9FFF) to
// its simplified form, 0 where there is none. A flat array costs 41 KiB but makes the lookup on
// every Chinese character one index, which matters on gigabytes of text.
var tradSimp = func() *[0xA000 - 0x4E00]uint16 {
	var t [0xA000 - 0x4E00]uint16
	rs := []rune(traditionalPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		t[rs[i]-0x4E00] = uint16(rs[i+1])
	}
	return &t
}()
