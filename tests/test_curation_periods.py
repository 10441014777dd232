"""Period and year rules of the curation stage (``curation/periods.py``), on real sentences.

Every text below is copied from the cleaned text of the article named with it
(``test_texts_are_verbatim`` checks that when the raw texts are there; the rule
tests run on the text alone). Each case gives the publication date and the
period the curators coded for the figure (``data/metrics.csv``, the id in the
comment).
"""

from __future__ import annotations

import pandas as pd
import pytest

from unionanalysis.curation import propose_article
from unionanalysis.extract import read_clean
from unionanalysis.paths import sources_dir

SOURCES = sources_dir()

# (file, text, reported_text, published, expected fields)
CASES = [
    # N年来 with digits is a span of years (d112-08), and so is 至今 (d108-03)
    (
        "corpus2/112.txt",
        "17年来,共为3518名困难职工子女发放金秋助学金819万元",
        "3518名",
        "2013-09-02",
        {"period_kind": "cumulative", "year": 2013, "period_end": "2013-09-02"},
    ),
    (
        "corpus2/108.txt",
        "至今已资助困难职工子女入学2万2千余人次,资助金额达2千余万元",
        "2千余万元",
        "2014-08-29",
        {"period_kind": "cumulative", "year": 2014},
    ),
    # 2018年服务 is 2018, not 年服务 of the publication year (c028-08)
    (
        "corpus/028.txt",
        "2018年服务职工达15.8万人次",
        "15.8万人次",
        "2019-01-31",
        {"period_kind": "annual", "year": 2018},
    ),
    # 去年全年 is last year (d106-04)
    (
        "corpus2/106.txt",
        "去年全年全省农民工会员净增17.2万名",
        "17.2万名",
        "2019-04-26",
        {"period_kind": "annual", "year": 2018},
    ),
    # 截至目前 in a campaign leaves the kind to the campaign (c026-03)
    (
        "corpus/026.txt",
        "今年西固区总工会开展节日“送温暖”慰问活动,重点针对经营困难企业职工、农民工,改制、"
        "重组和关闭破产企业下岗的困难职工,因遭受自然灾害或突发事件的困难职工和患重大疾病、"
        "子女上学等特殊原因?е律钐貏e困难的职工等四类群体进行慰问。截至目前,累计慰问困难职工、"
        "大病职工133人,共计发放慰问金18.2万元。",
        "18.2万元",
        "2017-01-18",
        {"period_kind": "campaign", "year": 2017},
    ),
    # 截至 a day of a campaign is the campaign so far (c012-01)
    (
        "corpus/012.txt",
        "近日,记者从山东省总工会获悉,山东各级工会对送温暖活动高度重视、认真组织,截至1月23日,"
        "山东各级工会共筹集慰问款物2.11亿元,走访慰问职工34.35万人次。",
        "2.11亿元",
        "2020-01-26",
        {"period_kind": "campaign", "year": 2020, "period_end": "2020-01-23"},
    ),
    # 自今年7月…以来 in a campaign programme: this year's campaign so far (d114-03)
    (
        "corpus2/114.txt",
        "自今年7月启动“金秋助学”申报以来,全市已有103名学生申报并通过审核",
        "103名",
        "2021-08-27",
        {"period_kind": "campaign", "year": 2021, "period_start": "2021-07-01"},
    ),
    # the phrase nearest the number: 10年来, not 2004年 (d194-02)
    (
        "corpus2/194.txt",
        "中工网讯 近日,宣化区总工会2014年女职工安康保险缴费工作正在进行中,这是继2004年开展"
        "女职工安康保险的第11年,10年来,已覆盖女职工近万人,19名患病女职工领到理赔金19万元",
        "19万元",
        "2014-03-06",
        {"period_kind": "cumulative", "year": 2014},
    ),
    # 全年 after 截至2024年底 is the year 2024 (c008-04); its 日服务 rate is as_of (c008-03);
    # the 其中 part of the next sentence has the period of the stock before it (c008-05)
    (
        "corpus/008.txt",
        "从全国总工会了解到,截至2024年底,全国已建成工会驿站18.61万个,覆盖服务职工群众1.93亿人、"
        "日服务230.97万人次,全年累计服务职工群众约8亿人次。其中,建成智能化驿站1.18万个、"
        "24小时驿站1.21万个。",
        "约8亿人次",
        "2025-01-17",
        {"period_kind": "annual", "year": 2024, "period_end": "2024-12-31"},
    ),
    (
        "corpus/008.txt",
        "从全国总工会了解到,截至2024年底,全国已建成工会驿站18.61万个,覆盖服务职工群众1.93亿人、"
        "日服务230.97万人次,全年累计服务职工群众约8亿人次。其中,建成智能化驿站1.18万个、"
        "24小时驿站1.21万个。",
        "230.97万人次",
        "2025-01-17",
        {"indicator": "people_served_daily", "period_kind": "as_of", "year": 2024},
    ),
    (
        "corpus/008.txt",
        "从全国总工会了解到,截至2024年底,全国已建成工会驿站18.61万个,覆盖服务职工群众1.93亿人、"
        "日服务230.97万人次,全年累计服务职工群众约8亿人次。其中,建成智能化驿站1.18万个、"
        "24小时驿站1.21万个。",
        "1.18万个",
        "2025-01-17",
        {"period_kind": "as_of", "year": 2024, "period_end": "2024-12-31"},
    ),
    # a one-off action of a day is a campaign (d016-08), but 日前获悉 dates a report and
    # 过去五年 is a span (d017-03)
    (
        "corpus2/016.txt",
        "当日,现场参加招聘的企业78家,提供就业岗位2800多个。",
        "2800多个",
        "2023-02-09",
        {"period_kind": "campaign", "year": 2023},
    ),
    (
        "corpus2/017.txt",
        "4月26日,记者从省工会“十二大”上获悉,过去五年,全省11个市、119个县(市、区)及大型企业"
        "已全部建立困难职工帮扶中心,帮扶困难职工131.3万人次。",
        "131.3万人次",
        "2011-04-27",
        {"period_kind": "cumulative", "year": 2011},
    ),
    # a year named later in the sentence (d140-01)
    (
        "corpus2/140.txt",
        "中工网讯 笔者日前获得消息,湖北省远安县企业集体合同、工资集体协商等四个合同签订到位,"
        "全县共签订独立合同52份、行业性合同1份、区域性合同14份,覆盖企业369家,覆盖职工12105人,"
        "圆满完成2014年集体合同、工资集体协商等四个合同签订,全面完成上级工会下达任务的85%,"
        "合同签订率达到92%。",
        "52份",
        "2014-07-14",
        {"period_kind": "annual", "year": 2014},
    ),
    # 目前 names a time: the stock of built stations is as_of (c017-02), the plan of the
    # year before it annual (c017-01)
    (
        "corpus/017.txt",
        "今年大同市要建设12个户外工作者驿站,目前2个驿站已建成具备移交条件,其余10个驿站正在加紧建设中",
        "2个",
        "2023-09-08",
        {"period_kind": "as_of", "year": 2023, "period_end": "2023-09-08"},
    ),
    (
        "corpus/017.txt",
        "今年大同市要建设12个户外工作者驿站,目前2个驿站已建成具备移交条件,其余10个驿站正在加紧建设中",
        "12个",
        "2023-09-08",
        {"period_kind": "annual", "year": 2023},
    ),
    # 截至 a date before a stock word (已建立): what there is at that date (d044-05)
    (
        "corpus2/044.txt",
        "截至今年,我市已建立工会“职工书屋”720个,建成全国总工会、省总工会及市总工会“职工书屋”"
        "示范点75个,藏书量达53万册,年服务职工人数达44万人(次)。",
        "53万",
        "2014-06-14",
        {"period_kind": "as_of", "year": 2014, "period_end": "2014-12-31"},
    ),
    # a stock word (发展到) beats the span the paragraph opens with (d052-02)
    (
        "corpus2/052.txt",
        "二十年来,工会法律志愿服务队坚守“统一队伍、统一制度、统一平台、统一标准”原则,不断织密服务网络。"
        "志愿者队伍从最初100余名发展到全市800余人",
        "800余人",
        "2025-12-23",
        {"period_kind": "as_of", "year": 2025},
    ),
    # 每年 (each year) is no one year's figure: unknown, year empty (c039-02); 从今年起…每年
    # starts this year (d153-09); 每人每年 is a per-head rate, not that (c032-14)
    (
        "corpus/039.txt",
        "据悉,近年来,市总工会每年暑假前后均组织全市各级工会开展“金秋助学”活动,每年投入100多万元"
        "工会经费对100余名困难职工的在校子女进行帮扶。",
        "100多万元",
        "2024-08-28",
        {"period_kind": "unknown", "year": "", "period_start": "", "period_end": ""},
    ),
    (
        "corpus2/153.txt",
        "此外,从今年起,省总工会每年设置5000万元资金",
        "5000万元",
        "2019",
        {"period_kind": "annual", "year": 2019},
    ),
    (
        "corpus/032.txt",
        "对三名患尿毒症困难职工,每人每年救助5000元",
        "5000元",
        "2014-01-25",
        {"indicator": "grant_per_recipient", "period_kind": "as_of", "year": 2014},
    ),
    # the level a standard was raised from has no stated time (c032-02); the new one has
    (
        "corpus/032.txt",
        "该区总工会加大帮扶力度,提高救助标准,将特困职工标准每人从700元提高到900元",
        "700元",
        "2014-01-25",
        {"period_kind": "unknown", "year": ""},
    ),
    (
        "corpus/032.txt",
        "该区总工会加大帮扶力度,提高救助标准,将特困职工标准每人从700元提高到900元",
        "900元",
        "2014-01-25",
        {"period_kind": "as_of", "year": 2014},
    ),
    # “十四五”时期 is 2021-2025 (d174-03)
    (
        "corpus2/174.txt",
        "据了解,“十四五”时期,全国总工会计划推荐选树1万个最美站点",
        "1万个",
        "2022-12-19",
        {"period_kind": "cumulative", "year": 2025, "period_start": "2021-01-01"},
    ),
    # titles take the year they are named for, stated after the number (d174-01)
    (
        "corpus2/174.txt",
        "全国有2000个工会户外劳动者服务站点被确认为2022年“最美工会户外劳动者服务站点”",
        "2000个",
        "2022-12-19",
        {"indicator": "stations_awarded", "period_kind": "annual", "year": 2022},
    ),
    # a stock planned over a range of years is the stock at its end (d050-01)
    (
        "corpus2/050.txt",
        "广西在《自治区总工会关于大力发展农民工会员提高农民工组织化程度的意见》中,明确提出从2015年"
        "到2017年底,使在区内务工的农民工会员数翻一番,达到400万人。",
        "400万人",
        "2015-12-15",
        {"period_kind": "as_of", "year": 2017, "period_end": "2017-12-31"},
    ),
    # 今年 with a season or festival (今年春运期间) is this year's campaign (d050-02)
    (
        "corpus2/050.txt",
        "今年春运期间,自治区总工会牵头,联合广东省总工会、广西区人民政府驻广州办事处、自治区人社厅、"
        "南宁铁路局共同开展“温暖回家路——组织600名在粤务工桂籍优秀和困难农民工免费乘坐高铁返乡”活动。",
        "600名",
        "2015-12-15",
        {"period_kind": "campaign", "year": 2015},
    ),
    # 今年 of an undated article is still one year: annual, year empty (d100-05)
    (
        "corpus2/100.txt",
        "据了解,今年泉州市100个农民工创业扶助项目中,",
        "100个",
        "",
        {"period_kind": "annual", "year": ""},
    ),
    # a day opening the sentence after its dateline is a one-off event (d090-01)
    (
        "corpus2/090.txt",
        "本报讯(记者曲欣悦)2月10日15时,一架搭载着146名陕西籍农民工的飞机降落在西安咸阳国际机场",
        "146名",
        "2018-02-15",
        {"period_kind": "campaign", "year": 2018},
    ),
    # a year naming a drive (2025年…慰问活动) is one run of it (d054-01)
    (
        "corpus2/054.txt",
        "日前,内蒙古自治区总工会组织开展2025年全区环卫工人集中慰问活动,全区各级工会筹集940多万元"
        "慰问5.02万名环卫工人。",
        "940多万元",
        "2025-11-05",
        {"period_kind": "campaign", "year": 2025},
    ),
    # a year's visits for a festival are that year's campaign (d034-01)
    (
        "corpus2/034.txt",
        "2024年,西青区总工会通过筹措帮扶资金、整合生活物资等方式,为300余户困难职工及部分生活困难的"
        "劳动模范、病困工会干部送上新年慰问,传递工会组织的关怀与温暖。",
        "300余户",
        "2025-08-25",
        {"period_kind": "campaign", "year": 2024},
    ),
    # 据悉 before the paragraph's 去年: that year, unknown in an undated article (d200-03)
    (
        "corpus2/200.txt",
        "据悉,去年,我市各行各业职工积极投身“中国梦·劳动美”劳动竞赛。全市共有1600多家企事业单位、"
        "12万余名职工参赛",
        "12万余名",
        "",
        {"period_kind": "annual", "year": ""},
    ),
    # festival money (节日慰问金) is the festival campaign's (d102-07)
    (
        "corpus2/102.txt",
        "发放1308名退休职工节日慰问金72.05万元",
        "72.05万元",
        "2019-02",
        {"period_kind": "campaign", "year": 2019},
    ),
    # titles with no time of their own are held at publication (seed004-19)
    (
        "seeds/004_795627d32e611dda.txt",
        "命名各级劳模(工匠人才)创新工作室450个",
        "450个",
        "2020-11-02",
        {"indicator": "facilities_awarded", "period_kind": "as_of", "year": 2020},
    ),
    # a per-head standard is never cumulative: the standard in force (d092-01)
    (
        "corpus2/092.txt",
        "向每名会员发放300元电子消费券",
        "300元",
        "2022-06-06",
        {"indicator": "grant_per_recipient", "period_kind": "as_of", "year": 2022},
    ),
    # a deed in the number's clause is a flow to date, whatever 目前 or the stations
    # before it say (c004-02), and whatever 共有 says (d158-01, people counted by what they did)
    (
        "corpus/004.txt",
        "据了解,截至目前,各级工会已建设户外劳动者服务站点95000余个,投入资金近12亿元。",
        "近12亿元",
        "2022-06-23",
        {"period_kind": "cumulative", "year": 2022},
    ),
    (
        "corpus2/158.txt",
        "全市共有1万余名职工参与活动,涌出各类典型和先进模范人物30余名。",
        "1万余名",
        "2016-11-28",
        {"period_kind": "cumulative", "year": 2016},
    ),
    # ...what exists next to them stays a stock, the cards handed out are a flow (d130-03, -05)
    (
        "corpus2/130.txt",
        "目前,共青城市总工会“职工书屋”藏书已达1.2万余册,办理借阅证500余本,发放便民服务卡2000余张,"
        "月借阅量达1000册次。",
        "2000余张",
        "2015-05-22",
        {"period_kind": "cumulative", "year": 2015},
    ),
    (
        "corpus2/130.txt",
        "目前,共青城市总工会“职工书屋”藏书已达1.2万余册,办理借阅证500余本,发放便民服务卡2000余张,"
        "月借阅量达1000册次。",
        "1.2万余",
        "2015-05-22",
        {"period_kind": "as_of", "year": 2015},
    ),
    # donors counted by their gift, and the gift, to a 截至 date (d162-05, d162-06)
    (
        "corpus2/162.txt",
        "截至目前,已有43家劳模单位和527位劳模个人为“金秋助学”活动捐助了资金,捐资额达到了128万。",
        "527位",
        "2017-09-26",
        {"period_kind": "cumulative", "year": 2017},
    ),
    (
        "corpus2/162.txt",
        "截至目前,已有43家劳模单位和527位劳模个人为“金秋助学”活动捐助了资金,捐资额达到了128万。",
        "128万",
        "2017-09-26",
        {"period_kind": "cumulative", "year": 2017},
    ),
    # the deed opens the 、-list the number is in: members recruited, not members (d046-02)
    (
        "corpus2/046.txt",
        "今年以来已新发展货车司机会员90.64万人、网约车司机会员28.35万人。",
        "28.35万人",
        "",
        {"period_kind": "cumulative"},
    ),
    # a count of times is never a stock, whatever the indicator guessed (d012-16: 会员)
    (
        "corpus2/012.txt",
        "此外,省总推出工会会员服务卡线下普惠活动品牌,通过线上开展“会员实名认证送话费、送大米、"
        "送食用油”等活动,惠及会员6.4万多人次。",
        "6.4万多人次",
        "2019-02-12",
        {"period_kind": "cumulative", "year": 2019},
    ),
    # a deed to date in a paragraph of festival visits is that campaign's (d102-05)
    (
        "corpus2/102.txt",
        "目前,静安区总工会已对在档的541名困难职工发放帮困金69.87万元;开展“电话诉亲情,温暖进万家”和"
        "“农民工健康医疗补贴行动”,发放1100名农民工通讯、医疗补贴;发放1308名退休职工节日慰问金72.05万元;"
        "发放全区498名劳模春节慰问金25万元。",
        "69.87万元",
        "2019-02",
        {"period_kind": "campaign", "year": 2019},
    ),
    # and so are the people the deed after the number is done for (d102-04: 541名…发放)
    (
        "corpus2/102.txt",
        "目前,静安区总工会已对在档的541名困难职工发放帮困金69.87万元;开展“电话诉亲情,温暖进万家”和"
        "“农民工健康医疗补贴行动”,发放1100名农民工通讯、医疗补贴;发放1308名退休职工节日慰问金72.05万元;"
        "发放全区498名劳模春节慰问金25万元。",
        "541名",
        "2019-02",
        {"period_kind": "campaign", "year": 2019},
    ),
    # a deed naming no time in a paragraph of festival visits is that campaign's (d102-06)
    (
        "corpus2/102.txt",
        "目前,静安区总工会已对在档的541名困难职工发放帮困金69.87万元;开展“电话诉亲情,温暖进万家”和"
        "“农民工健康医疗补贴行动”,发放1100名农民工通讯、医疗补贴;发放1308名退休职工节日慰问金72.05万元;"
        "发放全区498名劳模春节慰问金25万元。",
        "1100名",
        "2019-02",
        {"period_kind": "campaign", "year": 2019},
    ),
    # a one-off visit's people are its campaign, even when read as people covered (d003-01)
    (
        "corpus2/003.txt",
        "此次慰问活动惠及改则县各单位、各乡镇公益性岗位人员123人、辅警25人、城管和环卫工人39人、"
        "共慰问人数187人。",
        "123人",
        "2019",
        {"period_kind": "campaign", "year": 2019},
    ),
    # 有 right before the number says what there is, even on the day the paragraph opens
    # with (d094-03) and without any time phrase (d015-01)
    (
        "corpus2/094.txt",
        "中工网讯 4月1日上午,杭州余杭区南苑街道高地社区工会主席徐永明带着工会协管员准时来到了"
        "街道总工会举办的企业工资集体协商培训班的现场,仔细聆听了关于《余杭区工资集团协商工作操作"
        "规程》。他说,高地社区聚集了大量服装企业,除了单建工会的企业外,社区联合工会下面还有50多家企业。",
        "50多家",
        "2015-04-03",
        {"period_kind": "as_of", "year": 2015, "period_end": "2015-04-03"},
    ),
    (
        "corpus2/015.txt",
        "广东省总工会有一个律师团,律师团有1067名律师。",
        "1067名",
        "2014-01-13",
        {"period_kind": "as_of", "year": 2014},
    ),
    # a listing broken over lines without punctuation is one sentence; the years listed
    # are a range, and stations built over it a flow (d110-02, d110-03)
    (
        "corpus2/110.txt",
        "户外劳动者服务站点建设任务\n2021年、2022年共建设完成\n226个户外劳动者服务站点\n"
        "其中国家级6个,省级15\n",
        "226个",
        "2023-07-06",
        {"period_kind": "cumulative", "year": 2022, "period_start": "2021-01-01"},
    ),
    (
        "corpus2/110.txt",
        "户外劳动者服务站点建设任务\n2021年、2022年共建设完成\n226个户外劳动者服务站点\n"
        "其中国家级6个,省级15\n",
        "6个",
        "2023-07-06",
        {"period_kind": "cumulative", "year": 2022, "period_end": "2022-12-31"},
    ),
]


