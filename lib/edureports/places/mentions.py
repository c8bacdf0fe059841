"""Finding place names in a text: leftmost-longest matches of full and short names, with their spans.

Matching rules live in ``data/place_exclusions.yaml`` (and ``data/place_offices.yaml``):

- a **full name** counts wherever it stands, unless it is followed by a word that makes it something
  else (沙河镇, 广州路, 平安区域), overlaps an excluded phrase (平安校园, 城中村), or is an ordinary word
  or a one-character stem that must follow its parent's name (阳泉市城区; 市和县两级 is not 和县);
- a **short name** counts in a title, or when followed by a context word (九原教育, 吉安全市); a short
  name that is an ordinary word (新建, 合作, 平安) never counts as one. A short name followed by a level
  suffix is either that level's full name (matched as such) or nothing: 新建市九中 is not 新建区;
- a **province short name** (青海, 江西, 内蒙古) counts anywhere: it sets the climate of a text (新青海);
- every candidate must **stand as a word**: a word segmenter (jieba, with the dictionary it ships) run
  on a few characters around it must not cut a word at its start or its end (东方红 is not 东方,
  提高县域 not 高县, 黄山东麓 not 山东), except where a full name's suffix merges into an organ of the
  place (遂川县委: ``suffix_words`` of ``data/place_offices.yaml``).

One pass of one multi-pattern matcher over a text (:func:`find_all`) finds the candidates, the blocking words
and the self-reference words; :class:`PrefixScan` gives the names of every prefix of a sentence (cut before
each figure) from one scan of it.

A name shared by several divisions (城中区 in 西宁 and 柳州; short 吉安 for 吉安市 and 吉安县) is resolved
by the other, unambiguous mentions of the same text: the candidate whose city or province is named
elsewhere wins; between a city and a county inside it, the city. Unresolved mentions keep ``code=None``.

>>> [(m.text, m.code) for m in find_places("青海省西宁市城中区教育局")]
[('青海省', '630000'), ('西宁市', '630100'), ('城中区', '630103')]
>>> find_places("创建平安校园,新建项目3个,合作办学,沙河镇地区")
[]
"""

from __future__ import annotations

import functools
import glob
import marshal
import os
import re
import sys
import zlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

from .._data import load_yaml
from .gazetteer import CJK, LEVELS, Division, Gazetteer, gazetteer

__all__ = ["PlaceMention", "find_places", "self_reference", "office_names", "part_list_marks", "self_prefixes",
           "stands_as_word", "cut_certain", "scan", "resolve", "unambiguous_support", "LEVEL_RANK", "Found", "find_all",
           "automaton", "PrefixScan", "mentions_of", "WordCuts",
           "matches_of", "found_of", "surface_words"]

