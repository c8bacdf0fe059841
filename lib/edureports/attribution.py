"""Per-figure attribution: the year and the district a figure describes.

The district: :func:`figure_district` (a subordinate area the sentence names before the figure, or
its enumeration key), else the document's own area; :class:`FigureDistricts` gives it for every figure
of a text, scanning each sentence once.

The year, in order of evidence from strongest:

1. the figure's enumeration key when it is a year (``2006、2007、2008年…分别为A、B、C``); a key the
   text lost (``2006、、年``) is derived only when the report's period has exactly as many years, in
   order, consistent with the keys that remain; else the year is unknown;
2. an explicit year in the sentence: the nearest one before the figure, else the only one after it;
3. a sentence whose year the text lost (its digits stripped: ``至年底``, ``《…区年义务教育…方案》``)
   before the figure: unknown, never guessed;
4. a relative year word (``data/time_words.yaml``: 去年, 上年, 前年, 今年, 本年 …) governing the figure,
   relative to the report year: in its clause, not a comparison (比上年/较去年/同比 compare, they do not
   date), and no other number in between (由上年的3.76亿元增加到4.12亿元 dates the first amount only);
5. a figure with role ``previous`` (较去年…) describes the year before the year of its context, unless
   an explicit year stands right before it, or it is the state before an action of the same year
   (原有98人,经过清理整顿保留70人);
6. the year of the section the figure stands in (a heading line such as ``二、2020年工作思路``);
7. the report year, when the report covers one year; unknown (None) when the report year is unknown
   or the report covers several years (a figure with no year of its own in a 2006-2008 report).

>>> text = "一、2019年工作总结\\n今年投入5万元,较去年增加2万元。\\n二、2020年工作思路\\n力争达到80%。"
>>> years = SectionYears(text)
>>> years.at(text.index("80%"))
2020
>>> figure_year(text, 16, 19, 12, 30, report_year=2019, role="level", sections=years)
2019
>>> figure_year("2006、、年分别为1、2、3亿元", 13, 16, 0, 16, report_year=2008, period="2006-2008",
...             role="level", enum_keys=("2006", None, None), enum_index=2)
2008
"""

from __future__ import annotations

import bisect
import functools
import re

from .documents import has_quote_opener, has_stripped_year, quoted_marks, time_words
from .sentences import CLAUSE_PUNCTUATION
from .places import Place, find_places, gazetteer
from .places.mentions import (LEVEL_RANK, PrefixScan, WordCuts, found_of, matches_of, mentions_of, part_list_marks,
                               scan, self_reference, surface_words)
from .years import DATING_RANGE, DATING_YEAR, DIGIT_BEFORE_YEAR, DIGITS, STRIPPED_YEAR_CHARS

__all__ = ["SectionYears", "figure_year", "figure_district", "FigureDistricts", "sentence_district", "home_district"]

_CLAUSE = re.compile(f"[{re.escape(CLAUSE_PUNCTUATION)}]")
_UP_TO_LAST_CLAUSE = re.compile(f"(?s).*[{re.escape(CLAUSE_PUNCTUATION)}]")  # greedy: to the last mark
_LEVEL_ONE = re.compile(r"^\s*[一二三四五六七八九十]+、")
_NUMBER = re.compile(r"[\d一二三四五六七八九十百千万两]")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)")
_YEAR_DIGITS = re.compile(DIGITS)
_PERIOD = re.compile(rf"({DIGITS})-({DIGITS})")
_YEAR_MARK = "年"  # a year that dates a figure is written before it (DATING_YEAR)
_STRIPPED_CHARS = re.compile(f"[{re.escape(STRIPPED_YEAR_CHARS)}]")  # a text without one has no stripped year


