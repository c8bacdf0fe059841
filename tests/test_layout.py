"""Layout repairs (:mod:`edureports.layout`), through the normalise stage: lines joined where a sentence
runs on, page furniture moved out, spaces inside figures removed, masked digits kept as masks."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

import edureports
from edureports.normalisation import normalise
from conftest import Case, cases


# --------------------------------------------------------------------------- converted layouts
# A line's first and last line may be cut (the text may be a fragment), so most cases stand between
# a finished sentence before and after: 甲。 ... 乙。

@cases(
    # a number and what follows it in the figure, cut by the line break: always joined
    Case("number_then_unit", "投入4520\n万元。", "投入4520万元。"),
    Case("decimal_then_magnitude_and_unit", "新建校舍12.3\n万平方米。", "新建校舍12.3万平方米。"),
    Case("magnitude_then_unit", "投入5130万\n元。", "投入5130万元。"),
    Case("unit_word_cut", "新增8.3万平\n方米。", "新增8.3万平方米。"),
    Case("qualifier_cut", "达到93%以\n上。", "达到93%以上。"),
    Case("qualifier_inside_figure", "培训教师500\n余人次。", "培训教师500余人次。"),
    Case("decimal_point_at_line_end", "增长12.\n5%。", "增长12.5%。"),
    Case("decimal_point_at_line_start", "增长12\n.5%。", "增长12.5%。"),
    Case("range_separator_at_line_end", "新建3至\n5所。", "新建3至5所。"),
    Case("range_separator_at_line_start", "新建3\n至5所。", "新建3至5所。"),
    Case("ratio_across_lines", "甲。\n生师比为15:\n1。", "甲。\n生师比为15:1。"),
    Case("punctuation_opens_the_line", "工作扎实\n,成效明显。", "工作扎实,成效明显。"),
    Case("traditional_and_full_width", "投入４５２０\n萬元。", "投入4520万元。"),
    # every number on a line of its own
    Case("numbers_on_their_own_lines", "甲。\n全区教育投入\n4520\n万元,比上年增长\n12.5\n%。",
         "甲。\n全区教育投入4520万元,比上年增长12.5%。"),
    # the sentence runs on
    Case("line_ends_with_a_comma", "甲。\n第一句还没完,\n接着写完。\n乙。", "甲。\n第一句还没完,接着写完。\n乙。"),
    Case("line_ends_with_an_open_title_mark", "甲。\n根据《国务院关于\n深化改革的通知》精神。\n乙。",
         "甲。\n根据《国务院关于深化改革的通知》精神。\n乙。"),
    Case("prose_line_runs_on", "甲。\n今年全区投入较多,新建了\n一批学校。\n乙。", "甲。\n今年全区投入较多,新建了一批学校。\n乙。"),
    Case("run_on_continues", "甲。\n今年全区投入较多,新建了\n一批学校和\n幼儿园。\n乙。",
         "甲。\n今年全区投入较多,新建了一批学校和幼儿园。\n乙。"),
    Case("list_item_title_then_prose", "甲。\n(一)教育投入。全市教育经费\n总投入增长5%。\n乙。",
         "甲。\n(一)教育投入。全市教育经费总投入增长5%。\n乙。"),
    Case("thousands_split_by_the_layout", "甲。\n学生3 \n456人。\n乙。", "甲。\n学生3456人。\n乙。"),
    Case("latin_words_keep_a_space", "甲。\n显示,点击word\nicon图标打开。\n乙。", "甲。\n显示,点击word icon图标打开。\n乙。"),
)
def test_line_breaks_inside_a_sentence_are_joined(case):
    n = normalise(case.source)
    assert n.text == case.clean
    joins = [r for r in n.repairs if r.kind == "line_join"]
    assert len(joins) == case.source.count("\n") - case.clean.count("\n")
    assert all(case.source[r.start:r.end] == "\n" for r in joins)


@cases(
    Case("sentence_ends", "甲。\n投入5万元。\n新建3所。\n乙。", "甲。\n投入5万元。\n新建3所。\n乙。"),
    Case("heading_follows", "甲。\n全市投入较多,新建\n一、工作回顾\n乙。", "甲。\n全市投入较多,新建\n一、工作回顾\n乙。"),
    Case("list_number_follows", "甲。\n情况如下,\n1.进一步加强管理。\n乙。", "甲。\n情况如下,\n1.进一步加强管理。\n乙。"),
    Case("bracketed_number_follows", "甲。\n主要措施,\n(1)加强领导。\n乙。", "甲。\n主要措施,\n(1)加强领导。\n乙。"),
    Case("enumeration_follows", "甲。\n主要做法有三点,\n一是加强领导。\n乙。", "甲。\n主要做法有三点,\n一是加强领导。\n乙。"),
    Case("title_lines", "市教育局上半年工作总结\n今年上半年,全市教育工作成效明显。",
         "市教育局上半年工作总结\n今年上半年,全市教育工作成效明显。"),
    Case("heading_then_its_text", "甲。\n(一)精简机构提高效能\n按照文件精神,我局精简机构。\n乙。",
         "甲。\n(一)精简机构提高效能\n按照文件精神,我局精简机构。\n乙。"),
    Case("colon_then_text", "甲。\n主要做法如下:\n加强领导,落实责任。\n乙。", "甲。\n主要做法如下:\n加强领导,落实责任。\n乙。"),
    Case("column_of_years", "甲。\n2019\n2020\n2021\n乙。", "甲。\n2019\n2020\n2021\n乙。"),
    Case("two_numbers_on_two_lines", "甲。\n学校3\n5所。\n乙。", "甲。\n学校3\n5所。\n乙。"),
    Case("last_line_may_be_cut", "甲。\n全市投入较多,新建\n一", "甲。\n全市投入较多,新建\n一"),
    Case("first_line_may_be_cut", "工作总结\n二是加强", "工作总结\n二是加强"),
)
def test_line_breaks_that_stand(case):
    n = normalise(case.source)
    assert n.text == case.clean
    assert not [r for r in n.repairs if r.kind == "line_join"]


def _wrapped(text: str, width: int) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


PARAGRAPH = ("今年以来,全区教育系统深入贯彻全国教育大会精神,全年教育经费总投入达到9.86亿元,同比增长7.3%。"
             "新建改扩建学校23所,新增校舍面积6.8万平方米,新增学位4500个。招聘教师320名,培训教师12000人次"
             "其中骨干教师培训1800人次全区义务教育巩固率达到99.2%高中阶段毛入学率达到93.5%。")


def test_a_wrapped_text_is_joined_where_the_layout_cut_it():
    """Lines of one width (a layout's) run on even without a comma in them; headings stand."""
    source = "一、工作回顾\n" + _wrapped(PARAGRAPH, 18) + "\n二、工作打算\n" + _wrapped(PARAGRAPH, 18) + "\n完。"
    n = normalise(source)
    assert n.text == f"一、工作回顾\n{PARAGRAPH}\n二、工作打算\n{PARAGRAPH}\n完。"
    assert {r.rule for r in n.repairs} >= {"wrap"}


def test_a_text_broken_throughout_is_joined():
    """Lines cut at random lengths (Word's view of a converted PDF) with no comma in many of them."""
    cuts, pos = [0], 0
    for step in [7, 12, 8, 14, 11, 7, 9, 13, 12, 8, 10, 13]:
        pos += step
        while PARAGRAPH[pos - 1] == "。" or PARAGRAPH[pos - 1:pos + 1].isdigit():  # a cut inside
            pos += 1  # a number or after a sentence leaves nothing to tell
        cuts.append(pos)
    broken = "\n".join(PARAGRAPH[a:b] for a, b in zip(cuts, cuts[1:] + [len(PARAGRAPH)]))
    n = normalise("报告\n" + broken + "\n完。")
    assert n.text == f"报告\n{PARAGRAPH}\n完。"


@dataclass(frozen=True)
class Furniture:
    name: str
    source: str
    clean: str
    kinds: tuple


def furniture_cases(*items: Furniture):
    return pytest.mark.parametrize("case", items, ids=[c.name for c in items])


_PAGE = "全区教育工作稳中求进,取得明显成效。" * 12  # a page of text: 216 characters


@furniture_cases(
    Furniture("dash_page_number", "投入4520\n- 3 -\n万元。", "投入4520万元。", ("page_number",)),
    Furniture("em_dash_page_number", "投入4520\n— 3 —\n万元。", "投入4520万元。", ("page_number",)),
    Furniture("page_of_pages", "甲。\n全区新建学\n第 2 页 共 9 页\n校5所。\n乙。", "甲。\n全区新建学校5所。\n乙。", ("page_number",)),
    Furniture("pages_then_page", "甲。\n全区新建学\n共9页 第2页\n校5所。\n乙。", "甲。\n全区新建学校5所。\n乙。", ("page_number",)),
    Furniture("fraction_page_number", "甲。\n全区新建学\n2/9\n校5所。\n乙。", "甲。\n全区新建学校5所。\n乙。", ("page_number",)),
    Furniture("full_width_page_number", "甲。\n全区新建学\n第２页\n校5所。\n乙。", "甲。\n全区新建学校5所。\n乙。", ("page_number",)),
    Furniture("bare_page_numbers_in_a_run", f"{_PAGE}\n1\n{_PAGE}\n2\n{_PAGE}\n3\n{_PAGE}",
              f"{_PAGE}\n{_PAGE}\n{_PAGE}\n{_PAGE}", ("page_number",) * 3),
    Furniture("site_page_markers", f"1、\n{_PAGE}全区共有\n2、学校76所。{_PAGE}有\n3、\n幼儿园30所。\n完。",
              f"{_PAGE}全区共有学校76所。{_PAGE}有幼儿园30所。\n完。", ("page_marker",) * 3),
    Furniture("running_header_beside_page_numbers",
              f"县教育局工作总结\n{_PAGE}投入\n- 1 -\n县教育局工作总结\n4520万元。{_PAGE}\n- 2 -",
              f"{_PAGE}投入4520万元。{_PAGE}\n", ("running_header", "page_number", "running_header", "page_number")),
    Furniture("short_last_page", f"{_PAGE}\n内部资料\n- 1 -\n{_PAGE}\n内部资料\n- 2 -\n完。\n内部资料\n- 3 -",
              f"{_PAGE}\n{_PAGE}\n完。\n", ("running_header", "page_number") * 3),
    Furniture("running_footer_repeated_a_page_apart",
              f"{_PAGE}\n内部资料 注意保存\n{_PAGE}\n内部资料 注意保存\n{_PAGE}\n内部资料 注意保存\n{_PAGE}",
              f"{_PAGE}\n{_PAGE}\n{_PAGE}\n{_PAGE}", ("running_header",) * 3),
    # not furniture
    Furniture("number_before_its_unit", f"{_PAGE}投入\n1\n亿元。{_PAGE}投入\n2\n亿元。{_PAGE}",
              f"{_PAGE}投入1亿元。{_PAGE}投入2亿元。{_PAGE}", ()),
    Furniture("one_bare_number", f"{_PAGE}\n3\n{_PAGE}", f"{_PAGE}\n3\n{_PAGE}", ()),
    Furniture("years_on_their_own_lines", f"{_PAGE}\n2020\n年度{_PAGE}\n2021\n年{_PAGE}",
              f"{_PAGE}\n2020年度{_PAGE}\n2021年{_PAGE}", ()),
    Furniture("ratios_on_their_own_lines", f"{_PAGE}比为\n8\n:\n1\n,{_PAGE}比为\n9\n:\n1\n,完。",
              f"{_PAGE}比为8:1,{_PAGE}比为9:1,完。", ()),
    Furniture("column_of_numbers", f"{_PAGE}\n1\n12\n{_PAGE}\n2\n15\n{_PAGE}",
              f"{_PAGE}\n1\n12\n{_PAGE}\n2\n15\n{_PAGE}", ()),
    Furniture("list_items_after_finished_sentences", f"1、加强领导。{_PAGE}\n2、落实责任。{_PAGE}\n3、强化督导。",
              f"1、加强领导。{_PAGE}\n2、落实责任。{_PAGE}\n3、强化督导。", ()),
    Furniture("page_beyond_page_count", "甲。\n9/2\n乙。", "甲。\n9/2\n乙。", ()),
    Furniture("repeated_line_close_together", "工作总结\n工作总结\n正文。", "工作总结\n工作总结\n正文。", ()),
    Furniture("section_titles_repeated_irregularly",
              f"主要做法\n{_PAGE}\n主要做法\n{_PAGE * 3}\n主要做法\n{_PAGE}\n主要做法\n{_PAGE}",
              f"主要做法\n{_PAGE}\n主要做法\n{_PAGE * 3}\n主要做法\n{_PAGE}\n主要做法\n{_PAGE}", ()),
    Furniture("repeated_enumeration", f"一是加强领导\n{_PAGE}\n一是加强领导\n{_PAGE}\n一是加强领导\n{_PAGE}",
              f"一是加强领导\n{_PAGE}\n一是加强领导\n{_PAGE}\n一是加强领导\n{_PAGE}", ()),
    Furniture("repeated_heading", f"(一)主要做法\n{_PAGE}\n(一)主要做法\n{_PAGE}\n(一)主要做法\n{_PAGE}",
              f"(一)主要做法\n{_PAGE}\n(一)主要做法\n{_PAGE}\n(一)主要做法\n{_PAGE}", ()),
)
def test_page_furniture_moves_out_and_the_sentence_joins_around_it(case):
    n = normalise(case.source)
    assert n.text == case.clean
    assert tuple(f.kind for f in n.furniture) == case.kinds
    assert all(case.source[f.start:f.end].strip() == f.text for f in n.furniture)


def test_running_header_is_kept_in_metadata():
    n = normalise(f"县教育局工作总结\n{_PAGE}\n- 1 -\n县教育局工作总结\n{_PAGE}\n- 2 -")
    assert n.metadata["running_header"] == "县教育局工作总结"


@cases(
    Case("space_before_classifier", "全市共有学校377 所", "全市共有学校377所"),
    Case("space_before_magnitude", "投入4525 万元", "投入4525万元"),
    Case("space_before_percent", "增长12.5 %", "增长12.5%"),
    Case("space_before_points", "提高3.5 个百分点", "提高3.5个百分点"),
    Case("space_before_qualifier", "招生500 余人", "招生500余人"),
    Case("space_after_inner_qualifier", "投入500余 万元", "投入500余万元"),
    Case("space_before_year", "2019 年投入", "2019年投入"),
    Case("thousands", "学生3 456人", "学生3456人"),
    Case("millions", "资金12 345 678元", "资金12345678元"),
    Case("thousands_and_decimals", "资金12 345.5 万元", "资金12345.5万元"),
    Case("thin_space_thousands", "学生3\u2009456", "学生3456"),
    Case("narrow_nbsp_thousands", "资金12\u202f345\u202f678元", "资金12345678元"),
    Case("space_after_decimal_point", "增长12. 5%", "增长12.5%"),
    Case("space_before_decimal_point", "增长12 .5%", "增长12.5%"),
    Case("spaces_beside_chinese", "投入 4520 万元", "投入4520万元"),
    Case("space_after_prefix_qualifier", "约 300 人", "约300人"),
    Case("spaced_range", "每生 300 至 500 元", "每生300至500元"),
    # never two figures made one
    Case("two_years", "2019 2020年", "2019 2020年"),
    Case("separate_figures", "新建3 5所", "新建3 5所"),
    Case("four_digit_group", "学生1 2345人", "学生1 2345人"),
    Case("number_before_a_group", "2018 3 456人", "2018 3 456人"),
    Case("groups_without_a_unit", "编号12 345", "编号12 345"),
    Case("table_columns_tab", "小学\t12\t345", "小学 12 345"),
    Case("table_columns_spaces", "小学   12   345人", "小学 12 345人"),
    Case("list_number_then_figure", "1. 5所学校完成改造", "1. 5所学校完成改造"),
)
def test_spaces_inside_figures_are_removed(case):
    n = normalise(case.source)
    assert n.text == case.clean
    for r in n.repairs:
        assert r.kind == "space" and case.source[r.start:r.end].isspace()


@dataclass(frozen=True)
class Masked:
    name: str
    source: str
    clean: str
    raw: str | None  # the masked figure's source text, None when there is none


@pytest.mark.parametrize("case", [
    Masked("question_marks_inside", "全市投入1?86万元,用于建设。", "全市投入1*86万元,用于建设。", "1?86万元"),
    Masked("question_marks_leading", "新增投入???2万元。", "新增投入***2万元。", "???2万元"),
    Masked("full_width_question_mark", "投入１？８６萬元。", "投入1*86万元。", "１？８６萬元"),
    Masked("white_square", "改造1□86所学校", "改造1*86所学校", "1□86所"),
    Masked("times_signs", "资金12××万元", "资金12**万元", "12××万元"),
    Masked("letters", "投入XX2万元", "投入**2万元", "XX2万元"),
    Masked("star", "对全市1459*名学生", "对全市1459*名学生", "1459*名"),
    Masked("multiplication", "4×100米接力赛", "4×100米接力赛", None),
    Masked("three_by_three", "3x3篮球赛", "3x3篮球赛", None),
    Masked("question_before_a_year", "是否达标?2019年全区", "是否达标?2019年全区", None),
    Masked("question_after_a_number", "能否达到12?", "能否达到12?", None),
], ids=lambda c: c.name)
def test_masked_digits_are_kept_as_masked_figures(case):
    n = normalise(case.source)
    assert n.text == case.clean
    figures = edureports.extract(case.source)
    masked = figures[figures.qualifier == "masked"]
    if case.raw is None:
        assert masked.empty
    else:
        assert masked.raw.tolist() == [case.raw] and masked.value.isna().all()


def test_layout_patterns_compile_and_page_patterns_name_the_page():
    from edureports._data import load_yaml
    from edureports.layout import layout_pattern_errors

    assert layout_pattern_errors(load_yaml("layout.yaml")) == []


def test_broken_layout_patterns_fail_listing_every_error():
    from edureports._data import load_yaml
    from edureports.layout import layout_pattern_errors

    rules = dict(load_yaml("layout.yaml"))
    rules.update({"headings": ["(unclosed"], "page_markers": r"\d+、"})
    errors = layout_pattern_errors(rules)
    assert len(errors) == 2, errors
    assert "page_markers[0]: no (?P<page>" in errors[0] and "headings[0]: bad regular expression" in errors[1]


# --- printed width: wide and full-width characters count two (computed by hand)

WIDTH_CASES = {
    "ascii": ("abc 123", 7),
    "cjk_and_digits": ("投入4520万元。", 14),
    "fullwidth_letters": ("ＡＢ", 4),
    "ideographic_space": ("\u3000", 2),
    "hangul_edge": ("\ud7a3\ud7a4", 3),  # the last wide Hangul syllable, then a narrow character
    "astral_ideograph": ("\U00020000a", 3),
    "empty": ("", 0),
}


@pytest.mark.parametrize("line,width", WIDTH_CASES.values(), ids=WIDTH_CASES.keys())
def test_printed_width(line, width):
    from edureports.layout import _width, _widths

    assert _width(line) == width
    assert _widths([line, "x", line]) == [width, 1, width]


# --- fast paths against their straightforward definitions

from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=list("12.*?□×Xxa万年, \n"), max_size=40))
def test_masked_tokens_are_those_of_every_maximal_run_holding_a_mask(text):
    """Runs found from their mask characters give the tokens of a scan for runs with a mask."""
    import re

    from edureports.layout import _layout_rules, _mask_patterns, _masked_tokens

    masks = re.escape(_layout_rules().masks)
    token = _mask_patterns()[0]
    runs = re.finditer(rf"[\d.*{masks}]*[{masks}][\d.*{masks}]*", text)
    expected = [m.span() for run in runs for m in token.finditer(text, run.start(), run.end() + 1)]
    assert [m.span() for m in _masked_tokens(text)] == expected


