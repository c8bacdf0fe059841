"""The clean text under construction and its map back to the source, shared by the normalise stage
(:mod:`.normalisation`) and its layout repairs (:mod:`.layout`).

- :class:`Pieces`: the clean text as characters, each with the half-open source span it came from;
  every edit (:meth:`Pieces.rebuild`) keeps the spans.
- :class:`OffsetMap`: the finished map, clean span -> source span.
- :class:`Boilerplate`, :class:`Repair`: records of what was taken out of the text or repaired.

>>> p = Pieces.of("投入 5万元").rebuild([(2, 3, "")])
>>> p.text(), p.starts[2], p.ends[-1]
('投入5万元', 3, 6)
"""

from __future__ import annotations

import operator
from array import array
from dataclasses import dataclass

__all__ = ["CJK", "OffsetMap", "Boilerplate", "Repair", "Pieces"]

#: the CJK ideograph blocks (unified, extension A, compatibility), as a character-class body
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


@dataclass(frozen=True)
class OffsetMap:
    """For each clean character, the half-open source span it came from."""

    starts: array
    ends: array
    source_length: int

    def __len__(self) -> int:
        return len(self.starts)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open clean span to the half-open source span it came from."""
        n = len(self.starts)
        if not 0 <= start <= end <= n:
            raise IndexError(f"clean span [{start}, {end}) outside [0, {n}]")
        if start == end:
            pos = self.starts[start] if start < n else (self.ends[n - 1] if n else self.source_length)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def expand(self, start: int, end: int) -> tuple[int, int]:
        """Widen a clean span so it does not cut through an edit that produced several characters
        from one source run (a repaired mojibake span): such runs are atomic."""
        n = len(self.starts)
        while 0 < start < n and self.starts[start - 1] == self.starts[start]:
            start -= 1
        while 0 < end < n and self.ends[end] == self.ends[end - 1]:
            end += 1
        return start, end


@dataclass(frozen=True)
class Boilerplate:
    """A line (or the start of one) taken out of the text: site furniture or page furniture."""

    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Repair:
    """A layout repair: the source span ``[start, end)`` taken out of the clean text (a line break, a
    space); ``kind`` is ``line_join`` or ``space``, ``rule`` the reason, ``context`` the text around it."""

    kind: str
    rule: str
    start: int
    end: int
    context: str


class Pieces:
    """The clean text under construction: its characters with their source spans (``starts[k]``,
    ``ends[k]`` for ``text()[k]``), kept as machine-integer arrays (an edit copies runs of them as memory,
    with no integer object per character)."""

    __slots__ = ("_text", "starts", "ends")

    def __init__(self, text: str, starts: array, ends: array):
        self._text, self.starts, self.ends = text, starts, ends

    @classmethod
    def of(cls, source: str) -> "Pieces":
        return cls(source, _identity(0, len(source)), _identity(1, len(source)))

    def text(self) -> str:
        return self._text

    def rebuild(self, edits: list[tuple[int, int, str]]) -> "Pieces":
        """Apply non-overlapping, sorted edits ``(i, j, replacement)`` on piece indices. A
        replacement of several characters maps each to the whole replaced source run."""
        if not edits:
            return self
        if len(edits) > MANY_EDITS and not any(new for _, _, new in edits):
            return self._deleted(edits)
        parts, starts, ends = [], array("q"), array("q")
        old_starts, old_ends = _bytes(self.starts), _bytes(self.ends)  # (runs copied once, as memory)
        size = self.starts.itemsize
        pos = 0
        for i, j, new in edits:
            parts.append(self._text[pos:i])
            if new and len(new) == j - i:
                i = j  # the characters keep their spans
            starts.frombytes(old_starts[pos * size:i * size])
            ends.frombytes(old_ends[pos * size:i * size])
            if new and j > i:
                starts.extend([self.starts[i]] * len(new))
                ends.extend([self.ends[j - 1]] * len(new))
            parts.append(new)
            pos = j
        parts.append(self._text[pos:])
        starts.frombytes(old_starts[pos * size:])
        ends.frombytes(old_ends[pos * size:])
        return Pieces("".join(parts), starts, ends)


    def _deleted(self, edits: list[tuple[int, int, str]]) -> "Pieces":
        """:meth:`rebuild` for many deletions: the kept characters (inside no deleted span: a running
        count of the spans opened less those closed is 0) picked from the text's code points and from
        the spans in array operations (no Python-level loop over the edits)."""
        import numpy as np

        n, count = len(self._text), len(edits)
        cuts, ends = (np.fromiter(map(operator.itemgetter(k), edits), np.int64, count) for k in (0, 1))
        kept = np.cumsum(np.bincount(cuts, minlength=n + 1) - np.bincount(ends, minlength=n + 1))[:n] == 0
        points = np.frombuffer(self._text.encode("utf-32-le", "surrogatepass"), np.uint32)[kept]
        spans = [_array(np.frombuffer(values, np.int64)[kept]) for values in (self.starts, self.ends)]
        return Pieces(points.tobytes().decode("utf-32-le", "surrogatepass"), *spans)


#: :meth:`Pieces.rebuild` applies more deletions than this with array operations
MANY_EDITS = 32


def _array(values) -> array:
    """A numpy array of 64-bit integers as a machine-integer array (one copy of its memory)."""
    out = array("q")
    out.frombytes(memoryview(values).cast("B"))
    return out


def _bytes(values: array) -> memoryview:
    """The memory of an array as bytes (a slice of it is a view, copied only where it is put)."""
    return memoryview(values).cast("B")


def _identity(first: int, n: int) -> array:
    """``first, first + 1, … first + n - 1`` as a machine-integer array, built in one step."""
    import numpy as np

    return _array(np.arange(first, first + n, dtype=np.int64))


def char_positions(text: str, chars: str) -> list[int]:
    """The positions of the characters ``chars`` in ``text``, in order: one string search per
    character (a search runs straight to it, where a pattern's class is tried at every position).

    >>> char_positions("1?86x2?", "?x")
    [1, 4, 6]
    """
    found = []
    for ch in chars:
        k = text.find(ch)
        while k >= 0:
            found.append(k)
            k = text.find(ch, k + 1)
    return sorted(found)
