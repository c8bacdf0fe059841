"""Normalise stage: table-driven cases per step, the seeds, and the offset-map property."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import edureports
from edureports.normalisation import detect_script, normalise
from conftest import SEED_FILES, SEED_IDS, Case, cases, seed_text


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


def test_boilerplate_rules_that_cannot_share_one_pattern_fail_listing_every_error(monkeypatch):
    from edureports import normalisation
    from edureports.errors import DataFileError

    rules = [{"kind": "print", "pattern": "(?i)print"}, {"kind": "views", "pattern": r"(\d+)次\1"},
             {"kind": "lead", "pattern": "导语:(.*"}]
    monkeypatch.setattr(normalisation, "load_yaml", lambda name: rules)
    normalisation._boilerplate_rules.cache_clear()
    try:
        with pytest.raises(DataFileError) as info:
            normalisation._boilerplate_rules()
    finally:
        normalisation._boilerplate_rules.cache_clear()
    errors = info.value.errors
    assert len(errors) == 3, errors
    assert "entry 1: a backreference" in errors[0] and "entry 2" in errors[1] and "global inline flag" in errors[2]


@cases(
    Case("simplified", "教育经费投入大幅增长", "simplified"),
    Case("traditional", "教育經費投入大幅增長", "traditional"),
    Case("mixed", "教育經費投入大幅增長,教育经费投入大幅增长", "mixed"),
    Case("no_distinguishing_chars", "中小学", "simplified"),
)
def test_script_detection(case):
    assert detect_script(case.source) == case.clean


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


# --------------------------------------------------------------------------- fast paths = definitions

_TRICKY = st.sampled_from(list("教育經費经费區区乾干隆 \n\r\u3000\ufffd5５a\U00020000\U0002a6a5"))


@settings(max_examples=200, deadline=None)
@given(pairs=st.lists(st.tuples(_TRICKY, _TRICKY), max_size=30))
def test_changed_characters_are_counted_as_one_by_one(pairs):
    from edureports.normalisation import _changed

    text, other = "".join(a for a, _ in pairs), "".join(b for _, b in pairs)
    assert _changed(text, other) == sum(a != b for a, b in pairs)


# --------------------------------------------------------------------------- one OpenCC conversion
# normalise converts the source once: the probes (full-width -> ASCII first) and the clean text (lines
# of furniture deleted first) come from it. That holds because OpenCC's t2s dictionaries are written in
# ideographs only: every other character converts to itself and ends a phrase, so a text converts run
# by run of ideographs, and the per-character maps of other characters commute with the conversion.


def _t2s_dictionaries() -> dict[str, list[tuple[str, str]]]:
    """Every dictionary OpenCC's t2s configuration reads, dumped with the tool OpenCC ships
    (``opencc_dict``); a machine where the tool does not run fails the test: normalise's single
    conversion rests on what it shows."""
    import json
    import os
    import subprocess
    import tempfile
    from pathlib import Path

    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    share = clib / "share" / "opencc"

    def files(node):
        if isinstance(node, dict):
            yield from ([node["file"]] if "file" in node else [])
            for value in node.values():
                yield from files(value)
        elif isinstance(node, list):
            for value in node:
                yield from files(value)

    names = sorted(set(files(json.loads((share / "t2s.json").read_text(encoding="utf-8")))))
    out = {}
    env = {**os.environ, "LD_LIBRARY_PATH": str(clib / "lib64")}
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            dump = Path(tmp) / (name + ".txt")
            try:
                subprocess.run([str(clib / "bin" / "opencc_dict"), "-i", str(share / name), "-o", str(dump),
                                "-f", "ocd2", "-t", "text"], check=True, capture_output=True, env=env, timeout=60)
            except (OSError, subprocess.SubprocessError) as exc:
                pytest.fail(f"opencc_dict (shipped in the opencc wheel) does not run here: {exc}")
            out[name] = [tuple(line.rstrip("\n").split("\t")) for line in dump.read_text(encoding="utf-8").splitlines()]
    return out


def test_opencc_t2s_dictionaries_are_written_in_ideographs_only():
    from edureports.normalisation import _PHRASE_CHAR

    dictionaries = _t2s_dictionaries()
    assert len(dictionaries) >= 3 and all(dictionaries.values())
    for name, entries in dictionaries.items():
        outside = {ch for key, values in entries for ch in key + values.replace(" ", "") if not _PHRASE_CHAR.match(ch)}
        assert not outside, (name, sorted(outside)[:20])


def _mapped_characters() -> list[str]:
    """Every character the per-character maps of normalise read or write (full-width, odd spaces,
    zero-width, their images) and the line breaks furniture deletions end with."""
    from edureports.normalisation import _CHAR_TABLE, _ZERO_WIDTH_RE

    zero_width = [ch for ch in map(chr, range(0x10000)) if _ZERO_WIDTH_RE.match(ch)]
    return sorted({*_CHAR_TABLE, *_CHAR_TABLE.values(), *zero_width, *"\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029、"})


def test_no_mapped_character_is_an_ideograph_and_the_overrides_are():
    from edureports.normalisation import _PHRASE_CHAR, _overrides

    assert not [ch for ch in _mapped_characters() if _PHRASE_CHAR.match(ch)]
    assert all(_PHRASE_CHAR.fullmatch(k) and _PHRASE_CHAR.fullmatch(v) for k, v in _overrides().items())


@pytest.mark.parametrize("ch", _mapped_characters(), ids=lambda ch: f"U+{ord(ch):04X}")
def test_a_mapped_character_converts_to_itself_and_ends_a_phrase(ch):
    """乾隆 is a phrase (kept), 乾 alone becomes 干: the character between them must split them."""
    from edureports.normalisation import _t2s

    assert _t2s("乾隆") == "乾隆" and _t2s("乾") == "干"
    assert _t2s("乾" + ch + "隆") == "干" + ch + "隆"


def _t2s_changes_of_the_dictionaries() -> tuple[str, dict[str, str]]:
    """What ``data/t2s_changes.yaml`` must hold, worked out from the installed dictionaries: the
    single-character keys whose first value differs, and the phrase keys whose first value differs
    holding none of those characters, with that value."""
    entries = [(key, values.split(" ")[0]) for dictionary in _t2s_dictionaries().values() for key, values in dictionary]
    characters = sorted({key for key, value in entries if len(key) == 1 and value != key})
    phrases = {key: value for key, value in entries
               if len(key) > 1 and value != key and not set(key) & set(characters)}
    return "".join(characters), phrases


def test_the_t2s_changes_file_is_what_the_installed_dictionaries_give():
    from edureports._data import load_yaml

    data = load_yaml("t2s_changes.yaml")
    characters, phrases = _t2s_changes_of_the_dictionaries()
    assert "".join(data["characters"]) == characters
    assert data["phrases"] == phrases
    assert "萬" in characters and "覆" not in characters and phrases["反覆"] == "反复"


def test_every_character_the_file_leaves_out_converts_to_itself():
    """OpenCC writes a key's first value (覆 has values 覆 and 复: alone it stays), and any other
    character as it is: every code point up to plane 3 but the file's characters and the surrogates,
    each alone on a line, converts to itself (one call)."""
    import opencc

    from edureports.normalisation import _t2s_changes

    table, _ = _t2s_changes()
    kept = "\n".join(chr(cp) for cp in range(0x40000) if table[cp] != 2 and chr(cp) != "\n")
    assert len(kept) > 2 * 0x3C000
    assert opencc.OpenCC("t2s").convert(kept) == kept


_CHANGE_CHARACTERS = list("萬乾著後覆沈瞭藉反回解口思了复一坏坯教经费 5a\n\uf900\U00020000\U0002a6a5")


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.one_of(st.sampled_from(_CHANGE_CHARACTERS),
                                st.sampled_from(["反覆", "回覆", "一坏", "沈思", "瞭解", "藉口", "反反覆覆", "覆盖"])),
                      max_size=12))
def test_opencc_is_skipped_only_where_the_text_converts_to_itself(parts):
    import opencc

    from edureports.normalisation import _may_change, _opencc_t2s

    text = "".join(parts)
    assert _opencc_t2s(text) == opencc.OpenCC("t2s").convert(text)
    if not _may_change(text):
        assert opencc.OpenCC("t2s").convert(text) == text


@pytest.mark.parametrize("text,expected", [
    ("", False), ("教育经费投入5万元", False), ("全覆盖", False), ("覆", False),
    ("教育經費", True), ("反覆", True), ("他回覆了", True), ("回覆", True), ("覆x反", False),
    ("覆反覆", True), ("一坏", True), ("坏一", False), ("\uf900", True), ("\U0002a6a5", False),
    ("甲\ud800", True),
], ids=["empty", "simplified", "phrase_char_in_a_simplified_word", "phrase_char_alone", "traditional",
        "phrase", "phrase_inside", "phrase_at_start", "phrase_chars_apart", "second_occurrence",
        "phrase_at_its_first_char", "reversed", "compatibility_ideograph", "plane_two_unchanged",
        "lone_surrogate"])
def test_may_change_cases(text, expected):
    from edureports.normalisation import _may_change

    assert _may_change(text) is expected


_EDIT_TEXT = st.text(alphabet=list("乾隆後著。\n3、(ū５\u3000"), max_size=14)


@pytest.mark.parametrize("text,edits,expected", [
    ("導語\n區域", [(0, 3, "")], "区域"),  # a line of furniture
    ("3、乾隆\n乾", [(0, 2, "")], "乾隆\n干"),  # a page marker
    ("乾(qián)。", [(1, 7, "")], "干。"),  # pinyin before punctuation
    ("乾(qián)隆", [(1, 7, "")], "乾隆"),  # pinyin inside a phrase: 乾隆 stays, 乾 alone becomes 干
    ("乾隆年", [(1, 2, "")], "干年"),  # a cut inside a run: the line converted anew
    ("甲\n乾。\n乙", [(3, 4, "隆")], "甲\n乾隆\n乙"),  # characters put in
    ("甲\n乾\n隆", [(3, 4, "")], "甲\n乾隆"),  # a line break deleted: the lines on both sides
    ("乾(qū)" * 17 + "隆", [(k * 5 + 1, k * 5 + 5, "") for k in range(17)], None),  # too many: convert whole
    ("乾隆,後,乾。\n隆", [(6, 7, "")], "乾隆,后,干\n隆"),  # a mark deleted at the end of a run
    ("後,乾,隆。", [(3, 4, "")], "后,乾隆。"),  # a comma deleted inside a line: the runs on both sides
    ("乾,隆年,乾", [(0, 0, "隆"), (5, 5, "後")], "隆干,隆年,后干"),  # two insertions, each with its run
    ("乾隆,後\n乾", [], "乾隆,后\n干"),  # no edit: the conversion as it is
], ids=["furniture_line", "page_marker", "pinyin_before_punctuation", "pinyin_joins_a_phrase", "cut_in_a_run",
        "replacement", "line_break_deleted", "many", "mark_at_a_run_end", "comma_between_runs",
        "insertions_in_two_runs", "no_edit"])
def test_conversion_after_deletions_cases(text, edits, expected):
    from edureports.normalisation import _converted_after, to_simplified

    assert _converted_after(text, to_simplified(text), edits) == expected


@settings(max_examples=300, deadline=None)
@given(text=_EDIT_TEXT, data=st.data())
def test_conversion_after_edits_is_the_conversion_of_the_edited_text(text, data):
    from edureports.normalisation import _converted_after, to_simplified

    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=6), label="cuts"))
    new = data.draw(st.lists(st.sampled_from(["", "", "隆", "乾\n", "!"]), min_size=3, max_size=3), label="new")
    edits = [(i, j, n) for i, j, n in zip(cuts[::2], cuts[1::2], new)]
    edited = "".join(n + text[j:i] for (_, j, n), (i, _, _) in zip([(0, 0, "")] + edits, edits + [(len(text), 0, "")]))
    fast = _converted_after(text, to_simplified(text), edits)
    assert fast is None or fast == to_simplified(edited)
    assert fast is not None  # a few edits: always known


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=list("教育經費经费區区著乾干後后a5 \n\U00020000\U0002a6a5龘䶵"), max_size=30))
def test_script_counts_are_the_characters_counted_one_by_one(text):
    from edureports.normalisation import _char_script, _script_counts

    scripts = [_char_script(ch) for ch in text]
    assert _script_counts(text) == (scripts.count("traditional"), scripts.count("simplified"))


@cases(
    Case("lone_surrogate", "投入\ud8005萬元", "投入\ufffd5万元"),
    Case("surrogates_either_side", "\udfff區\ud800", "\ufffd区\ufffd"),
    Case("lone_surrogate_in_simplified", "投入\ud8005万元覆盖", "投入\ufffd5万元覆盖"),
    Case("no_space_no_mask_no_zero_width", "教育經費投入5萬元。", "教育经费投入5万元。"),
    Case("mask_zero_width_space_together", "投入1?86 萬元\u200b。", "投入1*86万元。"),
)
def test_quick_scans_skip_only_what_cannot_apply(case):
    n = normalise(case.source)
    assert n.text == case.clean and len(n.offsets) == len(n.text)


# --------------------------------------------------------------------------- fast scans = their definitions

@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=list("區教a(（)）qūiàng3 \n"), max_size=30))
def test_pinyin_found_per_bracket_is_what_one_pattern_finds(text):
    """One search per opening bracket finds the spans of one pattern with both brackets, in order."""
    from edureports.normalisation import _PINYIN, _pinyin_spans

    assert _pinyin_spans(text) == [m.span() for m in _PINYIN.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("投入5ａＺ５（），\u3000\u00a0\u2009\t\x0c\ufeff\uff5e\uff5f"
                                                  "\U00020000\U0001f600\ud800\udfff a")), max_size=30))
def test_characters_mapped_by_array_are_mapped_as_by_a_dict(text):
    """The array look-up of code units maps each character as str.translate with the same table does
    (characters outside the Basic Multilingual Plane and lone surrogates left as they are)."""
    from edureports.normalisation import _ASCII_TABLE, _CHAR_TABLE, _translate, _point_table

    for name, table in (("ascii", _ASCII_TABLE), ("chars", _CHAR_TABLE)):
        assert _translate(text, _point_table(name)) == text.translate(str.maketrans(table))


def _whitespace_in_two_passes(text: str):
    """The plain definition of the whitespace step, as two passes with a rebuild each: each maximal run
    of spaces and carriage returns deleted at a line break, any other run but a single space made one
    space; then of each run of line breaks (with only spaces and carriage returns between them) the
    first kept."""
    import re

    from edureports.textmap import Pieces

    edits = []
    for m in re.finditer(r"[ \r]+", text):
        i, j = m.span()
        if text[i - 1:i] == "\n" or text[j:j + 1] == "\n":
            edits.append((i, j, ""))
        elif m.group() != " ":
            edits.append((i, j, " "))
    pieces = Pieces.of(text).rebuild(edits)
    return pieces.rebuild([(m.start() + 1, m.end(), "") for m in re.finditer(r"\n(?:[ \r]*\n)+", pieces.text())])


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=list("  \r\n\n甲1"), max_size=30))
def test_whitespace_in_one_pass_is_the_two_passes(text):
    from edureports.normalisation import _whitespace_edits
    from edureports.textmap import Pieces

    one, two = Pieces.of(text).rebuild(_whitespace_edits(text)), _whitespace_in_two_passes(text)
    assert (one.text(), list(one.starts), list(one.ends)) == (two.text(), list(two.starts), list(two.ends))


@pytest.mark.parametrize("text", ["", "甲", " ", "\n", "\n\n", " \n", "\n ", "\r", "\r\n", "甲 乙", "甲  乙",
                                  "甲\r乙", "甲 \n \n\r\n 乙", "\n\n甲\n\n", "  甲  ", "甲\n \n乙 丙\r\n"])
def test_whitespace_in_one_pass_cases(text):
    from edureports.normalisation import _whitespace_edits
    from edureports.textmap import Pieces

    one, two = Pieces.of(text).rebuild(_whitespace_edits(text)), _whitespace_in_two_passes(text)
    assert (one.text(), list(one.starts), list(one.ends)) == (two.text(), list(two.starts), list(two.ends))


def _rebuilt_by_hand(text, spans, edits):
    """Edits applied character by character: a kept or same-length replaced character keeps its span,
    each character of another replacement gets the whole replaced run's span."""
    out, out_spans, pos = [], [], 0
    for i, j, new in edits + [(len(text), len(text), "")]:
        out += text[pos:i]
        out_spans += spans[pos:i]
        if len(new) == j - i:
            out_spans += spans[i:j]
        elif j > i:
            out_spans += [(spans[i][0], spans[j - 1][1])] * len(new)
        out += new
        pos = j
    return "".join(out), out_spans


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=list("甲乙 \n5"), min_size=1, max_size=16), data=st.data())
def test_pieces_rebuilt_twice_keep_the_spans_worked_out_by_hand(text, data):
    from edureports.textmap import Pieces

    pieces, expected = Pieces.of(text), (text, [(k, k + 1) for k in range(len(text))])
    for _ in range(2):
        current = pieces.text()
        cuts = sorted(data.draw(st.lists(st.integers(0, len(current)), max_size=6, unique=True), label="cuts"))
        new = data.draw(st.lists(st.sampled_from(["", "", "*", "ab", "xyz"]), min_size=3, max_size=3), label="new")
        edits = [(i, j, n) for i, j, n in zip(cuts[::2], cuts[1::2], new) if j > i]
        pieces = pieces.rebuild(edits)
        expected = _rebuilt_by_hand(expected[0], expected[1], edits)
        assert (pieces.text(), list(zip(pieces.starts, pieces.ends))) == expected


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=list("甲乙 \n5\U00020000\ud800\udfff"), min_size=1, max_size=120), data=st.data())
def test_many_deletions_keep_the_spans_worked_out_by_hand(text, data):
    """Past MANY_EDITS deletions the spans and the text are picked by array operations; the same as by hand."""
    from edureports.textmap import MANY_EDITS, Pieces

    pieces = Pieces.of(text).rebuild([(k, k + 1, "") for k in range(0, len(text), 3)])  # spans no longer k, k + 1
    cuts = sorted(data.draw(st.lists(st.integers(0, len(pieces.text())), unique=True, max_size=120), label="cuts"))
    edits = [(i, j, "") for i, j in zip(cuts[::2], cuts[1::2])]
    expected = _rebuilt_by_hand(pieces.text(), list(zip(pieces.starts, pieces.ends)), edits)
    rebuilt = pieces.rebuild(edits)
    assert (rebuilt.text(), list(zip(rebuilt.starts, rebuilt.ends))) == expected
    if len(edits) > MANY_EDITS:
        assert type(rebuilt.starts) is type(pieces.starts)