#: characters of context on each side of a candidate place name given to the word segmenter
SEGMENT_WINDOW = 4


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text, with its half-open span ``[start, end)``: ``text[start:end] == raw``.

    ``name`` and ``level`` are the division's (the full name even when the text has the short one);
    ``code`` is None when the name is shared by several divisions and nothing in the text says which
    (``candidates`` lists them all); ``kind`` is full | short | alias (恩施州 for 恩施土家族苗族自治州) | province_short."""

    start: int
    end: int
    code: str | None
    name: str
    level: str
    raw: str = ""
    kind: str = "full"
    candidates: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.raw



@dataclass(frozen=True)
class _Rules:
    not_followed_by: tuple[str, ...]
    words: tuple[str, ...]
    ordinary_words: frozenset[str]
    parent_required: frozenset[str]
    short_context: tuple[str, ...]
    self_reference: dict[str, tuple[str, ...]]
    not_followed_first: frozenset[str]  # the first characters of ``not_followed_by`` (see _starts_with)
    short_context_first: frozenset[str]


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_yaml("place_exclusions.yaml")  # checked against its declared schema when loaded
    return _Rules(
        not_followed_by=tuple(sorted(data["not_followed_by"], key=len, reverse=True)),
        words=tuple(data["words"]),
        ordinary_words=frozenset(data["ordinary_words"]),
        parent_required=frozenset(data["parent_required"]),
        short_context=tuple(data["short_context"]),
        self_reference={k: tuple(v) for k, v in data["self_reference"].items()},
        not_followed_first=_firsts(data["not_followed_by"]), short_context_first=_firsts(data["short_context"]),
    )


def _firsts(words: Iterable[str]) -> frozenset[str]:
    """The first characters of ``words`` (non-empty, as their schema requires): a text at a position
    starts with one of them only where the character there is one of these.

    >>> sorted(_firsts(["街道", "路", "街"]))
    ['街', '路']
    """
    firsts = frozenset(w[:1] for w in words)
    if "" in firsts:
        raise ValueError("an empty word cannot be looked for after a name")
    return firsts



def self_reference() -> dict[str, tuple[str, ...]]:
    """The words with which a report speaks of its own area, by level (全区, 我区 -> county …)."""
    return _rules().self_reference


@dataclass(frozen=True)
class _Offices:
    levels: dict[str, str]
    offices: tuple[str, ...]
    suffix_words: frozenset[str]
    pattern: re.Pattern
    list_marks: tuple[str, ...]
    self_prefixes: tuple[str, ...]
    list_mark_first: frozenset[str]  # the first characters of ``list_marks``


@functools.lru_cache(maxsize=1)
def _offices() -> _Offices:
    """``data/place_offices.yaml``, compiled once."""
    data = load_yaml("place_offices.yaml")  # checked against its declared schema when loaded
    levels = data["office_levels"]
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    pattern = re.compile(f"({alt(levels)})(?:{alt(data['offices'])})")
    return _Offices(dict(levels), tuple(data["offices"]), frozenset(data["suffix_words"]), pattern,
                    tuple(data["part_list_marks"]), tuple(data["self_prefixes"]), _firsts(data["part_list_marks"]))


def self_prefixes() -> tuple[str, ...]:
    """The first characters of the self-reference words that speak *as* an area (全县, 我县, 本县), not of
    one of its organs (县委): ``data/place_offices.yaml``."""
    return _offices().self_prefixes


def part_list_marks() -> tuple[str, ...]:
    """What may follow a short name of a part of the report's area standing as a whole list item (、 和 与
    及 等 两县 …: ``data/place_offices.yaml``)."""
    return _offices().list_marks


def office_names(title: str) -> list[str]:
    """The levels at which a title names its own office (区教育局 -> county, 市教育局 -> city …).

    >>> office_names("区教育局局长述职报告"), office_names("眉山市教育和体育局局长述职报告"), office_names("述职报告")
    (['county'], ['city'], [])
    """
    o = _offices()
    return [o.levels[m.group(1)] for m in o.pattern.finditer(title)]


def _jieba():
    """The ``jieba`` module, imported without ``pkg_resources`` where nothing has imported that yet.
    jieba 0.42's ``_compat`` imports setuptools' ``pkg_resources`` (about 0.15 s of CPU, in every
    process) only to open files of its own package, and opens them with ``open`` when that import fails.
    For jieba's own import alone, ``sys.modules["pkg_resources"]`` is None (the import system's way to
    make an import fail); afterwards it is as before, so a later ``import pkg_resources`` works."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None
    try:
        import jieba
    finally:
        if hide and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
    return jieba


@functools.lru_cache(maxsize=1)
def _segmenter():
    """jieba's tokenizer with its own dictionary, built once and silent. Its prefix dictionary (``FREQ``,
    ``total``: what ``Tokenizer.initialize`` sets) comes from :func:`prefix_dictionary`, else from
    jieba's own ``initialize``; a :class:`PrefixDictionary` either way."""
    import logging

    jieba = _jieba()

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    loaded = prefix_dictionary()
    if loaded is None:
        tokenizer.initialize()
        loaded = PrefixDictionary.of(tokenizer.FREQ), tokenizer.total
    tokenizer.FREQ, tokenizer.total = loaded
    tokenizer.initialized = True
    return tokenizer


