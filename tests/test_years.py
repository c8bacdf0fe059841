"""The year patterns (lib/edureports/years.py): what each matches, with the cases where the period's
and the figure's patterns deliberately differ."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, strategies as st

from edureports import years


@dataclass(frozen=True)
class YearCase:
    name: str
    pattern: str  # a compiled pattern of edureports.years
    text: str
    found: list  # the matched texts, in order


CASES = [
    YearCase("period_single", "SINGLE_YEAR", "2019年工作总结", ["2019年"]),
    YearCase("period_fiscal_year", "SINGLE_YEAR", "2019年度履职", ["2019年度"]),
    YearCase("period_before_work", "SINGLE_YEAR", "2019工作总结", ["2019"]),
    YearCase("period_chinese_digits", "SINGLE_YEAR", "二〇一九年", ["二〇一九年"]),
    YearCase("period_not_before_1950", "SINGLE_YEAR", "1949年", []),
    YearCase("period_not_inside_a_longer_number", "SINGLE_YEAR", "120199年", []),
    YearCase("period_not_after_a_mask", "SINGLE_YEAR", "*2019年", []),
    YearCase("period_range", "YEAR_RANGE", "2006年至2008年度", ["2006年至2008年度"]),
    YearCase("period_enumeration", "YEAR_ENUMERATION", "2006、2007、2008年", ["2006、2007、2008年"]),
    YearCase("period_listed_after_stripping", "LISTED_YEAR", "2006、、年", ["2006"]),
    YearCase("masked_star", "MASKED_YEAR", "20*年", ["20*"]),
    YearCase("masked_in_document_number", "MASKED_YEAR", "国发〔20xx〕43号", ["20xx"]),
    YearCase("masked_not_a_plain_year", "MASKED_YEAR", "2019年", []),
    YearCase("stripped_after_jiu", "STRIPPED_YEAR", "我就、年履行职责", ["、年"]),
    YearCase("stripped_before_month", "STRIPPED_YEAR", "自年6月起", ["自年6月"]),
    YearCase("stripped_not_year_end", "STRIPPED_YEAR", "截至年底", []),
    YearCase("figure_year", "DATING_YEAR", "2020年投入", ["2020"]),
    YearCase("figure_year_not_a_date", "DATING_YEAR", "2019年3月投入", []),
    YearCase("figure_year_x_masks", "DATING_YEAR", "20x9年", []),
    YearCase("figure_year_from_1900", "DATING_YEAR", "1949年", ["1949"]),
    YearCase("figure_range", "DATING_RANGE", "2016-2020", ["2016-2020"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_year_pattern(case):
    pattern = getattr(years, case.pattern)
    assert [m.group() for m in pattern.finditer(case.text)] == case.found


@pytest.mark.parametrize("text, is_list", [
    ("2006、2007、2008年", True),
    ("2006、、年", True),
    ("20**、20**年", True),
    ("2006年、2007年", True),
    ("2006年", False),
    ("2006、2007", False),
])
def test_year_lists_key_an_enumeration(text, is_list):
    assert any(p.fullmatch(text) for p in years.YEAR_LISTS) == is_list


@pytest.mark.parametrize("text, value", [("2019", 2019), ("二〇一九", 2019), ("二零零八", 2008)])
def test_year_value(text, value):
    assert years.year_value(text) == value


# --- the period's patterns tried only where a year starts find what finditer finds

MATCH_AT_TEXTS = {
    "ranges_and_lists": "2006-2008年,2006、2007、2008年和2019年度;2006、、年,2010、2011",
    "overlapping_chinese_years": "二〇一九二〇二〇年工作,二〇〇八、二〇〇九年",
    "run_into_digits_or_masks": "120199年,*2019年,2019*年,20192020年,1949年,1950年",
    "years_inside_names": "《2016年教育工作要点》国发〔2019〕43号,力争2020年",
    "no_year": "全区新增学位600个,投入5万元",
}


@pytest.mark.parametrize("text", MATCH_AT_TEXTS.values(), ids=MATCH_AT_TEXTS.keys())
@pytest.mark.parametrize("name", ["YEAR_RANGE", "YEAR_ENUMERATION", "SINGLE_YEAR", "LISTED_YEAR", "ANY_YEAR"])
def test_matches_at_year_starts_same_as_finditer(name, text):
    pattern = getattr(years, name)
    starts = [m.start() for m in years.YEAR_START.finditer(text)]
    assert starts == [i for i in range(len(text)) if years.ANY_YEAR.match(text, i)]
    got = [(m.span(), m.group()) for m in years.matches_at(pattern, text, starts)]
    assert got == [(m.span(), m.group()) for m in pattern.finditer(text)]


STRIPPED_TEXTS = {
    "each_alternative": "我就、年履行职责,自年6月起,。年12月,(-2020)规划",
    "lookbehinds": "和、、年,x、年,截至年底;2019年,年是;年,越秀区",
    "at_the_start": "、年,年,是(（－2020",
}


@pytest.mark.parametrize("text", STRIPPED_TEXTS.values(), ids=STRIPPED_TEXTS.keys())
def test_stripped_year_same_as_its_plain_alternation(text):
    """STRIPPED_YEAR opens with the union of its alternatives' first characters; it finds what the plain
    alternation of ``first + rest`` finds."""
    import re

    plain = re.compile("|".join(f"[{first}]{rest}" for first, rest in years._STRIPPED))
    found = [(m.span(), m.group()) for m in years.STRIPPED_YEAR.finditer(text)]
    assert found == [(m.span(), m.group()) for m in plain.finditer(text)]
    assert found


# --- whether a text hides a year, looked for only where one can be, same as the plain search

HIDDEN_TEXTS = {
    "stripped_each_alternative": "我就、年履行职责,自年6月起,。年12月,(-2020)规划",
    "stripped_list_after_a_digit_or_a_word": "2006、、年;一、年;和、年",
    "stripped_at_the_start": "、年",
    "year_opening_the_text": "年是",
    "not_after_a_word": "x、年,截至年底,学年,年级",
    "range_cut_with_space": "（— 2020）",
    "bracket_without_dash": "(2020),(一)",
    "bracket_at_the_end": "规划(",
    "masked_star": "20*年",
    "masked_after_a_digit": "200*年",
    "masked_document_number": "国发〔20xx〕43号",
    "mask_run_on_from_a_digit": "120*年",
    "mask_at_the_start": "*x年",
    "masks_without_a_year": "x*2019年,X光",
    "no_mark": "全区新增学位600个,2019年投入5万元",
}
_HIDDEN_ALPHABET = "、年月就和x,，。是级自(（-—–* 20196\n学"


def _hides_stripped(text):
    return years.STRIPPED_YEAR.search(text) is not None


def _hides_masked(text):
    return years.MASKED_YEAR.search(text) is not None


@pytest.mark.parametrize("text", HIDDEN_TEXTS.values(), ids=HIDDEN_TEXTS.keys())
def test_hidden_years_found_where_they_can_be_same_as_a_plain_search(text):
    assert years.has_stripped_year_in(text) == _hides_stripped(text)
    assert years.has_masked_year_in(text) == _hides_masked(text)


def test_hidden_year_cases_hold_both_answers():
    """The named cases are no vacuous check: each answer comes out both ways."""
    assert {_hides_stripped(t) for t in HIDDEN_TEXTS.values()} == {True, False}
    assert {_hides_masked(t) for t in HIDDEN_TEXTS.values()} == {True, False}


@given(st.text(alphabet=_HIDDEN_ALPHABET, max_size=14))
def test_hidden_years_same_as_a_plain_search_on_any_text(text):
    assert years.has_stripped_year_in(text) == _hides_stripped(text)
    assert years.has_masked_year_in(text) == _hides_masked(text)
