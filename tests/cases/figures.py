"""Phrases for the figure extractor (SPEC §3), written for these tests in the register of county
and city work reports and government reports; no sentence is taken from a real report.

Value tables: (name, text, [(surface, value, unit, approx), …]) — every figure the text holds,
in order; surfaces are simplified, as the records' text fields are. Object tables: (name, text, surface, object) — `object` may be any text the object
must contain (the scorer accepts a containing or near match, the tests are stricter).
"""

# fmt: off
ARABIC = [
    ("count_after_scope", "全县86所中小学全部建立党组织。", [("86所", 86, "所", None)]),
    ("count_before_noun_after", "向35家民办培训机构选派党建指导员。", [("35家", 35, "家", None)]),
    ("ten_thousands", "全市在校学生12.6万人、教职工1.1万人。",
     [("12.6万人", 126000, "人", None), ("1.1万人", 11000, "人", None)]),
    ("hundred_millions", "累计投入党建阵地建设资金1.35亿元。", [("1.35亿元", 135000000, "元", None)]),
    ("person_times", "组织专题培训32场,培训党员教师4800人次。",
     [("32场", 32, "场", None), ("4800人次", 4800, "人次", None)]),
    ("class_hours", "开设红色课程1200课时。", [("1200课时", 1200, "课时", None)]),
    ("percent", "学校党组织书记、校长“一肩挑”比例达到96.5%。", [("96.5%", 96.5, "%", None)]),
    ("percentage_points", "优秀率比上年提高3.2个百分点。", [("3.2个百分点", 3.2, "个百分点", None)]),
    ("space_before_unit", "建成名班主任工作室 15 个。", [("15 个", 15, "个", None)]),
    ("thousands_separator", "发放助学金12,400人次。", [("12,400人次", 12400, "人次", None)]),
    ("full_width_digits", "全区共有党员教师５２８名。", [("528名", 528, "名", None)]),
    ("government_units", "新建农村公路1260公里,改造老旧小区3.4万户,粮食产量达到85.6万吨。",
     [("1260公里", 1260, "公里", None), ("3.4万户", 34000, "户", None), ("85.6万吨", 856000, "吨", None)]),
    ("times", "研发投入增长1.5倍。", [("1.5倍", 1.5, "倍", None)]),
]

CHINESE = [
    ("ten_thousands_over", "全县参与志愿服务的师生达四万余人。", [("四万余人", 40000, "人", "over")]),
    ("bare_ten_thousand_nearly", "受益家长近万人。", [("近万人", 10000, "人", "nearly")]),
    ("percent_written_out", "党员教师占专任教师的百分之三十五。", [("百分之三十五", 35, "%", None)]),
    ("percent_with_decimal", "学生近视率下降到百分之四十一点五。", [("百分之四十一点五", 41.5, "%", None)]),
    ("fraction", "获奖案例占全省的五分之一。", [("五分之一", 0.2, "ratio", None)]),
    ("two_thirds", "三分之二的学校建成党建长廊。", [("三分之二", 0.666667, "ratio", None)]),
    ("compound_count", "全县建成十二个党员先锋岗。", [("十二个", 12, "个", None)]),
    ("ten_odd", "组建十余支党员志愿服务队。", [("十余支", 10, "支", "over")]),
    ("hundred_over", "百余名党员教师参加宣讲。", [("百余名", 100, "名", "over")]),
]

APPROX = [
    ("yu", "发放调查问卷5200余份。", [("5200余份", 5200, "份", "over")]),
    ("duo_before_unit", "惠及2万多个家庭。", [("2万多个", 20000, "个", "over")]),
    ("yu_before_wan", "落实奖补资金5000余万元。", [("5000余万元", 50000000, "元", "over")]),
    ("yishang", "学前教育普惠率达到85%以上。", [("85%以上", 85, "%", "over")]),
    ("chaoguo", "参训教师超过3000人。", [("超过3000人", 3000, "人", "over")]),
    ("jin", "近2000名党员下沉社区。", [("近2000名", 2000, "名", "nearly")]),
    ("jiangjin", "将近600名教师报名。", [("将近600名", 600, "名", "nearly")]),
    ("yue", "约300名家长到校参观。", [("约300名", 300, "名", "about")]),
    ("zuoyou", "每所学校配备专职党务干部2名左右。", [("2名左右", 2, "名", "about")]),
    ("shang_wan", "吸引上万名群众观看。", [("上万名", 10000, "名", "over")]),
    ("online_is_not_approx", "线上3000人同步收看。", [("3000人", 3000, "人", None)]),
]

CHANGES = [
    ("percent_rise", "民办学校党组织覆盖率由62%提高到95%。", [("由62%提高到95%", 95, "%", None)]),
    ("from_with_decimals", "优良率从48.5%提升至73.25%。", [("从48.5%提升至73.25%", 73.25, "%", None)]),
    ("count_fall", "薄弱学校由27所减少到9所。", [("由27所减少到9所", 9, "所", None)]),
    ("years_without_de", "农民人均纯收入由2018年8650元增加到2023年13120元。",
     [("由2018年8650元增加到2023年13120元", 13120, "元", None)]),
    ("with_years_between", "装机容量由2015年的1.2亿千瓦增加到2020年的2.5亿千瓦。",
     [("由2015年的1.2亿千瓦增加到2020年的2.5亿千瓦", 250000000, "千瓦", None)]),
]

