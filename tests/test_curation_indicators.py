"""The indicator rules of ``curate`` (``curation/indicators.py``) on real sentences.

Every sentence is copied from the cleaned text of the article named with it
(``test_sentences_are_verbatim`` checks that where the raw texts are present);
the rules run on the sentence alone, so the other tests need no sources.
"""

from __future__ import annotations

import pandas as pd
import pytest

from unionanalysis.curation import propose_article
from unionanalysis.curation.context import context_at
from unionanalysis.curation.indicators import MEASURE_OF, allowed_indicators, indicator_for
from unionanalysis.extract import read_clean
from unionanalysis.paths import sources_dir

SOURCES = sources_dir()
needs_sources = pytest.mark.skipif(
    SOURCES is None, reason="raw source texts (../shared/sources) not available"
)

# (file, sentence, reported_text, expected measure, expected indicator)
CASES = [
    # honours and designations: people_awarded, organisations_awarded
    (
        "corpus2/126.txt",
        "2025年,铜仁4人获评全国劳动模范和先进工作者,1人荣获“大国工匠”称号,41人被评为省级劳动模",
        "41人",
        "people",
        "people_awarded",
    ),
    (
        "corpus2/160.txt",
        "25年来,全国有5406个基层工会获得全国模范“职工之家”称号,7520个车间班组获得全国模范“职工小家”称号。",
        "5406个",
        "organisations",
        "organisations_awarded",
    ),
    (
        "corpus2/020.txt",
        "2017年以来,交通建设系统105个集体、377名个人荣获全国五一劳动奖,564个班组被评为全国工人先锋号。",
        "564个",
        "organisations",
        "organisations_awarded",
    ),
    # models who emerged (涌出…先进模范人物) are the ones commended
    (
        "corpus2/158.txt",
        "全市共有1万余名职工参与活动,涌出各类典型和先进模范人物30余名。",
        "30余名",
        "people",
        "people_awarded",
    ),
    # 岗位 names the count next to it, not a count after another number's 岗位
    (
        "corpus2/016.txt",
        "举办“工会送岗位 乐业在江淮”招聘会,58家企业提供789个岗位3155个用工需求,"
        "现场达成用工意向203人。",
        "3155个",
        "other",
        "other",
    ),
    (
        "corpus2/026.txt",
        "晋江企业共提供涉及鞋类设计、服装纺织、电商、材料、机械制造、外贸等行业748个岗位,"
        "收到367份高校人才简历,达成初步意向54人。",
        "367份",
        "other",
        "other",
    ),
    (
        "corpus2/026.txt",
        "晋江企业共提供涉及鞋类设计、服装纺织、电商、材料、机械制造、外贸等行业748个岗位,"
        "收到367份高校人才简历,达成初步意向54人。",
        "748个",
        "other",
        "jobs_offered",
    ),
    # an item of a 、 list naming only 会员 shares the list's verb (新发展)
    (
        "corpus2/046.txt",
        "今年以来已新发展货车司机会员90.64万人、网约车司机会员28.35万人。",
        "28.35万人",
        "members",
        "members_recruited",
    ),
    # money applied for (申请了) is raised; the noun of 提出救助申请 raises nothing
    (
        "corpus/014.txt",
        "省总工会还申请了150万元专项资金用于开展艰苦岗位“送清凉”活动",
        "150万元",
        "funds",
        "funds_raised",
    ),
    (
        "corpus2/018.txt",
        "共180人提出救助申请,登记审核后符合条件的有134人,使用资金42万元。",
        "42万元",
        "funds",
        "funds_disbursed",
    ),
    # stations of another network (和谐劳动关系服务站) are facilities
    (
        "corpus2/052.txt",
        "同时,市总工会推动建设114家和谐劳动关系综合服务站,培育全国示范站点1个、省级样板站点12个,",
        "12个",
        "stations",
        "facilities_awarded",
    ),
    (
        "corpus2/052.txt",
        "同时,市总工会推动建设114家和谐劳动关系综合服务站,培育全国示范站点1个、省级样板站点12个,",
        "114家",
        "stations",
        "facilities_built",
    ),
    # volunteers and professionals enlisted in a union team
    (
        "corpus2/088.txt",
        "公开遴选了广州市十家律师事务所作为“法律服务合作单位”,聘请了73位律师组成“工会法律服务律师团队”",
        "73位",
        "people",
        "volunteers_enlisted",
    ),
    (
        "seeds/000_724886c98c96e1a2.txt",
        "2018年,大同市总工会组建了“大同市劳模(职工)技术服务队”,吸收154名高级技师、行业专家劳模参加",
        "154名",
        "people",
        "volunteers_enlisted",
    ),
    # teams a union sets up: the team noun right after or right before the number
    (
        "corpus2/116.txt",
        "连日来,市总工会组成4个慰问组,走访劳动模范、农民工、困难职工、",
        "4个",
        "organisations",
        "teams_formed",
    ),
    (
        "seeds/004_795627d32e611dda.txt",
        "“五家”建设启动以来,全市组建工会工作指导组72个,走访企业382家、困难职工7802人次",
        "72个",
        "organisations",
        "teams_formed",
    ),
    # ... but the units the teams visit are not teams
    (
        "corpus/014.txt",
        "西安市总工会组成14个慰问小组对41家单位进行走访慰问",
        "41家",
        "organisations",
        "organisations_covered",
    ),
    # goods handed out; goods counted by weight have no indicator
    (
        "corpus2/178.txt",
        "慰问中,云阳县总工会共送出白糖1万余斤,绿豆1万余斤,藿香正气液400余箱,矿泉水800余件",
        "400余箱",
        "other",
        "items_distributed",
    ),
    # a leaflet on the labour-contract law is handed out, not a contract signed
    (
        "corpus2/088.txt",
        "现场向职工群众派发《劳动合同法》、《工会法》、《社会保险法》、《工伤保险条例》等劳动法律法规"
        "折页2,000余份",
        "2,000余份",
        "other",
        "items_distributed",
    ),
    # the value of one pack or grant is a per-head figure; a total value is not
    (
        "corpus/022.txt",
        "今天区总工会特意请他们回“娘家”来,精心准备了价值700余元的年货大礼包",
        "700余元",
        "funds",
        "grant_per_recipient",
    ),
    (
        "corpus2/194.txt",
        "经县及以上医院初次确诊为乳腺癌、子宫癌、子宫颈癌、卵巢癌、输卵管癌、阴道癌等原发性妇科癌症,"
        "就可得到1万元赔付款。",
        "1万元",
        "funds",
        "grant_per_recipient",
    ),
    (
        "corpus2/122.txt",
        "原则上,每位建档困难职工的慰问金不低于1500元。",
        "不低于1500元",
        "funds",
        "grant_per_recipient",
    ),
    (
        "corpus/028.txt",
        "西安市总工会常务副主席王军为曲江辖区的保洁员、城管队员、保安队员等1100余名户外劳动者"
        "送上价值13万元的慰问品和慰问金。",
        "13万元",
        "funds",
        "funds_disbursed",
    ),
    # 争取到 is money obtained, not a plan; 将 of 将…的 is no plan either
    (
        "corpus2/036.txt",
        "今年,我会积极争取到上级总工会困难职工帮扶资金20多万元",
        "20多万元",
        "funds",
        "funds_raised",
    ),
    (
        "corpus2/198.txt",
        "西安市总工会将筹集的送温暖资金50万元和价值40万元节日慰问物品3000份(包括区县1000份)",
        "3000份",
        "other",
        "items_distributed",
    ),
    # contests counted with 项 are events; an organisation without an indicator keeps its measure
    (
        "corpus2/020.txt",
        "围绕重大战略、重大项目、重大工程开展全国引领性劳动和技能竞赛8项,全国性职业技能竞赛27项",
        "8项",
        "events",
        "events_held",
    ),
    (
        "corpus2/068.txt",
        "同时县内13个工会联合会夏送清凉活动随之启动",
        "13个",
        "organisations",
        "other",
    ),
    # sessions (场) are events held, not cases
    (
        "corpus2/052.txt",
        "工会法律志愿服务队累计开展免费咨询5127场",
        "5127场",
        "events",
        "events_held",
    ),
    # money for building or equipping union facilities is invested
    (
        "corpus2/134.txt",
        "去年,湛江市总工会女职工委员会共计支持“爱心妈妈小屋”建设经费19.7万元",
        "19.7万元",
        "funds",
        "funds_invested",
    ),
    (
        "corpus2/130.txt",
        "5月,共青城市总工会投入资金3万余元为“职工书屋”购置新书籍",
        "3万余元",
        "funds",
        "funds_invested",
    ),
    # net new union organisations are founded ones
    (
        "corpus2/106.txt",
        "基层工会组织净增3056个",
        "3056个",
        "organisations",
        "unions_founded",
    ),
    # the figures of a 设想 (a proposed programme) are targets
    (
        "corpus2/072.txt",
        "秦皇岛市总工会提出了开展“个十百千万”工程的设想,即全市围绕建功“十二五”、促进经济发展一个中心,"
        "打造10个重点职工创新工作室,创建100家工人先锋号",
        "100家",
        "organisations",
        "organisations_awarded_target",
    ),
    # a deal of intent at a job fair counts workers employed; 努力下 (thanks to efforts) is no plan
    (
        "corpus2/016.txt",
        "58家企业提供789个岗位3155个用工需求,现场达成用工意向203人。",
        "203人",
        "people",
        "workers_employed",
    ),
    (
        "corpus2/162.txt",
        "活动开展13年来,在哈尔滨市各级党委、政府和工会组织的积极努力下,在社会各界爱心企业和爱心人士的"
        "大力支持下,已筹集助学资金2800余万元,帮助9419名困难职工家庭子女圆了大学梦",
        "9419名",
        "people",
        "students_aided",
    ),
    # the 将 of the ba construction marks an object, not a plan
    (
        "corpus/028.txt",
        "将工会新春大礼包送到吉利汽车集团西安项目部建设工地的1300多名工友手中",
        "1300多名",
        "people",
        "people_consoled",
    ),
    # union facilities that are not stations, named next to the number
    (
        "corpus2/130.txt",
        "截至目前,全市已建成省、市级“职工书屋”13家,带动基层工会建成“图书角”50余个,"
        "“职工书屋”总藏书量达4万余册,报刊杂志50余种",
        "50余个",
        "stations",
        "facilities_total",
    ),
    (
        "corpus2/176.txt",
        "威海美年大健康体检中心经区旗舰店等6家新设立的妈妈小屋,各配置了价值8000余元的沙发、电视机",
        "6家",
        "stations",
        "facilities_built",
    ),
    # the register of hardship workers is a stock of its own
    (
        "corpus2/146.txt",
        "秦皇岛市目前共有在档困难职工3512户",
        "3512户",
        "people",
        "households_registered",
    ),
    # a share named as the aim is a target
    (
        "corpus2/094.txt",
        "提出到2015年底全区单建工会企业、区域、行业工资集体协商工作开展率达到100%的目标",
        "100%",
        "other",
        "share_percent_target",
    ),
    # new and net new members; the stock of grassroots unions
    (
        "corpus2/046.txt",
        "今年以来已新发展货车司机会员90.64万人、网约车司机会员28.35万人。",
        "90.64万人",
        "members",
        "members_recruited",
    ),
    (
        "corpus2/106.txt",
        "去年全年全省农民工会员净增17.2万名",
        "17.2万名",
        "members",
        "members_recruited",
    ),
    (
        "corpus2/028.txt",
        "五华区有1万多个基层工会,工会会员20多万人。",
        "1万多个",
        "organisations",
        "unions_total",
    ),
    # 新就业形态劳动者 are platform workers, not jobs found; 面授 is teaching
    (
        "corpus2/076.txt",
        "河南省总工会组织为全省10万名新就业形态劳动者免费体检",
        "10万名",
        "people",
        "people_served",
    ),
    (
        "corpus2/052.txt",
        "举办法律宣讲2100余场,面授职工10.7万余名",
        "10.7万余名",
        "people",
        "people_trained",
    ),
    # in a list of actions the verb nearest the number governs it
    (
        "corpus2/012.txt",
        "筹集资金2984.06万元,慰问困难企业101家、一线职工7361人,慰问工匠劳模、技能人才等专业人才702人",
        "7361人",
        "people",
        "people_consoled",
    ),
    # stations with a feature are a part of all stations, though no 其中 says so
    (
        "corpus/008.txt",
        "截至目前,全国近6万个驿站实现了党建引领,2万多个驿站赋能法律服务,2000多个驿站安装换电设备",
        "2万多个",
        "stations",
        "stations_subset",
    ),
    (
        "corpus2/195.txt",
        "各地建成智能化驿站1.18万个、24小时驿站1.21万个、全周期(延时)服务驿站2.03万个。",
        "1.21万个",
        "stations",
        "stations_subset",
    ),
    # 争取 of money from a body is money obtained, no plan; 将…作为 is no plan; a plan
    # word inside a document's title (《…行动计划》) is no plan
    (
        "corpus2/136.txt",
        '今年"两节"送温暖活动共筹集资金170.5万元(其中争取省、市总工会送温暖慰问金162.5万元,县级配套10万元),以每户2500元的慰问标准,对全县682名困难职工家庭进行慰问',
        "682名",
        "people",
        "people_consoled",
    ),
    (
        "corpus2/176.txt",
        "自2016年起,经区总工会本着成熟一个建一个的原则,力推“妈妈小屋”建设,并将此作为贯彻落实《女职工劳动保护特别规定》和“二孩”政策的实施、促进劳动关系与社会和谐、服务广大女职工的重要载体,先后投入30万余元补助资金,在女职工多的企业和公共场所推进“妈妈小屋”建设",
        "30万余元",
        "funds",
        "funds_invested",
    ),
    (
        "corpus2/106.txt",
        "推动省委、省政府印发《甘肃省推进城镇困难职工解困脱困工作三年行动计划(2018—2020年)》,全国级档案的困难职工40%解困脱困",
        "40%",
        "other",
        "share_percent",
    ),
    # 提出要 plans; 共计 of a plan's sum does not make it an achievement
    (
        "corpus2/064.txt",
        "省市总工会高度重视这些群体职工加入工会问题,在今年省总工会提出的要为全省职工办的十件实事中就提出要吸收1万名快递行业职工加入工会",
        "1万名",
        "members",
        "members_recruited_target",
    ),
    (
        "corpus2/096.txt",
        "重庆频道消息 "
        "12月25日,重庆市总工会发布消息称,2013年元旦春节期间,市总工会将对建档困难职工、“五老”人员和特困省级劳模进行慰问,为他们发放共计2200多万元的红包",
        "2200多万元",
        "funds",
        "funds_target",
    ),
    # a list's items share the verb after the last one
    (
        "corpus2/020.txt",
        "2017年以来,交通建设系统105个集体、377名个人荣获全国五一劳动奖,564个班组被评为全国工人先锋号。",
        "105个",
        "organisations",
        "organisations_awarded",
    ),
    (
        "corpus2/034.txt",
        "2024年,西青区总工会通过筹措帮扶资金、整合生活物资等方式,为300余户困难职工及部分生活困难的劳动模范、病困工会干部送上新年慰问,传递工会组织的关怀与温暖。",
        "300余户",
        "people",
        "people_consoled",
    ),
    # 灵活就业员 names who they are, not a job found
    (
        "corpus2/182.txt",
        "同时,慰问组还到滕州仲家汇商贸有限公司工会联合会以及滕州市农副产品物流中心工会联合会,对两家公司工会联合会近千名商场信息员、物流配送员、货车司机、保洁员、灵活就业员等为代表的新就业形态劳动者进行慰问。",
        "近千名",
        "people",
        "people_consoled",
    ),
    # a number opening its clause as the subject of a plan after it
    (
        "corpus2/122.txt",
        "本周内,7支由市总工会机关干部组成的送温暖志愿者服务队还将分赴环卫、交通运输、水电煤抢修、公安、市政、园林、保安等艰苦行业一线职工工作现场",
        "7支",
        "organisations",
        "teams_formed_target",
    ),
    # 加入工会的 describes whom; 工会组织了 is a verb; 涵盖 covers
    (
        "corpus2/040.txt",
        "活动期间,云南省总工会将为1万名新就业形态劳动者送去免费健康体检,并对2000名加入工会组织的新就业形态劳动者开展走访慰问",
        "2000名",
        "people",
        "people_consoled_target",
    ),
    # 帮困金 and 补贴 handed out are aid
    (
        "corpus2/102.txt",
        "目前,静安区总工会已对在档的541名困难职工发放帮困金69.87万元",
        "541名",
        "people",
        "people_aided",
    ),
    (
        "corpus2/102.txt",
        "开展“电话诉亲情,温暖进万家”和“农民工健康医疗补贴行动”,发放1100名农民工通讯、医疗补贴",
        "1100名",
        "people",
        "people_aided",
    ),
    # insurance payouts received (领到理赔金) are aid
    (
        "corpus2/194.txt",
        "近日,宣化区总工会2014年女职工安康保险缴费工作正在进行中,这是继2004年开展女职工安康保险的第11年,10年来,已覆盖女职工近万人,19名患病女职工领到理赔金19万元,有效缓解了女职工家庭因病致困、因病返困的困境。",
        "19名",
        "people",
        "people_aided",
    ),
    # letters, visits and calls handled are cases
    (
        "corpus2/030.txt",
        "据不完全统计,中心共接待处理职工群众来信、来访、来电16485余次,涉及79088余人",
        "16485余次",
        "events",
        "cases_handled",
    ),
    # 筹集的…资金 is money raised earlier and now handed on
    (
        "corpus2/198.txt",
        "西安市总工会将筹集的送温暖资金50万元和价值40万元节日慰问物品3000份(包括区县1000份),通过产业、区县工会和企业工会发放到特困职工手中。",
        "50万元",
        "funds",
        "funds_disbursed",
    ),
    # a service sent (送去免费健康体检) is a service, not a visit
    (
        "corpus2/040.txt",
        "活动期间,云南省总工会将为1万名新就业形态劳动者送去免费健康体检,并对2000名加入工会组织的新就业形态劳动者开展走访慰问",
        "1万名",
        "people",
        "people_served_target",
    ),
    (
        "corpus2/062.txt",
        "江苏各级工会组织了140多家用工单位和创业企业参加,现场提供700多个工种、1.3万个就业岗位",
        "140多家",
        "organisations",
        "organisations_covered",
    ),
    # subsets need a total: 包括…等 lists the whole, 包括 after no count lists deeds,
    # 其中 after a count in another unit names no part
    (
        "corpus2/008.txt",
        "福州市现有快递员工2.1万名,已成立的市快递行业工会联合会涵盖了包括中国邮政、顺丰、圆通、苏宁天天、乔韵达、中外运-敦豪(DHL)等6家快递公司的近万名职工",
        "6家",
        "organisations",
        "organisations_covered",
    ),
    (
        "corpus2/008.txt",
        "福州市现有快递员工2.1万名,已成立的市快递行业工会联合会涵盖了包括中国邮政、顺丰、圆通、苏宁天天、乔韵达、中外运-敦豪(DHL)等6家快递公司的近万名职工",
        "近万名",
        "people",
        "people_covered",
    ),
    (
        "corpus2/006.txt",
        "深入开展工会服务基层系列活动,包括开展以送医送药、送温暖、送法律、送政策、送文化为主题的“五送”系列服务职工活动25场次,安排资金175万元,受",
        "25场次",
        "events",
        "events_held",
    ),
    (
        "corpus2/104.txt",
        "据统计,去年以来,“羊城职工职业培训学院”共举办各类职业技能培训班492期,其中培训农民工学员6913人次,有效地提高了农民工队伍的素质",
        "6913人次",
        "people",
        "people_trained",
    ),
    # parts listed before the total that sums them
    (
        "corpus2/036.txt",
        "此次活动共计发放慰问金22.68万元,发放慰问品(大米)价值约4.61万元,合计27.22万元",
        "22.68万元",
        "funds",
        "funds_disbursed_subset",
    ),
    (
        "corpus2/003.txt",
        "此次慰问活动惠及改则县各单位、各乡镇公益性岗位人员123人、辅警25人、城管和环卫工人39人、共慰问人数187人",
        "25人",
        "people",
        "people_consoled_subset",
    ),
    # 惠及 names no deed: the sentence's 慰问 decides
    (
        "corpus2/066.txt",
        "2013年12月中旬至2014年1月底,区总工会将通过走访慰问、现场发放、银行转账三种形式慰问我区困难职工,预计发放慰问金24.75万,惠及171名职工",
        "171名",
        "people",
        "people_consoled_target",
    ),
    # a kind of station named after the number is a part of all stations
    (
        "corpus2/172.txt",
        "同时,南宁市总工会坚持以人为本,新建和升级改造了包括工会驿站工人文化宫站在内的50家智能化工会驿站",
        "50家",
        "stations",
        "stations_subset",
    ),
    # a plan to name stations keeps its own code
    (
        "corpus2/174.txt",
        "据了解,“十四五”时期,全国总工会计划推荐选树1万个最美站点,并给予资金奖补,通过典型引路和示范带动,进一步规范服务站点工作,推动各级工会持续提升服务的针对性、实效性,增强服务均衡性和可及性,依托服务站点凝聚社会力量,做好户外劳动者关心关爱工作",
        "1万个",
        "stations",
        "stations_awarded_target",
    ),
    # a build verb before the number governs the 示范 of the noun after it
    (
        "corpus2/044.txt",
        "本报讯(记者侯初初)记者昨日从市总工会获悉,今年我市将新建10个“职工书屋”示范点",
        "10个",
        "stations",
        "facilities_built_target",
    ),
    # donors and applicants have no indicator
    (
        "corpus2/162.txt",
        "截至目前,已有43家劳模单位和527位劳模个人为“金秋助学”活动捐助了资金,捐资额达到了128万",
        "527位",
        "people",
        "other",
    ),
    (
        "corpus2/018.txt",
        "今年,市总工会开展的“金秋助学”活动,共180人提出救助申请,登记审核后符合条件的有134人,使用资金42万元",
        "180人",
        "people",
        "other",
    ),
    # a visit joined to aid, or aid money sent, counts aid
    (
        "corpus2/006.txt",
        "向112名困难职工子女发放金秋助学金,慰问并帮扶379户困难职工,为17名困难职工送去医疗救助金……这一组数字蕴含著拉萨市总工会2017年真情帮扶困难职工的努力付出",
        "379户",
        "people",
        "people_aided",
    ),
    (
        "corpus2/006.txt",
        "向112名困难职工子女发放金秋助学金,慰问并帮扶379户困难职工,为17名困难职工送去医疗救助金……这一组数字蕴含著拉萨市总工会2017年真情帮扶困难职工的努力付出",
        "17名",
        "people",
        "people_aided",
    ),
]


