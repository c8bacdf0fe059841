"""The scope stage's indexed lookups against their straightforward definitions, on tricky inputs.

:mod:`edureports.scope` finds some things once per text and looks them up per figure (the ends of
periods bisected, the heading lines looked for only before the lines of figures, the cue words only
around the sentences of figures, the totals near a part bisected by kind, a sentence's topic kept for
its later figures). Each case here computes the same answer the plain way (scan every line, every
figure, every character) and checks the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from edureports import scope as S
from edureports.context import describe
from edureports.quantities import find_quantities


@dataclass(frozen=True)
class Text:
    name: str
    text: str


MARKS = [
    Text("empty", ""),
    Text("marks_at_both_ends", "。a,b;c:d\n"),
    Text("only_newlines", "\n\n\n"),
    Text("full_width_marks", "甲！乙？丙。丁\n戊!己?"),
    Text("no_marks", "全区共有学校120所"),
    Text("runs_of_marks", "a。。\n\n,,;;::b"),
]


@pytest.mark.parametrize("case", MARKS, ids=lambda c: c.name)
def test_period_start_is_after_the_last_end_mark_before_the_position(case):
    d = S._Text(case.text, (), S._vocab())
    for pos in range(len(case.text) + 1):
        plain = max((p for p in range(pos) if case.text[p] in S.PERIOD_END), default=-1) + 1
        assert d.period_start(pos) == plain, pos


@pytest.mark.parametrize("case", MARKS, ids=lambda c: c.name)
@pytest.mark.parametrize("chars", [",;:", ",;:、", "。!?！？\n", ":："])
def test_the_last_mark_of_a_stretch_is_the_last_found_by_rfind(case, chars):
    t = case.text
    for lo in range(len(t) + 1):
        for hi in range(lo, len(t) + 1):
            assert S._last_mark(t, chars, lo, hi) == max(t.rfind(c, lo, hi) for c in chars), (lo, hi)


def _figures(text):
    return describe(text, find_quantities(text))


def _headings_plain(text, figures, out, v):
    """The rule of :func:`edureports.scope._parts_under_a_heading`, line by line over the whole text."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    for (start, end, line), (n_start, n_end, _) in zip(lines, lines[1:]):
        stripped = line.strip()
        if (not stripped or any(start <= f.quantity.start < end for f in figures)
                or len(stripped) > v.heading_chars or stripped.count("。") > 1):
            continue
        m = v.heading_words.search(S._blank(stripped, v))
        if m is None:
            continue
        for k, f in enumerate(figures):
            if n_start <= f.quantity.start < n_end and out[k].scope == "total":
                out[k] = S.Scope("part", m.group(), None, "named in the heading above")


HEADINGS = [
    Text("heading_then_its_line", "一是完成了中心城区中小学旱厕改造工作。\n改造厕所12座,投入30万元。"),
    Text("heading_padded_with_blanks", "  城区学校" + " " * 200 + "\n新建学校3所。"),
    Text("long_line_of_figures_before", "新建学校3所" + "学" * 200 + "\n城区\n投入30万元。\n改造12所"),
    Text("lines_of_figures_in_a_row", "城区\n新建学校3所\n投入30万元\n\n县城\n改造12所,投入5万元。"),
    Text("heading_on_the_last_line", "投入30万元。\n一是中心城区"),
    Text("heading_with_its_own_figure", "中心城区改造12所\n投入30万元。"),
    Text("two_headings_in_a_row", "城区学校\n县城学校\n新建学校3所。"),
    Text("heading_word_inside_a_title", "《城区学校建设方案》\n新建学校3所。"),
    Text("long_line_is_no_heading", "城区" + "学" * 50 + "\n新建学校3所。"),
    Text("two_periods_on_the_heading_line", "城区。学校。\n新建学校3所。"),
    Text("heading_words_twice_on_one_line", "城区和县城\n新建学校3所,投入5万元"),
    Text("blank_line_between", "城区\n\n新建学校3所。"),
    Text("heading_at_the_very_start_of_the_text", "市区\n新建学校3所。\n城区\n"),
    Text("no_heading_word", "一是改造工作。\n新建学校3所。"),
]


@pytest.mark.parametrize("case", HEADINGS, ids=lambda c: c.name)
def test_headings_looked_for_before_the_lines_of_figures_are_the_headings_found_line_by_line(case):
    v = S._vocab()
    figures = _figures(case.text)
    fast, plain = [S.TOTAL] * len(figures), [S.TOTAL] * len(figures)
    S._parts_under_a_heading(S._Text(case.text, figures, v), fast, v)
    _headings_plain(case.text, figures, plain, v)
    assert fast == plain


def _parents_plain(text, figures, out, indicators, years, v):
    """The rule of :func:`edureports.scope._parents_by_indicator`, every figure tried for every part."""
    for i, s in enumerate(out):
        if s.scope != "part" or s.parent is not None or indicators[i] == "other" or s.rule == "share of a larger area":
            continue
        q = figures[i].quantity
        para = (text.rfind("\n", 0, q.start) + 1, S._line_end(text, q.end))
        best = None
        for k, g in enumerate(figures):
            gq = g.quantity
            if (k == i or out[k].scope != "total" or indicators[k] != indicators[i] or gq.unit != q.unit
                    or years[k] != years[i] or not para[0] <= gq.start < para[1]
                    or abs(gq.start - q.start) > v.parent_chars or S._exceeds(q, gq, v)
                    or S._other_level(figures[i].measure, g.measure, v)):
                continue
            if best is None or abs(gq.start - q.start) < abs(figures[best].quantity.start - q.start):
                best = k
        if best is not None:
            out[i] = S.Scope(s.scope, s.subgroup, best, s.rule)


PARENTS = [
    Text("equally_near_totals_before_and_after", "学校9所,学校5所,学校9所。"),
    Text("part_of_a_funding_total", "投入10万元,其中市本级5万元,全区投入10万元。"),
    Text("larger_part_takes_no_smaller_whole", "全区学校3所,民办学校5所,全区学校9所。"),
    Text("total_in_another_paragraph", "全区学校30所。\n民办学校5所。"),
    Text("many_totals_of_one_kind", "学校1所,学校2所,学校3所,民办学校1所,学校4所,学校5所。"),
    Text("parts_beyond_the_reach", "全区学校30所," + "说明" * 250 + ",民办学校5所。"),
]


