"""How the reports write years: one definition of the year patterns, used by the document's period
(:mod:`.documents`), each figure's year (:mod:`.attribution`) and enumeration keys (:mod:`.context`).

Building blocks (pattern strings, to compose):

- :data:`DIGITS` — a year in digits of the 1900s or 2000s (``2019``);
- :data:`PERIOD_DIGITS` — the same from 1950 on: the years a report's period can be;
- :data:`CHINESE` — a year in Chinese digits (``二〇一九``);
- :data:`MASKED_ITEM` — a year whose last digits are masked (``20**``, ``20xx``) in a list of years.

Compiled patterns, named for what they match:

====================  ======================================================================
pattern               matches
====================  ======================================================================
``YEAR_RANGE``        a period's range, ``2006-2008年``, ``2006年至2008年度``
``YEAR_ENUMERATION``  a period's enumeration, ``2006、2007、2008年``
``SINGLE_YEAR``       a period's year before a year word, ``2019年``, ``2019年度``, ``2019工作``
``LISTED_YEAR``       a year left in a list whose other years were stripped, ``2006、、年``
``ANY_YEAR``          any year of a period's patterns, to read the years out of a match
``YEAR_START``        where such a year starts (its first character)
``MASKED_YEAR``       a year hidden by ``*`` or ``x`` (``20*年``, ``国发〔20*〕``)
``STRIPPED_YEAR``     a 年 whose year's digits were deleted (``我就、年``, ``自年6月``)
``DATING_YEAR``       a figure's year: digits before 年 that do not start a date (``2019年``)
``DATING_RANGE``      a range of years in digits that dates no figure (``2016-2020``)
``YEAR_LISTS``        a list of years keying an enumeration (``2006、2007、2008年``, ``20**、、年``)
====================  ======================================================================

Whether a whole text hides a year, looked for only where one can be (the same answers as searching the
patterns, in a fraction of the time on a long text): :func:`has_stripped_year_in` (``STRIPPED_YEAR``, from
each 年 and each bracket before a dash) and :func:`has_masked_year_in` (``MASKED_YEAR``, before each mask).

The period patterns and the figure patterns deliberately differ: a period reads Chinese digits and
years from 1950 only, and a year run into other digits or a ``*`` is no year; a figure's year must
stand before 年 and not open a full date (``2019年3月`` is a date's), and ``x`` also masks.

>>> [m.group() for m in SINGLE_YEAR.finditer("2019年工作总结和二〇二〇年工作思路")]
['2019年', '二〇二〇年']
>>> YEAR_RANGE.search("2006-2008年").group("a", "b"), year_value("二〇一九")
(('2006', '2008'), 2019)
>>> [m.group(1) for m in DATING_YEAR.finditer("2019年3月,全年2020年投入")]
['2020']
>>> [m.group() for m in MASKED_YEAR.finditer("20*年,国发〔20xx〕43号,2019年")]
['20*', '20xx']
"""

from __future__ import annotations

import re

from .textmap import char_positions

__all__ = [
    "DIGITS", "PERIOD_DIGITS", "CHINESE", "CHINESE_DIGITS", "MASKED_ITEM",
    "YEAR_RANGE", "YEAR_ENUMERATION", "SINGLE_YEAR", "LISTED_YEAR", "ANY_YEAR", "MASKED_YEAR",
    "STRIPPED_YEAR", "STRIPPED_YEAR_CHARS", "YEAR_BEFORE_WORD", "DATING_YEAR", "DIGIT_BEFORE_YEAR", "DATING_RANGE", "YEAR_LISTS", "YEAR_START", "year_value",
    "matches_at", "has_stripped_year_in", "has_masked_year_in", "MASKS", "LIST_MARK", "YEAR_LIST_WORD",
]

#: a year in digits, 1900-2099
DIGITS = r"(?:19|20)\d\d"
#: a year in digits a report's period can be, 1950-2099
PERIOD_DIGITS = r"(?:19[5-9]\d|20\d\d)"
CHINESE_DIGITS = "〇零一二三四五六七八九"
#: a year in Chinese digits (二〇一九)
CHINESE = rf"[{CHINESE_DIGITS}]{{4}}"
#: an item of a list of years whose last digits are masked (20**, 20xx)
MASKED_ITEM = r"\d{2}[*xX]+"

