"""The documents table: one row per report, built here from the loaded file and its clean text.

- :func:`document_row` assembles the row: file facts, title, place (:mod:`.places`), report type,
  period; the curated catalogue (:mod:`.catalogue`) laid over it when given.

- :func:`report_type` names the kind of report from its title, else from the phrase with which its
  opening lines announce it (vocabulary in ``data/report_types.yaml``).
- :func:`title_source` takes the title from the report's own title line, else the file's or page's
  title, else the start of the first line (a file without line breaks), never a run of body text.
- :func:`report_period` finds the year and period reported, from the title, then the head of the
  text (which wins over a page title that says another year), then a working year the body states,
  then the publication date, else unknown; masked years (``20*年``, ``20XX年``) and years stripped
  from the text (``我就、年履行``) are recognised and never guessed.

>>> report_type("2019年工作总结和2020年工作思路", "")
'工作总结'
>>> report_period("2019年工作总结和2020年工作思路", "2019年,在区委、区政府的坚强领导下……", None)
Period(year=2019, period='2019', year_source='title', masked=False, part=None, evidence='title: 2019年')
>>> p = report_period("市教育局领导上半年工作总结", "今年上半年……(国发〔20*〕43号)……20*年度", None)
>>> (p.year, p.period, p.masked, p.part)
(None, None, True, 'H1')
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from ._data import load_yaml
from .errors import DataFileError
from .load import Report
from .normalisation import Normalised
from .places import document_place, publisher_lines
from .places.mentions import WordCuts
from .terms import YEAR_SOURCES
from .textmap import char_positions
from .years import (ANY_YEAR, DIGITS, LISTED_YEAR, SINGLE_YEAR, STRIPPED_YEAR, YEAR_BEFORE_WORD, YEAR_ENUMERATION,
                    YEAR_RANGE, YEAR_START, has_masked_year_in, has_stripped_year_in, matches_at, year_value)

if TYPE_CHECKING:  # pandas is imported where the catalogue is read, not at import time
    import pandas

__all__ = [
    "Period",
    "document_row",
    "title_of",
    "title_source",
    "title_at_start",
    "file_facts",
    "report_type",
    "report_types",
    "report_period",
    "published_year",
    "stripped_years",
    "has_stripped_year",
    "quoted_marks",
    "quoted_spans_of",
    "time_words",
    "REPORT_TYPES",
    "YEAR_SOURCES",
]

#: characters of the text, after its start, searched for the period and the report type ("the head")
PERIOD_HEAD_CHARS = 400
#: characters of the text searched for a part of the year (今年上半年) when the title has none
PART_CHARS = 100
#: a publication date more than this many years after the latest year the text mentions is a re-post
REPOST_GAP = 2


@dataclass(frozen=True)
class Period:
    """The period a report covers. ``period`` is ``2018``, ``2007H1`` or ``2006-2008``; ``year`` is
    its (last) year. ``masked`` says the text hides years (``20*年``, or years stripped out); ``part``
    is the part of a year named (H1, H2, Q1 … Q4) even when the year is unknown."""

    year: int | None
    period: str | None
    year_source: str
    masked: bool
    part: str | None = None
    evidence: str = ""


# ------------------------------------------------------------------------------------ vocabulary


@dataclass(frozen=True)
class _Type:
    name: str
    title: tuple[str, ...]
    text: tuple[str, ...]
    looks: str


@dataclass(frozen=True)
class _Vocabulary:
    types: tuple[_Type, ...]
    parts: tuple[tuple[str, str], ...]  # longest first
    before: tuple[str, ...]
    after: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = load_yaml("report_types.yaml")  # shape checked against its declared schema when loaded
    types = [_Type(e["name"], tuple(e["title"]), tuple(e["text"]), e["looks"]) for e in data["types"]]
    errors = _vocabulary_errors(types)
    if errors:
        raise DataFileError("report_types.yaml", errors)
    parts, targets = data["parts"], data["targets"]
    return _Vocabulary(tuple(types), tuple(sorted(parts.items(), key=lambda kv: len(kv[0]), reverse=True)),
                       tuple(targets["before"]), tuple(targets["after"]))


def _vocabulary_errors(types: list[_Type]) -> list[str]:
    """What the schema cannot say: type names are unique, and a title word names one type only."""
    errors = []
    names = [t.name for t in types]
    if len(set(names)) != len(names):
        errors.append(f"types: names must be unique: {names}")
    title_words = [w for t in types for w in t.title]
    dup = sorted({w for w in title_words if title_words.count(w) > 1})
    if dup:
        errors.append(f"types: title words in several types: {dup}")
    return errors


@dataclass(frozen=True)
class TimeWords:
    relative: dict[str, int]
    relative_re: re.Pattern
    same_year_before: tuple[str, ...]
    made_plans: tuple[str, ...]
    comparison: tuple[str, ...]
    ahead_words: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def time_words() -> TimeWords:
    """The words of ``data/time_words.yaml`` (relative years, comparisons, same-year "before" states,
    verbs of plans made); their shape is checked against the file's schema when it is loaded."""
    data = load_yaml("time_words.yaml")
    relative = data["relative_years"]
    not_after = "".join(re.escape(c) for c in data["comparison"])
    alternatives = "|".join(re.escape(w) for w in sorted(relative, key=len, reverse=True))
    return TimeWords(dict(relative), re.compile(f"(?<![{not_after}])(?:{alternatives})"),
                      tuple(data["same_year_before"]), tuple(data["made_plans"]),
                      tuple(data["comparison"]), tuple(data["ahead_words"]))