# the paragraph's opening time phrase holds for its later sentences, before the
# article's look back on 2017 (d006-08, published 2018-02-09)
PARAGRAPH = (
    "corpus2/006.txt",
    "拉萨市总工会副主席冉龙平日前介绍说,每年元旦、春节、藏历新年“三大节日”到来时,拉萨市总都会开展"
    "送温暖活动。2013年以来,市总慰问驻寺干部、驻村工作队、公安民警、交警、环卫工人以及劳模代表、"
    "困难职工近5800人次,落实慰问金463.34万元。同时,开展困难职工生活救助、大病救助,落实资金136.7万元,"
    "先后对167人进行大病救助和生活救助。开展金秋助学活动,发放助学金722.4万元,帮助2196名困难农牧民工、"
    "困难职工子女上学。",
)
# a lead looking back on the year before (corpus2/126.txt), put before the paragraph
LAST_YEAR_LEAD = "一年来,全市工会系统坚持守正创新、深耕一线、服务基层"

# December visits before the festival are the next year's campaign (d066-01)
DECEMBER = (
    "corpus2/066.txt",
    "为了让全区广大职工群众共同度过一个欢乐祥和的节日,16日,洛江区总工会在马甲镇和河市镇分别开展了"
    "集中慰问活动。",
    "当天上午,区总工会共向46名困难职工送去近10万元的慰问物资。",
)