def _row(sentence: str, reported: str) -> pd.Series:
    rows = propose_article(sentence, manifest_row={}, source_id="d999", whole_text=True).rows
    hit = rows[rows["reported_text"] == reported]
    assert len(hit) == 1, f"{reported!r} not proposed once in {rows['reported_text'].tolist()}"
    return hit.iloc[0]


@needs_sources
@pytest.mark.parametrize("file,sentence", sorted({(c[0], c[1]) for c in CASES}))
def test_sentences_are_verbatim(file, sentence):
    assert sentence in read_clean(SOURCES / file).text


@pytest.mark.parametrize("file,sentence,reported,measure,indicator", CASES)
def test_indicator_rules(file, sentence, reported, measure, indicator):
    row = _row(sentence, reported)
    assert (row["measure"], row["indicator"]) == (measure, indicator), row["why"]


def _guess(sentence: str, number: str, unit: str, programme: str = ""):
    start = sentence.index(number)
    return indicator_for(context_at(sentence, start, start + len(number)), unit, programme)


@needs_sources
def test_weights_are_verbatim():
    assert WEIGHTS in read_clean(SOURCES / "corpus2/178.txt").text


WEIGHTS = "慰问中,云阳县总工会共送出白糖1万余斤,绿豆1万余斤,藿香正气液400余箱,矿泉水800余件"


