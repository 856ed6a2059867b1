"""Phrases for the slogan extractor (SPEC §2), written for these tests in the register of county
and city party-building reports and of government work reports; no sentence is taken from a
real report.

Decode tables: (core, shape, numbers). Find tables: (name, text, [slogan text, …]) — every
slogan the text holds, in order of first mention. Look-alike tables: (name, text, text that
must not come out as a slogan). Item tables: (name, text, slogan, items). Parent tables:
(name, text, child, parent). `*_XFAIL` tables keep the known misses visible.
"""

# fmt: off
DECODE = [
    ("四三二", "string", [4, 3, 2]),
    ("246", "string", [2, 4, 6]),
    ("1355", "string", [1, 3, 5, 5]),
    ("1+6+N", "arith", [1, 6, "N"]),
    ("5+2", "arith", [5, 2]),
    ("1+N", "arith", [1, "N"]),
    ("三大举措", "count", [3]),
    ("六大融合", "count", [6]),
    ("三个一", "count", [3]),
    ("四项机制", "count", [4]),
    ("六类阵地", "count", [6]),
    ("6大研究项目", "count", [6]),
    ("六位一体", "weiti", [6]),
    ("三位一体", "weiti", [3]),
    ("五心", "word", [5]),
    ("双培养", "word", [2]),
    ("双减", "word", [2]),
    ("百日攻坚", "word", [100]),
    ("两山", "word", [2]),
    ("三证合一", "word", [3]),
    ("一统二商三议四促", "interleaved", [1, 2, 3, 4]),
    ("三会一课", "interleaved", [3, 1]),
    ("两免一补", "interleaved", [2, 1]),
    ("三比三看", "interleaved", [3, 3]),
    ("一带一路", "interleaved", [1, 1]),
    ("双融合、双促进", "interleaved", [2, 2]),
    ("十个明确", "word", [10]),
]

# look-alikes: idioms, plan periods, ordinals, ratings, quantities, dates, place names
DECODE_REJECT = [
    "十四五", "十三五", "八五", "两张皮", "一对一", "一帮多", "一肩挑", "一票否决", "五星级", "四星级",
    "千名教师访万家", "三年行动", "二十大", "第一", "七一", "五四运动", "97中国旅游年", "3",
    "2个平台", "5·18", "7×24小时", "四川云教", "一方水土难养一方人", "双向进入,交叉任职", "十大",
    "百强", "十二连增", "稳增长30条", "一些",
]

FIND = [
    ("quoted_string_and_heading_parts",
     "近年来,示范区构建“三二”工作机制,推动党建与教学深度融合。\n"
     "三个聚焦夯实发展根基\n聚焦班子建设,完善议事规则。\n聚焦队伍建设,实施青蓝结对。\n聚焦阵地建设,建成党员活动室。\n"
     "两个坚持激发内生动力\n坚持问题导向,建立整改台账。\n坚持项目引领,确定书记项目。\n",
     ["三二", "三个聚焦", "两个坚持"]),
    ("quoted_word_forms",
     "全县推行“五学”模式和“四有”标准,落实“双减”政策。", ["五学", "四有", "双减"]),
    ("arithmetic", "依托1个中心和8个资源教室,推进“1+8+N”特教网络化管理。", ["1+8+N"]),
    ("interleaved", "探索“一议二定三落实”工作法,严格执行“三重一大”决策制度。", ["一议二定三落实", "三重一大"]),
    ("unquoted_count_head", "深入实施“铸魂”“强师”“育苗”三大工程,形成六大行动清单。", ["三大工程", "六大行动"]),
    ("weiti_unquoted", "构建课堂、家庭、社会协同的三位一体育人格局。", ["三位一体"]),
    ("known_unquoted", "各支部严格落实三会一课制度,推进五育并举。", ["三会一课", "五育"]),
    ("traditional", "全縣推行“六好”標準和“兩免一補”政策。", ["六好", "两免一补"]),
    ("stripped_char", "开展员教师“三亮”活动,推行“六好”支部建设。", ["三亮", "六好"]),
    ("government_report", "坚决打好“三大攻坚战”,推进“两新”“两重”建设,扎实做好“三农”工作。",
     ["三大攻坚战", "两新", "两重", "三农"]),
    ("mentions_in_order", "全面推行“三亮”活动。通过“六好”标准,巩固“三亮”成果。", ["三亮", "六好"]),
]

