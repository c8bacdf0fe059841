"""Scope of each figure: the whole-area statistic for what it measures (``total``), or a component
of a larger whole (``part``), with the words naming the part (``subgroup``) and the figure that is
its whole (``parent``), where the text states that whole.

What belongs in a district × year comparison cell is a total: 全区高考一本上线251人, the area's own
rates (上线率, 入园率, 巩固率). A part is a stream or level splitting a whole (其中普文81人,普理170人),
one side of a split (公办/民办, 城区/农村), one funding source (市本级, 中央和省级), one named school or
project among several, a sub-area of the report's area, an item after 其中/包括, or a share of an
area larger than the report's (占全省25%).

The rules are generic; the words they use are data (``data/scope.yaml``, documented there).

>>> from edureports.context import describe
>>> from edureports.quantities import find_quantities
>>> text = "全区一本上线251人(其中普文81人,普理170人),一本上线率达40.6%。"
>>> figs = describe(text, find_quantities(text))
>>> [(f.quantity.raw, s.scope, s.subgroup, s.parent) for f, s in zip(figs, assign_scopes(text, figs))]
[('251人', 'total', None, None), ('81人', 'part', '普文', 0), ('170人', 'part', '普理', 0), ('40.6%', 'total', None, None)]
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import repeat
from typing import Sequence

from .context import Figure
from .quantities import WordEnds, load_data, words_pattern
from .terms import SCOPES

__all__ = ["SCOPES", "Scope", "assign_scopes"]

PERIOD_END = "。!?！？\n"
TITLE = re.compile(r"《[^《》\n]*》")
HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_MARK = re.compile("[,;:]")
_NEAR_CUT = re.compile(r"[,;:、，；：]")
_CLAUSE_END = re.compile(r"[,;:。!?，；：！？\n]")
_NUMBERED = re.compile(r"[一二三四五六七八九十\d]+")
_ONE_NUMBERED = re.compile(r".[一二三四五六七八九十\d]+")
_ORDINAL_LEAD = re.compile(r"^(?:了|的)?(?:[\d*xX]+年度?|第[一二三四五六七八九十\d]+[期届批轮])*")
_PLACE_LEAD = re.compile(r"^[\u4e00-\u9fff]{2,3}[省市县区](?=[\u4e00-\u9fff])")
_ORDINALS = re.compile(r"^(?:[\d*xX]+年度?|第[一二三四五六七八九十\d]+[期届批轮])*")
_FIRST_CLAUSE_END = re.compile(r"[,;，；]")


_MARKS: dict[str, re.Pattern] = {}  # a pattern for each set of marks asked for


def _last_mark(text: str, chars: str, lo: int, hi: int) -> int:
    """:func:`_last_of` for a short stretch: one greedy match over it, which runs to ``hi`` and backs up
    to the last of ``chars`` (one call, however many marks stand there; faster than one ``rfind`` per
    character).

    >>> _last_mark("a,b;c,d", ",;", 0, 5), _last_mark("a,b;c,d", ",;", 2, 3)
    (3, -1)
    """
    m = _mark_pattern(chars).match(text, lo, hi)
    return m.end() - 1 if m is not None else -1


def _mark_pattern(chars: str) -> re.Pattern:
    """A pattern matching from where it is asked to the last of ``chars`` (what :func:`_last_mark` runs)."""
    pattern = _MARKS.get(chars)
    if pattern is None:
        pattern = _MARKS[chars] = re.compile(f"(?s:.*)[{re.escape(chars)}]")
    return pattern


def _period_start(text: str, pos: int) -> int:
    """Where the period holding ``pos`` starts: after the last end mark (。!? or a newline) before it,
    looked for near ``pos`` first (usually right before it), then in the whole text before it."""
    if pos > 0 and text[pos - 1] in PERIOD_END:
        return pos
    for lo in (max(0, pos - _NEAR), 0):
        last = _last_mark(text, PERIOD_END, lo, pos)
        if last >= 0 or lo == 0:
            return last + 1
    return 0


_NEAR = 512  # characters looked back first for the end of a period (the whole text only when none is there)


def _last_of(text: str, chars: str, lo: int = 0, hi: int | None = None) -> int:
    """The position of the last of ``chars`` in ``text[lo:hi]``, or -1."""
    hi = len(text) if hi is None else hi
    return max(map(text.rfind, chars, repeat(lo, len(chars)), repeat(hi, len(chars))))


@dataclass(frozen=True, init=False)
class Scope:
    """The scope of one figure. ``parent`` is the index of its whole among the figures given;
    ``rule`` names the rule that decided (shown by audits and tests)."""

    scope: str = "total"
    subgroup: str | None = None
    parent: int | None = None
    rule: str = "default"

    def __init__(self, scope: str = "total", subgroup: str | None = None, parent: int | None = None,
                 rule: str = "default"):
        """The fields, set at once in the instance's dictionary (the __init__ a frozen dataclass writes
        sets them one by one through ``object.__setattr__``); once made, a scope is frozen as any."""
        self.__dict__.update(scope=scope, subgroup=subgroup, parent=parent, rule=rule)


TOTAL = Scope()


@dataclass(frozen=True)
class _Group:
    name: str
    reach: str
    rates: bool
    words: re.Pattern
    near: tuple
    structural: bool
    narrow: tuple = ()
    not_after: str = ""


@dataclass(frozen=True)
class _Vocab:
    markers: re.Pattern
    not_before: re.Pattern
    rate_units: frozenset
    per_words: re.Pattern
    near_chars: int
    stop_at: re.Pattern
    wholes: WordEnds
    subsets: WordEnds
    totals: re.Pattern
    inherit_chars: int
    inherit_stop: re.Pattern
    share: re.Pattern
    share_cue: re.Pattern
    programmes: re.Pattern
    areas: dict
    report_levels: dict
    groups: tuple
    any_group: re.Pattern
    any_subject: re.Pattern  # the words of the groups that are not structural (what _vocabulary looks for)
    named: re.Pattern
    max_stem: int
    name_stem: re.Pattern  # two to max_stem Han characters
    name_boundaries: re.Pattern
    name_leading: re.Pattern  # digits and time marks, then one leading word (6月21日凌晨, 如, 特别是)
    led_stem: re.Pattern  # name_leading as it matches (atomic), then the stem (group 1): both checks in one
    generic: re.Pattern
    generic_words: tuple  # the same words, longest first
    numbered_after: tuple
    unique: re.Pattern
    unique_words: re.Pattern  # the unique names anywhere
    after_groups: tuple
    purpose_units: frozenset
    after_skip: re.Pattern
    training: re.Pattern
    training_verbs: re.Pattern  # the verbs that open a training's name
    training_generic: tuple
    place: re.Pattern
    place_not_after: str
    place_generic: tuple
    item_markers: re.Pattern
    item_joiners: tuple
    heading_chars: int
    heading_words: re.Pattern
    topic_groups: tuple
    topic_leading: tuple
    level_indicators: frozenset
    level_words: re.Pattern
    level_wholes: frozenset
    programme_groups: tuple
    another: re.Pattern
    parent_chars: int
    cues: object  # every word some rule needs in its window, found in one pass (ahocorasick_rs, overlapping)
    cue_words: tuple  # the words of ``cues``, in its order
    cue_kinds: tuple  # for each word of ``cues``, the indexes in _CUE_KINDS of the kinds it is a word of
    cue_groups: tuple  # for each word of ``cues``, the groups (not structural) it is a word of
    comma_programmes: bool  # a programme's name holds a comma (so one could span two pieces joined by one)
    comma_groups: bool  # a group's word, near word or not_after character is or holds a comma (see _in_sentence)


@functools.cache
def _vocab() -> _Vocab:
    d = load_data("scope")
    b, sh, nm = d["breakdowns"], d["shares"], d["named"]
    groups = tuple(_Group(name, g["reach"], g["rates"], words_pattern(g["words"]), tuple(g.get("near", ())),
                          g.get("structural", False), tuple(g.get("narrow", ())), "".join(g.get("not_after", ())))
                   for name, g in d["groups"].items())
    suffixes = "|".join(map(re.escape, sorted(nm["suffixes"], key=len, reverse=True)))
    return _Vocab(
        markers=words_pattern(b["markers"]), not_before=words_pattern(b["not_before"]),
        rate_units=frozenset(b["rate_units"]), stop_at=words_pattern(b["stop_at"]), per_words=words_pattern(b["per_words"]),
        near_chars=d["near_chars"],
        wholes=WordEnds(d["wholes"]), subsets=WordEnds(d["subsets"]), totals=words_pattern(d["totals"]),
        inherit_chars=d["inherit"]["max_chars"], inherit_stop=words_pattern(d["inherit"]["stop"]),
        share=re.compile(f"(?:{words_pattern(sh['cues']).pattern})(?P<area>{words_pattern(sh['areas']).pattern})"),
        share_cue=words_pattern(sh["cues"]), programmes=words_pattern(d["programmes"]),
        areas=sh["areas"], report_levels=sh["report_levels"], groups=groups,
        any_group=words_pattern([w for g in d["groups"].values() for w in g["words"]]),
        any_subject=words_pattern([w for g in d["groups"].values() if not g.get("structural") for w in g["words"]]),
        named=re.compile(suffixes), max_stem=nm["max_stem"],
        name_stem=re.compile(r"[\u4e00-\u9fff]{2,%d}" % nm["max_stem"]), name_boundaries=words_pattern(nm["boundaries"]),
        name_leading=re.compile(rf"[\d*年月日]*(?:{words_pattern(nm['leading']).pattern})?"),
        led_stem=re.compile(rf"(?>[\d*年月日]*(?:{words_pattern(nm['leading']).pattern})?)([\u4e00-\u9fff]{{2,{nm['max_stem']}}})"),
        generic=words_pattern(nm["generic"]), generic_words=tuple(sorted(nm["generic"], key=len, reverse=True)),
        numbered_after=tuple(nm["numbered_after"]),
        unique=re.compile(f"^[市县区旗]?(?:{words_pattern(nm['unique']).pattern})"),
        unique_words=words_pattern(nm["unique"]),
        after_groups=tuple(d["after"]["groups"]), purpose_units=frozenset(d["after"]["purpose_units"]),
        after_skip=re.compile(f"^(?:{words_pattern(d['after']['skip']).pattern})*"),
        training=_training_pattern(d["trainings"]),
        training_verbs=re.compile(_training_pattern(d["trainings"]).pattern.split("(?P<name>")[0]),
        training_generic=tuple(sorted(d["trainings"]["generic"], key=len, reverse=True)),
        place=re.compile(f"(?P<stem>[\u4e00-\u9fff]{{2,4}}?)(?:{words_pattern(d['places']['suffixes']).pattern})"),
        place_not_after="".join(d["places"]["not_after"]),
        place_generic=tuple(sorted(d["places"]["generic"] + nm["generic"], key=len, reverse=True)),
        item_markers=words_pattern(d["items"]["markers"]), item_joiners=tuple(d["items"]["joiners"]),
        heading_chars=d["headings"]["max_chars"], heading_words=words_pattern(d["headings"]["words"]),
        topic_groups=tuple(d["topics"]["groups"]),
        topic_leading=tuple(sorted(d["topics"]["leading"], key=len, reverse=True)),
        level_indicators=frozenset(d["levels"]["indicators"]),
        level_words=words_pattern(d["levels"]["words"] + d["levels"]["wholes"]),
        level_wholes=frozenset(d["levels"]["wholes"]), programme_groups=tuple(d["programme_groups"]),
        another=words_pattern(d["another"]),
        parent_chars=d["parents"]["max_chars"],
        **_cue_words(d),
    )


_CUE_KINDS = ("subject", "after", "topic", "named", "unique", "training", "place", "share", "totals", "marker",
              "programme", "another")


def _cue_words(d: dict) -> dict:
    """The words each rule needs somewhere in its window before it can find anything, by kind, compiled
    into one automaton that reports every occurrence (overlapping ones too): a rule is tried only where
    a word of its kind stands (exactly as before, only without scanning where it cannot find anything).
    Each word also knows the groups it is a word of (``cue_groups``: which group a subject word is)."""
    import ahocorasick_rs

    groups, nm = d["groups"], d["named"]
    kinds = {
        "subject": [w for g in groups.values() if not g.get("structural") for w in g["words"]],
        "after": [w for name in d["after"]["groups"] for w in groups[name]["words"]],
        "topic": [w for name in d["topics"]["groups"] for w in groups[name]["words"]],
        "named": nm["suffixes"] + nm["unique"], "unique": nm["unique"],
        "training": d["trainings"]["suffixes"], "place": d["places"]["suffixes"],
        "share": d["shares"]["cues"], "totals": d["totals"], "marker": d["breakdowns"]["markers"],
        "programme": d["programmes"], "another": d["another"],
    }
    assert set(kinds) == set(_CUE_KINDS), "each kind of cue word is listed in _CUE_KINDS"
    by_word: dict[str, set] = {}
    for kind, words in kinds.items():
        for w in words:
            by_word.setdefault(w, set()).add(_CUE_KINDS.index(kind))
    words = sorted(by_word)
    return {"cues": ahocorasick_rs.AhoCorasick(words, implementation=ahocorasick_rs.Implementation.DFA),
            "cue_words": tuple(words), "cue_kinds": tuple(tuple(sorted(by_word[w])) for w in words),
            "cue_groups": tuple(frozenset(name for name, g in groups.items() if not g.get("structural") and w in g["words"])
                                for w in words),
            "comma_programmes": any("," in w for w in d["programmes"]),
            "comma_groups": any("," in w for g in groups.values()
                                for w in g["words"] + g.get("near", []) + g.get("not_after", []))}


def _training_pattern(t: dict) -> re.Pattern:
    """A training's name: the words between a verb and a training suffix, without punctuation."""
    verbs, suffixes = words_pattern(t["verbs"]).pattern, words_pattern(t["suffixes"]).pattern
    return re.compile(f"(?:{verbs})(?P<name>[^,;:。!?()、\n]{{1,{t['max_chars']}}}?)(?P<suffix>{suffixes})")