def test_goods_counted_by_weight_have_no_indicator():
    guess = _guess(WEIGHTS, "1万余", "item")
    assert (guess.measure, guess.indicator) == ("other", "other")
    assert _guess(WEIGHTS, "400余", "item").indicator == "items_distributed"


@needs_sources
def test_plan_sentences_are_verbatim():
    assert WEATHER in read_clean(SOURCES / "corpus2/188.txt").text
    assert OVERSEAS in read_clean(SOURCES / "corpus/014.txt").text
    assert PLAN in read_clean(SOURCES / "corpus2/059.txt").text


PLAN = "全国总工会将组成19个慰问团分赴全国31个省、自治区、直辖市进行走访慰问"
WEATHER = "下周即将降温,徐汇区总工会还为全区121家工会驿站配置了3.6万片暖宝宝和1.6万份茶包"
OVERSEAS = "陕煤集团工会首次将“送清凉”活动延伸至海外项目,覆盖吉尔吉斯斯坦职工1000余人"


def test_weather_and_ba_are_no_plans():
    assert _guess(WEATHER, "121家", "facility").indicator == "stations_total"
    assert _guess(WEATHER, "3.6万", "item").indicator == "items_distributed"
    guess = _guess(OVERSEAS, "1000余人", "person")
    assert not guess.indicator.endswith("_target"), guess.why
    # a plan's 将 still makes a target
    assert _guess(PLAN, "19个", "organisation").indicator == "teams_formed_target"


