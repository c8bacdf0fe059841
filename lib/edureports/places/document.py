"""The place a report is from: the consensus of every place it names, weighed by where it stands.

>>> p = document_place("区教育局局长述职报告", "九原教育……全区……包头市九原区教育局……我区")
>>> (p.province, p.city, p.district, p.admin_code)
('内蒙古自治区', '包头市', '九原区', '150207')
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from .gazetteer import LEVELS, Gazetteer, gazetteer
from .mentions import (Found, WordCuts, find_all, office_names, resolve, scan, self_prefixes, self_reference,
                       unambiguous_support)

__all__ = ["Place", "UNKNOWN", "document_place", "publisher_lines", "PLACE_HEAD_CHARS"]

#: weights of a mention by where it stands (document_place)
W_SITE, W_TITLE, W_HEAD, W_BODY = 4.0, 4.0, 2.0, 1.0
W_PROVINCE_SHORT = 0.5
#: the share of the most frequent level's cues of speaking as an area that a more local level must exceed
LOCAL_LEVEL_SHARE = 1 / 3
#: the head of a text for place weighting: its first characters, weighed more than the rest
PLACE_HEAD_CHARS = 300


@dataclass(frozen=True)
class Place:
    """Where a report is from. ``admin_code`` is the deepest known division's: the district's for a
    district report, the city's for a city report (a municipality's own code, e.g. 110000, for a
    Beijing-wide report). ``level`` is the report's level: ``county`` with ``district`` None for a
    county-level report (全县, 我县) that never names its county. ``evidence`` says why, one reason a line."""

    province: str | None
    city: str | None
    district: str | None
    admin_code: str | None
    evidence: tuple[str, ...] = ()
    level: str | None = None


UNKNOWN = Place(None, None, None, None, ("no place named",), None)


def publisher_lines(norm) -> tuple[str, ...]:
    """The site-furniture lines of a normalised report that name its publisher (breadcrumbs such as
    ``当前位置:首页 > 武江区教育局``), for :func:`document_place`'s ``furniture``."""
    return tuple(b.text for b in getattr(norm, "boilerplate", ()) if b.kind == "breadcrumb")


def _self_level(title: str, text: str, found: tuple[Found, Found] | None = None) -> tuple[str | None, Counter]:
    """The level a report names itself at (全区/我区 -> county, 全市/我市 -> city, 全省 -> province).

    A report speaks of its superiors (市委, 市教育局) often, but speaks *as* one area only: with the
    words that do so (全县, 我县, 本县: the ``self_prefixes`` of ``data/place_offices.yaml``) or with its
    own office in its title (县教育局). The most local level with more than ``LOCAL_LEVEL_SHARE`` of the
    most frequent such cues is the report's; with none, the level with the most self-reference words.

    >>> _self_level("工作总结", "全县……我县……县委……市委、市政府……市委……市政府……市教育局")[0]
    'county'
    >>> _self_level("工作总结", "全市……我市……市委……全市……各区……全区")[0]
    'city'
    >>> _self_level("工作总结", "全市……" * 6 + "县委、县政府……" * 3)[0]  # a city report naming county organs
    'city'

    ``found`` is :func:`~.mentions.find_all` of the title and of the text, when the caller has them.
    """
    levels, speaking_levels, word_levels = _self_words()
    counts: Counter = Counter(dict.fromkeys(levels, 0))
    # cues of speaking as the area: 全县, 我县, the title's own office
    speaking: Counter = Counter(dict.fromkeys(speaking_levels, 0))
    found_title, found_text = found or (find_all(title), find_all(text))
    in_title, in_text = _word_counts(found_title), _word_counts(found_text)
    for w in {**in_title, **in_text}:  # the words that occur: each level's count starts at 0 above
        n = 4 * in_title.get(w, 0) + in_text.get(w, 0)
        for level, speaks in word_levels[w]:
            counts[level] += n
            if speaks:
                speaking[level] += n
    # a title naming its own office (区教育局, 市教育局: data/place_offices.yaml) is the strongest cue
    for level in office_names(title)[:1]:
        counts[level] += 10
        speaking[level] += 10
    if speaking and max(speaking.values()) > 0:
        top = max(speaking.values())
        for level in reversed(LEVELS):
            if speaking[level] and speaking[level] > top * LOCAL_LEVEL_SHARE:
                return level, counts
    if not counts or max(counts.values()) == 0:
        return None, counts
    (best, n), *rest = counts.most_common()
    return (None if rest and rest[0][1] == n else best), counts


@functools.lru_cache(maxsize=1)
def _self_words() -> tuple[tuple[str, ...], tuple[str, ...], dict[str, tuple[tuple[str, bool], ...]]]:
    """The levels with self-reference words, those with words of speaking as the area (``self_prefixes``),
    in the order of ``data/place_exclusions.yaml``, and each word's ``(level, speaks as the area)``."""
    prefixes = self_prefixes()
    words = self_reference()
    by_word: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for level, ws in words.items():
        for w in ws:
            by_word[w].append((level, w.startswith(prefixes)))
    speaking = tuple(level for level, ws in words.items() if any(w.startswith(prefixes) for w in ws))
    return tuple(level for level, ws in words.items() if ws), speaking, {w: tuple(v) for w, v in by_word.items()}


