"""Places: which division a report is about, and which subordinate area a sentence names.

The gazetteer (``data/gazetteer.csv``, GB/T 2260 down to county level) gives every division's full
name; a *short name* is derived from it (九原区 -> 九原, 吉安市 -> 吉安, 内蒙古自治区 -> 内蒙古,
恩施土家族苗族自治州 -> 恩施). Matching rules live in ``data/place_exclusions.yaml``:

- a **full name** counts wherever it stands, unless it is followed by a word that makes it something
  else (沙河镇, 广州路, 平安区域), overlaps an excluded phrase (平安校园, 城中村), or is an ordinary word
  or a one-character stem that must follow its parent's name (阳泉市城区; 市和县两级 is not 和县);
- a **short name** counts in a title, or when followed by a context word (九原教育, 吉安全市); a short
  name that is an ordinary word (新建, 合作, 平安) never counts as one. A short name followed by a level
  suffix is either that level's full name (matched as such) or nothing: 新建市九中 is not 新建区;
- a **province short name** (青海, 江西, 内蒙古) counts anywhere: it sets the climate of a text (新青海).

Scanning is leftmost-longest: at each position the longest admitted name wins. A name shared by
several divisions (城中区 in 西宁 and 柳州; short 吉安 for 吉安市 and 吉安县) is resolved by the other,
unambiguous mentions of the same text: the candidate whose city or province is named elsewhere wins;
between a city and a county inside it, the city. Unresolved mentions keep ``code=None``.

>>> [(m.text, m.code) for m in find_places("青海省西宁市城中区教育局")]
[('青海省', '630000'), ('西宁市', '630100'), ('城中区', '630103')]
>>> find_places("创建平安校园,新建项目3个,合作办学,沙河镇地区")
[]
>>> p = document_place("区教育局局长述职报告", "九原教育……全区……包头市九原区教育局……我区")
>>> (p.province, p.city, p.district, p.admin_code)
('内蒙古自治区', '包头市', '九原区', '150207')
>>> english_name("吉安市"), english_name("内蒙古自治区")
("Ji'an City", 'Inner Mongolia Autonomous Region')
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from ._data import data_path, load_yaml
from .errors import DataFileError

__all__ = [
    "Division",
    "Gazetteer",
    "PlaceMention",
    "Place",
    "gazetteer",
    "find_places",
    "document_place",
    "sentence_district",
    "figure_district",
    "publisher_lines",
    "short_name",
    "english_name",
]

LEVELS = ("province", "city", "county")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: gazetteer rows that group divisions but name no place
_GROUPING_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

#: weights of a mention by where it stands (document_place)
W_SITE, W_TITLE, W_HEAD, W_BODY = 4.0, 4.0, 2.0, 1.0
W_PROVINCE_SHORT = 0.5
#: the head of a text: its first characters, weighed more than the rest
HEAD_CHARS = 300


# ------------------------------------------------------------------------------------ records


@dataclass(frozen=True)
class Division:
    """One gazetteer row. ``city_code`` is None for a province, for a municipality's districts and for
    counties directly under a province (省直辖县级行政区划)."""

    code: str
    name: str
    level: str
    province_code: str
    city_code: str | None

    @property
    def lineage(self) -> tuple[str, ...]:
        """Its own code, then its city's (if any), then its province's."""
        codes = [self.code]
        if self.city_code and self.city_code != self.code:
            codes.append(self.city_code)
        if self.province_code != self.code:
            codes.append(self.province_code)
        return tuple(codes)


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
class Place:
    """Where a report is from. ``admin_code`` is the deepest known division's: the district's for a
    district report, the city's for a city report (a municipality's own code, e.g. 110000, for a
    Beijing-wide report). ``level`` says which; ``evidence`` says why, one reason a line."""

    province: str | None
    city: str | None
    district: str | None
    admin_code: str | None
    evidence: tuple[str, ...] = ()
    level: str | None = None


UNKNOWN = Place(None, None, None, None, ("no place named",), None)


# ------------------------------------------------------------------------------------ data


@dataclass(frozen=True)
class _Rules:
    not_followed_by: tuple[str, ...]
    words: tuple[str, ...]
    ordinary_words: frozenset[str]
    parent_required: frozenset[str]
    short_context: tuple[str, ...]
    self_reference: dict[str, tuple[str, ...]]


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_yaml("place_exclusions.yaml")
    errors = []
    keys = {"not_followed_by", "words", "ordinary_words", "parent_required", "short_context", "self_reference"}
    if not isinstance(data, dict):
        raise DataFileError("place_exclusions.yaml", ["not a mapping"])
    for key in sorted(keys - set(data)):
        errors.append(f"missing key {key!r}")
    for key in sorted(set(data) - keys):
        errors.append(f"unknown key {key!r}")
    for key in sorted(keys & set(data)):
        value = data[key]
        items = [w for v in value.values() for w in v] if key == "self_reference" and isinstance(value, dict) else value
        if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() == w and w for w in items):
            errors.append(f"{key}: expected a list of non-empty words")
            continue
        dup = [w for w, n in Counter(items).items() if n > 1]
        if dup:
            errors.append(f"{key}: duplicates {dup}")
    if isinstance(data.get("self_reference"), dict) and set(data["self_reference"]) - set(LEVELS):
        errors.append(f"self_reference: levels must be province/city/county, not {sorted(data['self_reference'])}")
    if errors:
        raise DataFileError("place_exclusions.yaml", errors)
    return _Rules(
        not_followed_by=tuple(sorted(data["not_followed_by"], key=len, reverse=True)),
        words=tuple(data["words"]),
        ordinary_words=frozenset(data["ordinary_words"]),
        parent_required=frozenset(data["parent_required"]),
        short_context=tuple(data["short_context"]),
        self_reference={k: tuple(v) for k, v in data["self_reference"].items()},
    )


@dataclass(frozen=True)
class _English:
    suffixes: tuple[tuple[str, str], ...]  # longest first
    municipality: str
    ethnic: tuple[tuple[str, str], ...]  # longest first
    stems: dict[str, str]
    syllables: dict[str, str]


@functools.lru_cache(maxsize=1)
def _english() -> _English:
    data = load_yaml("place_names_en.yaml")
    errors = []
    for key in ("suffixes", "ethnic_groups", "stems", "syllables"):
        table = data.get(key) if isinstance(data, dict) else None
        if not isinstance(table, dict) or not table:
            errors.append(f"{key}: expected a non-empty mapping")
            continue
        for zh, en in table.items():
            if not isinstance(zh, str) or not _CJK.match(zh) or not isinstance(en, str) or not en.strip():
                errors.append(f"{key}: {zh!r} -> {en!r}")
    if isinstance(data, dict) and not isinstance(data.get("municipality"), str):
        errors.append("municipality: expected a string")
    for zh, reading in (data.get("syllables") or {}).items() if isinstance(data, dict) else ():
        if len(str(zh)) != 1 or not re.fullmatch(r"[a-zü]+", str(reading)):
            errors.append(f"syllables: {zh!r} -> {reading!r} is not one character to one pinyin syllable")
    if errors:
        raise DataFileError("place_names_en.yaml", errors)
    by_length = lambda table: tuple(sorted(table.items(), key=lambda kv: len(kv[0]), reverse=True))  # noqa: E731
    return _English(by_length(data["suffixes"]), data["municipality"], by_length(data["ethnic_groups"]),
                    dict(data["stems"]), dict(data["syllables"]))


def _split_name(name: str) -> tuple[str, tuple[str, ...], str]:
    """``(stem, ethnic groups, suffix)``: the longest suffix that leaves a stem of two characters or
    more, then, for an autonomous area, its ethnic groups from the end.

    >>> _split_name("恩施土家族苗族自治州")
    ('恩施', ('土家', '苗'), '自治州')
    >>> _split_name("清新区"), _split_name("内蒙古自治区")
    (('清新', (), '区'), ('内蒙古', (), '自治区'))
    """
    table = _english()
    stem, suffix = name, ""
    for zh, _ in table.suffixes:
        if name.endswith(zh) and len(name) - len(zh) >= 1:
            if len(name) - len(zh) >= 2 or zh in ("县", "区", "市", "旗"):
                stem, suffix = name[: -len(zh)], zh
                break
    groups: list[str] = []
    if suffix.startswith("自治"):
        changed = True
        while changed:
            changed = False
            for zh, _ in table.ethnic:
                for form in (zh + "族", zh if len(zh) >= 2 else None):
                    if form and stem.endswith(form) and len(stem) - len(form) >= 2:
                        stem = stem[: -len(form)]
                        groups.insert(0, zh)
                        changed = True
                        break
                if changed:
                    break
    return stem, tuple(groups), suffix


def short_name(name: str) -> str | None:
    """A division's short name, or None when it would be a single character or the name itself.

    >>> short_name("九原区"), short_name("吉安市"), short_name("内蒙古自治区"), short_name("和县")
    ('九原', '吉安', '内蒙古', None)
    """
    stem, _, suffix = _split_name(name)
    return stem if suffix and len(stem) >= 2 else None


class Gazetteer:
    """China's divisions by code and by every surface form (full and short names).

    >>> g = gazetteer()
    >>> g["150207"].name, g.parent("150207").name, [d.code for d in g.lookup("城中区")]
    ('九原区', '包头市', ['450202', '630103'])
    >>> g.contains("360800", "360827"), g.contains("360800", "150207")
    (True, False)
    """

    def __init__(self, divisions: Iterable[Division]):
        self.divisions: dict[str, Division] = {d.code: d for d in divisions}
        self._by_name: dict[str, list[Division]] = defaultdict(list)
        self.surfaces: dict[str, list[tuple[Division, str]]] = defaultdict(list)
        for d in self.divisions.values():
            self._by_name[d.name].append(d)
            self.surfaces[d.name].append((d, "full"))
        for d in self.divisions.values():
            short = short_name(d.name)
            if short and short not in self._by_name:
                self.surfaces[short].append((d, "province_short" if d.level == "province" else "short"))
            if short and d.name.endswith("自治州") and short + "州" not in self._by_name:
                self.surfaces[short + "州"].append((d, "alias"))  # 恩施州, 甘南州: the usual short form
        self.max_length = max(len(s) for s in self.surfaces)

    @classmethod
    def load(cls, path=None) -> "Gazetteer":
        """Read the CSV (the packaged one by default); every malformed row is reported together."""
        path = path or data_path("gazetteer.csv")
        rows, errors = [], []
        with open(path, encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=2):
                code, name, level = row.get("code", ""), row.get("name", ""), row.get("level", "")
                if not re.fullmatch(r"\d{6}", code or "") or level not in LEVELS or not name:
                    errors.append(f"line {i}: {row}")
                    continue
                rows.append((code, name, level))
        if errors:
            raise DataFileError(str(path), errors)
        names = {code: name for code, name, _ in rows}
        divisions = []
        for code, name, level in rows:
            if name in _GROUPING_NAMES:
                continue
            province_code = code[:2] + "0000"
            city_code = None
            if level == "county":
                candidate = code[:4] + "00"
                if names.get(candidate) and names[candidate] not in _GROUPING_NAMES:
                    city_code = candidate
            elif level == "city":
                city_code = code
            divisions.append(Division(code, name, level, province_code, city_code))
        return cls(divisions)

    def __getitem__(self, code: str) -> Division:
        return self.divisions[code]

    def __contains__(self, code: str) -> bool:
        return code in self.divisions

    def lookup(self, name: str) -> list[Division]:
        """Divisions with this full name (several for 城中区, 朝阳区, 鼓楼区 …)."""
        return sorted(self._by_name.get(name, []), key=lambda d: d.code)

    def parent(self, code: str) -> Division | None:
        d = self.divisions[code]
        up = d.lineage[1:] if len(d.lineage) > 1 else ()
        return self.divisions.get(up[0]) if up else None

    def contains(self, outer: str, inner: str) -> bool:
        """Whether division ``inner`` lies inside ``outer`` (or is it)."""
        return inner in self.divisions and outer in self.divisions[inner].lineage

    def province_of(self, code: str) -> Division:
        return self.divisions[self.divisions[code].province_code]

    def city_of(self, code: str) -> Division | None:
        c = self.divisions[code].city_code
        return self.divisions[c] if c else None

    def is_municipality(self, code: str) -> bool:
        """北京市, 天津市, 上海市, 重庆市: province-level cities."""
        d = self.divisions[code]
        return d.level == "province" and d.name.endswith("市")

    def parent_names(self, d: Division) -> tuple[str, ...]:
        """Names (full and short) that may stand right before ``d`` as its parent."""
        names = []
        for code in d.lineage[1:]:
            up = self.divisions[code]
            names.append(up.name)
            short = short_name(up.name)
            if short:
                names.append(short)
        return tuple(names)


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once."""
    return Gazetteer.load()