def report_types() -> tuple[str, ...]:
    """The report types of ``data/report_types.yaml``, then ``other``."""
    return tuple(t.name for t in _vocabulary().types) + ("other",)


def __getattr__(name: str):
    """``REPORT_TYPES``: the report types of ``data/report_types.yaml`` then ``other``, read when first asked
    for (so importing the module reads no data file)."""
    if name == "REPORT_TYPES":
        return report_types()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ------------------------------------------------------------------------------------ type


def _type_in_title(title: str) -> tuple[_Type, int] | None:
    """The type named earliest in the title (a longer word first at the same place): one search of
    :func:`_title_words`.

    >>> found = _type_in_title("2019年工作总结和2020年工作思路")
    >>> found[0].name, found[1]
    ('工作总结', 5)
    """
    pattern, types = _title_words()
    m = pattern.search(title)
    return (types[m.group()], m.start()) if m else None


@functools.lru_cache(maxsize=1)
def _title_words() -> tuple[re.Pattern, dict[str, _Type]]:
    """One pattern of every type's title words, longer first (an alternation takes the first that matches
    at the earliest place), and the type each word names (a word names one type only)."""
    types = {w: t for t in _vocabulary().types for w in t.title}
    return re.compile("|".join(map(re.escape, sorted(types, key=len, reverse=True)))), types


def report_type(title: str, text: str = "") -> str:
    """工作总结 | 述职报告 | 自查报告 | 工作思路/计划 | other.

    The type named earliest in the title wins; with none there, the phrase with which the report
    announces itself in its first ``PERIOD_HEAD_CHARS`` characters (现就一年来的主要工作述职如下).

    >>> report_type("区教育局局长述职报告"), report_type("城中区教育局脱贫攻坚等工作自查报告")
    ('述职报告', '自查报告')
    >>> report_type("", "……现将脱贫攻坚、校园安全等工作开展情况自查如下:"), report_type("通知", "")
    ('自查报告', 'other')
    """
    if not isinstance(title, str) or not isinstance(text, str):
        raise TypeError("report_type() takes a title and a text as str")
    found = _type_in_title(title)
    if found:
        return found[0].name
    head = text[:PERIOD_HEAD_CHARS]
    hits = [(head.find(w), t.name) for t in _vocabulary().types for w in t.text if w in head]
    return min(hits)[1] if hits else "other"


def _looks(kind: str) -> str | None:
    for t in _vocabulary().types:
        if t.name == kind:
            return t.looks
    return None


