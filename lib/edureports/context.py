"""Context for each quantity: its sentence, what it measures, its role, its enumeration.

A :class:`Figure` wraps a :class:`~edureports.quantities.Quantity` with

* ``sentence_start, sentence_end``: the sentence it is stated in (see :func:`~.sentences.split_sentences`);
* ``measure``: the Chinese phrase naming what is counted (学杂费, 学生, 本一上线人数);
* ``role``: level | delta | growth | previous | target, from cue words;
* a decrease is negative: the quantity of a change cued downwards (减少, 下降, 精减 …) is signed, in every
  role it takes; a change of a rate in percentage points (个百分点, or a stated change equal to the
  difference of a previous and a current rate) has unit ``percentage_point`` and role delta;
* ``enum_index, enum_size, enum_keys``: for enumerations (分别为A、B、C), the position in the
  list and the years or places the sentence distributes it over (None where a key is lost).

Cue words and the measure's boundaries are data (``data/roles.yaml``); this module applies them.

>>> from edureports.quantities import find_quantities
>>> text = "全市中职学校春季招生4468人,比上年增加了1565人,同比增长54%。"
>>> [(f.quantity.raw, f.measure, f.role) for f in describe(text, find_quantities(text))]
[('4468人', '春季招生', 'level'), ('1565人', '春季招生', 'delta'), ('54%', '春季招生', 'growth')]
>>> text = "在校生减少300人,同比下降4.1%,由76家压减至4家。"
>>> [(f.quantity.raw, float(f.quantity.value), f.role) for f in describe(text, find_quantities(text))]
[('300人', -300.0, 'delta'), ('4.1%', -4.1, 'growth'), ('76家', 76.0, 'previous'), ('4家', 4.0, 'level')]
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from .sentences import CLAUSE_MARKS, CLOSERS, SENTENCE, UP_TO_LAST_END
from .quantities import Quantity, WordEnds, load_data, words_matcher, words_pattern
from .terms import ROLES
from .years import LIST_MARK, YEAR_LIST_WORD, YEAR_LISTS

__all__ = ["Figure", "ROLES", "describe"]

CLASSIFIER_UNITS = ("person", "person_time", "institution", "item", "event", "count")
HAN_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
HAN_TAIL = re.compile(r"[\u4e00-\u9fffA-Za-z]*$")
SHARE_WORD = "占全"  # in every match of SHARE_OF_AREA: a clause without it is not searched
SHARE_OF_AREA = re.compile(r"(?P<subject>[\u4e00-\u9fffA-Za-z\d]{2,12}?)(?P<whole>(?:所)?占全[国省市区县州])"
                           r"(?:的)?(?:比例|比重)?(?:为|达|达到)?$")


@dataclass(frozen=True, init=False)
class Figure:
    """A quantity in its context. ``enum_keys[enum_index]`` is this figure's key, if any."""

    quantity: Quantity  # signed: a decrease is negative
    sentence_start: int
    sentence_end: int
    measure: str
    role: str
    enum_index: int | None = None
    enum_size: int | None = None
    enum_keys: tuple[str | None, ...] = ()

    def __init__(self, quantity: Quantity, sentence_start: int, sentence_end: int, measure: str, role: str,
                 enum_index: int | None = None, enum_size: int | None = None, enum_keys: tuple = ()):
        """The fields, set at once in the instance's dictionary: the __init__ a frozen dataclass writes sets
        them one by one through ``object.__setattr__``, which costs more than the rest of a figure's making
        (once made, a figure is frozen as any: setting a field raises FrozenInstanceError)."""
        fields = self.__dict__  # stored one by one: cheaper than an update from keyword arguments
        fields["quantity"] = quantity
        fields["sentence_start"] = sentence_start
        fields["sentence_end"] = sentence_end
        fields["measure"] = measure
        fields["role"] = role
        fields["enum_index"] = enum_index
        fields["enum_size"] = enum_size
        fields["enum_keys"] = enum_keys

    @property
    def enum_key(self) -> str | None:
        """The year or place this figure is given for in its enumeration, or None."""
        if self.enum_index is None or self.enum_index >= len(self.enum_keys):
            return None
        return self.enum_keys[self.enum_index]