def _word_counts(found: Found | str) -> Counter:
    """How often each self-reference word occurs in a text (or its :func:`~.mentions.find_all`), as
    ``str.count`` counts (the leftmost occurrences that do not overlap each other). Two occurrences of a
    word overlap only where it begins with an end of itself (a border: 县县): the others' occurrences
    are counted all at once.

    >>> c = _word_counts("全县全县县委……我县")
    >>> c["全县"], c["县委"], c["我县"], c["全区"]
    (2, 1, 1, 0)
    """
    if isinstance(found, str):
        found = find_all(found)
    counts = Counter([word for word, _, _ in found.self_words])
    for word in _bordered_words().intersection(counts):
        counts[word] = _apart(word, found.self_words)
    return counts


def _apart(word: str, occurrences: list[tuple[str, int, int]]) -> int:
    """How many of the ``occurrences`` of ``word`` (in order of start) do not overlap the one counted before."""
    n, last_end = 0, 0
    for w, start, end in occurrences:
        if w == word and start >= last_end:
            n, last_end = n + 1, end
    return n


@functools.lru_cache(maxsize=1)
def _bordered_words() -> frozenset[str]:
    """The self-reference words whose occurrences may overlap (:func:`_has_border`)."""
    return frozenset(w for ws in self_reference().values() for w in ws if _has_border(w))


def _has_border(word: str) -> bool:
    """Whether ``word`` begins with a proper end of itself (two occurrences of it may overlap).

    >>> _has_border("县县"), _has_border("区人民政府区"), _has_border("全县"), _has_border("县")
    (True, True, False, False)
    """
    return any(word[:k] == word[-k:] for k in range(1, len(word)))


def document_place(title: str, text: str, *, furniture: Sequence[str] = (), cuts: WordCuts | None = None) -> Place:
    """The division a report is from, by the consensus of every place it names.

    Mentions weigh by where they stand: the site's own lines (``furniture``, e.g. the breadcrumb
    from :func:`publisher_lines`) and the title 4, the first ``PLACE_HEAD_CHARS`` characters of the text 2,
    the rest 1; a province short name half. The province, then the city inside it, with the most
    weight wins. Whether the report is the city's or one district's is decided by:

    1. a district named in the title or the site lines: that district;
    2. else the report's own level words (全区, 我区, 区委 … against 全市, 我市, 市委 …): a district-
       level report is the most-named district of the city (district None if it names none); a
       city-level one is the city, unless a county-level city (井冈山市) carries at least 60% of the
       district mentions;
    3. with no level words, the most-named district if it has 60% of the district mentions and at
       least two of them, else the city.

    A city report naming many of its districts is therefore a city report: district None and the
    city's code. ``cuts``: the document's :class:`~.mentions.WordCuts`, shared with its figures' districts.

    >>> p = document_place("市教育局上半年工作总结", "全市……遂川县……万安县……泰和县……吉州区……我市")
    >>> (p.city, p.district, p.admin_code, p.level)
    ('吉安市', None, '360800', 'city')
    >>> document_place("关于做好学校安全工作的报告", "全体教师……").admin_code is None
    True
    """
    if not isinstance(title, str) or not isinstance(text, str):
        raise TypeError("document_place() takes a title and a text as str")
    if isinstance(furniture, str):
        furniture = (furniture,)
    g = gazetteer()
    cuts = cuts if cuts is not None else WordCuts()
    found = (find_all(title), cuts.found(text))  # the text's matches kept for its figures' districts
    weighted = _weighted_mentions(title, text, furniture, found, cuts)
    tally, counts, strong, resolved_notes = _tally(weighted, g)
    provinces = [(tally[c], c) for c in tally if g[c].level == "province"]
    if not provinces:
        return UNKNOWN
    province = g[max(provinces)[1]]
    evidence = [_evidence_line(weighted, g)] + [f"resolved {n}" for n in dict.fromkeys(resolved_notes)]
    city, area = _city_and_area(province, tally, g)

    level, cues = _self_level(title, text, found)
    if cues and sum(cues.values()):
        evidence.append("self-reference: " + ", ".join(f"{k} {v:g}" for k, v in cues.most_common() if v)
                        + (f" -> {level}" if level else " -> undecided"))
    if level == "county":
        province, city, area, why = _county_and_city(province, city, area, tally, strong, g)
        if why:
            evidence.append(why)
    district, why = _choose_district(area, tally, counts, strong, level, g)
    if why:
        evidence.append(why)

    if level == "province" and district is None and not (city and city.code in strong):
        city = None if not g.is_municipality(province.code) else city
        evidence.append("province-level report")

    if district:
        d = g[district]
        return Place(province.name, city.name if city else None, d.name, d.code, tuple(evidence), "county")
    # a county-level report that never names its county: its city (or province) is known, the level too
    unnamed = "county" if level == "county" else None
    if city:
        return Place(province.name, city.name, None, city.code, tuple(evidence), unnamed or "city")
    return Place(province.name, None, None, province.code, tuple(evidence), unnamed or "province")


