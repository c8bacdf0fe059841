"""English names of divisions: pinyin stem + ethnic groups + English suffix.

>>> english_name("吉安市"), english_name("内蒙古自治区")
("Ji'an City", 'Inner Mongolia Autonomous Region')
"""

from __future__ import annotations

import csv
import functools

from .._data import data_path
from .gazetteer import name_table, split_name, gazetteer

__all__ = ["english_name", "pinyin", "pinyin_table", "PINYIN_TABLE"]

#: the pinyin of every gazetteer name's stem, as :func:`pinyin` gives it, so that english_name needs no
#: pypinyin (whose import costs about 0.4 s in every process) for a gazetteer name
PINYIN_TABLE = "gazetteer_pinyin.csv"


def pinyin(stem: str) -> list[str]:
    """The syllables of ``stem`` from pypinyin (tone marks dropped, ü kept).

    >>> pinyin("九原"), pinyin("绿春")
    (['jiu', 'yuan'], ['lü', 'chun'])
    """
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(stem, style=Style.NORMAL, v_to_u=True, errors="default")


@functools.lru_cache(maxsize=1)
def pinyin_table() -> dict[str, list[str]]:
    """``data/gazetteer_pinyin.csv``: the :func:`pinyin` of each stem the gazetteer's names need, read once."""
    with open(data_path(PINYIN_TABLE), encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {row["stem"]: row["pinyin"].split(" ") for row in rows}


def pinyin_stems() -> list[str]:
    """The stems of the gazetteer's names that :func:`english_name` reads the pinyin of (those without an
    English name of their own in ``data/place_names_en.yaml``), sorted."""
    table = name_table()
    stems = {split_name(d.name)[0] for d in gazetteer().divisions.values() if d.name not in table.stems}
    return sorted(s for s in stems if s not in table.stems)


def write_pinyin_table(path=None) -> int:
    """Write ``data/gazetteer_pinyin.csv`` from pypinyin (again after a change of the gazetteer, of the
    English names' tables or of pypinyin's version); returns the number of stems."""
    stems = pinyin_stems()
    with open(path or data_path(PINYIN_TABLE), "w", encoding="utf-8", newline="") as fh:
        fh.write(_PINYIN_HEADER)
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["stem", "pinyin"])
        writer.writerows([stem, " ".join(pinyin(stem))] for stem in stems)
    return len(stems)


_PINYIN_HEADER = """\
# The pinyin of the stem of every gazetteer name (九原区 -> 九原 -> jiu yuan), as pypinyin gives it
# (lazy_pinyin, Style.NORMAL, v_to_u=True: tone marks dropped, ü kept), so that english_name imports
# pypinyin only for a name outside the gazetteer. Columns: stem (a name without its suffix and ethnic
# groups: places.gazetteer.split_name), pinyin (its syllables, separated by one space). Written by
# edureports.places.english.write_pinyin_table(); tests/test_places.py checks it against pypinyin.
"""


@functools.lru_cache(maxsize=4096)
def _pinyin_word(stem: str) -> str:
    table = name_table()
    if stem in table.stems:
        return table.stems[stem]
    syllables = pinyin_table().get(stem) or pinyin(stem)
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
    table = name_table()
    if name in table.stems:
        return table.stems[name]
    stem, groups, suffix = split_name(name)
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