# ------------------------------------------------------------------------------------ scanning


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    raw: str
    candidates: tuple[tuple[Division, str], ...]


def _blocked(text: str, words: Sequence[str]) -> bytearray:
    mask = bytearray(len(text))
    for w in words:
        for m in re.finditer(re.escape(w), text):
            for k in range(m.start(), m.end()):
                mask[k] = 1
    return mask


def _admit(text: str, i: int, j: int, d: Division, kind: str, title: bool, g: Gazetteer, rules: _Rules) -> bool:
    if any(text.startswith(f, j) for f in rules.not_followed_by):
        return False
    surface = text[i:j]
    if kind == "alias":
        return True
    if kind == "full":
        if d.name in rules.parent_required or len(d.name) == 2:
            after_parent = any(text.endswith(p, 0, i) for p in g.parent_names(d))
            at_boundary = len(d.name) == 2 and d.name not in rules.parent_required and (
                i == 0 or not _CJK.match(text[i - 1]))
            return after_parent or at_boundary
        return True
    if surface in rules.ordinary_words:
        return False
    if kind == "province_short" or title:
        return True
    return any(text.startswith(c, j) for c in rules.short_context)


@functools.lru_cache(maxsize=4)
def _heads(g: "Gazetteer") -> frozenset[str]:
    """The first two characters of every surface form: positions starting otherwise hold no place."""
    return frozenset(surface[:2] for surface in g.surfaces)


