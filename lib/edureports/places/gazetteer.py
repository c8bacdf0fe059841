"""The gazetteer: China's divisions (GB/T 2260, down to county level) by code and by every surface form.

Every division's full name comes from ``data/gazetteer.csv``; a *short name* is derived from it
(九原区 -> 九原, 吉安市 -> 吉安, 内蒙古自治区 -> 内蒙古, 恩施土家族苗族自治州 -> 恩施), using the suffix
and ethnic-group tables of ``data/place_names_en.yaml``.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from .._data import data_path, load_yaml
from ..errors import DataFileError

__all__ = ["LEVELS", "Division", "Gazetteer", "gazetteer", "short_name", "split_name", "name_table", "CJK"]

LEVELS = ("province", "city", "county")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: gazetteer rows that group divisions but name no place
_GROUPING_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class Division:
    """One gazetteer row. ``city_code`` is None for a province, for a municipality's districts and for
    counties directly under a province (省直辖县级行政区划)."""

    code: str
    name: str
    level: str
    province_code: str
    city_code: str | None

    @functools.cached_property
    def lineage(self) -> tuple[str, ...]:
        """Its own code, then its city's (if any), then its province's (worked out once per division)."""
        codes = [self.code]
        if self.city_code and self.city_code != self.code:
            codes.append(self.city_code)
        if self.province_code != self.code:
            codes.append(self.province_code)
        return tuple(codes)



@dataclass(frozen=True)
class _English:
    suffixes: tuple[tuple[str, str], ...]  # longest first
    municipality: str
    ethnic: tuple[tuple[str, str], ...]  # longest first
    stems: dict[str, str]
    syllables: dict[str, str]


@functools.lru_cache(maxsize=1)
def name_table() -> _English:
    data = load_yaml("place_names_en.yaml")  # checked against its declared schema when loaded
    by_length = lambda table: tuple(sorted(table.items(), key=lambda kv: len(kv[0]), reverse=True))  # noqa: E731
    return _English(by_length(data["suffixes"]), data["municipality"], by_length(data["ethnic_groups"]),
                    dict(data["stems"]), dict(data["syllables"]))


def split_name(name: str) -> tuple[str, tuple[str, ...], str]:
    """``(stem, ethnic groups, suffix)``: the longest suffix that leaves a stem of two characters or
    more, then, for an autonomous area, its ethnic groups from the end.

    >>> split_name("恩施土家族苗族自治州")
    ('恩施', ('土家', '苗'), '自治州')
    >>> split_name("清新区"), split_name("内蒙古自治区")
    (('清新', (), '区'), ('内蒙古', (), '自治区'))
    """
    table = name_table()
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
    stem, _, suffix = split_name(name)
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
        self._parent_names: dict[str, tuple[str, ...]] = {}

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
        """Names (full and short) that may stand right before ``d`` as its parent (worked out once per
        division)."""
        found = self._parent_names.get(d.code)
        if found is None:
            found = self._parent_names[d.code] = self._names_above(d)
        return found

    def _names_above(self, d: Division) -> tuple[str, ...]:
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
