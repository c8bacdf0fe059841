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


# ------------------------------------------------------------------ figure_year's prechecks

YEARISH = "年2019０１２３(（-—)《》〔〕,、自在至就。月底今去上较比投入万元人"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=YEARISH, max_size=30))
def test_a_text_without_a_stripped_year_character_has_no_stripped_year(text):
    from edureports.documents import has_stripped_year
    from edureports.years import STRIPPED_YEAR, STRIPPED_YEAR_CHARS

    if not any(c in text for c in STRIPPED_YEAR_CHARS):
        assert STRIPPED_YEAR.search(text) is None and not has_stripped_year(text)


@pytest.mark.parametrize("text", STRIPPED + TRICKY)
def test_every_listed_stripped_year_holds_a_stripped_year_character(text):
    from edureports.documents import has_stripped_year
    from edureports.years import STRIPPED_YEAR_CHARS

    assert not has_stripped_year(text) or any(c in text for c in STRIPPED_YEAR_CHARS)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=YEARISH, max_size=30), st.text(alphabet=YEARISH, max_size=30))
def test_without_a_digit_before_nian_there_is_no_explicit_year(before, after):
    from edureports.years import DIGIT_BEFORE_YEAR

    if not DIGIT_BEFORE_YEAR.search(before) and not DIGIT_BEFORE_YEAR.search(after):
        assert A._explicit_year(before, after) is None and A._explicit_year(before, after, bases=True) is None


def _plain_figure_year(text, start, end, sentence_start, sentence_end, *, report_year, role, period=None,
                       sections=None):
    """figure_year without its shortcuts (as first written): every check made for every figure."""
    before = A._unquoted(text[sentence_start:start])
    words = A.time_words()
    clause = A._CLAUSE.split(before)[-1]
    relative = [m for m in words.relative_re.finditer(clause) if not A._NUMBER.search(clause, m.end())]
    explicit = A._explicit_year(before, A._unquoted(text[end:sentence_end]), bases=role == "previous")
    if explicit is not None and not (relative and len(before) - len(clause) + relative[-1].start() > explicit[2]):
        year, adjacent, _ = explicit
        return year - 1 if role == "previous" and not adjacent else year
    if A.has_stripped_year(text[sentence_start:start]):
        return None
    single = report_year if A._period_years(period) is None else None
    base = sections.at(start, single) if sections is not None else None
    base = single if base is None else base
    if base is None:
        return None
    if relative:
        return base + words.relative[relative[-1].group()]
    if role == "previous" and not any(w in clause for w in words.same_year_before):
        return base - 1
    return base


SENTENCES = [
    "2019年投入5万元", "投入5万元,2019年", "比2018年增加5万元", "去年投入5万元", "截至年底共5所", "自年6月起5所",
    "(-2020)规划5所", "《2016年工作要点》提出5所", "《区年方案》5所", "较去年增加5所", "原有5所", "2016年投入3万元,今年投入5万元",
    "由上年的5亿元增加到6亿元", "2019年3月投入5万元", "全年投入5万元,比2018年", "上年5所,2017年", "20x9年5所", "５所",
]


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("role", ["level", "previous", "growth"])
@pytest.mark.parametrize("period", [None, "2016-2018"])
@pytest.mark.parametrize("report_year", [2018, None])
@pytest.mark.parametrize("heading", ["一、2017年工作回顾\n", "一、工作回顾\n", ""])
def test_figure_year_is_its_plain_definition(sentence, role, period, report_year, heading):
    """Also without a year to count from (no report year, a period of several, no section year): then
    figure_year answers before reading the clause, unless a digit stands before a 年 around the figure."""
    text = heading + sentence + "。"
    sections = A.SectionYears(text)
    for m in re.finditer(r"[\d５]+", text):
        if m.start() < len(heading):
            continue
        args = (text, m.start(), m.end(), len(heading), len(text))
        kwargs = dict(report_year=report_year, role=role, period=period, sections=sections)
        assert A.figure_year(*args, **kwargs) == _plain_figure_year(*args, **kwargs), m.group()


def _plain_section_entries(text):
    """SectionYears' headings as first written: every check made on every heading line."""
    relative, entries, pos = A.time_words(), [], 0
    for line in text.split("\n"):
        if len(line) <= 40 and A._HEADING.match(line):
            years = {int(y) for y in DATING_YEAR.findall(line)} if not A.DATING_RANGE.search(line) else set()
            words = [m.group() for m in relative.relative_re.finditer(line)]
            if len(years) == 1 or (not years and words) or A._level(line) == 1:
                entries.append((pos, ("year", years.pop()) if len(years) == 1 else
                                ("offset", relative.relative[words[0]]) if words and not years else None))
        pos += len(line) + 1
    return entries


HEADINGS = [
    "一、2019年工作总结", "二、2020年工作思路", "三、明年工作打算", "(一)今年重点", "（二）2016-2020年规划", "第一部分 去年回顾",
    "一、2019年和2020年", "二、工作措施", "(三)2019年3月起", "四、今年及明年", "一、2019年明年", "1、2019年", "  二、上年工作",
    "五、" + "长" * 40 + "2019年", "六、2019至2020年", "七、20x9年", "八、２０１９年计划", "投入2019年5万元",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HEADINGS + ["投入5万元。", ""]), max_size=8))
def test_section_years_are_their_plain_definition(lines):
    text = "\n".join(lines)
    years = A.SectionYears(text)
    assert list(zip(years._starts, years._years)) == _plain_section_entries(text)


# ------------------------------------------------------------------ districts: names of inner areas only

PLACE_PIECES = ["遂川县", "万安县", "遂川", "吉安市", "吉安", "全市", "我市", "南沙区", "广州市", "北京市", "朝阳区", "、", "和",
                "投入", "5万元", ",", "平安校园", "县", "城中区", "九原区", "两县", "新建学校3所"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PLACE_PIECES), max_size=9))
def test_figure_districts_skipping_sentences_without_an_inner_name_is_figure_district(pieces):
    """FigureDistricts scans a sentence only before a figure with a name of an area inside the document's
    before it; at every cut it gives what figure_district gives the prefix."""
    from edureports.places import Place

    text = "".join(pieces)
    for place in (Place("江西省", "吉安市", None, "360800"), Place("广东省", "广州市", None, "440100")):
        districts = A.FigureDistricts(text, place)
        for cut in range(len(text) + 1):
            assert districts.at(0, len(text), cut) == A.figure_district(text[:cut], place), (place.city, cut)