def _occurrences(text: str, v: _Vocab, regions: Sequence[tuple[int, int]] | None = None
                 ) -> dict[str, tuple[Sequence[int], ...]]:
    """Every occurrence of the cue words in ``text`` (or in its ``regions``, ``(start, end)`` pairs in
    order, apart), by kind, in the order of their ends: the ends, the latest start among the occurrences
    up to each one, the starts (what :meth:`_Text.has` bisects) and the words (their indexes among the
    automaton's words)."""
    spans: list[list[tuple[int, int, int]]] = [[] for _ in _CUE_KINDS]
    kinds, find = v.cue_kinds, v.cues.find_matches_as_indexes
    for lo, hi in ((0, len(text)),) if regions is None else regions:
        for match in find(text[lo:hi] if lo or hi < len(text) else text, overlapping=True):
            if lo:
                match = (match[0], match[1] + lo, match[2] + lo)
            for kind in kinds[match[0]]:
                spans[kind].append(match)
    return {kind: _index(matches) for kind, matches in zip(_CUE_KINDS, spans) if matches}


_GAP = 32  # characters between two regions below which they are searched as one (a search costs ~50 characters)


def _regions(d: _Text, bounds: list[list[int]]) -> list[list[int]]:
    """Where a rule can ask for a cue word: each sentence of figures (``bounds``: from its start, or its
    first figure if that stands before it, to its end, or its last figure's end if later), from the start
    of its period (the last breakdown marker before a figure counts only in the figure's period); in
    order, those less than ``_GAP`` apart joined. Every window a rule looks in (clause, stretch, sentence
    before its first figure, clause after a figure, period before a figure) lies in one region, so the
    cue words found there answer every lookup as the whole text's would."""
    text, found = d.text, []
    bounds.sort()
    last = -_GAP - 1  # where the region before ends
    for lo, hi in bounds:
        if lo and text[lo - 1] not in PERIOD_END:
            lo = d.period_start(lo)
        if lo > last + _GAP:
            found.append([lo, hi])
            last = hi
        elif hi > last:
            found[-1][1] = last = hi
    return found


def _index(matches: list[tuple[int, int, int]]) -> tuple[Sequence[int], ...]:
    """The index of one kind's occurrences ``(word, start, end)`` (see :func:`_occurrences`), put in the
    order of their ends where the automaton did not report them in that order.

    >>> _index([(7, 2, 4), (3, 0, 3), (5, 1, 2)])
    ((2, 3, 4), [1, 1, 2], (1, 0, 2), (5, 3, 7))
    >>> _index([(1, 0, 2), (2, 3, 5), (3, 4, 6)])  # starts in order: each the latest up to it
    ((2, 5, 6), [0, 3, 4], (0, 3, 4), (1, 2, 3))
    """
    words, starts, ends = zip(*matches)
    if list(ends) != sorted(ends):
        words, starts, ends = zip(*sorted(matches, key=lambda m: (m[2], m[1])))
    latest = list(starts)
    if latest != sorted(latest):  # a word starting before one that ends before it (else each start is the latest)
        latest = list(itertools.accumulate(starts, max))
    return ends, latest, starts, words


_NONE = ((), (), (), ())


def _ascending(values: Sequence[int]) -> bool:
    """True when ``values`` never decrease."""
    return list(values) == sorted(values)


