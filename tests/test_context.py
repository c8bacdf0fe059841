"""Figures stage: sentences, measures, roles and enumerations, as named cases; the seeds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edureports.context import ROLES, describe
from edureports.sentences import split_sentences
from edureports.quantities import find_quantities
from conftest import SEED_FILES, clean, seed_text


@dataclass(frozen=True)
class Case:
    """``expect`` lists, for every figure in ``text``, the fields named by the test."""

    name: str
    text: str
    expect: list


def params(*cases, xfail=()):
    marks = {name: pytest.mark.xfail(strict=True, reason=why) for name, why in xfail}
    return [pytest.param(c, id=c.name, marks=marks.get(c.name, ())) for c in cases]


def describe_text(text):
    return describe(text, find_quantities(text))


# --------------------------------------------------------------------------- sentences

SENTENCES = [
    Case("full_stop", "投入2000万元。新建3所。", ["投入2000万元。", "新建3所。"]),
    Case("exclamation_question", "成绩显著!如何提高?继续努力", ["成绩显著!", "如何提高?", "继续努力"]),
    Case("semicolon", "上线率为9.3%;理工类上线率为22.31%", ["上线率为9.3%;", "理工类上线率为22.31%"]),
    Case("newline", "一、工作回顾\n(一)教育脱贫", ["一、工作回顾", "(一)教育脱贫"]),
    Case("closing_quote_stays", "他说:“很好。”然后离开。", ["他说:“很好。”", "然后离开。"]),
    Case("whitespace_trimmed", "  第一句。  \n\n 第二句 ", ["第一句。", "第二句"]),
    Case("comma_does_not_split", "普文81人,普理170人", ["普文81人,普理170人"]),
    Case("decimal_point_does_not_split", "增长3.5%。", ["增长3.5%。"]),
    Case("empty", "", []),
    Case("only_marks", "。。\n", ["。", "。"]),
]


@pytest.mark.parametrize("case", params(*SENTENCES))
def test_split_sentences(case):
    assert [case.text[s:e] for s, e in split_sentences(case.text)] == case.expect


# --------------------------------------------------------------------------- measure

MEASURES = [
    Case("noun_before_amount", "免除全市义务教育阶段公办学校学生学杂费5775.1万元", ["学杂费"]),
    Case("verb_then_noun", "惠及学生57.9万人", ["学生"]),
    Case("whole_phrase", "本一上线人数1200人", ["本一上线人数"]),
    Case("copula_dropped", "一本上线率达40.6%", ["一本上线率"]),
    Case("noun_after_classifier", "全区教育系统38个党组织、982名党员全覆盖参与", ["党组织", "党员"]),
    Case("noun_after_classifier_stops_at_de", "完成对3名特级教师、103名学科带头人的工作考核", ["特级教师", "学科带头人"]),
    Case("noun_before_post_nominal_count", "全区有幼儿园76所,公办和普惠性民办幼儿园共65所", ["幼儿园", "公办和普惠性民办幼儿园"]),
    Case("scope_word_dropped", "全市参赛人数达1.3万多人", ["参赛人数"]),
    Case("possessor_kept_before_count_head", "学校学生人数3000人", ["学校学生人数"]),
    Case("possessor_dropped", "贫困家庭学生生活费1239.6万元", ["生活费"]),
    Case("keep_word_protects", "学校食堂达标率100%", ["学校食堂达标率"]),
    Case("keep_word_rate", "34项市级课题顺利结题,通过率100%", ["市级课题", "通过率"]),
    Case("in_parentheses", "上线人数达251人(其中普文81人,普理170人)", ["上线人数", "普文", "普理"]),
    Case("list_item_inherits", "投入为86.72亿元、101.89亿元", ["投入", "投入"]),
    Case("comparison_inherits", "春季招生4468人,比上年增加了1565人,同比增长54%", ["春季招生", "春季招生", "春季招生"]),
    Case("money_measure_is_before", "投入188万元的市十五中学安全隐患改造", ["投入"]),
    Case("funds", "资金达2650万元", ["资金"]),
    Case("ratio_measure", "电脑生机比为8.49:1,师机比为1.03:1", ["电脑生机比", "师机比"]),
    Case("letters_in_measure", "量化等级达到a级占比71%", ["a级占比"]),
    Case("nothing_to_name", "今年有4人被评为名校长", [""]),
    Case("after_verb_object", "配备了51名专职保安员。", ["专职保安员"]),
    Case("measure_capped", "农村义务教育营养改善计划膳食补贴标准提高200元", ["义务教育营养改善计划膳食补贴标准"]),
    Case("adverb_after_head_noun", "于10月初在9所学校成功试点开展校内课后服务", ["学校"]),
    Case("share_after_zhan", "其学位数占全市普通高中学位总数的47.75%", ["普通高中学位总数"]),
    Case("per_pupil_keeps_its_level", "小学生均图书25.6册,初中生均教学仪器设备值1890元", ["小学生均图书", "初中生均教学仪器设备值"]),
    Case("land_area_keeps_zhandi", "中小学校园占地面积3680万平方米", ["中小学校园占地面积"]),
    Case("per_hundred_pupils", "每百名学生拥有教学用计算机15.6台", ["每百名学生拥有教学用计算机"]),
    Case("jige_is_no_boundary_in_a_rate", "优秀率28.5%,及格率82.3%", ["优秀率", "及格率"]),
    Case("keep_word_is_not_stripped", "购置图书15万册、计算机1200台", ["购置图书", "计算机"]),
    Case("share_word_still_cuts", "国家财政性教育经费占教育经费总投入的86.4%", ["教育经费总投入"]),
]
MEASURE_GAPS = [
    Case("subject_of_zhan", "650分以上考生人数占全省25%", ["650分以上考生人数"]),
    Case("head_noun_after_verb", "组织宣讲团到我市三所小学作宣讲报告", ["小学"]),
    Case("delta_measure_after_xinzeng", "实验仪器配备新增投入43.28万元", ["实验仪器配备投入"]),
]


@pytest.mark.parametrize("case", params(*MEASURES, *MEASURE_GAPS, xfail=[
    ("subject_of_zhan", "the measure of X占Y的N% is Y (the whole), not X (the part)"),
    ("head_noun_after_verb", "a one-character verb after the head noun (小学作报告) is no boundary"),
    ("delta_measure_after_xinzeng", "the change verb cuts the phrase; the part before it is lost"),
]))
def test_measure(case):
    assert [f.measure for f in describe_text(case.text)] == case.expect


# --------------------------------------------------------------------------- role

ROLE_CASES = [
    Case("level_default", "全区有幼儿园76所", ["level"]),
    Case("delta_increase", "比上年春季招生增加了1565人", ["delta"]),
    Case("delta_new", "新增学位2700个", ["delta"]),
    Case("change_word_inside_a_name_is_no_cue", "举办校长能力提升培训班2期,实施质量提升工程12项", ["level", "level"]),
    Case("change_word_before_a_figure_still_cues", "培训经费提高到120万元,比上年提高15万元", ["level", "delta"]),
    Case("target_change", "力争新增学位2500个以上", ["target"]),
    Case("target_far_back_keeps_change", "确保教育经费优先安排、教育规划优先研究、教育难题优先解决,"
         "全市通过实施中小学布局调整,共撤并中小学校602所,新增用地面积570.7万平方米", ["delta", "delta"]),
    Case("secured_funds_are_no_target", "争取上级薄弱学校改造项目资金共计5820万元", ["level"]),
    Case("enumeration_shares_the_first_role", "东坡区、仁寿县、彭山区分别新增学位6200个、5400个、3100个",
         ["delta", "delta", "delta"]),
    Case("plan_with_verb_is_target", "计划新建、改扩建学校3至5所", ["target"]),
    Case("delta_cut", "保留70人,共精减28人", ["level", "delta"]),
    Case("growth_same_period", "同比增长54%", ["growth"]),
    Case("growth_raise_percent", "合格率提高3%", ["growth"]),
    Case("delta_points", "较上年提高0.3个百分点", ["delta"]),
    Case("growth_times", "投入增长2倍", ["growth"]),
    Case("previous_last_year", "所占全区比例为57.6%,较去年44.1%,提升13.5%", ["level", "previous", "delta"]),
    Case("previous_original", "局机关和教辅单位原有人员98人", ["previous"]),
    Case("previous_last_year_was", "上年为1200人", ["previous"]),
    Case("from_to", "一本上线率由44.1%提高到54%", ["previous", "level"]),
    Case("from_to_zhi", "占比从60%提升至75%", ["previous", "level"]),
    Case("target_strive", "力争公办园和普惠性民办园占比达80%", ["target"]),
    Case("target_ensure", "确保辖区儿童少年入学率100%", ["target"]),
    Case("target_expected", "预计投入3000万元", ["target"]),
    Case("target_only_after_cue", "投入2000万元,力争新建3所", ["level", "target"]),
    Case("cue_in_other_clause_does_not_count", "新增3所,投入2000万元", ["delta", "level"]),
    Case("nearest_cue_wins", "比上年增加156人,增长7.1%", ["delta", "growth"]),
    Case("decrease", "下降了2.3个百分点,降幅为15%", ["delta", "growth"]),
]


# a decrease is negative in every role it takes; a level and a previous value stay positive
SIGNED_CASES = [
    Case("delta_decrease", "在校生减少300人", [("delta", -300)]),
    Case("delta_cut", "保留70人,共精减28人", [("level", 70), ("delta", -28)]),
    Case("growth_decrease", "资助资金3285.4万元,同比下降4.1%", [("level", 32854000), ("growth", -4.1)]),
    Case("points_decrease", "辍学率下降0.5个百分点", [("delta", -0.5)]),
    Case("points_increase", "入园率提高2.4个百分点", [("delta", 2.4)]),
    Case("fall_back", "招生人数回落120人", [("delta", -120)]),
    Case("shrink", "大班额缩减15个", [("delta", -15)]),
    Case("negative_growth", "出生人口负增长3%", [("growth", -3)]),
    Case("target_decrease", "力争减少大班额20个", [("target", -20)]),
    Case("merged_schools", "共撤并办学规模小、效益低的中小学校602所", [("delta", -602)]),
    Case("reduction_rate_is_a_negative_level", "校外培训机构压减率为94.7%", [("level", -94.7)]),
    Case("from_to_stays_positive", "由76家压减至4家", [("previous", 76), ("level", 4)]),
    Case("written_minus_not_flipped_twice", "同比下降-5%", [("growth", -5)]),
    Case("enumeration_shares_the_direction", "分别减少300人、200人", [("delta", -300), ("delta", -200)]),
    Case("increase_stays_positive", "比上年增加156人,增长7.1%", [("delta", 156), ("growth", 7.1)]),
    Case("plain_level_positive", "全区有幼儿园76所", [("level", 76)]),
]


@pytest.mark.parametrize("case", params(*SIGNED_CASES))
def test_a_decrease_is_negative(case):
    got = [(f.role, float(f.quantity.value)) for f in describe_text(case.text)]
    assert got == [(role, pytest.approx(value)) for role, value in case.expect]


POINT_CASES = [
    Case("points_written", "较上年提高0.3个百分点", ["percentage_point"]),
    Case("difference_of_two_rates", "所占全区比例为57.6%,较去年44.1%,提升13.5%", ["percent", "percent", "percentage_point"]),
    Case("relative_growth_stays_percent", "一本上线率由40%提高到50%,增长25%", ["percent", "percent", "percent"]),
    Case("growth_alone_stays_percent", "同比增长54%", ["percent"]),
]


@pytest.mark.parametrize("case", params(*POINT_CASES))
def test_a_change_in_percentage_points_has_its_own_unit(case):
    assert [f.quantity.unit for f in describe_text(case.text)] == case.expect


@pytest.mark.parametrize("case", params(*ROLE_CASES))
def test_role(case):
    roles = [f.role for f in describe_text(case.text)]
    assert roles == case.expect
    assert set(roles) <= set(ROLES)


# --------------------------------------------------------------------------- enumerations

ENUMERATIONS = [
    Case("years_named", "2006、2007、2008年,全市投入分别为86.72亿元、101.89亿元、123.92亿元",
         [(0, 3, "2006"), (1, 3, "2007"), (2, 3, "2008")]),
    Case("years_lost", "2006、、年,全市投入为86.72亿元、101.89亿元、123.92亿元",
         [(0, 3, "2006"), (1, 3, None), (2, 3, None)]),
    Case("years_with_nian_each", "2016年、2017年,分别招生300人、320人", [(0, 2, "2016"), (1, 2, "2017")]),
    Case("places", "南沙区、天河区、番禺区规范化学校所占比例分别为88.2%、84.85%、82.81%",
         [(0, 3, "南沙区"), (1, 3, "天河区"), (2, 3, "番禺区")]),
    Case("fenbie_without_keys", "市本级财政对教育的投入分别为31.08亿元、32.89亿元", [(0, 2, None), (1, 2, None)]),
    Case("two_runs_share_keys", "2006、2007年,投入为86.72亿元、101.89亿元,分别占支出总额的20.02%、20.10%",
         [(0, 2, "2006"), (1, 2, "2007"), (0, 2, "2006"), (1, 2, "2007")]),
    Case("keys_from_earlier_in_paragraph", "2006、2007年,投入为86.72亿元、101.89亿元;市本级投入分别为31.08亿元、32.89亿元",
         [(0, 2, "2006"), (1, 2, "2007"), (0, 2, "2006"), (1, 2, "2007")]),
    Case("list_without_fenbie_is_no_enumeration", "38个党组织、982名党员参与", [(None, None, None), (None, None, None)]),
    Case("different_units_are_no_run", "分别投入300万元、新建5所", [(None, None, None), (None, None, None)]),
    Case("key_count_mismatch", "2006、2007、2008年,分别为86.72亿元、101.89亿元", [(0, 2, None), (1, 2, None)]),
]


@pytest.mark.parametrize("case", params(*ENUMERATIONS))
def test_enumeration(case):
    assert [(f.enum_index, f.enum_size, f.enum_key) for f in describe_text(case.text)] == case.expect


def test_enum_keys_are_the_whole_list():
    figs = describe_text("南沙区、天河区分别为88.2%、84.85%")
    assert figs[0].enum_keys == figs[1].enum_keys == ("南沙区", "天河区")


# --------------------------------------------------------------------------- contract


def test_figure_wraps_the_quantity_in_its_sentence():
    text = "第一句没有数字。惠及学生57.9万人。"
    (fig,) = describe_text(text)
    assert fig.quantity.raw == "57.9万人"
    assert text[fig.sentence_start:fig.sentence_end] == "惠及学生57.9万人。"


def test_describe_keeps_order_and_length():
    text = "新建3所,投入2000万元,培训1800余人次。"
    qs = find_quantities(text)
    assert [f.quantity for f in describe(text, qs)] == qs


def test_describe_of_nothing_is_empty():
    assert describe("", []) == []
    assert describe("没有数字。", []) == []


@pytest.mark.parametrize("call", [lambda: describe(None, []), lambda: split_sentences(b"x")])
def test_wrong_type_is_a_type_error(call):
    with pytest.raises(TypeError):
        call()


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.stem[:3] for p in SEED_FILES])
def test_every_seed_figure_lies_in_its_sentence(path: Path):
    text = clean(seed_text(path))
    figs = describe_text(text)
    assert figs
    bad = [f for f in figs if not f.sentence_start <= f.quantity.start < f.quantity.end <= f.sentence_end]
    assert bad == []
    assert all(f.role in ROLES for f in figs)
    assert all(f.enum_index is None or 0 <= f.enum_index < f.enum_size == len(f.enum_keys) for f in figs)


# --------------------------------------------------------------------------- clause starts


def _clause_start_by_walking(text, pos, floor, within=""):
    """The definition: walk back from ``pos`` to just after a clause mark not in ``within``, not before ``floor``."""
    from edureports.sentences import CLAUSE_MARKS

    i = pos
    while i > floor and (text[i - 1] not in CLAUSE_MARKS or text[i - 1] in within):
        i -= 1
    return i


CLAUSE_TEXTS = [  # (name, text): marks at the edges, runs of marks, the 、 kept inside a list, newlines
    ("no_mark", "全区新建学校3所"),
    ("every_mark", "a,b;c:d(e)f、g“h”i\"j《k》l【m】n。o!p?q\nr"),
    ("marks_at_both_ends", "、,投入3所,"),
    ("runs_of_marks", "投入,,、、(3所"),
    ("list_with_dun", "撤并规模小、效益低的学校602所"),
    ("empty", ""),
]


@pytest.mark.parametrize("text", [c[1] for c in CLAUSE_TEXTS], ids=[c[0] for c in CLAUSE_TEXTS])
def test_clause_start_is_the_walk_back_to_a_mark(text):
    from edureports.context import _clause_start

    for within in ("", "、"):
        for floor in range(len(text) + 1):
            for pos in range(len(text) + 1):
                assert _clause_start(text, pos, floor, within) == _clause_start_by_walking(text, pos, floor, within), \
                    (pos, floor, within)


BOUNDARY_PHRASES = [  # (name, phrase): boundary words inside keep words, next to each other, repeated, none
    ("keep_word_holds_a_boundary", "计算机教室共计"),
    ("boundaries_back_to_back", "参加的被参加"),
    ("none", "学杂费"),
    ("empty", ""),
    ("keep_word_beside_boundaries", "在校学生的共计"),  # 在 inside 在校 dropped, 的 and 共计 kept
    ("keep_word_without_boundary", "达标"),
]


def _cut_before_plain(phrase, v):
    """The definition: while the last boundary (outside keep words) ends the phrase, drop it and look again
    for the boundaries of what is left; else the words after it."""
    from edureports.context import _boundaries

    while cuts := _boundaries(phrase, v):
        start, end = cuts[-1]
        if end != len(phrase):
            return phrase[end:]
        phrase = phrase[:start]
    return phrase


# pieces of boundary words, keep words holding them (计算机: 共计 + 算机; 在校: 在) and plain words
CUT_PIECES = ["的", "了", "是", "为", "为民", "共计", "计算机", "计划", "在", "在校", "达", "达到", "达标", "比上年", "比例",
              "对比", "比", "有", "有效", "拥有", "新增", "增长", "增长率", "学生", "学校", "经费", "人数", "占", "占比", "所占",
              "及", "及格", "完成", "完成率", "等", "中等"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CUT_PIECES), max_size=7))
def test_cut_before_is_its_definition(pieces):
    """_cut_before finds the boundaries once; its definition looks again after each cut."""
    from edureports.context import _cut_before, _vocab

    phrase = "".join(pieces)
    assert _cut_before(phrase, _vocab()) == _cut_before_plain(phrase, _vocab())


@pytest.mark.parametrize("phrase", [c[1] for c in BOUNDARY_PHRASES], ids=[c[0] for c in BOUNDARY_PHRASES])
def test_boundaries_are_the_word_matches_outside_keep_words(phrase):
    from edureports.context import _boundaries, _vocab
    from edureports.quantities import load_data, words_pattern

    measure = load_data("roles")["measure"]
    kept = [m.span() for m in words_pattern(measure["keep"]).finditer(phrase)]
    expect = [m.span() for m in words_pattern(measure["boundaries"]).finditer(phrase)
              if not any(s < m.end() and m.start() < e for s, e in kept)]
    assert _boundaries(phrase, _vocab()) == expect


# --------------------------------------------------------------------------- a quantity's sentence


def _sentence_by_split(text, start, end):
    """The definition: the span of split_sentences holding ``start``, else ``(start, end)`` (``(0, 0)``
    for an empty text)."""
    for s, e in split_sentences(text):
        if s <= start < e:
            return s, e
    return (start, end) if text else (0, 0)


SENTENCE_TEXTS = [  # closers after an end mark and alone, whitespace-only sentences, no end mark, marks only
    ("closers_after_the_mark", "他说:“很好。”)然后离开。"),
    ("closer_alone", ")投入”3所。)"),
    ("whitespace_sentences", "  第一句。  \n\n 第二句 "),
    ("marks_only", "。。\n!)”"),
    ("closer_then_mark", "a。)。)b"),
    ("no_end_mark", "全区新建学校3所"),
    ("full_width_ends", "投入！新建？改建；完成"),
    ("empty", ""),
]


@pytest.mark.parametrize("text", [c[1] for c in SENTENCE_TEXTS], ids=[c[0] for c in SENTENCE_TEXTS])
def test_a_quantitys_sentence_is_the_split_sentence_holding_it(text):
    from edureports.context import _Sentences

    positions = list(range(len(text) + 1))
    for order in (positions, positions[::-1], positions[::2] + positions[1::2]):  # in text order or not
        found = _Sentences(text)
        for pos in order:
            assert found.at(pos, pos + 1) == _sentence_by_split(text, pos, pos + 1), pos


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="。!?;！？；\n”\")）】」』 a,", max_size=30), st.lists(st.integers(0, 30), max_size=12))
def test_a_quantitys_sentence_on_any_text(text, positions):
    from edureports.context import _Sentences

    found = _Sentences(text)
    for pos in positions:
        assert found.at(pos, pos + 1) == _sentence_by_split(text, pos, pos + 1), pos


def _cut_possessor_plain(phrase, v):
    """The definition: the phrase after the latest last occurrence of a possessor whose rest is not a term
    (possessor_not_before) and is two characters or more and no bare head; the whole phrase when none."""
    cuts = [phrase.rfind(noun) + len(noun) for noun in v.possessors if noun in phrase]
    cuts = [c for c in cuts if not phrase[c:].startswith(v.possessor_not_before) and len(phrase[c:]) >= 2
            and v.bare_heads.at(phrase[c:], len(phrase[c:])) is None]
    return phrase[max(cuts):] if cuts else phrase


POSSESSOR_PHRASES = ["学校学生学杂费", "学生人数", "小学生均图书", "学杂费", "", "地区", "阶段性学校", "学生学生",
                     "每百名学生拥有计算机", "地区学校经费", "学生数"]


@pytest.mark.parametrize("phrase", POSSESSOR_PHRASES)
def test_cut_possessor_is_its_definition(phrase):
    from edureports.context import _cut_possessor, _vocab

    assert _cut_possessor(phrase, _vocab()) == _cut_possessor_plain(phrase, _vocab())


def _keys_before_plain(text, start, pos, v):
    """The definition: the keys of the list (of years or places) ending last before ``pos``, the longest
    on a tie; None when there is none."""
    from edureports.context import _list_keys
    from edureports.years import YEAR_LISTS

    lists = [m for pattern in (*YEAR_LISTS, v.place_list) for m in pattern.finditer(text, start, pos)]
    return _list_keys(max(lists, key=lambda m: (m.end(), m.end() - m.start()))) if lists else None


KEY_TEXTS = ["2006、2007、2008年,投入分别为", "2006、、年", "南沙区、天河区和2006、2007年,甲县、乙县。2019、2020年",
             "２００６、２００７年", "20xx、20**、年", "甲区、乙县 丙区、丁县", "2006、2007年、南沙区、天河区", "南沙区、天河区、番禺区分别为", "2006年、2007年投入",
             "20**、、年和甲县、乙县", "投入分别为", "、年", "年、", "甲区、", "2019年、南沙区、天河区", ""]


@pytest.mark.parametrize("text", KEY_TEXTS)
def test_keys_before_is_its_definition(text):
    from edureports.context import _keys_before, _vocab

    for start in range(len(text) + 1):
        for pos in range(start, len(text) + 1):
            assert _keys_before(text, start, pos, _vocab()) == _keys_before_plain(text, start, pos, _vocab())


LIST_ALPHABET = "20196２０*xX、年区县甲乙市学校小中,。 a"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LIST_ALPHABET, max_size=30), st.data())
def test_keys_before_is_its_definition_on_generated_texts(text, data):
    """_keys_before reads each pattern's last match from the runs of its characters, from the last back."""
    from edureports.context import _keys_before, _vocab

    start = data.draw(st.integers(0, len(text)))
    pos = data.draw(st.integers(start, len(text)))
    assert _keys_before(text, start, pos, _vocab()) == _keys_before_plain(text, start, pos, _vocab())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LIST_ALPHABET, max_size=30))
