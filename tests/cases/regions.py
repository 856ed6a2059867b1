"""Made-up reports for the region resolver (SPEC §4), written for these tests in the register
of county and city party-building reports; no sentence is taken from a real report.

Each case: (name, text, expected (province, city, county, zone)). A level the text does not
support is None. Named lists follow the ambiguity each one exercises.
"""

# fmt: off
CHAIN_COMPLETION = [
    ("county_alone_completes_chain",
     "会宁县教育系统坚持党建引领,推行“三联三进”工作法。\n全县86所中小学全部建立党组织。",
     ("甘肃省", "白银市", "会宁县", None)),
    ("province_short_then_county_short",
     "湖南桂东:红色教育进课堂\n\n湖南桂东县委教育工委以党建带团建,全县中小学组建红色宣讲团32支。",
     ("湖南省", "郴州市", "桂东县", None)),
    ("county_level_city",
     "近年来,浙江省义乌市教育局党委探索“五心”育人模式,全市中小学党组织覆盖率达到100%。",
     ("浙江省", "金华市", "义乌市", None)),
    ("traditional_script",
     "會寧縣教育系統堅持黨建引領,全縣學校黨組織標準化建設達標率100%。",
     ("甘肃省", "白银市", "会宁县", None)),
    ("title_head_names_the_subject",
     "通道:侗乡党建引领教育振兴\n\n通道坚持党建带团建,全面推进中小学校党组织领导的校长负责制。",
     ("湖南省", "怀化市", "通道侗族自治县", None)),
    ("city_short_form",
     "合肥:党建引领教育高质量发展\n\n合肥全面推进中小学校党组织领导的校长负责制,全市学校党组织全覆盖。",
     ("安徽省", "合肥市", None, None)),
    ("province_level_report",
     "2025年,全省教育系统深入推进党建工作。江西省委教育工委部署“三个一”行动,南昌、赣州等地"
     "先行先试,全省1.2万所学校完成党组织书记轮训。全省教育系统党员人数稳步增长。",
     ("江西省", None, None, None)),
]

OWN_VS_MENTIONED = [
    ("city_report_names_its_counties",
     "近年来,宜春市教育局党委坚持党建引领。全市10个县(市、区)全面推行“党建+”模式,其中袁州区建成"
     "示范校12所,樟树市、丰城市、靖安县分别培育特色品牌。全市学校党组织覆盖率达100%。",
     ("江西省", "宜春市", None, None)),
    ("city_acts_counties_listed",
     "近年来,曲靖市教育局党委推行“一校一品”。会泽县、宣威市、陆良县分别探索了“三联”“四化”“五星”模式,"
     "全市学校党组织全覆盖。会泽县经验在全省推广。",
     ("云南省", "曲靖市", None, None)),
    ("county_level_city_with_partner_districts",
     "都江堰市:党建引领推动教育均衡\n\n近年来,都江堰市教育局党委推行“三联三促”,全市中小学与成都市"
     "锦江区、青羊区名校结对,全市学校党组织全覆盖。",
     ("四川省", "成都市", "都江堰市", None)),
    ("municipal_district",
     "重庆市渝北区教育系统党建工作纪实\n\n渝北区教委坚持党建统领,全区236所学校党组织全覆盖。",
     ("重庆市", "重庆市", "渝北区", None)),
    ("capital_as_destination",
     "花垣县:红色课堂进乡村\n\n花垣县委教育工委推进“党建+乡村振兴”,组织党员教师赴长沙、韶山参加"
     "培训,全县学校党员教师结对帮扶困难学生1200名。\n\n来源:湖南日报",
     ("湖南省", "湘西土家族苗族自治州", "花垣县", None)),
]

AMBIGUOUS_NAMES = [
    ("heping_tianjin_by_neighbour",
     "和平区教育系统党建工作综述\n\n和平区教育系统坚持党建引领,与河北区、南开区学校结成发展共同体,"
     "全区学校党组织全覆盖。",
     ("天津市", "天津市", "和平区", None)),
    ("heping_shenyang_by_city",
     "和平区:党建引领教育提质\n\n近年来,和平区教育局党委坚持以党建统领全局,与沈阳市皇姑区、铁西区"
     "开展联合教研,全区中小学实现党组织书记、校长“一肩挑”。",
     ("辽宁省", "沈阳市", "和平区", None)),
    ("heping_no_context_says_so",
     "和平区教育局党委坚持把党建工作摆在首位,全区28所学校党组织实现标准化建设。",
     (None, None, None, None)),
]

MASKED = [
    ("masked_city_from_own_county",
     "**市是湖南的工业重镇,全市共有中小学校612所。近年来,**市推行“一校一品”党建品牌建设,"
     "醴陵市、攸县的经验在全市推广。全市学校党组织书记培训实现全覆盖。",
     ("湖南省", "株洲市", None, None)),
    ("masked_county_stays_null",
     "**县位于河北省邢台市东部,全县共有中小学校97所。**县委教育工委推行“双培养”机制。",
     ("河北省", "邢台市", None, None)),
]

