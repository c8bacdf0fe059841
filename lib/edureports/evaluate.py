"""Score extracted figures against hand-annotated gold (``data/gold/<doc_id>.csv``).

A predicted figure *matches* a gold figure when their source spans overlap (pairs chosen greedily by
the largest overlap, each figure used once). A match is *strict* when, in addition, the values are
equal (both empty for masked digits) and the units are equal. Precision, recall and F1 are reported
for plain span matches and for strict matches; role and qualifier accuracy over strict matches;
category, year and district accuracy over span matches (an empty gold year or district must be empty
in the prediction too).

Years are also scored the way they matter without curated metadata: ``year_text_accuracy`` counts only
the gold rows whose year the text itself determines (a non-empty gold year that the gold folder's
``year_context.yaml`` does not list as supplied by the report's known context), and ``year_wrong`` is the
share of span matches given a year where the gold has another or none (an empty prediction is never wrong).
Scope (when the gold has a ``scope`` column): ``scope_accuracy`` over span matches;
``parts_as_totals``, the share of matched gold parts that the prediction presents as totals;
``parent_accuracy`` over matched gold parts, whose ``parent`` (the start of the whole's gold row)
must be the gold row the predicted ``parent_id`` is matched to (both empty counts as right).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ._data import parse_yaml_strict
from .errors import DataFileError

__all__ = ["load_gold", "load_year_context", "evaluate", "Score"]

#: the file, beside the gold CSVs, naming the gold years that come from a report's known context
YEAR_CONTEXT = "year_context.yaml"


@dataclass(frozen=True)
class Score:
    n_gold: int
    n_pred: int
    span_matches: int
    strict_matches: int
    role_correct: int
    qualifier_correct: int
    category_correct: int = 0
    year_correct: int = 0
    district_correct: int = 0
    year_text_rows: int = 0
    year_text_correct: int = 0
    year_wrong: int = 0
    scope_correct: int = 0
    scope_scored: int = 0
    gold_parts: int = 0
    parts_as_totals: int = 0
    parent_correct: int = 0

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def as_dict(self) -> dict:
        sp = self.span_matches / self.n_pred if self.n_pred else 0.0
        sr = self.span_matches / self.n_gold if self.n_gold else 0.0
        p = self.strict_matches / self.n_pred if self.n_pred else 0.0
        r = self.strict_matches / self.n_gold if self.n_gold else 0.0
        return {
            "n_gold": self.n_gold, "n_pred": self.n_pred,
            "span_precision": sp, "span_recall": sr, "span_f1": self._f1(sp, sr),
            "precision": p, "recall": r, "strict_f1": self._f1(p, r),
            "role_accuracy": self.role_correct / self.strict_matches if self.strict_matches else 0.0,
            "qualifier_accuracy": self.qualifier_correct / self.strict_matches if self.strict_matches else 0.0,
            **{f"{k}_accuracy": getattr(self, f"{k}_correct") / self.span_matches if self.span_matches else 0.0
               for k in ("category", "year", "district")},
            "year_text_accuracy": (self.year_text_correct / self.year_text_rows if self.year_text_rows
                                   else float("nan")),  # no year the text determines
            "year_wrong": self.year_wrong / self.span_matches if self.span_matches else 0.0,
            **self._scope_scores(),
        }

    def _scope_scores(self) -> dict:
        """Scope accuracy, the share of gold parts shown as totals, parent accuracy over gold parts."""
        parts = self.gold_parts
        return {
            "scope_accuracy": self.scope_correct / self.scope_scored if self.scope_scored else float("nan"),
            "parts_as_totals": self.parts_as_totals / parts if parts else float("nan"),
            "parent_accuracy": self.parent_correct / parts if parts else float("nan"),
        }


def load_year_context(path: str | Path) -> dict[str, frozenset[int]]:
    """Per document, the gold years its known context supplies and its text never states (``{}`` when
    the file is absent). The file is read by the strict parser (a duplicate doc_id is an error); every
    malformed entry is reported together.

    >>> load_year_context("no/such/file.yaml")
    {}
    """
    path = Path(path)
    if not path.exists():
        return {}
    data, duplicates = parse_yaml_strict(path.read_text(encoding="utf-8"))
    if data is None and duplicates:  # not YAML at all
        raise DataFileError(str(path), duplicates)
    data = data or {}
    if not isinstance(data, dict):
        raise DataFileError(str(path), ["expected a mapping of doc_id -> {years, why}"])
    errors, out = list(duplicates), {}
    for doc_id, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != {"years", "why"}:
            errors.append(f"{doc_id}: keys must be years and why")
            continue
        years = entry["years"]
        if not isinstance(years, list) or not years or not all(isinstance(y, int) and 1900 < y < 2100 for y in years):
            errors.append(f"{doc_id}: years must be a non-empty list of years")
        elif not isinstance(entry["why"], str) or not entry["why"].strip():
            errors.append(f"{doc_id}: why must say where the years come from")
        else:
            out[str(doc_id)] = frozenset(years)
    if errors:
        raise DataFileError(str(path), errors)
    return out


def load_gold(gold_dir: str | Path) -> pd.DataFrame:
    """Every gold CSV of ``gold_dir`` as one table, with ``year_in_text``: whether the row's year is one
    the text determines (see :func:`load_year_context`)."""
    frames = [pd.read_csv(p, dtype={"raw": str, "district": str, "measure": str, "note": str, "scope": str,
                                    "subgroup": str})
              for p in sorted(Path(gold_dir).glob("*.csv"))]
    if not frames:
        raise FileNotFoundError(f"{gold_dir}: no gold .csv files")
    gold = pd.concat(frames, ignore_index=True).rename(columns={"doc": "doc_id"})
    context = load_year_context(Path(gold_dir) / YEAR_CONTEXT)
    gold["year_in_text"] = [not _missing(y) and int(y) not in context.get(str(d), ())
                            for d, y in zip(gold.doc_id, gold.year)]
    return gold


def _values_equal(a: float, b: float) -> bool:
    if pd.isna(a) or pd.isna(b):
        return pd.isna(a) and pd.isna(b)
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _missing(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def _same(a, b) -> bool:
    """Equal, with missing == missing and 2018 == 2018.0 == '2018'."""
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return str(a) == str(b)


def _match(gold: pd.DataFrame, pred: pd.DataFrame) -> list[tuple[int, int]]:
    pairs = []
    for gi, g in gold.iterrows():
        for pi, p in pred.iterrows():
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                pairs.append((overlap, gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def score_document(gold: pd.DataFrame, pred: pd.DataFrame) -> tuple[Score, pd.DataFrame]:
    """Score one document; also return the pairing (gold and predicted rows side by side)."""
    span = strict = role = qual = text_rows = text_ok = wrong = 0
    attrs = {"category": 0, "year": 0, "district": 0}
    rows = []
    matched_pred = set()
    pairs = _match(gold, pred)
    for gi, pi in pairs:
        g, p = gold.loc[gi], pred.loc[pi]
        matched_pred.add(pi)
        ok = _values_equal(g.value, p.value) and g.unit == p.unit
        span += 1
        for key in attrs:
            attrs[key] += _same(g.get(key), p.get(key))
        in_text = g.get("year_in_text", not _missing(g.get("year")))
        text_rows += bool(in_text)
        text_ok += bool(in_text) and _same(g.get("year"), p.get("year"))
        wrong += not _missing(p.get("year")) and not _same(g.get("year"), p.get("year"))
        if ok:
            strict += 1
            role += g.role == p.role
            qual += g.qualifier == p.qualifier
        rows.append({"doc_id": g.doc_id, "gold_raw": g.raw, "pred_raw": p.raw, "gold_value": g.value,
                     "pred_value": p.value, "gold_unit": g.unit, "pred_unit": p.unit, "strict": ok,
                     "gold_role": g.role, "pred_role": p.role, "gold_qualifier": g.qualifier,
                     "pred_qualifier": p.qualifier, "start": g.start,
                     "gold_scope": g.get("scope"), "pred_scope": p.get("scope"),
                     "gold_subgroup": g.get("subgroup"), "pred_subgroup": p.get("subgroup"),
                     **{f"{k}_{side}": r.get(k) for k in attrs for side, r in (("gold", g), ("pred", p))}})
    matched_gold = {gi for gi, _ in pairs}
    for gi, g in gold.iterrows():
        if gi not in matched_gold:
            rows.append({"doc_id": g.doc_id, "gold_raw": g.raw, "gold_value": g.value, "gold_unit": g.unit,
                         "strict": False, "start": g.start, "pred_raw": None})
    for pi, p in pred.iterrows():
        if pi not in matched_pred:
            rows.append({"doc_id": p.doc_id, "pred_raw": p.raw, "pred_value": p.value, "pred_unit": p.unit,
                         "strict": False, "start": p.start, "gold_raw": None})
    score = Score(len(gold), len(pred), span, strict, role, qual, *attrs.values(), text_rows, text_ok, wrong,
                  **_scope_counts(gold, pred, pairs))
    return score, pd.DataFrame(rows)


def _scope_counts(gold: pd.DataFrame, pred: pd.DataFrame, pairs: list[tuple[int, int]]) -> dict:
    """Counts behind the scope scores, over the matched pairs whose gold states a scope."""
    counts = dict.fromkeys(("scope_correct", "scope_scored", "gold_parts", "parts_as_totals", "parent_correct"), 0)
    if "scope" not in gold.columns:
        return counts
    gold_of_pred = {pi: gi for gi, pi in pairs}
    pred_row = {fid: pi for pi, fid in pred["figure_id"].items()} if "figure_id" in pred.columns else {}
    for gi, pi in pairs:
        g, p = gold.loc[gi], pred.loc[pi]
        if _missing(g.get("scope")):
            continue
        counts["scope_scored"] += 1
        counts["scope_correct"] += g.scope == p.get("scope")
        if g.scope != "part":
            continue
        counts["gold_parts"] += 1
        counts["parts_as_totals"] += p.get("scope") == "total"
        parent = p.get("parent_id")
        whole = gold_of_pred.get(pred_row.get(parent)) if not _missing(parent) else None
        stated = g.get("parent")
        counts["parent_correct"] += (_missing(stated) and _missing(parent)) or (
            whole is not None and not _missing(stated) and float(gold.loc[whole, "start"]) == float(stated))
    return counts


def evaluate(gold: pd.DataFrame, pred: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-document and overall scores (``ALL`` row), and the detail of every pairing and miss.
    Only documents that have gold are scored."""
    scores, details = {}, []
    for doc_id, g in gold.groupby("doc_id", sort=True):
        p = pred[pred.doc_id == doc_id].reset_index(drop=True)
        score, detail = score_document(g.reset_index(drop=True), p)
        scores[doc_id] = score
        details.append(detail)
    total = Score(*(sum(getattr(s, f) for s in scores.values()) for f in Score.__dataclass_fields__))
    table = pd.DataFrame({**{k: v.as_dict() for k, v in scores.items()}, "ALL": total.as_dict()}).T
    table.index.name = "doc_id"
    detail = pd.concat(details, ignore_index=True).sort_values(["doc_id", "start"], kind="stable")
    return table, detail.reset_index(drop=True)