# ------------------------------------------------------------------------------------ years

# the year patterns are defined once, in .years
_TITLE_MARKS = re.compile(r"《[^》]{0,80}》|〔[^〕]{0,12}〕|\[[^\]]{0,12}\]")


class _Hit(NamedTuple):  # a named tuple: made many times over, faster than a frozen dataclass
    """A year the text states (see :func:`_year_hits`)."""

    start: int
    end: int
    years: tuple[int, ...]
    raw: str
    target: bool
    quoted: bool
    listed: bool = False  # a year left in a list whose other years were stripped: never the period

    @property
    def period(self) -> str:
        if len(self.years) == 1:
            return str(self.years[0])
        return f"{min(self.years)}-{max(self.years)}"


def _year_hits(text: str, quoted: list[tuple[int, int]] | None = None) -> list[_Hit]:
    """Years stated in ``text``: ranges (2006-2008年), enumerations (2006、2007、2008年), single years
    (2019年, 2019年度, 2019工作总结), a year left in a list whose other years were stripped (2006、、年),
    each flagged as a target (力争2020年, 2020年全面建成) or quoted (inside
    《》 or a document number's 〔〕: ``quoted``, the spans of :func:`quoted_spans`, when the caller has them)."""
    starts = [m.start() for m in YEAR_START.finditer(text)]  # each pattern is tried only where a year starts
    if not starts:
        return []
    voc = _vocabulary()
    quoted_spans = quoted_spans_of(text) if quoted is None else quoted
    taken: list[tuple[int, int]] = []
    hits: list[_Hit] = []
    for pattern in (YEAR_RANGE, YEAR_ENUMERATION, SINGLE_YEAR, LISTED_YEAR):
        for m in matches_at(pattern, text, starts):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            years = tuple(map(year_value, ANY_YEAR.findall(m.group(0))))
            if not years or any(not 1950 <= y <= 2099 for y in years):
                continue
            if pattern is YEAR_RANGE and not years[0] < years[-1]:
                continue
            taken.append((s, e))
            before = text[max(0, s - 4):s]
            after = text[e:e + 6].lstrip("年度 ")
            target = before.endswith(voc.before) or after.startswith(voc.after)
            quoted = _inside(quoted_spans, s, e)
            hits.append(_Hit(s, e, years, m.group(0), target, quoted, pattern is LISTED_YEAR))
    return sorted(hits, key=lambda h: h.start)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside one of ``spans`` (sorted, not overlapping: as ``finditer`` finds them).

    >>> _inside([(0, 5), (8, 12)], 9, 12), _inside([(0, 5), (8, 12)], 4, 9), _inside([], 0, 1)
    (True, False, False)
    """
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and end <= spans[i][1]


# in a document title, a division's name directly followed by 年 and a word: the year between was deleted
# (《西宁市城中区年义务教育…方案》); written to open with the 年 and look behind it, so the regex engine
# runs from one 年 to the next
_STRIPPED_IN_TITLE = re.compile(r"年(?<=[区县市省州旗]年)(?![级龄轻代度终初底末内均份会报鉴检薪])(?=[\u4e00-\u9fff])")


def stripped_years(text: str, quoted: list[tuple[int, int]] | None = None) -> list[str]:
    """The places where a year's digits were deleted from ``text``, leaving its 年 behind (``quoted``: the
    spans of :func:`quoted_spans_of` the text, when the caller has them).

    >>> stripped_years("我就、年履行职责"), stripped_years("制定了《西宁市城中区年义务教育招生方案》")
    (['、年'], ['年'])
    >>> stripped_years("截至年底,全县共有学校32所;《城中区年度工作要点》")
    []
    """
    in_text = [m.group(0) for m in STRIPPED_YEAR.finditer(text)]
    return in_text + [m.group(0) for m in _stripped_in_titles(text, quoted)]


def has_stripped_year(text: str) -> bool:
    """Whether :func:`stripped_years` finds a place in ``text`` (a year stripped there), without listing them.

    >>> has_stripped_year("我就、年履行职责"), has_stripped_year("《西宁市城中区年义务教育招生方案》"), has_stripped_year("截至年底")
    (True, True, False)
    """
    # asked of a figure's sentence (attribution): in a text this short one search costs less than looking
    # where a stripped year can be (has_stripped_year_in), as _is_masked does in a whole text
    return STRIPPED_YEAR.search(text) is not None or ("年" in text and bool(_stripped_in_titles(text)))


def _stripped_in_titles(text: str, quoted: list[tuple[int, int]] | None = None) -> list[re.Match]:
    """The matches of ``_STRIPPED_IN_TITLE`` inside the quoted names of ``text`` (spans ``quoted``, when given),
    as ``finditer`` finds them in each name: found in the whole text (most texts have none, and then no
    quoted name is looked for), and kept where the 年 and the word after it lie inside a name."""
    places = list(_STRIPPED_IN_TITLE.finditer(text))
    if not places:
        return []
    spans = quoted_spans_of(text) if quoted is None else quoted
    return [m for m in places if _inside(spans, m.start(), m.end() + 1)]


def quoted_marks() -> re.Pattern:
    """The pattern of a quoted name: 《…》, a document number's 〔…〕 or […]."""
    return _TITLE_MARKS