# a drive the lead launches takes the flows its paragraph counts to date (d074-01, -02)
DRIVE = (
    "corpus2/074.txt",
    "中工网讯 据福州市总工会微信公众号消息,为及时掌握职工面临的生活困难和需求,有效防止职工返困返贫,"
    "2023年10月,福建省福州市总工会启动为期4个月的全市困难职工帮扶专项行动。",
    "截至目前,全市共摸排职工2万多户,上门慰问困难职工293户。",
)


STOCK_LEAD = (
    "本报讯(记者 王路曼)昨天,记者从密云县总工会获悉,在先后走访了密云县园林绿化局森林消防大队、"
    "太师屯林业公安派出所和古北口治安检查站,为那里的一线职工送去节日问候之后,"
    "密云县总工会“两节”送温暖工作圆满完成。"
)
STOCK = "密云县共有在档困难职工295名,在档劳动模范183名。"
DEED = "今年列入县总工会“金秋助学”帮困的共有260多名困难职工子女,助学帮困资金达24万多元。"
REVIEW_TITLE = "法援廿载 初心如磐 杭州工会系统法律志愿服务走过二十年历程"
AWARDED = "同时,市总工会推动建设114家和谐劳动关系综合服务站,培育全国示范站点1个、省级样板站点12个"
HELD = "通过硬件设施的升级和活动的开展,成功创建1个全国最美驿站、5个省级最美驿站。"