@pytest.mark.parametrize("case", PARENTS, ids=lambda c: c.name)
@pytest.mark.parametrize("kinds", ["one_indicator", "alternating", "years_differ"])
def test_the_nearest_total_found_by_kind_is_the_nearest_found_by_trying_every_figure(case, kinds):
    v = S._vocab()
    figures = _figures(case.text)
    n = len(figures)
    indicators = ["x"] * n if kinds != "alternating" else ["x", "y"] * n
    years = [2019] * n if kinds != "years_differ" else [2019, None, 2019] * n
    out = [S.Scope("part", "民办") if k % 2 else S.TOTAL for k in range(n)]
    fast, plain = list(out), list(out)
    S._parents_by_indicator(S._Text(case.text, figures, v), fast, indicators[:n], years[:n], v)
    _parents_plain(case.text, figures, plain, indicators[:n], years[:n], v)
    assert fast == plain


TOPICS = [
    Text("topic_then_figures", "一是城区学位仍然十分紧张,大班额比例仍在3%左右,超大班额5个。"),
    Text("colon_moves_the_topic", "存在一些短板:城区学校12所,农村学校30所:县城学校3所,乡镇学校4所。"),
    Text("topic_after_the_first_figure", "新建学校3所,城区学校5所,农村学校6所。"),
    Text("two_sentences", "一是城区学位紧张,班额3%。二是农村教师不足,缺编120人,流失30人。"),
]


def _kept_judges_as_afresh(text: str, judge) -> None:
    """``judge`` (a per-figure rule that keeps what it works out per sentence in the text's context)
    answers for each figure, in turn on one context, what it answers on a new context."""
    v = S._vocab()
    figures = _figures(text)
    kept = S._Text(text, figures, v)
    for i in range(len(figures)):
        afresh = S._Text(text, figures, v)
        assert judge(kept, i, kept.clauses[i], "district", v) == judge(afresh, i, afresh.clauses[i], "district", v), i


@pytest.mark.parametrize("case", TOPICS, ids=lambda c: c.name)
def test_a_sentence_topic_kept_for_its_later_figures_is_the_topic_found_afresh(case):
    _kept_judges_as_afresh(case.text, S._topic_of_sentence)


def _kind_words():
    """The words of some cue kinds, read from data/scope.yaml as each rule reads them."""
    from edureports.quantities import load_data

    d = load_data("scope")
    return {
        "subject": [w for g in d["groups"].values() if not g.get("structural") for w in g["words"]],
        "named": d["named"]["suffixes"] + d["named"]["unique"],
        "marker": d["breakdowns"]["markers"],
        "programme": d["programmes"],
        "share": d["shares"]["cues"],
    }


CUES = [
    Text("overlapping_names", "第一中学校长和中心小学、实验小学幼儿园"),
    Text("word_at_both_ends", "其中公办和民办其中"),
    Text("programme_inside_a_programme", "农村义务教育学生营养改善计划惠及农村学生"),
    Text("share_cues_overlap", "所占全省占到全市"),
    Text("nothing", "投入资金3万元。"),
]


@pytest.mark.parametrize("case", CUES, ids=lambda c: c.name)
@pytest.mark.parametrize("kind", ["subject", "named", "marker", "programme", "share"])
def test_a_cue_word_found_by_the_automaton_is_a_word_in_the_stretch(case, kind):
    t = case.text
    d = S._Text(t, (), S._vocab())
    d._cues = S._occurrences(t, S._vocab())
    words = _kind_words()[kind]
    for lo in range(len(t) + 1):
        for hi in range(lo, len(t) + 1):
            assert d.has(kind, lo, hi) == any(w in t[lo:hi] for w in words), (lo, hi)


MARKER_PERIODS = [
    Text("marker_in_the_period", "全区学校30所,其中民办5所。"),
    Text("marker_in_an_earlier_period", "其中民办5所。全区学校30所,民办5所。"),
    Text("marker_on_the_line_before", "其中\n民办5所,公办3所"),
    Text("two_markers", "包括小学3所。其中初中2所,高中1所!共6所"),
    Text("full_width_period_ends", "其中小学3所？初中2所！高中1所"),
    Text("marker_far_back_in_the_period", "全区学校30所。其中;" + "各类学校办学条件持续改善" * 4 + ";民办5所。"),
]


@pytest.mark.parametrize("case", MARKER_PERIODS, ids=lambda c: c.name)
def test_a_marker_in_the_period_is_a_marker_between_the_period_start_and_the_figure(case):
    v = S._vocab()
    figures = _figures(case.text)
    d = S._Text(case.text, figures, v)
    for i, f in enumerate(figures):
        start = d.period_start(f.quantity.start)
        plain = v.markers.search(case.text, start, f.quantity.start) is not None
        assert d.marker_in_period(i) == plain, i
        assert S._marker_flags(d)[i] == plain, i
        assert d.period_of(i) == start == S._last_of(case.text, S.PERIOD_END, 0, f.quantity.start) + 1, i


NAMES = [
    Text("names_before_several_figures", "峡江县芳洲小学新建教室3间,安塘中心小学投入5万元,购置图书200册。"),
    Text("list_of_names_with_deng", "御龙湾小学、金福园小学等3个项目,投资1200万元,新增学位900个。"),
    Text("name_inside_a_title_closed_later", "《芳洲小学3年规划》提出新增学位900个,投入5万元。"),
    Text("unique_name_then_figures", "县职教中心在校生达3860人,毕业生1200人,就业率98%。"),
    Text("name_right_before_the_figure", "芳洲小学3所,安塘中学2所。"),
]


@pytest.mark.parametrize("case", NAMES, ids=lambda c: c.name)
def test_name_endings_judged_once_per_sentence_give_what_judging_afresh_gives(case):
    _kept_judges_as_afresh(case.text, S._named)


ORDERS = [
    Text("words_inside_words", "农村义务教育学生营养改善计划惠及农村留守儿童"),
    Text("totals_inside_totals", "文理共计上线,总计总数合计"),
    Text("another_inside_another", "另外有还有另有"),
    Text("nothing", "投入资金3万元。"),
]