class _Text:
    """A text and its figures, with what the rules ask of each figure computed once: where it starts and
    ends and where its sentence starts (``pos``, ``ends``, ``sentences``), the first figure of its sentence
    (``first``), where its own stretch of text starts (``since``: the end of the figure before it in its
    sentence, else the sentence's start), its clause (``clause_starts``, ``clauses``), where the clause
    after it ends (``clause_ends``), whether it is a rate; the cue words' occurrences; and what a rule
    finds for a whole sentence (``sentence_facts``)."""

    def __init__(self, text: str, figures: Sequence[Figure], v: _Vocab):
        self.text, self.figures, self.v = text, figures, v
        self.pos = [f.quantity.start for f in figures]
        self.ends = [f.quantity.end for f in figures]
        self.sentences = [f.sentence_start for f in figures]
        self.first, self.since, self.clause_starts, self.clause_ends, bounds = _stretches(text, figures, self)
        self._rates: dict[int, bool] = {}
        self._periods: dict[int, int] = {}
        self._values: dict[str, list[Decimal]] = {}
        self.sentence_facts: dict[tuple, object] = {}  # (rule, position) -> what the rule found there
        self.clauses = [text[lo:hi] for lo, hi in zip(self.clause_starts, self.pos)]
        self._cues = _occurrences(text, v, _regions(self, bounds)) if figures else {}
        self.triggers, self.totals = _triggers(self) if figures else ((), [])
        self.rules = _rules_of(len(figures), self.triggers)  # for each figure, the rules to call

    def blank(self, lo: int, hi: int) -> str:
        """``_blank(text[lo:hi])``, the programmes looked for only where one stands."""
        window = self.text[lo:hi]
        if "《" in window:
            window = TITLE.sub(_underscores, window)
        return self.v.programmes.sub(_underscores, window) if self.has("programme", lo, hi) else window

    def starts(self, kind: str) -> list[int]:
        """Where the occurrences of the words of ``kind`` start (in the order of their ends)."""
        return self._cues.get(kind, _NONE)[2]

    def marker_in_period(self, i: int) -> bool:
        """True when a breakdown marker (其中…) stands between the start of figure ``i``'s period and the
        figure: the last marker ending before the figure, with no end of a period after it."""
        ends, latest, _, _ = self._cues.get("marker", _NONE)
        f = self.figures[i]
        pos, sentence = f.quantity.start, f.sentence_start
        k = bisect.bisect_right(ends, pos) - 1
        if k < 0:
            return False  # no marker before the figure
        last = latest[k]  # the start of the last marker wholly before the figure
        if last < sentence <= pos and self.text[sentence - 1] in PERIOD_END:
            return False  # a period ends right before the figure's sentence, after the marker
        return _last_mark(self.text, PERIOD_END, last, pos) < 0

    def has(self, kind: str, lo: int, hi: int) -> bool:
        """True when a word of ``kind`` (see :func:`_cue_words`) stands inside ``text[lo:hi]``: among the
        occurrences ending by ``hi``, the latest start is at ``lo`` or after.

        >>> d = _Text("其中公办学校", (), _vocab())
        >>> d._cues = _occurrences(d.text, _vocab())
        >>> d.has("marker", 0, 2), d.has("marker", 1, 6), d.has("subject", 0, 4), d.has("subject", 0, 3)
        (True, False, True, False)
        """
        ends, latest, _, _ = self._cues.get(kind, _NONE)
        k = bisect.bisect_right(ends, hi)
        return k > 0 and latest[k - 1] >= lo

    def words(self, kind: str, lo: int, hi: int) -> list[int]:
        """The words of ``kind`` standing inside ``text[lo:hi]`` (their indexes among the automaton's
        words), from the last: the occurrences ending by ``hi`` and after ``lo`` (one ending by ``lo``
        starts before it), those starting at ``lo`` or after.

        >>> d = _Text("其中公办学校", (), _vocab())
        >>> d._cues = _occurrences(d.text, _vocab())
        >>> [d.v.cue_groups[w] for w in d.words("subject", 0, 6)], d.words("subject", 3, 6)
        ([frozenset({'sector'})], [])
        """
        ends, _, starts, words = self._cues.get(kind, _NONE)
        k = bisect.bisect_right(ends, hi)
        found = []
        while k > 0 and ends[k - 1] > lo:
            k -= 1
            if starts[k] >= lo:
                found.append(words[k])
        return found

    def inside(self, kind: str, los: Sequence[int], his: Sequence[int]) -> list[bool]:
        """:meth:`has` for each window ``(los[i], his[i])``. Where both bounds run in order and the
        occurrences are far fewer than the windows, from the occurrences: an occurrence stands in the
        windows from the first reaching its end to the last starting by its start.

        >>> d = _Text("其中公办学校", (), _vocab())
        >>> d._cues = _occurrences(d.text, _vocab())
        >>> d.inside("subject", [0, 0, 1, 3], [3, 4, 6, 6]), d.inside("subject", [3, 0], [6, 4])
        ([False, True, True, False], [False, True])
        """
        ends, latest, starts, _ = self._cues.get(kind, _NONE)
        if not ends:
            return [False] * len(los)
        if 2 * len(ends) > len(los) or not (_ascending(los) and _ascending(his)):  # window by window
            right = bisect.bisect_right
            return [(k := right(ends, hi)) > 0 and latest[k - 1] >= lo for lo, hi in zip(los, his)]
        flags = [False] * len(los)
        left, right = bisect.bisect_left, bisect.bisect_right
        for start, end in zip(starts, ends):
            a, b = left(his, end), right(los, start)
            if a < b:
                flags[a:b] = [True] * (b - a)
        return flags

    def stretch(self, i: int, chars: str) -> str:
        """The text before figure ``i`` from the last of ``chars`` (or from ``since``) to the figure."""
        since, start = self.since[i], self.figures[i].quantity.start
        return self.text[max(since, _last_mark(self.text, chars, since, start) + 1):start]

    def period_of(self, i: int) -> int:
        """:meth:`period_start` of figure ``i``: an end mark in its sentence before it, else the period
        start of its sentence."""
        f = self.figures[i]
        last = _last_mark(self.text, PERIOD_END, f.sentence_start, f.quantity.start)
        return last + 1 if last >= 0 else self.period_start(f.sentence_start)

    def period_start(self, pos: int) -> int:
        """Where the period holding ``pos`` starts: after the last end mark (。!? or a newline) before it.

        >>> [_Text("ab。cd\\nef", (), _vocab()).period_start(p) for p in (0, 2, 3, 5, 6, 8)]
        [0, 0, 3, 3, 6, 6]
        """
        found = self._periods.get(pos)
        if found is None:
            found = self._periods[pos] = _period_start(self.text, pos)
        return found

    def clause_end(self, i: int) -> int:
        """Where the clause after figure ``i`` ends: the next punctuation, or the next figure of its sentence."""
        return self.clause_ends[i]

    @functools.cached_property
    def units(self) -> list[str]:
        """The unit of each figure."""
        return [f.quantity.unit for f in self.figures]

    @functools.cached_property
    def values(self) -> list:
        """The value of each figure (None where its digits are masked)."""
        return [f.quantity.value for f in self.figures]

    def values_of(self, unit: str) -> list[Decimal]:
        """The values of the figures of ``unit``, as Decimals, in order (found when first asked)."""
        found = self._values.get(unit)
        if found is None:
            found = self._values[unit] = sorted(
                x if type(x) is Decimal else Decimal(x) for x, u in zip(self.values, self.units) if u == unit and x is not None)
        return found

    def rate(self, i: int) -> bool:
        """:func:`_is_rate` of figure ``i``, asked once."""
        found = self._rates.get(i)
        if found is None:
            found = self._rates[i] = _is_rate(self, i, self.v)
        return found


def _stretches(text: str, figures: Sequence[Figure], d: _Text) -> tuple[list, ...]:
    """For each figure, in one pass: the first figure of its sentence, where its own stretch of text
    starts (the end of the figure before it in its sentence, else the sentence's start), where its
    clause starts (after the last of ,;: in that stretch) and where the clause after it ends (the next
    punctuation in its sentence, or the next figure of its sentence); and for each sentence, its start
    and end, widened to its figures (see :func:`_regions`)."""
    first, since, clause_starts, clause_ends, bounds = [], [], [], [], []
    pos, ends, sentences = d.pos, d.ends, d.sentences
    last_mark, next_end = _mark_pattern(",;:").match, _CLAUSE_END.search
    n = len(figures)
    head = lo = 0
    previous = None  # the sentence of the figure before
    span = [0, 0]  # the bounds of the sentence
    for i, f in enumerate(figures):
        sentence, p = sentences[i], pos[i]
        if sentence == previous:
            lo = ends[i - 1]
        else:
            head, lo, previous = i, sentence, sentence
            span = [sentence, sentence]
            bounds.append(span)
        first.append(head)
        since.append(lo)
        m = last_mark(text, lo, p)
        clause_starts.append(m.end() if m else lo)
        sentence_end = f.sentence_end
        top = sentence_end if sentence_end > ends[i] else ends[i]
        if top > span[1]:
            span[1] = top
        if p < span[0]:
            span[0] = p
        m = next_end(text, ends[i], sentence_end)
        end = m.start() if m else sentence_end
        if i + 1 < n and sentences[i + 1] == sentence and pos[i + 1] < end:
            end = pos[i + 1]  # the next figure of its sentence comes first
        clause_ends.append(end)
    return first, since, clause_starts, clause_ends, bounds


def _triggers(d: _Text) -> tuple[tuple, list[bool]]:
    """The one-figure rules in :func:`_scope_of`'s order with, for each figure, whether what the rule
    looks for first (a word of its kind in its window, a bracket, a word ending at the figure) is there:
    a rule is called only where it is (where it is not, the rule finds nothing: calling it anyway gives
    the same answer); and where a total word stands in the figure's clause."""
    text, v = d.text, d.v
    pos, sentences, clauses = d.pos, d.sentences, d.clause_starts
    after = _after_ends(d)
    subsets, wholes = v.subsets.by_last, v.wholes.by_last
    share, totals = d.inside("share", clauses, pos), d.inside("totals", clauses, pos)
    ends = d.ends
    before = [text[p - 1:p] for p in pos]  # the character right before each figure
    triggers = (
        ([True] * len(pos) if v.wholes.empty else [c in wholes for c in before], _whole_of_a_list),
        (share, _share_of_larger),
        ([(o := text.rfind("(", s0, p)) >= 0 and text.find(")", o, p) < 0 for s0, p in zip(sentences, pos)]
         if "(" in text else [False] * len(pos), _parenthesis),
        (_marker_flags(d), _breakdown),
        ([x is not None and (v.subsets.empty or c in subsets) for x, c in zip(d.values, before)], _subset),
        (totals, _stated_total),
        (_subject_flags(d, pos), _vocabulary),
        (d.inside("named", sentences, pos), _named),
        (_after_flags(d, ends, after), _after_figure),
        (d.inside("training", d.since, after), _named_training),
        (d.inside("place", clauses, pos), _place_in_clause),
        (d.inside("topic", sentences, pos), _topic_of_sentence),
    )
    return triggers, totals