# a lead's 截至 date ends the article's five-year totals (d121, published 2016-01-29)
DATED_LEAD = (
    "corpus2/121.txt",
    "1月26日,记者从省总工会获悉,截至2015年底,全省工会会员人数增至788万人,五年净增177万。",
    "五年来,全省共筹集“金秋助学”资金2.46亿元,资助困难职工和困难农民工子女13.89万人;",
)
# 截至目前 after such a lead is publication (d195, published 2025)
DATED_LEAD_NOW = (
    "corpus2/195.txt",
    "据统计,截至2024年底,全国已建工会驿站18.61万个,覆盖服务职工群众1.93亿人、日服务230.97万人次,"
    "全年累计服务职工群众近8亿人次。",
    "截至目前,已有24个省级工会开展试点,",
)

FIVE_YEAR_LEAD = (
    "昨天上午,常州工会第十四次代表大会传来消息,过去五年,常州市各级工会共筹集帮扶资金2.31亿元,"
)
FIVE_YEAR_TITLES = "建设市级以上“职工书屋”示范点396个;"

PLAN = "预计发放慰问金24.75万,惠及171名职工"
DONE = "开展理论宣传宣讲280余场,组织劳动技能竞赛覆盖职工2.4万人次"


def _rows(text: str, published: str) -> pd.DataFrame:
    row = {"published": published, "place_zh": ""}
    return propose_article(text, manifest_row=row, source_id="d999", whole_text=True).rows