# --------------------------------------------------------------------------- describe


@dataclass(frozen=True)
class _Vocab:
    cues: list[tuple[str, str]]  # (cue word, kind), longest first
    cue_matcher: object  # an Aho-Corasick automaton over the cue words, in the order of ``cues``
    cue_opener: re.Pattern  # any first character of a cue word (a text without one holds no cue)
    target: re.Pattern
    boundaries: object  # Aho-Corasick automaton, leftmost longest: the matches of words_pattern(boundaries)
    keep: re.Pattern
    keep_matcher: object  # the same for the keep words
    strip_prefixes: re.Pattern
    possessors: tuple
    possessor_word: re.Pattern  # any of the possessors
    possessor_not_before: tuple
    cue_names: tuple
    bare_heads: WordEnds  # heads that need their possessor (人数, 数): looked up by last character
    max_chars: int
    markers: tuple
    joiners: tuple
    place_list: re.Pattern
    place_list_run: tuple  # the characters of a place list: a run of them, and up to the last other one


@functools.cache
def _vocab() -> _Vocab:
    roles = load_data("roles")
    measure, enum = roles["measure"], roles["enumeration"]
    cued = {**roles["cues"], "negative_level": roles["negative_level"]}
    cues = sorted(((w, kind) for kind, words in cued.items() for w in words), key=lambda c: -len(c[0]))
    suffixes = "|".join(map(re.escape, sorted(enum["place_suffixes"], key=len, reverse=True)))
    item = rf"[\u4e00-\u9fff]{{1,6}}?(?:{suffixes})"
    han = "\\u4e00-\\u9fff" + LIST_MARK + re.escape("".join(sorted(set("".join(enum["place_suffixes"])))))
    return _Vocab(
        cues=cues, cue_matcher=_matcher([w for w, _ in cues]),
        cue_opener=re.compile("[" + "".join(sorted({re.escape(w[0]) for w, _ in cues})) + "]"),
        target=words_pattern(roles["target"]),
        boundaries=words_matcher(measure["boundaries"]), keep=words_pattern(measure["keep"]),
        keep_matcher=words_matcher(measure["keep"]),
        strip_prefixes=words_pattern(measure["strip_prefixes"]), possessors=tuple(measure["possessors"]),
        possessor_word=words_pattern(measure["possessors"]),
        possessor_not_before=tuple(measure.get("possessor_not_before", ())),
        cue_names=tuple(roles.get("cue_names", ())),
        bare_heads=WordEnds(measure["bare_heads"]), max_chars=measure["max_chars"],
        markers=tuple(enum["markers"]), joiners=tuple(enum["joiners"]),
        place_list=re.compile(rf"{item}(?:{LIST_MARK}{item})+"),
        place_list_run=(re.compile(rf"[{han}]+"), re.compile(rf"(?s).*[^{han}]")),
    )


def describe(text: str, quantities: list[Quantity]) -> list[Figure]:
    """A :class:`Figure` for each quantity (in the order given), with its context in ``text``.

    >>> from edureports.quantities import find_quantities
    >>> text = "一本上线率由44.1%提高到54%。2006、2007年,投入分别为86.72亿元、101.89亿元。"
    >>> [(f.quantity.raw, f.measure, f.role, f.enum_key) for f in describe(text, find_quantities(text))]
    [('44.1%', '一本上线率', 'previous', None), ('54%', '一本上线率', 'level', None), ('86.72亿元', '投入', 'level', '2006'), ('101.89亿元', '投入', 'level', '2007')]
    """
    if not isinstance(text, str):
        raise TypeError(f"describe() expects str, not {type(text).__name__}")
    v = _vocab()
    # one step at a time over every quantity (each step's patterns and automata stay warm in the caches)
    places = _places(text, quantities)
    measures: list[str] = []
    for q, (s_start, _, floor, clause_start) in zip(quantities, places):
        prev = measures[-1] if floor > s_start else None  # the measure of the figure before in the sentence
        measures.append(_measure(text, q, clause_start, prev, v))
    roles = [_role(text, q, s_start, floor, clause_start, v)
             for q, (s_start, _, floor, clause_start) in zip(quantities, places)]
    figures = [Figure(_signed(q) if negative else q, s_start, s_end, measure, role)
               for q, (s_start, s_end, _, _), measure, (role, negative) in zip(quantities, places, measures, roles)]
    return _points_from_rates(_with_enumerations(text, figures, v))