def quoted_spans_of(text: str) -> list[tuple[int, int]]:
    """The spans of the quoted names of ``text`` (:func:`quoted_marks`); none without a mark opening one.

    >>> quoted_spans_of("印发《2016年工作要点》,教基〔2016〕3号"), quoted_spans_of("2016年工作要点")
    ([(2, 13), (16, 22)], [])
    """
    spans, end = [], 0
    for i in _quote_openers(text):  # every match starts at one: the pattern tried there only, as finditer would
        if i >= end:
            m = _TITLE_MARKS.match(text, i)
            if m:
                spans.append(m.span())
                end = m.end()
    return spans


#: the characters that open a quoted name of :func:`quoted_marks`, each alternative's first
_QUOTE_OPENERS = "《〔["


def _quote_openers(text: str) -> list[int]:
    """Where the characters opening a quoted name stand in ``text``, in order."""
    return char_positions(text, _QUOTE_OPENERS)


def has_quote_opener(text: str) -> bool:
    """Whether ``text`` holds a character that opens a quoted name (:func:`quoted_marks` finds none without)."""
    return "《" in text or "〔" in text or "[" in text


def _is_masked(text: str, quoted: list[tuple[int, int]] | None = None) -> bool:
    """Whether ``text`` hides a year: masked (``20*年``) or stripped (:func:`stripped_years`)."""
    return has_masked_year_in(text) or has_stripped_year_in(text) or bool(_stripped_in_titles(text, quoted))


def _part(text: str) -> str | None:
    for word, part in _vocabulary().parts:
        if word in text:
            return part
    return None


def _part_in_head(text: str) -> str | None:
    """The part of a year the text's head says it covers: a part word opening the text or following a
    year or this year's name (2007年上半年, 今年上半年, 今年第一季度); a 上半年 further on in an annual report's
    head (2019年,…。上半年,召开…) is an event's time, not the period."""
    head = text[:PART_CHARS]
    opening = head.lstrip()
    for word, part, after_year in _part_patterns():
        if word in head and (opening.startswith(word) or after_year.search(head)):
            return part
    return None


@functools.lru_cache(maxsize=1)
def _part_patterns() -> tuple[tuple[str, str, re.Pattern], ...]:
    """``(word, part, pattern)`` for each part word, longest first: the pattern finds it after a year or
    this year's name (``time_words.yaml`` relative years with offset 0), compiled once."""
    this_year = [w for w, offset in time_words().relative.items() if offset == 0]
    return tuple((word, part, re.compile(rf"{YEAR_BEFORE_WORD}{re.escape(word)}"
                                         rf"|(?:{'|'.join(map(re.escape, this_year))}){re.escape(word)}"))
                 for word, part in _vocabulary().parts)