CHANGE_FROM = [  # (name, text, change_from of the one figure)
    ("percent_rise", "民办学校党组织覆盖率由62%提高到95%。", 62),
    ("count_fall", "薄弱学校由27所减少到9所。", 27),
    ("no_change_without_from", "覆盖率提高到95%。", None),
]

LISTS = [
    ("total_and_parts", "全县共有学校156所(公办138所、民办18所)。",
     [("156所", 156, "所", None), ("138所", 138, "所", None), ("18所", 18, "所", None)]),
    ("enumeration", "创建省级文明校园3所、市级文明校园17所、县级文明校园42所。",
     [("3所", 3, "所", None), ("17所", 17, "所", None), ("42所", 42, "所", None)]),
    ("respectively", "城区、农村学校党组织覆盖率分别达98%、91%。",
     [("98%", 98, "%", None), ("91%", 91, "%", None)]),
    ("shared_unit", "三个片区分别有12、15、20所学校。",
     [("12", 12, "所", None), ("15", 15, "所", None), ("20所", 20, "所", None)]),
    ("shared_percent", "三个学段合格率分别为96、98和100%。",
     [("96", 96, "%", None), ("98", 98, "%", None), ("100%", 100, "%", None)]),
    ("adjacent_counts", "确定4类31项重大事项。", [("4类", 4, "类", None), ("31项", 31, "项", None)]),
]

RANGES = [  # a range is one figure; value is its upper bound, the text keeps both
    ("arabic_to", "每个支部联系3至5户困难家庭。", [("3至5户", 5, "户", None)]),
    ("percent_dash", "地区生产总值增长5%-6%。", [("5%-6%", 6, "%", None)]),
    ("chinese_to", "每名党员结对帮扶二到三名学生。", [("二到三名", 3, "名", None)]),
]

TRADITIONAL = [
    ("traditional_count", "全縣黨員教師共有1,326名,建成黨員示範崗86個。",
     [("1,326名", 1326, "名", None), ("86个", 86, "个", None)]),
    ("traditional_chinese_numeral", "參與學習的師生達三萬餘人。", [("三万余人", 30000, "人", "over")]),
]

NOTHING = [  # sentences that must yield no figure
    ("year", "2021年,全区出台党建工作考核办法。"),
    ("date", "发布时间:2023-05-23 15:09"),
    ("year_range", "印发《三年行动方案(2020—2022年)》。"),
    ("ordinal", "第一批试点学校名单公布,第四届党建论坛在我县举办。"),
    ("ordinal_session", "深入学习贯彻党的二十大和二十届三中全会精神。"),
    ("small_chinese_count", "党建、教学两项任务一起抓,市、县两级联动。"),
    ("article_yi", "培养一批骨干教师,形成一系列制度成果,每一位教师都有成长档案。"),
    ("slogan_like_counts", "坚持“三个一”工作法,落实“四个聚焦”要求。"),
    ("time_spans", "近两年来,每半年开展一次督查,连续三年获评先进,集中攻坚100天。"),
    ("durations", "培训周期为3个月,年满60岁以上的老党员参加。"),
    ("quoted_campaign", "开展“思政教育5分钟”“千名教师访万家”活动。"),
    ("book_title", "制定《学校党建工作30条》。"),
    ("names", "建成百米党史长廊,开展千家万户大走访。"),
    ("phone_and_mail", "联系电话:0931-8826543,电子信箱:djb2023@163.com。"),
    ("url", "原文链接:http://www.example.cn/news/2023/0523/123.html"),
    ("view_counter_in_body", "点击排行 浏览:1523次 阅读:86次"),
    ("threshold", "实施亿元以上项目建设,开展万人助万企活动。"),
    ("word_not_unit", "保障六亿多人民的生活,所有学校全面推行。"),
    ("rank", "主要指标连续三年居全省前5位。"),
    ("per_rate", "按每50名学生的标准配备心理辅导教师。"),
]