@settings(max_examples=400, deadline=None)
@given(line=st.text(alphabet=list("0123456789 -—/第页共of(Page)[]、正文,"), max_size=16))
def test_one_test_for_all_page_patterns_matches_where_one_of_them_does(line):
    """The combined tests that let a line skip the page patterns pass where a pattern of their own would."""
    from edureports.layout import _layout_rules

    rules = _layout_rules()
    assert (rules.any_page_number.match(line) is not None) == any(p.fullmatch(line) for p in rules.page_numbers)
    assert (rules.any_page_line.match(line) is not None) == (
        any(p.fullmatch(line) for p in rules.page_sequence) or rules.page_marker.match(line) is not None)
    assert (rules.any_page.match(line) is not None) == (
        rules.any_page_number.match(line) is not None or rules.any_page_line.match(line) is not None)


@pytest.mark.parametrize("patterns", [[r"(\d+)-\1"], ["(?P<page>\\d+)(?P=page)"], ["(?i)page"]],
                         ids=["numbered_backreference", "named_backreference", "global_flag"])
def test_page_patterns_that_cannot_be_combined_are_tried_one_by_one(patterns):
    from edureports.layout import _any_of

    assert _any_of(patterns + [r"\d+"]) is None


@settings(max_examples=400, deadline=None)
@given(widths=st.lists(st.integers(1, 90), min_size=10, max_size=80), least=st.sampled_from([1, 3]),
       share=st.sampled_from([0.06, 0.12, 0.3]), over=st.sampled_from([1, 2]))