@needs_sources
def test_aid_sentence_is_verbatim():
    assert AID in read_clean(SOURCES / "corpus2/006.txt").text
    assert NAMED in read_clean(SOURCES / "seeds/001_9877ec4ef279aa53.txt").text


NAMED = "“金秋助学”帮扶困难职工子女2953人"
AID = "同时,开展困难职工生活救助、大病救助,落实资金136.7万元,先后对167人进行大病救助和生活救助。"


def test_aid_stays_aid_unless_the_sentence_names_golden_autumn():
    """金秋助学 counts students only where the sentence names it; elsewhere 救助 is aid."""
    assert _guess(AID, "167人", "person", "金秋助学").indicator == "people_aided"
    assert _guess(NAMED, "2953人", "person", "金秋助学").indicator == "students_aided"


def test_family_codes_for_targets_and_subsets():
    """Plans of stations and of money, parts of stations: one code each, as the codebook says."""
    guess = _guess("今年青海各级工会计划新建200个以上工会驿站", "200个以上", "facility")
    assert (guess.measure, guess.indicator) == ("stations", "stations_target")
    money = "今年7至8月,江门新会区总工会计划投入17.5万元,组成多个慰问组到各镇街的重点企业"
    guess = _guess(money, "17.5万元", "yuan")
    assert (guess.measure, guess.indicator) == ("funds", "funds_target")


