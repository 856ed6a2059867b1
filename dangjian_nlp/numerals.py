"""Chinese and Arabic numerals → numbers.

Conversion of whole numbers (四万, 143.83万, 两千三百, 1.2亿) is cn2an's job; this module adds
what cn2an leaves out and what slogans need: single numeral characters with their
report-specific readings (两, 双, 百), bare 百/千/万 (百日攻坚, 近万人), percentages written
out (百分之九十) and fractions (五分之一).

Slogans are found in the text *before* any numeral is converted: a generic rewriter would
turn 四三二机制 into 432机制 and 两会 into nonsense, so nothing here rewrites text.
"""
from __future__ import annotations

import functools
from typing import Optional, Union

import regex

# one character, one value; 双 is "two of a kind" (双培养, 双减), 百/千/万 stand alone as round numbers
DIGITS = {
    "〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "双": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9, "十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000,
    "万": 10000, "亿": 100000000,
}
CN_NUM_CHARS = "〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
RE_FRACTION = regex.compile(r"^(.+?)分之(.+)$")

Number = Union[int, float]


def digit_value(ch: str) -> Optional[int]:
    """Value of one numeral character or digit: '四' → 4, '双' → 2, '6' → 6, 'N' → None."""
    if ch.isdigit() and ch.isascii():
        return int(ch)
    return DIGITS.get(ch)


def _tidy(x: float) -> Number:
    return int(x) if float(x).is_integer() else x


@functools.lru_cache(maxsize=4096)
def parse_number(s: str) -> Optional[Number]:
    """A written number → int/float, or None when it is not one.

    >>> parse_number("47400"), parse_number("143.83万"), parse_number("四万")
    (47400, 1438300, 40000)
    >>> parse_number("百分之九十"), parse_number("五分之一"), parse_number("万")
    (90, 0.2, 10000)
    >>> parse_number("双") , parse_number("两"), parse_number("第一") is None
    (2, 2, True)
    """
    s = s.strip().replace(",", "").replace(",", "")
    if not s:
        return None
    if s.startswith("百分之"):
        return parse_number(s[3:])
    m = RE_FRACTION.match(s)
    if m:
        den, num = parse_number(m.group(1)), parse_number(m.group(2))
        if den and num is not None:
            return _tidy(round(num / den, 6))
        return None
    if len(s) == 1 and s in DIGITS:
        return DIGITS[s]
    try:
        return _tidy(float(s))
    except ValueError:
        pass
    if s[0] in "百千万亿" and len(s) == 1:
        return DIGITS[s]
    try:
        import cn2an

        v = cn2an.cn2an(s.replace("双", "两"), "smart")
    except Exception:
        return None
    return _tidy(v)


def numeral_string(s: str) -> Optional[list]:
    """Each character of a slogan's numeral string: '四三二' → [4, 3, 2], '336' → [3, 3, 6].

    >>> numeral_string("四三二"), numeral_string("336"), numeral_string("1+6+N"), numeral_string("1+X")
    ([4, 3, 2], [3, 3, 6], [1, 6, 'N'], [1, 'X'])
    """
    parts = s.split("+") if "+" in s else list(s)
    out: list = []
    for p in parts:
        p = p.strip()
        if p.upper() in ("N", "X"):  # 1+6+N, 1+X: an open-ended part
            out.append(p.upper())
        elif p.isdigit():
            out.append(int(p))
        else:
            v = parse_number(p)
            if v is None:
                return None
            out.append(v)
    return out