NOT_SLOGANS = [
    ("plan_period", "对照“十四五”教育发展规划,编制三年行动方案。", "十四五"),
    ("idiom_two_skins", "着力破解党建与业务“两张皮”问题。", "两张皮"),
    ("idiom_one_to_one", "党员教师“一对一”帮扶困难学生。", "一对一"),
    ("rating", "全市评选出“五星级”党组织38个。", "五星级"),
    ("campaign_with_quantity", "组织开展“千名教师访万家”活动。", "千名教师访万家"),
    ("ordinal", "党的二十大报告提出,把教育摆在第一位。", "二十大"),
    ("quantity_in_quotes", "出台稳增长“18”条措施。", "18"),
    ("single_one", "全面实行书记校长“一肩挑”。", "一肩挑"),
    ("prose_count", "从三个方面推进两项任务落地。", "三个方面"),
    ("year_count", "实施学前教育两年行动计划。", "两年"),
    ("place_name", "推进“四川云教”平台建设。", "四川云教"),
    ("arabic_quantity", "建成2个平台、5个项目。", "2个平台"),
]

ITEMS = [
    ("list_before_with_de", "以政治引领好、班子建设好、队伍管理好、作用发挥好的“四好”标准为目标。",
     "四好", ["政治引领好", "班子建设好", "队伍管理好", "作用发挥好"]),
    ("list_before_with_he", "抓好学校、家庭和社区“三个课堂”。", "三个课堂", ["学校", "家庭", "社区"]),
    ("list_before_weiti", "建立宣传、培训、考核、激励“四位一体”工作机制。", "四位一体", ["宣传", "培训", "考核", "激励"]),
    ("plus_list_before", "形成“课堂教学+社会实践+成果展示”的三位一体模式。", "三位一体", ["课堂教学", "社会实践", "成果展示"]),
    ("quoted_run_before", "深入实施“初心铸魂”“名师引航”“家校共育”三大工程。", "三大工程", ["初心铸魂", "名师引航", "家校共育"]),
    ("fewer_than_declared", "以国培、省培和县培“四级”培训为载体。", "四级", ["国培", "省培", "县培"]),
    ("letter_anchored", "持续深化书香校园、文明校园、平安校园、美丽校园这“四园”建设。", "四园",
     ["书香校园", "文明校园", "平安校园", "美丽校园"]),
    ("letter_in_document_title", "按照《关于开展党史、新中国史学习教育的通知》要求,把“两史”学习引向深入。", "两史",
     ["党史", "新中国史"]),
    ("parallel_clauses_after", "全面构建“双培养”机制,把骨干教师培养成党员,把党员培养成骨干教师,发挥示范作用。",
     "双培养", ["把骨干教师培养成党员", "把党员培养成骨干教师"]),
    ("list_after_ji", "开展“三个一”活动,即每名党员联系一个班级、结对一名新教师、帮扶一名困难学生。", "三个一",
     ["每名党员联系一个班级", "结对一名新教师", "帮扶一名困难学生"]),
    ("interleaved_letters", "推行“一统二商三议四促”工作模式。", "一统二商三议四促", ["统", "商", "议", "促"]),
    ("paired_interleaved_list", "创新“三联三促”工作法,即支部联村促控辍、党员联户促关爱、名师联校促均衡。", "三联三促",
     ["支部联村促控辍", "党员联户促关爱", "名师联校促均衡"]),
    ("child_headings",
     "(一)健全“三动”机制,构建管理新格局\n一是高位推动强统领。成立领导小组。\n二是部门联动同作为。建立联席会议。\n"
     "三是上下互动聚合力。建立服务联盟。\n", "三动", ["高位推动强统领", "部门联动同作为", "上下互动聚合力"]),
    ("yishi_first_clause_only",
     "(三)推动“两大融合”,实现质量新跨越\n一是与思想教育融合,发挥引领作用。开展主题活动。\n"
     "二是与课堂教学融合,提升育人水平。开发校本课程。\n", "两大融合", ["与思想教育融合", "与课堂教学融合"]),
    ("string_components",
     "示范县创新“32”工作法。\n三个聚焦夯实基础\n聚焦班子,完善规则。\n聚焦队伍,实施结对。\n聚焦阵地,建设场所。\n"
     "双向发力提升质量\n对内抓牢思政建设。建立工作室。\n对外抓实资源整合。设立实践基地。\n",
     "32", ["三个聚焦", "双向发力"]),
]