@needs_sources
def test_an_article_about_one_programme_counts_its_people():
    """The lead of c014 speaks of 高温 and 清凉, names 送清凉 later: its 慰问 cool."""
    row = _article_row("corpus/014.txt", "100.79万人次")
    assert (row["programme_zh"], row["indicator"]) == ("送清凉", "workers_cooled"), row["why"]


def _article_row(file: str, reported: str) -> pd.Series:
    rows = propose_article(SOURCES / file, manifest_row={}, source_id="c999").rows
    hit = rows[rows["reported_text"] == reported]
    assert len(hit) == 1
    return hit.iloc[0]


def test_every_code_is_allowed_and_has_its_measure():
    allowed = allowed_indicators()
    assert set(MEASURE_OF) <= allowed
    assert MEASURE_OF["teams_formed"] == "organisations"
    assert MEASURE_OF["people_awarded"] == "people"


PARTS = (
    "截至目前,长春市二道区2014年两节送温暖共计救助困难职工615人,救助金额达33.48万元。\n"
    "为了确保今年的送温暖活动顺利开展,帮助困难职工、困难农民工度过一个安康祥和的元旦和春节,"
    "二道区总工会成立送温暖活动领导小组,并制定送温暖活动方案。从2013年10月末开始,"
    "对该区的困难职工进行详细的摸底和调查,针对符合条件的困难职工,进行集中的批量办卡,"
    "并统一组织和安排,集中向困难职工和困难农民工发放救助银行卡。元旦前,救助困难职工212人,"
    "发放救助金额10.6万元。1月9日救助困难职工403人,发放救助金额22.88万元。"
)


