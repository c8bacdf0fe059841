"""Normalise stage: table-driven cases per step, the seeds, and the offset-map property."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import edureports
from edureports.normalisation import detect_script, normalise
from conftest import SEED_FILES, SEED_IDS, seed_text


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    clean: str
    meta: dict = field(default_factory=dict)


def cases(*items: Case):
    return pytest.mark.parametrize("case", items, ids=[c.name for c in items])


# --------------------------------------------------------------------------- per step

@cases(
    Case("pinyin_after_char", "區(qū)教育局", "区教育局"),
    Case("pinyin_two_syllable_letters", "建設(shè)包頭", "建设包头"),
    Case("pinyin_full_width_parens", "區（qū）委", "区委"),
    Case("pinyin_every_char", "促進(jìn)教育", "促进教育"),
    Case("pinyin_umlaut", "綠(lǜ)色", "绿色"),
    Case("not_pinyin_acronym", "采用(PPP)模式", "采用(PPP)模式"),
    Case("not_pinyin_list_marker", "学校(一)管理", "学校(一)管理"),
    Case("not_pinyin_year", "计划(2019)号", "计划(2019)号"),
    Case("not_pinyin_chinese_aside", "组织(含两新组织)", "组织(含两新组织)"),
    Case("not_pinyin_after_digit", "共3(xiàng)项", "共3(xiàng)项"),
)
def test_pinyin_removal(case):
    assert normalise(case.source).text == case.clean


@cases(
    Case("wan_yi", "投入2.3億元,其中5775.1萬元", "投入2.3亿元,其中5775.1万元"),
    Case("yu_not_馀", "2000餘萬元", "2000余万元"),
    Case("liang", "兩千所學校", "两千所学校"),
    Case("dian", "提高3.2個百分點", "提高3.2个百分点"),
    Case("keeps_zhe_in_phrases", "保持著領先地位", "保持著领先地位"),
    Case("simplified_untouched", "教育经费投入", "教育经费投入"),
)
def test_traditional_to_simplified(case):
    assert normalise(case.source).text == case.clean


@cases(
    Case("fullwidth_digits", "５７７５．１万元", "5775.1万元"),
    Case("fullwidth_percent", "达到８５．５％", "达到85.5%"),
    Case("fullwidth_punct", "（一）投入：１００万元，", "(一)投入:100万元,"),
    Case("fullwidth_letters", "ＡＢＣ级", "ABC级"),
    Case("ideographic_space_collapsed", "城中区\u3000\u3000教育局", "城中区 教育局"),
    Case("nbsp_and_tabs", "投入\u00a0\t 5万元", "投入 5万元"),
    Case("indent_and_trailing_dropped", "甲\n    第一行  \n\u3000\u3000第二行", "甲\n第一行\n第二行"),
    # The text's start is not a line break (so a fragment normalises like the whole): one space stays.
    Case("space_at_text_start_collapsed", "\u3000\u3000第一行", " 第一行"),
    Case("blank_lines_collapsed", "甲\n\n  \n\n乙", "甲\n乙"),
    Case("crlf", "甲\r\n乙\r\n", "甲\n乙\n"),
    Case("zero_width_dropped", "投\u200b入5\ufeff万元", "投入5万元"),
    Case("keeps_square_metre_sign", "面积1200㎡", "面积1200㎡"),
)
def test_character_and_whitespace_mapping(case):
    assert normalise(case.source).text == case.clean


@cases(
    Case("breadcrumb", "当前位置:首页 > 武江区教育局\n正文", "正文", {}),
    Case("breadcrumb_arrows", "兴源范文网 > 作文大全 >\n正文", "正文", {}),
    Case("upload_block", "- 文档编号:28013312\n- 上传时间:2023-07-07\n- 格式:DOCX\n- 页数:9\n- 大小:551.62KB\n正文",
         "正文", {"uploaded": "2023-07-07", "pages": "9"}),
    Case("file_title", "市教育局上半年工作总结.docx\n正文", "正文", {"file_title": "市教育局上半年工作总结"}),
    Case("share_notice", "《总结.docx》由会员分享,可在线阅读,更多相关《总结.docx(9页珍藏版)》请在冰豆网上搜索。\n正文", "正文", {}),
    Case("views", "| 浏览次数:\n正文", "正文", {}),
    Case("related_terms", "相关热词搜索: 脱贫 自查\n正文", "正文", {}),
    Case("prev_next", "正文\n上一篇:关于做好2019年工作的通知\n下一篇:无", "正文\n", {}),
    Case("prev_next_bulleted", "正文\n- 上一篇:语文老师期末工作小结\n- 下一篇:心得体会", "正文\n", {}),
    Case("print", "打印\n正文", "正文", {}),
    Case("lead_traditional", "導語:干部述職報告一文來源于網友上傳\n正文", "正文", {}),
    Case("published_traditional", "時間:2022-12-02 08:27:00\n正文", "正文", {"published": "2022-12-02 08:27:00"}),
    Case("published_with_source", "发布日期:2020-01-23 09:24:58 来源:本网\n正文", "正文", {"published": "2020-01-23 09:24:58"}),
    Case("content_starting_like_breadcrumb", "当前全区有学校76所\n", "当前全区有学校76所\n", {}),
    Case("content_with_time_words", "时间紧、任务重,投入5万元\n", "时间紧、任务重,投入5万元\n", {}),
    Case("content_mentioning_format", "格式化管理,规范办学\n", "格式化管理,规范办学\n", {}),
)
def test_boilerplate_lines_move_to_metadata(case):
    n = normalise(case.source)
    assert n.text == case.clean
    assert n.metadata == case.meta
    removed = "".join(case.source[b.start:b.end] for b in n.boilerplate)
    assert all(b.text.strip() for b in n.boilerplate) and len(removed) + len(n.text) <= len(case.source)


@cases(
    Case("simplified", "教育经费投入大幅增长", "simplified"),
    Case("traditional", "教育經費投入大幅增長", "traditional"),
    Case("mixed", "教育經費投入大幅增長,教育经费投入大幅增长", "mixed"),
    Case("no_distinguishing_chars", "中小学", "simplified"),
)
def test_script_detection(case):
    assert detect_script(case.source) == case.clean


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
    from edureports.normalisation import layout_pattern_errors

    assert layout_pattern_errors(load_yaml("layout.yaml")) == []


def test_broken_layout_patterns_fail_listing_every_error():
    from edureports._data import load_yaml
    from edureports.normalisation import layout_pattern_errors

    rules = dict(load_yaml("layout.yaml"))
    rules.update({"headings": ["(unclosed"], "page_markers": r"\d+、"})
    errors = layout_pattern_errors(rules)
    assert len(errors) == 2, errors
    assert "page_markers[0]: no (?P<page>" in errors[0] and "headings[0]: bad regular expression" in errors[1]


# --------------------------------------------------------------------------- mojibake

SEED_002 = next(p for p in SEED_FILES if p.name.startswith("002"))

# The seven damaged spans of seed 002 (a GBK page decoded one byte out of step) and their exact repairs;
# None where bytes were lost, so no repair can be exact.
MOJIBAKE_002 = [
    ("?!皠搹姟逼陂g", "\ufffd“創強”期間"),
    ("?!毙袆佑媱潪槠鯔C", "\ufffd”行動計劃為契機"),
    ("?!眴栴}", "\ufffd”問題"),
    ("?!?", None),
    ("??荚嚢踩紙雠鋫鋸V", None),
    ("?!毙袆佑媱潱涌炝x", None),
    ("?,F", "\ufffd現"),
]


def test_seed_002_mojibake_spans_are_found_with_their_spans():
    source = seed_text(SEED_002)
    n = normalise(source)
    assert [(m.text, m.repair) for m in n.mojibake] == MOJIBAKE_002
    for m in n.mojibake:
        assert source[m.start:m.end] == m.text


def test_unrepaired_mojibake_stays_in_the_clean_text_and_repairs_map_to_the_whole_span():
    source = seed_text(SEED_002)
    n = normalise(source)
    simple = edureports.normalise
    for m in n.mojibake:
        if m.repair is None:
            assert simple(m.text).text in n.text  # flagged, never silently deleted
        else:
            # the repaired run and the character before it (by which the damage is recognised)
            # map to the whole damaged span, atomically
            fixed = simple(m.repair).text
            i = n.text.index(fixed)
            assert n.offsets.to_source(i, i + len(fixed)) == (m.start - 1, m.end)
            assert n.offsets.expand(i, i + 1) == (i - 1, i + len(fixed))


def test_real_question_marks_are_not_mojibake():
    n = normalise("如何保持并实现效益的再提升?如何满足人民群众的需求?")
    assert n.mojibake == ()


# --------------------------------------------------------------------------- seeds

SEED_EXPECT = {
    "000": {"script": "traditional", "pinyin": True, "boilerplate": set()},
    "001": {"script": "simplified", "pinyin": False, "boilerplate": {"file_title", "upload", "share_notice"}},
    "002": {"script": "traditional", "pinyin": False, "boilerplate": {"published", "lead", "prev_next"}},
    "003": {"script": "simplified", "pinyin": False, "boilerplate": {"breadcrumb", "views", "related_terms"}},
    "004": {"script": "simplified", "pinyin": False, "boilerplate": {"breadcrumb", "published", "print"}},
}


@pytest.mark.parametrize("path", SEED_FILES, ids=SEED_IDS)
def test_seed_normalisation(path):
    expect = SEED_EXPECT[path.name[:3]]
    n = normalise(seed_text(path))
    assert n.script == expect["script"]
    assert bool(n.pinyin) == expect["pinyin"]
    assert {b.kind for b in n.boilerplate} == expect["boilerplate"]
    assert "(qū)" not in n.text and "\u3000" not in n.text
    assert not any(0xFF01 <= ord(c) <= 0xFF5E for c in n.text)
    assert len(n.offsets) == len(n.text)


# --------------------------------------------------------------------------- offset map

@cases(
    Case("pinyin_span_maps_over_the_annotation", "區(qū)委教育", "区委"),
    Case("collapsed_space_maps_to_the_run", "投入  \u3000 5万元", " "),
    Case("number_after_fullwidth", "投入５７７５．１萬元", "5775.1万元"),
)
def test_offset_map_cases(case):
    n = normalise(case.source)
    i = n.text.index(case.clean)
    s, e = n.offsets.to_source(i, i + len(case.clean))
    assert normalise(case.source[s:e]).text == case.clean


def test_offset_map_empty_spans_and_bounds():
    n = normalise("區(qū)委")
    assert n.offsets.to_source(0, 0) == (0, 0)
    assert n.offsets.to_source(2, 2) == (6, 6)
    with pytest.raises(IndexError):
        n.offsets.to_source(1, 5)


_SEEDS_NORMALISED = {p.name[:3]: (seed_text(p), normalise(seed_text(p))) for p in SEED_FILES}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.sampled_from(sorted(_SEEDS_NORMALISED)))
def test_normalising_the_source_of_a_clean_span_gives_the_span_back(data, seed):
    source, n = _SEEDS_NORMALISED[seed]
    start = data.draw(st.integers(0, len(n.text)), label="start")
    end = data.draw(st.integers(start, min(len(n.text), start + 400)), label="end")
    start, end = n.offsets.expand(start, end)
    s, e = n.offsets.to_source(start, end)
    assert normalise(source[s:e]).text == n.text[start:end]


def test_a_long_line_that_starts_like_a_breadcrumb_is_the_body_not_furniture():
    """A page whose line breaks were lost: breadcrumb and report in one line. The body must survive."""
    body = "当前位置:首页 > 工作动态 > " + "全区教育经费投入2000万元,新建学校3所。" * 12
    clean = normalise(body)
    assert "2000万元" in clean.text and clean.boilerplate == ()
    assert normalise("当前位置:首页 > 工作动态\n全区投入2000万元。").boilerplate != ()