OBJECTS = [  # (name, text, figure surface, object)
    ("noun_after", "向35家民办培训机构选派党建指导员。", "35家", "民办培训机构"),
    ("noun_before", "全区现有党员教师682名。", "682名", "党员教师"),
    ("verb_before_noun", "党员教师牵头开发课后服务课程96项。", "96项", "课后服务课程"),
    ("stop_at_next_verb", "组建党员先锋队42支,深入社区开展服务。", "42支", "党员先锋队"),
    ("relative_clause", "梳理出12项必须经党组织会议研究的重大事项。", "12项", "重大事项"),
    ("noun_then_de", "对出现6种情形的党组织进行通报。", "6种", "情形"),
    ("rate_before", "全县中小学党组织覆盖率由82%提高到100%。", "由82%提高到100%", "中小学党组织覆盖率"),
    ("coverage_after", "实现党的组织和党的工作100%全覆盖。", "100%", "党的组织和党的工作覆盖率"),
    ("share_of", "占全市优秀课例的23.5%。", "23.5%", "占全市优秀课例"),
    ("share_subject", "其中女教师占68%。", "68%", "女教师占比"),
    ("growth_of_previous", "学生体质健康达标率为92.4%,同比增长3.1%。", "3.1%", "学生体质健康达标率同比增长"),
    ("parts_inherit", "全县共有幼儿园48所(公办31所、民办17所)。", "17所", "民办幼儿园"),
    ("respectively_quoted", "“省检”“市检”合格率分别达88.6%、100%。", "88.6%", "省检合格率"),
    ("respectively_share", "党员人数、教师人数分别占全县党员总数和教职工总数的12.5%和8.3%。",
     "8.3%", "教师人数占教职工总数"),
    ("parenthesis_names_it", "依托1个中心(县级心理健康指导中心)开展辅导。", "1个", "县级心理健康指导中心"),
    ("elliptical", "申报市级课题38项,获批21项。", "21项", "获批市级课题"),
    ("passive_elliptical", "上报省级课题15项,被立项6项。", "6项", "立项省级课题"),
    ("traditional_object", "全縣建成黨員活動室126個。", "126个", "党员活动室"),
    ("rate_subject_lists_parts", "学校党组织书记、校长分设比例由35%提高到78%。", "由35%提高到78%",
     "学校党组织书记、校长分设比例"),
    ("points_since_year", "党员教师占比为32.6%,比2020年提高5.2个百分点。", "5.2个百分点", "党员教师占比比2020年提高"),
    ("adverb_ends_noun", "全县312名第一书记全部到岗。", "312名", "第一书记"),
    ("verb_between_counts", "全县86名党组织书记联系学校126所。", "126所", "学校"),
    ("glued_verb_object", "每年开展调研400余次。", "400余次", "调研"),
    ("list_shared_tail", "一产、二产、三产增加值分别增长3%、5%、6%。", "3%", "一产增加值"),
    ("share_of_de_noun", "有百分之二十的学校尚未配齐专职书记。", "百分之二十", "学校"),
]

# Reports with headings: (name, text, slogan texts (with parent index or None), [(surface, slogan text or None)])
SLOGAN_LINKS = [
    ("heading_governs",
     "近年来,全县构建“三四五”工作机制。\n"
     "一、三个强化夯实基础\n"
     "强化组织建设,全县48所学校全部单独建立党支部。\n"
     "二、四个融合提升质量\n"
     "融合课堂教学,开发党建特色课程36门。\n",
     [("三四五", None), ("三个强化", 0), ("四个融合", 0)],
     [("48所", "三个强化"), ("36门", "四个融合")]),
    ("yishi_head",
     "(一)推行“两带”机制\n"
     "一是书记带头。全县23名党组织书记带头讲党课。\n"
     "二是党员带动。组建党员服务队57支。\n",
     [("两带", None)],
     [("23名", "两带"), ("57支", "两带")]),
    ("same_sentence",
     "全县推行“一核三联”工作法,实现党组织覆盖率100%。全县学校85所。\n",
     [("一核三联", None)],
     [("100%", "一核三联"), ("85所", None)]),
    ("other_sentence_does_not_capture",
     "坚持党员带头,全面推行“双培养”机制,把骨干教师培养成党员。全县现有党员教师612名。\n",
     [("双培养", None)],
     [("612名", None)]),
    ("far_in_a_long_sentence",
     "全县推行“三联三促”工作法,组建党员服务队,开展结对帮扶,落实困难学生资助,新建标准化阵地12个。\n",
     [("三联三促", None)],
     [("12个", None)]),
    ("place_subject_is_not_a_head",
     "会宁县构建“三联三进”工作机制,全县48所学校全部建立党组织。\n",
     [("三联三进", None)],
     [("48所", "三联三进")]),
    ("place_subject_other_sentence",
     "会宁县构建“三联三进”工作机制,推动党建与教学融合。全县48所学校全部建立党组织。\n",
     [("三联三进", None)],
     [("48所", None)]),
    ("instance_is_not_mechanism",
     "全县涌现出“红烛先锋”等40多个党建品牌。\n",
     [("红烛先锋", None)],
     [("40多个", None)]),
    ("time_span_campaign_defers_to_parent",
     "(二)落实“两大举措”\n"
     "一是开展“百日攻坚”。全县新建党组织16个。\n",
     [("两大举措", None), ("百日攻坚", 0)],
     [("16个", "两大举措")]),
    ("topic_sentence",
     "聚焦党建引领,“三进”工作成效明显。全县开展进课堂活动320场。\n",
     [("三进", None)],
     [("320场", "三进")]),
]

XFAIL = [  # known misses: (name, text, [(surface, value, unit, approx)])
    ("small_chinese_count_is_a_figure", "今年新建三所寄宿制学校。", [("三所", 3, "所", None)]),
]

XFAIL_OBJECTS = [
    ("relative_clause_without_de", "26个学科承担录课任务。", "26个", "承担录课任务的学科"),
]
# fmt: on

ALL_VALUES = ARABIC + CHINESE + APPROX + CHANGES + LISTS + RANGES + TRADITIONAL
