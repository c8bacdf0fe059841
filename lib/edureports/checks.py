"""Internal-consistency checks of a report's own arithmetic, only where the text states the relation.

One row per check (``ok`` when the stated figure agrees with the one computed from the others within
the precision the report wrote them: half a unit in the last digit written, added up over the
figures used). Exact figures only (no 约, 余, masked digits). Kinds:

- ``parts_sum_total``: the parts of a whole (figures whose ``parent_id`` is the whole, same unit)
  added up; a sum that exceeds its whole fails (其中…新增投入43.28万元,… against 50.64万元), a sum
  short of it passes (a 其中 list need not name every part) and the message says so;
- ``rate_from_counts``: a share (占比71%, a percent whose measure has a share word) right after a part
  of a whole: part / whole;
- ``previous_change_current``: a previous level, a change and a current level of one indicator in one
  sentence (原有98人, 精减28人, 保留70人: 70 - 98 = -28, a decrease being signed);
- ``growth_from_change``: a growth rate beside two of previous, change, current of one indicator
  (春季招生4468人,比上年增加了1565人,同比增长54%: 1565 / (4468 - 1565));
- ``growth_from_levels``: a previous rate, a current rate and a change in percent (较去年44.1%, 57.6%,
  提升13.5%: as points, 57.6 - 44.1; or relative);
- ``per_head_from_total``: a per-head amount (生均, 人均…) beside one total amount and one head count
  in one sentence: total / heads.

The words (per-head, pupils, share) are in ``data/relations.yaml``. The checks run per document, over
plain records of its figures in text order (no DataFrame filtering per sentence).

>>> import pandas as pd
>>> figs = pd.DataFrame({"doc_id": "d", "figure_id": ["d:0", "d:1", "d:2"], "start": [0, 20, 40],
...     "raw": ["50.64万元", "43.28万元", "274.39万元"], "sentence": ["s1", "s2", "s2"], "measure": "",
...     "value": [506400.0, 432800.0, 2743900.0], "unit": "yuan", "qualifier": "exact",
...     "role": "level", "indicator": "funding.equipment", "scope": ["total", "part", "part"],
...     "parent_id": [None, "d:0", "d:0"]})
>>> document_checks(figs)[["kind", "stated", "computed", "ok"]].to_dict("records")
[{'kind': 'parts_sum_total', 'stated': 506400.0, 'computed': 3176700.0, 'ok': False}]
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING, Iterable, NamedTuple

from . import schema
from ._data import load_yaml

if TYPE_CHECKING:  # imported by the functions that take or make a DataFrame: a batch worker checks plain
    import pandas as pd  # rows (check_rows) without importing pandas

__all__ = ["consistency_checks", "document_checks", "check_rows", "relation_words", "half_unit", "ADDITIVE_UNITS", "RATE_UNITS"]

#: units whose parts add up to their whole (a rate or a ratio does not)
ADDITIVE_UNITS = frozenset({"yuan", "person", "person_time", "institution", "item", "event", "count", "m2",
                            "km", "mu"})
#: units of rates, shares and ratios (never summed; a change between rates is in points or relative)
RATE_UNITS = frozenset({"percent", "percentage_point", "ratio"})
_FIELDS = ["doc_id", "figure_id", "start", "raw", "sentence", "measure", "value", "unit", "qualifier", "role",
           "indicator", "scope", "parent_id"]
_RELATION_KEYS = ("per_head", "pupils", "share")


class Fig(NamedTuple):
    """One figure, as the checks read it."""

    doc_id: str
    figure_id: str
    start: int
    raw: str
    sentence: str
    measure: str
    value: float
    unit: str
    qualifier: str
    role: str
    indicator: str
    scope: str
    parent_id: str | None

    @property
    def usable(self) -> bool:
        return self.qualifier == "exact" and self.value == self.value

    @property
    def half(self) -> float:
        return half_unit(self.raw, self.value)


@functools.lru_cache(maxsize=1)
def relation_words() -> dict[str, tuple[str, ...]]:
    """The word lists of ``data/relations.yaml`` (checked against its declared schema when loaded)."""
    data = load_yaml("relations.yaml")
    return {k: tuple(data[k]) for k in _RELATION_KEYS}


def _has(text: str, kind: str) -> bool:
    return any(w in (text or "") for w in relation_words()[kind])


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_GROUPING = re.compile(r"(?<=\d)[,\s](?=\d{3})")


def half_unit(raw: str, value: float) -> float:
    """Half a unit in the last digit ``raw`` was written with, in the base units of ``value``.

    >>> half_unit("50.64万元", 506400.0), half_unit("13.5%", 13.5), half_unit("两所", 2.0)
    (50.0, 0.05, 0.5)
    """
    text = _GROUPING.sub("", unicodedata.normalize("NFKC", raw or ""))
    match = _NUMBER.search(text)
    if not match or not float(match.group()):
        return 0.5
    decimals = len(match.group().partition(".")[2])
    return 0.5 * 10 ** -decimals * abs(value / float(match.group()))


def _agree(stated: float, stated_half: float, computed: float, computed_half: float) -> bool:
    return abs(stated - computed) <= stated_half + computed_half + 1e-9 * max(1.0, abs(stated))


def _row(kind: str, figs: Iterable[Fig], stated: Fig, computed: float, tolerance: float, message: str,
         ok: bool | None = None) -> dict:
    figs = list(figs)
    agrees = _agree(stated.value, stated.half, computed, tolerance) if ok is None else ok
    return {"doc_id": figs[0].doc_id, "kind": kind, "figure_ids": ",".join(f.figure_id for f in figs),
            "stated": float(stated.value), "computed": float(computed), "ok": bool(agrees), "message": message}


# ------------------------------------------------------------------------------ the hierarchy


def _parts_checks(figs: list[Fig]) -> list[dict]:
    """Each whole against the sum of its parts of the same, additive unit."""
    by_id = {f.figure_id: f for f in figs}
    children: dict[str, list[Fig]] = {}
    for f in figs:
        if f.parent_id in by_id:
            children.setdefault(f.parent_id, []).append(f)
    out = []
    for parent_id, kids in children.items():
        whole = by_id[parent_id]
        parts = [p for p in kids if p.unit == whole.unit
                 and (p.role == whole.role or {p.role, whole.role} <= {"level", "delta"})]
        if whole.unit not in ADDITIVE_UNITS or not whole.usable or not parts or not all(p.usable for p in parts):
            continue
        total = sum(p.value for p in parts)
        tolerance = sum(p.half for p in parts)
        within = total <= whole.value + whole.half + tolerance
        equal = _agree(whole.value, whole.half, total, tolerance)
        verdict = "add up to" if equal else ("exceed" if not within else "fall short of (not every part listed?)")
        out.append(_row("parts_sum_total", [whole, *parts], whole, total, tolerance,
                        f"{' + '.join(p.raw for p in parts)} = {total:g} {verdict} the whole {whole.raw}",
                        ok=within))
    return out


def _share_checks(figs: list[Fig]) -> list[dict]:
    """A share (a percent with a share word) stated right after a part of a whole: part / whole."""
    by_id = {f.figure_id: f for f in figs}
    out = []
    for part, rate in zip(figs, figs[1:]):
        whole = by_id.get(part.parent_id)
        if (rate.unit != "percent" or rate.role != "level" or not rate.usable or not _has(rate.measure, "share")
                or part.sentence != rate.sentence or whole is None or whole.unit != part.unit
                or part.unit not in ADDITIVE_UNITS or not (part.usable and whole.usable) or not whole.value):
            continue
        share = part.value / whole.value * 100
        tolerance = share * (part.half / part.value + whole.half / whole.value) if part.value else 0.0
        out.append(_row("rate_from_counts", [part, whole, rate], rate, share, tolerance,
                        f"{part.raw} / {whole.raw} = {share:.4g}%, stated {rate.raw}"))
    return out


# ------------------------------------------------------------------------------ within a sentence


def _signed(computed: float, stated: float) -> float:
    """``computed`` with the sign a stated change carries: a decrease is signed negative (精减28人 is
    -28); a change stated without a sign is compared as a size."""
    return computed if stated < 0 else abs(computed)


def _one(figs: list[Fig], role: str, percent: bool) -> Fig | None:
    """The one figure of ``role`` (percent or not); None when there is none or several."""
    hits = [f for f in figs if f.role == role and (f.unit in RATE_UNITS) == percent]
    return hits[0] if len(hits) == 1 else None


def _change_checks(figs: list[Fig]) -> list[dict]:
    """Previous, change, current and growth of one indicator in one sentence (each check relates three
    figures: fewer give none)."""
    out = []
    if len(figs) < 3:
        return out
    prev, cur, delta = (_one(figs, r, False) for r in ("previous", "level", "delta"))
    if prev and cur and delta and prev.unit == cur.unit == delta.unit:
        change = _signed(cur.value - prev.value, delta.value)
        out.append(_row("previous_change_current", [prev, delta, cur], delta, change, prev.half + cur.half,
                        f"{prev.raw} -> {cur.raw}: change {change:g}, stated {delta.raw}"))
    growth = _one(figs, "growth", True)
    growth = growth if growth is not None and growth.unit == "percent" else None
    known = [f for f in (prev, cur, delta) if f is not None]
    if growth and len(known) >= 2 and len({f.unit for f in known}) == 1:
        out.append(_growth_from_change(prev, cur, delta, growth))
    pprev, pcur = _one(figs, "previous", True), _one(figs, "level", True)
    pchange = [f for f in figs if f.unit in ("percent", "percentage_point") and f.role in ("growth", "delta")]
    if pprev and pcur and len(pchange) == 1:
        out.append(_growth_from_levels(pprev, pcur, pchange[0]))
    return out


def _growth_from_change(prev: Fig | None, cur: Fig | None, delta: Fig | None, growth: Fig) -> dict:
    """Growth rate = change / previous, each taken as stated or derived from the other two."""
    if prev is not None:
        base, base_half = prev.value, prev.half
    else:
        base, base_half = cur.value - delta.value, cur.half + delta.half  # a decrease is signed negative
    if delta is not None:
        change, change_half = abs(delta.value), delta.half
    else:
        change, change_half = abs(cur.value - prev.value), cur.half + prev.half
    rate = change / abs(base) * 100 if base else float("inf")
    tolerance = rate * (change_half / change + base_half / abs(base)) if change and base else 0.0
    used = [f for f in (prev, delta, cur) if f is not None]
    rate = _signed(rate, growth.value)
    return _row("growth_from_change", [*used, growth], growth, rate, tolerance,
                f"{change:g} / {base:g} = {rate:.4g}%, stated {growth.raw}")


def _growth_from_levels(prev: Fig, cur: Fig, change: Fig) -> dict:
    """A change in percent between two rates: as points, else relative."""
    stated = change
    points = _signed(cur.value - prev.value, change.value)
    tolerance = prev.half + cur.half
    relative_allowed = change.unit == "percent" and prev.value and points  # 个百分点: points only
    if not _agree(stated.value, stated.half, points, tolerance) and relative_allowed:
        relative = points / abs(prev.value) * 100
        rel_tol = abs(relative) * (tolerance / abs(points) + prev.half / abs(prev.value))
        if _agree(stated.value, stated.half, relative, rel_tol):
            return _row("growth_from_levels", [prev, cur, change], stated, relative, rel_tol,
                        f"{prev.raw} -> {cur.raw}: {relative:.4g}% (relative), stated {change.raw}")
    return _row("growth_from_levels", [prev, cur, change], stated, points, tolerance,
                f"{prev.raw} -> {cur.raw}: {points:.4g} (points), stated {change.raw}")


def _per_head_checks(figs: list[Fig]) -> list[dict]:
    """One per-head amount, one total amount and one head count in a sentence: total / heads."""
    if len(figs) < 3:
        return []
    money = [f for f in figs if f.unit == "yuan" and f.role == "level"]
    per_head = [f for f in money if _has(f.measure, "per_head")]
    totals = [f for f in money if f not in per_head]
    heads = [f for f in figs if f.unit == "person" and f.role == "level"]
    if not (len(per_head) == len(totals) == len(heads) == 1) or not heads[0].value:
        return []
    (each,), (total,), (n,) = per_head, totals, heads
    computed = total.value / n.value
    tolerance = computed * (total.half / total.value + n.half / n.value) if total.value else 0.0
    return [_row("per_head_from_total", [total, n, each], each, computed, tolerance,
                 f"{total.raw} / {n.raw} = {computed:.6g} yuan each, stated {each.raw}")]


# ------------------------------------------------------------------------------ entry points


def _sentences(figs: list[Fig]) -> Iterable[list[Fig]]:
    """Runs of consecutive figures of one sentence."""
    run: list[Fig] = []
    for f in figs:
        if run and f.sentence != run[-1].sentence:
            yield run
            run = []
        run.append(f)
    if run:
        yield run


def _document(figs: list[Fig]) -> list[dict]:
    rows = _parts_checks(figs) + _share_checks(figs)
    for sentence in _sentences(figs):
        usable = [f for f in sentence if f.usable]
        by_indicator: dict[str, list[Fig]] = {}
        for f in usable:
            by_indicator.setdefault(f.indicator, []).append(f)
        for group in by_indicator.values():
            rows += _change_checks(group)
        rows += _per_head_checks(usable)
    return rows


def _records(figures: pd.DataFrame) -> list[Fig]:
    """The figures as plain records, read column by column (no per-row pandas access)."""
    from .cells import with_scope

    df = with_scope(figures)
    return list(map(Fig._make, zip(*(df[c].tolist() for c in _FIELDS))))


def _table(rows: list[dict]) -> pd.DataFrame:
    """The checks table of ``rows``, built column by column with the schema's dtypes."""
    import pandas as pd

    dtypes = schema.dtypes(schema.CHECKS)
    return pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=dtypes.get(c, object))
                         for c in schema.CHECK_COLUMNS})


def document_checks(figures: pd.DataFrame) -> pd.DataFrame:
    """Every check of one document's figures (in text order, as :func:`edureports.extract` gives them)."""
    return _table(_document(_records(figures)))


def check_rows(figures: list[dict]) -> list[dict]:
    """The rows of :func:`document_checks` for one document's figure rows (dicts, as
    :func:`edureports.pipeline.figure_rows` gives them; a field a row lacks is missing, None)."""
    return _document(list(map(Fig._make, schema.row_values(figures, _FIELDS))))


def consistency_checks(figures: pd.DataFrame) -> pd.DataFrame:
    """Every check of ``figures`` (one report or many), document by document."""
    docs: dict[str, list[Fig]] = {}
    for f in _records(figures):
        docs.setdefault(f.doc_id, []).append(f)
    return _table([row for figs in docs.values() for row in _document(figs)])