def test_every_list_is_made_of_its_run_characters(text):
    """What _last_list relies on: no list holds a character outside its run, and no run holds a list
    that stands differently in it (the matches of finditer inside a run are the run's own)."""
    from edureports.context import _YEAR_LIST_RUN, _vocab
    from edureports.years import YEAR_LISTS

    v = _vocab()
    for pattern, (run, _) in [(p, _YEAR_LIST_RUN) for p in YEAR_LISTS] + [(v.place_list, v.place_list_run)]:
        found = [m.span() for m in pattern.finditer(text)]
        assert all(run.fullmatch(text, a, b) for a, b in found)
        in_runs = [m.span() for r in run.finditer(text) for m in pattern.finditer(text, *r.span())]
        assert in_runs == found


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="20196*x、年区县甲乙市,", max_size=30))
def test_every_list_holds_its_marks(text):
    from edureports.context import _vocab
    from edureports.years import LIST_MARK, YEAR_LIST_WORD, YEAR_LISTS

    for pattern in YEAR_LISTS:
        assert all(LIST_MARK in m.group() and YEAR_LIST_WORD in m.group() for m in pattern.finditer(text))
    assert all(LIST_MARK in m.group() for m in _vocab().place_list.finditer(text))


def test_a_figure_is_made_as_its_frozen_dataclass_would_be():
    """Figure sets its fields at once: the same figure as the __init__ the frozen dataclass writes."""
    import dataclasses

    from edureports.context import Figure

    fields = [(f.name, f.type) if f.default is dataclasses.MISSING
              else (f.name, f.type, dataclasses.field(default=f.default)) for f in dataclasses.fields(Figure)]
    plain = dataclasses.make_dataclass("Figure", fields, frozen=True)  # the dataclass's own __init__
    q = find_quantities("投入5万元")[0]
    for args, kwargs in [((q, 0, 7, "投入", "level"), {}), ((q, 0, 7, "", "delta", 1, 2, ("2006", None)), {}),
                         ((q,), {"sentence_start": 3, "sentence_end": 4, "measure": "m", "role": "target",
                                 "enum_keys": ("甲区",)})]:
        fig, ref = Figure(*args, **kwargs), plain(*args, **kwargs)
        assert dataclasses.astuple(fig) == dataclasses.astuple(ref) and repr(fig) == repr(ref)
        assert fig == Figure(*args, **kwargs) and hash(fig) == hash(Figure(*args, **kwargs))
        assert dataclasses.replace(fig, role="previous").role == "previous" and fig.role != "previous"
        with pytest.raises(dataclasses.FrozenInstanceError):
            fig.role = "previous"
    with pytest.raises(TypeError):
        Figure(q, 0, 7)  # measure and role are required


