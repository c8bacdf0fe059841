"""Normalise stage: source text -> clean text + an offset map back to the source.

Every edit is recorded, so any span of the clean text maps to its exact half-open ``[start, end)``
in the source. The steps, in order:

1. boilerplate lines (site breadcrumbs, upload blocks, 导语, 打印 …) are moved into metadata;
2. mojibake spans (a GBK page decoded one byte out of step) are detected, and repaired where the
   bytes allow it: the character whose byte was lost becomes U+FFFD, the rest decodes exactly;
3. pinyin inserted after characters is removed (``區(qū)`` -> ``區``);
4. traditional -> simplified with OpenCC, then a small override table (``data/t2s_overrides.yaml``);
5. full-width digits, letters and punctuation -> ASCII, odd spaces -> ' ', zero-width characters dropped;
6. horizontal whitespace collapsed to one space, dropped next to a line break; blank lines collapsed (one pass);
7. the layout of a converted PDF or Word file undone (:mod:`.layout`, rules in ``data/layout.yaml``): page numbers, a
   document site's page markers and running headers/footers are moved out, like boilerplate (step 1);
   a line is joined to the next where its sentence runs on; the spaces a layout put between a number and
   its unit, between thousands and around a decimal point are removed (``3 456 人`` -> ``3456人``).

>>> n = normalise("區(qū)教育經費投入５７７５.１萬元")
>>> n.text
'区教育经费投入5775.1万元'
>>> n.offsets.to_source(7, 15)
(11, 19)
>>> n.script
'traditional'
>>> normalise("投入4520\\n萬元,在校生3 456 人").text
'投入4520万元,在校生3456人'
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from ._data import load_yaml
from .layout import page_furniture, undo_layout
from .textmap import CJK as _CJK, Boilerplate, OffsetMap, Pieces, Repair

__all__ = ["normalise", "Normalised", "OffsetMap", "Boilerplate", "Mojibake", "Repair", "detect_script"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# One pinyin syllable: optional initial, a final built from vowels (toned or not), optional n/ng/r.
_SYLLABLE = rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv{_TONED}]{{1,4}}(?:ng|n|r)?"
# (the bracket first, then the character before it: a search skips to each bracket)
_PINYIN = re.compile(rf"[(（](?<=[{_CJK}][(（]){_SYLLABLE}[)）]")
#: the same, one pattern per opening bracket: a search for a pattern opening with one character runs
#: straight to it, where one opening with a class of two tries the class at every position
_PINYIN_AFTER = {bracket: re.compile(rf"{re.escape(bracket)}(?<=[{_CJK}]{re.escape(bracket)}){_SYLLABLE}[)）]")
                 for bracket in "(（"}
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_SPACES = {0x3000, 0x00A0, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
           0x202F, 0x205F, 0x0009, 0x000B, 0x000C}
_ZERO_WIDTH = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Mojibake:
    """A span of the source decoded out of step; ``repair`` is None when it cannot be exact."""

    start: int
    end: int
    text: str
    repair: str | None


@dataclass(frozen=True)
class Normalised:
    text: str
    offsets: OffsetMap
    script: str
    boilerplate: tuple[Boilerplate, ...] = ()
    mojibake: tuple[Mojibake, ...] = ()
    pinyin: tuple[tuple[int, int], ...] = ()
    converted: int = 0
    metadata: dict = field(default_factory=dict)
    furniture: tuple[Boilerplate, ...] = ()  # page numbers, page markers, running headers and footers
    repairs: tuple[Repair, ...] = ()  # line breaks and spaces a layout put in, taken out


# ----------------------------------------------------------------------------------- data


@functools.lru_cache(maxsize=1)
def _converters():
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


@functools.lru_cache(maxsize=1)
def _overrides() -> dict[str, str]:
    """The override table, one character to one character (its schema says so: a length-preserving map)."""
    return dict(load_yaml("t2s_overrides.yaml"))


@functools.lru_cache(maxsize=1)
def _boilerplate_rules() -> tuple[list[tuple[str, str | None]], re.Pattern]:
    """The rules of ``data/boilerplate.yaml`` as ``(kind, meta)`` and one pattern: rule ``i`` is its group
    ``r{i}`` (its value group renamed ``v{i}``), in the file's order. An alternation tries its branches
    in order, so the first rule that matches the whole line wins, as trying one rule after another would."""
    from .errors import DataFileError

    rules, branches, errors = [], [], []
    for i, entry in enumerate(load_yaml("boilerplate.yaml")):
        try:
            re.compile(entry["pattern"])
        except re.error as exc:
            errors.append(f"entry {i}: {exc!r}")
            continue
        if _BACKREFERENCE.search(entry["pattern"]):
            errors.append(f"entry {i}: a backreference (the rules are combined into one pattern)")
        rules.append((entry["kind"], entry.get("meta")))
        branches.append(f"(?P<r{i}>{entry['pattern'].replace('(?P<value>', f'(?P<v{i}>')})")
    try:
        pattern = re.compile("|".join(branches))
    except re.error as exc:
        errors.append(f"the rules do not combine into one pattern (a global inline flag?): {exc}")
    if errors:
        raise DataFileError("boilerplate.yaml", errors)
    return rules, pattern


_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


@functools.lru_cache(maxsize=1)
def _override_pattern() -> re.Pattern | None:
    table = _overrides()
    return re.compile("|".join(map(re.escape, table))) if table else None


#: the character map: odd spaces -> ' ', full-width ASCII -> ASCII
_CHAR_TABLE = {chr(cp): chr(to) for cp, to in {**{cp: 0x20 for cp in _SPACES}, **_FULLWIDTH}.items()}
#: what the patterns of the boilerplate and the page furniture see: full-width ASCII -> ASCII, the
#: ideographic space -> ' ' (other spaces kept)
_ASCII_TABLE = {chr(cp): chr(to) for cp, to in {**_FULLWIDTH, 0x3000: 0x20}.items()}
_ZERO_WIDTH_RE = re.compile("[" + "".join(chr(cp) for cp in sorted(_ZERO_WIDTH)) + "]")


@functools.lru_cache(maxsize=1)
def _t2s_changes():
    """What OpenCC's t2s conversion can change (``data/t2s_changes.yaml``) as a look-up table of every
    code point: 2 for a character it converts (and a lone surrogate, on which OpenCC fails), 1 for a
    character of a phrase it converts, at a place where the phrase's value differs (all its characters
    where the lengths differ); and ``{character: [(place in the phrase, phrase), …]}`` for the latter."""
    import numpy as np

    data = load_yaml("t2s_changes.yaml")
    table = np.zeros(0x110000, np.uint8)
    table[[ord(ch) for ch in "".join(data["characters"])]] = 2
    table[0xD800:0xE000] = 2
    anchors: dict[str, list[tuple[int, str]]] = {}
    for phrase, value in data["phrases"].items():
        for k, (ch, to) in enumerate(itertools.zip_longest(phrase, value if len(value) == len(phrase) else "")):
            if ch is not None and ch != to and table[ord(ch)] != 2:  # (a converted one is enough)
                table[ord(ch)] = 1
                anchors.setdefault(ch, []).append((k, phrase))
    return table, anchors


def _may_change(text: str) -> bool:
    """Whether OpenCC's t2s conversion can change ``text``: it holds a character that converts, or a
    phrase that does (looked up where one of the phrase's changed characters stands). False means the
    conversion is ``text`` itself: OpenCC writes a key's first value for each key it matches and keeps
    every other character, so it changes only the keys of :func:`_t2s_changes`.

    >>> _may_change("教育经费覆盖"), _may_change("教育經費"), _may_change("反覆"), _may_change("覆")
    (False, True, True, False)
    """
    import numpy as np

    table, anchors = _t2s_changes()
    flags = table.take(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32))
    top = int(flags.max()) if len(flags) else 0
    if top != 1:
        return top == 2
    p = int(flags.argmax())  # the first character of a phrase that converts, then each next one
    while p < len(text) and flags[p]:
        if any(p >= k and text.startswith(phrase, p - k) for k, phrase in anchors[text[p]]):
            return True
        p += 1 + int(flags[p + 1:].argmax()) if p + 1 < len(text) else 1
    return False


def _opencc_t2s(text: str) -> str:
    """OpenCC's t2s conversion of ``text``; ``text`` itself, without calling OpenCC, where nothing in it
    can change (:func:`_may_change`: most simplified texts)."""
    return _converters()[0].convert(text) if _may_change(text) else text


def to_simplified(text: str) -> str:
    """OpenCC t2s plus the override table; length-preserving (asserted)."""
    t2s, _ = _converters()
    out = _opencc_t2s(text)
    if len(out) != len(text):  # never seen; fall back to per-character conversion
        out = "".join(t2s.convert(ch) if len(t2s.convert(ch)) == 1 else ch for ch in text)
    return _override(out)


def _override(converted: str) -> str:
    """The override table laid over OpenCC's output."""
    pattern = _override_pattern()
    if pattern is None or not any(ch in converted for ch in _overrides()):  # (a few quick scans)
        return converted
    table = _overrides()
    return pattern.sub(lambda m: table[m.group()], converted)


_BULLETS = "-•·*"
_BULLET = re.compile(rf"^[{_BULLETS}]\s*")


def _probe(line: str, bullet: bool = False) -> str:
    """A line as the boilerplate patterns see it: simplified, ASCII punctuation, no list bullet (kept
    with ``bullet``: a page number may be written ``- 3 -``)."""
    probe = to_simplified(_ascii(line)).strip()
    return probe if bullet else _BULLET.sub("", probe)


def _ascii(text: str) -> str:
    """Full-width ASCII -> ASCII, ideographic space -> ' ' (length-preserving)."""
    return _translate(text, _point_table("ascii"))


def _translate(text: str, table) -> str:
    """``text`` mapped by ``table`` (:func:`_point_table`): its code points looked up in the array as one
    operation (``str.translate`` looks each character up in a dict, a regex substitution calls back
    for each one); a code point outside the Basic Multilingual Plane maps to itself.

    >>> _translate("投入\uff15\u3000萬𠀀", _point_table("ascii"))
    '投入5 萬𠀀'
    """
    import numpy as np

    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    if len(points) and points.max() > 0xFFFF:
        mapped = np.where(points > 0xFFFF, points, table.take(np.minimum(points, 0xFFFF)))
    else:
        mapped = table.take(points)
    if np.array_equal(mapped, points):
        return text
    return mapped.tobytes().decode("utf-32-le", "surrogatepass")


@functools.lru_cache(maxsize=None)
def _point_table(name: str):
    """The image of every code point of the Basic Multilingual Plane under a map of its characters, one
    to one, as an array: ``"ascii"`` (:data:`_ASCII_TABLE`) or ``"chars"`` (:data:`_CHAR_TABLE`)."""
    import numpy as np

    table = np.arange(0x10000, dtype=np.uint32)
    for key, value in {"ascii": _ASCII_TABLE, "chars": _CHAR_TABLE}[name].items():
        table[ord(key)] = ord(value)
    return table


class _SourceLines(NamedTuple):
    """The source's lines, each field a list with one item per line."""

    raws: list[str]  # the line with its line break
    starts: list[int]  # source offset of the line
    ends: list[int]  # source offset after its line break
    bodies: list[str]  # the line without its line break
    probes: list[str]  # as the patterns see it (see _probe), its list bullet kept


def _source_lines(source: str, simplified: str | None) -> _SourceLines:
    """The source's lines (as ``splitlines`` cuts them) with their probes, from ``simplified``, the
    whole source converted (:func:`to_simplified`, None where that changed its length): OpenCC converts
    each run of ideographs on its own (:data:`_PHRASE_CHAR`), so each line converts as it would alone,
    full-width characters map to ASCII before or after it alike, and no line break is mapped (a probe,
    stripped, is its converted line stripped)."""
    raws = source.splitlines(keepends=True)  # (each list below made by mapping a method over the lines)
    ends = list(itertools.accumulate(map(len, raws)))
    starts = list(map(operator.sub, ends, map(len, raws)))
    bodies = list(map(str.rstrip, raws, itertools.repeat("\r\n")))
    if simplified is not None:  # its lines cut where the source's are (stripping drops the line breaks)
        probes = list(map(str.strip, map(_ascii(simplified).__getitem__, map(slice, starts, ends))))
    else:  # no whole conversion: each line converted alone
        probes = [_probe(body, bullet=True) for body in bodies]
    return _SourceLines(raws, starts, ends, bodies, probes)


#: the characters OpenCC's t2s dictionaries are written in: CJK ideographs (the blocks of the Basic
#: Multilingual Plane, then planes 2 and 3). Every other character converts to itself and stands in no
#: phrase (tests/test_normalisation.py checks the installed dictionaries), so OpenCC converts a text run
#: by run of these characters, each run on its own.
_PHRASE_CHARS = rf"{_CJK}\U00020000-\U0003ffff"
_PHRASE_CHAR = re.compile(f"[{_PHRASE_CHARS}]")
#: a character that is not one of those (it splits runs)
_OTHER_CHAR = re.compile(f"[^{_PHRASE_CHARS}]")


def _t2s(text: str, changes: bool | None = None) -> str | None:
    """OpenCC's t2s conversion of ``text``; None where it changed the length (never seen). ``changes``:
    whether the conversion can change the text (:func:`_may_change`), where known already."""
    out = _opencc_t2s(text) if changes is None else _converters()[0].convert(text) if changes else text
    return out if len(out) == len(text) else None


def _keeps_runs(text: str, i: int, j: int) -> bool:
    """Deleting ``text[i:j]`` neither cuts a run of ideographs (:data:`_PHRASE_CHAR`) nor joins two.

    >>> _keeps_runs("甲。\\n打印\\n乙", 3, 6), _keeps_runs("區(qū)域", 1, 5), _keeps_runs("區(qū)。", 1, 5)
    (True, False, True)
    """
    def ideograph(k: int) -> bool:
        return 0 <= k < len(text) and _PHRASE_CHAR.match(text, k) is not None

    return not (ideograph(i - 1) and (ideograph(i) or ideograph(j)) or ideograph(j) and ideograph(j - 1))


#: at most this many edits that join runs of ideographs or put characters in are mended run by run
#: (a mojibake repair here and there); more (pinyin after every other character) and the edited text
#: is converted whole
MEND_MAX_EDITS = 16


def _converted_after(text: str, converted: str | None, edits: list[tuple[int, int, str]]) -> str | None:
    """:func:`to_simplified` of ``text`` once ``edits`` are applied, from ``converted``, that of
    ``text``. OpenCC converts each run of ideographs on its own, the overrides each character, so an
    edit deleting a span that keeps the runs (lines of furniture, a page marker) deletes the same span
    of ``converted``; the runs around an edit that joins runs or puts characters in (a few, see
    :data:`MEND_MAX_EDITS`) are edited and converted anew, together in one call. None where it is not
    known (many such edits: the edited text must be converted whole).

    >>> _converted_after("導語\\n區域", "导语\\n区域", [(0, 3, "")]), _converted_after("乾(qián)隆", "干(qián)隆", [(1, 7, "")])
    ('区域', '乾隆')
    """
    if converted is None or not edits:
        return converted  # (no edit: the conversion as it is)
    unsafe = list(itertools.islice(((i, j) for i, j, new in edits if new or not _keeps_runs(text, i, j)),
                                   MEND_MAX_EDITS + 1))  # (no more than that many are looked for)
    if len(unsafe) > MEND_MAX_EDITS:
        return None
    regions = _runs_around(text, unsafe, edits)
    parts, fresh, pos, k = [], [], 0, 0
    for a, b in regions + [(len(text) + 1, len(text) + 1)]:
        while k < len(edits) and edits[k][0] < a:  # a deletion that keeps the runs
            parts.append(converted[pos:edits[k][0]])
            pos, k = edits[k][1], k + 1
        if a > len(text):
            break
        parts.append(converted[pos:a])
        raw, pos = [], a
        while k < len(edits) and edits[k][0] <= b:  # an edit inside the runs: made to the text
            i, j, new = edits[k]
            raw += [text[pos:i], new]
            pos, k = j, k + 1
        raw.append(text[pos:b])
        fresh.append("".join(raw))
        parts.append(None)
        pos = b
    parts.append(converted[pos:])
    return _fill(parts, fresh)


def _runs_around(text: str, unsafe: list[tuple[int, int]], edits: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The stretches ``[a, b)`` of whole runs of ideographs (:data:`_PHRASE_CHAR`; ``text[a - 1]`` and
    ``text[b]`` are other characters, or the text's ends) holding the ``unsafe`` edits, widened until
    every edit lies inside one or wholly outside it (none deletes the character before or after a
    stretch), merged where they meet.

    >>> _runs_around("甲\\n乙丙。丁", [(3, 4)], [(3, 4, "")]), _runs_around("甲,乙\\n丙", [(3, 4)], [(3, 4, "")])
    ([(2, 4)], [(2, 5)])
    """
    def line(i: int, j: int) -> list[int]:  # the runs holding text[i:j] (at i, the run ending there)
        while i and _PHRASE_CHAR.match(text, i - 1):
            i -= 1
        end = _OTHER_CHAR.search(text, j)
        return [i, len(text) if end is None else end.start()]

    starts, ends = [i for i, _, _ in edits], [j for _, j, _ in edits]  # both sorted: edits do not overlap
    spans = [line(i, j) for i, j in unsafe]
    while True:
        spans.sort()
        merged: list[list[int]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        wider = [line(min(a, i), max(b, j)) for a, b in merged
                 for i, j, _ in edits[bisect.bisect_left(ends, a):bisect.bisect_right(starts, b)]
                 if not (a <= i and j <= b)]  # the edits that touch the stretch, and stick out of it
        if not wider:
            return [(a, b) for a, b in merged]
        spans = merged + wider


def _fill(parts: list[str | None], fresh: list[str]) -> str | None:
    """``parts`` joined, each None filled with the next of ``fresh`` converted (all in one call); None
    where the conversion changed a length."""
    if not fresh:
        return "".join(parts)
    joined = "\n".join(fresh)
    out = _t2s(joined)
    if out is None:
        return None
    out = _override(out)
    cuts = list(itertools.accumulate((len(piece) + 1 for piece in fresh), initial=0))
    pieces = iter(out[i:j - 1] for i, j in zip(cuts, cuts[1:]))
    return "".join(part if part is not None else next(pieces) for part in parts)


# ----------------------------------------------------------------------------------- steps


#: a line longer than this is never site furniture: it holds the report's body (a file whose line
#: breaks were lost starts with its breadcrumb and runs on to the end)
FURNITURE_MAX_CHARS = 200


def _boilerplate(lines: _SourceLines) -> tuple[list[tuple[int, int, str]], list[Boilerplate], dict]:
    """Whole lines that are site furniture; each becomes an edit deleting the line and its newline."""
    edits, found, meta = [], [], {}
    rules, pattern = _boilerplate_rules()
    for start, end, body, probe in zip(lines.starts, lines.ends, lines.bodies, lines.probes):
        if len(body) > FURNITURE_MAX_CHARS or not probe:
            continue
        if probe[0] in _BULLETS:
            probe = _BULLET.sub("", probe)
        m = pattern.fullmatch(probe) if probe else None
        if m:
            i = int(m.lastgroup[1:])  # the rule's group r{i} closes last
            kind, field_name = rules[i]
            edits.append((start, end, ""))
            found.append(Boilerplate(kind, body.strip(), start, start + len(body)))
            if field_name and f"v{i}" in pattern.groupindex and field_name not in meta:
                meta[field_name] = m.group(f"v{i}")
    return edits, found, meta


_MOJIBAKE_START = re.compile(rf"\?(?<=[{_CJK}]\?)")
# a shifted full-width punctuation pair shows as one ASCII mark first; then CJK, or ? for bytes lost
_OUT_OF_STEP = re.compile(rf"[!,?]?[?{_CJK}\u3000-\u303f\uff00-\uffef]*")
_FULLWIDTH_FOR = {"!": "！", ",": "，", "?": "？"}


@functools.lru_cache(maxsize=1 << 16)
def _rare(ch: str) -> bool:
    """A CJK character in neither GB2312 nor Big5: typical of text decoded out of step (a look-up per
    character, kept: two encodings tried for each character of a suspect run add up)."""
    if not _CJK_CHAR.match(ch):
        return False
    for enc in ("gb2312", "big5"):
        try:
            ch.encode(enc)
            return False
        except UnicodeEncodeError:
            pass
    return True


def _mojibake(source: str) -> list[Mojibake]:
    """Find spans of a GBK text decoded one byte out of step.

    Signature: a ``?`` (the byte that lost its partner) right after a CJK character, then a run of
    characters re-encodable to GBK (full-width punctuation shows up as ASCII ``!``, ``,``, ``?``), ended
    by an ASCII character; an ASCII letter or brace there was the last trail byte. Re-encoding the run,
    dropping the first byte (the lost character's trail) and decoding in step repairs it exactly, but
    for the one character whose lead byte was lost (U+FFFD).
    """
    spans: list[Mojibake] = []
    for m in _MOJIBAKE_START.finditer(source):
        if spans and m.start() < spans[-1].end:
            continue
        run = _OUT_OF_STEP.match(source, m.end())
        end = run.end()
        if end < len(source) and "\x40" <= source[end] <= "\x7e" and source[end].isalpha() or (
                end < len(source) and source[end] in "}{|~"):
            end += 1
        body = source[m.end():end]
        if not body:
            continue
        repair = _repair(body)
        suspicious = (body[0] in "!," or any(_rare(ch) for ch in body)
                      or (repair is not None and body[-1].isascii() and body[-1] not in "!,?"))
        if not suspicious:
            continue
        spans.append(Mojibake(m.start(), end, source[m.start():end], repair))
    return spans


def _repair(body: str) -> str | None:
    """The in-step decoding of an out-of-step run, or None where it cannot be exact: a ``?`` inside
    the run may be a replacement character (bytes lost), and a repair showing rare characters or
    full-width letters/digits (absent from such pages) decoded wrong."""
    if "?" in body:
        return None
    try:
        data = "".join(_FULLWIDTH_FOR.get(ch, ch) for ch in body).encode("gbk")
        fixed = data[1:].decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if not fixed or any(_rare(ch) or ch.isalnum() and ord(ch) in _FULLWIDTH for ch in fixed):
        return None
    return "\ufffd" + fixed


def _pinyin_spans(text: str) -> list[tuple[int, int]]:
    """The spans ``_PINYIN.finditer`` finds, from one search per opening bracket (a match holds no other
    opening bracket, so the two searches' matches never overlap).

    >>> _pinyin_spans("區(qū)教（jiào）育(3)")
    [(1, 5), (6, 12)]
    """
    return sorted(m.span() for bracket, pattern in _PINYIN_AFTER.items() if bracket in text
                  for m in pattern.finditer(text))


def _pinyin_edits(pieces: Pieces) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    text = pieces.text()
    edits = [(i, j, "") for i, j in _pinyin_spans(text)]
    spans = [(pieces.starts[i], pieces.ends[j - 1]) for i, j, _ in edits]
    return edits, spans


def _char_map(pieces: Pieces, simplified: str | None) -> tuple[Pieces, int]:
    """Traditional->simplified, full-width->ASCII, odd spaces -> ' ', zero-width characters dropped.
    ``simplified``: the text's :func:`to_simplified` where it is known (:func:`_converted_after`)."""
    text = pieces.text()
    if simplified is None:
        simplified = to_simplified(text)
    converted = 0 if simplified == text else _changed(text, simplified)
    mapped_text = _translate(simplified, _point_table("chars"))
    mapped = Pieces(mapped_text, pieces.starts, pieces.ends)
    zero_width = [(m.start(), m.end(), "") for m in _ZERO_WIDTH_RE.finditer(mapped_text)] \
        if any(chr(cp) in mapped_text for cp in _ZERO_WIDTH) else []
    return (mapped.rebuild(zero_width) if zero_width else mapped), converted


def _changed(text: str, other: str) -> int:
    """How many characters of ``text`` differ from those of ``other`` (of the same length) at the same
    place, compared as two arrays of code points.

    >>> _changed("教育經費", "教育经费")
    2
    """
    import numpy as np

    a, b = (np.frombuffer(t.encode("utf-32-le", "surrogatepass"), np.uint32) for t in (text, other))
    return int(np.count_nonzero(a != b))


#: a maximal run of spaces, carriage returns and line breaks from its first character, one pattern per
#: character a run may open with (a pattern opening with one literal character has a search run
#: straight to it, where one opening with a class is tried at every position); a lone line break is
#: no run (it needs no edit)
_BLANK_RUNS = {" ": re.compile(r" [ \r\n]*"), "\r": re.compile(r"\r[ \r\n]*"), "\n": re.compile(r"\n[ \r\n]+")}


def _whitespace_edits(text: str) -> list[tuple[int, int, str]]:
    """Horizontal whitespace collapsed to one space and dropped next to a line break, blank lines
    collapsed, in one pass: of a run of spaces, carriage returns and line breaks (:func:`_blank_runs`)
    holding a line break only its first line break stays; any other run but a single space becomes
    one space.

    >>> _whitespace_edits("甲  乙 \\n\\r\\n 丙\\n丁")
    [(1, 3, ' '), (4, 5, ''), (6, 9, '')]
    """
    if " " not in text and "\r" not in text and "\n\n" not in text:
        return []  # (quick scans: no run needs an edit)
    edits = []
    for i, j in _blank_runs(text):
        first = text.find("\n", i, j)
        if first < 0:
            if j - i > 1 or text[i] != " ":
                edits.append((i, j, " "))
            continue
        if first > i:
            edits.append((i, first, ""))
        if j > first + 1:
            edits.append((first + 1, j, ""))
    return edits


def _blank_runs(text: str) -> list[tuple[int, int]]:
    """The maximal runs of spaces, carriage returns and line breaks but a lone line break, as
    ``(start, end)``: each found from its first character (one search per kind of first character; a
    match starting inside a run found already is its tail)."""
    spans = sorted(m.span() for ch, pattern in _BLANK_RUNS.items() if ch in text for m in pattern.finditer(text))
    runs, end = [], -1
    for i, j in spans:
        if i >= end:
            runs.append((i, j))
            end = j
    return runs


# ----------------------------------------------------------------------------------- public


def normalise(source: str) -> Normalised:
    """Normalise a source text; see the module docstring for the steps."""
    if not isinstance(source, str):
        raise TypeError(f"normalise() takes a str, not {type(source).__name__}")
    changes = _may_change(source)  # (a lone surrogate counts: OpenCC fails on it)
    try:  # the probes and (mostly) the clean text come from one conversion
        t2s_source = _t2s(source, changes)
    except UnicodeEncodeError:  # lone surrogates cannot be encoded (OpenCC): U+FFFD, same length
        source = _SURROGATE.sub("\ufffd", source)
        changes = _may_change(source)
        t2s_source = _t2s(source, changes)
    pieces = Pieces.of(source)
    simplified = _override(t2s_source) if t2s_source is not None else None
    lines = _source_lines(source, simplified)
    edits, boilerplate, meta = _boilerplate(lines)
    furniture_edits, furniture, furniture_meta = page_furniture(source, _furniture_probes(lines, edits), lines.raws, lines.ends)
    edits += furniture_edits
    meta = {**furniture_meta, **meta}
    mojibake = _mojibake(source)
    mojibake = [m for m in mojibake if not any(i <= m.start < j for i, j, _ in edits)]
    # A repair takes the character before the span with it: the damage is recognised by that
    # character, so the repaired run maps to a source span that normalises to it on its own.
    edits += [(m.start - 1, m.end, source[m.start - 1] + m.repair) for m in mojibake if m.repair is not None]
    edits = sorted(edits)
    pieces = pieces.rebuild(edits)
    simplified = _converted_after(source, simplified, edits)

    # every character of the traditional script alone converts, so a source holding none that converts
    # holds none, and so does the text once spans of it are deleted (no repair put in): no count needed
    script = detect_script(pieces.text()) if changes or any(new for _, _, new in edits) else "simplified"
    edits, pinyin = _pinyin_edits(pieces)
    simplified = _converted_after(pieces.text(), simplified, edits)
    pieces = pieces.rebuild(edits)
    pieces, converted = _char_map(pieces, simplified)
    pieces = pieces.rebuild(_whitespace_edits(pieces.text()))
    pieces, repairs = undo_layout(pieces, source, furniture)
    offsets = OffsetMap(pieces.starts, pieces.ends, len(source))  # (the arrays are never changed in place)
    return Normalised(
        text=pieces.text(),
        offsets=offsets,
        script=script,
        boilerplate=tuple(boilerplate),
        mojibake=tuple(mojibake),
        pinyin=tuple(pinyin),
        converted=converted,
        metadata=meta,
        furniture=tuple(furniture),
        repairs=tuple(repairs),
    )


def _furniture_probes(lines: _SourceLines, edits: list[tuple[int, int, str]]) -> list[str]:
    """Each source line as the page-furniture patterns see it (list bullet kept); ``""`` for a line that
    ``edits`` (whole-line deletions of boilerplate) take out."""
    starts = {i for i, _, _ in edits}
    return ["" if start in starts else probe for start, probe in zip(lines.starts, lines.probes)]


_CJK_CHAR = re.compile(rf"[{_CJK}]")


@functools.lru_cache(maxsize=None)
def _char_script(ch: str) -> str | None:
    """'traditional' / 'simplified' for a CJK character that exists in one script only, else None."""
    if not _CJK_CHAR.match(ch):
        return None
    t2s, s2t = _converters()
    if t2s.convert(ch) != ch:
        return "traditional"
    if s2t.convert(ch) != ch:
        return "simplified"
    return None


_SCRIPTS = (None, "traditional", "simplified")


@functools.lru_cache(maxsize=1)
def _script_table():
    """The script of each code point of the Basic Multilingual Plane as an index into ``_SCRIPTS``
    (:func:`_char_script`), -1 until a text first shows it."""
    import numpy as np

    return np.full(0x10000, -1, np.int8)


def _script_counts(text: str) -> tuple[int, int]:
    """How many characters of ``text`` exist in the traditional script only, and how many in the
    simplified only: each code point's script looked up in one array operation (no string object per
    character), a code point classified the first time a text shows it (CJK lies in the Basic
    Multilingual Plane)."""
    import numpy as np

    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    if len(points) and points.max() >= 0x10000:
        points = points[points < 0x10000]
    table = _script_table()
    scripts = table.take(points)
    if (scripts < 0).any():
        for point in np.unique(points[scripts < 0]).tolist():
            table[point] = _SCRIPTS.index(_char_script(chr(point)))
        scripts = table.take(points)
    return int(np.count_nonzero(scripts == 1)), int(np.count_nonzero(scripts == 2))


def detect_script(text: str) -> str:
    """``simplified``, ``traditional`` or ``mixed``, from the characters that differ between them.

    >>> detect_script("教育经费"), detect_script("教育經費"), detect_script("教育經費和教育经费")
    ('simplified', 'traditional', 'mixed')
    """
    traditional, simplified = _script_counts(text)
    if traditional + simplified == 0:
        return "simplified"
    share = traditional / (traditional + simplified)
    return "traditional" if share >= 0.9 else "simplified" if share <= 0.1 else "mixed"
