"""Does each extractor's time grow linearly with the document? 1× vs 4× the same text.

    python benchmarks/linear.py

Long documents are real: a scraped archive can hold a whole site's pages run together on
one line. Each row times one extractor on a made-up text of ~60–100k characters and on
four copies of it (best of a few runs, CPU time); a ratio near 4 is linear, 16 quadratic.
Target: every ratio < 8. (This used to be asserted in the unit tests; timings belong here.)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dangjian_nlp.figures import find_figures  # noqa: E402
from dangjian_nlp.records import Slogan  # noqa: E402
from dangjian_nlp.regions import resolve_region  # noqa: E402
from dangjian_nlp.slogans import find_slogans  # noqa: E402
from dangjian_nlp.structure import make_document  # noqa: E402

# made-up report sentences: several figures, a slogan named twice, a quote, a 《title》, a change
FIGURE_UNIT = ("全县推行“三抓三促”工作法,建成党员示范岗{a}个,发放家长问卷{b}余份,覆盖率由87%提高到100%,"
               "落实“五四三工作机制”开展“微党课{c}讲”培训{c}场次,印发《党建工作手册{d}条》{d}册,"
               "三抓三促带动新增企业{e}家,其中公办园{f}所、民办园{g}所,党员教师占75%以上{end}")
FIGURE_SLOGANS = [Slogan(text="三抓三促", numbers=[3, 3]), Slogan(text="五四三工作机制", numbers=[5, 4, 3])]
# ambiguous district names (和平区, 鼓楼区) settled by the rest of the document
REGION_UNIT = ("天津市和平区教育局党委联合宝坻区、河西区学校开展主题党日活动,和平区各校党支部书记作交流发言。"
               "南京市玄武区、鼓楼区教育系统推行“党建+课堂”,鼓楼区32所学校结对共建。"
               "和平区教育局党委书记带队赴宝坻区、河北区调研,和平区、河东区学校党建联盟签约。")
# numerals and quotes with nothing to close them, and many distinct formulations
SLOGAN_UNITS = ["四三二一“", "“三大举措”“", "三、四、五、“三个一”,1+2+", "推行“三大举措”促规范。\n"]


def figure_text(n: int, shape: str) -> str:
    out = []
    for i in range(n):
        if shape == "headed" and i % 5 == 0:
            out.append(f"\n{'一二三四五六七八九'[i // 5 % 9]}、坚持三抓三促,强化党建引领\n")
        out.append(FIGURE_UNIT.format(a=i % 97 + 3, b=i % 89 + 100, c=i % 9 + 2, d=i % 70 + 11,
                                      e=i % 31 + 5, f=i % 40 + 7, g=i % 30 + 4,
                                      end="," if shape == "line" else "。\n"))
    return "".join(out)


def distinct_slogans(n: int) -> str:
    letters = [chr(0x4E00 + 600 + i) for i in range(2000)]
    return "".join(f"“三{letters[i % 2000]}{letters[(i * 7) % 2000]}”推进," for i in range(n))


def seconds(fn, text: str, runs: int = 3) -> float:
    doc = make_document(text)
    fn(doc)  # warm: tables, caches
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        fn(doc)
        best = min(best, time.process_time() - t)
    return best


def main() -> None:
    cases = [
        ("figures, one line", lambda d: find_figures(d, FIGURE_SLOGANS), figure_text(500, "line")),
        ("figures, under headings", lambda d: find_figures(d, FIGURE_SLOGANS), figure_text(500, "headed")),
        ("regions, ambiguous names", resolve_region, REGION_UNIT * 500),
        ("slogans, many distinct", find_slogans, distinct_slogans(5000)),
    ] + [(f"slogans, {u!r} repeated", find_slogans, u * (250_000 // len(u))) for u in SLOGAN_UNITS]
    print(f"{'':<38} {'chars':>9} {'1x s':>8} {'4x s':>8} {'ratio':>6}  (< 8 is the target)")
    worst = 0.0
    for name, fn, text in cases:
        t1, t4 = seconds(fn, text), seconds(fn, text * 4)
        ratio = t4 / max(t1, 1e-9)
        worst = max(worst, ratio)
        print(f"{name:<38} {len(text):>9,} {t1:8.3f} {t4:8.3f} {ratio:6.1f}  {'' if ratio < 8 else 'NOT LINEAR'}",
              flush=True)
    print(f"worst ratio {worst:.1f}: {'linear' if worst < 8 else 'some step is worse than linear'}")


if __name__ == "__main__":
    main()