def _row(rows: pd.DataFrame, reported: str) -> pd.Series:
    hit = rows[rows["reported_text"] == reported]
    assert len(hit) == 1, f"{reported!r} not proposed once in {rows['reported_text'].tolist()}"
    return hit.iloc[0]


@pytest.mark.skipif(SOURCES is None, reason="raw source texts (../shared/sources) not available")
@pytest.mark.parametrize(
    "file,text",
    sorted(
        {(c[0], c[1]) for c in CASES}
        | {PARAGRAPH, (DECEMBER[0], DECEMBER[1]), (DECEMBER[0], DECEMBER[2])}
        | {
            ("corpus2/126.txt", LAST_YEAR_LEAD),
            *((f, t) for f, *texts in (DATED_LEAD, DATED_LEAD_NOW) for t in texts),
            ("corpus2/066.txt", PLAN),
            ("corpus2/126.txt", DONE),
            (DRIVE[0], DRIVE[1]),
            (DRIVE[0], DRIVE[2]),
            ("corpus2/166.txt", STOCK_LEAD),
            ("corpus2/166.txt", STOCK),
            ("corpus2/027.txt", DEED),
            ("corpus2/052.txt", REVIEW_TITLE),
            ("corpus2/052.txt", AWARDED),
            ("corpus/034.txt", HELD),
            ("corpus2/161.txt", FIVE_YEAR_LEAD),
            ("corpus2/161.txt", FIVE_YEAR_TITLES),
        }
    ),
)
def test_texts_are_verbatim(file, text):
    assert text in read_clean(SOURCES / file).text