def published_year(published: str | None, kind: str) -> tuple[int | None, str]:
    """The year a report published on ``published`` (``YYYY-MM-DD…``) most likely covers.

    A report looking back (工作总结, 述职报告, 自查报告) published in January or February covers the
    year before; a plan (工作思路/计划) published in November or December covers the year after;
    otherwise the year of publication.

    >>> published_year("2020-01-23 09:24:58", "工作总结"), published_year("2019-12-20", "工作思路/计划")
    ((2019, 'published 2020-01 (back, Jan-Feb -> previous year)'), (2020, 'published 2019-12 (ahead, Nov-Dec -> next year)'))
    """
    if not published:
        return None, ""
    m = re.search(rf"({DIGITS})[-/年.](\d{{1,2}})", str(published))
    if not m:
        return None, ""
    year, month = int(m.group(1)), int(m.group(2))
    looks = _looks(kind)
    where = f"published {year}-{month:02d}"
    if looks == "back" and month <= 2:
        return year - 1, f"{where} (back, Jan-Feb -> previous year)"
    if looks == "ahead" and month >= 11:
        return year + 1, f"{where} (ahead, Nov-Dec -> next year)"
    return year, where


def _title_year(title: str) -> _Hit | None:
    """The year (or range, or enumeration) nearest before the title's report-type word, else its first."""
    hits = [h for h in _year_hits(title) if not h.quoted and not h.listed]
    if not hits:
        return None
    found = _type_in_title(title)
    before = [h for h in hits if found and h.end <= found[1]]
    return before[-1] if before else hits[0]