def _scan(text: str, *, title: bool = False) -> list[_Raw]:
    g, rules = gazetteer(), _rules()
    heads = _heads(g)
    blocked = _blocked(text, rules.words)
    out: list[_Raw] = []
    i, n = 0, len(text)
    while i < n:
        if text[i:i + 2] not in heads or not _CJK.match(text[i]):
            i += 1
            continue
        found = None
        for length in range(min(g.max_length, n - i), 1, -1):
            entries = g.surfaces.get(text[i:i + length])
            if not entries or any(blocked[i:i + length]):
                continue
            ok = tuple((d, kind) for d, kind in entries if _admit(text, i, i + length, d, kind, title, g, rules))
            if ok:
                found = _Raw(i, i + length, text[i:i + length], ok)
                break
        if found:
            out.append(found)
            i = found.end
        else:
            i += 1
    return out


_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}


def _support(weighted: Iterable[tuple[_Raw, float]]) -> dict[str, float]:
    """Weight of the unambiguous mentions, credited to each division and all above it."""
    support: dict[str, float] = defaultdict(float)
    for raw, w in weighted:
        if len(raw.candidates) == 1:
            for code in raw.candidates[0][0].lineage:
                support[code] += w
    return support


def _resolve(raw: _Raw, support: dict[str, float]) -> Division | None:
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