@pytest.mark.parametrize("file,text,reported,published,expected", CASES)
def test_period_rules(file, text, reported, published, expected):
    row = _row(_rows(text, published), reported)
    assert row["decision"] == "metric", row["why"]
    for column, value in expected.items():
        assert row[column] == value, f"{column}: {row[column]!r} (why: {row['why']})"


def test_paragraph_opening_beats_the_last_year_review():
    text = LAST_YEAR_LEAD + "\n" + PARAGRAPH[1]
    rows = _rows(text, "2018-02-09")
    for reported in ("722.4万元", "2196名", "136.7万元"):
        row = _row(rows, reported)
        assert (row["period_kind"], row["year"]) == ("cumulative", 2018), row["why"]
        assert "period=paragraph: 2013年以来" in row["why"]
    # without the paragraph's opening, the article's look back on 2017 decides
    row = _row(
        _rows(LAST_YEAR_LEAD + "\n" + PARAGRAPH[1].split("。", 2)[2], "2018-02-09"), "2196名"
    )
    assert (row["period_kind"], row["year"]) == ("annual", 2017), row["why"]


def test_december_festival_visits_are_the_next_years_campaign():
    text = DECEMBER[1] + "\n" + DECEMBER[2]
    row = _row(_rows(text, "2013-12-17"), "近10万元")
    assert (row["period_kind"], row["year"]) == ("campaign", 2014), row["why"]
    # the same visits reported in June are that year's
    row = _row(_rows(text, "2013-06-17"), "近10万元")
    assert (row["period_kind"], row["year"]) == ("campaign", 2013), row["why"]