class SectionYears:
    """The year named by the nearest heading line above each position of the clean text: a year
    (``二、2020年工作思路``) or a year relative to the report's (``三、明年工作打算``: relative words of
    ``data/time_words.yaml``).

    >>> years = SectionYears("一、今年工作回顾\\n投入5万元。\\n二、明年工作打算\\n新增学位600个。")
    >>> years.at(8, report_year=2019), years.at(25, report_year=2019), years.at(25)
    (2019, 2020, None)
    """

    def __init__(self, text: str):
        self._starts: list[int] = []
        self._years: list[tuple[str, int] | None] = []  # ("year", 2020) or ("offset", 1)
        relative = time_words()
        pos = 0
        for line in text.split("\n"):
            if len(line) <= 40 and _HEADING.match(line):
                years = _heading_years(line)
                # relative words read only in a heading without a year (the year wins)
                words = ([m.group() for m in relative.relative_re.finditer(line)]
                         if not years and _relative_openers().search(line) else [])
                # a heading with one year opens a section of that year; a same-or-higher-level heading
                # without one closes it
                if len(years) == 1 or words or _level(line) == 1:
                    self._starts.append(pos)
                    self._years.append(("year", years.pop()) if len(years) == 1 else
                                       ("offset", relative.relative[words[0]]) if words else None)
            pos += len(line) + 1

    def at(self, position: int, report_year: int | None = None) -> int | None:
        """The section year at ``position``; a relative heading needs the report's year."""
        i = bisect.bisect_right(self._starts, position) - 1
        found = self._years[i] if i >= 0 else None
        if found is None:
            return None
        kind, value = found
        if kind == "year":
            return value
        return report_year + value if report_year is not None else None


def _heading_years(line: str) -> set[int]:
    """The years (``DATING_YEAR``) a heading line names; none when it names a range of years (2016-2020).

    >>> sorted(_heading_years("二、2020年工作思路")), _heading_years("一、2016-2020年规划"), _heading_years("三、全年工作")
    ([2020], set(), set())
    """
    if not DIGIT_BEFORE_YEAR.search(line) or DATING_RANGE.search(line):  # no DATING_YEAR without a digit before 年
        return set()
    return {int(y) for y in DATING_YEAR.findall(line)}


def _level(heading: str) -> int:
    return 1 if _LEVEL_ONE.match(heading) else 2


def _enum_year(keys: tuple, index: int, period: str | None) -> int | None:
    key = keys[index]
    if key is not None:
        return int(key) if _YEAR_DIGITS.fullmatch(str(key)) else None
    span = _period_years(period)
    if span is None or span[1] - span[0] + 1 != len(keys):
        return None
    consistent = all(k is None or str(k) == str(span[0] + i) for i, k in enumerate(keys))
    return span[0] + index if consistent else None


