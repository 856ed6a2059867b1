"""Long made-up documents: many reports run together, as a scraped archive can hold a
whole site's pages on one line. The tests check what such a document gives;
benchmarks/linear.py times the extractors on 1x and 4x of them."""
from dangjian_nlp.records import Slogan

# several figures, a slogan named twice, a short quote, a 《title》 and a change per unit
FIGURE_UNIT = ("全县推行“三抓三促”工作法,建成党员示范岗{a}个,发放家长问卷{b}余份,覆盖率由87%提高到100%,"
               "落实“五四三工作机制”开展“微党课{c}讲”培训{c}场次,印发《党建工作手册{d}条》{d}册,"
               "三抓三促带动新增企业{e}家,其中公办园{f}所、民办园{g}所,党员教师占75%以上{end}")
FIGURE_SLOGANS = [Slogan(text="三抓三促", numbers=[3, 3]), Slogan(text="五四三工作机制", numbers=[5, 4, 3])]
# ambiguous district names (和平区, 鼓楼区) settled by the rest of the document
REGION_UNIT = ("天津市和平区教育局党委联合宝坻区、河西区学校开展主题党日活动,和平区各校党支部书记作交流发言。"
               "南京市玄武区、鼓楼区教育系统推行“党建+课堂”,鼓楼区32所学校结对共建。"
               "和平区教育局党委书记带队赴宝坻区、河北区调研,和平区、河东区学校党建联盟签约。")
# numerals and quotes with nothing to close them, and a well-formed one
SLOGAN_UNITS = ["四三二一“", "“三大举措”“", "三、四、五、“三个一”,1+2+", "推行“三大举措”促规范。\n"]


def figure_text(n: int, shape: str) -> str:
    """`n` units: one line with no sentence end at all, or paragraphs under many headings."""
    out = []
    for i in range(n):
        if shape == "headed" and i % 5 == 0:
            out.append(f"\n{'一二三四五六七八九'[i // 5 % 9]}、坚持三抓三促,强化党建引领\n")
        out.append(FIGURE_UNIT.format(a=i % 97 + 3, b=i % 89 + 100, c=i % 9 + 2, d=i % 70 + 11,
                                      e=i % 31 + 5, f=i % 40 + 7, g=i % 30 + 4,
                                      end="," if shape == "line" else "。\n"))
    return "".join(out)


def distinct_slogans(n: int) -> str:
    """`n` quoted formulations, 2,000 of them distinct."""
    letters = [chr(0x4E00 + 600 + i) for i in range(2000)]
    return "".join(f"“三{letters[i % 2000]}{letters[(i * 7) % 2000]}”推进," for i in range(n))