def test_many_deletions_of_every_other_character_keep_their_spans():
    from edureports.textmap import MANY_EDITS, Pieces

    text = "区(qū)教\U00020000育\ud800" * 20
    pieces = Pieces.of(text)
    edits = [(k, k + 1, "") for k in range(0, len(text), 2)]
    assert len(edits) > MANY_EDITS
    rebuilt = pieces.rebuild(edits)
    assert rebuilt.text() == text[1::2]
    assert list(zip(rebuilt.starts, rebuilt.ends)) == [(k, k + 1) for k in range(1, len(text), 2)]


@settings(max_examples=500, deadline=None)
@given(line=st.text(alphabet=list("首页>教育 \u3000>>新闻ab1"), max_size=40))
def test_possessive_boilerplate_patterns_match_where_their_plain_forms_do(line):
    """A possessive quantifier in boilerplate.yaml gives nothing back: each rule written with one
    fullmatches exactly the lines its plain form (the quantifier greedy) does."""
    import re

    from edureports._data import load_yaml

    possessive = [entry["pattern"] for entry in load_yaml("boilerplate.yaml") if "}+" in entry["pattern"]]
    assert possessive
    for pattern in possessive:
        plain = re.compile(pattern.replace("}+", "}"))
        assert (re.fullmatch(pattern, line) is None) == (plain.fullmatch(line) is None), pattern


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=list("乾隆後著區覆教 \u3000５Ａ-•\n\r\x0b\x0c\x1c\x85\u2028\u2029"), max_size=40))
def test_probes_cut_from_the_whole_conversion_are_each_line_converted_alone(text):
    """The source's lines as the patterns see them, cut from one conversion of the whole source (its
    lines), are each line converted on its own (:func:`_probe`, the definition)."""
    from edureports.normalisation import _probe, _source_lines, to_simplified

    lines = _source_lines(text, to_simplified(text))
    assert lines.probes == [_probe(body, bullet=True) for body in lines.bodies]
    assert len(lines.probes) == len(lines.raws) == len(text.splitlines())


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.one_of(st.sampled_from(_CHANGE_CHARACTERS), st.sampled_from(["反覆", "覆盖", "沈思", "经费"])),
                      max_size=12), cut=st.integers(0, 12))