def _rules_of(n: int, triggers: tuple) -> list[list]:
    """For each of ``n`` figures, the rules whose trigger stands for it, in order.

    >>> _rules_of(3, (([True, False, True], "a"), ([False, False, True], "b")))
    [['a'], [], ['a', 'b']]
    """
    rules: list[list] = [[] for _ in range(n)]
    for flags, rule in triggers:
        for i in itertools.compress(range(n), flags):
            rules[i].append(rule)
    return rules


def _after_ends(d: _Text) -> list[int]:
    """For each figure, where the clause after it ends (where some word a rule looks for after a figure
    stands in the text; else the figure's end)."""
    if not (d.starts("after") or d.starts("named") or d.starts("training")):
        return d.ends
    return d.clause_ends


def _marker_flags(d: _Text) -> list[bool]:
    """:meth:`_Text.marker_in_period` for each figure."""
    ends, latest, _, _ = d._cues.get("marker", _NONE)
    if not ends:
        return [False] * len(d.figures)  # no marker anywhere
    text, flags, right, last_mark = d.text, [], bisect.bisect_right, _mark_pattern(PERIOD_END).match
    for pos, sentence in zip(d.pos, d.sentences):
        k = right(ends, pos) - 1
        last = latest[k] if k >= 0 else None
        flags.append(last is not None and not (last < sentence <= pos and text[sentence - 1] in PERIOD_END)
                     and last_mark(text, last, pos) is None)
    return flags


def _subject_flags(d: _Text, pos: list[int]) -> list[bool]:
    """Where :func:`_vocabulary` can find a word: in the sentence before its first figure, in the
    figure's clause, or in its measure."""
    firsts = d.inside("subject", d.sentences, [pos[first] for first in d.first])
    own = d.inside("subject", d.clause_starts, pos)
    measured = [_names_a_subject(f.measure) for f in d.figures]
    return [a or b or c for a, b, c in zip(firsts, own, measured)]


@functools.lru_cache(maxsize=4096)
def _names_a_subject(measure: str | None) -> bool:
    """Whether a word of a group that is not structural (``any_subject``) stands in ``measure``, a short
    phrase naming what a figure counts (the same phrases recur: each looked for once).

    >>> _names_a_subject("公办学校"), _names_a_subject("学校"), _names_a_subject(None)
    (True, False, False)
    """
    return measure is not None and _vocab().any_subject.search(measure) is not None


def _after_flags(d: _Text, ends: list[int], after: list[int]) -> list[bool]:
    """Where :func:`_after_figure` can find something: a group word after the figure, or a name after
    an amount of money."""
    if after is ends:
        return [False] * len(ends)  # no word after a figure is looked for (see _after_ends): nothing to find
    words = d.inside("after", ends, after)
    money = [i for i, unit in enumerate(d.units) if unit in d.v.purpose_units]
    if money:  # a name after an amount of money: looked for after those only
        for i, found in zip(money, d.inside("named", [ends[i] for i in money], [after[i] for i in money])):
            words[i] = words[i] or found
    return words


# --------------------------------------------------------------------------- public


def assign_scopes(text: str, figures: Sequence[Figure], *, districts: Sequence[str | None] | None = None,
                  home: str | None = None, home_level: str | None = None,
                  indicators: Sequence[str] | None = None, years: Sequence[int | None] | None = None) -> list[Scope]:
    """The :class:`Scope` of each figure of ``text`` (in the order given, as :func:`~edureports.context.describe`
    returns them). ``districts``: the place each figure is attributed to; ``home``: the report's own area and
    ``home_level`` its level (province | city | district); a figure of another (subordinate) place is a part.
    ``indicators`` and ``years`` let a part find the total of its indicator and year as its parent.

    >>> from edureports.context import describe
    >>> from edureports.quantities import find_quantities
    >>> text = "全区共有幼儿园76所,其中公办65所。650分以上考生人数占全省25%。"
    >>> figs = describe(text, find_quantities(text))
    >>> [(s.scope, s.subgroup, s.parent) for s in assign_scopes(text, figs, home_level="city")]
    [('total', None, None), ('part', '公办', 0), ('part', '占全省', None)]
    """
    if not isinstance(text, str):
        raise TypeError(f"assign_scopes() expects str, not {type(text).__name__}")
    v = _vocab()
    n = len(figures)
    d = _Text(text, figures, v)
    districts = list(districts) if districts is not None else [None] * n
    out: list[Scope] = []
    for i in range(n):
        out.append(_scope_of(d, i, out, districts[i], home, home_level, v))
        if indicators is not None and out[i] is TOTAL and indicators[i] in v.level_indicators:
            out[i] = _level_of_a_stock(d, i, indicators[i], out, v) or TOTAL
    _items_of_listed_wholes(d, out)
    _items_of_a_list(d, out, v)
    _another_group(d, out, v)
    _parts_under_a_heading(d, out, v)
    _parts_that_sum(d, out)
    _parts_before_their_stated_sum(d, out)
    if indicators is not None:
        _parents_by_indicator(d, out, list(indicators), list(years) if years is not None else [None] * n, v)
    return out


# --------------------------------------------------------------------------- one figure


def _scope_of(d: _Text, i, done, district, home, home_level, v: _Vocab) -> Scope:
    """The scope of figure ``i`` from the rules about one figure, in order (``done``: the figures before)."""
    clause = d.clauses[i]
    for rule in d.rules[i]:  # only the rules whose trigger stands (see _triggers)
        found = rule(d, i, clause, home_level, v)
        if found is not None:
            return found
    if district and home and district != home:
        return Scope("part", district, rule="sub-area")
    if d.first[i] == i or done[i - 1].scope != "part":
        return TOTAL  # no figure before it in its sentence, or that one is no part
    text, q, prev, since = d.text, d.figures[i].quantity, i - 1, d.since[i]
    if done[prev].rule == "one training among several" and not v.training.search(clause):
        return Scope("part", done[prev].subgroup, rule="one training among several")  # 共有169名校长参训,涉及初级中学132所
    if done[prev].rule != "share of a larger area":
        own = HAN.findall(clause)
        share = q.unit in v.rate_units and v.share_cue.search(clause)  # 其中普惠性民办园35所,占83.3%: a share
        stopped = v.inherit_stop.search(text, since, q.start) is not None
        listed = text[since:since + 1] == "、"  # 配备计算机1260台、多媒体教学设备386套: one list, one subject
        level = q.unit in v.rate_units and done[prev].rule == "level of a stock"  # 小学…,生师比16.8:1: per-level rate
        named = v.any_group.search(clause) or v.level_words.search(clause)  # 初中专任教师1.4万人: its own subject
        if (len(own) <= v.inherit_chars or listed) and not share and not stopped and not level and not named:
            return Scope("part", done[prev].subgroup, rule="same subject as the figure before")
    return TOTAL


def _whole_of_a_list(d: _Text, i, clause, home_level, v: _Vocab) -> Scope | None:
    """A figure written right after 等 (A、B、C等六所): the whole of a list."""
    return Scope(rule="whole of a list") if v.wholes.at(d.text, d.figures[i].quantity.start) is not None else None


def _stated_total(d: _Text, i, clause, home_level, v: _Vocab) -> Scope | None:
    """合计251人: a total word in the clause states the whole (占班级总数 is a share)."""
    if v.totals.search(clause) and not v.share_cue.search(clause):
        return Scope(rule="stated as a total")
    return None


def _level_of_a_stock(d: _Text, i, indicator, done, v: _Vocab) -> Scope | None:
    """全县小学在校生3.46万人: a level word in the clause of a level-neutral stock (pupils, intake, teachers,
    schools) names a part of the stock over all levels; the indicator stays, the level is the subgroup.
    Two levels together (小学和初中) name no single part."""
    if indicator not in v.level_indicators or d.rate(i):
        return None
    clause = d.clauses[i]
    words = [w.group() for w in v.level_words.finditer(d.blank(d.clause_starts[i], d.figures[i].quantity.start))]
    if not words and len(HAN.findall(clause)) <= v.inherit_chars:  # 全市共有初中学校186所(…),招生4.9万人
        first = d.first[i]
        if first < i and done[first].rule == "level of a stock":
            words = [done[first].subgroup]
    if words and len(set(words)) == 1 and words[0] not in v.level_wholes:
        return Scope("part", words[0], rule="level of a stock")
    return None


def _is_rate(d: _Text, i: int, v: _Vocab) -> bool:
    """A rate, ratio or per-unit amount (生均公用经费650元, 每生每年850元): its unit, or a per word in its measure
    or clause; an amount listed right after such a figure (小学9860元,初中13240元) is one too."""
    f = d.figures[i]
    if f.quantity.unit in v.rate_units:
        return True
    if _per_measure(f.measure):
        return True
    clause = d.stretch(i, ",;:、")
    if v.per_words.search(clause):
        return True
    prev = d.figures[i - 1] if d.first[i] < i else None
    return (prev is not None and prev.quantity.unit == f.quantity.unit and _per_measure(prev.measure)
            and len(HAN.findall(clause)) <= 3)


@functools.lru_cache(maxsize=4096)
def _per_measure(measure: str | None) -> bool:
    """Whether a per word (生均, 每生) stands in ``measure``, a short phrase naming what a figure counts (the
    same phrases recur: each looked for once).

    >>> _per_measure("生均公用经费"), _per_measure("公用经费"), _per_measure(None)
    (True, False, False)
    """
    return measure is not None and _vocab().per_words.search(measure) is not None


def _subgroup(clause: str, f: Figure, v: _Vocab) -> str | None:
    """The words naming a structural part: the nearest vocabulary word in its clause, else its measure."""
    words = list(v.any_group.finditer(clause))
    if words:
        return words[-1].group()
    return f.measure or None