def test_a_plan_never_takes_the_last_year_review():
    # a plan (预计, corpus2/066.txt) under a lead looking back on the year before
    # (corpus2/126.txt, published 2026-03-18) is no figure of that year
    text = LAST_YEAR_LEAD + "\n" + PLAN
    row = _row(_rows(text, "2026-03-18"), "24.75万")
    assert row["indicator"].endswith("_target"), row["why"]
    assert row["year"] == 2026 and "last_year_review" not in row["why"], row["why"]
    # an achievement under the same lead is the year before's
    row = _row(_rows(LAST_YEAR_LEAD + "\n" + DONE, "2026-03-18"), "280余场")
    assert (row["period_kind"], row["year"]) == ("annual", 2025), row["why"]


def test_what_there_is_in_a_campaign_article_is_a_stock():
    # corpus2/166.txt (2015-02-16): the register of a 送温暖 article is a stock (d166-01)
    lead = STOCK_LEAD
    row = _row(_rows(lead + "\n" + STOCK, "2015-02-16"), "295名")
    assert (row["period_kind"], row["year"]) == ("as_of", 2015), row["why"]
    # its clause says what the campaign did: the campaign's (corpus2/027.txt, d027-03)
    row = _row(_rows(lead + "\n" + DEED, "2015-02-16"), "260多名")
    assert (row["period_kind"], row["year"]) == ("campaign", 2015), row["why"]