def test_the_bound_skips_a_wrap_search_only_where_it_finds_no_width(widths, least, share, over):
    import numpy as np

    from edureports.layout import _layout_rules, _may_have_common_width, _most_common_width

    widths, rules = sorted(widths), _layout_rules()
    if not _may_have_common_width(widths, least, share, over, rules):
        assert _most_common_width(np.array(widths, np.int64), least, share, over, rules) is None


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.text(alphabet=list("a1 ,。投入ＡＢ\u3000\u1100\u115f\u1160\ud7a3\ud7a4\U00020000\U0001f600é"),
                              max_size=8), max_size=8))
def test_printed_widths_of_many_lines_are_each_line_counted_by_hand(lines):
    from edureports.layout import _WIDE, _widths

    def by_hand(line):
        return sum(2 if any(lo <= ord(ch) <= hi for lo, hi in _WIDE) else 1 for ch in line)

    assert _widths(lines) == [by_hand(line) for line in lines]


@pytest.mark.parametrize("chars,line,found", [
    ("。!?", "投入5万元。", True), ("。!?", "投入5万元", False), ("]-^\\", "a^b", True), ("", "。", False),
], ids=["sentence_end", "none", "regex_metacharacters", "no_characters"])
def test_a_search_for_any_of_some_characters_finds_what_a_loop_would(chars, line, found):
    from edureports.layout import _any_of_chars

    assert (_any_of_chars(chars).search(line) is not None) == found == any(ch in chars for ch in line)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.sampled_from(["", " ", "一、总体情况", "投入5万元。", "投入5万元", "一是加强管理",
                                       "(1)师资", "说明:”", "全区学校", "3、", "很好。” ", "好。 ”", "”", "\u3000"]),
                             max_size=30))