@pytest.mark.parametrize("text", [c[1] for c in CLAUSE_TEXTS], ids=[c[0] for c in CLAUSE_TEXTS])
def test_a_list_starts_before_its_clause_only_after_a_list_mark(text):
    """_role looks for the list's start only when a 、 stands right before the clause: elsewhere the two agree."""
    from edureports.context import _clause_start

    for floor in range(len(text) + 1):
        for pos in range(len(text) + 1):
            clause = _clause_start(text, pos, floor)
            if not (clause > floor and text[clause - 1] == "、"):
                assert _clause_start(text, pos, floor, "、") == clause, (pos, floor)


def test_no_words_beside_a_figure_give_no_measure_from_that_side():
    """_measure skips the cuts when no word stands right after (or right before) a figure: both cuts of an
    empty phrase are empty, so the measure comes from the other side or the figure before."""
    from edureports.context import _cut_after, _cut_before, _strip_scope, _vocab

    v = _vocab()
    assert _strip_scope(_cut_after("", v), v) == "" and _strip_scope(_cut_before("", v), v) == ""


def _nearest_cue_plain(segment, v):
    """The definition: of every cue word occurrence (str.find, overlapping) not a change cue run into a
    name, the kind of the one ending last, the longest on a tie; None without one."""
    best, best_key = None, (-1, 0)
    for word, kind in v.cues:
        i = segment.find(word)
        while i >= 0:
            end = i + len(word)
            if not (kind in ("change", "decrease") and segment.startswith(v.cue_names, end)):
                if (end, len(word)) > best_key:
                    best, best_key = kind, (end, len(word))
            i = segment.find(word, i + 1)
    return best