@pytest.mark.parametrize("case", ORDERS, ids=lambda c: c.name)
def test_occurrences_put_in_the_order_of_their_ends_whatever_order_they_come_in(case):
    """The occurrences as the automaton reports them, and the same occurrences reordered (shuffled,
    reversed), give the same index; in it, each latest start is the largest start up to it."""
    import random

    v = S._vocab()
    found = S._occurrences(case.text, v)
    for kind, (ends, latest, starts, words) in found.items():
        assert list(ends) == sorted(ends), kind
        assert latest == [max(starts[:k + 1]) for k in range(len(starts))], kind
        matches = list(zip(words, starts, ends))
        assert all(case.text[s:e] == v.cue_words[w] for w, s, e in matches), kind
        for shuffled in (matches[::-1], random.Random(7).sample(matches, len(matches))):
            again = S._index(shuffled)
            assert list(again[0]) == list(ends) and again[1] == latest, kind
            assert sorted(zip(again[2], again[3])) == sorted(zip(starts, words)), kind


INDEX_MATCHES = [
    ("starts_in_order", [(1, 0, 2), (2, 3, 5), (3, 4, 6)]),
    ("word_inside_a_longer_one_ending_later", [(1, 3, 5), (2, 1, 6), (3, 6, 8)]),
    ("same_end_shorter_first", [(1, 2, 4), (2, 0, 4), (3, 5, 7)]),
    ("same_end_longer_first", [(2, 0, 4), (1, 2, 4), (3, 5, 7)]),
    ("ends_out_of_order", [(7, 2, 4), (3, 0, 3), (5, 1, 2)]),
    ("one", [(4, 9, 11)]),
    ("equal_starts", [(1, 2, 4), (2, 2, 5), (3, 2, 6)]),
]


@pytest.mark.parametrize("matches", [m for _, m in INDEX_MATCHES], ids=[n for n, _ in INDEX_MATCHES])
def test_index_of_occurrences_is_its_plain_definition(matches):
    """The index's ends are the occurrences' ends in order, each with its start and word; the latest
    start at each one is the largest start among the occurrences up to it (whether the starts run in
    order or not)."""
    ends, latest, starts, words = S._index(matches)
    assert list(ends) == sorted(e for _, _, e in matches)
    assert sorted(zip(ends, starts, words)) == sorted((e, s, w) for w, s, e in matches)
    assert latest == [max(starts[:k + 1]) for k in range(len(starts))]
    for hi in range(12):  # what has() reads: the latest start among the occurrences ending by hi
        k = sum(e <= hi for _, _, e in matches)
        assert (latest[k - 1] if k else None) == max((s for _, s, e in matches if e <= hi), default=None), hi


def _seed_texts():
    from edureports import SEEDS
    from edureports.normalisation import normalise

    return [Text(p.stem, normalise(p.read_text(encoding="utf-8")).text) for p in sorted(SEEDS.glob("*.txt"))]


TRIGGERS = CUES + MARKER_PERIODS + NAMES + TOPICS + HEADINGS + [
    Text("share_of_the_province", "全市学校30所,占全省5%,其中民办5所(含幼儿园2所)。"),
    Text("bracket_closed_before_the_figure", "学校(含分校)30所,教师(其中男教师)120人。"),
    Text("subset_and_whole", "24家学校食堂现有17家达到A级,等21所学校。"),
    Text("money_for_a_named_school", "投入188万元的市十五中学改造,投入766万元完善农村学校。"),
    Text("a_training_then_its_count", "组织开展了初中校长岗位培训,共有169名校长参训,涉及初级中学132所。"),
    Text("a_place_in_the_clause", "总寨地区两所中学投入30万元,西关街道学校5所。"),
]


@pytest.mark.parametrize("case", TRIGGERS + _seed_texts(), ids=lambda c: c.name)
def test_a_rule_not_triggered_for_a_figure_finds_nothing_for_it(case):
    """:func:`edureports.scope._scope_of` calls a rule only where its trigger stands: wherever it
    does not, calling the rule anyway finds nothing; the stated-total trigger is a total word in the clause."""
    v = S._vocab()
    figures = _figures(case.text)
    d = S._Text(case.text, figures, v)
    for i, f in enumerate(figures):
        for flags, rule in d.triggers:
            if not flags[i]:
                assert rule(d, i, d.clauses[i], "city", v) is None, (i, rule.__name__)
        assert d.rules[i] == [rule for flags, rule in d.triggers if flags[i]], i
        words = _kind_words_all()["totals"]
        assert d.totals[i] == any(w in case.text[d.clause_starts[i]:f.quantity.start] for w in words), i


@pytest.mark.parametrize("case", TRIGGERS + _seed_texts(), ids=lambda c: c.name)
def test_cue_words_found_only_in_the_regions_of_the_figures_give_what_the_whole_text_gives(case, monkeypatch):
    """The cue words are looked for only around the sentences of the figures (:func:`edureports.scope._regions`):
    every figure's scope, subgroup, parent and rule are those found with the cue words of the whole text."""
    v = S._vocab()
    figures = _figures(case.text)
    d = S._Text(case.text, figures, v)
    for lo, hi in S._regions(d, S._stretches(case.text, figures, d)[4]):  # each window lies in one region
        assert 0 <= lo < hi <= len(case.text)
    regions = S.assign_scopes(case.text, figures, home_level="city")
    monkeypatch.setattr(S, "_regions", lambda d, bounds: [(0, len(d.text))])
    assert S.assign_scopes(case.text, figures, home_level="city") == regions


def _kind_words_all():
    from edureports.quantities import load_data

    d = load_data("scope")
    return {"totals": d["totals"], "another": d["another"], "programmes": d["programmes"]}


def _sums_plain(d, out):
    """The rule of :func:`edureports.scope._parts_that_sum`, each run of one sentence and unit found
    by walking the figures one by one."""
    figures = d.figures
    starts = [g.quantity.start for g in figures]
    starts = starts if starts == sorted(starts) else None
    i = 0
    while i < len(figures):
        j = i
        while (j + 1 < len(figures) and figures[j + 1].sentence_start == figures[i].sentence_start
               and figures[j + 1].quantity.unit == figures[i].quantity.unit):
            j += 1
        if figures[i].quantity.unit not in S._NO_SUMS:
            for a in range(i, j):
                for b in range(a + 1, min(j, a + 5) + 1):
                    run = list(range(a, b + 1))
                    if all(figures[k].quantity.value is not None and out[k].parent is None for k in run):
                        S._link_sum(d, out, run, starts)
        i = j + 1