@functools.lru_cache(maxsize=256)
def _period_years(period: str | None) -> tuple[int, int] | None:
    m = _PERIOD.fullmatch(period or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def figure_year(text: str, start: int, end: int, sentence_start: int, sentence_end: int, *,
                report_year: int | None, role: str, period: str | None = None,
                enum_keys: tuple = (), enum_index: int | None = None,
                sections: SectionYears | None = None) -> int | None:
    """The year figure ``text[start:end]`` describes (see the module docstring for the order)."""
    if enum_index is not None and enum_keys:
        years_key = [bool(k and _YEAR_DIGITS.fullmatch(str(k))) for k in enum_keys]
        if any(years_key) and all(y or k is None for y, k in zip(years_key, enum_keys)):
            return _enum_year(tuple(enum_keys), enum_index, period)
    raw = text[sentence_start:start]
    year_after = text.find(_YEAR_MARK, end, sentence_end) >= 0 and DIGIT_BEFORE_YEAR.search(text, end, sentence_end)
    single = report_year if _period_years(period) is None else None
    base = sections.at(start, single) if sections is not None else None
    if base is None:
        base = single
        if base is None and not year_after and not (_YEAR_MARK in raw and DIGIT_BEFORE_YEAR.search(raw)):
            return None  # no explicit year, and no year for a relative word or a previous figure to count from
    before = _unquoted(raw)
    words = time_words()
    clause = before[_clause_start(before):]
    relative = ([m for m in words.relative_re.finditer(clause) if not _NUMBER.search(clause, m.end())]
                if _relative_openers().search(clause) else [])
    explicit = None  # no digit right before a 年 around the figure: no explicit year
    if (_YEAR_MARK in before and DIGIT_BEFORE_YEAR.search(before)) or year_after:
        explicit = _explicit_year(before, _unquoted(text[end:sentence_end]), bases=role == "previous")
    # the nearest dating word before the figure wins: 2016年投入3万元,今年投入5万元 -> this year
    if explicit is not None and not (relative and len(before) - len(clause) + relative[-1].start() > explicit[2]):
        year, adjacent, _ = explicit
        return year - 1 if role == "previous" and not adjacent else year
    if _STRIPPED_CHARS.search(raw) and has_stripped_year(raw):
        return None  # the sentence's own year was lost: never guessed
    if base is None:
        return None
    if relative:
        return base + words.relative[relative[-1].group()]
    if role == "previous" and not any(w in clause for w in words.same_year_before):
        return base - 1
    return base


@functools.cache
def _relative_openers() -> re.Pattern:
    """The first characters of the relative year words (a clause without one holds none of them)."""
    return re.compile("[" + "".join(sorted({re.escape(w[0]) for w in time_words().relative})) + "]")


def _clause_start(text: str) -> int:
    """Where the last clause of ``text`` starts (after its last clause punctuation), as ``_CLAUSE.split``'s last piece.

    >>> _clause_start("全年,投入;共"), _clause_start("投入")
    (6, 0)
    """
    m = _UP_TO_LAST_CLAUSE.match(text)
    return m.end() if m is not None else 0


def _unquoted(text: str) -> str:
    """``text`` with what stands inside 《》 or a document number's 〔〕 blanked (same length): the year of
    a document's name (《2016年教育工作要点》) does not date a figure."""
    if not has_quote_opener(text):
        return text  # nothing quoted
    return quoted_marks().sub(lambda m: "　" * len(m.group()), text)


def _explicit_year(before: str, after: str, *, bases: bool = False) -> tuple[int, bool, int] | None:
    """``(year, adjacent, position)`` from an explicit year: the nearest before the figure (adjacent when
    no other number stands between), else the only one after it in the sentence (position -1). A year
    compared with (比2018年, 较2018年, 与2018年相比: ``comparison`` of ``data/time_words.yaml``) is the base
    of a comparison, not the figure's year, unless ``bases`` (the figure is the earlier value itself)."""
    def dating(text: str) -> list[re.Match]:
        marks = time_words().comparison
        return [m for m in DATING_YEAR.finditer(text) if bases or not text.endswith(marks, 0, m.start())]

    if not DATING_RANGE.search(before):
        found = dating(before)
        if found:
            last = found[-1]
            rest = before[last.end() + 1:]
            return int(last.group(1)), not _NUMBER.search(rest), last.start()
    later = {m.group(1) for m in dating(after)}
    if len(later) == 1 and not DATING_YEAR.search(before) and not DATING_RANGE.search(after):
        return int(later.pop()), False, -1
    return None


def sentence_district(sentence: str, doc_place: Place | None) -> str | None:
    """The subordinate area a sentence names inside the document's area, as its full name; None when
    it names none, names the document's own area, or names a place outside it.

    >>> doc = Place("江西省", "吉安市", None, "360800")
    >>> sentence_district("遂川县通过试行零学费入学制,实现春季招生1*8人。", doc)
    '遂川县'
    >>> sentence_district("吉安教育事业实现了新的发展。", doc) is None
    True
    >>> sentence_district("包头市九原区开展了培训。", doc) is None
    True
    """
    if not isinstance(sentence, str):
        raise TypeError(f"sentence_district() takes a str, not {type(sentence).__name__}")
    if doc_place is None or not doc_place.admin_code:
        return None
    g = gazetteer()
    outer = doc_place.admin_code
    if outer not in g:
        return None
    for raw in scan(sentence, inside=outer):
        codes = {d.code for d, _ in raw.candidates}
        if outer in codes:
            continue  # the document's own area, possibly by a short name shared with a county in it
        inside = sorted((d for d, _ in raw.candidates if g.contains(outer, d.code)),
                        key=lambda d: (LEVEL_RANK[d.level], d.code))
        if inside:
            return inside[0].name
    return None


def home_district(meta: dict) -> str | None:
    """The area a figure describes when its sentence names none: the report's district, else its city,
    else its province; None for a county-level report that never names its county (its city would be
    a wrong place, worse than none).

    >>> home_district({"district": None, "city": "韶关市", "province": "广东省"})
    '韶关市'
    >>> home_district({"district": None, "city": "韶关市", "province": "广东省", "county_unnamed": True}) is None
    True
    """
    if meta.get("county_unnamed"):
        return None
    return meta.get("district") or meta.get("city") or meta.get("province")


def figure_district(before: str, doc_place: Place | None, key: str | None = None) -> str | None:
    """The subordinate area one figure describes, or None for the document's own area.

    ``before`` is the figure's sentence up to the figure; ``key`` its enumeration key. The key wins when
    it names an area inside the document's (by its full or its short name); else the last such area named
    before the figure, unless it is a later item of a list (东坡区、仁寿县新建学校5所; 市和南沙区共同投入: the
    figure is the list's, not one item's), or the report then speaks of its own area again, in words of
    its own level (全市, 我市 in a city report; 遂川县全县 is still 遂川县), before the figure.
    :class:`FigureDistricts` gives the same for every figure of a text, scanning each sentence once.

    >>> gz = Place("广东省", "广州市", None, "440100")
    >>> figure_district("南沙区、天河区、番禺区规范化学校所占比例分别为88.2%、", gz, key="天河区")
    '天河区'
    >>> figure_district("南沙区规范化学校比例达88.2%,全市覆盖率为", gz) is None
    True
    >>> figure_district("市与南沙区共同投入", gz) is None, figure_district("南沙区投入", gz)
    (True, '南沙区')
    """
    if not _known(doc_place):
        return None
    return _key_district(key, doc_place) or _last_named(before, find_places(before, inside=doc_place.admin_code),
                                                        doc_place)


class FigureDistricts:
    """:func:`figure_district` for the figures of one text: a sentence is scanned for places once
    (:class:`~.places.mentions.PrefixScan`), not once for each figure in it, and only when a surface form
    of the gazetteer that can name an area inside the document's ends in it before a figure. Where those
    forms stand is read from the place automaton's pass over the whole text when ``cuts`` (the document's
    :class:`~.places.mentions.WordCuts`) holds it when this is made, as after the document's
    :func:`~.places.document_place`: each sentence's matches are sliced from it; else from a pass over each
    sentence with a figure.

    >>> text = "遂川县投入5万元,万安县投入3万元。全市共投入8万元。"
    >>> d = FigureDistricts(text, Place("江西省", "吉安市", None, "360800"))
    >>> [d.at(0, 18, text.index(x)) for x in ("5万元", "3万元")], d.at(18, 28, text.index("8万元"))
    (['遂川县', '万安县'], None)
    """

    def __init__(self, text: str, doc_place: Place | None, cuts: WordCuts | None = None):
        self.text, self.place = text, doc_place if _known(doc_place) else None
        self.cuts = cuts if cuts is not None else WordCuts()
        self._first_ends: dict[tuple[int, int], int | None] = {}  # sentence -> _first_inside_end
        self._sentences: dict[tuple[int, int], PrefixScan] = {}
        self._spans: tuple[list, list] | None = None  # the text's matches' ends and inner names' (end, start)
        self._held = self.cuts.holds(text)  # the text's matches found by its place: sentences' sliced from them
        self._last: tuple[tuple[int, int] | None, list] = (None, [])  # a sentence's matches (without the text's)

    def at(self, sentence_start: int, sentence_end: int, start: int, key: str | None = None) -> str | None:
        """``figure_district(text[sentence_start:start], doc_place, key)`` for a figure at ``start`` in the
        sentence ``text[sentence_start:sentence_end]``."""
        if self.place is None:
            return None
        if key:
            named = _key_district(key, self.place)
            if named:
                return named
        sentence = (sentence_start, sentence_end if sentence_end >= start else start)
        first_end = self._first_ends.get(sentence, -1)
        if first_end == -1:
            first_end = self._first_ends[sentence] = self._first_inside_end(*sentence)
        if first_end is None or first_end > start:
            return None  # no name of an area inside the document's ends in the sentence before the figure
        prefixes = self._sentences.get(sentence)
        if prefixes is None:
            text = self.text[sentence_start:sentence[1]]
            prefixes = self._sentences[sentence] = PrefixScan(
                text, inside=self.place.admin_code, cuts=self.cuts, found=found_of(text, self._matches_in(*sentence)))
        raws = prefixes.scan(start - sentence_start)
        return _last_named(self.text[sentence_start:start], mentions_of(raws), self.place) if raws else None

    def _text_spans(self) -> tuple[list[int], list[tuple[int, int]]]:
        """Where each of the text's matches (those ``cuts`` holds) ends, ordered by end (as found), and
        ``(end, start)`` of the surface forms in it that can name an area inside the document's
        (:func:`_areas_around`), by end."""
        if self._spans is None:
            outer, matches = self.place.admin_code, self.cuts.matches(self.text)
            inner = sorted([(e, s) for index, s, e in matches if outer in _areas_around(index)])
            self._spans = [e for _, _, e in matches], inner
        return self._spans

    def _matches_in(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """:func:`~.places.mentions.matches_of` ``text[start:end]``: the text's matches inside it, shifted,
        when ``cuts`` holds them (the document's place found them); else a pass over the sentence (the last
        sentence's kept: it is read for its first inner name, then for its scan)."""
        if not self._held:
            if self._last[0] != (start, end):
                self._last = (start, end), matches_of(self.text[start:end])
            return self._last[1]
        ends = self._text_spans()[0]
        lo, hi = bisect.bisect_right(ends, start), bisect.bisect_right(ends, end)
        return [(i, s - start, e - start) for i, s, e in self.cuts.matches(self.text)[lo:hi] if s >= start]

    def _first_inside_end(self, start: int, end: int) -> int | None:
        """Where (in the text) the first surface form inside ``text[start:end]`` that can name an area inside
        the document's, not the document's own, ends; None when none can. A prefix of the sentence ending
        before that names no such area, so :func:`_last_named` finds none in it. Read from the text's
        matches when ``cuts`` holds them, else from a pass over the sentence (a text whose place was not
        found with these ``cuts``: cheaper than a pass over the whole text)."""
        if not self._held:
            outer = self.place.admin_code
            ends = [e for i, _, e in self._matches_in(start, end) if outer in _areas_around(i)]
            return start + min(ends) if ends else None
        inner = self._text_spans()[1]
        for e, s in inner[bisect.bisect_right(inner, (start, -1)):]:
            if e > end:
                return None
            if s >= start:
                return e
        return None


@functools.lru_cache(maxsize=None)
def _areas_around(index: int) -> frozenset[str]:
    """The divisions around those that the place automaton's word ``index`` names, when it is a surface form
    of the gazetteer (the codes of its entries' lineages after their own): a division it names lies inside
    ``outer`` and is not ``outer`` itself when ``outer`` is in them. Empty for a word in another role (a
    word that is also a surface form is reported in that role too). A lookup per word of the automaton."""
    surface = surface_words()[index]
    return frozenset(code for d, _ in gazetteer().surfaces.get(surface, ()) for code in d.lineage[1:]) if surface \
        else frozenset()


def _known(doc_place: Place | None) -> bool:
    """Whether the document's area is a division of the gazetteer."""
    return doc_place is not None and bool(doc_place.admin_code) and doc_place.admin_code in gazetteer()


def _key_district(key: str | None, doc_place: Place) -> str | None:
    """The area inside the document's that an enumeration key names, by its full or its short name."""
    if not key:
        return None
    return sentence_district(str(key), doc_place) or _part_named(str(key), doc_place.admin_code)


def _last_named(before: str, mentions: list, doc_place: Place) -> str | None:
    """The last area inside the document's among the ``mentions`` of ``before`` (the figure's sentence up
    to the figure), unless it is a later item of a list or the report speaks of its own area after it."""
    g = gazetteer()
    inside = [m for m in mentions if m.code and m.code != doc_place.admin_code
              and g.contains(doc_place.admin_code, m.code)]
    if not inside:
        return None
    last = inside[-1]
    if before[:last.start].rstrip().endswith(_list_marks()):
        return None  # a later item of a list: the figure is the list's
    home = g[doc_place.admin_code]
    own = self_reference().get("city" if g.is_municipality(home.code) else home.level, ())
    if any(w in before[last.end:] for w in own):
        return None  # the report speaks of its own area again (南沙区…,全市覆盖率为), not of 遂川县全县
    return last.name


@functools.lru_cache(maxsize=1)
def _list_marks() -> tuple[str, ...]:
    """The marks joining the items of a list of places (、 和 与 及 …: ``part_list_marks`` of
    ``data/place_offices.yaml``, those of one or two characters that are not counts)."""
    return tuple(m for m in part_list_marks() if len(m) == 1)


def _part_named(key: str, outer: str) -> str | None:
    """The division inside ``outer`` that an enumeration key names by its short name (仁寿 -> 仁寿县)."""
    g = gazetteer()
    inside = sorted((d for d, _ in g.surfaces.get(key.strip(), ()) if d.code != outer and g.contains(outer, d.code)),
                    key=lambda d: (LEVEL_RANK[d.level], d.code))
    return inside[0].name if inside else None