def _cache_dir() -> Path:
    """Where this package keeps files it derives from its dependencies: ``$EDUREPORTS_CACHE``, else
    ``$XDG_CACHE_HOME/edureports``, else ``~/.cache/edureports``."""
    if os.environ.get("EDUREPORTS_CACHE"):
        return Path(os.environ["EDUREPORTS_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "edureports"


class _Unpacked(dict):
    """The parts of a :class:`PrefixDictionary` by first character, each unpacked (``marshal``) from
    ``packed`` on the first request for it; an empty part for a character no entry starts with."""

    def __init__(self, packed: dict[str, bytes]):
        super().__init__()
        self.packed = packed

    def __missing__(self, first: str) -> dict[str, int]:
        part = self[first] = marshal.loads(self.packed[first]) if first in self.packed else {}
        return part


class PrefixDictionary(Mapping):
    """jieba's prefix dictionary (every word of its dictionary and every prefix of one, with its
    frequency: 0 for a prefix that is no word) kept in parts, one for each first character, each unpacked
    when a word starting with that character is first looked up: a process reads the parts its texts ask
    for (a few percent of the whole for a report), not the half million entries. ``parts[c]`` is the part
    of the entries starting with ``c``, a plain dict (what :func:`cut_certain` reads).

    >>> d = PrefixDictionary({"遂": marshal.dumps({"遂": 0, "遂川": 5})})
    >>> d.get("遂川"), "遂" in d, d.get("川"), len(d.parts), dict(d) == {"遂": 0, "遂川": 5}
    (5, True, None, 2, True)
    """

    def __init__(self, packed: dict[str, bytes]):
        self.parts = _Unpacked(packed)

    @classmethod
    def of(cls, freq: dict[str, int]) -> "PrefixDictionary":
        """The dictionary ``freq`` in parts."""
        parts: dict[str, dict[str, int]] = defaultdict(dict)
        for word, n in freq.items():
            parts[word[:1]][word] = n
        return cls({first: marshal.dumps(part) for first, part in parts.items()})

    def packed(self) -> dict[str, bytes]:
        """The parts, packed (what :func:`prefix_dictionary` keeps)."""
        return self.parts.packed

    def get(self, word, default=None):
        """The frequency of ``word`` (its part's lookup, as jieba's tokenizer asks ``FREQ.get``)."""
        return self.parts[word[:1]].get(word, default)

    def __getitem__(self, word):
        return self.parts[word[:1]][word]

    def __contains__(self, word) -> bool:
        return word in self.parts[word[:1]]

    def __iter__(self):
        for first in self.parts.packed:
            yield from self.parts[first]

    def __len__(self) -> int:
        return sum(len(self.parts[first]) for first in self.parts.packed)


def prefix_dictionary() -> tuple[PrefixDictionary, int] | None:
    """jieba's prefix dictionary of the dictionary it ships (every word and every prefix of a word with
    its frequency, and the total), as ``Tokenizer.gen_pfdict`` builds it, kept in :func:`_cache_dir`
    under a name with jieba's version and the dictionary file's size and CRC-32 (so every environment with
    the same dictionary shares one copy), in parts by first character (:class:`PrefixDictionary`): the
    file is read in one piece (about 0.02 s) and a part unpacked when first asked for, rather than the way
    jieba reads its own cache, the whole dictionary object by object from the open file (about 0.8 s, in
    every process). The file is its content's CRC-32, then the content; a copy that cannot be read (cut
    short, damaged: checked as a whole, since parts are unpacked later) is made again; where no copy can
    be written the dictionary is built each time. None when jieba's dictionary file cannot be read as a
    file of its package (jieba then reads it its own way)."""
    import tempfile

    jieba = _jieba()

    source = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    try:
        words = source.read_bytes()
    except OSError:
        return None
    path = _cache_dir() / f"jieba-{jieba.__version__}-{len(words)}-{zlib.crc32(words):08x}.pfparts"
    try:
        data = path.read_bytes()
        if int.from_bytes(data[:4], "big") != zlib.crc32(data[4:]):  # a part is unpacked later: check all now
            raise ValueError("damaged")
        packed, total = marshal.loads(data[4:])
        if isinstance(packed, dict) and isinstance(total, int) and packed and all(
                isinstance(part, bytes) for part in packed.values()):
            return PrefixDictionary(packed), total
    except (OSError, ValueError, EOFError, TypeError):
        pass
    with open(source, "rb") as f:
        freq, total = jieba.Tokenizer.gen_pfdict(f)
    made = PrefixDictionary.of(freq)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        data = marshal.dumps((made.packed(), total))
        with os.fdopen(fd, "wb") as out:
            out.write(zlib.crc32(data).to_bytes(4, "big") + data)
        os.replace(tmp, path)
        _remove_stale(path, jieba.__version__)
    except OSError:  # no copy kept: built again by the next process
        pass
    return made, total


def _remove_stale(kept: Path, version: str) -> None:
    """Remove what nothing reads once ``kept`` is written: copies in the earlier whole-dictionary format
    (``*.pfdict``, named by the dictionary file's time, one per environment) and copies of another
    dictionary of the same jieba ``version``. Copies of other versions stay (another environment's)."""
    stale = [*kept.parent.glob("jieba-*.pfdict"), *kept.parent.glob(f"jieba-{glob.escape(version)}-*.pfparts")]
    for old in stale:
        if old != kept:
            old.unlink(missing_ok=True)


def stands_as_word(text: str, start: int, end: int, full: bool = False, cuts: WordCuts | None = None) -> bool:
    """Whether ``text[start:end]`` stands as a word: a word segmenter run on ``SEGMENT_WINDOW`` characters
    around it cuts the text at its start and at its end. A ``full`` name whose suffix merges into an organ
    word of the place (``suffix_words``, the self-reference words: 遂川县委, 内乡县城) stands too. The
    segmenter runs only where a word of its dictionary spans an end of the name (:func:`cut_certain`);
    ``cuts`` (a :class:`WordCuts` of the document) answers a block segmented before from its memo.

    >>> stands_as_word("东方红小学", 0, 2), stands_as_word("提高县域教育", 1, 3), stands_as_word("九原教育", 0, 2)
    (False, False, True)
    >>> stands_as_word("遂川县委、县政府", 0, 3, full=True), stands_as_word("黄山东麓", 1, 3)
    (True, False)
    """
    a, b = _block(text, start, end)
    if a == start and b == end:
        return True  # a whole run of word characters: the segmenter cuts at both its ends
    block = text[a:b]
    if cut_certain(block, start - a) and (end == b or cut_certain(block, end - a)):
        return True  # no word of the segmenter's dictionary across either end: it cuts at both
    tokens = cuts.tokens(block) if cuts is not None else _tokens(block)
    if start - a not in tokens:
        return False
    if end - a in tokens or end == b:
        return True
    organ = tokens.get(end - 1 - a)
    return full and organ is not None and (organ in _offices().suffix_words or any(
        organ in words for words in _rules().self_reference.values()))


def cut_certain(block: str, p: int) -> bool:
    """Whether the segmenter is sure to cut ``block`` at ``p`` without running it: ``p`` is an end of
    the block, or no word of its dictionary (two characters or more, of nonzero frequency) spans ``p``
    and the two characters there are not both ASCII.

    jieba's accurate mode without HMM cuts a run of word characters into words of its dictionary and
    single characters, then joins runs of single ASCII letters and digits; other characters stand
    alone. So a token across ``p`` is a dictionary word across it, or ASCII on both sides of it. Its
    dictionary holds every prefix of its words (frequency 0 when not a word itself): the words from a
    character across ``p`` are looked up only while they are prefixes of one, in the dictionary's part of
    the words starting with that character (:class:`PrefixDictionary`).

    >>> cut_certain("九原教育紧紧", 2), cut_certain("黄山东麓", 1), cut_certain("ab12", 2)
    (True, False, False)
    """
    n = len(block)
    if p <= 0 or p >= n:
        return True
    if block[p - 1:p + 1].isascii():
        return False
    parts = _segmenter().FREQ.parts
    for i, first in enumerate(block[:p]):  # a word from i across p starts with block[i:p + 1]
        found = parts[first].get(block[i:p + 1])
        if found is None:
            continue  # no word of the dictionary starts with it (at most places: no longer one looked up)
        if found:
            return False
        get = parts[first].get
        for j in range(p + 2, n + 1):
            found = get(block[i:j])
            if found is None:
                break  # no word of the dictionary starts with block[i:j]
            if found:
                return False
    return True


def _tokens(block: str) -> dict[int, str]:
    """The words the segmenter cuts ``block`` into, by their start in it."""
    return {s: w for w, s, _ in _segmenter().tokenize(block, HMM=False)}


class WordCuts:
    """The place work of one document that its place (:func:`~.document.document_place`) and its figures'
    districts both read, each piece done once: the segmenter's words of its blocks (:func:`stands_as_word`)
    and the place automaton's matches of its text (:func:`matches_of`, :func:`found_of`). Made for one
    document, read by both, and dropped with it.

    >>> cuts = WordCuts()
    >>> stands_as_word("东方红小学", 0, 2, cuts=cuts), stands_as_word("东方红小学", 0, 2, cuts=cuts), len(cuts)
    (False, False, 1)
    >>> cuts.holds("遂川县"), cuts.found("遂川县") == find_all("遂川县"), cuts.holds("遂川县")
    (False, True, True)
    """

    def __init__(self):
        self._blocks: dict[str, dict[int, str]] = {}
        self._text: str | None = None  # the document's text, whose matches are held
        self._matches: list[tuple[int, int, int]] = []
        self._found: Found | None = None

    def tokens(self, block: str) -> dict[int, str]:
        """:func:`_tokens` of ``block``, segmented on the first request."""
        found = self._blocks.get(block)
        if found is None:
            found = self._blocks[block] = _tokens(block)
        return found

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """:func:`matches_of` the document's ``text``, found on the first request (those of one text are
        held: the text asked for last)."""
        if not self.holds(text):
            self._text, self._matches, self._found = text, matches_of(text), None
        return self._matches

    def holds(self, text: str) -> bool:
        """Whether the matches of ``text`` are held (:meth:`matches` was asked for them)."""
        return self._text is not None and self._text == text  # the same object: compared by identity first

    def found(self, text: str) -> Found:
        """:func:`find_all` the document's ``text``, from its :meth:`matches`."""
        matches = self.matches(text)
        if self._found is None:
            self._found = found_of(text, matches)
        return self._found

    def __len__(self) -> int:
        return len(self._blocks)


def _block(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of the window around ``text[start:end]`` the segmenter's cuts there depend on: the run of
    word characters holding it (jieba segments each such run of its input on its own and cuts at both
    its ends), or the whole window of ``SEGMENT_WINDOW`` characters when the name is not inside one run.
    The run read from the name: word characters on from its start past its end, and back from its
    start (where jieba's pattern is one class of characters, else the window's runs in turn).

    >>> _block("全县,遂川县委、县政府", 3, 6), _block("全县遂川县", 2, 5), _block("全县 遂川,县", 4, 7)
    ((3, 7), (0, 5), (0, 7))
    """
    a, b = max(0, start - SEGMENT_WINDOW), min(len(text), end + SEGMENT_WINDOW)
    runs = _run_patterns()
    if runs is not None and start < end:
        forward, backward = runs
        hi = forward.match(text, start, b).end()
        if hi < end:
            return a, b  # a character of the name is not a word character: no run holds it
        if start == a or forward.match(text, start - 1, start).end() < start:
            return start, hi  # no word character right before the name: the run starts with it
        return backward.search(text, a, start).start(), hi
    for run in _word_runs().finditer(text, a, b):
        if run.start() <= start and end <= run.end():
            return run.span()
    return a, b


@functools.lru_cache(maxsize=1)
def _run_patterns() -> tuple[re.Pattern, re.Pattern] | None:
    """jieba's class of word characters as two patterns: the characters from a position on (``match``)
    and those reaching the end of a stretch (``search``); None when its pattern is not ``([class]+)``."""
    pattern = _word_runs()
    if not (pattern.pattern.startswith("([") and pattern.pattern.endswith("]+)")) or pattern.pattern.count("[") != 1:
        return None
    chars = pattern.pattern[1:-2]
    return re.compile(chars + "*", pattern.flags), re.compile(chars + r"*\Z", pattern.flags)


@functools.lru_cache(maxsize=1)
def _word_runs() -> re.Pattern:
    """jieba's pattern of the runs of word characters it segments each on its own."""
    jieba = _jieba()

    return jieba.re_han_default


class _Raw(NamedTuple):
    """A name :func:`scan` found: its span, its surface form and the divisions (with the kind of name) it
    may be (a named tuple: made for every name of a text, faster to make than a frozen dataclass)."""

    start: int
    end: int
    raw: str
    candidates: tuple[tuple[Division, str], ...]


#: the roles of the words of the place automaton: a gazetteer surface form, a blocking word, a self-reference word
_SURFACE, _BLOCKING, _SELF = 0, 1, 2


@dataclass(frozen=True)
class Found:
    """What one pass of the place automaton (:func:`find_all`) finds in a text: every position where a
    surface form of the gazetteer (two characters or more) starts, with the lengths of the forms found
    there, longest first; a mask, 1 at every character covered by a word that blocks a place name
    (``words`` of ``data/place_exclusions.yaml``: 平安校园, 城中村); and every occurrence ``(word, start, end)``
    of a self-reference word (全县, 县委 …), overlapping ones too, in order of start."""

    candidates: list[tuple[int, list[int]]]
    blocked: bytearray
    self_words: list[tuple[str, int, int]]


def find_all(text: str) -> Found:
    """The surface forms, blocking words and self-reference words of ``text``, from one pass of one
    multi-pattern matcher over it.

    >>> f = find_all("全县创建平安校园,遂川县")  # 建平(县), 平安(区), 遂川县 and 遂川; 平安校园 blocks
    >>> f.candidates, list(f.blocked), f.self_words
    ([(3, [2]), (4, [2]), (9, [3, 2])], [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0], [('全县', 0, 2)])
    """
    return found_of(text, matches_of(text))


def matches_of(text: str) -> list[tuple[int, int, int]]:
    """Every match ``(index, start, end)`` of the place automaton in ``text``, overlapping ones too: what
    :func:`find_all` (:func:`found_of`) reads."""
    return _place_automaton()[0].find_matches_as_indexes(text, overlapping=True)


def found_of(text: str, matches: list[tuple[int, int, int]]) -> Found:
    """:func:`find_all` of ``text`` from its :func:`matches_of`."""
    _, words, roles = _place_automaton()
    by_start: dict[int, list[int]] = {}
    blocked = bytearray(len(text))
    self_words = []
    for index, start, end in matches:
        role = roles[index]
        if role == _SURFACE:
            if start in by_start:
                by_start[start].append(end - start)
            else:
                by_start[start] = [end - start]
        elif role == _BLOCKING:
            blocked[start:end] = b"\x01" * (end - start)
        else:
            self_words.append((words[index], start, end))
    candidates = [(start, lengths if len(lengths := by_start[start]) == 1 else sorted(lengths, reverse=True))
                  for start in sorted(by_start)]  # one form at most places: nothing to sort
    return Found(candidates, blocked, sorted(self_words, key=lambda w: w[1]))


@functools.lru_cache(maxsize=1)
def surface_words() -> list[str | None]:
    """The gazetteer surface form that each word of the place automaton is, by its index (the first item of
    a match of :func:`matches_of`); None for a blocking or a self-reference word."""
    _, words, roles = _place_automaton()
    return [w if role == _SURFACE else None for w, role in zip(words, roles)]


@functools.lru_cache(maxsize=1)
def _place_automaton():
    """One Aho-Corasick automaton over the gazetteer's surface forms of two characters or more, the words
    that block a place name and the self-reference words (a word in two of these lists is in it twice,
    and reported once for each), with the words and the role of each; built once."""
    rules = _rules()
    groups = ((_SURFACE, [s for s in gazetteer().surfaces if len(s) >= 2]), (_BLOCKING, rules.words),
              (_SELF, sorted({w for ws in rules.self_reference.values() for w in ws})))
    words = [w for _, ws in groups for w in ws if w]
    roles = [role for role, ws in groups for w in ws if w]
    return automaton(words), words, roles


def automaton(words: Sequence[str]):
    """An Aho-Corasick automaton over ``words``, built as a DFA: slower to build (once per process) than
    the default, but it runs over a text about twice as fast."""
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(list(words), implementation=ahocorasick_rs.Implementation.DFA)


def _admit(text: str, i: int, j: int, surface: str, d: Division, kind: str, title: bool, g: Gazetteer,
           rules: _Rules, inside: str | None = None) -> bool:
    """Whether the rules admit ``surface`` (``text[i:j]``) as division ``d``'s name of ``kind``; the caller
    has rejected a surface followed by a ``not_followed_by`` word (沙河镇, 广州路) first, for all its entries."""
    if kind == "alias":
        return True
    if kind == "full":
        if d.name in rules.parent_required or len(d.name) == 2:
            after_parent = text.endswith(g.parent_names(d), 0, i)
            at_boundary = len(d.name) == 2 and d.name not in rules.parent_required and (
                i == 0 or not CJK.match(text[i - 1]))
            return after_parent or at_boundary
        return True
    if surface in rules.ordinary_words:
        return False
    if kind == "province_short" or title:
        return True
    if inside and d.code != inside and inside in g and g.contains(inside, d.code) and _list_mark_at(text, j):
        return True  # a part of the report's own area in a list (遂川、万安两县)
    return _short_context_at(text, j, rules)


def _short_context_at(text: str, j: int, rules: _Rules) -> bool:
    """Whether a ``short_context`` word starts at ``j`` (looked for only where its first character stands)."""
    return text[j:j + 1] in rules.short_context_first and text.startswith(rules.short_context, j)


def _list_mark_at(text: str, j: int) -> bool:
    """Whether a list mark of ``data/place_offices.yaml`` starts at ``j``."""
    o = _offices()
    return text[j:j + 1] in o.list_mark_first and text.startswith(o.list_marks, j)


def scan(text: str, *, title: bool = False, inside: str | None = None, found: Found | None = None,
         cuts: WordCuts | None = None) -> list[_Raw]:
    """Every place-name candidate of ``text`` admitted by the rules (see the module docstring); with
    ``inside`` (a division's code), the short names of the divisions inside it need no context word when
    they stand as a whole list item (遂川、万安两县). ``found`` is :func:`find_all` of ``text``, when the
    caller has it already; ``cuts`` the document's :class:`WordCuts`."""
    return _scan(text, title, inside, found or find_all(text), cuts)


def _scan(text: str, title: bool, inside: str | None, found: Found, cuts: WordCuts | None = None) -> list[_Raw]:
    """:func:`scan`: the name at each candidate position in turn, skipping the positions inside a name."""
    out: list[_Raw] = []
    name_at = _name_finder(text, title, inside, found.blocked, cuts)
    i = 0
    for start, lengths in found.candidates:
        if start < i:
            continue  # inside the name found before
        raw = name_at(start, lengths)
        if raw:
            out.append(raw)
            i = raw.end
    return out


def _name_finder(text: str, title: bool, inside: str | None, blocked: bytearray, cuts: WordCuts | None = None):
    """The name at a candidate position of ``text``: a function of ``(start, lengths)`` giving the longest
    surface form starting at ``start`` (of ``lengths``, longest first) that the rules admit and that stands
    as a word, if any. The text, the rules and the lookups are bound once for all the positions that
    :func:`_scan` and :class:`PrefixScan` decide in the text."""
    g, rules, short_only, always = gazetteer(), _rules(), _short_only(), _always_admitted
    not_followed_first, not_followed_by = rules.not_followed_first, rules.not_followed_by

    def name_at(start: int, lengths: list[int]) -> _Raw | None:
        for length in lengths:
            end = start + length
            surface = text[start:end]
            if surface in short_only and not title and not _short_context_at(text, end, rules) and (
                    inside is None or not _list_mark_at(text, end)):
                continue  # only short names, without a context word or a list mark after them (_admit)
            if blocked.find(1, start, end) >= 0 or (text[end:end + 1] in not_followed_first
                                                     and text.startswith(not_followed_by, end)):
                continue  # a blocking word over it, or a word after it that makes it something else
            ok = always(surface)  # every entry (an alias or a full name) admitted wherever it stands
            full = True
            if ok is None:
                ok = tuple([(d, kind) for d, kind in g.surfaces[surface]
                            if _admit(text, start, end, surface, d, kind, title, g, rules, inside)])
                full = any([k == "full" or k == "alias" for _, k in ok])
            if ok and stands_as_word(text, start, end, full, cuts):
                return _Raw(start, end, surface, ok)
        return None

    return name_at


@functools.lru_cache(maxsize=None)
def _always_admitted(surface: str) -> tuple[tuple[Division, str], ...] | None:
    """The entries of ``surface`` when :func:`_admit` admits every one of them wherever it stands (an
    ``alias``, or a ``full`` name of more than two characters that needs no parent before it: 城中区,
    遂川县), else None: the rules need not be read entry by entry there (a lookup per surface form)."""
    rules = _rules()
    entries = gazetteer().surfaces.get(surface, ())
    if all(kind == "alias" or (kind == "full" and d.name not in rules.parent_required and len(d.name) != 2)
           for d, kind in entries):
        return tuple(entries)
    return None


@functools.lru_cache(maxsize=1)
def _short_only() -> frozenset[str]:
    """The surface forms of the gazetteer that are short names (``short``) of every division they name:
    outside a title, :func:`_admit` admits them only before a context word or, naming a part of the
    report's area, a list mark."""
    return frozenset(s for s, entries in gazetteer().surfaces.items() if all(k == "short" for _, k in entries))


@functools.lru_cache(maxsize=1)
def _read_ahead() -> int:
    """How many characters after a candidate name its admission reads: the segmenter's window, the words
    that may not or must follow it (``not_followed_by``, ``short_context``, ``part_list_marks``), and a
    blocking word that starts inside it."""
    rules = _rules()
    return max(SEGMENT_WINDOW, *(len(w) for w in rules.not_followed_by + rules.short_context + part_list_marks()),
               *(len(w) - 1 for w in rules.words))


class PrefixScan:
    """:func:`scan` of the prefixes ``text[:cut]`` of one text (a sentence, cut before each of its figures),
    from one scan of the text, made as far as the cuts asked for.

    The scan decides the candidate positions in order, each from the characters before its reach (the
    position, its longest surface form and what admission reads after a name: :func:`_read_ahead`). So a
    prefix's names are the text's found before the cut, unless a position before the cut reads past it:
    then the prefix is scanned on its own.

    >>> s = PrefixScan("遂川县、万安县和吉安教育", inside="360800")
    >>> [r.raw for r in s.scan(7)], [r.raw for r in s.scan(12)], [r.raw for r in s.scan(10)]
    (['遂川县', '万安县'], ['遂川县', '万安县', '吉安'], ['遂川县', '万安县'])
    """

    def __init__(self, text: str, *, inside: str | None = None, cuts: WordCuts | None = None,
                 found: Found | None = None):
        self.text, self.inside, self.cuts = text, inside, cuts
        self._found = found or find_all(text)  # find_all(text), when the caller has it
        self._name_at = _name_finder(text, False, inside, self._found.blocked, cuts)
        self._steps: list[tuple[int, int, _Raw | None]] = []  # (position, reach, name) decided, in order
        self._next = 0  # the next candidate position to look at
        self._end = 0  # the end of the last name found

    def scan(self, cut: int) -> list[_Raw]:
        """``scan(text[:cut], inside=inside)``."""
        if not self._decide_before(cut):
            return scan(self.text[:cut], inside=self.inside, cuts=self.cuts)
        names = []
        for position, reach, raw in self._steps:
            if position >= cut:
                break
            if reach > cut:
                return scan(self.text[:cut], inside=self.inside, cuts=self.cuts)
            if raw:
                names.append(raw)
        return names

    def _decide_before(self, cut: int) -> bool:
        """Decide the candidate positions before ``cut`` not decided yet, as :func:`_scan` does; False
        (and the position left undecided) at one whose reach is past ``cut``."""
        candidates = self._found.candidates
        while self._next < len(candidates) and candidates[self._next][0] < cut:
            start, lengths = candidates[self._next]
            if start >= self._end:  # not inside the name found before
                reach = start + lengths[0] + _read_ahead()
                if reach > cut:
                    return False
                raw = self._name_at(start, lengths)
                self._steps.append((start, reach, raw))
                self._end = raw.end if raw else self._end
            self._next += 1
        return True


LEVEL_RANK = {"province": 0, "city": 1, "county": 2}


def unambiguous_support(weighted: Iterable[tuple[_Raw, float]]) -> dict[str, float]:
    """Weight of the unambiguous mentions, credited to each division and all above it."""
    support: dict[str, float] = defaultdict(float)
    for raw, w in weighted:
        if len(raw.candidates) == 1:
            for code in raw.candidates[0][0].lineage:
                support[code] += w
    return support


def resolve(raw: _Raw, support: dict[str, float]) -> Division | None:
    """The candidate whose surroundings (its city and province) the text names most; between a city
    and a county in it, equally supported, the city; between a province and a prefecture elsewhere,
    the province; None when nothing decides."""
    if len(raw.candidates) == 1:
        return raw.candidates[0][0]

    def context(d: Division) -> float:
        return sum(support.get(code, 0.0) for code in d.lineage[1:]) + (
            support.get(d.code, 0.0) if d.level != "county" else 0.0)

    scored = [(context(d), d) for d, _ in raw.candidates]
    top = max(score for score, _ in scored)
    best = [d for score, d in scored if score == top]
    if len(best) == 1 and top > 0:
        return best[0]
    # equally supported (or not at all): a division containing all the others is meant (吉安 -> 吉安市)
    outer = [d for d in best if all(d.code in other.lineage for other in best)]
    if outer:
        return outer[0]
    # a bare name shared by a province and a prefecture elsewhere (海南) reads as the province
    provinces = [d for d in best if d.level == "province"]
    return provinces[0] if len(provinces) == 1 else None


def _mention(raw: _Raw, d: Division | None) -> PlaceMention:
    shown, kind = next(((dd, k) for dd, k in raw.candidates if dd is d), raw.candidates[0])
    return PlaceMention(raw.start, raw.end, d.code if d else None, shown.name if d else raw.raw, shown.level,
                        raw.raw, kind, tuple(sorted(dd.code for dd, _ in raw.candidates)))


def find_places(text: str, *, title: bool = False, inside: str | None = None) -> list[PlaceMention]:
    """Every place named in ``text``, in order, with half-open spans into ``text``.

    Pass ``title=True`` for a title, where short names count without a context word, and ``inside``
    (the code of the report's own area) to admit the short names of its parts standing as words in a
    list (遂川、万安两县 in a 吉安市 report). Shared names are resolved by the text's other mentions (see the
    module docstring).

    >>> [(m.raw, m.name, m.code) for m in find_places("遂川县、万安县和吉安教育")]
    [('遂川县', '遂川县', '360827'), ('万安县', '万安县', '360828'), ('吉安', '吉安市', '360800')]
    >>> [(m.raw, m.code) for m in find_places("城中区教育局")]
    [('城中区', None)]
    >>> [m.name for m in find_places("九原2018年工作总结", title=True)]
    ['九原区']
    >>> [m.name for m in find_places("遂川、万安两县", inside="360800")], find_places("遂川、万安两县")
    (['遂川县', '万安县'], [])
    """
    if not isinstance(text, str):
        raise TypeError(f"find_places() takes a str, not {type(text).__name__}")
    return mentions_of(scan(text, title=title, inside=inside))


def mentions_of(raws: list[_Raw]) -> list[PlaceMention]:
    """The mentions of the names :func:`scan` found in a text, shared names resolved by the others."""
    support = unambiguous_support((r, 1.0) for r in raws)
    return [_mention(r, resolve(r, support)) for r in raws]