@needs_sources
def test_parts_passage_is_verbatim():
    assert PARTS in read_clean(SOURCES / "corpus2/124.txt").text


def test_counts_that_add_up_to_a_total_before_them_are_its_parts():
    """212 + 403 = 615 people and 10.6 + 22.88 = 33.48万元: parts, though no 其中 says so."""
    rows = propose_article(PARTS, manifest_row={}, source_id="d999", whole_text=True).rows
    code = dict(zip(rows["reported_text"], rows["indicator"], strict=True))
    assert code["615人"] == "people_aided"
    assert code["33.48万元"] == "funds_disbursed"
    assert (code["212人"], code["403人"]) == ("people_aided_subset", "people_aided_subset")
    assert (code["10.6万元"], code["22.88万元"]) == (
        "funds_disbursed_subset",
        "funds_disbursed_subset",
    )


LIST = (
    "2018年,省总共筹集资金4033.04万元,精准帮扶建档困难职工28150人次﹔筹集资金1259.4万元,"
    "开展金秋助学,资助困难职工和困难农民工子女2725人﹔筹集资金2984.06万元,慰问困难企业101家、"
    "一线职工7361人,慰问工匠劳模、技能人才等专业人才702人,慰问困难职工、农民工和劳动模范家庭"
    "22404户﹔开展关爱单亲困难女职工活动,救助181户,发放帮扶资金14.16万元,"
    "救助患妇科癌症女职工51人,救助金额76.5万元﹔"
)