def _share_of_larger(d: _Text, i, clause, home_level, v: _Vocab) -> Scope | None:
    """占全省25% in a city report: a share of a larger area."""
    own = v.report_levels.get(home_level, max(v.report_levels.values()))
    for m in reversed(list(v.share.finditer(clause))):
        if v.areas[m["area"]] < own:
            return Scope("part", m.group(), rule="share of a larger area")
    return None


def _parenthesis(d: _Text, i, clause, home_level, v: _Vocab) -> Scope | None:
    """90人(中小学教师81人、幼儿园教师9人): figures in brackets right after a figure of their unit."""
    text, figures = d.text, d.figures
    f = figures[i]
    s0, pos = f.sentence_start, f.quantity.start
    open_at = text.rfind("(", s0, pos)
    if open_at < 0 or text.find(")", open_at, pos) >= 0:
        return None
    for j in range(i - 1, -1, -1):
        g = figures[j].quantity
        if g.end <= open_at and text[g.end:open_at].strip() == "" and g.unit == f.quantity.unit:
            return Scope("part", _subgroup(text[open_at + 1:pos], f, v), j, "breakdown in brackets")
        if g.end <= open_at:
            break
    return None


def _breakdown(d: _Text, i, clause, home_level, v: _Vocab) -> Scope | None:
    """其中普文81人,普理170人 (to the end of the sentence): the items of the whole stated before 其中."""
    text, figures = d.text, d.figures
    f = figures[i]
    q = f.quantity
    start = d.period_of(i)
    marks = list(v.markers.finditer(text, start, q.start))
    if not marks or d.rate(i):
        return None
    mark = marks[-1]
    between = text[mark.end():q.start]
    if v.not_before.search(between) or v.stop_at.search(between):
        return None
    # a marker opening its sentence (其中采购A…;采购B…) reaches to the end of the period; one inside a
    # sentence (共有学校X所,其中…;在校生…) to the end of that sentence
    opens = text[start:mark.start()].strip(" ") == ""
    if not opens and any(ch in between for ch in ";；"):
        return None
    prev_end = figures[i - 1].quantity.end if i > 0 and figures[i - 1].quantity.end > mark.end() else mark.end()
    own = text[prev_end:q.start]  # 其中小学98所、初中28所、职业学校2所: each item's own words first
    subgroup = _subgroup(own, f, v) if v.any_group.search(own) else (f.measure or _subgroup(text[mark.end():q.start], f, v))
    return Scope("part", subgroup, _whole_before(d, i, mark.start()), "breakdown after " + mark.group())


def _whole_before(d: _Text, i: int, pos: int) -> int | None:
    """The nearest figure of ``figures[i]``'s unit before ``pos``, in its sentence or the one before
    it on the same line (共改造13所。其中新建8所…); a marker opening its line reaches back to the last
    sentence of the line before (完成了50.64万元的采购。⏎其中实验仪器43.28万元…)."""
    text, figures = d.text, d.figures
    unit = figures[i].quantity.unit
    line_start = text.rfind("\n", 0, pos) + 1
    if line_start > 0 and text[line_start:pos].strip() == "":  # the marker opens its line
        k = line_start - 1
        while k > 0 and (text[k - 1] in PERIOD_END or text[k - 1].isspace()):
            k -= 1
        floor = d.period_start(k)
    else:
        period = d.period_start(pos)
        floor = max(line_start, d.period_start(period - 1) if period else 0)
    for j in range(i - 1, -1, -1):
        g = figures[j].quantity
        if g.start < floor:
            return None
        if g.end <= pos and g.unit == unit:
            return j
    return None


def _subset(d: _Text, i, clause, home_level, v: _Vocab) -> Scope | None:
    """24家学校食堂现有17家达到A级: a smaller figure of the unit stated before, introduced by 现有/有."""
    text, figures = d.text, d.figures
    f = figures[i]
    q = f.quantity
    if q.value is None or v.subsets.at(text, q.start) is None:
        return None
    for j in range(i - 1, -1, -1):
        g = figures[j]
        if g.sentence_start != f.sentence_start:
            return None
        if g.quantity.unit == q.unit and g.quantity.value is not None and g.quantity.value > q.value:
            return Scope("part", f.measure or None, j, "subset of the figure before")
    return None


def _vocabulary(d: _Text, i, clause, home_level, v: _Vocab) -> Scope | None:
    """A stream, split side or funding source that names the figure's subject: in its sentence before
    the sentence's first figure (or in its own clause), or in what it counts (126名劳动合同制幼儿教师).
    Two words of one group side by side name the whole (普文普理上线人数: both streams).

    Group by group in order, window by window (:func:`_group_window`, then the measure), the last word
    accepted there (:func:`_last_word`) is kept where it ends at or after the one kept before; a group
    whose word is kept looks no further."""
    f = d.figures[i]
    sentence, pos = f.sentence_start, f.quantity.start
    best = None
    in_programme, programmes = False, v.comma_programmes
    if "programme" in d._cues:  # (a programme in the text)
        in_programme = d.has("programme", sentence, f.sentence_end)
        programmes = v.comma_programmes or d.has("programme", sentence, pos)
    whole = v.comma_programmes or v.comma_groups or d.text.find("《", sentence, pos) >= 0  # see _in_sentence
    own = v.programmes.sub(_underscores, clause) if programmes else clause
    rate = measure = None
    standing = _groups_standing(d, i)
    in_measure = None  # whether any group's word is in the measure (asked once, where it matters)
    for g in v.groups:
        if g.structural:
            continue
        if g.name not in standing:  # no word of the group in the text where it looks: in the measure?
            if g.reach != "sentence":
                continue
            if in_measure is None:
                in_measure = _names_a_subject(f.measure)
            if not in_measure or g.words.search(f.measure) is None:
                continue
        if not g.rates:
            rate = d.rate(i) if rate is None else rate
            if rate:
                continue
        if in_programme and g.name in v.programme_groups:  # 营养改善计划惠及农村学生: the programme's own group
            continue
        if whole:
            window = _group_window(d, i, clause, g)
            found = _last_word(v.programmes.sub(_underscores, window) if programmes else window, g, v)
        else:
            found = _in_sentence(d, i, own, g, programmes) if g.reach == "sentence" else _last_word(own, g, v)
        if found is not None and (best is None or found[0] >= best[0]):
            best = (found[0], found[1], g.name)
        if g.reach == "sentence" and (best is None or best[2] != g.name):
            if measure is None:
                measure = v.programmes.sub(_underscores, f.measure)
            found = _last_word(measure, g, v)
            if found is not None and (best is None or found[0] >= best[0]):
                best = (found[0], found[1], g.name)
    if best is None:
        return None
    return Scope("part", best[1], rule=best[2])


def _last_word(window: str, g: _Group, v: _Vocab) -> tuple[int, str] | None:
    """The last word of group ``g`` in ``window`` (as ``g.words`` finds them) that names a part there:
    followed by one of its near words where it needs one, not ending a place name, not paired with
    another word of the group; its end and the word, or None."""
    matches = list(g.words.finditer(window))
    for m in reversed(matches):
        if g.near:
            near = _NEAR_CUT.split(window[m.end():m.end() + v.near_chars], maxsplit=1)[0]
            if not any(w in near for w in g.near):
                continue
        if m.start() > 0 and window[m.start() - 1] in g.not_after:  # 东城区 is a place, not 城区
            continue
        if _paired(window, m, g, matches):
            continue
        return m.end(), m.group()
    return None


def _in_sentence(d: _Text, i, own: str, g: _Group, programmes: bool) -> tuple[int, str] | None:
    """:func:`_last_word` in the window of reach ``sentence`` (:func:`_group_window`: the sentence before
    its first figure, then a comma and the figure's clause ``own``), the sentence's part found once for
    all its figures. No word, near word or programme holds a comma and no title 《…》 stands there, so
    nothing found reaches across the comma: the last word is the clause's (its end past the sentence's
    part), else the sentence part's."""
    first = d.first[i]
    head = _head_word(d, first, g, programmes)
    if first == i:
        return head
    found = _last_word(own, g, d.v)
    if found is None:
        return head
    return d.pos[first] - d.sentences[first] + 1 + found[0], found[1]


def _head_word(d: _Text, first: int, g: _Group, programmes: bool) -> tuple[int, str] | None:
    """:func:`_last_word` in the sentence of figure ``first`` before it (programmes blanked or not), once."""
    key = ("head word", first, g.name, programmes)
    found = d.sentence_facts.get(key, _UNJUDGED)
    if found is _UNJUDGED:
        head = d.text[d.sentences[first]:d.pos[first]]
        if programmes:
            head = d.v.programmes.sub(_underscores, head)
        found = d.sentence_facts[key] = _last_word(head, g, d.v)
    return found


def _groups_standing(d: _Text, i: int) -> set[str]:
    """The groups with a word in figure ``i``'s clause or in its sentence before the sentence's first
    figure: those :func:`_group_window` can show it, and maybe more (blanking titles and programmes only
    hides words; a group of reach ``clause`` looks only at the clause)."""
    f, groups, first = d.figures[i], d.v.cue_groups, d.first[i]
    words = d.words("subject", d.clause_starts[i], f.quantity.start)
    head = d.sentence_facts.get(("head groups", first))
    if head is None:
        head = d.sentence_facts["head groups", first] = {
            g for w in d.words("subject", f.sentence_start, d.pos[first]) for g in groups[w]}
    return head.union(*(groups[w] for w in words)) if words else head