def test_line_breaks_judged_from_each_line_once_are_judged_as_pair_by_pair(lines):
    from edureports.layout import _broken, _ends_sentence, _layout_rules, _line_marks, _open_breaks, _stands

    rules = _layout_rules()
    marks = _line_marks(lines, rules)
    assert marks.ends == [_ends_sentence(line, rules) for line in lines]
    assert _open_breaks(marks) == [k for k, (a, b) in enumerate(zip(lines, lines[1:])) if not _stands(a, b, rules)]
    pairs = [(a, b) for a, b in zip(lines, lines[1:]) if a.strip() and b.strip() and not rules.heading.match(a)
             and not rules.heading.match(b) and not rules.list_item.match(b)]
    open_ = sum(1 for a, _ in pairs if not _ends_sentence(a, rules))
    broken = len(pairs) >= 8 and open_ >= rules.broken_share * len(pairs)
    assert _broken(marks, rules) == _broken(_line_marks(lines, rules), rules, len(_open_breaks(marks))) == broken


@settings(max_examples=400, deadline=None)
@given(line=st.text(alphabet=list("12.%*万元人平方米以上余左右个百分点所年(《》)“”甲。"), max_size=12))
def test_quick_exits_of_the_line_tests_agree_with_their_definitions(line):
    """A number ends the line (with up to three tail words after it), a bracket is left open: the quick
    exits (no tail word ends with the last character, nothing opened) agree with testing in full."""
    from edureports.layout import _ends_in_number, _layout_rules, _tail_set, _unclosed

    words, longest = _tail_set()
    rest, expected = line, False
    for _ in range(3):
        if rest[-1:].isdigit() or rest[-1:] in "%‰*":
            expected = True
            break
        cut = next((n for n in range(min(longest, len(rest)), 0, -1) if rest[-n:] in words), 0)
        if not cut:
            break
        rest = rest[:-cut]
    assert _ends_in_number(line) == expected
    pairs = _layout_rules().pairs
    assert _unclosed(line, _layout_rules()) == any(line.count(o) > line.count(c) for o, c in zip(pairs[::2], pairs[1::2]))


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=list("0123 .,人a\n"), max_size=30))
def test_digit_groups_read_around_spaces_are_those_of_a_whole_scan(text):
    """Thousands groups found from the spaces between digits are those a scan of the whole text finds."""
    from edureports.layout import _DIGIT_GROUPS, _digit_groups

    assert [m.span() for m in _digit_groups(text)] == [m.span() for m in _DIGIT_GROUPS.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=list("?x1 a"), max_size=20), chars=st.sampled_from(["?", "?x", "x?a", ""]))