def _places(text: str, quantities: list[Quantity]) -> list[tuple[int, int, int, int]]:
    """For each quantity: its sentence's start and end, where its clause may begin (after the figure before
    in the sentence) and where it begins (:func:`_clause_start`)."""
    sentences, places = _Sentences(text), []
    before = None  # the quantity before and its sentence's start
    for q in quantities:
        s_start, s_end = sentences.at(q.start, q.end)
        floor = max(s_start, before[0].end) if before and before[1] == s_start else s_start
        places.append((s_start, s_end, floor, _clause_start(text, q.start, floor)))
        before = (q, s_start)
    return places



class _Sentences:
    """The sentence of :func:`~.sentences.split_sentences` holding each quantity, found around the
    quantity rather than by splitting the whole text: a sentence starts after an end mark and the closers
    right after it (or at the text's start), so the last such place before the quantity starts it.
    Quantities in text order search from the start of the previous one's sentence.

    >>> text = "投入2000万元。他说:“很好!”\\n新建3所"
    >>> s = _Sentences(text)
    >>> [text[a:b] for a, b in (s.at(2, 3), s.at(20, 21), s.at(16, 17), s.at(17, 18))]
    ['投入2000万元。', '新建3所', '他说:“很好!”', '\\n']
    """

    def __init__(self, text: str):
        self.text = text
        self._raw = (0, 0)  # the last sentence found, whitespace not trimmed
        self._span = (0, 0)  # the same, trimmed

    def at(self, start: int, end: int) -> tuple[int, int]:
        """The span of :func:`~.sentences.split_sentences` that holds position ``start``; ``(start, end)``
        when none does (``start`` in whitespace between sentences), ``(0, 0)`` for an empty text."""
        raw_start, raw_end = self._raw
        if not raw_start <= start < raw_end:
            raw_start = self._raw_start(start, raw_start if start >= raw_start else 0)
            raw_end = SENTENCE.match(self.text, raw_start).end() if raw_start < len(self.text) else raw_start
            body = self.text[raw_start:raw_end]
            trimmed = body.lstrip()
            first = raw_start + len(body) - len(trimmed)
            self._raw, self._span = (raw_start, raw_end), (first, first + len(trimmed.rstrip()))
        s_start, s_end = self._span
        if s_start <= start < s_end:
            return self._span
        return (start, end) if self.text else (0, 0)

    def _raw_start(self, pos: int, floor: int) -> int:
        """Where the sentence holding ``pos`` starts, searching from ``floor`` (a sentence start)."""
        text = self.text
        while True:
            m = UP_TO_LAST_END.match(text, floor, pos)
            if m is None:
                return floor
            if m.end() < pos or pos >= len(text) or text[pos] not in CLOSERS:
                return m.end()
            pos = m.start("end")  # ``pos`` is a closer after that end mark: its sentence holds the mark


def _clause_start(text: str, pos: int, floor: int, within: str = "") -> int:
    """Start of the clause ending at ``pos``: after the last clause mark (except those in ``within``),
    not before ``floor``.

    >>> text = "投入,新建、改建学校3所"
    >>> _clause_start(text, 11, 0), _clause_start(text, 11, 0, "、"), _clause_start(text, 11, 8)
    (6, 3, 8)
    """
    if pos <= floor:
        return pos
    last = _last_mark(within).match(text, floor, pos)  # greedy: the last mark in text[floor:pos]
    return last.end() if last else floor


@functools.cache
def _last_mark(within: str) -> re.Pattern:
    """A pattern matching up to the last clause mark not in ``within`` (``.*`` backtracks from the end)."""
    marks = "".join(re.escape(ch) for ch in CLAUSE_MARKS if ch not in within)
    return re.compile(f"(?s).*[{marks}]")


# --------------------------------------------------------------------------- role