def find_places(text: str, *, title: bool = False) -> list[PlaceMention]:
    """Every place named in ``text``, in order, with half-open spans into ``text``.

    Pass ``title=True`` for a title, where short names count without a context word. Shared names
    are resolved by the text's other mentions (see the module docstring).

    >>> [(m.raw, m.name, m.code) for m in find_places("遂川县、万安县和吉安教育")]
    [('遂川县', '遂川县', '360827'), ('万安县', '万安县', '360828'), ('吉安', '吉安市', '360800')]
    >>> [(m.raw, m.code) for m in find_places("城中区教育局")]
    [('城中区', None)]
    >>> [m.name for m in find_places("九原2018年工作总结", title=True)]
    ['九原区']
    """
    if not isinstance(text, str):
        raise TypeError(f"find_places() takes a str, not {type(text).__name__}")
    raws = _scan(text, title=title)
    support = _support((r, 1.0) for r in raws)
    return [_mention(r, _resolve(r, support)) for r in raws]


# ------------------------------------------------------------------------------------ documents


def publisher_lines(norm) -> tuple[str, ...]:
    """The site-furniture lines of a normalised report that name its publisher (breadcrumbs such as
    ``当前位置:首页 > 武江区教育局``), for :func:`document_place`'s ``furniture``."""
    return tuple(b.text for b in getattr(norm, "boilerplate", ()) if b.kind == "breadcrumb")