def test_awarded_counts_in_a_review_are_won_over_its_years():
    # corpus2/052.txt reviews twenty years: its titles were won over them (d052-14)
    row = _row(_rows(REVIEW_TITLE + "\n" + AWARDED, "2025-12-23"), "12个")
    assert row["indicator"].endswith("_awarded"), row["why"]
    assert (row["period_kind"], row["year"]) == ("cumulative", 2025), row["why"]
    # corpus/034.txt is no review: the titles held at publication (c034-05)
    row = _row(_rows(HELD, "2025-02-25"), "5个")
    assert row["indicator"].endswith("_awarded"), row["why"]
    assert (row["period_kind"], row["year"]) == ("as_of", 2025), row["why"]


def test_a_dated_lead_ends_the_articles_totals():
    rows = _rows(DATED_LEAD[1] + "\n" + DATED_LEAD[2], "2016-01-29")
    for reported in ("2.46亿元", "13.89万人"):
        row = _row(rows, reported)
        assert (row["period_kind"], row["year"]) == ("cumulative", 2015), row["why"]
        assert row["period_end"] == "2015-12-31", row["why"]
    # without the lead's date the span ends at publication
    row = _row(_rows(DATED_LEAD[2], "2016-01-29"), "2.46亿元")
    assert (row["year"], row["period_end"]) == (2016, "2016-01-29"), row["why"]
    # a sentence saying now (截至目前) keeps the publication date
    row = _row(_rows(DATED_LEAD_NOW[1] + "\n" + DATED_LEAD_NOW[2], "2025"), "24个")
    assert (row["period_kind"], row["year"]) == ("as_of", 2025), row["why"]


def test_a_long_one_line_text_given_as_str_is_the_text():
    # one line of more than 255 bytes is no file name (the OS refuses it): read as text
    text = CASES[4][1]  # corpus/026.txt, one line
    assert "\n" not in text and len(text.encode("utf-8")) > 255
    rows = propose_article(text, manifest_row={"published": "2017-01-18"}, whole_text=True).rows
    assert "18.2万元" in rows["reported_text"].tolist()
    # a path given as str is still read as the file
    if SOURCES is not None:
        path = SOURCES / "corpus" / "026.txt"
        by_path = propose_article(str(path), manifest_row={"published": "2017-01-18"}).rows
        assert by_path["file"].iloc[0] == "corpus/026.txt"


def test_a_lead_looking_back_on_five_years_is_a_review():
    # corpus2/161.txt: 过去五年 in the lead; the titles of its paragraphs were won over them
    text = FIVE_YEAR_LEAD + "\n" + FIVE_YEAR_TITLES
    row = _row(_rows(text, "2016-09-03"), "396个")
    assert row["indicator"] == "facilities_awarded", row["why"]
    assert row["period_kind"] == "cumulative" and "period=review" in row["why"], row["why"]


def test_a_drive_the_lead_launches_takes_its_flows_to_date():
    rows = _rows(DRIVE[1] + "\n" + DRIVE[2], "2023-11")
    for reported in ("2万多户", "293户"):
        row = _row(rows, reported)
        assert (row["period_kind"], row["year"]) == ("campaign", 2023), row["why"]