@needs_sources
def test_list_is_verbatim():
    assert LIST in read_clean(SOURCES / "corpus2/012.txt").text


def test_golden_autumn_counts_students_only_in_its_own_part_of_a_list():
    """﹔ ends a part of the list; a part that counts workers or model workers is not 金秋助学's."""
    assert _guess(LIST, "2725人", "person", "金秋助学").indicator == "students_aided"
    assert _guess(LIST, "702人", "person", "金秋助学").indicator == "people_consoled"
    assert _guess(LIST, "181户", "household", "金秋助学").indicator == "people_aided"
    assert _guess(LIST, "51人", "person", "金秋助学").indicator == "people_aided"


RAISED = (
    "全区各级工会筹集940多万元慰问5.02万名环卫工人。\n"
    "据了解,此次集中慰问活动中,自治区总工会为一线在岗环卫工人安排547万元专项资金,"
    "各盟市、旗县(市、区)工会及环卫企业工会筹措慰问资金393万元。"
)
RAISED_INLINE = (
    '今年"两节"送温暖活动共筹集资金170.5万元(其中争取省、市总工会送温暖慰问金162.5万元,'
    "县级配套10万元),以每户2500元的慰问标准,对全县682名困难职工家庭进行慰问;"
)
LIST_PARTS = (
    "今年,市总工会开展的“金秋助学”活动,共180人提出救助申请,登记审核后符合条件的有134人,"
    "使用资金42万元。其中:今年参加高考被高校二本以上录取的国有、集体企业困难职工家庭子女72名;"
    "农民工困难家庭子女29名。"
)


