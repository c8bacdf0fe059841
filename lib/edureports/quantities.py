"""Quantities stated in clean report text: number, magnitude, unit, qualifier and span.

Input is *clean* text: simplified Chinese, ASCII digits, letters and punctuation (``,`` for
``，``, ``%`` for ``％``), horizontal whitespace collapsed. Every quantity keeps its half-open
span into that text, so ``text[q.start:q.end] == q.raw`` always holds.

Vocabularies live in ``edureports/data``: ``numerals.yaml`` (Chinese digits and magnitudes),
``units.yaml`` (classifiers to canonical units), ``qualifiers.yaml`` (约, 余, 以上 ...) and
``exclusions.yaml`` (dates, document numbers, ordinals, idioms and slogans that are no
figures). This module only applies them. Values are exact: ``int`` and ``Decimal``, never
floats.

>>> [(q.raw, q.value, q.unit) for q in find_quantities("免除学杂费5775.1万元,惠及学生57.9万人")]
[('5775.1万元', Decimal('57751000'), 'yuan'), ('57.9万人', Decimal('579000'), 'person')]
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from pathlib import Path


from ._data import invisible_chars, parse_yaml_strict, schema_errors
from .errors import DataFileError
from .terms import QUALIFIERS, UNITS

__all__ = [
    "QUALIFIERS",
    "UNITS",
    "Quantity",
    "Quantities",
    "EXACT_DIGITS",
    "data_errors",
    "find_quantities",
    "load_data",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILES = ("numerals", "units", "qualifiers", "exclusions", "roles", "scope")
RATIO_PLACES = Decimal("1E-10")  # ratios and fractions are rounded to 10 decimal places
#: the most digits a value holds (exact Decimal arithmetic, its default context): a number with more,
#: in base units (a 29-digit number, 25 digits + 亿), is no figure any report states; it is set
#: aside in ``Quantities.too_long`` (and reported in the document's notes), never an exception
EXACT_DIGITS = 28
CLAUSE_END = ",.;:!?)、。，；：！？）\n"
MINUS_SIGNS = "-−"  # ASCII hyphen-minus and U+2212 (the full-width minus is mapped to "-" by normalisation)


@dataclass(frozen=True)
class Quantity:
    """One quantity in a text.

    ``value`` is in base units (yuan, not 万元; percent as written, 85.5 for 85.5%); it is
    ``None`` when digits are masked. For a range (3-5所, 三四十人) ``low`` and ``high`` are set
    and ``value == low``; otherwise both are ``None``. ``unit_raw`` is the magnitude written
    after Arabic digits plus the classifier (``万元`` in 5775.1万元, ``所``, ``个百分点``, ``:``
    for ratios, ``百分之`` and ``分之`` for fractions). Ratios (8.49:1) and fractions (三分之一)
    have unit ``ratio`` and value a/b rounded to 10 decimal places.
    """

    start: int
    end: int
    raw: str
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    unit: str
    unit_raw: str
    qualifier: str
    is_points: bool = False


# --------------------------------------------------------------------------- data files


def _invisible_errors(text: str) -> list[str]:
    return [f"line {n}: invisible character {code}"
            for n, line in enumerate(text.splitlines(), start=1) for code in invisible_chars(line, allow=" ")]


def _list_duplicate_errors(data, where="") -> list[str]:
    if isinstance(data, dict):
        return [e for k, v in data.items() for e in _list_duplicate_errors(v, f"{where}/{k}")]
    if isinstance(data, list):
        seen, errors = set(), []
        for item in data:
            if isinstance(item, str) and item in seen:
                errors.append(f"{where}: duplicate item {item!r}")
            seen.add(item if isinstance(item, str) else id(item))
        return errors
    return []


def data_errors(path: str | Path) -> list[str]:
    """Every problem in one vocabulary file: YAML syntax, duplicate keys or list items,
    invisible characters, its declared schema (``data/schemas/<name>.schema.yaml``: canonical units and
    qualifiers, digits, powers of ten …), patterns that do not compile.

    >>> data_errors(DATA_DIR / "units.yaml")
    []
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    data, errors = parse_yaml_strict(text)
    errors = errors + _invisible_errors(text)
    if data is not None:
        errors += _list_duplicate_errors(data)
        errors += schema_errors(path.name, text, data) + _regex_errors(data)
    return [f"{path.name}: {e}" for e in errors]


@functools.cache
def load_data(name: str) -> dict:
    """The parsed vocabulary file ``data/<name>.yaml``; DataFileError lists all its errors.

    >>> load_data("numerals")["digits"]["两"]
    2
    """
    path = DATA_DIR / f"{name}.yaml"
    errors = data_errors(path)
    if errors:
        raise DataFileError(path, errors)
    return parse_yaml_strict(path.read_text(encoding="utf-8"))[0]


def _regex_errors(data) -> list[str]:
    """The one check a declared schema cannot make: the exclusion patterns compile."""
    patterns = data.get("patterns") if isinstance(data, dict) else None
    errors = []
    for name, pattern in (patterns or {}).items() if isinstance(patterns, dict) else ():
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            errors.append(f"patterns/{name}: bad regular expression: {exc}")
    return errors


# --------------------------------------------------------------------------- compiled tables


def words_pattern(words) -> re.Pattern:
    """A regex matching any of ``words``, longest first (so 人次 wins over 人).

    >>> words_pattern(["人", "人次"]).match("人次").group()
    '人次'
    """
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered)) or r"(?!)")


def _alternation(words) -> str:
    """A regex source matching what ``words_pattern(words)`` matches, with words grouped by their first
    character (one branch per first character, the longest rest first, and one class for the words of
    one character that start no longer word): the engine tries a branch per first character instead
    of one per word.

    >>> _alternation(["人", "人次", "个百分点", "个", "所", "元"])
    '个(?:百分点|)|人(?:次|)|[元所]'
    """
    ordered = sorted(set(words) - {""}, key=len, reverse=True)
    rests: dict[str, list[str]] = {}
    for word in ordered:
        rests.setdefault(word[0], []).append(word[1:])
    branches = [re.escape(first) + "(?:" + "|".join(map(re.escape, after)) + ")"
                for first, after in sorted(rests.items()) if after != [""]]
    singles = sorted(first for first, after in rests.items() if after == [""])
    if singles:
        branches.append(f"[{_chars(singles)}]" if len(singles) > 1 else re.escape(singles[0]))
    if "" in set(words):
        branches.append("")  # the empty word, tried last
    return "|".join(branches) or "(?!)"