def _self_level(title: str, text: str) -> tuple[str | None, Counter]:
    """The level a report names itself at (全区/我区 -> county, 全市/我市 -> city, 全省 -> province)."""
    rules = _rules()
    counts: Counter = Counter()
    for level, words in rules.self_reference.items():
        for w in words:
            counts[level] += 4 * title.count(w) + text.count(w)
    # a title naming its own office (区教育局, 市教育局) is the strongest cue
    m = re.search(r"(自治区|[区县市旗省])(?:教育局|教育体育局|教体局|教育厅|人民政府|政府)", title)
    if m:
        level = {"自治区": "province", "区": "county", "县": "county", "旗": "county", "市": "city",
                 "省": "province"}[m.group(1)]
        counts[level] += 10
    if not counts or max(counts.values()) == 0:
        return None, counts
    (best, n), *rest = counts.most_common()
    if rest and rest[0][1] == n:
        return None, counts
    return best, counts


def document_place(title: str, text: str, *, furniture: Sequence[str] = ()) -> Place:
    """The division a report is from, by the consensus of every place it names.

    Mentions weigh by where they stand: the site's own lines (``furniture``, e.g. the breadcrumb
    from :func:`publisher_lines`) and the title 4, the first ``HEAD_CHARS`` characters of the text 2,
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
    city's code.

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
    weighted: list[tuple[_Raw, float, str]] = []
    for line in furniture:
        weighted += [(r, W_SITE, "site") for r in _scan(line, title=True)]
    weighted += [(r, W_TITLE, "title") for r in _scan(title, title=True)]
    weighted += [(r, W_HEAD if r.start < HEAD_CHARS else W_BODY, "text") for r in _scan(text)]
    weighted = [(r, w * (W_PROVINCE_SHORT if all(k == "province_short" for _, k in r.candidates) else 1.0), where)
                for r, w, where in weighted]
    support = _support((r, w) for r, w, _ in weighted)

    tally: dict[str, float] = defaultdict(float)
    counts: Counter = Counter()
    strong: set[str] = set()
    resolved_notes = []
    for raw, w, where in weighted:
        d = _resolve(raw, support)
        if d is None:
            continue
        if len(raw.candidates) > 1:
            resolved_notes.append(f"{raw.raw} -> {d.code} ({(g.city_of(d.code) or g.province_of(d.code)).name})")
        for code in d.lineage:
            tally[code] += w
        counts[d.code] += 1
        if where in ("site", "title"):
            strong.add(d.code)

    provinces = [(tally[c], c) for c in tally if g[c].level == "province"]
    if not provinces:
        return UNKNOWN
    province = g[max(provinces)[1]]
    evidence = [_evidence_line(weighted, g)]
    evidence += [f"resolved {n}" for n in dict.fromkeys(resolved_notes)]

    if g.is_municipality(province.code):
        city = province
        area = [c for c in tally if g[c].level == "county" and g[c].province_code == province.code]
    else:
        cities = [(tally[c], c) for c in tally if g[c].level == "city" and g[c].province_code == province.code]
        city = g[max(cities)[1]] if cities else None
        area = [c for c in tally if g[c].level == "county" and (
            g[c].city_code == city.code if city else g[c].province_code == province.code)]

    level, cues = _self_level(title, text)
    if cues and sum(cues.values()):
        evidence.append("self-reference: " + ", ".join(f"{k} {v:g}" for k, v in cues.most_common() if v)
                        + (f" -> {level}" if level else " -> undecided"))

    district = None
    if area:
        total = sum(tally[c] for c in area)
        top = max(area, key=lambda c: (tally[c], c))
        share = tally[top] / total
        if top in strong:
            district, why = top, "named in the title or the site"
        elif level == "county":
            district, why = top, "district-level report; most-named district"
        elif level == "city":
            if g[top].name.endswith("市") and share >= 0.6:
                district, why = top, "county-level city carrying most mentions"
            else:
                why = f"city-level report naming {len(area)} district(s)"
        elif level is None and share >= 0.6 and counts[top] >= 2:
            district, why = top, f"most-named district ({share:.0%} of district mentions)"
        else:
            why = f"{len(area)} district(s) named, none dominant"
        evidence.append(why)
    elif level == "county":
        evidence.append("district-level report (self-reference) but no district named")

    if level == "province" and district is None and not (city and city.code in strong):
        city = None if not g.is_municipality(province.code) else city
        evidence.append("province-level report")

    if district:
        d = g[district]
        return Place(province.name, city.name if city else None, d.name, d.code, tuple(evidence), "county")
    if city:
        return Place(province.name, city.name, None, city.code, tuple(evidence), "city")
    return Place(province.name, None, None, province.code, tuple(evidence), "province")


def _evidence_line(weighted, g: Gazetteer) -> str:
    seen: Counter = Counter()
    for raw, _, where in weighted:
        seen[f"{where}:{raw.raw}"] += 1
    parts = [f"{k}×{n}" if n > 1 else k for k, n in seen.most_common(12)]
    return "mentions: " + (", ".join(parts) if parts else "none")


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
    for raw in _scan(sentence):
        codes = {d.code for d, _ in raw.candidates}
        if outer in codes:
            continue  # the document's own area, possibly by a short name shared with a county in it
        inside = sorted((d for d, _ in raw.candidates if g.contains(outer, d.code)),
                        key=lambda d: (_LEVEL_RANK[d.level], d.code))
        if inside:
            return inside[0].name
    return None


def figure_district(before: str, doc_place: Place | None, key: str | None = None) -> str | None:
    """The subordinate area one figure describes, or None for the document's own area.

    ``before`` is the figure's sentence up to the figure; ``key`` its enumeration key. The key wins when
    it names an area inside the document's; else the last such area named before the figure, unless the
    report then speaks of its own area again (全市, 我区 …) before the figure.

    >>> gz = Place("广东省", "广州市", None, "440100")
    >>> figure_district("南沙区、天河区、番禺区规范化学校所占比例分别为88.2%、", gz, key="天河区")
    '天河区'
    >>> figure_district("南沙区规范化学校比例达88.2%,全市覆盖率为", gz) is None
    True
    >>> figure_district("市与南沙区共同投入", gz)
    '南沙区'
    """
    if doc_place is None or not doc_place.admin_code:
        return None
    if key:
        named = sentence_district(str(key), doc_place)
        if named:
            return named
    g = gazetteer()
    inside = [m for m in find_places(before) if m.code and m.code != doc_place.admin_code
              and doc_place.admin_code in g and g.contains(doc_place.admin_code, m.code)]
    if not inside:
        return None
    last = inside[-1]
    own = [w for words in _rules().self_reference.values() for w in words]
    if any(w in before[last.end:] for w in own):
        return None
    return last.name


# ------------------------------------------------------------------------------------ English


@functools.lru_cache(maxsize=4096)
def _pinyin_word(stem: str) -> str:
    from pypinyin import Style, lazy_pinyin

    table = _english()
    if stem in table.stems:
        return table.stems[stem]
    syllables = lazy_pinyin(stem, style=Style.NORMAL, v_to_u=True, errors="default")
    if len(syllables) == len(stem):
        syllables = [table.syllables.get(ch, s) for ch, s in zip(stem, syllables)]
    word = ""
    for k, s in enumerate(syllables):
        if k and s[:1] in ("a", "o", "e"):
            word += "'"
        word += s
    return word[:1].upper() + word[1:]


def english_name(name: str) -> str:
    """The English name of a division: pinyin stem + ethnic groups + English suffix.

    >>> english_name("九原区"), english_name("遂川县"), english_name("广东省")
    ('Jiuyuan District', 'Suichuan County', 'Guangdong Province')
    >>> english_name("广西壮族自治区"), english_name("重庆市"), english_name("长沙市")
    ('Guangxi Zhuang Autonomous Region', 'Chongqing Municipality', 'Changsha City')
    """
    if not isinstance(name, str):
        raise TypeError(f"english_name() takes a str, not {type(name).__name__}")
    name = name.strip()
    if not name:
        raise ValueError("english_name() needs a name")
    table = _english()
    if name in table.stems:
        return table.stems[name]
    stem, groups, suffix = _split_name(name)
    parts = [_pinyin_word(stem)]
    if groups:
        english = dict(table.ethnic)
        names = [english[gr] for gr in groups]
        parts.append(names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])
    if suffix:
        g = gazetteer()
        municipality = suffix == "市" and any(g.is_municipality(d.code) for d in g.lookup(name))
        parts.append(table.municipality if municipality else dict(table.suffixes)[suffix])
    return " ".join(parts)