# ------------------------------------------------------------------ a report's period
_PERIOD_YEAR = rf"(?:{PERIOD_DIGITS}|{CHINESE})"
# The same, not run on from a digit or a mask (``(?<![\d*])`` before it), written to open with the
# year's first character and check what stands before it after that character: the regex engine then
# jumps from one character that can start a year to the next instead of trying every position.
_YEAR_FIRST = rf"[12{CHINESE_DIGITS}](?<![\d*].)"
_YEAR_REST = rf"(?:(?<=1)9[5-9]\d|(?<=2)0\d\d|(?<=[{CHINESE_DIGITS}])[{CHINESE_DIGITS}]{{3}})"
_ALONE_YEAR = rf"(?:{_YEAR_FIRST}{_YEAR_REST})"
_SEP_RANGE = r"\s*(?:年度?)?\s*[-—–~～至到]\s*"
_SEP_ENUM = r"\s*[、,，和及与]\s*"
_YEAR_WORD = r"\s*(?:年度|学年|年|工作|上半年|下半年)"

YEAR_RANGE = re.compile(rf"(?P<a>{_ALONE_YEAR}){_SEP_RANGE}(?P<b>{_PERIOD_YEAR})(?![\d*])(?:\s*年度?)?")
YEAR_ENUMERATION = re.compile(rf"{_ALONE_YEAR}(?:{_SEP_ENUM}{_PERIOD_YEAR})+(?![\d*])\s*年")
SINGLE_YEAR = re.compile(rf"(?P<y>{_ALONE_YEAR})(?![\d*])(?={_YEAR_WORD})(?:\s*年度|\s*年)?")
# a year in a list whose other items were stripped or follow (2006、、年; 2006、2007)
LISTED_YEAR = re.compile(rf"(?P<y>{_ALONE_YEAR})(?![\d*])(?=\s*[、,，]\s*(?:{_PERIOD_YEAR}|、|年))")
ANY_YEAR = re.compile(rf"{_ALONE_YEAR}(?![\d*])")  # run into other digits or a mask: no year
#: where a year of ``ANY_YEAR`` starts (the match is its first character only, so years that overlap,
#: 二〇一九二〇二〇, are all found): every match of the period's patterns starts at one (see :func:`matches_at`)
YEAR_START = re.compile(rf"{_YEAR_FIRST}(?={_YEAR_REST}(?![\d*]))")
#: a year after a number or part word: the head of the text names the part of its year (2007年上半年)
YEAR_BEFORE_WORD = rf"(?:{DIGITS}|{CHINESE})\s*年度?"

# masked: digits replaced by * or x (20*年, 20**年, 200*年, 20xx年, 国发〔20*〕43号), not run on from a digit
#: the characters that mask a year's digits (a masked year holds one at least)
MASKS = "*＊×xX_＿"
MASKED_YEAR = re.compile(rf"[12](?<![\d*].)(?:(?<=1)9|(?<=2)0)\d?[{MASKS}]+[\d{MASKS}]*(?=\s*(?:年|[-—~～至、〕\]]))")
# stripped: the year's digits deleted, leaving its 年 behind; what may stand before the 年 (a line's
# start or one of a few characters) is checked after the first character, as above
# (the alternatives open with different characters, ``(first characters, the rest)``; the pattern opens
# with all of them, so the regex engine skips from one character that can open a match to the next)
_BEFORE_LIST = r"就自从于在和与及,，;；:：、\d\n"  # what may stand before the 、 of a stripped list
_NO_YEAR_AFTER = "级龄轻代度终初底末内均"  # 年级, 年龄, 年底 …: words, no stripped year
_FROM = "自从于在到至"  # a stripped year right after these (自年6月)
_CLAUSE_BEFORE = r"。;；!！?？\n,，"  # a stripped year opening a clause (。年12月)
_MONTH = r"\d{1,2}月"
_STRIPPED = (
    ("、", rf"(?<![^{_BEFORE_LIST}]、)、*年(?![{_NO_YEAR_AFTER}])"),  # 我就、年 / 2006、、年 / 二、、年
    (_FROM, rf"年{_MONTH}"),  # 自年6月 / 从年1月1日起
    ("年", rf"(?<![^{_CLAUSE_BEFORE}]年)(?:{_MONTH}|[,，是])"),  # 。年12月 / ,年,越秀区 / 。年是
    ("(（", rf"[-—–]\s*{DIGITS}"),  # (-2020)
)
STRIPPED_YEAR = re.compile("[" + "".join(re.escape(first) for first, _ in _STRIPPED) + "](?:"
                           + "|".join(f"(?<=[{re.escape(first)}]){rest}" for first, rest in _STRIPPED) + ")")
# The places of STRIPPED_YEAR but the bracketed range, found from their 年 (what stands before it is
# looked behind): a pattern opening with one character, which the regex engine runs to much faster than
# to any of a class's (see :func:`has_stripped_year_in`)
_STRIPPED_AT_YEAR = re.compile(rf"年(?:(?<=、年)(?<![^{_BEFORE_LIST}]、年)(?![{_NO_YEAR_AFTER}])"
                               rf"|(?<=[{_FROM}]年){_MONTH}|(?<![^{_CLAUSE_BEFORE}]年)(?:{_MONTH}|[,，是]))")
