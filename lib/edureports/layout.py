"""Layout repairs of the normalise stage: what converting a PDF or Word file (or a site's page view)
put into the text, undone with every edit recorded (rules in ``data/layout.yaml``).

- :func:`page_furniture` (on the source, line by line, like boilerplate): page numbers, a document
  site's page markers and running headers/footers, moved out of the text into records;
- :func:`undo_layout` (on the clean text): a line is joined to the next where its sentence runs on;
  the spaces a layout put between a number and its unit, between thousands and around a decimal point
  are removed (``3 456 人`` -> ``3456人``); digits masked by a site (``1?86万元``) become ``*``.

:func:`edureports.normalisation.normalise` calls both.

>>> from edureports.normalisation import normalise
>>> normalise("投入4520\\n萬元,在校生3 456 人").text
'投入4520万元,在校生3456人'
"""

from __future__ import annotations

import bisect
import collections
import functools
import itertools
import operator
import re
from dataclasses import dataclass
from typing import NamedTuple

from ._data import load_yaml
from .textmap import CJK, Boilerplate, Pieces, Repair, char_positions

__all__ = ["page_furniture", "undo_layout", "layout_pattern_errors"]


@dataclass(frozen=True)
class _Layout:
    page_numbers: tuple[re.Pattern, ...]
    page_sequence: tuple[re.Pattern, ...]
    page_marker: re.Pattern
    min_page_chars: int
    running_max_chars: int
    running_min_repeats: int
    furniture_window: int
    heading: re.Pattern
    list_item: re.Pattern
    sentence_end: str
    closers: str
    no_line_start: str
    runs_on: str
    clause_marks: str
    pairs: str
    broken_share: float
    wrap_share: float
    wrap_tolerance: float
    group_spaces: str
    masks: str
    multiplication: str
    any_page_number: re.Pattern | None  # matches a line where one of page_numbers fullmatches
    any_page_line: re.Pattern | None  # ... where one of page_sequence fullmatches or page_marker matches
    any_page: re.Pattern | None  # ... where either of the two does


#: what stops patterns from being combined into one: a backreference or a conditional on a group (the
#: groups are unnamed when combined)
_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\\g<")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _any_of(whole: list[str], prefix: list[str] = ()) -> re.Pattern | None:
    """One pattern whose ``match`` succeeds on a line exactly where one of ``whole`` fullmatches it or
    one of ``prefix`` matches its start (a test that skips most lines in one call); None where the
    patterns cannot be combined (a backreference, a global flag), and every line is then tried.

    >>> _any_of(["(?P<page>[0-9]+)"], ["(?P<page>[0-9]+)、"]).match("3、正文") is not None
    True
    """
    patterns = [*whole, *prefix]
    if any(_REFERENCE.search(p) for p in patterns):
        return None
    branches = [f"(?:{_NAMED_GROUP.sub('(?:', p)})" + (r"\Z" if k < len(whole) else "") for k, p in enumerate(patterns)]
    try:
        return re.compile("|".join(branches))
    except re.error:
        return None


def layout_pattern_errors(data: dict) -> list[str]:
    """What the schema of ``data/layout.yaml`` cannot say: every pattern is a regular expression, and
    a page pattern has a ``(?P<page>...)`` group (the shape is checked against the schema when loaded)."""
    errors = []
    for key in ("page_numbers", "page_sequence", "page_markers", "headings", "list_items"):
        value = data[key]
        for i, pattern in enumerate(value if isinstance(value, list) else [value]):
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                errors.append(f"{key}[{i}]: bad regular expression: {exc}")
                continue
            if key.startswith("page") and "page" not in compiled.groupindex:
                errors.append(f"{key}[{i}]: no (?P<page>...) group")
    return errors


@functools.lru_cache(maxsize=1)
def _layout_rules() -> _Layout:
    data = load_yaml("layout.yaml")  # shape checked against its declared schema when loaded
    errors = layout_pattern_errors(data)
    if errors:
        from .errors import DataFileError

        raise DataFileError("layout.yaml", errors)
    return _Layout(
        page_numbers=tuple(map(re.compile, data["page_numbers"])),
        page_sequence=tuple(map(re.compile, data["page_sequence"])),
        page_marker=re.compile(data["page_markers"]),
        min_page_chars=data["min_page_chars"], running_max_chars=data["running_max_chars"],
        running_min_repeats=data["running_min_repeats"], furniture_window=data["furniture_window"],
        heading=re.compile("|".join(f"(?:{p})" for p in data["headings"])),
        list_item=re.compile("|".join(f"(?:{p})" for p in data["list_items"])),
        sentence_end=data["sentence_end"], closers=data["closers"], no_line_start=data["no_line_start"],
        runs_on=data["runs_on"], clause_marks=data["clause_marks"], pairs=data["pairs"],
        broken_share=data["broken_share"],
        wrap_share=data["wrap_share"], wrap_tolerance=data["wrap_tolerance"], group_spaces=data["group_spaces"],
        masks=data["masks"], multiplication=data["multiplication"],
        any_page_number=_any_of(data["page_numbers"]),
        any_page_line=_any_of(data["page_sequence"], [data["page_markers"]]),
        any_page=_any_of(data["page_numbers"] + data["page_sequence"], [data["page_markers"]]),
    )