_TARGET_REACH = 30  # characters before a change within which a target cue makes it a target
_LIST_ITEMS = "、"  # the mark between the items of a list a cue may govern


def _role(text: str, q: Quantity, s_start: int, floor: int, clause_start: int, v: _Vocab) -> tuple[str, bool]:
    """The role of ``q`` and whether it is a decrease (its value is then negative); ``clause_start``:
    where the clause before it begins (:func:`_clause_start` from ``floor``)."""
    kind = _nearest_cue(text[clause_start: q.start], v)
    # a cue may govern a list whose items 、 separates (撤并规模小、效益低的学校602所): the list starts before
    # the clause only when a 、 ends the text before the clause
    if kind is None and clause_start > floor and text[clause_start - 1] == _LIST_ITEMS:
        list_start = _clause_start(text, q.start, floor, _LIST_ITEMS)
        if list_start != clause_start:  # else the same segment, the same answer
            kind = _nearest_cue(text[list_start: q.start], v)
    if kind == "previous":
        return "previous", False
    if kind == "negative_level":
        return "level", True
    change = kind in ("change", "decrease")
    # a target cue earlier in the sentence makes a level a target; a change only when the cue is near
    # (力争新增学位2500个), not when a long sentence merely began with 确保…
    reach = s_start if not change else max(s_start, q.start - _TARGET_REACH)
    if v.target.search(text, reach, q.start):
        return "target", kind == "decrease"
    if change:
        relative = q.unit == "ratio" or (q.unit == "percent" and not q.is_points)
        return ("growth" if relative else "delta"), kind == "decrease"
    return "level", False


def _signed(q: Quantity) -> Quantity:
    """``q`` as a decrease: value, low and high negative (a value written with a minus stays as it is)."""
    if q.value is not None and q.value < 0:
        return q

    def neg(x):
        return None if x is None else -abs(x)

    return dataclasses.replace(q, value=neg(q.value), low=neg(q.low), high=neg(q.high))


_POINTS_TOLERANCE = Decimal("0.051")  # rates are written to one or two decimals


def _points_from_rates(figures: list[Figure]) -> list[Figure]:
    """A change in percent that equals the difference of the previous and the current rate of its
    sentence (较去年44.1%, 提高到57.6%, 提升13.5%) is a change in percentage points, role delta."""
    out = list(figures)
    by_sentence: dict[int, list[int]] = {}
    for i, f in enumerate(figures):
        if f.quantity.unit == "percent" and f.quantity.value is not None:
            by_sentence.setdefault(f.sentence_start, []).append(i)
    for members in by_sentence.values():
        if len(members) < 3:
            continue  # no previous, current and change rate in the sentence
        roles = {r: [i for i in members if figures[i].role == r] for r in ("previous", "level", "growth", "delta")}
        changes = roles["growth"] + roles["delta"]
        if len(roles["previous"]) != 1 or len(roles["level"]) != 1 or len(changes) != 1:
            continue
        before, after = (figures[roles[k][0]].quantity.value for k in ("previous", "level"))
        change = figures[changes[0]]
        if abs(abs(change.quantity.value) - abs(after - before)) <= _POINTS_TOLERANCE:
            q = dataclasses.replace(change.quantity, unit="percentage_point", is_points=True)
            out[changes[0]] = dataclasses.replace(change, quantity=q, role="delta")
    return out


def _nearest_cue(segment: str, v: _Vocab) -> str | None:
    """Kind of the cue ending nearest the end of ``segment`` (the longest one on a tie), from one pass of
    the cue words' automaton. A change cue followed by one of ``v.cue_names`` is part of a name
    (能力提升培训班, 质量提升工程), not a cue."""
    if not v.cue_opener.search(segment):
        return None  # most clauses hold no cue: the automaton is not run on them
    best, best_key = None, (-1, 0)
    for index, start, end in v.cue_matcher.find_matches_as_indexes(segment, overlapping=True):
        kind = v.cues[index][1]
        if kind in ("change", "decrease") and segment.startswith(v.cue_names, end):
            continue
        if (end, end - start) > best_key:
            best, best_key = kind, (end, end - start)
    return best