_STRIPPED_RANGE = re.compile(rf"[(（][-—–]\s*{DIGITS}")
#: a text holding none of these characters holds no ``STRIPPED_YEAR``: every form holds a 年 but the
#: range cut to its end year, which opens with a bracket
STRIPPED_YEAR_CHARS = "年(（"

# ------------------------------------------------------------------ a figure's year
# a figure's year is digits right before 年 that do not open a full date (2019年3月 is a date's year);
# unlike a period's, x also masks (20x9年 is no year) and the range has no 年 between its years
# (written to open with the year's first digit, then look behind it, as _ALONE_YEAR: the same matches, found faster)
DATING_YEAR = re.compile(r"([12](?<![\d*xX].)(?:(?<=1)9|(?<=2)0)\d\d)(?=年)(?!年\d)")
#: a digit right before 年: a text without one holds no ``DATING_YEAR``
DIGIT_BEFORE_YEAR = re.compile(r"\d年")
DATING_RANGE = re.compile(rf"{DIGITS}\s*[-—~至到]\s*{DIGITS}")

# ------------------------------------------------------------------ keys of an enumeration
_KEY = rf"(?:{DIGITS}|{MASKED_ITEM})"
#: the mark between the items of a list (of years or places) that keys an enumeration
LIST_MARK = "、"
#: the word every list of years of :data:`YEAR_LISTS` holds (beside :data:`LIST_MARK`)
YEAR_LIST_WORD = "年"
#: a list of years keying an enumeration: 2006、2007、2008年 (items may be lost: 2006、、年) or 2006年、2007年
YEAR_LISTS = (re.compile(rf"(?:{_KEY})?(?:{LIST_MARK}(?:{_KEY})?)+{YEAR_LIST_WORD}"),
              re.compile(rf"{_KEY}{YEAR_LIST_WORD}(?:{LIST_MARK}{_KEY}{YEAR_LIST_WORD})+"))


def matches_at(pattern: re.Pattern, text: str, starts: list[int]):
    """The matches of ``pattern.finditer(text)`` for a pattern whose every match starts at one of
    ``starts`` (sorted; e.g. the starts of :data:`YEAR_START` for a period's pattern): the pattern is
    tried at those places only, instead of at every character of the text.

    >>> text = "2006、2007、2008年和2019年"
    >>> starts = [m.start() for m in YEAR_START.finditer(text)]
    >>> [m.group() for m in matches_at(SINGLE_YEAR, text, starts)] == [m.group() for m in SINGLE_YEAR.finditer(text)]
    True
    """
    end = 0
    for start in starts:
        if start >= end:
            m = pattern.match(text, start)
            if m:
                end = m.end()
                yield m


def has_stripped_year_in(text: str) -> bool:
    """Whether :data:`STRIPPED_YEAR` finds a place in ``text``, looked for where it can be: from each 年
    (one search, see ``_STRIPPED_AT_YEAR``), and at each bracket followed by a dash (the range cut to its
    end year, ``(-2020)``).

    >>> has_stripped_year_in("我就、年履行职责"), has_stripped_year_in("(-2020)"), has_stripped_year_in("截至年底,(2020)")
    (True, True, False)
    """
    if "年" in text and _STRIPPED_AT_YEAR.search(text):
        return True
    return any(text[k + 1:k + 2] in "-—–" and _STRIPPED_RANGE.match(text, k) for k in char_positions(text, "(（"))


def has_masked_year_in(text: str) -> bool:
    """Whether :data:`MASKED_YEAR` finds a year in ``text``, tried only where one can start: two or three
    characters before a mask (``20*``, ``200*``); most texts hold no mask at all.

    >>> has_masked_year_in("国发〔20xx〕43号"), has_masked_year_in("200*年"), has_masked_year_in("x*2019年")
    (True, True, False)
    """
    return any(MASKED_YEAR.match(text, start) for k in char_positions(text, MASKS)
               for start in (k - 3, k - 2) if start >= 0)


def year_value(year: str) -> int:
    """The number of a year written in digits or Chinese digits.

    >>> year_value("2019"), year_value("二〇〇八"), year_value("二零零八")
    (2019, 2008, 2008)
    """
    if year[0] in _CHINESE_VALUE:
        return int("".join(str(_CHINESE_VALUE[ch]) for ch in year))
    return int(year)


_CHINESE_VALUE = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