def test_positions_of_some_characters_are_those_a_loop_finds(text, chars):
    from edureports.textmap import char_positions

    assert char_positions(text, chars) == [k for k, ch in enumerate(text) if ch in chars]


@settings(max_examples=300, deadline=None)
@given(probes=st.lists(st.sampled_from(["", "第1页", "第 12 页", "第页", "正文很长" * 12, "教育局工作总结", "1", "#1",
                                        "1#", "- 3 -", "1\n2", "第٣页", "\n"]), max_size=12), found=st.sets(st.integers(0, 11), max_size=3))
def test_repeated_keys_are_the_short_lines_whose_key_repeats(probes, found):
    """The lines read for running headers: short, not found yet, their key (digits as #, no spaces)
    shared with another such line, as worked out line by line."""
    import re
    from collections import Counter

    from edureports.layout import _Content, _layout_rules, _repeated_keys

    rules = _layout_rules()
    content = _Content(probes, ["x\n"] * len(probes), [2 * (k + 1) for k in range(len(probes))])
    found = {content.index[k]: ("page_number", -1) for k in found if k < len(content)}
    lines = [(k, re.sub(r"\d+", "#", probe).replace(" ", "")) for k, probe in enumerate(content.probes)
             if len(probe) <= rules.running_max_chars and content.index[k] not in found]
    counts = Counter(key for _, key in lines)
    assert _repeated_keys(content, found, rules) == [(k, key) for k, key in lines if counts[key] >= 2]