SUMS = [
    Text("two_streams_and_their_sum", "全区一本上线251人,普文81人、普理170人。"),
    Text("sum_stated_after", "普文81人,普理170人,合计251人。"),
    Text("sum_not_said_after", "获奖15项,26项,41项。"),
    Text("runs_broken_by_another_unit", "学校3所,教师5人,学校4所,学校7所,共计7所。"),
    Text("one_figure_runs", "学校3所。教师5人。"),
    Text("rates_do_not_add_up", "小学40%,初中60%,共100%。"),
    Text("seven_adjacent_figures", "1所,2所,3所,4所,5所,6所,7所,共计28所,共计21所。"),
    Text("sum_in_the_next_sentence", "小学3所、初中4所。全区共计7所。"),
]


@pytest.mark.parametrize("case", SUMS + _seed_texts(), ids=lambda c: c.name)
def test_runs_grouped_by_sentence_and_unit_are_the_runs_found_one_figure_at_a_time(case):
    v = S._vocab()
    figures = _figures(case.text)
    for parts in ("none", "every_third"):
        out = [S.Scope("part", "x", 0) if parts == "every_third" and k % 3 == 2 else S.TOTAL
               for k in range(len(figures))]
        fast, plain = list(out), list(out)
        S._parts_that_sum(S._Text(case.text, figures, v), fast)
        _sums_plain(S._Text(case.text, figures, v), plain)
        assert fast == plain


@pytest.mark.parametrize("case", SUMS[:2] + SUMS[6:], ids=lambda c: c.name)
def test_parts_that_sum_link_to_their_sum(case):
    """Guards the comparison above against a rule that links nothing."""
    figures = _figures(case.text)
    out = [S.TOTAL] * len(figures)
    S._parts_that_sum(S._Text(case.text, figures, S._vocab()), out)
    assert any(s.rule == "parts that sum" for s in out)


ANOTHER = [
    Text("another_group_after_a_figure", "已有1041名代课教师通过考试转为公办教师,另有80名教师转岗。"),
    Text("another_far_before_the_figure", "另有学校在建设中,教师5人,教师8名。"),
    Text("another_in_another_sentence", "教师5人。另有8人。"),
    Text("nested_another_words", "教师5人,另外有8人,还有2人。"),
]


@pytest.mark.parametrize("case", ANOTHER, ids=lambda c: c.name)
def test_another_group_found_from_the_occurrences_is_found_figure_by_figure(case):
    v = S._vocab()
    figures = _figures(case.text)
    d = S._Text(case.text, figures, v)
    out = [S.TOTAL] * len(figures)
    S._another_group(d, out, v)
    for k, g in enumerate(figures):
        tail = case.text[max(d.since[k], g.quantity.start - 4):g.quantity.start]
        before = [j for j in range(k) if figures[j].sentence_start == g.sentence_start
                  and figures[j].quantity.unit == g.quantity.unit]
        if v.another.search(tail) and before:
            assert out[k].rule == out[before[-1]].rule == "another group", k
    flagged = {k for k, s in enumerate(out) if s.rule == "another group"}
    plain = set()
    for k, g in enumerate(figures):
        tail = case.text[max(d.since[k], g.quantity.start - 4):g.quantity.start]
        before = [j for j in range(k) if figures[j].sentence_start == g.sentence_start
                  and figures[j].quantity.unit == g.quantity.unit]
        if v.another.search(tail) and before:
            plain |= {before[-1], k}
    assert flagged == plain