_FULL_DATE = re.compile(r"\s*年?\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def _head_year(text: str) -> _Hit | None:
    """The first year in the head of the text that is not a target, quoted, left in a stripped list or
    part of a full date (a dateline, 2020年1月10日, says when the report was given, not what it covers)."""
    head = text[:PERIOD_HEAD_CHARS]
    for h in _year_hits(head):
        if not h.target and not h.quoted and not h.listed and not _FULL_DATE.match(head, h.end):
            return h
    return None


#: a year standing this many characters after the start of its clause opens the clause (2016年,… ; ,制定2017年…)
CLAUSE_OPENING = 3
#: characters after a year in the body searched for words that make it a plan's year
AHEAD_CHARS = 16
_CLAUSE_MARK = re.compile(r"[\n。;；!！?？,，:：]")


@functools.lru_cache(maxsize=1)
def _plan_words() -> tuple[str, ...]:
    """Words of a clause that looks ahead: the plan types' title words and ``time_words.yaml`` ahead_words."""
    return tuple(w for t in _vocabulary().types if t.looks == "ahead" for w in t.title) + time_words().ahead_words


def _stated_year(text: str, h: _Hit) -> bool:
    """Whether ``h`` states a working year: it opens its clause, or is written 2017年度, and what follows it
    in its sentence (``AHEAD_CHARS`` characters at most) does not look ahead (2020年工作打算, 2020年,力争…),
    unless a plan was made then (年初,制定2017年度…计划: ``time_words.yaml`` made_plans)."""
    if h.target or h.quoted or h.listed or len(h.years) != 1:
        return False
    starts = [m.end() for m in _CLAUSE_MARK.finditer(text, max(0, h.start - 40), h.start)]
    clause_start = starts[-1] if starts else (0 if h.start <= 40 else None)
    opening = clause_start is not None and h.start - clause_start <= CLAUSE_OPENING
    if not (opening or h.raw.endswith("年度")):
        return False
    end = _SENTENCE_END.search(text, h.end, h.end + AHEAD_CHARS)
    clause = text[h.end:end.start() if end else h.end + AHEAD_CHARS]
    lead = text[clause_start if clause_start is not None else h.start:h.start]
    return not any(w in clause for w in _plan_words()) or any(w in lead for w in time_words().made_plans)


def _published_on(published: str | None) -> int | None:
    m = re.search(rf"({DIGITS})[-/年.]\d{{1,2}}", str(published or ""))
    return int(m.group(1)) if m else None


def _body_year(text: str, hits: list[_Hit], published_year: int | None) -> _Hit | None:
    """The latest year the body states as a working year (see :func:`_stated_year`; ``hits`` are the
    text's :func:`_year_hits`), never after the year of publication."""
    stated = [h for h in hits if _stated_year(text, h)
              and (published_year is None or h.years[0] <= published_year)]
    return max(stated, key=lambda h: (h.years[0], -h.start)) if stated else None


def report_period(title: str, text: str, published: str | None = None, *, title_is_page: bool = False,
                  kind: str | None = None) -> Period:
    """The year and period a report covers: from the title, then the head of the text, then a
    working year the body states, then the publication date, else unknown.

    - **title**: the year (or range, or enumeration) nearest before the report-type word
      (``2019年工作总结和2020年工作思路`` -> 2019), else the title's first year;
    - **text**: the first year in the first ``PERIOD_HEAD_CHARS`` characters that is not a target
      (``关于2020年全面建成小康社会``) and not inside 《》 or a document number; with ``title_is_page``
      (the title is a web page's or a file's, not the report's own line) such a year wins over the
      title's when they differ;
    - **body**: the latest year the body states as a working year, ``年初,制定2017年度…计划`` or a year
      opening a clause (``2016年,…``), never a target or quoted, not a plan's (``2020年工作打算``) and
      not after the year of publication;
    - **published**: see :func:`published_year`; ignored when more than ``REPOST_GAP`` years after
      the latest year the text itself mentions (a page re-posting an old report).

    A part of the year (上半年 -> H1) comes from the title, else the text's first ``PART_CHARS``
    characters (今年上半年). Masked years (``20*年``) and stripped ones (``我就、年``) set
    ``masked=True`` and are never guessed. ``kind``: the :func:`report_type` of the same title and
    text, when the caller has it (not found again).

    >>> p = report_period("干部履行工作职责个人述职报告", "下面,我就2006、2007、2008年履行基础教育工作责任的情况")
    >>> p.year, p.period, p.year_source
    (2008, '2006-2008', 'text')
    >>> report_period("区教育局局长述职报告", "为深入贯彻中央关于2020年全面建成小康社会的战略部署……").year_source
    'unknown'
    >>> p = report_period("述职报告", "我自年6月开始担任副市长……", "2022-12-02")
    >>> p.year, p.period, p.year_source, p.masked
    (2022, '2022', 'published', True)
    """
    if not isinstance(title, str) or not isinstance(text, str):
        raise TypeError("report_period() takes a title and a text as str")
    kind = report_type(title, text) if kind is None else kind
    masked = _is_masked(title) or _is_masked(text)  # the quoted names looked for only if a 年 can be stripped in one
    part = _part(title) or _part_in_head(text)

    def result(year, period_text, source, evidence):
        period = None
        if year is not None:
            period = period_text if "-" in period_text else f"{year}{part or ''}"
        return Period(year, period, source, masked, part, evidence)

    h = _title_year(title)
    if h is not None:
        head = _head_year(text) if title_is_page else None
        if head is not None and head.years != h.years:
            return result(max(head.years), head.period, "text",
                          f"text head: {head.raw} (the page title says {h.raw})")
        return result(max(h.years), h.period, "title", f"title: {h.raw}")

    head = _head_year(text)
    if head is not None:
        return result(max(head.years), head.period, "text", f"text head: {head.raw}")
    year, why = published_year(published, kind)
    hits = _year_hits(text)
    body = _body_year(text, hits, _published_on(published))
    if body is not None:
        return result(max(body.years), body.period, "text", f"text body: {body.raw}")
    if year is not None:
        mentioned = [max(h.years) for h in hits if not h.target and not h.quoted]
        latest = max(mentioned) if mentioned else None
        if latest is not None and year - latest > REPOST_GAP:
            return result(None, "", "unknown",
                          f"{why} ignored: the text's latest year is {latest} (a re-post)")
        return result(year, str(year), "published", why)
    return result(None, "", "unknown", "no year in the title, the text or a publication date"
                  + ("; years masked" if masked else ""))


# ------------------------------------------------------------------------------------ the row

_EXTENSION = re.compile(r"\.(?:docx?|pdf|txt|wps)$", re.I)


#: a title has at most this many characters: a longer first line is body text (a file without line breaks)
TITLE_MAX = 60
#: the first lines of a text searched for the report's own title line
TITLE_LINES = 4
_SENTENCE_END = re.compile(r"[。!！?？;；]")
_CLAUSE_INSIDE = re.compile(r"[,，;；:：。!！?？]")
_BREAK = re.compile(r"[ \t\u3000\xa0]{1,}")
_CJK_AFTER = re.compile(r"[\u4e00-\u9fff]")
# a section heading's number (一、 (一) 1. 第一部分) is no title's start
_HEADING_MARK = re.compile(r"\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十]+部分)")
_BREADCRUMB = re.compile(r"\s*[>＞›»]\s*")
_TITLE_BREAK = re.compile(r"[,，;；:：。!！?？>＞›»]|[ \t\u3000\xa0]+")
_SITE_NUMBER = re.compile(r"^[\d\s]+(?![\d年])")


def title_source(report: Report, norm: Normalised) -> tuple[str, str]:
    """``(title, where)``: the report's own title line (one of its first ``TITLE_LINES`` lines, short,
    naming a report type, without clause punctuation or a section number) -> ``text``; else the file's
    title (html <title>, docx/pdf properties) -> ``page``, or the upload block's file name -> ``file``; else the first line, or the title at its
    start when the file has no line breaks -> ``text``. Never a run of body text: ``""`` when nothing
    is short enough to be a title."""
    lines = _head_lines(norm.text, TITLE_LINES)
    for line in lines:
        if len(line) <= TITLE_MAX and not _CLAUSE_INSIDE.search(line) and not _HEADING_MARK.match(line) \
                and _type_in_title(line):
            return _EXTENSION.sub("", line), "text"
    for candidate, where in ((report.metadata.get("title"), "page"), (norm.metadata.get("file_title"), "file")):
        if candidate and candidate.strip():
            return _EXTENSION.sub("", candidate.strip()), where
    return (title_at_start(lines[0]) if lines else ""), "text"


def _head_lines(text: str, n: int) -> list[str]:
    """The first ``n`` lines of ``text`` that are not blank, stripped (read up to the last of them only).

    >>> _head_lines("\\n  标题 \\n\\n第一段\\n第二段\\n第三段", 2)
    ['标题', '第一段']
    """
    lines: list[str] = []
    start = 0
    while len(lines) < n and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        if line:
            lines.append(line)
        start = end + 1
    return lines


def title_at_start(line: str) -> str:
    """The title at the start of a line: the whole line when it is short enough; else (a file without
    line breaks) the run of text that ends with the first report-type word and starts at the line's
    start or after site furniture (spaces, a breadcrumb's ``>``, a label's colon; site numbers dropped),
    never after a comma or a sentence's end (现将一年来主要工作总结如下 is body text), or the text up to
    the first run of spaces, or the first sentence, when free of clause punctuation; else ``""``.

    >>> title_at_start("九原区教育局2018年工作总结")
    '九原区教育局2018年工作总结'
    >>> title_at_start("城中区教育局2017年工作总结2017年,在区委、区政府的坚强领导下,平安校园建设" + "和平发展" * 20)
    '城中区教育局2017年工作总结'
    >>> title_at_start("当前位置:首页 > 工作动态临洮县2020年度履行教育职责自查报告发布时间:2021-01-15" + "新建学校" * 20)
    '工作动态临洮县2020年度履行教育职责自查报告'
    >>> title_at_start("为深入贯彻中央关于2020年全面建成小康社会的战略部署,根据省、市、区关于打赢脱贫攻坚战" * 2)
    ''
    """
    line = _EXTENSION.sub("", line.strip())
    if len(line) <= TITLE_MAX and not _CLAUSE_INSIDE.search(line.rstrip("。")):
        return _BREADCRUMB.split(line)[-1]
    window = line[:2 * TITLE_MAX]
    found = _type_in_title(window)
    if found:
        t, pos = found
        end = pos + max(len(w) for w in t.title if window.startswith(w, pos))
        breaks = list(_TITLE_BREAK.finditer(window, 0, pos))
        start = breaks[-1].end() if breaks else 0
        title = _SITE_NUMBER.sub("", line[start:end])
        in_body = bool(breaks) and _CLAUSE_INSIDE.match(breaks[-1].group()) and breaks[-1].group() not in ":："
        if not in_body and 4 <= len(title) <= TITLE_MAX and (
                end - pos >= 4 or not _CJK_AFTER.match(line[end:end + 1])):
            return title
    window = line[:TITLE_MAX + 1]
    gap = _BREAK.search(window)
    if gap and 4 <= gap.start() and not _CLAUSE_INSIDE.search(window[:gap.start()]):
        return line[:gap.start()]
    stop = _SENTENCE_END.search(window)
    if stop and not _CLAUSE_INSIDE.search(window[:stop.start()]):
        return line[:stop.start()]
    return ""


def title_of(report: Report, norm: Normalised) -> str:
    """The report's title (see :func:`title_source`)."""
    return title_source(report, norm)[0]


def file_facts(report: Report, norm: Normalised) -> dict:
    """The fields of the ``documents`` table known after loading and normalising."""
    title, where = title_source(report, norm)
    notes = []
    if norm.mojibake:
        repaired = sum(1 for m in norm.mojibake if m.repair is not None)
        notes.append(f"{len(norm.mojibake)} mojibake span(s), {repaired} repaired")
    if norm.boilerplate:
        notes.append(f"{len(norm.boilerplate)} boilerplate line(s)")
    if norm.pinyin:
        notes.append(f"{len(norm.pinyin)} pinyin annotation(s) removed")
    return {
        "doc_id": report.doc_id,
        "path": report.path,
        "sha256": report.sha256,
        "format": report.format,
        "encoding": report.encoding,
        "script": norm.script,
        "title": title,
        "title_source": where,
        "published": report.metadata.get("published") or norm.metadata.get("published"),
        "n_chars": report.n_chars,
        "notes": "; ".join(notes),
    }


def document_row(report: Report, norm: Normalised, catalogue: "pandas.DataFrame | None" = None, *,
                 cuts: WordCuts | None = None) -> dict:
    """The documents-table row: file facts, place, report type and period inferred from the text,
    then the curated catalogue laid over them (when given). ``county_unnamed`` (not a column of the
    table) says the report is a county's whose county the text never names. ``cuts``: the document's
    :class:`~.places.mentions.WordCuts`, to share with its figures' districts."""
    row = file_facts(report, norm)
    where = row.pop("title_source")
    # a page title set aside for the report's own title line still names the site's office (…_九原区教育局)
    page = report.metadata.get("title")
    site = publisher_lines(norm) + ((page,) if page and page.strip() != row["title"] else ())
    place = document_place(row["title"], norm.text, furniture=site, cuts=cuts)
    kind = report_type(row["title"], norm.text)
    period = report_period(row["title"], norm.text, row["published"], title_is_page=where == "page", kind=kind)
    meta = {**row, "report_type": kind, "province": place.province,
            "city": place.city, "district": place.district, "admin_code": place.admin_code,
            "year": period.year, "period": period.period, "year_source": period.year_source,
            "county_unnamed": place.level == "county" and place.district is None}
    if period.masked:
        meta["notes"] = "; ".join(x for x in (meta["notes"], "years masked in the text") if x)
    if meta["county_unnamed"]:
        meta["notes"] = "; ".join(x for x in (meta["notes"], "a county-level report that never names its county")
                                  if x)
    if catalogue is None:
        return meta
    from .catalogue import apply_catalogue

    return apply_catalogue(meta, catalogue)