_FURNITURE_PROBES = ["", "第1页", "- 2 -", "3", "(4)", "5、", "5、正文", "正文很长" * 12, "教育局工作总结", "全区学校。",
                     "投入5万元", "一、总体情况", "2020年"]


@settings(max_examples=400, deadline=None)
@given(probes=st.lists(st.sampled_from(_FURNITURE_PROBES), max_size=14), gap=st.integers(1, 300))
def test_page_furniture_skipped_only_where_no_step_finds_any(probes, gap):
    """page_furniture stops early where no page pattern matches a line and no short line repeats: there
    every step, run in full on all the lines, finds nothing (and the early answer is empty)."""
    from edureports.layout import _Content, _layout_rules, _page_runs, _repeated_keys, _running_lines, page_furniture

    rules = _layout_rules()
    raws = [(probe or "x") + " " * gap + "\n" for probe in probes]
    ends = list(itertools.accumulate(map(len, raws)))
    content = _Content(probes, raws, ends)
    found = {}
    for k in range(len(content)):
        if any(p.fullmatch(content.probes[k]) for p in rules.page_numbers):
            found[content.index[k]] = ("page_number", -1)
    _page_runs(content, range(len(content)), found, rules)
    _running_lines(content, found, rules)
    nothing = not any(rules.any_page.match(p) for p in content.probes) and not _repeated_keys(content, {}, rules)
    if nothing:
        assert found == {}
    edits, records, _ = page_furniture("".join(raws), probes, raws, ends)
    assert [r.start for r in records] == [ends[i] - len(raws[i]) for i in sorted(found)]


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.sampled_from(["", "一、总体情况", "投入5万元。", "全区学校", "(1)师资", "好。”", "3",
                                       "万元", "一是加强管理"]), min_size=1, max_size=12))