def test_a_text_opencc_cannot_change_is_simplified_after_deletions(parts, cut):
    """normalise names the script without counting where the source holds nothing OpenCC converts and
    only spans are deleted: the count finds no character of the traditional script there."""
    from edureports.normalisation import _may_change

    text = "".join(parts)
    if not _may_change(text):
        assert detect_script(text) == detect_script(text[:cut] + text[cut + 2:]) == "simplified"


@cases(
    Case("simplified_with_a_phrase_character", "全覆盖,投入5万元\n打印\n", "全覆盖,投入5万元\n"),
    Case("traditional", "全覆蓋,投入5萬元\n打印\n", "全覆盖,投入5万元\n"),
    Case("phrase_that_converts", "反覆检查\n", "反复检查\n"),
)
def test_script_named_with_and_without_counting(case):
    n = normalise(case.source)
    assert n.text == case.clean
    assert n.script == detect_script(case.source)


#: the plain forms of the boilerplate rules that data/boilerplate.yaml writes in a cheaper form
PLAIN_BOILERPLATE = {
    "file_title": r'(?P<value>[^/\\:*?"<>|]{2,80})\.(?:docx?|pdf|txt|wps|pptx?)',
}


def _cheap_boilerplate_forms() -> dict[str, str]:
    """The rule of boilerplate.yaml written in a cheap form for each plain form above."""
    from edureports._data import load_yaml

    entries = load_yaml("boilerplate.yaml")
    cheap = {kind: [e["pattern"] for e in entries if e["kind"] == kind and e["pattern"] != plain]
             for kind, plain in PLAIN_BOILERPLATE.items()}
    assert all(len(patterns) == 1 for patterns in cheap.values()), cheap
    return {kind: patterns[0] for kind, patterns in cheap.items()}