def _underscores(m: re.Match) -> str:
    return "_" * len(m.group())


def _group_window(d: _Text, i, clause, g: _Group) -> str:
    """Where a word of group ``g`` names the subject of figure ``i``: its clause, or for reach
    ``sentence`` also the sentence before the sentence's first figure; titles 《…》 blanked."""
    f = d.figures[i]
    window = clause
    if g.reach == "sentence":
        first = d.first[i]
        window = d.text[f.sentence_start:d.figures[first].quantity.start] + ("" if first == i else "," + clause)
    return TITLE.sub(_underscores, window) if "《" in window else window


def _paired(window: str, m: re.Match, g: _Group, matches: Sequence[re.Match] | None = None) -> bool:
    """True when another word of the group stands right next to ``m`` (普文普理, 公办和民办, 中央财政和省财政):
    both together name the whole. A narrow word (普惠性民办) with its counterpart (公办) names a part.
    ``matches``: the group's words in ``window`` (``g.words.finditer``), where already found."""
    for other in g.words.finditer(window) if matches is None else matches:
        if other.start() == m.start():
            continue
        gap = window[other.end():m.start()] if other.end() <= m.start() else window[m.end():other.start()]
        if g.near:
            gap = next((gap[len(w):] for w in g.near if gap.startswith(w)), gap)
        if gap in ("", "和", "、", "及", "与", "或") and not {m.group(), other.group()} & set(g.narrow):
            return True
    return False


def _named(d: _Text, i, clause, home_level, v: _Vocab) -> Scope | None:
    """A named school or project among several (峡江县芳洲小学, 安塘中心小学, 如华忆教育集团) that is the
    subject of the figure's sentence: written at the start of a clause of the sentence, before the
    figure, not in a list (御龙湾小学、金福园小学等3个项目 is a list whose count is a whole)."""
    f = d.figures[i]
    sentence, pos = f.sentence_start, f.quantity.start
    window = d.text[sentence:pos]
    if "《" in window:
        return _named_in(d, sentence, TITLE.sub(_underscores, window), v)
    if d.has("unique", sentence, pos) and v.unique_words.search(window):
        found = _unique_name(window, v)
        if found is not None:
            return found
    names = d.sentence_facts.get(("names", sentence))
    if names is None:
        names = d.sentence_facts["names", sentence] = _NameEndings(d.text, sentence, f.sentence_end, v)
    return names.last_before(pos, v)


def _named_in(d: _Text, sentence: int, window: str, v: _Vocab) -> Scope | None:
    """:func:`_named` in ``window``, the figure's sentence up to the figure (its titles blanked)."""
    if v.unique_words.search(window):
        found = _unique_name(window, v)
        if found is not None:
            return found
    return _name_endings_in(d, sentence, window, v)


def _name_endings_in(d: _Text, sentence: int, window: str, v: _Vocab) -> Scope | None:
    """What the last name ending in ``window`` judged a name finds, name ending by name ending from the
    last (``sentence``: where ``window`` starts in the text)."""
    for m in reversed(list(v.named.finditer(window))):
        # what a name ending finds depends only on the sentence before it and the character after it
        # (the same for every figure after it), so it is judged once per sentence
        key = ("name", sentence + m.start(), m.end() - m.start(), window[m.end():m.end() + 1])
        found = d.sentence_facts.get(key, _UNJUDGED)
        if found is _UNJUDGED:
            found = d.sentence_facts[key] = _name_ending(window, m.start(), m.end(), v)
        if found is not None:
            return found
    return None


def _unique_name(window: str, v: _Vocab) -> Scope | None:
    """The unique institution (县职教中心) opening a clause of ``window``, from the last clause, or None."""
    for start in sorted({0} | {m.end() for m in _CLAUSE_MARK.finditer(window)}, reverse=True):
        unique = v.unique.match(_strip_leading(window[start:], v))
        if unique:  # 县职教中心在校生达3860人: the county's one vocational school
            return Scope("part", unique.group(), rule="named school or project")
    return None


_UNJUDGED = object()