ZONES = [
    ("zone_abbreviated_coded",
     "合肥高新区构建“三链融合”党建机制\n\n近年来,合肥高新区教育局党委以党建引领民办教育规范发展,"
     "全区37所民办学校全部建立党组织。",
     ("安徽省", "合肥市", None, "合肥高新技术产业开发区")),
    ("zone_any_city",
     "近年来,湖北省襄阳高新区坚持党建引领,全区中小学推行“红色领航”工程。",
     ("湖北省", "襄阳市", None, "襄阳高新技术产业开发区")),
]

BOILERPLATE = [
    ("site_address_is_not_evidence",
     "某某教育网 首页 > 党建动态\n\n景东县:党建引领山区教育\n\n景东县委教育工委推行“一支部一品牌”,"
     "全县125所学校党组织实现规范化建设。\n\n版权所有 某某教育网\n地址:北京市海淀区学院路35号\n"
     "联系电话:010-12345678",
     ("云南省", "普洱市", "景东彝族自治县", None)),
]

RENAMED = [
    ("county_became_district",
     "宜宾县教育局党委坚持以党建带队建,全县中小学党员教师亮身份、树形象,2017年党员示范岗达到160个。",
     ("四川省", "宜宾市", "叙州区", None)),
    ("prefecture_renamed",
     "湖北省襄樊市教育系统推行“支部建在年级上”,全市48所高中党组织全覆盖。",
     ("湖北省", "襄阳市", None, None)),
    ("county_became_city",
     "横县教育局党委坚持党建引领,全县中小学开展“红领巾心向党”主题教育活动。",
     ("广西壮族自治区", "南宁市", "横州市", None)),
]

NO_PLACE = [
    ("no_place_named",
     "学校党组织坚持把思想政治工作贯穿教育教学全过程,推行“三会一课”规范化,党员教师示范岗覆盖各年级。",
     (None, None, None, None)),
    ("peace_is_a_word",
     "我们要教育学生热爱和平,珍惜资源,打通家校沟通通道,全面落实立德树人根本任务。",
     (None, None, None, None)),
    ("one_passing_mention_is_a_destination",
     "学校组织党员教师赴延安开展红色研学,重温入党誓词,撰写心得体会300余篇。",
     (None, None, None, None)),
    ("dateline_is_not_the_subject",
     "新华社北京6月1日电 近日,教育部召开全国中小学党建工作推进会,要求各地全面落实中小学校党组织领导的校长负责制。",
     (None, None, None, None)),
    ("descriptive_district_names",
     "学校党支部推进老城区学校改造提升,城区学校与郊区学校结对,传承解放区时期的办学传统。",
     (None, None, None, None)),
    ("national_report",
     "过去一年,全国教育系统深入学习贯彻党的二十大精神,我国学前教育毛入园率达到91.1%。香港、澳门"
     "教育交流不断深化,全国各级各类学校党组织建设全面加强,我国教育现代化迈出新步伐。",
     (None, None, None, None)),
]

GUARDS = [
    ("dalian_inside_wudalianchi",
     "五大连池市教育局党委推行“党建+研学”模式,全市中小学组织学生走进火山地质公园开展研学。",
     ("黑龙江省", "黑河市", "五大连池市", None)),
    ("descriptive_name_after_its_city",
     "洛阳市老城区教育局党委推进“党建+”工程,全区中小学党组织书记全部参加轮训。",
     ("河南省", "洛阳市", "老城区", None)),
    ("street_name_is_not_a_place",
     "宁陵县教育局位于太原路18号。近年来,宁陵县教育系统推进党建工作标准化,全县学校党组织全覆盖。",
     ("河南省", "商丘市", "宁陵县", None)),
    ("spirit_named_after_a_place",
     "麻江县组织党员教师赴延安开展学习,传承延安精神,学习井冈山精神。麻江县全县学校开展主题党日。",
     ("贵州省", "黔东南苗族侗族自治州", "麻江县", None)),
]

# known misses, kept visible
XFAIL = [
    # 通道 (通道侗族自治县) is also an ordinary word; outside a title head it needs the full name
    ("county_short_that_is_a_word_in_body_only",
     "侗乡党建引领教育振兴\n\n通道坚持党建带团建,全面推进中小学校党组织领导的校长负责制。",
     ("湖南省", "怀化市", "通道侗族自治县", None)),
]
# fmt: on

ALL = CHAIN_COMPLETION + OWN_VS_MENTIONED + AMBIGUOUS_NAMES + MASKED + ZONES + BOILERPLATE + RENAMED + NO_PLACE + GUARDS