@functools.lru_cache(maxsize=1)
def _tail_words() -> tuple[str, ...]:
    """What may follow a number in the same figure, longest first: magnitudes, units and classifiers,
    the qualifiers written after it (余, 左右) and the suffixes that make it a date, an age, a rank
    (年, 岁, 届)."""
    from .quantities import load_data

    numerals, units, quals, excl = (load_data(n) for n in ("numerals", "units", "qualifiers", "exclusions"))
    words = {*numerals["suffix_magnitudes"], *units["units"], *quals["infix"], *quals["postfix"], *excl["suffixes"]}
    return tuple(sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _number_tails() -> re.Pattern:
    from .quantities import words_pattern

    return words_pattern(_tail_words())


@functools.lru_cache(maxsize=1)
def _space_before_tail() -> re.Pattern:
    """A space after a number (or after a qualifier written inside it: 500余 万元)."""
    from .quantities import load_data

    infix = "".join(w for w in load_data("qualifiers")["infix"] if len(w) == 1)
    # the space first (then what stands before it), so that a search runs straight to each space
    return re.compile(rf" (?:(?<=[\d%‰*] )|(?<=\d[{re.escape(infix)}] ))(?=\S)")


@functools.lru_cache(maxsize=1)
def _prefix_qualifiers() -> tuple[str, ...]:
    from .quantities import load_data

    return tuple(load_data("qualifiers")["prefix"])


def _ends_sentence(line: str, rules: _Layout) -> bool:
    body = line.rstrip().rstrip(rules.closers)
    return bool(body) and body[-1] in rules.sentence_end


# -- page furniture (on the source, line by line, like boilerplate)

class _Line(NamedTuple):
    index: int
    start: int  # source offset of the line
    end: int  # source offset after its line break
    body: str
    probe: str


class _Content:
    """The source lines that have a probe (not taken out as boilerplate), ``k``-th of them: its probe
    ``probes[k]``, its index among the source's lines ``index[k]``, and as a :class:`_Line`
    ``content[k]``, built where asked (most lines are read only through their probe)."""

    def __init__(self, probes: list[str], raws: list[str], ends: list[int]):
        self.index = list(itertools.compress(itertools.count(), probes))
        self.probes = list(filter(None, probes))
        self._raws, self._ends = raws, ends

    def __len__(self) -> int:
        return len(self.index)

    def __getitem__(self, k: int) -> _Line:
        i = self.index[k]
        raw, end = self._raws[i], self._ends[i]
        return _Line(i, end - len(raw), end, raw.rstrip("\r\n"), self.probes[k])

    def start(self, k: int) -> int:
        """The source offset of the ``k``-th line."""
        i = self.index[k]
        return self._ends[i] - len(self._raws[i])


_DIGIT_RUN = re.compile(r"\d+")
_MARKER_IN_BODY = re.compile(r"[ \t\u3000]*([0-9\uff10-\uff19]{1,4})[ \t\u3000]*[、\uff64]")


def page_furniture(source: str, probes: list[str], raws: list[str] | None = None,
                   ends: list[int] | None = None) -> tuple[list[tuple[int, int, str]], list[Boilerplate], dict]:
    """Page numbers, page markers and running headers/footers: edits deleting them, their records and
    metadata. ``probes``: each source line as the patterns see it (simplified, ASCII punctuation, list
    bullet kept), ``""`` for the lines already removed as boilerplate; ``raws``: the source's lines with
    their line breaks, where already cut (``source.splitlines(keepends=True)``), and ``ends`` the source
    offset after each."""
    rules = _layout_rules()
    raws = source.splitlines(keepends=True) if raws is None else raws
    ends = list(itertools.accumulate(map(len, raws))) if ends is None else ends
    content = _Content(probes, raws, ends)
    found: dict[int, tuple[str, int]] = {}  # line index -> (kind, characters to delete: -1 = the line)

    # the lines a page pattern may match (one test for all patterns): the others are read no further
    maybe = range(len(content)) if rules.any_page is None else \
        list(itertools.compress(itertools.count(), map(rules.any_page.match, content.probes)))
    repeated = None if maybe else _repeated_keys(content, found, rules)  # (found: none yet)
    if repeated == []:
        return [], [], {}  # no line a page pattern matches, no short line repeated: no furniture
    for ln in map(content.__getitem__, maybe):
        if rules.any_page_number is not None and not rules.any_page_number.match(ln.probe):
            continue  # no page-number pattern matches the line
        for pattern in rules.page_numbers:
            m = pattern.fullmatch(ln.probe)
            if m and not (m.groupdict().get("of") and int(m["page"]) > int(m["of"])):
                found[ln.index] = ("page_number", -1)
                break
    _page_runs(content, maybe, found, rules)
    _running_lines(content, found, rules, repeated)

    edits, records = [], []
    for index in sorted(found):
        kind, cut = found[index]
        start, body = ends[index] - len(raws[index]), raws[index].rstrip("\r\n")
        if cut < 0:
            edits.append((start, ends[index], ""))
            records.append(Boilerplate(kind, body.strip(), start, start + len(body)))
        else:
            edits.append((start, start + cut, ""))
            records.append(Boilerplate(kind, body[:cut].strip(), start, start + cut))
    meta = {}
    headers = [r.text for r in records if r.kind == "running_header"]
    if headers:
        meta["running_header"] = headers[0]
    return edits, records, meta


def _runs_on_before(content: _Content, k: int, rules: _Layout) -> bool:
    """The content line before ``content[k]`` stops where no sentence ends."""
    return k > 0 and not _ends_sentence(content.probes[k - 1], rules)


def _chains(candidates: list[tuple[int, int, int]], min_gap: int, end: int) -> list[list[tuple[int, int, int]]]:
    """Runs n, n+1, n+2 ... among ``(k, position, n)`` candidates in text order, each a page apart (but
    the last page, which may be short: a candidate less than a page before the text's ``end``)."""
    chains: list[list[tuple[int, int, int]]] = []
    for cand in candidates:
        fits = [c for c in chains if c[-1][2] + 1 == cand[2]
                and (cand[1] - c[-1][1] >= min_gap or end - cand[1] < min_gap)]
        if fits:
            max(fits, key=len).append(cand)
        else:
            chains.append([cand])
    return [c for c in chains if len(c) >= 2]


def _page_runs(content: _Content, maybe, found: dict, rules: _Layout) -> None:
    """Bare page numbers (3, (3)) and page markers (3、) count only in runs a page apart. ``maybe``: the
    indices of the content lines a page pattern may match."""
    units = _number_tails()
    bare, markers = [], []
    for k in maybe:
        ln = content[k]
        if ln.index in found or rules.any_page_line is not None and not rules.any_page_line.match(ln.probe):
            continue
        for pattern in rules.page_sequence:
            m = pattern.fullmatch(ln.probe)
            if m:
                # a number with the rest of its figure on the next line is a figure's (投入\n4520\n万元,
                # 3\n456 人, 2020\n年度), and so is a number beside another (a column of figures)
                after = content.probes[k + 1] if k + 1 < len(content) else ""
                rest = re.match(r"(?:\d{3}(?!\d)(?:\.\d+)?\s?)?", after).end()
                before = content.probes[k - 1] if k else ""
                inline = after[:1] in rules.no_line_start  # 8.49\n:\n1\n,
                column = before[-1:].isdigit() or after[:1].isdigit()
                if not (units.match(after, rest) or inline or column) and int(m["page"]) > 0:
                    bare.append((k, ln.start, int(m["page"])))
                break
        else:
            m = rules.page_marker.match(ln.probe)
            body = _MARKER_IN_BODY.match(ln.body)
            if m and body:
                markers.append((k, ln.start, int(m["page"])))
    end = content[-1].end if content else 0
    for chain in _chains(bare, rules.min_page_chars, end):
        for k, _, _ in chain:
            found[content.index[k]] = ("page_number", -1)
    for chain in _chains(markers, rules.min_page_chars, end):
        inner = [k for k, _, n in chain if n > 1]
        if sum(_runs_on_before(content, k, rules) for k in inner) * 2 <= len(inner):
            continue  # a list: its items follow finished sentences (a page break seldom does)
        for k, _, _ in chain:
            ln = content[k]
            cut = _MARKER_IN_BODY.match(ln.body).end()
            found[ln.index] = ("page_marker", -1 if not ln.body[cut:].strip() else cut)


def _running_lines(content: _Content, found: dict, rules: _Layout, repeated: list | None = None) -> None:
    """Short lines that repeat on page breaks: next to page numbers, or often and a page apart.
    ``repeated``: :func:`_repeated_keys` where worked out already (with ``found`` as it is)."""
    pages = [bisect.bisect_left(content.index, index) for index in sorted(found)]  # (found: content lines)
    groups: dict[str, list[int]] = {}
    for k, key in _repeated_keys(content, found, rules) if repeated is None else repeated:
        probe = content.probes[k]
        if rules.heading.match(probe) or rules.list_item.match(probe) or len(key.replace("#", "")) < 2 \
                or _ends_sentence(key, rules) or _any_of_chars(rules.clause_marks).search(key):
            continue
        groups.setdefault(key, []).append(k)
    window, end = rules.furniture_window, content[-1].end if content else 0
    for ks in groups.values():
        if len(ks) < 2 or any(content.start(b) - content.start(a) < rules.min_page_chars
                              and end - content.start(b) >= rules.min_page_chars  # the last page may be short
                              for a, b in zip(ks, ks[1:])):
            continue
        if pages:  # most of them (a page number may have been missed) stand next to a page number
            close = sum(k <= window or any(abs(k - p) <= window for p in pages) for k in ks)
            near = close >= 2 and 3 * close >= 2 * len(ks)
        else:  # often, and as regularly as pages (not a section's title repeated in each section)
            gaps = [content.start(b) - content.start(a) for a, b in zip(ks, ks[1:])]
            gaps = gaps[:-1] if end - content.start(ks[-1]) < rules.min_page_chars else gaps
            near = len(ks) >= rules.running_min_repeats and max(gaps) <= 2 * min(gaps)
        if near:
            for k in ks:
                found[content.index[k]] = ("running_header", -1)


def _repeated_keys(content: _Content, found: dict, rules: _Layout) -> list[tuple[int, str]]:
    """``(k, key)`` for the short content lines not found yet whose key (the probe, digits as ``#``,
    no spaces) another of them shares, in order: only such a line can join a group of two or more
    (worked out by mapping methods over the lines; the few repeated ones are then read one by one).

    >>> rules = _layout_rules()
    >>> _repeated_keys(_Content(["第1页", "正文", "", "第 2页"], ["a\\n"] * 4, [2, 4, 6, 8]), {}, rules)
    [(0, '第#页'), (2, '第#页')]
    """
    short = map(rules.running_max_chars.__ge__, map(len, content.probes))
    lines = [k for k in itertools.compress(itertools.count(), short) if content.index[k] not in found] if found \
        else list(itertools.compress(itertools.count(), short))
    keys = _keys(list(map(content.probes.__getitem__, lines)))
    repeated = map((2).__le__, map(collections.Counter(keys).__getitem__, keys))
    return list(itertools.compress(zip(lines, keys), repeated))


def _keys(probes: list[str]) -> list[str]:
    """Each probe with its runs of digits as ``#`` and no spaces: one substitution over the probes joined
    by line breaks (a probe is a line, stripped: it holds none, and a run of digits stops at one), one
    per probe where one does hold a line break.

    >>> _keys(["第 12 页", "正文", "3-4"])
    ['第#页', '正文', '#-#']
    """
    joined = "\n".join(probes)
    if joined.count("\n") != max(0, len(probes) - 1):
        return [_DIGIT_RUN.sub("#", probe).replace(" ", "") for probe in probes]
    return _DIGIT_RUN.sub("#", joined).replace(" ", "").split("\n") if probes else []


# -- line breaks and spaces (on the clean text)

def _width(line: str) -> int:
    """Display width in half-width characters, as a layout measures a line (wide and full-width
    characters count two).

    >>> _width("投入4520万元。")  # five wide characters, four digits
    14
    """
    return _widths([line])[0]


#: the wide and full-width characters (East Asian Width W or F), as wcwidth has them: ranges of code points
_WIDE = ((0x1100, 0x115f), (0x231a, 0x231b), (0x2329, 0x232a), (0x2e80, 0x303e), (0x3041, 0x33ff),
         (0x3400, 0x4dbf), (0x4e00, 0x9fff), (0xa000, 0xa4cf), (0xa960, 0xa97f), (0xac00, 0xd7a3),
         (0xf900, 0xfaff), (0xfe10, 0xfe19), (0xfe30, 0xfe6f), (0xff00, 0xff60), (0xffe0, 0xffe6),
         (0x1f300, 0x1f64f), (0x1f900, 0x1f9ff), (0x20000, 0x2fffd), (0x30000, 0x3fffd))


@functools.lru_cache(maxsize=1)
def _wide_bounds():
    """The wide ranges as one sorted array ``lo, hi + 1, lo, hi + 1 …``: a code point is wide when an
    odd number of bounds lie at or below it."""
    import numpy as np

    return np.array([b for lo, hi in _WIDE for b in (lo, hi + 1)], np.uint32)


@functools.lru_cache(maxsize=1)
def _wide_table():
    """For each code point of the Basic Multilingual Plane, 1 where it is wide (a look-up per character
    is quicker than a search among the bounds)."""
    import numpy as np

    points = np.arange(0x10000, dtype=np.uint32)
    return (np.searchsorted(_wide_bounds(), points, side="right") & 1).astype(np.uint8)


def _widths(lines: list[str]) -> list[int]:
    """:func:`_width` of each line, from one pass over all their code points: each line's wide
    characters summed over its stretch of them."""
    import numpy as np

    widths = list(map(len, lines))
    points = np.frombuffer("".join(lines).encode("utf-32-le", "surrogatepass"), np.uint32)
    if not len(points):
        return widths
    if points.max() < 0x10000:
        wide = _wide_table().take(points)
    else:
        wide = (np.searchsorted(_wide_bounds(), points, side="right") & 1).astype(np.uint8)
    if 0 not in widths:  # (reduceat would read an empty stretch as the next character)
        starts = list(itertools.accumulate(widths[:-1], initial=0))
        return list(map(operator.add, widths, np.add.reduceat(wide, starts, dtype=np.int64).tolist()))
    nonempty = [k for k, n in enumerate(widths) if n]
    starts = list(itertools.accumulate((widths[k] for k in nonempty[:-1]), initial=0))
    for k, extra in zip(nonempty, np.add.reduceat(wide, starts, dtype=np.int64).tolist()):
        widths[k] += extra
    return widths


def _wrap_width(lines: list[str], rules: _Layout) -> tuple | None:
    """How the text was wrapped, when a layout wrapped it: ``(measure, width)`` where most lines are
    about ``width`` wide and almost none wider, measured by printed width (a layout engine) or by
    characters (a converter cutting every N characters)."""
    lines = list(itertools.compress(lines, map(str.strip, lines)))  # the lines not blank
    if len(lines) < 10:
        return None
    import numpy as np

    best, best_count = None, 0
    # printed width: a CJK character is 2, a digit 1; a line may end up to a few short (a number
    # does not break) or hang a closing mark over. Characters: a cut every N is exact.
    printed = _widths(lines)
    for measure, sizes, least, share, over in ((_width, printed, 3, rules.wrap_tolerance, 2),
                                               (len, [len(ln) for ln in lines], 1, rules.wrap_tolerance / 2, 1)):
        sizes = sorted(sizes)
        if not _may_have_common_width(sizes, least, share, over, rules):
            continue
        found = _most_common_width(np.array(sizes, np.int64), least, share, over, rules)
        if found is not None and found[2] > best_count:
            best, best_count = (measure, found[0], found[1]), found[2]
    return best


def _may_have_common_width(widths: list[int], least: int, share: float, over: int, rules: _Layout) -> bool:
    """False where :func:`_most_common_width` finds no width, from a bound (a few steps where it counts
    for every width): a width with almost no line more than ``over`` wider is at least ``low``, and the
    lines at most a tolerance (at most ``most``) short of it are then at most the lines from
    ``low - most`` up.

    >>> rules = _layout_rules()
    >>> _may_have_common_width(list(range(10, 40)), 3, 0.12, 2, rules), _may_have_common_width([30] * 12, 3, 0.12, 2, rules)
    (False, True)
    """
    n = len(widths)
    low = widths[n - 1 - int(0.05 * n)] - over  # at most 0.05 * n lines are wider than low + over
    most = max(least, int(widths[-1] * share) + 1)  # at least any width's tolerance
    return n - bisect.bisect_left(widths, low - most) >= max(8, rules.wrap_share * n)


def _most_common_width(widths, least: int, share: float, over: int, rules: _Layout) -> tuple | None:
    """Among the widths of the lines (sorted), the smallest ``(width, tolerance, count)`` with the most
    lines at most ``tolerance`` short of it and almost none more than ``over`` wider, if one has enough."""
    import numpy as np

    n = len(widths)
    candidates = np.unique(widths)
    tolerance = np.maximum(least, np.round(candidates * share)).astype(np.int64)
    count = np.searchsorted(widths, candidates, "right") - np.searchsorted(widths, candidates - tolerance, "left")
    wider = n - np.searchsorted(widths, candidates + over, "right")
    ok = (count >= max(8, rules.wrap_share * n)) & (wider <= 0.05 * n)
    if not ok.any():
        return None
    i = int(np.argmax(np.where(ok, count, -1)))  # the first of the most
    return int(candidates[i]), int(tolerance[i]), int(count[i])


def _full_test(printed, rules: _Layout):
    """``k -> `` whether line ``k`` is full (:func:`_full_lines_of` the lines ``printed()``), each part
    worked out when first asked: the lines and the length below which none is full at any width the
    wrap search may find (:func:`_never_full_below`), then the search itself only for a line that long."""
    known: dict = {}

    def full(k: int) -> bool:
        if not known:
            known["lines"] = lines = printed()
            known["below"] = _never_full_below(lines, rules)
        if len(known["lines"][k]) < known["below"]:
            return False
        if "full" not in known:
            known["full"] = _full_lines_of(known["lines"], rules)
        return known["full"][k]

    return full


def _never_full_below(lines: list[str], rules: _Layout) -> int:
    """A length below which no line is full (:func:`_full_lines_of`), from the lines' lengths alone (0
    where the bound is not worked out: fewer than 10 lines not blank). A width the search finds leaves
    at most 5% of the lines (not blank) more than ``over`` wider, so it is at least the
    ``n - 1 - int(0.05 * n)``-th smallest width less ``over`` (see :func:`_may_have_common_width`); a
    line is full from that width less its tolerance up, which never falls as the width grows. A line's
    printed width is at least its length (so is that order statistic) and at most twice its length.

    >>> rules = _layout_rules()  # 60 - 2 less a tolerance of 7 (12% of 58) is 51, half of it 26 (by length: 55)
    >>> _never_full_below(["教" * 60] * 12 + ["一、总则"], rules)
    26
    """
    sizes = sorted(map(len, itertools.compress(lines, map(str.strip, lines))))
    n = len(sizes)
    if n < 10:
        return 0
    length = sizes[n - 1 - int(0.05 * n)]

    def least_full(width: int, least: int, share: float) -> int:  # full from here up at this width
        return width - max(least, round(width * share))

    by_length = least_full(length - 1, 1, rules.wrap_tolerance / 2)  # (over 1: measured by characters)
    by_printed = least_full(length - 2, 3, rules.wrap_tolerance)  # (over 2; a width at most twice a length)
    return max(0, min(by_length, (by_printed + 1) // 2))


def _full_lines_of(lines: list[str], rules: _Layout) -> list[bool]:
    """:func:`_full_lines` of ``lines`` at their wrap width (:func:`_wrap_width`)."""
    return _full_lines(lines, _wrap_width(lines, rules))


def _full_lines(lines: list[str], wrap: tuple | None) -> list[bool]:
    """For each line, whether it is as wide as the layout's lines: the layout cut it."""
    if wrap is None:
        return [False] * len(lines)
    measure, width, tolerance = wrap
    sizes = _widths(lines) if measure is _width else [measure(line) for line in lines]
    return [size >= width - tolerance for size in sizes]


_CJK_CHAR = re.compile(rf"[{CJK}]")
_BARE_NUMBER = re.compile(r"[\d*][\d.,*]*[%‰]?")


def _join_rule(run: str, a: str, b: str, state: dict, rules: _Layout) -> str | None:
    """Why line ``a`` (the end of ``run``, the lines already joined) runs on into line ``b`` (the
    rule's name), or None where a line break stands; called only where :func:`_stands` does not
    settle it. ``state["full"]()``: ``a`` as printed (its source) is as wide as the layout's lines;
    ``state["gap"]()``: the source between the lines (each worked out when a rule asks)."""
    last, first = a[-1], b[0]

    def cut() -> bool:  # the layout, not the writer, broke the line here
        return state["page_break"] or state["full"]()

    if last.isdigit() and first.isdigit():  # one number cut by the layout, or two numbers
        if cut():
            return "number"
        group = re.match(r"\d{3}(?!\d)(?:\.\d+)?", b)  # 3\n456人 where the source had 3 456人
        spaced = any(ch in " " + rules.group_spaces for ch in state["gap"]())
        head = re.search(r"(?<![\d.,])\d{1,3}$", run)
        unit = group and (_figure_units().match(b, group.end() + b.startswith(" ", group.end()))
                          or group.end() == len(b) and _figure_units().match(state["next"]))
        return "thousands" if spaced and head and unit else None
    if (last == "." and a[-2:-1].isdigit() and first.isdigit()) or (last.isdigit() and re.match(r"\.\d", b)):
        return "decimal"
    if first in rules.no_line_start:
        return "punctuation"
    number = _ends_in_number(run)
    if number and _number_tails().match(b) or _tail_across(run, b):
        return "unit"
    if first.isdigit() and run[-1:] in ":∶" and run[-2:-1].isdecimal():
        return "ratio"
    ranges = _range_words()
    if first.isdigit() and run.endswith(ranges) \
            and any(run.endswith(sep) and _ends_in_number(run[:-len(sep)]) for sep in ranges):
        return "range"
    if number and b.startswith(ranges):
        return "range"
    if state["last"]:
        return None  # the text's last line may be cut (a fragment): what it is is unknown
    if last in rules.runs_on or _unclosed(a, rules):
        return "clause"
    if _CJK_CHAR.match(last) and _BARE_NUMBER.fullmatch(b):
        return "number_line"
    if last == ":":
        return None
    if cut():
        return "page" if state["page_break"] else "wrap"
    if state["first"] or _heading(a, rules) or (state["continuing"] and state["heading"]):
        return None  # the text's first line may be cut (a fragment): whether it is a heading is unknown
    if state["broken"]():
        return "broken"
    if state["continuing"] or _any_of_chars(rules.clause_marks + rules.sentence_end).search(a, 0, len(a) - 1):
        return "run_on"  # prose: a clause or a sentence began on this line and goes on
    return None


def _unclosed(line: str, rules: _Layout) -> bool:
    """A bracket or quote opened on the line is not closed on it: 根据《国务院关于"""
    if not _any_of_chars(rules.pairs[::2]).search(line):
        return False  # nothing opened
    return any(line.count(o) > line.count(c) for o, c in zip(rules.pairs[::2], rules.pairs[1::2]))


def _heading(line: str, rules: _Layout) -> bool:
    """A heading line: it opens with a heading mark and ends no sentence inside (``(一)教育投入。全市…``
    is a list item's title, then its prose)."""
    if not rules.heading.match(line):
        return False
    line = line.rstrip()
    return not _any_of_chars(rules.sentence_end).search(line, 0, max(0, len(line) - 1))


@functools.lru_cache(maxsize=None)
def _any_of_chars(chars: str) -> re.Pattern:
    """A pattern matching one of ``chars`` (a search runs in C where a loop over a line's characters
    would run in Python)."""
    return re.compile("[" + "".join(map(re.escape, chars)) + "]" if chars else "(?!)")


def _ends_in_number(line: str) -> bool:
    """The line ends with a number, or a number and part of what follows it (4520, 5130万, 1.5个)."""
    words, longest = _tail_set()
    for _ in range(3):
        if line[-1:].isdigit() or line[-1:] in "%‰*":
            return True
        if line[-1:] not in _tail_ends():
            return False  # no word of the tail ends so
        cut = next((n for n in range(min(longest, len(line)), 0, -1) if line[-n:] in words), 0)
        if not cut:
            return False
        line = line[:-cut]
    return False


def _tail_across(a: str, b: str) -> bool:
    """A unit or qualifier cut by the line break, after a number (8.3万平|方米, 93%以|上)."""
    words, longest = _tail_set()
    starts = _tail_starts()
    for i in range(1, min(longest, len(a) + 1)):
        if a[-i:] not in starts:
            continue  # no word begins so
        for rest in range(1, longest - i + 1):
            if a[-i:] + b[:rest] in words and len(b) >= rest and _ends_in_number(a[:-i]):
                return True
    return False


@functools.lru_cache(maxsize=1)
def _tail_ends() -> frozenset:
    """The last characters of the words of :func:`_tail_words`."""
    return frozenset(word[-1] for word in _tail_words())


@functools.lru_cache(maxsize=1)
def _tail_starts() -> frozenset:
    """The beginnings of the words of :func:`_tail_words`, each word but its last character."""
    return frozenset(word[:k] for word in _tail_words() for k in range(1, len(word)))


@functools.lru_cache(maxsize=1)
def _tail_set() -> tuple[frozenset, int]:
    words = _tail_words()
    return frozenset(words), max(map(len, words))


@functools.lru_cache(maxsize=1)
def _range_words() -> tuple[str, ...]:
    from .quantities import load_data

    return tuple(load_data("numerals")["range_separators"])


class _Marks:
    """For each line: blank, ends its sentence (:func:`_ends_sentence`), opens a heading, opens a list
    item. The first two are worked out for every line at once (mapping methods over the lines, no
    Python-level loop), the other two line by line where asked (kept once worked out). A line ends its
    sentence where its last character, once whitespace and then closers are stripped from its end, is a
    sentence end (an empty line ends none)."""

    def __init__(self, lines: list[str], rules: _Layout):
        self.lines, self.rules = lines, rules
        bodies = map(str.rstrip, map(str.rstrip, lines), itertools.repeat(rules.closers))
        last = map(operator.getitem, bodies, itertools.repeat(slice(-1, None)))
        self.blank = list(map(operator.not_, map(str.strip, lines)))
        self.ends = list(map(frozenset(rules.sentence_end).__contains__, last))
        self._heading: dict[int, bool] = {}
        self._item: dict[int, bool] = {}

    def heading(self, k: int) -> bool:
        """Line ``k`` opens a heading."""
        if k not in self._heading:
            self._heading[k] = bool(self.rules.heading.match(self.lines[k]))
        return self._heading[k]

    def item(self, k: int) -> bool:
        """Line ``k`` opens a list item."""
        if k not in self._item:
            self._item[k] = bool(self.rules.list_item.match(self.lines[k]))
        return self._item[k]


def _line_marks(lines: list[str], rules: _Layout) -> _Marks:
    """The marks of ``lines`` (:class:`_Marks`)."""
    return _Marks(lines, rules)


def _broken(marks: _Marks, rules: _Layout, bound: int | None = None) -> bool:
    """Most prose lines stop where no sentence ends: a layout broke the text throughout. ``bound``: at
    most this many pairs of prose lines stop where no sentence ends (the breaks :func:`_open_breaks`
    finds include them all); once the pairs counted are so many that the bound falls short of their
    share, the text is not broken, and the rest is not read."""
    blank, ends, share = marks.blank, marks.ends, rules.broken_share
    pairs = open_ = 0
    for k in range(len(blank) - 1):
        if blank[k] or blank[k + 1] or marks.heading(k) or marks.heading(k + 1) or marks.item(k + 1):
            continue
        pairs += 1
        open_ += not ends[k]
        if bound is not None and bound < share * pairs:
            return False
    return pairs >= 8 and open_ >= share * pairs


def _join_edits(lines: list[str], firsts: list[int], printed, gap,
                page_breaks: set[int]) -> tuple[list[tuple[int, int, str]], list[tuple[str, int]]]:
    """Line breaks inside a sentence: edits removing them (a space between two ASCII letters) and
    ``(rule, clean position)`` for each. ``lines``: the clean text's lines, ``firsts`` their starts;
    ``printed()``: each clean line's source, as the layout printed it (pinyin, full-width characters);
    ``gap(k)``: the source between line ``k`` and the next (the line break and the spaces beside it);
    ``page_breaks``: clean positions of the line breaks where page furniture was taken out. Only the
    breaks that :func:`_stands` does not settle are read (:func:`_open_breaks`); a run of joined lines
    goes on where the break before was joined."""
    rules = _layout_rules()
    marks = _line_marks(lines, rules)
    open_breaks = _open_breaks(marks)
    if not open_breaks:
        return [], []  # every line break stands (one line, or each ends its sentence)
    full = _full_test(printed, rules)
    state = {"broken": functools.cache(lambda: _broken(marks, rules, len(open_breaks))), "heading": False}
    edits, joins = [], []
    run, joined = "", -2  # the lines joined so far, the last break joined
    for k in open_breaks:
        a, b, pos = lines[k], lines[k + 1], firsts[k + 1] - 1
        state["continuing"] = joined == k - 1
        run = run if state["continuing"] else a
        state["first"], state["last"], state["page_break"] = k == 0, k == len(lines) - 2, pos in page_breaks
        state["full"], state["gap"] = (lambda k=k: full(k)), (lambda k=k: gap(k))
        state["next"] = lines[k + 2] if k + 2 < len(lines) else ""
        rule = _join_rule(run, a, b, state, rules)
        if not rule:
            continue
        if not state["continuing"]:
            state["heading"] = _heading(a, rules)
        if _any_of_chars(rules.sentence_end).search(a):
            state["heading"] = False  # a list item's title, then its prose
        letters = a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha()
        edits.append((pos, pos + 1, " " if letters else ""))
        joins.append((rule, pos))
        run, joined = run + b, k
    return edits, joins


def _open_breaks(marks: _Marks) -> list[int]:
    """The line breaks ``k`` (after line ``k``) that :func:`_stands` does not settle, from the lines'
    marks: neither line is blank, line ``k`` ends no sentence, line ``k + 1`` opens no heading and no
    list item (read only after the lines that do not stop)."""
    blank, n = marks.blank, len(marks.blank)
    stops = map(operator.or_, blank, marks.ends)  # a break after the line stands
    return [k for k in itertools.compress(itertools.count(), map(operator.not_, stops))
            if k + 1 < n and not blank[k + 1] and not (marks.heading(k + 1) or marks.item(k + 1))]


def _stands(a: str, b: str, rules: _Layout) -> bool:
    """The line break between lines ``a`` and ``b`` stands whatever else is known: a line is blank, ``a``
    ends its sentence, or ``b`` opens a heading or a list item (the definition :func:`_open_breaks`
    works out from the lines' marks)."""
    return not (a.strip() and b.strip()) or _ends_sentence(a, rules) or bool(rules.heading.match(b)) \
        or bool(rules.list_item.match(b))


# each written to open with what it consumes (a space, a digit) rather than a look-behind, which the
# regex engine would try at every position of the text
_SPACE_AFTER_CJK = re.compile(rf" (?<=[{CJK}] )(?=\d)")
_DIGIT_GROUPS = re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?: \d{3})+(?!\d)")
#: a space between two digits, which every match of _DIGIT_GROUPS holds; a run of digits and spaces
_SPACE_IN_NUMBER = re.compile(r" (?<=\d )(?=\d)")
_DIGITS_AND_SPACES = re.compile(r"[\d ]*")
_DECIMAL = re.compile(r"(?<=\d)( ?)\.( ?)(?=\d)")


def _space_edits(pieces: Pieces, source: str) -> list[tuple[int, int, str, str]]:
    """Spaces a layout put into figures: ``(i, j, "", rule)`` for each space to remove.

    - between a number and what follows it in the figure (``377 所``, ``12.5 %``, ``2019 年``);
    - between a Chinese character and a number (``投入 4520``);
    - between thousands (``3 456人``, ``12 345 678元``): a first group of one to three digits, then
      groups of exactly three, the whole followed by its unit or written with a thin space; never
      after another number (``2019 2020``, ``3 5所``, table columns);
    - around a decimal point (``12. 5``), but for a list number opening a line (``1. 5所学校``).
    """
    rules = _layout_rules()
    text = pieces.text()
    if " " not in text:
        return []  # every rule below removes a space
    tails = _number_tails()
    prefixes = _prefix_qualifiers()

    def one_space(i: int) -> bool:  # a single space in the source, not a column gap or a tab
        s, e = pieces.starts[i], pieces.ends[i]
        return e - s == 1 and source[s] in " " + rules.group_spaces

    found: dict[int, str] = {}
    for m in _digit_groups(text):
        i, j = m.span()
        if i >= 2 and text[i - 1] == " " and text[i - 2].isdigit():
            continue  # a column of numbers
        spaces = [k for k in range(i, j) if text[k] == " "]
        if not all(one_space(k) for k in spaces):
            continue
        after = j + 1 if text.startswith(" ", j) else j
        dec = re.match(r"\.\d+ ?", text[after:])
        tail = tails.match(text, after + (dec.end() if dec else 0))
        thin = all(source[pieces.starts[k]] in rules.group_spaces for k in spaces)
        if tail or thin:
            found.update({k: "thousands" for k in spaces})
    spaced_points = " ." in text or ". " in text  # else no decimal point has a space beside it
    for m in _DECIMAL.finditer(text) if spaced_points else ():
        if not (m.group(1) or m.group(2)):
            continue
        head = re.search(r"\d+$", text[:m.start()])
        line_start = head.start() == 0 or text[head.start() - 1] in "\n" + rules.sentence_end
        if line_start and len(head.group()) <= 2 and m.group(2):
            continue  # a list number: 1. 5所学校完成改造
        found.update({k: "decimal" for k in (m.start(1), m.start(2)) if text[k] == " "})
    ranges = _range_words()
    for m in _space_before_tail().finditer(text):
        k = m.start()
        if k not in found and one_space(k) and tails.match(text, k + 1):
            found[k] = "unit"
        elif k not in found and one_space(k) and any(text.startswith(sep, k + 1) for sep in ranges):
            found[k] = "range"
    for m in _SPACE_AFTER_CJK.finditer(text):
        k = m.start()
        if k not in found and one_space(k):
            found[k] = "prefix" if any(text.endswith(p, 0, k) for p in prefixes) else "number"
    return [(k, k + 1, "", found[k]) for k in sorted(found)]


def _digit_groups(text: str):
    """The matches of :data:`_DIGIT_GROUPS` in ``text``: a match is digits and spaces, a space between
    two digits among them, so it lies inside the maximal run of digits and spaces around such a space;
    only those runs are read (a space is rare beside a digit; the pattern opens with a digit, which a
    search would try at every position).

    >>> [m.group() for m in _digit_groups("在校生3 456人, 共12 345 678元, 2019 2020")]
    ['3 456', '12 345 678']
    """
    spaces = [m.start() for m in _SPACE_IN_NUMBER.finditer(text)]
    for start, end in _runs_holding(text, spaces, _DIGITS_AND_SPACES):
        yield from _DIGIT_GROUPS.finditer(text, start, end)


def _runs_holding(text: str, hits: list[int], run: re.Pattern):
    r"""``(start, end)`` of each maximal run of the characters ``run`` (a class, starred) matches that
    holds one of the positions ``hits`` (in order, each a character of the class), each run once.

    >>> list(_runs_holding("ab12 3c 4", [4, 7], re.compile(r"[\d ]*")))
    [(2, 6), (7, 9)]
    """
    end = 0
    for k in hits:
        if k < end:
            continue  # inside the run before
        start = k
        while start and run.match(text, start - 1, start).end() > start - 1:
            start -= 1
        end = run.match(text, k).end()
        yield start, end


@functools.lru_cache(maxsize=1)
def _figure_units() -> re.Pattern:
    """A unit or magnitude (with a qualifier written inside the figure before it): 万元, 所, 余人."""
    from .quantities import load_data, words_pattern

    numerals, units, quals = (load_data(n) for n in ("numerals", "units", "qualifiers"))
    return re.compile(f"(?:{words_pattern(quals['infix']).pattern})?"
                      f"(?:{words_pattern([*numerals['suffix_magnitudes'], *units['units']]).pattern})")


@functools.lru_cache(maxsize=1)
def _mask_patterns() -> tuple[re.Pattern, re.Pattern]:
    """A number's token (digits, points, masks; not beside a letter) and a run of the token's
    characters."""
    masks = re.escape(_layout_rules().masks)
    return (re.compile(rf"(?<![A-Za-z])[\d.*{masks}]*\d[\d.*{masks}]*(?![A-Za-z])"),
            re.compile(rf"[\d.*{masks}]*"))


def _masked_runs(text: str):
    """``(start, end)`` of each maximal run of a token's characters that holds a mask: found from the
    mask characters (rare; string searches run straight to them), each run stretched both ways.

    >>> list(_masked_runs("投入1?86万元, 2019年, x2"))
    [(2, 6), (17, 19)]
    """
    yield from _runs_holding(text, char_positions(text, _layout_rules().masks), _mask_patterns()[1])


def _masked_tokens(text: str):
    """The tokens of ``text`` holding a mask: a token lies inside one run of its characters, so only the
    runs with a mask are read (each with the character after it, which a token may not run into)."""
    token = _mask_patterns()[0]
    for start, end in _masked_runs(text):
        yield from token.finditer(text, start, end + 1)


def _mask_edits(text: str) -> list[tuple[int, int, str, str]]:
    """Digits masked by a site (1?86万元, ???2万元): each mask character becomes ``*``."""
    rules = _layout_rules()
    edits = []
    for m in _masked_tokens(text):
        token = m.group()
        marks = [k for k, ch in enumerate(token) if ch in rules.masks]
        if not marks:
            continue
        inner = token.strip(rules.masks + "*.")
        edge = inner != token.strip(".")
        if edge and not (_figure_units().match(text, m.end())
                         or token[-1] in rules.masks and _number_tails().match(text, m.end())):
            continue  # a question mark or a sign beside a number: 吗?2019年
        if len(marks) == 1 and not edge and token[marks[0]] in rules.multiplication \
                and "*" not in token:
            continue  # 4×100米, 3x3
        edits += [(m.start() + k, m.start() + k + 1, "*", "mask") for k in marks]
    return edits


def _page_breaks(pieces: Pieces, firsts: list[int], furniture: list[Boilerplate]) -> set[int]:
    """Clean positions of the line breaks after which page furniture was taken out; ``firsts``: the
    clean lines' starts (a line break stands before each but the first)."""
    starts = sorted(f.start for f in furniture)
    n, breaks = len(pieces.text()), set()
    if not starts:
        return breaks
    for k in firsts[1:-1]:
        k -= 1  # the line break
        nxt = pieces.starts[k + 1] if k + 1 < n else starts[-1]
        i = bisect.bisect_right(starts, pieces.starts[k])
        if i < len(starts) and starts[i] <= nxt:
            breaks.add(k)
    return breaks


def undo_layout(pieces: Pieces, source: str, furniture: list[Boilerplate]) -> tuple[Pieces, list[Repair]]:
    """Undo the layout in the clean text: join lines, then remove spaces inside figures, mark masks."""
    repairs: list[Repair] = []

    def record(kind: str, rule: str, k: int, text: str) -> Repair:
        return Repair(kind, rule, pieces.starts[k], pieces.ends[k],
                      text[max(0, k - 8):k].replace("\n", "⏎") + "⏎" * (kind == "line_join")
                      + text[k + 1:k + 9].replace("\n", "⏎"))

    text = pieces.text()
    lines = text.split("\n")
    firsts = list(itertools.accumulate(map((1).__add__, map(len, lines)), initial=0))  # each line's start
    starts, ends = pieces.starts, pieces.ends

    def printed() -> list[str]:
        """Each line's source (read once, only where the wrap width is asked for)."""
        return [source[starts[i]:ends[j - 2]] if j - i > 1 else "" for i, j in zip(firsts, firsts[1:])]

    def gap(k: int) -> str:
        """The source between line ``k`` and the next: its line break and the spaces beside it."""
        i, j = firsts[k], firsts[k + 1]  # line k, then its line break at j - 1
        if j >= len(text):
            return ""
        return source[ends[j - 2] if j - i > 1 else starts[j - 1]:starts[j]]

    edits, joins = _join_edits(lines, firsts, printed, gap, _page_breaks(pieces, firsts, furniture))
    repairs += [record("line_join", rule, k, text) for rule, k in joins]
    pieces = pieces.rebuild(edits)
    text = pieces.text()
    spaces = _space_edits(pieces, source)
    repairs += [Repair("space", rule, pieces.starts[i], pieces.ends[i],
                       text[max(0, i - 8):i] + "␣" + text[j:j + 8]) for i, j, _, rule in spaces]
    pieces = pieces.rebuild([(i, j, new) for i, j, new, _ in spaces])
    text = pieces.text()
    masks = _mask_edits(text)
    repairs += [Repair("mask", rule, pieces.starts[i], pieces.ends[i], text[max(0, i - 8):i + 8])
                for i, _, _, rule in masks]
    pieces = pieces.rebuild([(i, j, new) for i, j, new, _ in masks])
    return pieces, sorted(repairs, key=lambda r: r.start)