def _matcher(words: list[str]):
    """An Aho-Corasick automaton over ``words`` (match indexes are positions in ``words``)."""
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(words)


# --------------------------------------------------------------------------- measure


def _measure(text: str, q: Quantity, clause_start: int, prev: str | None, v: _Vocab) -> str:
    """The phrase naming what ``q`` counts: after a classifier (38个党组织) or before it
    (惠及学生57.9万人, in the clause from ``clause_start``); else ``prev``, the measure of the figure before
    it in the sentence (None when it is the sentence's first)."""
    if q.unit in CLASSIFIER_UNITS and (run := HAN_RUN.match(text, q.end)):  # words right after the figure
        after = _strip_scope(_cut_after(run.group(), v), v)
        if after:
            return after[: v.max_chars]
    clause = text[clause_start: q.start]
    share = SHARE_OF_AREA.search(clause) if SHARE_WORD in clause else None
    if share:  # 650分以上考生人数占全省25%: a share of an area measures its subject, not the figure before
        return (share["subject"] + share["whole"])[-v.max_chars:]
    tail = HAN_TAIL.search(clause).group()  # the words right before the figure
    before = _strip_scope(_cut_before(tail, v), v) if tail else ""
    if before:
        return _cut_possessor(before, v)[-v.max_chars:]
    return prev if prev is not None else ""


