"""Numerals (numerals.py): written numbers → values, one character → digit, slogan strings.

Example tables in the forms reports write numbers in; one parametrized test each."""
from __future__ import annotations

import pytest

from dangjian_nlp.numerals import digit_value, numeral_string, parse_number

# fmt: off
PARSE = [
    ("47400", 47400), ("1,200", 1200), ("12,400", 12400), ("3.5万", 35000), ("143.83万", 1438300),
    ("1.2亿", 120000000), ("四万", 40000), ("两千三百", 2300), ("十二", 12), ("二十", 20),
    ("一百零五", 105), ("百分之九十", 90), ("百分之四十一点五", 41.5), ("五分之一", 0.2),
    ("三分之二", 0.666667), ("零", 0), ("两", 2), ("双", 2), ("百", 100), ("千", 1000), ("万", 10000),
]

NOT_NUMBERS = ["", "   ", "abc", "第一", "十四五", "党建", "分之"]

DIGIT = [("四", 4), ("两", 2), ("双", 2), ("6", 6), ("百", 100), ("〇", 0), ("叁", 3)]

NOT_DIGITS = ["N", "个", "大", "x", "６"]  # ６ is full-width: normalize folds it before this point

STRINGS = [
    ("四三二", [4, 3, 2]), ("336", [3, 3, 6]), ("1+6+N", [1, 6, "N"]), ("5+2", [5, 2]),
    ("1+N", [1, "N"]), ("1+X", [1, "X"]), ("两三", [2, 3]), ("1+10+N", [1, 10, "N"]),
]

NOT_STRINGS = ["四个", "三大举措", "1+y"]
# fmt: on


@pytest.mark.parametrize("text,value", PARSE)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_not_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("ch,value", DIGIT)
def test_digit_value(ch, value):
    assert digit_value(ch) == value


@pytest.mark.parametrize("ch", NOT_DIGITS)
def test_not_digits(ch):
    assert digit_value(ch) is None


@pytest.mark.parametrize("text,numbers", STRINGS)
def test_numeral_string(text, numbers):
    assert numeral_string(text) == numbers


@pytest.mark.parametrize("text", NOT_STRINGS)
def test_not_numeral_strings(text):
    assert numeral_string(text) is None