def words_matcher(words):
    """An Aho-Corasick automaton finding ``words`` left to right, not overlapping, the longest
    where several start at one place: the matches ``words_pattern(words).finditer`` gives, in one
    pass whatever the size of the vocabulary.

    >>> words_matcher(["一", "统一"]).find_matches_as_indexes("统一,一")
    [(1, 0, 2), (0, 3, 4)]
    """
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(list(words), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


class WordEnds:
    """A vocabulary compiled once for "which word ends at pos" lookups: the words grouped by
    their last character, longest first, so a lookup reads one character and tries only the
    few words ending in it (instead of ``endswith`` over the whole list).

    >>> WordEnds(["上年", "比上年", "年底"]).at("比上年增加", 3)
    '比上年'
    """

    def __init__(self, words):
        self.by_last: dict[str, tuple[str, ...]] = {}
        for word in sorted(set(words), key=len, reverse=True):
            if word:
                self.by_last[word[-1]] = (*self.by_last.get(word[-1], ()), word)
        self.empty = "" in set(words)

    def at(self, text: str, pos: int) -> str | None:
        """The longest word that ends at ``pos`` in ``text`` (like ``text.endswith(word, 0, pos)``), or None."""
        end = pos if 0 < pos <= len(text) else min(pos, len(text)) if pos >= 0 else max(0, len(text) + pos)
        if end:
            for word in self.by_last.get(text[end - 1], ()):
                if text.endswith(word, 0, end):
                    return word
        return "" if self.empty else None


def ends_with_any(text: str, pos: int, words) -> str | None:
    """The longest of ``words`` (a :class:`WordEnds` or any collection of words) that ends at ``pos`` in ``text``, or None.

    >>> ends_with_any("比上年增加", 3, ["上年", "比上年"])
    '比上年'
    """
    index = words if isinstance(words, WordEnds) else _word_ends(words if isinstance(words, tuple) else tuple(words))
    return index.at(text, pos)


@functools.lru_cache(maxsize=256)
def _word_ends(words: tuple[str, ...]) -> WordEnds:
    """``words`` compiled once per vocabulary (not on every call)."""
    return WordEnds(words)


@dataclass(frozen=True)
class _Tables:
    digits: dict
    small: dict
    big: dict
    magnitudes: dict
    fractions: dict
    range_seps: re.Pattern
    range_not_after: tuple
    units: dict
    unit_not_before: dict  # unit -> tuple of the words that make it part of another word
    unit_blockers: dict  # unit -> the first characters of those words (a set, tested before the words)
    unit_reads: dict  # unit -> (canonical unit or None when the noun decides it, points, factor, checked: see _unit_allowed)
    nouns: dict
    noun_reads: tuple  # (none nouns, (unit, its nouns) pairs, last noun pattern, reversed noun -> unit): see _noun_reads
    unitless: dict
    ratio_words: tuple
    scores: dict
    qualifiers: dict
    exclusions: dict
    core: re.Pattern
    core_start: re.Pattern
    tail_starts: frozenset  # the first characters of what can follow a numeral (余, 万, 所, 年, -, ...)
    unit_re: re.Pattern
    unit_firsts: frozenset  # the first characters of the unit words (a magnitude there may start a unit: 千米)
    tail_re: re.Pattern  # infix, magnitude, infix, then a unit or suffix word: what full reads after a number (tests compare)
    full: re.Pattern  # the core pattern reading each number's tail (and a range separator or postfix after it) too
    scan: re.Pattern  # the full pattern where core_start stands, found by one search (see _scan_pattern)
    tail_groups: dict  # kind -> the numbers of its tail's groups in full, as TAIL_GROUPS
    word_re: re.Pattern  # the unit and suffix words together, longest first
    suffixes: frozenset  # the exclusion suffixes (年, 月, 岁 ...)
    decided: frozenset  # the suffixes that decide a reading (all but the score suffix): see _decided_word
    decided_firsts: frozenset  # their first characters
    word_group: dict  # kind -> the number of its tail's unit or suffix word group in full
    mag_values: dict  # magnitude word -> its value as a Decimal (parsed once)
    postfix_re: re.Pattern
    postfix_firsts: frozenset  # the first characters of the postfix words (左, 以 ...)
    words_matcher: object  # exclusion words: an Aho-Corasick automaton, leftmost longest (the matches of words_pattern)
    metadata_re: re.Pattern  # a site metadata field: a key, a colon, its value to the end of the line or sentence
    metadata_ends: WordEnds  # the metadata keys (来源, 发布时间 ...)
    enclosed: tuple  # (pattern, reason, opening mark): titles and quoted slogans
    patterns: dict
    pattern_needs: dict  # name -> the characters each of its matches reads (see _required_chars), all of them
    needed_chars: frozenset  # those of all the patterns
    pattern_scans: tuple  # (names, pattern): the exclusion patterns, several per pass where they can
    local_run: re.Pattern | None  # a run of the characters the local exclusion patterns read (see _local_alphabet)
    local_scans: frozenset  # the names of the passes whose patterns read only those characters
    local_chars: frozenset  # the characters of local_run (with the ASCII digits when it has \d)
    local_digits: bool  # local_run has \d
    prefix_ends: WordEnds  # qualifier prefixes (近, 约, 超过 ...)
    excluded_ends: WordEnds  # exclusion prefixes (第, 每 ...)
    count_cue_ends: WordEnds  # article_one count cues (共, 、 ...)
    copula_ends: WordEnds  # unitless copulas (为, 达到 ...)
    count_noun_ends: WordEnds  # unitless count nouns (数, 总量 ...)


_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
_MASKED = r"(?<![A-Za-z])(?:\d[\d*]*\*[\d*]*|\d+[xX]+\d*(?![A-Za-z])|\*+\d[\d*]*)"


def _core_pattern(numerals: dict, tails=None, guarded: bool = True) -> re.Pattern:
    """The numbers a candidate can start with: a ratio, a fraction, masked digits, Arabic digits or a
    Chinese numeral, each alternative a named group (its kind). With ``tails`` (kind -> a pattern that
    always matches), each of the last three ends with a lookahead for ``tails[kind]``: it reads what
    follows the number in the same match, and the number's group still closes last (``lastgroup``).
    ``guarded=False`` leaves out the lookahead in front of the first three (the tests compare)."""
    after = {kind: f"(?={tails[kind]})" if tails else "" for kind in ("masked", "arabic", "chinese")}
    digit_chars = "".join(numerals["digits"])
    mag_chars = "".join([*numerals["small_magnitudes"], *numerals["big_magnitudes"]])
    first = digit_chars + "".join(k for k, v in numerals["small_magnitudes"].items() if v == 10)
    chinese = f"[{first}][{digit_chars}{mag_chars}]*"
    fraction_words = "|".join(map(re.escape, numerals["fraction_words"]))
    number = rf"(?:{_ARABIC}|[{digit_chars}{mag_chars}]+)"
    # each alternative but the last two opens with a lookahead for what it cannot match without
    # (the run of digits then : for a ratio, 分之 for a fraction, * or x for masked digits): most
    # candidates fail it at once instead of backtracking through the alternative; and the three are
    # tried only after one lookahead each of theirs implies (the run of digits, numerals, , and .
    # ends at :, *, x or 分, or a fraction word stands), so most candidates read their run once
    run = rf"[\d,.{digit_chars}{mag_chars}]*+"
    guard = rf"(?={run}[:∶*xX分]|{fraction_words})" if guarded else ""
    return re.compile(
        rf"(?:{guard}(?:(?<![\d.A-Za-z])(?=[\d,.]*+[:∶])(?P<ratio>(?:{_ARABIC})[:∶](?:{_ARABIC}))(?![\d:∶])"
        rf"|(?=(?:{fraction_words})|{run}分之)"
        rf"(?P<frac>(?:(?P<fword>{fraction_words})|(?P<den>{number})分之)(?P<numer>{number}))"
        rf"|(?=\d*+[*xX])(?P<masked>{_MASKED}{after['masked']})))"
        rf"|(?<![\d.A-Za-z])(?P<arabic>(?:{_ARABIC}){after['arabic']})"
        rf"|(?P<chinese>{chinese}{after['chinese']})"
    )


def _core_start(numerals: dict, tail_starts: frozenset) -> re.Pattern:
    r"""The places where the core pattern is worth trying, found by a fast C scan: a digit or the ``*``
    of a masked number; a Chinese digit or magnitude (or a fraction word's first character) only where
    the next character continues the numeral, starts what can follow it (``tail_starts``: 余, 万, a unit,
    a suffix, a range, 分 of 分之) or lists it (、). Before any other character a lone Chinese numeral
    is a word (统一, 进一步, 一些) that :func:`_scan` passes over (:func:`_bare_word_numeral`), or no match
    (a magnitude alone): no other alternative of the core pattern can match there.

    The class first (the scan then skips in C to where it stands) lists the decimal digits (what
    ``\d`` matches) of the Basic Multilingual Plane one by one, and takes every character beyond it:
    re then tests a character by one lookup in a table, where a class with ``\d`` in it looks its
    Unicode category up at every character, twice as slow. The condition after it keeps what the
    class ``[\d*…]`` keeps (a character beyond the plane that is no digit fails both lookbehinds).

    >>> t = _tables()
    >>> [m.group() for m in t.core_start.finditer("进一步,统一、新建三所,二〇一八,3x")]
    ['一', '三', '二', '〇', '一', '3']
    """
    chars = {*numerals["digits"], *numerals["small_magnitudes"], *numerals["big_magnitudes"],
             *(word[0] for word in numerals["fraction_words"])}
    first = f"[*{_chars(chars)}{_chars(_plane_digits())}\U00010000-\U0010ffff]"
    return re.compile(rf"{first}(?:(?<=[\d*])|(?<=[{_chars(chars)}])(?=[{_chars(chars | tail_starts | {'、'})}]))")


@functools.cache
def _plane_digits() -> frozenset:
    r"""The decimal digits of the Basic Multilingual Plane (what ``\d`` matches there: ``str.isdecimal``).

    >>> len(_plane_digits()), "7" in _plane_digits(), "\uff17" in _plane_digits(), "七" in _plane_digits()
    (370, True, True, False)
    """
    return frozenset(ch for ch in map(chr, range(0x10000)) if ch.isdecimal())


def _scan_pattern(core_start: re.Pattern, full: re.Pattern) -> re.Pattern:
    """``full`` matched where ``core_start`` matches, found by one search: the match is the character
    ``core_start`` reads (its class, first, lets the engine skip in C to the next one), and the full
    pattern is tried from that character in a lookbehind one character wide (the lookahead in it
    reads as far as it needs). The groups are full's: the number is group ``lastindex`` (its kind,
    ``lastgroup``), as in a match of ``full`` itself.

    >>> m = _tables().scan.search("进一步,新建三所学校")
    >>> m.group(), m.lastgroup, m.span(m.lastindex), m.group("chinese_word")
    ('三', 'chinese', (6, 7), '所')
    """
    return re.compile(rf"(?:{core_start.pattern})(?<=(?={full.pattern})[\s\S])")


def _chars(chars) -> str:
    """``chars`` written inside a character class (sorted, escaped)."""
    return "".join(re.escape(ch) for ch in sorted(chars))


def _tail_pattern(infixes, magnitudes, words) -> re.Pattern:
    """What can follow a numeral, read in one match: an infix (余, 多), a magnitude (万, 亿) and an infix
    after it, then a unit or suffix word (元, 所, 年); each part optional, each the longest of its words.
    Every part is optional, so the match never backtracks into an earlier part: each group holds what
    matching its words alone at that place would give.

    >>> [_tail_pattern(["余"], ["万"], ["元", "年"]).match(x).groupdict() for x in ("余万元", "年")]
    [{'i1': '余', 'mag': '万', 'i2': None, 'word': '元'}, {'i1': None, 'mag': None, 'i2': None, 'word': '年'}]
    """
    infix, mag, word = (words_pattern(w).pattern for w in (infixes, magnitudes, words))
    return re.compile(f"(?P<i1>{infix})?(?:(?P<mag>{mag})(?P<i2>{infix})?)?(?P<word>{word})?")


TAIL_GROUPS = ("i1", "mag", "i2", "word", "sep", "post")  # what the tail of a number holds, in order


def _kind_tail(kind: str, infixes, magnitudes, words, seps, posts, starts: frozenset) -> str:
    """What follows a number of ``kind`` (its groups named ``{kind}_i1`` ...), as ``tail_re`` reads it,
    then a range separator or else a postfix word (3-5所, 96%以上), the longest of each, as
    ``range_seps`` and ``postfix_re`` match there; tried only where a tail can start (``starts``), so
    a bare number (most Chinese numerals) costs one character test. It always matches, and each group
    is "" where its part is missing: an empty alternative, not ``?``, so that the engine does not save
    every group before each word it tries (which it does inside a repeat).

    >>> import re; words = (["余"], ["万"], ["人", "年"], ["-"], ["以上"], "余万人年-")
    >>> re.match(_kind_tail("k", *words), "余万人以上").groupdict()
    {'k_i1': '余', 'k_mag': '万', 'k_i2': '', 'k_word': '人', 'k_sep': None, 'k_post': '以上'}
    >>> re.match(_kind_tail("k", *words), "以上").groupdict()["k_post"] is None
    True
    """
    infix, mag, word, sep, post = map(_alternation, (infixes, magnitudes, words, seps, posts))
    return (f"(?:(?=[{_chars(starts)}])(?P<{kind}_i1>{infix}|)(?:(?P<{kind}_mag>{mag})(?P<{kind}_i2>{infix}|)|)"
            f"(?P<{kind}_word>{word}|)(?:(?P<{kind}_sep>{sep})|(?P<{kind}_post>{post})|)|)")


def _tail_groups(full: re.Pattern) -> dict[str, tuple[int, ...]]:
    """The numbers of each kind's tail groups in ``full`` (in the order of TAIL_GROUPS): ``Match.group``
    takes numbers faster than names."""
    return {kind: tuple(full.groupindex[f"{kind}_{g}"] for g in TAIL_GROUPS) for kind in ("masked", "arabic", "chinese")}


def _full_pattern(numerals: dict, quals: dict, words, starts: frozenset, guarded: bool = True) -> re.Pattern:
    """The core pattern reading each number's tail in the same match (see :func:`_kind_tail`)."""
    parts = (quals["infix"], numerals["suffix_magnitudes"], words, numerals["range_separators"], quals["postfix"], starts)
    return _core_pattern(numerals, {kind: _kind_tail(kind, *parts) for kind in ("masked", "arabic", "chinese")}, guarded)


@functools.cache
def _tables() -> _Tables:
    numerals, units, quals, excl = (load_data(n) for n in ("numerals", "units", "qualifiers", "exclusions"))
    tail_starts = frozenset(word[0] for words in (quals["infix"], numerals["suffix_magnitudes"], units["units"],
                                                  excl["suffixes"], numerals["range_separators"]) for word in words)
    words = [*units["units"], *excl["suffixes"]]
    full = _full_pattern(numerals, quals, words, tail_starts)
    return _Tables(
        digits=numerals["digits"], small=numerals["small_magnitudes"], big=numerals["big_magnitudes"],
        magnitudes=numerals["suffix_magnitudes"], fractions=numerals["fraction_words"],
        range_seps=words_pattern(numerals["range_separators"]),
        range_not_after=tuple(numerals["range_not_after"]),
        units=units["units"], nouns=units["nouns"], noun_reads=_noun_reads(units["nouns"]),
        unit_not_before={unit: tuple(spec.get("not_before", ())) for unit, spec in units["units"].items()},
        unit_blockers={unit: frozenset(word[:1] for word in spec.get("not_before", ())) for unit, spec in units["units"].items()},
        unitless=units["unitless"],
        unit_reads={unit: (None if spec.get("by_noun") else spec["unit"], spec.get("points", False), Decimal(spec.get("factor", "1")),
                           bool(spec.get("not_before")) or unit.isascii()) for unit, spec in units["units"].items()},
        ratio_words=tuple(units["ratio_words"]), scores=units["scores"], qualifiers=quals, exclusions=excl,
        core=_core_pattern(numerals), core_start=_core_start(numerals, tail_starts), tail_starts=tail_starts,
        unit_re=words_pattern(units["units"]), unit_firsts=frozenset(word[0] for word in units["units"]),
        tail_re=_tail_pattern(quals["infix"], numerals["suffix_magnitudes"], words),
        full=full, scan=_scan_pattern(_core_start(numerals, tail_starts), full),
        tail_groups=_tail_groups(full),
        word_re=words_pattern(words), suffixes=frozenset(excl["suffixes"]),
        decided=frozenset(excl["suffixes"]) - {units["scores"]["suffix"]},
        decided_firsts=frozenset(word[0] for word in excl["suffixes"] if word != units["scores"]["suffix"]),
        word_group={kind: full.groupindex[f"{kind}_word"] for kind in ("masked", "arabic", "chinese")},
        mag_values={word: Decimal(value) for word, value in numerals["suffix_magnitudes"].items()},
        postfix_re=words_pattern(quals["postfix"]), postfix_firsts=frozenset(word[0] for word in quals["postfix"]),
        words_matcher=words_matcher(excl["words"]),
        metadata_re=re.compile(rf"(?:{words_pattern(excl['metadata_keys']).pattern}){_FIELD_REST}"),
        metadata_ends=WordEnds(excl["metadata_keys"]),
        patterns={name: re.compile(p) for name, p in excl["patterns"].items()},
        pattern_needs=_pattern_needs(excl["patterns"]),
        needed_chars=frozenset().union(*_pattern_needs(excl["patterns"]).values()),
        pattern_scans=_pattern_scans(excl["patterns"]), enclosed=_enclosed(excl),
        **_local_scans(_pattern_scans(excl["patterns"]), excl["patterns"], excl["words"]),
        prefix_ends=WordEnds(quals["prefix"]), excluded_ends=WordEnds(excl["prefixes"]),
        count_cue_ends=WordEnds(excl["article_one"]["count_cues"]),
        copula_ends=WordEnds(units["unitless"]["copulas"]), count_noun_ends=WordEnds(units["unitless"]["nouns"]),
    )


# --------------------------------------------------------------------------- numerals


@functools.lru_cache(maxsize=4096)
def parse_chinese(numeral: str) -> tuple[int, int] | None:
    """Value of a Chinese numeral as ``(low, high)``; None if it is no numeral.

    ``low == high`` except for approximations written with two digits (三四十 = 30 to 40). Numerals
    repeat (一, 两, 三...): each is parsed once per process.

    >>> parse_chinese("三万五千"), parse_chinese("两千五"), parse_chinese("三四十"), parse_chinese("十一五")
    ((35000, 35000), (2500, 2500), (30, 40), None)
    """
    t = _tables()
    pair = _approximate_pair(numeral, t)
    if pair:
        return pair
    if len(numeral) > 1 and all(ch in t.digits for ch in numeral):
        return None  # a digit string (二〇一八) is a year or a code, not an amount
    value = _chinese_value(numeral, t)
    return None if value is None else (value, value)


def _approximate_pair(numeral: str, t: _Tables) -> tuple[int, int] | None:
    if len(numeral) < 2 or numeral[0] not in t.digits or numeral[1] not in t.digits:
        return None
    rest = numeral[2:]
    d1, d2 = t.digits[numeral[0]], t.digits[numeral[1]]
    if not 0 < d1 < d2 or any(ch in t.digits for ch in rest):
        return None
    low, high = _chinese_value(numeral[0] + rest, t), _chinese_value(numeral[1] + rest, t)
    return (low, high) if low is not None and high is not None else None


def _chinese_value(numeral: str, t: _Tables) -> int | None:
    total, section, digit = 0, 0, None
    last_small, last_big = None, None
    before, digit_after = None, None  # magnitude just read; magnitude before the pending digit
    for ch in numeral:
        if ch in t.digits:
            if digit is not None:
                return None
            if t.digits[ch]:
                digit, digit_after = t.digits[ch], before
            before = None
        elif ch in t.small:
            mag = t.small[ch]
            if last_small is not None and mag >= last_small:
                return None
            section += (1 if digit is None else digit) * mag
            digit, last_small, before = None, mag, mag
        else:
            mag = t.big[ch]
            section += digit or 0
            if section == 0 and (last_big is None or mag <= last_big):
                return None
            total = (total + section) * mag if last_big is None or mag > last_big else total + section * mag
            section, digit, last_small, last_big, before = 0, None, None, mag, mag
    if digit is not None:  # 两千五 = 2500: a last digit right after 百/千/万 counts one step lower
        section += digit * (digit_after // 10 if digit_after and digit_after >= 100 else 1)
    return total + section


# --------------------------------------------------------------------------- scanning


@dataclass(slots=True)
class _Reading:
    """A candidate quantity while it is being read; becomes a Quantity if it is a figure."""

    start: int
    end: int
    kind: str  # arabic | chinese | masked | ratio | fraction
    core: str
    low: Decimal | None = None
    high: Decimal | None = None
    mag: Decimal = Decimal(1)
    mag_raw: str = ""
    unit: str | None = None
    unit_key: str = ""
    factor: Decimal = Decimal(1)
    qualifier: str = "exact"
    is_points: bool = False
    reason: str | None = None  # why this is no figure, once known
    bare: bool = True  # nothing read after the numeral
    too_long: bool = False  # its value needs more than EXACT_DIGITS digits


class Quantities(list):
    """The quantities of a text (a plain list of :class:`Quantity`), and ``too_long``: the
    ``(start, end, raw)`` of each number that would be a figure but has more digits than
    ``EXACT_DIGITS``, so that the caller can say so instead of losing it silently.

    >>> found = find_quantities("投入" + "1" * 29 + "元,新建学校12所")
    >>> [q.raw for q in found], found.too_long
    (['12所'], [(2, 32, '11111111111111111111111111111元')])
    """

    def __init__(self, quantities=(), too_long=()):
        super().__init__(quantities)
        self.too_long: list[tuple[int, int, str]] = list(too_long)


def find_quantities(text: str) -> Quantities:
    """Every quantity stated in clean ``text``, in order of appearance.

    Dates, document numbers, ordinals, list markers, numbers inside names and slogans,
    idioms, scores, ages, durations and site metadata are not quantities.

    >>> [(q.raw, q.value, q.unit, q.qualifier) for q in find_quantities("近2千所学校,500余万元;2018年")]
    [('近2千所', Decimal('2000'), 'institution', 'approx'), ('500余万元', Decimal('5000000'), 'yuan', 'over')]
    >>> [(q.raw, q.value, q.unit) for q in find_quantities("生机比为8.49:1,提高3.5个百分点")]
    [('8.49:1', Decimal('8.49'), 'ratio'), ('3.5个百分点', Decimal('3.5'), 'percentage_point')]
    """
    if not isinstance(text, str):
        raise TypeError(f"find_quantities() expects str, not {type(text).__name__}")
    t = _tables()
    readings = _inherit_list_units(text, list(_scan(text, t)))
    for r in readings:
        if r.unit is None and r.bare and _clearly_count(text, r, t):
            r.unit = "count"
    blocked = _blocked_spans(text, t, [(r.start, r.end) for r in readings if r.reason is None and r.unit is not None])
    found = Quantities()
    for r in readings:
        if r.reason is None:
            r.reason = "no unit" if r.unit is None else _exclusion(text, r, t, blocked)
            if r.reason is None:
                _add_bounded(found, text, r)
    return found


def _add_bounded(found: Quantities, text: str, r: _Reading) -> None:
    """Add the quantity of ``r`` to ``found``, or to ``found.too_long`` when its digits exceed what exact
    arithmetic (and any report) holds."""
    try:
        if not r.too_long:
            found.append(_to_quantity(text, r))
            return
    except InvalidOperation:
        pass
    found.too_long.append((r.start, r.end, text[r.start: r.end]))


def _scan(text: str, t: _Tables):
    """Every candidate number, left to right: the core pattern (``t.full``, reading the tail in the same
    match) is tried only where a character it can start with stands (both in one search of ``t.scan``),
    and scanning resumes after what was read. A number a suffix decides (:func:`_decided_word`: 2020年,
    3月) is passed over, as no later step reads it, unless a 、, minus or prefix word stands before it
    (:func:`_read_decided`)."""
    pos, search, size, decided_firsts = 0, t.scan.search, len(text), t.decided_firsts
    while match := search(text, pos):
        start, end = match.span(match.lastindex)  # the number (match.span() is its first character)
        if match.lastgroup == "chinese" and _bare_word_numeral(text, match, t):
            pos = end
            continue
        if end < size and text[end] in decided_firsts and (word := _decided_word(text, match, t)):
            pos, lead = end, start - 1
            if lead >= 0 and (text[lead] == "、" or text[lead] in MINUS_SIGNS or text[lead] in t.prefix_ends.by_last):
                yield _read_decided(text, match, t, word)  # it may end a list (3、2020年) or start before
            continue
        reading = _read(text, match, t)
        yield reading
        pos = max(reading.end, end)


def _bare_word_numeral(text: str, m: re.Match, t: _Tables) -> bool:
    """True for a Chinese numeral that can be no figure and leaves its neighbours as they are:
    nothing that can start a tail (余, 万, a unit, a range) follows it, nor a 、 that lists it, and
    it parses (so it gives no reason to a number listed before it). Most candidates are such words
    (一些, 统一, 进一步): they are passed over without reading them.

    >>> t = _tables()
    >>> [_bare_word_numeral(x, t.core.match(x, 1), t) for x in ("进一步", "统一、", "共三所", "第二〇")]
    [True, False, False, False]
    """
    if m.lastgroup != "chinese":
        return False
    end = m.end(m.lastindex)
    if end < len(text) and (text[end] in t.tail_starts or text[end] == "、"):
        return False
    return parse_chinese(m.group(m.lastindex)) is not None


def _read(text: str, m: re.Match, t: _Tables, allow_range: bool = True) -> _Reading:
    """Read the candidate at match ``m`` of ``t.full`` or ``t.scan``; its kind is the alternative that
    matched (``m.lastgroup``), its number that group (``m.lastindex``)."""
    kind, post = m.lastgroup, None
    if kind == "ratio":
        r = _read_ratio(text, m, t)
    elif kind == "frac":
        r = _read_fraction(m, t)
    else:
        r = _read_number(m, t)
        if r.start and text[r.start - 1] in MINUS_SIGNS:
            _read_sign(text, r)
        if r.end < len(text) and text[r.end] in t.tail_starts:  # else nothing can follow it (as the tail's groups say)
            post = _read_tail(text, r, t, allow_range, m.group(*t.tail_groups[kind]))
    if r.unit is not None and post != "":  # "": the tail has read that no postfix follows
        _read_postfix(text, r, t, post)
    if not r.start or text[r.start - 1] in t.prefix_ends.by_last:  # else no prefix word ends there
        _read_prefix(text, r, t)
    return r


def _decided_word(text: str, m: re.Match, t: _Tables) -> str | None:
    """The exclusion suffix written right after the number of match ``m`` (no 余 or magnitude between)
    when it decides that the number is no figure whatever it reads (2020年, 3月, 5日: any suffix but
    the score suffix, which may make a count of points), else None.

    >>> t = _tables()
    >>> [_decided_word(x, t.full.match(x), t) for x in ("2020年", "3月份", "10余年", "60分", "5所", "三年级")]
    ['年', '月', None, None, None, '年']
    """
    end = m.end(m.lastindex)
    if end == len(text) or text[end] not in t.decided_firsts:
        return None
    group = t.word_group.get(m.lastgroup)
    if group is None or m.start(group) != end:
        return None
    word = m.group(group)
    return word if word in t.decided else None


def _read_decided(text: str, m: re.Match, t: _Tables, word: str) -> _Reading:
    """The reading of a number followed by the suffix ``word`` that decides it (:func:`_decided_word`):
    it is no figure, so only what other readings look at is read: where it starts (after a sign and a
    prefix word, as in :func:`_read`), where it ends (before the suffix), that it is bare and why it
    is no figure. Its value and qualifier are left unread."""
    start, end = m.span(m.lastindex)
    if start and m.lastgroup == "arabic" and text[start - 1] in MINUS_SIGNS:
        start = _signed_start(text, start)
    r = _Reading(start, end, m.lastgroup, m.group(m.lastindex))
    r.reason = "followed by " + word
    if not start or text[start - 1] in t.prefix_ends.by_last:
        _read_prefix(text, r, t)
    return r


def _read_number(m: re.Match, t: _Tables) -> _Reading:
    kind = m.lastgroup  # masked | arabic | chinese
    number = m.lastindex
    r = _Reading(m.start(number), m.end(number), kind, m.group(number))  # start, end, kind, core
    if kind == "masked":
        r.qualifier = "masked"
    elif kind == "arabic":
        r.low = Decimal(r.core.replace(",", ""))
    else:
        pair = parse_chinese(r.core)
        if pair is None:
            r.reason = "not a numeral"
        else:
            r.low = Decimal(pair[0])
            if pair[1] != pair[0]:
                r.high, r.qualifier = Decimal(pair[1]), "approx"
    return r


def _read_sign(text: str, r: _Reading) -> None:
    """A minus sign written before Arabic digits (-5%, and －５% once normalised) makes the value
    negative; a hyphen after a digit or letter is a range or date separator (3-5所, 2020-01-23), not a sign.

    >>> [(q.raw, q.value) for q in find_quantities("同比增长-5%,3-5所,负增长 -2.5%")]
    [('-5%', Decimal('-5')), ('3-5所', Decimal('3')), ('-2.5%', Decimal('-2.5'))]
    """
    if r.kind != "arabic" or r.low is None or r.start < 1 or text[r.start - 1] not in MINUS_SIGNS:
        return
    start = _signed_start(text, r.start)
    if start < r.start:
        r.start, r.low = start, -r.low


def _signed_start(text: str, start: int) -> int:
    """Where Arabic digits at ``start``, after a minus sign, start with it: before the sign unless a
    digit, letter, minus, ``.``, ``%`` or ``)`` stands before the sign."""
    before = text[start - 2: start - 1]
    if before and ((before.isascii() and before.isalnum()) or before in MINUS_SIGNS or before in ".%)"):
        return start
    return start - 1


def _read_ratio(text: str, m: re.Match, t: _Tables) -> _Reading:
    a, b = (Decimal(x.replace(",", "")) for x in re.split("[:∶]", m["ratio"]))
    start, end = m.span("ratio")
    r = _Reading(start=start, end=end, kind="ratio", core=m["ratio"], unit="ratio", unit_key=":")
    if b == 0:
        r.reason = "zero denominator"
    elif _looks_like_clock(m["ratio"]) and not _has_ratio_word(text, start, t):
        r.reason = "clock time"
    r.low = _divide(a, b) if b else None
    r.too_long, r.bare = bool(b) and r.low is None, False
    return r


def _looks_like_clock(ratio: str) -> bool:
    hours, minutes = re.split("[:∶]", ratio)
    return hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and int(hours) <= 23 and int(minutes) <= 59


def _has_ratio_word(text: str, pos: int, t: _Tables) -> bool:
    window = text[max(0, pos - 8): pos]
    return any(word in window for word in t.ratio_words)


def _divide(a: Decimal, b: Decimal) -> Decimal | None:
    """a / b rounded to RATIO_PLACES; None when a quotient that long is no ratio a report states."""
    with localcontext() as ctx:
        ctx.prec = 50
        try:
            return (a / b).quantize(RATIO_PLACES)
        except InvalidOperation:
            return None


def _read_fraction(m: re.Match, t: _Tables) -> _Reading:
    start, end = m.span("frac")
    r = _Reading(start=start, end=end, kind="fraction", core=m["frac"], bare=False)
    numer = _number_value(m["numer"], t)
    if m["fword"]:
        spec = t.fractions[m["fword"]]
        r.unit, r.unit_key, r.factor = spec["unit"], m["fword"], Decimal(spec["factor"])
        r.low = numer
    else:
        den = _number_value(m["den"], t)
        r.unit, r.unit_key = "ratio", "分之"
        r.low = _divide(numer, den) if numer is not None and den else None
        r.too_long = numer is not None and bool(den) and r.low is None
    if r.low is None and not r.too_long:
        r.reason = "not a numeral"
    return r


def _number_value(numeral: str, t: _Tables) -> Decimal | None:
    if numeral[0].isdigit():
        return Decimal(numeral.replace(",", ""))
    value = _chinese_value(numeral, t)
    return None if value is None else Decimal(value)


def _read_tail(text: str, r: _Reading, t: _Tables, allow_range: bool, tail: tuple) -> str | None:
    """Read what follows a numeral: 余/多, a magnitude, the unit, or a range's other end, from ``tail``
    (the groups TAIL_GROUPS of its match of ``t.full``; all None when nothing can follow it there: a
    bare number, as most Chinese numerals are). Where a magnitude starts a unit (3千米, 5百分点) the
    unit wins, and the word is read again after the infix. Returns the postfix word written at
    ``r.end`` ("" for none) when the tail has read it there, None when it is still to be looked for."""
    i1, mag, i2, word, sep, post = tail
    if not (i1 or mag or word or sep):
        return ""
    if i1:
        _qualify(r, i1, t)
    pos, known = r.end + len(i1 or ""), True
    if mag:
        if text[pos] in t.unit_firsts and _unit_at(text, pos, t):
            word, known = t.word_re.match(text, pos).group(), False
        else:
            r.mag, r.mag_raw = t.mag_values[mag], mag
            _qualify(r, i2, t)
            pos += len(mag) + len(i2)
    r.bare = pos == r.end and r.mag_raw == ""
    r.end = pos
    if word in t.suffixes:
        _read_suffix(text, pos, r, t, word)
        return post or "" if known else None
    _read_unit(text, r, t, word or None)
    known = known and not sep and r.end == pos + len(word or "")  # where the tail looked for them
    if allow_range and r.reason is None and not known:
        _read_range(text, r, t)
    return post or "" if known else None


def _qualify(r: _Reading, infix: str | None, t: _Tables) -> None:
    """An infix (余, 多, 来) read after the digits qualifies an exact number."""
    if infix and r.qualifier == "exact":
        r.qualifier = t.qualifiers["infix"][infix]["qualifier"]


def _unit_at(text: str, pos: int, t: _Tables) -> bool:
    unit = t.unit_re.match(text, pos)
    return bool(unit and _unit_allowed(text, unit.group(), unit.end(), t))


def _read_suffix(text: str, pos: int, r: _Reading, t: _Tables, word: str) -> None:
    """An exclusion suffix (年, 月, 岁 ...) ``word`` follows the numeral at ``pos``: r.reason says why; or
    the suffix is a score stated as a result (平均分为486.5分), read as a count of points. ``word`` is the
    longest unit or suffix word written there (a longer unit wins over a suffix: 分钟 vs 分; of a unit
    and a suffix of one length, which are then one word, the suffix)."""
    end = pos + len(word)
    if word == t.scores["suffix"] and _is_score(text, r, end, t):
        r.unit, r.unit_key, r.end, r.bare = "count", word, end, False
    else:
        r.reason = f"followed by {word}"


def _is_score(text: str, r: _Reading, end: int, t: _Tables) -> bool:
    """A score result or change (平均分为486.5分, 提高11.2分), not a threshold (600分以上) nor a time."""
    sc = t.scores
    if any(text.startswith(w, end) for w in sc["not_before"]):
        return False
    clause = re.split(r"[,.;!?。，；！？\n]", text[max(0, r.start - sc["cue_window"]): r.start])[-1]
    return any(cue in clause for cue in sc["cues"])


def _unit_allowed(text: str, unit: str, end: int, t: _Tables) -> bool:
    """The unit word ``unit``, written up to ``end``, is a unit there (not part of a longer word: 元旦, 人民;
    an ASCII unit not followed by a letter or digit). Always true for a unit without ``not_before``
    words that is not ASCII (``checked`` false in ``t.unit_reads``)."""
    after = text[end: end + 1]
    if after in t.unit_blockers[unit] and text.startswith(t.unit_not_before[unit], end, end + 4):
        return False
    return not (unit.isascii() and after.isascii() and after.isalnum())


def _read_unit(text: str, r: _Reading, t: _Tables, unit: str | None) -> None:
    """The unit written at r.end (``unit``, the longest unit word there), when it is allowed there."""
    if not unit:
        return
    canonical, points, factor, checked = t.unit_reads[unit]
    end = r.end + len(unit)
    if checked and not _unit_allowed(text, unit, end, t):
        return
    r.unit = canonical or _noun_unit(text, end, t, r.start)
    if r.unit is None:
        r.reason = f"{unit} + {text[end: end + 2]} is no figure"
    r.unit_key, r.is_points, r.factor = unit, points, factor
    r.end, r.bare = end, False


def _noun_unit(text: str, pos: int, t: _Tables, start: int) -> str | None:
    """Unit of 个 from the noun after it: 3个新建项目 -> item, 9个学校 -> institution; when nothing
    follows (基层党组织468个, 项目42个;), from the noun just before the number."""
    none, unit_nouns, last_noun, unit_of = t.noun_reads
    window = _HAN_RUN.match(text, pos, pos + 16).group()
    if window.startswith(none):
        return None
    if not window:
        before = _HAN_RUN_END.search(text, max(0, start - 16), start).group()
        for unit, nouns in unit_nouns:
            if before.endswith(nouns):
                return unit
        return "count"
    found = last_noun.search(window[::-1])  # the noun ending last in the window: the first in reverse
    return unit_of[found.group()] if found else "count"


def _noun_reads(nouns: dict) -> tuple:
    """The nouns of units.yaml read once for :func:`_noun_unit`: the "none" nouns and each unit's nouns
    (tuples for startswith and endswith), and, to find the noun that ends last in a window (the first
    of them in the order of the file where several end there), one pattern of the nouns reversed, in
    that order, searched in the reversed window, with the unit of each reversed noun.

    >>> none, pairs, last, unit_of = _noun_reads({"item": ["项目"], "institution": ["学校", "校"], "none": ["月"]})
    >>> none, pairs, unit_of[last.search("三个学校项目"[::-1]).group()], unit_of[last.search("项目学校"[::-1]).group()]
    (('月',), (('item', ('项目',)), ('institution', ('学校', '校'))), 'item', 'institution')
    """
    pairs = tuple((unit, tuple(words)) for unit, words in nouns.items() if unit != "none")
    reversed_nouns = [noun[::-1] for _, words in pairs for noun in words]
    unit_of: dict[str, str] = {}
    for unit, words in pairs:
        for noun in words:
            unit_of.setdefault(noun[::-1], unit)
    last = re.compile("|".join(map(re.escape, reversed_nouns)) or "(?!)")
    return tuple(nouns.get("none", ())), pairs, last, unit_of


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{0,16}")  # matched with endpos: the run of Han characters at pos
_HAN_RUN_END = re.compile(r"[\u4e00-\u9fff]{0,16}$")  # searched with endpos: the run ending there


def _read_range(text: str, r: _Reading, t: _Tables) -> None:
    """Extend r over a range's other end: 3-5所, 3至5所, 3万-5万元, 3%-5%."""
    sep = t.range_seps.match(text, r.end)
    if not sep or any(w in text[max(0, r.start - 8): r.start] for w in t.range_not_after):
        return
    other = t.full.match(text, sep.end())
    if not other or other.lastgroup not in ("arabic", "chinese", "masked"):
        return
    high = _read(text, other, t, allow_range=False)
    if high.low is None and high.kind != "masked" or (r.unit and high.unit != r.unit):
        return
    _merge_range(r, high)


def _merge_range(r: _Reading, high: _Reading) -> None:
    mag = r.mag if r.mag_raw else high.mag
    r.low = None if r.low is None else r.low * mag
    r.high = None if high.low is None else high.low * high.mag
    r.mag, r.mag_raw = Decimal(1), high.mag_raw
    r.unit, r.unit_key, r.factor, r.is_points = high.unit, high.unit_key, high.factor, high.is_points
    r.reason, r.end, r.bare = high.reason, high.end, False
    if high.qualifier == "masked":
        r.qualifier = "masked"


def _read_postfix(text: str, r: _Reading, t: _Tables, post: str | None = None) -> None:
    """A postfix word (左右, 以上) after the unit: ``post`` when the tail has read it at ``r.end`` ("" for none)."""
    if post is None:
        match = t.postfix_re.match(text, r.end) if text[r.end: r.end + 1] in t.postfix_firsts else None
        post = match.group() if match else ""
    if post:
        if r.qualifier == "exact":
            r.qualifier = t.qualifiers["postfix"][post]["qualifier"]
        r.end += len(post)


def _read_prefix(text: str, r: _Reading, t: _Tables) -> None:
    """A qualifier word (近, 约, 超过) written before the number, unless another word holds it (最近)."""
    if r.start and text[r.start - 1] not in t.prefix_ends.by_last:  # no prefix word ends there
        return
    word = t.prefix_ends.at(text, r.start)
    if word is None:
        return
    spec = t.qualifiers["prefix"][word]
    before = text[r.start - len(word) - 1: r.start - len(word)] if r.start > len(word) else ""
    if before and before in spec.get("not_after", ()):
        return
    if r.qualifier != "masked":
        r.qualifier = spec["qualifier"]
    r.start -= len(word)


def _inherit_list_units(text: str, readings: list[_Reading]) -> list[_Reading]:
    """Bare numbers listed with 、 take the unit of the list's last item: 3、5、7所."""
    for r, nxt in zip(reversed(readings[:-1]), reversed(readings[1:])):
        if not r.bare or r.reason or r.unit or text[r.end: nxt.start] != "、":
            continue
        if nxt.reason:
            r.reason = f"listed with {nxt.reason}"
        elif nxt.unit and nxt.kind in ("arabic", "chinese", "masked"):
            r.unit, r.unit_key, r.factor, r.is_points = nxt.unit, nxt.unit_key, nxt.factor, nxt.is_points
            if not r.mag_raw:
                r.mag, r.mag_raw = nxt.mag, nxt.mag_raw
    return readings


# --------------------------------------------------------------------------- exclusions


_FIRST_ATOM = re.compile(r"\[(?:\\.|[^\]\\])+\]|\\.|[^\\\[(.^$*+?{|)]")  # as exclusions.schema.yaml


def _pattern_scans(patterns: dict[str, str]) -> tuple[tuple[tuple[str, ...], re.Pattern], ...]:
    r"""The exclusion patterns as passes over a text: those that start with the same character or
    class (the 4-digit dates and year lists all start with \d), or with a plain class inside another's
    (一是 and 两个一 start with [一…十] and [一…十两]), are scanned together: one pass stops where the
    (larger) first character stands and tries each of them there (a lookahead capturing its match,
    after a lookbehind for its own first class where that is smaller); any other pattern is a pass of its own.

    >>> [names for names, _ in _pattern_scans({"a": r"\d\d-", "b": r"\d年", "c": "前\\d", "d": "[一二]是", "e": "[一二三]个"})]
    [('a', 'b'), ('c',), ('d', 'e')]
    """
    atoms = {name: _first_atom(name, pattern) for name, pattern in patterns.items()}
    by_first: dict[str, list[str]] = {}
    for name, atom in atoms.items():
        key = _scan_atom(atom, atoms.values()) if atom else f"\0{name}"  # no atom: a pass of its own
        by_first.setdefault(key, []).append(name)
    scans = []
    for atom, names in by_first.items():
        if len(names) == 1:
            scans.append(((names[0],), re.compile(patterns[names[0]])))
            continue
        rests = "".join(f"(?:(?=(?P<{n}>{'' if atoms[n] == atom else f'(?<={atoms[n]})'}{patterns[n][len(atoms[n]):]}))|)"
                        for n in names)
        any_matched = "".join(f"(?({n})|" for n in names) + "(?!)" + ")" * len(names)
        scans.append((tuple(names), re.compile(atom + rests + any_matched)))
    return tuple(scans)


_PLAIN_CLASS = re.compile(r"\[([^\]\\^\-\[]{2,})\]")  # two or more plain characters: no escape, range or negation


def _scan_atom(atom: str, atoms) -> str:
    r"""The first character or class a pass scans for to try a pattern starting with ``atom``: the
    largest plain class of ``atoms`` holding every character of ``atom`` when ``atom`` is a plain class
    itself, else ``atom``.

    >>> _scan_atom("[一二]", ["[一二]", "[一二三]", "[二三]", r"\d"]), _scan_atom(r"\d", ["[一二]", r"\d"])
    ('[一二三]', '\\d')
    """
    own = _PLAIN_CLASS.fullmatch(atom)
    best, best_size = atom, len(set(own.group(1))) if own else 0
    for other in atoms if own else ():
        chars = _PLAIN_CLASS.fullmatch(other or "")
        if chars and set(own.group(1)) <= set(chars.group(1)) and len(set(chars.group(1))) > best_size:
            best, best_size = other, len(set(chars.group(1)))
    return best


def _first_atom(name: str, pattern: str) -> str | None:
    """The one character or class ``pattern`` starts with, when it can share a pass: not repeated,
    no capturing groups or flags of its own, no alternation at its top level (which could start elsewhere)."""
    atom = _FIRST_ATOM.match(pattern)
    compiled = re.compile(pattern)
    if (not atom or pattern[atom.end(): atom.end() + 1] in ("*", "+", "?", "{") or compiled.groups
            or compiled.flags & ~re.UNICODE or not name.isidentifier()):
        return None
    return None if _top_level_bar(pattern) else atom.group()


def _top_level_bar(pattern: str) -> bool:
    """True when ``pattern`` has a ``|`` outside any group or class (an alternation of the whole)."""
    depth, in_class, escaped = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            return True
    return False


def _pattern_spans(text: str, t: _Tables, regions=None, local=None) -> list[tuple[int, int, str]]:
    """The matches of every exclusion pattern, each pattern's as ``finditer`` gives them (left to
    right, not overlapping each other), in the order of the patterns. With ``regions`` (sorted
    ``(start, end)`` pairs from :func:`_regions`, or ``local``, them joined), the local passes scan
    only those regions: they give there, and only there, what scanning the whole text gives."""
    spans: dict[str, list] = {name: [] for name in t.patterns}
    local = local or (_Local(text, regions) if regions is not None else None)
    present: dict[bool, frozenset] = {}  # the needed characters the source holds, by whether it is the regions
    for names, scan in t.pattern_scans:
        in_regions = bool(local) and names in t.local_scans
        source, shift = (local.text, local.position) if in_regions else (text, None)
        if in_regions not in present:
            present[in_regions] = frozenset(ch for ch in t.needed_chars if ch in source)
        # a pattern can match only where the characters each of its matches reads are: the pass is
        # made with those of its patterns that can (the others find nothing), or not at all
        able = tuple(name for name in names if t.pattern_needs[name] <= present[in_regions])
        for names, scan in ((names, scan),) if len(able) == len(names) else _scans_of(able) if able else ():
            _pass_spans(source, names, scan, shift, spans)
    return [span for name in t.patterns for span in spans[name]]


@functools.cache
def _scans_of(names: tuple[str, ...]) -> tuple:
    """The passes (as :func:`_pattern_scans` makes them) of the exclusion patterns ``names``, compiled once."""
    patterns = load_data("exclusions")["patterns"]
    return _pattern_scans({name: patterns[name] for name in names})


def _pass_spans(source: str, names, scan: re.Pattern, shift, spans: dict) -> None:
    """Add to ``spans`` each pattern's own matches (left to right, not overlapping each other) in one
    pass of ``scan`` over ``source`` (``names``: its pattern, or its patterns each in a group of that
    name), moved into the text by ``shift`` (None: the source is the text)."""
    last_end = dict.fromkeys(names, 0)
    for m in scan.finditer(source):
        for name in names:
            end = m.end(name) if len(names) > 1 else m.end()
            if end >= 0 and m.start() >= last_end[name]:
                start = m.start()
                spans[name].append((start, end, name) if shift is None else (shift(start), shift(end), name))
                last_end[name] = end


class _Local:
    """The regions of a text joined into one short text, each after the character before it (an
    inert one, see :func:`_regions`), and the way back from a position in it to one in the text."""

    def __init__(self, text: str, regions):
        leads = [start - 1 if start else 0 for start, _ in regions]
        parts = [text[lead:end] for lead, (_, end) in zip(leads, regions)]
        # where each part starts in the joined text, and where its region starts there (after the lead)
        sizes = list(itertools.accumulate(map(len, parts), initial=0))
        self.starts = [size + start - lead for size, lead, (start, _) in zip(sizes, leads, regions)]
        self.offsets = [lead - size for size, lead in zip(sizes, leads)]
        self.text = "".join(parts)

    def position(self, pos: int) -> int:
        """The position in the text of ``pos`` in the joined regions (a match start or end)."""
        return pos + self.offsets[bisect.bisect_right(self.starts, pos) - 1]


def _regions(text: str, spans, t: _Tables) -> list[tuple[int, int]]:
    """The spans widened over the characters the local patterns read (``t.local_run``: ``local_chars``,
    and every decimal digit, what ``\\d`` matches, when ``local_digits``), to an inert character (or
    the text's end) on each side, and merged: sorted, disjoint regions no local match crosses."""
    size, merged, chars, digits = len(text), [], t.local_chars, t.local_digits
    last = -1  # the end of the last region: an inert character stands there (or the text ends)
    for start, end in sorted(spans):  # a few characters each side: stepped over here, not matched
        if end > last:
            while end < size and (text[end] in chars or digits and text[end].isdecimal()):
                end += 1
        if start <= last:  # widened, it would stop after the inert character ending the last region
            if end > last:
                merged[-1] = (merged[-1][0], last := end)
            continue
        while start and (text[start - 1] in chars or digits and text[start - 1].isdecimal()):
            start -= 1
        merged.append((start, last := end))
    return merged


def _blocked_spans(text: str, t: _Tables, within=None) -> list[str | None]:
    """For each character of text, why no quantity touching it is a figure (or None); with
    ``within`` (a list of spans), only the characters of those spans are sure to be right."""
    local = _Local(text, _regions(text, within, t)) if within is not None and t.local_run else None
    spans = _word_spans(text, t, local)
    spans += _pattern_spans(text, t, local=local)
    spans += [(start, end, "metadata") for start, end in _metadata_spans(text, t)]
    for pattern, reason, mark in t.enclosed:
        if mark in text:  # a quick test: most texts have no quotes of most kinds
            spans += [(m.start(), m.end(), reason) for m in pattern.finditer(text)]
    blocked: list[str | None] = [None] * len(text)
    for start, end, reason in spans:
        blocked[start:end] = [reason] * (end - start)
    return blocked


def _local_scans(scans, patterns: dict[str, str], words) -> dict:
    """The passes that can scan regions instead of the whole text, and the run of characters
    their patterns and the exclusion ``words`` read (``local_run``, None when none can)."""
    alphabets = {name: _local_alphabet(pattern) for name, pattern in patterns.items()}
    local = frozenset(names for names, _ in scans if all(alphabets[n] is not None for n in names))
    chars = {ch for names in local for n in names for ch in alphabets[n][0]} | {ch for word in words for ch in word}
    digits = any(alphabets[n][1] for names in local for n in names)
    run = re.compile(f"[{_chars(chars)}{chr(92) + 'd' if digits else ''}]*") if chars or digits else None
    return {"local_scans": local, "local_run": run, "local_digits": digits,
            "local_chars": frozenset(chars | (set("0123456789") if digits else set()))}


def _word_spans(text: str, t: _Tables, local: _Local | None = None) -> list[tuple[int, int, str]]:
    """The exclusion words in ``text`` (leftmost longest, not overlapping), or only those inside the
    regions ``local`` joins: no word holds the inert character that ends a region, so the matches
    there are the whole text's."""
    if local is None:
        return [(start, end, f"word {text[start:end]}") for _, start, end in t.words_matcher.find_matches_as_indexes(text)]
    shift = local.position
    spans = [(shift(start), shift(end)) for _, start, end in t.words_matcher.find_matches_as_indexes(local.text)]
    return [(start, end, f"word {text[start:end]}") for start, end in spans]


_ALLOWED_FLAGS = re.MULTILINE | re.UNICODE


def _local_alphabet(pattern: str) -> tuple[frozenset, bool] | None:
    r"""The characters a match of ``pattern`` and its lookarounds can read, and whether they include
    every decimal digit (``\d``); None when it may read other characters (``.``, a negated class, a
    category but ``\d``), test a place by anything but a line start (``$``, ``\b``, ``\A``), refer
    back to a group, or match nothing. Any other character is *inert* for it: no match holds one, and
    a lookaround that meets one fails there as it fails at the end of the text, whatever the character.

    >>> chars, digits = _local_alphabet(r"(?m)^[(]?\d+[、.](?!\d)")
    >>> sorted(chars), digits, _local_alphabet(r"\d+\b"), _local_alphabet("[^年]+")
    (['(', '.', '、'], True, None, None)
    """
    try:
        import re._parser as parser  # re's own parser (a private module: tests pin what is read from it)
        tree = parser.parse(pattern)
    except (ImportError, AttributeError):  # another Python: the pattern scans the whole text
        return None
    if tree.state.flags & ~_ALLOWED_FLAGS or tree.getwidth()[0] == 0:
        return None
    chars, digits = set(), []
    if not _walk(list(tree), chars, digits, bool(tree.state.flags & re.MULTILINE)):
        return None
    return frozenset(chars), bool(digits)


def _walk(items, chars: set, digits: list, multiline: bool) -> bool:
    """Collect into ``chars`` (and ``digits``) what the parsed ``items`` read; False where they may read more."""
    for op, av in items:
        op = str(op)
        if op == "LITERAL":
            chars.add(chr(av))
        elif op == "IN":
            if not _walk_class(av, chars, digits):
                return False
        elif op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT", "ATOMIC_GROUP", "SUBPATTERN",
                    "ASSERT", "ASSERT_NOT", "BRANCH"):
            if op == "SUBPATTERN" and (av[1] or av[2]):  # flags of its own (?i:...)
                return False
            inner = [av] if op == "ATOMIC_GROUP" else av[1] if op == "BRANCH" else [av[-1]]
            if not all(_walk(list(sub), chars, digits, multiline) for sub in inner):
                return False
        elif not (op == "AT" and str(av) == "AT_BEGINNING" and multiline):
            return False
    return True


def _walk_class(items, chars: set, digits: list) -> bool:
    for op, av in items:
        op = str(op)
        if op == "LITERAL":
            chars.add(chr(av))
        elif op == "RANGE" and av[1] - av[0] < 1024:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        elif op == "CATEGORY" and str(av) == "CATEGORY_DIGIT":
            digits.append(True)
        else:
            return False
    return True


def _pattern_needs(patterns: dict[str, str]) -> dict[str, frozenset]:
    """For each exclusion pattern, the characters each of its matches reads (the sets of one character
    :func:`_required_chars` finds): a text without one of them holds no match of it."""
    return {name: frozenset(next(iter(chars)) for chars in _required_chars(p) if len(chars) == 1)
            for name, p in patterns.items()}


def _required_chars(pattern: str) -> list[frozenset]:
    r"""Sets of characters of which each match of ``pattern`` (with what its lookaheads and lookbehinds
    read) reads at least one: a text without any character of one of them holds no match. Read from
    re's parse tree; a part that may be skipped (a repeat that may be empty, an alternation with an
    alternative needing nothing, a negative lookaround) or that reads a category, a negated class or
    any character requires nothing; [] when the parser is unavailable.

    >>> [sorted(chars) for chars in _required_chars(r"\d\d{3}-\d{1,2}(?:[/.]|年)?[号位](?=[“])")]
    [['-'], ['位', '号'], ['“']]
    >>> _required_chars(r"\d+(?!年)|x*"), [sorted(chars) for chars in _required_chars(r"(?:a|bc)d{2}")]
    ([], [['a', 'b'], ['d']])
    """
    try:
        import re._parser as parser  # re's own parser, as _local_alphabet reads it
        return _needs(list(parser.parse(pattern)))
    except (ImportError, AttributeError):
        return []


def _needs(items) -> list[frozenset]:
    """What each match of the parsed ``items`` (a sequence) needs, as :func:`_required_chars` says."""
    needs = []
    for op, av in items:
        op = str(op)
        if op == "LITERAL":
            needs.append(frozenset(chr(av)))
        elif op == "IN" and all(str(o) == "LITERAL" or str(o) == "RANGE" and a[1] - a[0] < 1024 for o, a in av):
            needs.append(frozenset(ch for o, a in av for ch in ([chr(a)] if str(o) == "LITERAL" else map(chr, range(a[0], a[1] + 1)))))
        elif op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            needs += _needs(list(av[2]))
        elif op in ("SUBPATTERN", "ASSERT"):
            needs += _needs(list(av[-1]))
        elif op == "ATOMIC_GROUP":
            needs += _needs(list(av))
        elif op == "BRANCH":
            firsts = [_needs(list(alternative))[:1] for alternative in av[1]]
            if all(firsts):
                needs.append(frozenset().union(*(first[0] for first in firsts)))
    return needs


_FIELD_REST = r"\s*:[^\n。;]*"  # after a metadata key: spaces, the colon, the value
_FIELD_VALUE = re.compile(r"[^\n。;]*")


def _metadata_spans(text: str, t: _Tables) -> list[tuple[int, int]]:
    r"""The spans ``t.metadata_re.finditer`` gives, found from the colons (a few per text) instead of
    trying the keys at every character: the key of a field ends where the spaces before its colon
    start; of the keys ending there the longest starts first. A key never holds a space, colon or
    line or sentence end, so a field never starts inside the one before it (which ends at one).

    >>> _metadata_spans("来源:教育局\n上传时间 : 2020\n说明:无", _tables())
    [(0, 6), (7, 18)]
    """
    spans, last_end, colon = [], 0, text.find(":")
    while colon >= 0:
        key_end = colon
        while key_end and text[key_end - 1].isspace():  # str.isspace is what \s matches
            key_end -= 1
        key = t.metadata_ends.at(text, key_end)
        if key and colon >= last_end and key_end - len(key) >= last_end:
            last_end = _FIELD_VALUE.match(text, colon + 1).end()
            spans.append((key_end - len(key), last_end))
        colon = text.find(":", max(colon + 1, last_end))
    return spans


def _enclosed(excl: dict) -> tuple[tuple[re.Pattern, str, str], ...]:
    """The titles (《...》, any length) and short quotes (slogans, at most ``slogan_max_chars``
    inside) as ``(pattern, reason, opening mark)``, compiled once.

    >>> [(p.pattern, reason, mark) for p, reason, mark in _enclosed({"titles": ["《》"], "quotes": [], "slogan_max_chars": 3})]
    [('《[^《》\\n]*》', 'title', '《')]
    """
    def pattern(pair: str, max_chars: int | None) -> re.Pattern:
        open_, close = map(re.escape, pair)
        inner = f"[^{open_}{close}\n]{{1,{max_chars}}}" if max_chars else f"[^{open_}{close}\n]*"
        return re.compile(f"{open_}{inner}{close}")

    return (*((pattern(pair, None), "title", pair[0]) for pair in excl["titles"]),
            *((pattern(pair, excl["slogan_max_chars"]), "slogan", pair[0]) for pair in excl["quotes"]))


def _exclusion(text: str, r: _Reading, t: _Tables, blocked) -> str | None:
    """Why reading ``r`` is not a figure, or None if it is one."""
    if r.unit is None:
        return "no unit"
    prefix = t.excluded_ends.at(text, r.start) if r.start and text[r.start - 1] in t.excluded_ends.by_last else None
    if prefix:
        return f"after {prefix}"
    span = blocked[r.start: r.end]
    if any(span):
        return next(b for b in span if b)
    if r.kind == "chinese" and _is_article(text, r, t):
        return "article"
    return None


def _clearly_count(text: str, r: _Reading, t: _Tables) -> bool:
    """A unitless number closing a clause after a count noun: 上线人数为1200."""
    if r.kind not in ("arabic", "masked") or not r.bare or r.reason:
        return False
    if r.end < len(text) and text[r.end] not in CLAUSE_END:
        return False
    if r.low is not None and (r.low != r.low.to_integral_value() or _year_like(r.low)):
        return False
    copula = t.copula_ends.at(text, r.start)
    stem_end = r.start - len(copula) if copula else r.start
    return t.count_noun_ends.at(text, stem_end) is not None


def _year_like(value: Decimal) -> bool:
    return 1900 <= value <= 2100


def _is_article(text: str, r: _Reading, t: _Tables) -> bool:
    """一 + classifier as an article (作为一名教育管理者), not a count of one."""
    rule = t.exclusions["article_one"]
    if r.kind != "chinese" or r.core not in rule["numerals"] or r.unit_key in ("", "%"):
        return False
    if r.end >= len(text) or text[r.end] in CLAUSE_END:
        return False
    return t.count_cue_ends.at(text, r.start) is None


# --------------------------------------------------------------------------- results


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation."""
    if value == value.to_integral_value():
        return value.quantize(_ONE)
    return value.normalize()


_ONE = Decimal(1)


def _scaled(value: Decimal | None, r: _Reading) -> Decimal | None:
    if value is None or r.qualifier == "masked":
        return None
    return _tidy(value * r.mag * r.factor)


def _to_quantity(text: str, r: _Reading) -> Quantity:
    """The quantity read as ``r`` (its values scaled as :func:`_scaled` scales them)."""
    is_range = r.high is not None and r.kind != "ratio"
    low = r.low
    if low is None or r.qualifier == "masked":
        low = None
    else:  # _scaled, written out: most quantities have a value
        low = low * r.mag * r.factor
        low = low.quantize(_ONE) if low == low.to_integral_value() else low.normalize()
    high = _scaled(r.high, r) if is_range else None
    # the instance dict filled in one call: what the frozen dataclass's __init__ does field by field
    # through object.__setattr__, three times slower (the same object: equal, same hash and repr)
    q = _new_object(Quantity)
    q.__dict__.update(start=r.start, end=r.end, raw=text[r.start: r.end], value=low, low=low if is_range else None,
                      high=high, unit=r.unit, unit_raw=r.mag_raw + r.unit_key, qualifier=r.qualifier, is_points=r.is_points)
    return q


_new_object = object.__new__
