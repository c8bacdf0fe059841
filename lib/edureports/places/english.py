"""English names of divisions: pinyin stem + ethnic groups + English suffix.

>>> english_name("吉安市"), english_name("内蒙古自治区")
("Ji'an City", 'Inner Mongolia Autonomous Region')
"""

from __future__ import annotations

import functools

from .gazetteer import name_table, split_name, gazetteer

__all__ = ["english_name"]


@functools.lru_cache(maxsize=4096)
def _pinyin_word(stem: str) -> str:
    from pypinyin import Style, lazy_pinyin

    table = name_table()
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