ITEMS += [
    ("list_opening_heading_body",
     "示范县推行新体制。\n健全三项制度,规范决策运行\n制度是保障。各校健全党组织会议议事规则、校长办公会议议事规则和重大事项前置研究制度。\n",
     "三项制度", ["党组织会议议事规则", "校长办公会议议事规则", "重大事项前置研究制度"]),
]

NO_ITEMS = [
    ("slogan_is_last_element", "增强“四个意识”、坚定“四个自信”、做到“两个维护”。", "两个维护"),
    ("slogan_after_and", "坚持马克思列宁主义、毛泽东思想、邓小平理论和“三个代表”重要思想。", "三个代表"),
    ("count_mismatch", "扎实开展主题教育、党纪学习教育,深入贯彻中央八项规定精神。", "八项规定"),
]

PARENTS = [
    ("component_of_string",
     "示范县创新“32”工作法。\n三个聚焦夯实基础\n聚焦班子,完善规则。\n聚焦队伍,实施结对。\n聚焦阵地,建设场所。\n"
     "双向发力提升质量\n对内抓牢思政建设。建立工作室。\n对外抓实资源整合。设立实践基地。\n",
     "双向发力", "32"),
    ("slogan_in_item_heading",
     "(二)采取“两大举措”,释放发展新动能\n一是推行“五好”标准促规范。建立标准体系。\n"
     "二是狠抓评星定级争先进。开展争星活动。\n", "五好", "两大举措"),
]

NO_PARENT = [
    ("mentioned_in_item_body",
     "(二)采取“两大举措”,释放发展新动能\n一是推行标准促规范。做到人员、经费、场地“三个清”。\n"
     "二是狠抓评星定级争先进。开展争星活动。\n", "三个清"),
]

HEADS = [
    ("work_mechanism", "构建“四三二”工作机制。", "四三二", "工作机制"),
    ("standard", "推行“六好”标准。", "六好", "标准"),
    ("count_noun_is_head", "采取“三大举措”。", "三大举措", "举措"),
    ("count_verb_no_head", "示范区推动党建与业务融合。\n三个坚持提升服务力\n坚持项目引领。\n坚持党员带头。\n坚持改革创新。\n", "三个坚持", None),
    ("policy", "落实“双减”政策。", "双减", "政策"),
]

# known misses, kept visible
ITEMS_XFAIL = [
    # the list counts the dimensions of a differently worded count (五个维度), not the slogan itself
    ("list_names_other_count", "实施五维评价。从政治引领、组织建设、队伍建设、育人成效、群众满意五个维度开展评价。",
     "五维评价", ["政治引领", "组织建设", "队伍建设", "育人成效", "群众满意"]),
    # the parts follow in the heading's own second clause: 强化“三位一体”保障,有人抓、有钱办、有章循
    ("parts_in_heading_tail", "强化“三位一体”保障,党建工作有人抓、有钱办、有章循\n全县落实经费保障。\n",
     "三位一体", ["有人抓", "有钱办", "有章循"]),
]

NOT_SLOGANS_XFAIL = [
    # a generic 双-word in quotes looks like 双减 / 双培养
    ("generic_shuang", "开设“双语”课程。", "双语"),
]
# fmt: on