def _boundaries(phrase: str, v: _Vocab) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each boundary word in ``phrase`` (left to right, not overlapping, the
    longest at a place) that overlaps no keep word (计算机 holds no 共计 + 算机)."""
    found = v.boundaries.find_matches_as_indexes(phrase)
    if not found:
        return []
    kept = v.keep_matcher.find_matches_as_indexes(phrase)
    if not kept:
        return [(start, end) for _, start, end in found]
    return [(start, end) for _, start, end in found if not any(s < end and start < e for _, s, e in kept)]


def _cut_after(phrase: str, v: _Vocab) -> str:
    """The noun phrase at the start of ``phrase``, up to its first boundary (的, 被, 参加 ...)."""
    cuts = _boundaries(phrase, v)
    return phrase[: cuts[0][0]] if cuts else phrase


def _cut_before(phrase: str, v: _Vocab) -> str:
    """The noun phrase at the end of ``phrase`` (a run of :data:`HAN_TAIL`'s characters): trailing copulas
    and verbs dropped, then everything up to the last boundary. The boundaries are found once: those of
    the phrase cut before its last boundary (kept, so no keep word runs across the cut) are the phrase's
    other boundaries (a leftmost-longest scan of a prefix ending where a match starts makes the same
    matches before it, of the boundary words and of the keep words alike)."""
    cuts = _boundaries(phrase, v)
    while cuts:
        start, end = cuts.pop()
        if end != len(phrase):
            return phrase[end:]
        phrase = phrase[:start]
    return phrase


def _strip_scope(phrase: str, v: _Vocab) -> str:
    """Drop scope and time words from the start: 全市义务教育 -> 义务教育, 今年 -> ''."""
    while (word := v.strip_prefixes.match(phrase)) and not v.keep.match(phrase):
        phrase = phrase[word.end():]  # a keep word is whole: 计算机 is no 共计 + 算机
    return phrase


def _cut_possessor(phrase: str, v: _Vocab) -> str:
    """学校学生学杂费 -> 学杂费: a possessor noun is dropped unless the rest needs it (学生人数)."""
    if not v.possessor_word.search(phrase):
        return phrase  # no possessor in it
    best = -1
    for noun in v.possessors:
        i = phrase.rfind(noun)
        rest = phrase[i + len(noun):] if i >= 0 else ""
        if rest.startswith(v.possessor_not_before):  # 小学生均图书: 生均 (per pupil) is a term
            continue
        if len(rest) >= 2 and v.bare_heads.at(rest, len(rest)) is None:
            best = max(best, i + len(noun))
    return phrase[best:] if best >= 0 else phrase


# --------------------------------------------------------------------------- enumerations


def _with_enumerations(text: str, figures: list[Figure], v: _Vocab) -> list[Figure]:
    out = list(figures)
    for run in _runs(text, figures, v):
        first = figures[run[0]]
        s_start, pos = first.sentence_start, first.quantity.start
        marked = any(m in text[s_start: first.sentence_end] for m in v.markers)
        keys = _keys_before(text, s_start, pos, v)
        if keys is None and marked:
            keys = _keys_before(text, text.rfind("\n", 0, s_start) + 1, s_start, v)
        fits = keys is not None and len(keys) == len(run)
        if not (marked or fits):
            continue
        keys = keys if fits else (None,) * len(run)
        for index, i in enumerate(run):
            # 分别新增学位6200个、5400个: the members after the first share its role (and its
            # direction: 分别减少…) unless cued
            member = figures[i]
            q, role = member.quantity, member.role
            if role == "level" and first.role != "level":
                if first.role != "previous" and first.quantity.value is not None and first.quantity.value < 0:
                    q = _signed(q)
                role = first.role
            out[i] = Figure(q, member.sentence_start, member.sentence_end, member.measure, role, index, len(run), keys)
    return out


def _runs(text: str, figures: list[Figure], v: _Vocab) -> list[list[int]]:
    """Index lists of quantities of one unit in one sentence joined by 、 (or 和, 及)."""
    runs, current = [], [0] if figures else []
    for i in range(1, len(figures)):
        a, b = figures[i - 1], figures[i]
        if (a.sentence_start == b.sentence_start and a.quantity.unit == b.quantity.unit
                and text[a.quantity.end: b.quantity.start].strip() in v.joiners):
            current.append(i)
        else:
            runs.append(current)
            current = [i]
    runs.append(current)
    return [run for run in runs if len(run) >= 2]


def _keys_before(text: str, start: int, pos: int, v: _Vocab) -> tuple | None:
    """Keys of the list of years or places nearest before ``pos`` (from ``start``), if any;
    lost or masked years are None. The list ending last, the longest on a tie, of all the matches of
    the patterns (years first): each pattern's last match is the one ending last of its own."""
    if text.find(LIST_MARK, start, pos) < 0:
        return None  # every list of years or places holds the mark between its items
    lists = ([(pattern, _YEAR_LIST_RUN) for pattern in YEAR_LISTS] if text.find(YEAR_LIST_WORD, start, pos) >= 0
             else []) + [(v.place_list, v.place_list_run)]
    found = [m for pattern, run in lists if (m := _last_list(pattern, run, text, start, pos))]
    if not found:
        return None
    return _list_keys(max(found, key=lambda m: (m.end(), m.end() - m.start())))


#: the characters a list of years (:data:`~.years.YEAR_LISTS`) is made of: a year's digits, its masks,
#: the list mark and 年; and the run of them before a position (``.*`` backtracks from the end)
_YEAR_LIST_RUN = (re.compile(rf"[\d*xX{LIST_MARK}{YEAR_LIST_WORD}]+"),
                  re.compile(rf"(?s).*[^\d*xX{LIST_MARK}{YEAR_LIST_WORD}]"))


def _last_list(pattern: re.Pattern, run: tuple, text: str, start: int, pos: int) -> re.Match | None:
    """The last match of ``pattern.finditer(text, start, pos)``, a pattern whose matches are made of the
    characters of ``run`` (the run of them, and up to the last character not among them) and hold a
    list mark: no match holds a character outside the run, so the matches in a run are those
    ``finditer`` gives there; the runs holding a mark are read from the last one back, the first
    with a match has the last."""
    chars, up_to_other = run
    end = pos
    while (mark := text.rfind(LIST_MARK, start, end)) >= 0:
        other = up_to_other.match(text, start, mark)
        run_start = other.end() if other else start
        run_end = chars.match(text, mark, pos).end()
        last = None
        for last in pattern.finditer(text, run_start, run_end):
            pass
        if last is not None:
            return last
        end = run_start
    return None


def _list_keys(m: re.Match) -> tuple:
    items = [item.removesuffix("年") for item in m.group().removesuffix("年").split("、")]
    if not m.group().endswith("年"):
        items[0] = items[0][-len(items[1]):] if len(items) > 1 and items[1] else items[0]
    return tuple(item if item.isdigit() or (item and not item[0].isdigit()) else None for item in items)