class _NameEndings:
    """The name endings of one sentence (``v.named`` over all of it), each judged when first asked:
    what :func:`_named_in` finds for a figure of the sentence is the last judged a name among those
    ending by the figure (the same matches as over the sentence up to the figure, unless one reaches
    across the figure; one ending right at the figure is judged with nothing after it)."""

    def __init__(self, text: str, start: int, end: int, v: _Vocab):
        self.text, self.start = text, start
        spans = [m.span() for m in v.named.finditer(text, start, end)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.found: list = [_UNJUDGED] * len(spans)  # what each one finds, with the text after it
        self.at_end: dict[int, Scope | None] = {}  # what the one ending at a figure finds, with nothing after it

    def last_before(self, pos: int, v: _Vocab) -> Scope | None:
        """What the last name ending before ``pos`` judged a name finds (None: none)."""
        k = bisect.bisect_right(self.ends, pos)
        if k < len(self.ends) and self.starts[k] < pos:  # a match reaching across pos: match afresh
            return _name_endings_in(_Text(self.text, (), v), self.start, self.text[self.start:pos], v)
        for j in range(k - 1, -1, -1):
            found = self.judged(j, pos, v)
            if found is not None:
                return found
        return None

    def judged(self, j: int, pos: int, v: _Vocab) -> Scope | None:
        """:func:`_name_ending` of the ``j``-th name ending, in the sentence up to ``pos``."""
        a, b = self.starts[j], self.ends[j]
        if b == pos:
            if b not in self.at_end:
                self.at_end[b] = _name_ending(self.text, a, b, v, self.start, b)
            return self.at_end[b]
        if self.found[j] is _UNJUDGED:
            self.found[j] = _name_ending(self.text, a, b, v, self.start)
        return self.found[j]


def _name_ending(text: str, begin: int, end: int, v: _Vocab, lo: int = 0, hi: int | None = None) -> Scope | None:
    """The named school or project that the name ending ``text[begin:end]`` closes, written at the
    start of its clause of the window ``text[lo:hi]`` (where it is looked at, without slicing it) and
    not in a list; else None."""
    last = _last_mark(text, ",;:", lo, begin)
    start = last + 1 if last >= 0 else lo
    after = text[end:end + 1] if hi is None or end < hi else ""
    if after in ("等", "、", "和", "及") or (start > lo and text[start - 1] == "、"):
        return None
    led = v.led_stem.fullmatch(text, start, begin)  # (_strip_leading, then name_stem.fullmatch)
    if led is None or v.name_boundaries.search(stem := led.group(1)):
        return None
    return Scope("part", _name(stem) + text[begin:end], rule="named school or project") if _is_name(stem, v) else None


def _strip_leading(stem: str, v: _Vocab) -> str:
    """Drop time and discourse words before a name (6月21日凌晨, 如, 特别是)."""
    return stem[v.name_leading.match(stem).end():]

def _name(stem: str) -> str:
    """The name itself, without the places written before it (峡江县戈坪乡芳洲 -> 芳洲; 市十五 stays)."""
    i = _last_of(stem, "省市县区乡镇村")
    return stem if i < 0 or _NUMBERED.fullmatch(stem[i + 1:] or "x") else stem[i + 1:]


def _is_name(stem: str, v: _Vocab) -> bool:
    """True unless ``stem`` is made only of generic words (全市中, 项目, 示范性): 市十五, 芳洲 are names."""
    if any(stem.startswith(w) for w in v.numbered_after) and _ONE_NUMBERED.fullmatch(stem):
        return True
    pos = 0
    while pos < len(stem):
        word = v.generic.match(stem, pos)
        if word is None:
            return True
        pos = word.end()
    return False


def _after_figure(d: _Text, i, clause, home_level, v: _Vocab) -> Scope | None:
    """What is written right after the figure: a group word naming what it counts (三分之一的乡村学校,
    十二所农村学校), or for money where it goes (投入766万元完善农村学校…, 投入188万元的市十五中学…)."""
    q = d.figures[i].quantity
    end = d.clause_end(i)
    after = d.blank(q.end, end)
    rest = after[v.after_skip.match(after).end():]
    groups = [g for g in v.groups if g.name in v.after_groups]  # (in the vocabulary's order)
    for g in groups:
        m = g.words.match(rest)
        if m and HAN.match(rest, m.end()) and not _paired(rest, m, g):  # 十二所农村学校, not 18个乡镇
            return Scope("part", m.group(), rule="group after the figure")
    if q.unit not in v.purpose_units:
        return None
    for g in groups:
        for m in g.words.finditer(after):
            if not _paired(after, m, g):
                return Scope("part", m.group(), rule="where the money goes")
    name = _name_at_start(rest, v)
    return Scope("part", name, rule="where the money goes") if name else None


def _blank(window: str, v: _Vocab) -> str:
    """``window`` with programmes for one group and titles 《…》 blanked (same length)."""
    if "《" in window:
        window = TITLE.sub(_underscores, window)
    return v.programmes.sub(_underscores, window)


def _name_at_start(window: str, v: _Vocab) -> str | None:
    """The named school or project ``window`` starts with (市十五中学…, 县职教中心…), or None."""
    unique = v.unique.match(window)
    if unique:
        return unique.group()
    m = v.named.search(window)
    if m is None or window[m.end():m.end() + 1] in ("等", "、", "和", "及"):
        return None
    stem = window[:m.start()]
    if not v.name_stem.fullmatch(stem) or v.name_boundaries.search(stem):
        return None
    return _name(stem) + m.group() if _is_name(stem, v) else None


def _named_training(d: _Text, i, clause, home_level, v: _Vocab) -> Scope | None:
    """One training among the area's trainings (组织开展了初中校长岗位培训,共有169名校长参训): a figure whose
    stretch of text (from the figure before it to the end of its clause) names a particular training is a part
    of the area's training. A name made only of generic words (开展教师培训, 组织各类培训) is the area's training."""
    lo, hi = d.since[i], d.clause_end(i)
    for m in v.training.finditer(d.blank(lo, hi)):  # up to the end of its clause
        name = _training_name(m["name"], v)
        if name.count("“") > 1 or "_" in name:  # “国培计划”“省培计划”培训: several programmes are the whole;
            continue                              # a programme for one group (农村劳动力) is its total
        if name and not _only(name, v.training_generic + v.generic_words):
            return Scope("part", name + m["suffix"], rule="one training among several")
    return None


def _training_name(name: str, v: _Vocab) -> str:
    """The particular words of a training's name: no verb, year, ordinal or province/city before them."""
    name = v.training_verbs.split(name)[-1]
    name = _ORDINAL_LEAD.sub("", name)
    name = _PLACE_LEAD.sub("", name)
    name = _ORDINALS.sub("", name)
    return name if HAN.search(name) else ""


def _only(words: str, vocabulary: tuple) -> bool:
    """True when ``words`` is made only of ``vocabulary`` (longest first): taking at each place the first
    word of ``vocabulary`` that stands there, never another, reaches the end.

    >>> _only("全市中小学", ("全市", "中小学", "中小")), _only("abc", ("ab", "a", "bc"))
    (True, False)
    """
    return _only_pattern(vocabulary).fullmatch(words) is not None


@functools.lru_cache(maxsize=16)
def _only_pattern(vocabulary: tuple) -> re.Pattern:
    """What :func:`_only` matches: words of ``vocabulary`` one after another, each the first of them
    standing there (an atomic group tries them in order and keeps the first; the possessive repeat never
    gives one back)."""
    return re.compile("(?>%s)*+" % "|".join(map(re.escape, vocabulary)) if vocabulary else "")


def _topic_of_sentence(d: _Text, i, clause, home_level, v: _Vocab) -> Scope | None:
    """一是城区学位仍然十分紧张,大班额比例仍在3%左右: a first clause without figures that starts with an urban or
    rural word is the sentence's topic; the later figures are its parts unless their clause names the area."""
    f = d.figures[i]
    text, pos = d.text, f.quantity.start
    start = max(f.sentence_start, _last_of(text, ":：", f.sentence_start, pos) + 1)  # 存在一些短板:城区学校…
    first = _FIRST_CLAUSE_END.search(text, start, pos)
    if first is None or v.stop_at.search(clause):
        return None
    key = ("topic", start)  # the topic is the same for every figure after it
    if key not in d.sentence_facts:
        d.sentence_facts[key] = _topic(text[start:first.start()], v)
    return d.sentence_facts[key]


def _topic(topic: str, v: _Vocab) -> Scope | None:
    """The part an opening clause without figures names as its sentence's topic (城区学位仍然十分紧张), or None."""
    topic = next((topic[len(w):] for w in v.topic_leading if topic.startswith(w)), topic)
    for g in v.groups:
        if g.name in v.topic_groups and (m := g.words.match(_blank(topic, v))) and not _paired(topic, m, g):
            return Scope("part", m.group(), rule="topic of the sentence")
    return None


def _place_in_clause(d: _Text, i, clause, home_level, v: _Vocab) -> Scope | None:
    """A sub-area named by a place suffix in the figure's own clause (总寨地区两所中学, 西关街道…)."""
    for m in v.place.finditer(d.blank(d.clause_starts[i], d.figures[i].quantity.start)):
        stem = m["stem"]
        if stem[-1] in v.place_not_after or v.name_boundaries.search(stem) or _only(stem, v.place_generic):
            continue
        return Scope("part", m.group(), rule="sub-area named in the clause")
    return None


# --------------------------------------------------------------------------- across figures


def _items_of_listed_wholes(d: _Text, out: list[Scope]) -> None:
    """完成7所中小学旱厕改造、3所中学浴池改造…等21所学校: the figures of the unit listed (with 、) in the
    clause before a whole written after 等 are its items."""
    after_wholes = next((flags for flags, rule in d.triggers if rule is _whole_of_a_list), ())
    for k in itertools.compress(range(len(out)), after_wholes):  # (only there can the rule have found one)
        if out[k].rule != "whole of a list":
            continue
        figures = d.figures
        whole = figures[k]
        floor = max(whole.sentence_start, _last_of(d.text, ",;:", 0, whole.quantity.start) + 1)
        for j in range(k - 1, -1, -1):
            g = figures[j]
            if g.quantity.start < floor:
                break
            if g.quantity.unit == whole.quantity.unit and out[j].scope == "total":
                out[j] = Scope("part", g.measure or None, k, "item of a listed whole")


def _another_group(d: _Text, out: list[Scope], v: _Vocab) -> None:
    """已有1041名代课教师通过考试转为公办教师,另有80名…: a figure after 另有 and the figure of its unit before it
    in the sentence split one group; both are parts."""
    text, figures = d.text, d.figures
    if not d.starts("another"):
        return  # no 另有 anywhere
    his = d.pos
    los = [max(since, hi - 4) for since, hi in zip(d.since, his)]
    for k, near in enumerate(d.inside("another", los, his)):
        if not near or not v.another.search(text, los[k], his[k]):  # no 另有 in the four characters before it
            continue
        g = figures[k]
        before = [j for j in range(k) if figures[j].sentence_start == g.sentence_start
                  and figures[j].quantity.unit == g.quantity.unit]
        if not before:
            continue
        for j in (before[-1], k):
            if out[j].scope == "total":
                out[j] = Scope("part", figures[j].measure or None, None, "another group")


def _items_of_a_list(d: _Text, out: list[Scope], v: _Vocab) -> None:
    """分别用于A、B和C,分别占x、y、z: figures after 分别… that follow a clause ending in a list of as many
    items are the items' parts; their whole is the figure before the list in the sentence."""
    text, figures, starts = d.text, d.figures, d.pos
    ordered = None  # whether the figures run in order (asked at the first marker)
    for m in v.item_markers.finditer(text):
        if ordered is None:
            ordered = _ascending(starts)
        if ordered:  # the figures starting right after the marker
            run = list(range(bisect.bisect_left(starts, m.end()), bisect.bisect_right(starts, m.end())))
        else:
            run = [k for k, start in enumerate(starts) if start == m.end()]
        if not run or text[m.start() - 1:m.start()] not in (",", "，"):
            continue
        while run[-1] + 1 < len(figures) and text[figures[run[-1]].quantity.end:figures[run[-1] + 1].quantity.start] == "、":
            run.append(run[-1] + 1)
        start = figures[run[0]].sentence_start
        before = text[start:m.start() - 1]
        clause = before[_last_of(before, ",;:，；：") + 1:]
        items = _list_items(clause, v)
        if len(run) < 2 or len(items) != len(run) or any(re.search(r"\d", w) for w in items):
            continue
        if figures[run[0]].quantity.unit in v.rate_units and not v.share_cue.search(m.group()):
            continue  # 小学、初中和高中,分别为98%、95%、90%: each level's own rate, a total
        whole = next((k for k in range(run[0] - 1, -1, -1) if figures[k].sentence_start == start
                      and figures[k].quantity.end <= start + len(before) - len(clause)), None)
        for k, item in zip(run, items):
            if out[k].parent is None:  # the list names the part better than the sentence's subject does
                out[k] = Scope("part", item, whole, "item of a list")


def _list_items(clause: str, v: _Vocab) -> list[str]:
    """The items of a list ending ``clause`` (用于校舍建设、设备购置和附属工程 -> three items)."""
    pieces = clause.split("、")
    if len(pieces) < 2:
        return []
    last = re.split("|".join(map(re.escape, v.item_joiners)), pieces[-1], maxsplit=1)
    pieces = pieces[:-1] + last
    first = pieces[0]
    pieces[0] = re.sub(r"^.*?(?:用于|包括|分为|为|是|有)", "", first)
    return [p for p in pieces if p]


def _parts_under_a_heading(d: _Text, out: list[Scope], v: _Vocab) -> None:
    """一是完成了中心城区中小学旱厕改造工作。 on its own line, then the figures: a short line without figures
    that names an urban area makes the totals of the next line its parts."""
    text, starts = d.text, d.pos
    order = range(len(starts)) if _ascending(starts) else sorted(range(len(starts)), key=starts.__getitem__)
    starts = [starts[k] for k in order]
    lines = _lines_of(text, starts)
    # only the line right before a line of figures can be such a heading (its parts are on the next line)
    for n, (line_start, line_end) in enumerate(lines):
        head_end = line_start - 1  # the line break closing the line before
        if line_start == 0 or (n and lines[n - 1][1] == head_end
                               and starts[bisect.bisect_left(starts, lines[n - 1][0])] < head_end):
            continue  # no line before, or it has figures of its own
        head_start = _short_line_start(text, head_end, v.heading_chars)
        if head_start is None:
            continue
        stripped = text[head_start:head_end].strip()
        if len(stripped) > v.heading_chars or stripped.count("。") > 1:
            continue
        if v.heading_words.search(stripped) is None or (m := v.heading_words.search(_blank(stripped, v))) is None:
            continue  # (blanking titles and programmes only hides words)
        on_line = order[bisect.bisect_left(starts, line_start):bisect.bisect_left(starts, line_end)]
        for k in sorted(on_line):
            if out[k].scope == "total":
                out[k] = Scope("part", m.group(), None, "named in the heading above")


def _short_line_start(text: str, end: int, chars: int) -> int | None:
    """Where the line ending at ``end`` starts, or None when it is longer than ``chars`` characters
    without its surrounding blanks (seen from its last ``4 * chars`` characters, the whole line looked at
    only when these are mostly blank).

    >>> _short_line_start("a" * 20 + "\\nxy", 20, 3), _short_line_start("ab\\nxy", 5, 3), _short_line_start("a" + " " * 20, 21, 3)
    (None, 3, 0)
    """
    lo = max(0, end - 4 * chars)
    start = text.rfind("\n", lo, end) + 1
    if start == 0 and lo > 0:  # no line break in those characters
        if len(text[lo:end].strip()) > chars:
            return None  # the line's text is at least as long as their text
        start = text.rfind("\n", 0, lo) + 1
    return start


def _lines_of(text: str, starts: Sequence[int]) -> list[tuple[int, int]]:
    """The lines holding the positions ``starts`` (in order), each once: where each starts and ends.

    >>> _lines_of("ab\\ncd\\n\\nef", [0, 1, 3, 4, 8])
    [(0, 2), (3, 5), (7, 9)]
    """
    found, line_end = [], -1
    for start in starts:
        if start > line_end:  # past the line of the position before
            line_end = _line_end(text, start)
            found.append((text.rfind("\n", 0, start) + 1, line_end))
    return found


def _parts_that_sum(d: _Text, out: list[Scope]) -> None:
    """Adjacent figures of one unit in one sentence whose sum is another figure of that unit in the same
    sentence or the next (普文81人、普理170人 … 251人) are its parts."""
    starts = d.pos if _ascending(d.pos) else None
    values, units = d.values, d.units
    for i, j in _runs(list(zip(d.sentences, units))):  # one sentence, one unit
        unit = units[i]
        if unit in _NO_SUMS:  # rates do not add up
            continue
        for a in range(i, j):  # every stretch of two to six adjacent figures of the run with values and no parent
            if values[a] is None or out[a].parent is not None:
                continue  # (nor has any longer stretch from a)
            total = 0 + values[a]  # the sum of the stretch, added in the order sum() adds
            for b in range(a + 1, min(j, a + 5) + 1):
                if values[b] is None or out[b].parent is not None:
                    break
                total += values[b]
                if _may_be_stated(d, unit, total) and _link_sum(d, out, list(range(a, b + 1)), starts):
                    break  # its figures have a parent now


def _runs(keys: list) -> list[list[int]]:
    """The first and last index of each run of two or more equal ``keys`` side by side.

    >>> _runs(["a", "a", "b", "c", "c", "c", "a"])
    [[0, 1], [3, 5]]
    """
    found: list[list[int]] = []
    for k in itertools.compress(range(1, len(keys)), map(operator.eq, keys[1:], keys)):  # k is as the one before it
        if found and found[-1][1] == k - 1:
            found[-1][1] = k
        else:
            found.append([k - 1, k])
    return found


def _parts_before_their_stated_sum(d: _Text, out: list[Scope]) -> None:
    """A whole stated after its parts with a total word (文史类1567人,上线率9.3%;理工类4375人…。文理共计上线
    人数5942人): the figures of its unit just before it, in its line and the line before, whose values add
    up to it are its parts, whatever other figures stand between them."""
    text, figures = d.text, d.figures
    if not d.starts("totals"):
        return  # no total word anywhere
    for k in itertools.compress(range(len(figures)), d.inside("totals", d.sentences, d.pos)):
        g = figures[k]
        q = g.quantity
        if q.value is None or q.unit in _NO_SUMS or out[k].scope == "part":
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
                    out[m] = Scope("part", s.subgroup or figures[m].measure or None, k,
                                   s.rule if s.scope == "part" else "parts before their stated sum")
                break


def _may_be_stated(d: _Text, unit: str, total) -> bool:
    """False when no figure of ``unit`` in the text can be the sum ``total`` of figures of that unit
    (none within twice the tolerance, for the roundings; a zero sum or a rate's is never linked)."""
    if unit in _NO_SUMS or total == 0:
        return False
    limit = _TOLERANCE * max(1, abs(total))
    values = d.values_of(unit)
    k = bisect.bisect_left(values, total - 2 * limit)
    return k < len(values) and values[k] <= total + 2 * limit


def _link_sum(d: _Text, out, run, starts: list[int] | None) -> bool:
    """Link ``run`` to a figure of its unit near it (from its period's start to 200 characters after its
    sentence) that equals its sum. ``starts``: the figures' starts when in order (to look only there).
    True when linked."""
    text, figures = d.text, d.figures
    total = sum(figures[k].quantity.value for k in run)
    unit = figures[run[0]].quantity.unit
    if not _may_be_stated(d, unit, total):
        return False
    limit = _TOLERANCE * max(1, abs(total))
    lo, hi = d.period_of(run[0]), figures[run[-1]].sentence_end
    near = range(len(figures)) if starts is None else range(bisect.bisect_left(starts, lo),
                                                            bisect.bisect_left(starts, hi + 200))
    units, qstarts = d.units, d.pos
    for k in near:
        if units[k] != unit or k in run or not lo <= qstarts[k] < hi + 200:
            continue
        g = figures[k]
        if g.quantity.value is None:
            continue
        if k > run[-1]:  # a sum stated after its parts must say so (合计251人), or 15+26 = 41 prizes links
            between = text[figures[k - 1].quantity.end:g.quantity.start]
            if not (_vocab().totals.search(between) or "共" in between):
                continue
        if abs(Decimal(g.quantity.value) - total) <= limit:
            for m in run:
                s = out[m]
                out[m] = Scope("part", s.subgroup or figures[m].measure or None,
                               s.parent if s.parent is not None else k, s.rule if s.scope == "part" else "parts that sum")
            if out[k].scope == "part" and out[k].parent in run:
                out[k] = TOTAL
            return True
    return False


_TOLERANCE = Decimal("1E-6")
_NO_SUMS = ("percent", "ratio", "percentage_point")  # units whose figures do not add up to a whole


def _parents_by_indicator(d: _Text, out, indicators, years, v: _Vocab) -> None:
    """A part with no whole found by structure takes the nearest total of its indicator, unit and year
    in its paragraph (文史类上线率9.3% -> 文理共计上线率16%; 市本级投入 -> 全市投入 of that year)."""
    parts = [i for i, s, indicator in zip(range(len(out)), out, indicators)
             if s.scope == "part" and s.parent is None and indicator != "other" and s.rule != "share of a larger area"]
    if not parts:
        return
    text, figures, units = d.text, d.figures, d.units
    totals = _totals_by_kind(d, out, indicators, years, {indicators[i] for i in parts})
    kinds: dict[tuple, tuple[list[int], list[int]]] = {}  # the totals of a kind, put in order when asked
    for i in parts:
        q = figures[i].quantity
        key = (indicators[i], units[i], years[i])
        if key not in kinds:
            kinds[key] = _in_order(totals.get(key, ()))
        starts, order = kinds[key]
        if not starts:
            continue  # no total of its kind anywhere
        para = (text.rfind("\n", 0, q.start) + 1, _line_end(text, q.end))
        lo = bisect.bisect_left(starts, max(para[0], q.start - v.parent_chars))
        hi = bisect.bisect_left(starts, min(para[1], q.start + v.parent_chars + 1))
        best = None  # the nearest, the first of equally near ones
        for k in order[lo:hi]:
            g = figures[k]
            gq = g.quantity
            if (k == i or out[k].scope != "total" or indicators[k] != indicators[i] or gq.unit != q.unit
                    or years[k] != years[i] or not para[0] <= gq.start < para[1]
                    or abs(gq.start - q.start) > v.parent_chars or _exceeds(q, gq, v)
                    or _other_level(figures[i].measure, g.measure, v)):
                continue
            if best is None or (abs(gq.start - q.start), k) < (abs(figures[best].quantity.start - q.start), best):
                best = k
        if best is not None:
            s = out[i]
            out[i] = Scope(s.scope, s.subgroup, best, s.rule)


def _totals_by_kind(d: _Text, out, indicators, years, wanted: set) -> dict:
    """The total figures of the ``wanted`` indicators by ``(indicator, unit, year)``: their ``(start, index)`` pairs."""
    found: dict[tuple, list[tuple[int, int]]] = {}
    units, pos = d.units, d.pos
    for k, s, indicator in zip(range(len(out)), out, indicators):
        if indicator in wanted and s.scope == "total":
            found.setdefault((indicator, units[k], years[k]), []).append((pos[k], k))
    return found


def _in_order(pairs) -> tuple[list[int], list[int]]:
    """The starts of ``(start, index)`` pairs in order, and the indexes in that order (so the totals
    near a position are a bisection away)."""
    pairs = sorted(pairs)
    return [start for start, _ in pairs], [k for _, k in pairs]


def _exceeds(part, whole, v: _Vocab) -> bool:
    """A count or amount larger than the candidate whole cannot be its part (a rate can: 文史类 9.3%
    beside a whole-area 16% is no contradiction of nesting)."""
    return (part.unit not in v.rate_units and part.value is not None and whole.value is not None
            and abs(part.value) > abs(whole.value))


def _other_level(part_measure: str | None, whole_measure: str | None, v: _Vocab) -> bool:
    """The whole names a school level and the part another one (中学 against 城乡小学): not its whole."""
    whole = {m.group() for m in v.level_words.finditer(whole_measure or "")}
    part = {m.group() for m in v.level_words.finditer(part_measure or "")}
    return bool(whole and part and not whole & part)


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end
