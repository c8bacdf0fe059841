"""figure_year's shortcuts against their straightforward definitions, on tricky inputs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edureports import attribution as A
from edureports.years import DATING_YEAR, DIGITS

# the figure's year as years.py first wrote it: digits of a year right before 年, not run on from a
# digit or a mask, not opening a full date
PLAIN_DATING_YEAR = re.compile(rf"(?<![\d*xX])({DIGITS})(?=年)(?!年\d)")

TRICKY = [
    "2019年", "x2019年", "12019年", "*2019年", "2019年3月", "2019年度", "２０１９年", "1920年和2099年", "1899年",
    "20192020年", "2019-2020年", "比2018年增加", "投入2016年,2017年", "20x9年", "2019", "年2019年年", "92019年",
    "2019年12", "1919年1", "a2019年b2020年c", "",
]


@pytest.mark.parametrize("text", TRICKY)
def test_dating_year_finds_what_its_plain_form_finds(text):
    assert [m.span(1) for m in DATING_YEAR.finditer(text)] == [m.span(1) for m in PLAIN_DATING_YEAR.finditer(text)]
    for pos in range(len(text) + 1):  # also from inside a text (what stands before pos is looked at)
        assert ([m.span(1) for m in DATING_YEAR.finditer(text, pos)]
                == [m.span(1) for m in PLAIN_DATING_YEAR.finditer(text, pos)]), pos


@pytest.mark.parametrize("text", ["", "投入", "全年,投入", "全年,投入;共", "，；：", "a:b：c,", "全市,", "全年,\n投入",
                                  "a\nb,c\nd", "\n,\n", ",投入\n"])
def test_the_last_clause_starts_after_the_last_clause_mark(text):
    assert text[A._clause_start(text):] == A._CLAUSE.split(text)[-1]


@pytest.mark.parametrize("before, after", [
    ("投入", "元"), ("2016-2020规划中", "比2018增加"), ("较2018", ""), ("20192020", "2019"), ("", "2019年"),
])
def test_without_nian_around_a_figure_there_is_no_explicit_year(before, after):
    """figure_year skips the search for an explicit year when no 年 stands around the figure."""
    if "年" in before or "年" in after:
        assert A._explicit_year(before, after) is not None
    else:
        assert A._explicit_year(before, after) is None
        assert A._explicit_year(before, after, bases=True) is None


# the stripped year's forms as years.py first wrote them: an alternation of the four forms
PLAIN_STRIPPED_YEAR = re.compile("|".join([
    r"、(?<![^就自从于在和与及,，;；:：、\d\n]、)、*年(?![级龄轻代度终初底末内均])",
    r"[自从于在到至]年\d{1,2}月",
    r"年(?<![^。;；!！?？\n,，]年)(?:\d{1,2}月|[,，是])",
    rf"[(（][-—–]\s*{DIGITS}",
]))

STRIPPED = [
    "我就、年履行职责", "2006、、年", "二、、年", "x、年", "自年6月", "从年1月1日起", "至年底", "。年12月", ",年,越秀区",
    "。年是", "年是", "\n年3月", "(-2020)", "（—2019", "(2020)", "、年级", "就、、、年度", "在年12月和、年", "",
    "年年年", "、、、", "(-", "自年", "。年", "于、年6月",
]


@pytest.mark.parametrize("text", STRIPPED)
def test_stripped_year_finds_what_its_plain_form_finds(text):
    from edureports.years import STRIPPED_YEAR

    for pos in range(len(text) + 1):
        assert ([m.span() for m in STRIPPED_YEAR.finditer(text, pos)]
                == [m.span() for m in PLAIN_STRIPPED_YEAR.finditer(text, pos)]), pos


@pytest.mark.parametrize("clause", ["全市投入", "去年投入", "比上年增加", "同期", "上一年度", "本年", "较去年同期", "下", "", "今"])
def test_a_clause_without_the_first_character_of_a_relative_word_has_none(clause):
    from edureports.documents import time_words

    found = bool(time_words().relative_re.search(clause))
    assert not found or A._relative_openers().search(clause)


QUOTED_CASES = {
    "no_quote": "截至年底,全县共有学校32所",
    "title_with_stripped_year": "制定了《西宁市城中区年义务教育招生方案》",
    "title_year_kept": "印发《2016年教育工作要点》的通知",
    "document_number": "教基〔2016〕3号,市年度考核",
    "square_number": "文件[2016]3号区年计划",
    "unclosed_title": "《西宁市城中区年义务教育",
    "stripped_in_text": "我就、年履行职责,(-2020)",
    "close_only": "区年计划》和〕",
    "two_titles": "《甲县年方案》与《乙区年度计划》",
    "empty": "",
    "nested": "《关于〔2016〕3号文件》和〔2017〕年",
    "doubled": "《《区年》》〔〔〕〕[[]]",
    "title_too_long": "《" + "区年" * 41 + "》《县年方案》",
    "brackets_run": "[2016][2017]〔〕《》[]",
}


@pytest.mark.parametrize("text", QUOTED_CASES.values(), ids=QUOTED_CASES.keys())
def test_has_stripped_year_is_whether_stripped_years_finds_one(text):
    from edureports.documents import has_stripped_year, stripped_years

    for cut in range(len(text) + 1):  # every prefix: a figure's sentence before it
        assert has_stripped_year(text[:cut]) == bool(stripped_years(text[:cut])), cut


@pytest.mark.parametrize("text", QUOTED_CASES.values(), ids=QUOTED_CASES.keys())
def test_quoted_spans_and_unquoted_as_the_pattern_finds_them(text):
    from edureports.documents import quoted_marks, quoted_spans_of

    for cut in range(len(text) + 1):
        part = text[:cut]
        assert quoted_spans_of(part) == [m.span() for m in quoted_marks().finditer(part)]
        assert A._unquoted(part) == quoted_marks().sub(lambda m: "　" * len(m.group()), part)


def test_quoted_cases_cover_both_answers():
    from edureports.documents import has_stripped_year

    answers = {has_stripped_year(t) for t in QUOTED_CASES.values()}
    assert answers == {True, False} and A._unquoted(QUOTED_CASES["title_year_kept"]) != QUOTED_CASES["title_year_kept"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="《》〔〕[]年区2、 ", max_size=40))
def test_quoted_spans_as_finditer_finds_them(text):
    from edureports.documents import quoted_marks, quoted_spans_of

    assert quoted_spans_of(text) == [m.span() for m in quoted_marks().finditer(text)]