WINDOWS = [
    ("ascending", lambda n: ([k // 2 for k in range(n)], [k for k in range(n)])),
    ("ascending_with_empty_windows", lambda n: ([k for k in range(n)], [k for k in range(n)])),
    ("inverted_windows", lambda n: ([k + 3 for k in range(n)], [k for k in range(n)])),
    ("not_in_order", lambda n: ([(7 * k) % n for k in range(n)], [min(n, (7 * k) % n + 5) for k in range(n)])),
    ("one_window_reaching_all", lambda n: ([0] * n, [n] * n)),
]


@pytest.mark.parametrize("case", CUES + ORDERS, ids=lambda c: c.name)
@pytest.mark.parametrize("kind", ["subject", "named", "marker", "totals", "another"])
@pytest.mark.parametrize("windows", WINDOWS, ids=lambda w: w[0])
def test_a_word_inside_each_window_is_what_has_says_window_by_window(case, kind, windows):
    """:meth:`_Text.inside` (from the occurrences where the windows run in order) against :meth:`_Text.has`
    for each window; both against the words themselves in the window."""
    t = case.text
    d = S._Text(t, (), S._vocab())
    d._cues = S._occurrences(t, S._vocab())
    los, his = windows[1](len(t) + 1)
    for lo_shift in (0, 1):
        los2 = [lo + lo_shift for lo in los]
        got = d.inside(kind, los2, his)
        assert got == [d.has(kind, lo, hi) for lo, hi in zip(los2, his)]
    words = {**_kind_words(), **_kind_words_all()}[kind]
    assert d.inside(kind, los, his) == [any(w in t[lo:hi] for w in words) for lo, hi in zip(los, his)]


def _link_sum_plain(d, out, run, starts):
    """The rule of :func:`edureports.scope._link_sum`, trying every figure near the run."""
    from decimal import Decimal

    text, figures = d.text, d.figures
    total = sum(figures[k].quantity.value for k in run)
    unit = figures[run[0]].quantity.unit
    if unit in S._NO_SUMS or total == 0:
        return
    limit = S._TOLERANCE * max(1, abs(total))
    lo, hi = d.period_of(run[0]), figures[run[-1]].sentence_end
    for k, g in enumerate(figures):
        if k in run or g.quantity.unit != unit or g.quantity.value is None or not lo <= g.quantity.start < hi + 200:
            continue
        if k > run[-1]:
            between = text[figures[k - 1].quantity.end:g.quantity.start]
            if not (S._vocab().totals.search(between) or "共" in between):
                continue
        if abs(Decimal(g.quantity.value) - total) <= limit:
            for m in run:
                s = out[m]
                out[m] = S.Scope("part", s.subgroup or figures[m].measure or None,
                                 s.parent if s.parent is not None else k, s.rule if s.scope == "part" else "parts that sum")
            if out[k].scope == "part" and out[k].parent in run:
                out[k] = S.TOTAL
            return


NEAR_SUMS = SUMS + [
    Text("sum_within_the_tolerance", "普文81.0000001人,普理170人,合计251人。"),
    Text("sum_just_beyond_the_tolerance", "普文81.001人,普理170人,合计251人。"),
    Text("sum_of_a_unit_stated_elsewhere", "小学3所、初中4所。教师7人。全区共计8所。"),
    Text("negative_values", "增加-3所、减少5所,合计2所。"),
]


@pytest.mark.parametrize("case", NEAR_SUMS + _seed_texts(), ids=lambda c: c.name)
def test_a_sum_looked_for_among_the_values_of_its_unit_is_the_sum_found_by_trying_every_figure(case):
    v = S._vocab()
    figures = _figures(case.text)
    n = len(figures)
    for a in range(n):
        for b in range(a + 1, min(n, a + 6)):
            if any(figures[k].quantity.value is None for k in range(a, b + 1)):
                continue
            fast, plain = [S.TOTAL] * n, [S.TOTAL] * n
            S._link_sum(S._Text(case.text, figures, v), fast, list(range(a, b + 1)), None)
            _link_sum_plain(S._Text(case.text, figures, v), plain, list(range(a, b + 1)), None)
            assert fast == plain, (a, b)


@pytest.mark.parametrize("case", CUES + ORDERS, ids=lambda c: c.name)
@pytest.mark.parametrize("kind", ["subject", "named", "programme", "another"])
def test_the_words_standing_in_a_stretch_are_every_occurrence_of_the_words_there(case, kind):
    """:meth:`_Text.words` (walking back from the last occurrence ending by the stretch's end) against
    every start of every word of the kind inside the stretch, overlapping ones included."""
    t = case.text
    v = S._vocab()
    d = S._Text(t, (), v)
    d._cues = S._occurrences(t, v)
    words = {**_kind_words(), **_kind_words_all()}[kind]
    for lo in range(len(t) + 1):
        for hi in range(lo, len(t) + 1):
            plain = sorted(w for w in set(words) for p in range(lo, hi - len(w) + 1) if t.startswith(w, p))
            assert sorted(v.cue_words[w] for w in d.words(kind, lo, hi)) == plain, (lo, hi)


GROUP_WORDS = TRIGGERS + [
    Text("group_word_in_a_title", "《公办学校建设方案》印发,新建学校3所,投入5万元。"),
    Text("group_word_only_in_the_clause", "新建学校3所,民办学校5所,农村学校2所。"),
    Text("group_words_of_two_groups", "市本级投入资金30万元,公办园12所,城区学校8所,普文81人。"),
    Text("programme_hides_a_group_word", "农村义务教育学生营养改善计划惠及农村学生3000人,乡镇学校3所。"),
]


@pytest.mark.parametrize("case", GROUP_WORDS + _seed_texts(), ids=lambda c: c.name)
def test_the_groups_standing_for_a_figure_are_those_with_a_word_in_its_sentence_or_clause(case):
    """:func:`edureports.scope._groups_standing` is the groups with a word (any occurrence) in the
    figure's clause or in its sentence before the first figure, and so every group whose words
    :func:`_vocabulary` finds in the figure's window (``_group_window``) except in the measure."""
    v = S._vocab()
    figures = _figures(case.text)
    d = S._Text(case.text, figures, v)
    groups = [g for g in v.groups if not g.structural]
    words = {g.name: set(_group_words()[g.name]) for g in groups}
    for i, f in enumerate(figures):
        standing = S._groups_standing(d, i)
        stretches = (d.clauses[i], case.text[f.sentence_start:figures[d.first[i]].quantity.start])
        assert standing == {g.name for g in groups if any(w in s for w in words[g.name] for s in stretches)}, i
        for g in groups:
            if g.words.search(S._group_window(d, i, d.clauses[i], g)):
                assert g.name in standing, (i, g.name)


def _group_words():
    from edureports.quantities import load_data

    return {name: g["words"] for name, g in load_data("scope")["groups"].items()}


NAME_ENDINGS = NAMES + [
    Text("names_in_several_clauses", "芳洲小学新建教室,安塘中心小学和实验中学、第二中学等,峡江县戈坪乡芳洲中学教育集团项目工程"),
    Text("name_endings_overlapping", "中心小学中学校幼儿园中心校教育集团集团"),
    Text("names_after_list_marks", "甲乙小学、丙丁中学及戊己学校等项目"),
]


@pytest.mark.parametrize("case", NAME_ENDINGS, ids=lambda c: c.name)
def test_the_name_endings_of_a_sentence_cut_at_any_position_are_those_found_up_to_it(case):
    """:class:`edureports.scope._NameEndings` (the sentence's matches, judged once) cut at every position,
    inside a name ending too (where it matches afresh), against matching and judging the text up to it."""
    v = S._vocab()
    t = case.text.split("《")[0]
    endings = S._NameEndings(t, 0, len(t), v)
    for pos in range(len(t) + 1):
        assert endings.last_before(pos, v) == S._name_endings_in(S._Text(t, (), v), 0, t[:pos], v), pos
    if case.name.startswith("names_"):  # guards the comparison against judging nothing a name
        assert any(endings.last_before(pos, v) for pos in range(len(t) + 1))


def _name_ending_plain(window, begin, end, v):
    """The rule of :func:`edureports.scope._name_ending` step by step: the clause start by ``rfind``,
    the leading words stripped, then the stem matched."""
    start = max(window.rfind(c, 0, begin) for c in ",;:") + 1
    stem = S._strip_leading(window[start:begin], v)
    if window[end:end + 1] in ("等", "、", "和", "及") or window[start - 1:start] == "、":
        return None
    if not v.name_stem.fullmatch(stem) or v.name_boundaries.search(stem):
        return None
    return S.Scope("part", S._name(stem) + window[begin:end], rule="named school or project") if S._is_name(stem, v) else None


LEADS = NAME_ENDINGS + [
    Text("time_marks_before_a_name", "6月21日凌晨芳洲小学,2019年如华忆教育集团,特别是安塘中心小学"),
    Text("leading_word_inside_the_stem", "如如芳洲小学,目前今年实验中学,其中其中学校"),
    Text("digits_only_before_the_suffix", "2019小学,12345678910中学,年年年年小学"),
    Text("stem_of_nine_characters", "一二三四五六七八九小学,一二三四五六七八小学"),
]


@pytest.mark.parametrize("case", LEADS, ids=lambda c: c.name)
def test_a_name_ending_judged_with_one_match_of_leading_words_and_stem_is_judged_as_step_by_step(case):
    v = S._vocab()
    t = case.text
    for m in v.named.finditer(t):
        for hi in {m.end(), min(len(t), m.end() + 1)}:
            assert S._name_ending(t[:hi], m.start(), m.end(), v) == _name_ending_plain(t[:hi], m.start(), m.end(), v), m.span()
    if case.name == "time_marks_before_a_name":  # guards the comparison against judging nothing a name
        assert all(S._name_ending(t[:m.end() + 1], m.start(), m.end(), v) for m in v.named.finditer(t))


def _only_plain(words, vocabulary):
    """The rule of :func:`edureports.scope._only`, word by word: the first word of the vocabulary that
    stands at the place, never another."""
    rest = words
    while rest:
        word = next((w for w in vocabulary if rest.startswith(w)), None)
        if word is None:
            return False
        rest = rest[len(word):]
    return True


VOCABULARIES = [
    ("longest_first", ("abc", "ab", "a", "bc", "c")),
    ("shorter_word_listed_first", ("a", "ab", "b", "bc")),
    ("two_sorted_lists_joined", ("ab", "c", "abc", "bc", "a")),
    ("a_word_that_strands_the_rest", ("ab", "a", "bc")),
    ("empty_vocabulary", ()),
]


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda c: c[0])
def test_made_only_of_a_vocabulary_is_what_taking_its_first_word_at_each_place_says(vocabulary):
    import itertools

    words = [""] + ["".join(p) for n in range(1, 6) for p in itertools.product("abcx", repeat=n)]
    assert [S._only(w, vocabulary[1]) for w in words] == [_only_plain(w, vocabulary[1]) for w in words]


@pytest.mark.parametrize("case", TRIGGERS + NAME_ENDINGS, ids=lambda c: c.name)
def test_made_only_of_the_generic_words_is_what_taking_them_word_by_word_says(case):
    v = S._vocab()
    t = case.text
    for vocabulary in (v.training_generic + v.generic_words, v.place_generic, v.generic_words):
        for lo in range(len(t)):
            for hi in range(lo + 1, min(len(t), lo + 12) + 1):
                assert S._only(t[lo:hi], vocabulary) == _only_plain(t[lo:hi], vocabulary), (lo, hi)


@pytest.mark.parametrize("case", TRIGGERS + _seed_texts(), ids=lambda c: c.name)
def test_stretches_of_the_figures_are_their_plain_definitions(case):
    """Each figure's first figure of its sentence, own stretch, clause start and end of the clause after
    it, as one pass works them out, equal their definitions figure by figure."""
    figures = _figures(case.text)
    d = S._Text(case.text, figures, S._vocab())
    t = case.text
    for i, f in enumerate(figures):
        same = [j for j in range(i + 1) if all(g.sentence_start == f.sentence_start for g in figures[j:i + 1])]
        assert d.first[i] == same[0], i
        since = figures[i - 1].quantity.end if i and figures[i - 1].sentence_start == f.sentence_start else f.sentence_start
        assert d.since[i] == since, i
        marks = [k for k in range(since, f.quantity.start) if t[k] in ",;:"]
        assert d.clause_starts[i] == (marks[-1] + 1 if marks else since), i
        ends = [k for k in range(f.quantity.end, f.sentence_end) if t[k] in ",;:。!?，；：！？\n"]
        end = ends[0] if ends else f.sentence_end
        if i + 1 < len(figures) and figures[i + 1].sentence_start == f.sentence_start:
            end = min(end, figures[i + 1].quantity.start)
        assert d.clause_ends[i] == end, i


def _stated_sums_plain(d, out):
    """The rule of :func:`edureports.scope._parts_before_their_stated_sum`, every figure tried for a total word."""
    from decimal import Decimal

    text, figures = d.text, d.figures
    words = _kind_words_all()["totals"]
    for k, g in enumerate(figures):
        q = g.quantity
        if (q.value is None or q.unit in S._NO_SUMS or out[k].scope == "part"
                or not any(w in text[g.sentence_start:q.start] for w in words)):
            continue
        line = text.rfind("\n", 0, g.sentence_start)
        floor = text.rfind("\n", 0, line) + 1 if line > 0 else 0
        same = [m for m in range(k - 1, -1, -1) if figures[m].quantity.start >= floor
                and figures[m].quantity.unit == q.unit][:6]
        for n in range(2, len(same) + 1):
            run = sorted(same[:n])
            if any(figures[m].quantity.value is None or out[m].parent is not None for m in run):
                break
            if sum(Decimal(figures[m].quantity.value) for m in run) == Decimal(q.value):
                for m in run:
                    s = out[m]
                    out[m] = S.Scope("part", s.subgroup or figures[m].measure or None, k,
                                     s.rule if s.scope == "part" else "parts before their stated sum")
                break


def _listed_wholes_plain(d, out):
    """The rule of :func:`edureports.scope._items_of_listed_wholes`, every figure's rule looked at."""
    for k, s in enumerate(out):
        if s.rule != "whole of a list":
            continue
        whole = d.figures[k]
        floor = max(whole.sentence_start, S._last_of(d.text, ",;:", 0, whole.quantity.start) + 1)
        for j in range(k - 1, -1, -1):
            g = d.figures[j]
            if g.quantity.start < floor:
                break
            if g.quantity.unit == whole.quantity.unit and out[j].scope == "total":
                out[j] = S.Scope("part", g.measure or None, k, "item of a listed whole")


def _list_items_plain(d, out, v):
    """The rule of :func:`edureports.scope._items_of_a_list`, the figures after a marker found figure by figure."""
    import re

    text, figures = d.text, d.figures
    for m in v.item_markers.finditer(text):
        run = [k for k, g in enumerate(figures) if g.quantity.start == m.end()]
        if not run or text[m.start() - 1:m.start()] not in (",", "，"):
            continue
        while run[-1] + 1 < len(figures) and text[figures[run[-1]].quantity.end:figures[run[-1] + 1].quantity.start] == "、":
            run.append(run[-1] + 1)
        start = figures[run[0]].sentence_start
        before = text[start:m.start() - 1]
        clause = before[S._last_of(before, ",;:，；：") + 1:]
        items = S._list_items(clause, v)
        if len(run) < 2 or len(items) != len(run) or any(re.search(r"\d", w) for w in items):
            continue
        if figures[run[0]].quantity.unit in v.rate_units and not v.share_cue.search(m.group()):
            continue
        whole = next((k for k in range(run[0] - 1, -1, -1) if figures[k].sentence_start == start
                      and figures[k].quantity.end <= start + len(before) - len(clause)), None)
        for k, item in zip(run, items):
            if out[k].parent is None:
                out[k] = S.Scope("part", item, whole, "item of a list")


LISTS = SUMS + [
    Text("items_of_a_listed_whole", "完成7所中小学旱厕改造、3所中学浴池改造等10所学校。"),
    Text("items_after_fenbie", "投入300万元,用于校舍建设、设备购置和附属工程,分别为100万元、150万元、50万元。"),
    Text("rates_after_fenbie", "小学、初中和高中,分别为98%、95%、90%。"),
    Text("shares_after_fenbie", "小学、初中,分别占40%、60%。"),
    Text("stated_sum_on_the_next_line", "文史类1567人,上线率9.3%;理工类4375人。\n文理共计上线人数5942人。"),
]


@pytest.mark.parametrize("case", LISTS + _seed_texts(), ids=lambda c: c.name)
def test_the_passes_across_figures_looking_only_where_they_can_find_are_their_plain_rules(case):
    """The whole of a list, the items after 分别 and a sum stated after its parts, looked for only at the
    figures after a wholes word, the figures right after a marker (bisected) and the figures with a total
    word before them, give what the rules give looking at every figure; from the one-figure rules' scopes
    and from all totals."""
    v = S._vocab()
    figures = _figures(case.text)
    d = S._Text(case.text, figures, v)
    one_figure = []
    for i in range(len(figures)):
        one_figure.append(S._scope_of(d, i, one_figure, None, None, "city", v))
    for out in (one_figure, [S.TOTAL] * len(figures)):
        for fast_rule, plain_rule in ((S._items_of_listed_wholes, _listed_wholes_plain),
                                      (lambda d, o: S._items_of_a_list(d, o, v), lambda d, o: _list_items_plain(d, o, v)),
                                      (S._parts_before_their_stated_sum, _stated_sums_plain)):
            fast, plain = list(out), list(out)
            fast_rule(d, fast)
            plain_rule(d, plain)
            assert fast == plain, fast_rule


def test_a_scope_is_made_as_its_frozen_dataclass_would_be():
    """Scope sets its fields at once: the same scope as the __init__ the frozen dataclass writes."""
    import dataclasses

    fields = [(f.name, f.type, dataclasses.field(default=f.default)) for f in dataclasses.fields(S.Scope)]
    plain = dataclasses.make_dataclass("Scope", fields, frozen=True)  # the dataclass's own __init__
    for args, kwargs in [((), {}), (("part", "民办", 0), {}), (("part",), {"rule": "sector", "parent": 3}),
                         (("part", None, None, "sub-area"), {})]:
        scope, ref = S.Scope(*args, **kwargs), plain(*args, **kwargs)
        assert dataclasses.astuple(scope) == dataclasses.astuple(ref) and repr(scope) == repr(ref)
        assert scope == S.Scope(*args, **kwargs) and hash(scope) == hash(S.Scope(*args, **kwargs))
        assert dataclasses.replace(scope, rule="x").rule == "x" and scope.rule != "x"
        with pytest.raises(dataclasses.FrozenInstanceError):
            scope.rule = "x"
    with pytest.raises(TypeError):
        S.Scope("part", "民办", 0, "sector", "extra")


@pytest.mark.parametrize("case", TRIGGERS + _seed_texts(), ids=lambda c: c.name)
def test_runs_words_in_measures_and_subject_triggers_found_at_once_are_found_one_by_one(case):
    """The runs of one sentence and unit (:func:`edureports.scope._runs`), the measures holding a group
    word (each phrase looked up once) and the figures where :func:`edureports.scope._vocabulary` can find
    a word (windows bisected) are those found figure by figure."""
    import itertools

    from edureports.quantities import load_data

    v = S._vocab()
    words = [w for g in load_data("scope")["groups"].values() if not g.get("structural") for w in g["words"]]
    figures = _figures(case.text)
    keys = [(f.sentence_start, f.quantity.unit) for f in figures]
    plain = []
    for _, group in itertools.groupby(range(len(keys)), keys.__getitem__):
        group = list(group)
        if len(group) > 1:
            plain.append([group[0], group[-1]])
    assert S._runs(keys) == plain
    measures = [f.measure for f in figures] + [None, "", "公办", "x公办\n民办", "\n", "普文普理", "小学", "城区学校"]
    assert [S._names_a_subject(m) for m in measures] == [any(w in (m or "") for w in words) for m in measures]
    flags = S._subject_flags(d := S._Text(case.text, figures, v), d.pos)
    for i, f in enumerate(figures):
        opening = case.text[f.sentence_start:figures[d.first[i]].quantity.start]
        plain = any(w in opening or w in d.clauses[i] or w in (f.measure or "") for w in words)
        assert flags[i] == plain, i


def _vocabulary_plain(d, i, clause, home_level, v):
    """The rule of :func:`edureports.scope._vocabulary` window by window: each group's window (the
    sentence before its first figure joined by a comma to the figure's clause, titles and programmes
    blanked), then the figure's measure; every word of the group there, in order, kept where accepted and
    ending at or after the word kept before."""
    f = d.figures[i]
    text = d.text
    head = text[f.sentence_start:d.figures[d.first[i]].quantity.start]
    words = _kind_words_all()["programmes"]
    programmes = v.comma_programmes or any(w in text[f.sentence_start:f.quantity.start] for w in words)
    in_programme = any(w in text[f.sentence_start:f.sentence_end] for w in words)
    best = None
    for g in v.groups:
        if g.structural or (not g.rates and S._is_rate(d, i, v)) or (in_programme and g.name in v.programme_groups):
            continue
        window = clause if g.reach == "clause" else head + ("" if d.first[i] == i else "," + clause)
        window = S.TITLE.sub(S._underscores, window)
        windows = [v.programmes.sub(S._underscores, window) if programmes else window]
        if g.reach == "sentence":
            windows.append(v.programmes.sub(S._underscores, f.measure))
        for window in windows:
            matches = list(g.words.finditer(window))
            for m in matches:
                near = S._NEAR_CUT.split(window[m.end():m.end() + v.near_chars], maxsplit=1)[0]
                if g.near and not any(w in near for w in g.near):
                    continue
                if m.start() > 0 and window[m.start() - 1] in g.not_after or S._paired(window, m, g):
                    continue
                if best is None or m.end() >= best[0]:
                    best = (m.end(), m.group(), g.name)
            if best is not None and best[2] == g.name:
                break
    return None if best is None else S.Scope("part", best[1], rule=best[2])


VOCABULARY = [
    Text("pair_across_the_comma", "公办学校共有学生3000人,民办学生1200人,公办和民办教师300人。"),
    Text("word_in_the_opening_and_in_clauses", "普文上线81人,普理上线170人,文科类30人,合计281人。"),
    Text("near_word_after_the_comma", "市本级,财政投入500万元,中央资金300万元,省级配套200万元。"),
    Text("place_ending_at_the_clause_start", "东城区学校12所,城区学校5所,西城区学校3所。"),
    Text("title_open_across_figures", "《公办学校3年规划,民办学校》提出新增学位900个,公办学位300个。"),
    Text("title_in_a_later_clause", "公办学校12所,《民办教育条例》实施后民办学校3所。"),
    Text("programme_only_in_a_later_clause", "公办学校12所,农村义务教育学生营养改善计划惠及民办学校学生3000人,乡村学校5所。"),
    Text("programme_in_the_opening", "营养改善计划惠及民办学校农村学生3000人,公办学生1200人。"),
    Text("rates_of_a_sector", "民办幼儿园入园率85%,公办幼儿园占比60%,民办学校12所。"),
    Text("word_only_in_the_measure", "全县招聘劳动合同制幼儿教师126名,临聘教师30名。"),
    Text("opening_word_then_a_later_group_in_a_clause", "全县公办学校共有学生3000人,中央资金投入500万元。"),
    Text("two_sentences_with_words", "女生1200人,男生1300人。城区学校12所,农村学校30所,乡镇学校4所。"),
]


@pytest.mark.parametrize("case", VOCABULARY + TRIGGERS + _seed_texts(), ids=lambda c: c.name)
def test_vocabulary_matched_once_per_sentence_opening_is_the_rule_window_by_window(case):
    """:func:`edureports.scope._vocabulary` looks at the sentence's opening once for all its figures and
    joins what it finds there to what each figure's clause holds: the same as the plain rule, figure by
    figure, on one context and afresh."""
    v = S._vocab()
    figures = _figures(case.text)
    kept = S._Text(case.text, figures, v)
    found = []
    for i in range(len(figures)):
        afresh = S._Text(case.text, figures, v)
        plain = _vocabulary_plain(afresh, i, afresh.clauses[i], "city", v)
        assert S._vocabulary(kept, i, kept.clauses[i], "city", v) == plain, i
        found.append(plain)
    if case in VOCABULARY:
        assert any(s is not None for s in found)


RATES = [
    Text("per_word_in_the_measure_then_listed_amounts", "生均公用经费小学650元,初中850元,高中1200元。"),
    Text("per_word_in_the_stretch", "每生每年补助850元,共计3000人。"),
    Text("listed_after_a_per_amount_far_apart", "人均经费500元,另外新建的学校投入经费300万元。"),
]


@pytest.mark.parametrize("case", RATES + TRIGGERS + _seed_texts(), ids=lambda c: c.name)
def test_a_rate_asked_by_measure_phrase_is_a_rate_by_its_plain_definition(case):
    """:func:`edureports.scope._is_rate` (per words in a measure looked up once per phrase) = its rule read
    plainly: a rate unit, a per word in the measure or the stretch before the figure, or an amount of the
    unit of the figure before it in its sentence, with a per word in that one's measure, after a short stretch."""
    from edureports.quantities import load_data

    v = S._vocab()
    per = load_data("scope")["breakdowns"]["per_words"]
    figures = _figures(case.text)
    d = S._Text(case.text, figures, v)
    found = []
    for i, f in enumerate(figures):
        stretch = d.stretch(i, ",;:、")
        prev = figures[i - 1] if d.first[i] < i else None
        plain = (f.quantity.unit in v.rate_units or any(w in (f.measure or "") + "\n" + stretch for w in per)
                 or (prev is not None and prev.quantity.unit == f.quantity.unit
                     and len(S.HAN.findall(stretch)) <= 3 and any(w in (prev.measure or "") for w in per)))
        assert S._is_rate(d, i, v) == plain, i
        found.append(plain)
    if case in RATES:  # guards the comparison against cases without a rate
        assert any(found)


AFTER = [
    Text("money_then_a_name_and_a_count_then_a_name", "投入188万元的市十五中学改造,新建6所芳洲小学,投入766万元完善农村学校。"),
    Text("no_money_names_after_counts", "新建3所芳洲小学,改造12所农村学校。"),
    Text("money_without_a_name_after", "投入资金300万元,用于改造,新建学校5所。"),
]


@pytest.mark.parametrize("case", AFTER + TRIGGERS + _seed_texts(), ids=lambda c: c.name)
def test_words_after_a_figure_looked_for_after_money_only_are_found_figure_by_figure(case):
    """:func:`edureports.scope._after_flags` (names looked for only after amounts of money) = for each
    figure, a word of the after groups in the window after it, or a money unit and a named word there."""
    from edureports.quantities import load_data

    data = load_data("scope")
    after_words = [w for name in data["after"]["groups"] for w in data["groups"][name]["words"]]
    named = data["named"]["suffixes"] + data["named"]["unique"]
    v = S._vocab()
    figures = _figures(case.text)
    d = S._Text(case.text, figures, v)
    after = S._after_ends(d)
    flags = S._after_flags(d, d.ends, after)
    for i, f in enumerate(figures):
        window = case.text[d.ends[i]:after[i]]
        plain = any(w in window for w in after_words) or (
            f.quantity.unit in v.purpose_units and any(w in window for w in named))
        assert flags[i] == plain, i
    if case in AFTER[:1]:
        assert any(flags)