def _same_match(kind: str, line: str) -> None:
    import re

    cheap, plain = re.fullmatch(_cheap_boilerplate_forms()[kind], line), re.fullmatch(PLAIN_BOILERPLATE[kind], line)
    assert (cheap is None) == (plain is None), (kind, line)
    if cheap is not None:
        assert cheap.groupdict() == plain.groupdict(), (kind, line)


_FILE_TITLE_CHARS = list("教育工作总结a1-_ .:/?|\"<>*\\") + [".doc", ".docx", ".pdf", ".txt", ".wps", ".ppt",
                                                            ".pptx", ".DOC", "\n", "x" * 20, "教" * 30]


@settings(max_examples=1500, deadline=None)
@given(parts=st.lists(st.sampled_from(_FILE_TITLE_CHARS), max_size=40))
def test_cheap_file_title_matches_where_its_plain_form_does(parts):
    _same_match("file_title", "".join(parts))


@pytest.mark.parametrize("kind", sorted(PLAIN_BOILERPLATE))
def test_cheap_boilerplate_forms_on_named_and_real_lines(kind):
    """Named edge cases (the lengths where the look-ahead's bounds lie) and every line of the seeds
    and the held-out texts, as written and as the patterns see it."""
    from edureports import normalisation
    from edureports.paths import HELDOUT

    named = ["a.doc", "ab.doc", "x" * 80 + ".pptx", "x" * 81 + ".doc", "x" * 80 + ".docx", "x" * 81 + ".ppt",
             "教育局工作总结.DOCX", "报告.pdf.txt", "a/b.doc", "首页>新闻", "首页 > 新闻 > 正文 >", "首页>" * 7,
             "首页\u3000>\u3000新闻", "x" * 13 + ">y", "首页>>新闻", ">首页>新闻"]
    texts = [path.read_text(encoding="utf-8") for path in (*SEED_FILES, *sorted(HELDOUT.glob("*.txt")))]
    lines = [line for text in texts for raw in text.splitlines()
             for line in (raw, raw.strip(), normalisation._probe(raw))]
    assert len(lines) > 500
    for line in named + lines:
        _same_match(kind, line)
