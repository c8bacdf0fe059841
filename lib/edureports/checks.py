"""Internal-consistency checks of a report's own arithmetic, within one sentence.

Kinds (one row per check found, ``ok`` when the stated figure agrees with the one computed from the
others within rounding):

- ``previous_change_current``: a previous level, a change and a current level of the same unit
  (原有98人, 精减28人, 现有70人: 70 - 98 = -28, a decrease being signed);
- ``growth_from_levels``: a previous level, a current level and a growth rate in percent
  (较去年44.1%提高到57.6%, 提升13.5%: as points, 57.6 - 44.1; or relative, (C - P) / P);
- ``rate_from_counts``: a rate in percent next to two head counts, part and whole (A/B);
- ``parts_sum_total``: an enumeration whose elements add up to a total stated before it (共X, 其中…).
"""

from __future__ import annotations

import math

import pandas as pd

from . import schema

__all__ = ["consistency_checks"]

_COUNT_UNITS = {"person", "person_time", "institution", "item", "event", "count"}


def _close(stated: float, computed: float, decimals_of: str) -> bool:
    """Equal up to the precision the report wrote ``stated`` with (half a unit in the last place)."""
    digits = decimals_of.split(".")[1] if "." in decimals_of else ""
    places = len("".join(ch for ch in digits if ch.isdigit()))
    return math.isclose(stated, computed, abs_tol=0.5 * 10 ** (-places) + 1e-9)


def _row(doc_id, kind, figs, stated, computed, ok, message):
    return {"doc_id": doc_id, "kind": kind, "figure_ids": ",".join(figs), "stated": float(stated),
            "computed": float(computed), "ok": bool(ok), "message": message}


def _sentence_checks(group: pd.DataFrame) -> list[dict]:
    out = []
    doc_id = group["doc_id"].iloc[0]
    exact = group[group["qualifier"] == "exact"]
    for unit, same in exact.groupby("unit"):
        prev = same[same.role == "previous"]
        delta = same[same.role == "delta"]
        level = same[same.role == "level"]
        if unit not in ("percent", "percentage_point") and len(prev) == 1 and len(delta) == 1 and len(level) == 1:
            p, d, c = prev.iloc[0], delta.iloc[0], level.iloc[0]
            computed = c.value - p.value if d.value < 0 else abs(c.value - p.value)  # a decrease is signed
            out.append(_row(doc_id, "previous_change_current", [p.figure_id, d.figure_id, c.figure_id],
                            d.value, computed, _close(d.value, computed, d.raw),
                            f"{p.raw} -> {c.raw}: change {computed:g}, stated {d.raw}"))
    pct = exact[exact.unit == "percent"]
    prev, level = pct[pct.role == "previous"], pct[pct.role == "level"]
    change = exact[exact.unit.isin(["percent", "percentage_point"]) & exact.role.isin(["growth", "delta"])]
    if len(prev) == 1 and len(level) == 1 and len(change) == 1:
        p, c, g = prev.iloc[0], level.iloc[0], change.iloc[0]
        points = c.value - p.value
        relative = (c.value - p.value) / p.value * 100 if p.value else float("nan")
        sign = -1 if g.value < 0 else 1  # a decrease is signed
        ok_points = _close(g.value, sign * abs(points), g.raw)
        computed = sign * abs(points) if ok_points or math.isnan(relative) else sign * abs(relative)
        out.append(_row(doc_id, "growth_from_levels", [p.figure_id, c.figure_id, g.figure_id], g.value,
                        computed, ok_points or _close(g.value, computed, g.raw),
                        f"{p.raw} -> {c.raw}: {computed:.4g} ({'points' if ok_points else 'relative'}), stated {g.raw}"))
    counts = exact[exact.unit.isin(["person"]) & (exact.role == "level")]
    rates = pct[pct.role == "level"]
    if len(counts) == 2 and len(rates) == 1:
        part, whole = sorted((counts.iloc[0], counts.iloc[1]), key=lambda r: r.value)
        r = rates.iloc[0]
        if whole.value:
            computed = part.value / whole.value * 100
            out.append(_row(doc_id, "rate_from_counts", [part.figure_id, whole.figure_id, r.figure_id],
                            r.value, computed, _close(r.value, computed, r.raw),
                            f"{part.raw} / {whole.raw} = {computed:.4g}%, stated {r.raw}"))
    return out


def _parts_checks(group: pd.DataFrame) -> list[dict]:
    """A total (共/合计/总计 just before it, ahead of 其中) and at least two parts of its unit after 其中."""
    from .normalisation import normalise

    out = []
    sentence = group["sentence"].iloc[0]
    split = sentence.find("其中")
    if split < 0:
        return out
    doc_id = group["doc_id"].iloc[0]
    usable = group[(group.qualifier == "exact") & group.unit.isin(_COUNT_UNITS | {"yuan"})]
    for unit, same in usable.groupby("unit"):
        same = same.sort_values("start")
        total, parts = same.iloc[0], same.iloc[1:]
        at = sentence.find(normalise(total.raw).text)
        if len(parts) < 2 or not 0 <= at < split or not any(w in sentence[max(0, at - 8):at]
                                                              for w in ("共", "合计", "总计", "总数")):
            continue
        computed = float(parts.value.sum())
        out.append(_row(doc_id, "parts_sum_total", [total.figure_id, *parts.figure_id], total.value, computed,
                        _close(total.value, computed, total.raw),
                        f"{' + '.join(parts.raw)} = {computed:g}, stated total {total.raw}"))
    return out


def consistency_checks(figures: pd.DataFrame) -> pd.DataFrame:
    """Every check found in ``figures`` (one report or many)."""
    rows: list[dict] = []
    if len(figures):
        for _, group in figures.groupby(["doc_id", "sentence"], sort=False):
            rows += _sentence_checks(group)
            rows += _parts_checks(group)
    return schema.frame(rows, schema.CHECKS)