def _weighted_mentions(title: str, text: str, furniture: Sequence[str], found: tuple[Found, Found],
                       cuts: WordCuts) -> list[tuple]:
    """Every place mention with its weight (by where it stands) and where it stands; ``found`` is
    :func:`~.mentions.find_all` of the title and of the text, ``cuts`` the document's segmentations."""
    weighted = []
    for line in furniture:
        weighted += [(r, W_SITE, "site") for r in scan(line, title=True, cuts=cuts)]
    weighted += [(r, W_TITLE, "title") for r in scan(title, title=True, found=found[0], cuts=cuts)]
    weighted += [(r, W_HEAD if r.start < PLACE_HEAD_CHARS else W_BODY, "text") for r in scan(text, found=found[1], cuts=cuts)]
    return [(r, w * (W_PROVINCE_SHORT if all(k == "province_short" for _, k in r.candidates) else 1.0), where)
            for r, w, where in weighted]


def _tally(weighted: list[tuple], g: Gazetteer) -> tuple[dict, Counter, set, list]:
    """Weight per division (credited up its lineage), mentions per division, the divisions named in
    the title or the site lines, and notes on shared names resolved. A shared name is resolved once for
    its mentions with the same surface and candidates (:func:`~.mentions.resolve` reads the candidates
    and the support only)."""
    support = unambiguous_support((r, w) for r, w, _ in weighted)
    tally: dict[str, float] = defaultdict(float)
    named: list[str] = []
    strong: set[str] = set()
    notes = []
    shared: dict[tuple, tuple] = {}  # a shared name and its candidates -> its division and note
    for raw, w, where in weighted:
        if len(raw.candidates) == 1:
            d = raw.candidates[0][0]  # resolve's answer for a name of one division
        else:
            key = (raw.raw, raw.candidates)
            if key not in shared:
                shared[key] = _resolved(raw, support, g)
            d, note = shared[key]
            if d is None:
                continue
            notes.append(note)
        for code in d.lineage:
            tally[code] += w
        named.append(d.code)
        if where in ("site", "title"):
            strong.add(d.code)
    return tally, Counter(named), strong, notes


def _resolved(raw, support: dict, g: Gazetteer) -> tuple:
    """The division a shared name resolves to (or None) and the note saying so."""
    d = resolve(raw, support)
    return d, d and f"{raw.raw} -> {d.code} ({(g.city_of(d.code) or g.province_of(d.code)).name})"


def _city_and_area(province, tally: dict, g: Gazetteer) -> tuple:
    """The most-weighted city inside the province (the municipality itself for 北京 …), and the
    county-level divisions named inside it."""
    if g.is_municipality(province.code):
        return province, [c for c in tally if g[c].level == "county" and g[c].province_code == province.code]
    cities = [(tally[c], c) for c in tally if g[c].level == "city" and g[c].province_code == province.code]
    city = g[max(cities)[1]] if cities else None
    area = [c for c in tally if g[c].level == "county" and (
        g[c].city_code == city.code if city else g[c].province_code == province.code)]
    return city, area


def _county_and_city(province, city, area: list, tally: dict, strong: set, g: Gazetteer) -> tuple:
    """For a county-level report: the county the text weighs most (one named in the title or site lines
    first), with its city and province from the gazetteer, when it lies outside the city the mentions
    alone would give (a county report naming other cities more than its own: 赴兰州市学习)."""
    counties = [c for c in tally if g[c].level == "county"]
    if not counties:
        return province, city, area, None
    top = max(counties, key=lambda c: (c in strong, tally[c], c))
    if top in area:
        return province, city, area, None
    province = g.province_of(top)
    own = g.city_of(top) or province
    inside = [c for c in counties if (g[c].city_code or g[c].province_code) == own.code]
    return province, own, inside, f"county-level report: {g[top].name}, in {own.name} by the gazetteer"


def _choose_district(area: list, tally: dict, counts: Counter, strong: set, level: str | None,
                     g: Gazetteer) -> tuple[str | None, str | None]:
    """The district the report is from (or None for a city report), and why."""
    if not area:
        return None, ("district-level report (self-reference) but no district named" if level == "county" else None)
    total = sum(tally[c] for c in area)
    top = max(area, key=lambda c: (tally[c], c))
    share = tally[top] / total
    if top in strong:
        return top, "named in the title or the site"
    if level == "county":
        return top, "district-level report; most-named district"
    if level == "city":
        if g[top].name.endswith("市") and share >= 0.6:
            return top, "county-level city carrying most mentions"
        return None, f"city-level report naming {len(area)} district(s)"
    if level is None and share >= 0.6 and counts[top] >= 2:
        return top, f"most-named district ({share:.0%} of district mentions)"
    return None, f"{len(area)} district(s) named, none dominant"


def _evidence_line(weighted, g: Gazetteer) -> str:
    seen = Counter([f"{where}:{raw.raw}" for raw, _, where in weighted])
    parts = [f"{k}×{n}" if n > 1 else k for k, n in seen.most_common(12)]
    return "mentions: " + (", ".join(parts) if parts else "none")