@needs_sources
@pytest.mark.parametrize(
    "file,passage",
    [
        ("corpus2/054.txt", RAISED.split("\n")[1]),
        ("corpus2/136.txt", RAISED_INLINE),
        ("corpus2/018.txt", LIST_PARTS),
    ],
)
def test_parts_passages_are_verbatim(file, passage):
    assert passage in read_clean(SOURCES / file).text


def test_parts_of_a_sum_raised_are_raised_money():
    """安排 names money handed on, but as a part of the 940多万元 筹集 it is raised too."""
    rows = propose_article(RAISED, manifest_row={}, source_id="d999", whole_text=True).rows
    code = dict(zip(rows["reported_text"], rows["indicator"], strict=True))
    assert code["940多万元"] == "funds_raised"
    assert (code["547万元"], code["393万元"]) == ("funds_raised_subset", "funds_raised_subset")


def test_a_part_named_by_qizhong_of_a_sum_raised_is_raised():
    row = _row(RAISED_INLINE, "162.5万元")
    assert row["indicator"] == "funds_raised_subset", row["why"]
    assert _row(RAISED_INLINE, "170.5万元")["indicator"] == "funds_raised"


def test_items_of_a_qizhong_list_are_parts():
    """其中: opens a list whose items end at ；: the second item is a part too."""
    assert _guess(LIST_PARTS, "29名", "person", "金秋助学").indicator == "students_aided_subset"
    assert _guess(LIST_PARTS, "72名", "person", "金秋助学").indicator == "students_aided_subset"
    assert _guess(LIST_PARTS, "134人", "person", "金秋助学").indicator == "students_aided"


FACILITY_SENTENCES = [
    (
        "corpus2/020.txt",
        "职工技能竞赛2000余次,安全生产活动近2万次,培育了16个全国示范性劳模和工匠人才创新工作室,",
        "16个",
        "facilities_awarded",
    ),
    (
        "corpus2/008.txt",
        "今年福州市有望再建成1~2个这样的快递行业共享职工之家。",
        "2个",
        "facilities_built_target",
    ),
    (
        "corpus2/072.txt",
        "据了解,今年初,秦皇岛市总工会提出了开展“个十百千万”工程的设想,即全市围绕建功“十二五”、"
        "促进经济发展一个中心,打造10个重点职工创新工作室,",
        "10个",
        "facilities_built_target",
    ),
]


@needs_sources
@pytest.mark.parametrize("file,sentence,number,indicator", FACILITY_SENTENCES)
def test_facility_sentences_are_verbatim(file, sentence, number, indicator):
    assert sentence in read_clean(SOURCES / file).text


@pytest.mark.parametrize("file,sentence,number,indicator", FACILITY_SENTENCES)
def test_facility_noun_after_the_number_and_plans_to_build(file, sentence, number, indicator):
    """The noun phrase after the number names the facility however long it is; a plan to
    build (有望再建成, 设想…打造) counts new ones."""
    guess = indicator_for(_ctx(sentence, number), "facility")
    assert guess.indicator == indicator, guess.why


def _ctx(sentence: str, number: str):
    start = sentence.rindex(number)
    return context_at(sentence, start, start + len(number))