CUE_PIECES = ["增加", "提升", "培训班", "由", "从", "较去年", "比上年", "下降", "减少", "学校", "新建", "力争", "达到", "投入",
              "质量提升工程", "上", "原有", "负增长", "3所", ",", "精减", "撤并"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CUE_PIECES), max_size=6))
def test_nearest_cue_is_its_definition(pieces):
    """_nearest_cue runs the automaton only on a segment holding a cue's first character."""
    from edureports.context import _nearest_cue, _vocab

    segment = "".join(pieces)
    assert _nearest_cue(segment, _vocab()) == _nearest_cue_plain(segment, _vocab())


PLACE_TEXTS = ["全市投入5775.1万元,新建学校3所;招生4468人。比上年增加1565人,同比增长54%。", "3所、5所和7所。\n  12人",
               "投入2000万元。他说:“很好!”3人", "", "一本上线率由44.1%提高到54%。2006、2007年,投入分别为86.72亿元、101.89亿元。"]


@pytest.mark.parametrize("text", PLACE_TEXTS)
def test_places_are_the_figure_by_figure_sentences_and_clauses(text):
    """describe finds every quantity's sentence and clause first (_places): the clause begins after the
    quantity before only when that one stands in the same sentence."""
    from edureports.context import _Sentences, _clause_start, _places
    from edureports.quantities import find_quantities

    quantities = find_quantities(text)
    expect, sentences = [], _Sentences(text)
    for i, q in enumerate(quantities):
        s_start, s_end = sentences.at(q.start, q.end)
        prev = quantities[i - 1] if i and expect[i - 1][0] == s_start else None
        floor = max(s_start, prev.end) if prev else s_start
        expect.append((s_start, s_end, floor, _clause_start(text, q.start, floor)))
    assert _places(text, quantities) == expect