def test_line_joins_read_no_source_where_every_break_stands(lines):
    """Where every line break stands (:func:`_stands`, pair by pair), no line is joined and neither the
    printed lines (the wrap width) nor the gaps are asked for; otherwise the joins are those of open
    breaks only."""
    from edureports.layout import _join_edits, _layout_rules, _stands

    def never(*_):
        raise AssertionError("asked")

    rules = _layout_rules()
    firsts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    standing = all(_stands(a, b, rules) for a, b in zip(lines, lines[1:]))
    if standing:
        assert _join_edits(lines, firsts, never, never, set()) == ([], [])
    else:
        source = "\n".join(lines)
        _, joins = _join_edits(lines, firsts, lambda: lines, lambda k: "\n", set())
        assert all(not _stands(source[:pos].split("\n")[-1], source[pos + 1:].split("\n")[0], rules) for _, pos in joins)


_WRAP_LINES = ["", " ", "教" * 30, "教" * 29 + "。", "教" * 27 + "4520", "教" * 15, "a" * 60, "a" * 58, "一、总则",
               "教育" * 20, "12" * 30, "教" * 31 + "”", "x", "教a" * 20]


@settings(max_examples=600, deadline=None)
@given(lines=st.lists(st.sampled_from(_WRAP_LINES), max_size=40))
def test_no_line_shorter_than_the_bound_is_full(lines):
    """The length below which the join step answers "not full" without the wrap search: no line that
    short is full once the search has run (on wrapped texts, where many lines are full, and others)."""
    from edureports.layout import _full_lines_of, _layout_rules, _never_full_below

    rules = _layout_rules()
    below = _never_full_below(lines, rules)
    full = _full_lines_of(lines, rules)
    assert not any(f and len(line) < below for line, f in zip(lines, full))


def test_the_bound_settles_short_lines_of_wrapped_texts_and_leaves_their_full_lines():
    """A wrapped text: its full lines are at least as long as the bound, its short title below it."""
    from edureports.layout import _full_lines_of, _layout_rules, _never_full_below

    rules = _layout_rules()
    lines = ["一、总则"] + ["教" * 30, "教" * 29 + "。"] * 8 + ["教" * 12 + "。"]
    full = _full_lines_of(lines, rules)
    below = _never_full_below(lines, rules)
    assert sum(full) == 16 and len(lines[0]) < below <= min(len(line) for line, f in zip(lines, full) if f)


def test_the_join_step_reads_the_wrap_width_only_for_lines_the_bound_leaves_open():
    """The full test of the join step gives the search's answer for every line, and runs the search
    only when asked about a line as long as the bound."""
    from edureports import layout
    from edureports.layout import _full_lines_of, _full_test, _layout_rules

    rules = _layout_rules()
    lines = ["一、总则"] + ["教" * 30, "教" * 29 + "。"] * 8 + ["教" * 12 + "。"]
    searched = []
    real = layout._full_lines_of
    try:
        layout._full_lines_of = lambda *args: searched.append(1) or real(*args)
        full = _full_test(lambda: lines, rules)
        assert full(0) is False and not searched
        assert [full(k) for k in range(len(lines))] == real(lines, rules) and searched == [1]
    finally:
        layout._full_lines_of = real
