"""Extraction: a report -> one row per figure, every span pointing into the report's source text.

>>> df = extract("今年春季开学时,已免除全市义务教育阶段公办学校学生学杂费5775.1萬元,惠及学生57.9万人。")
>>> df[["raw", "value", "unit", "qualifier"]].to_dict("records")[0]
{'raw': '5775.1萬元', 'value': 57751000.0, 'unit': 'yuan', 'qualifier': 'exact'}
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from .corpus import DOCUMENT_COLUMNS, iter_inputs
from .documents import document_row
from .errors import ReportError
from .figures import describe
from .load import FORMATS, Report, read_report
from .normalise import Normalised, normalise
from .quantities import find_quantities

__all__ = ["extract", "extract_report", "extract_many", "FIGURE_COLUMNS", "Extraction"]

#: The public figures table (DESIGN.md), plus low/high for ranges and the enumeration key.
FIGURE_COLUMNS = [
    "doc_id", "figure_id", "start", "end", "raw", "sentence", "measure", "value", "low", "high",
    "unit", "qualifier", "role", "category", "indicator", "indicator_en", "year", "district",
    "enum_key",
]
_DTYPES = {
    "start": "int64", "end": "int64", "value": "float64", "low": "float64", "high": "float64",
    "year": "Int64",
}


@dataclass(frozen=True)
class Extraction:
    """Everything one report gives: the loaded report, its normalisation and its figures."""

    report: Report
    norm: Normalised
    figures: pd.DataFrame

    def document(self) -> dict:
        return {**document_row(self.report, self.norm), "n_figures": len(self.figures)}


def _as_float(value) -> float:
    return float("nan") if value is None else float(value)


def figures_table(doc_id: str, source: str, norm: Normalised) -> pd.DataFrame:
    """The figures of one normalised text, spans mapped back into ``source``."""
    text = norm.text
    rows = []
    for i, fig in enumerate(describe(text, find_quantities(text))):
        q = getattr(fig, "quantity", fig)
        start, end = norm.offsets.to_source(q.start, q.end)
        keys = getattr(fig, "enum_keys", None) or ()
        index = getattr(fig, "enum_index", None)
        enum_key = keys[index] if index is not None and index < len(keys) else None
        rows.append({
            "doc_id": doc_id,
            "figure_id": f"{doc_id}:{i:04d}",
            "start": start,
            "end": end,
            "raw": source[start:end],
            "sentence": text[fig.sentence_start:fig.sentence_end].strip(),
            "measure": fig.measure or "",
            "value": _as_float(q.value),
            "low": _as_float(q.low),
            "high": _as_float(q.high),
            "unit": q.unit,
            "qualifier": q.qualifier,
            "role": fig.role,
            "category": None,
            "indicator": None,
            "indicator_en": None,
            "year": None,
            "district": None,
            "enum_key": None if enum_key is None else str(enum_key),
        })
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS).astype(_DTYPES)


def extract_report(path: str | Path) -> Extraction:
    """Load, normalise and extract one file (raises :class:`ReportError` for bad input)."""
    report = read_report(path)
    norm = normalise(report.source)
    return Extraction(report, norm, figures_table(report.doc_id, report.source, norm))


def _is_path(value: str) -> bool:
    return ("\n" not in value and len(value) < 4096 and Path(value).suffix.lower() in FORMATS
            and os.path.exists(value))


def extract(path_or_text: str | Path) -> pd.DataFrame:
    """The figures of a report file (a :class:`~pathlib.Path`, or a string naming an existing report
    file) or of a text given directly (doc_id ``text``)."""
    if isinstance(path_or_text, Path) or (isinstance(path_or_text, str) and _is_path(path_or_text)):
        return extract_report(path_or_text).figures
    if not isinstance(path_or_text, str):
        raise TypeError(f"extract() takes a path or a text, not {type(path_or_text).__name__}")
    return figures_table("text", path_or_text, normalise(path_or_text))


def _extract_one(path: str) -> tuple[str, dict | None, pd.DataFrame | None, str | None, str]:
    try:
        result = extract_report(path)
    except ReportError as exc:
        return path, None, None, None, exc.problem
    return path, result.document(), result.figures, result.report.source, ""


def extract_many(paths: Iterable[str | Path], workers: int = 1, sources_dir: Path | None = None,
                 progress: bool = False):
    """Extract every input; return ``(documents, figures, manifest)``. A bad file is a ``failed`` row
    of the manifest with its reason, never an exception; two inputs with one doc_id: the second fails."""
    from tqdm import tqdm

    inputs = [str(p) for p in iter_inputs(paths)]
    if workers > 1 and len(inputs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(_extract_one, inputs, chunksize=max(1, len(inputs) // (4 * workers)))
            results = list(tqdm(results, total=len(inputs), disable=not progress, unit="file"))
    else:
        results = [_extract_one(p) for p in tqdm(inputs, disable=not progress, unit="file")]
    documents, figures, manifest, seen = [], [], [], set()
    for path, doc, figs, source, problem in results:
        doc_id = Path(path).stem
        if doc is not None and doc_id in seen:
            doc, problem = None, f"duplicate doc_id {doc_id!r}: another input has the same file name"
        row = {"path": path, "doc_id": doc_id, "status": "failed" if doc is None else "processed",
               "reason": problem, "n_figures": 0 if figs is None or doc is None else len(figs)}
        manifest.append(row)
        if doc is None:
            continue
        seen.add(doc_id)
        documents.append(doc)
        figures.append(figs)
        if sources_dir is not None:
            sources_dir.mkdir(parents=True, exist_ok=True)
            (sources_dir / f"{doc_id}.txt").write_text(source, encoding="utf-8", newline="")
    docs = pd.DataFrame(documents, columns=DOCUMENT_COLUMNS + ["n_figures"]).astype(
        {"n_chars": "Int64", "n_figures": "Int64"})
    figs = (pd.concat(figures, ignore_index=True) if figures
            else pd.DataFrame(columns=FIGURE_COLUMNS).astype(_DTYPES))
    return docs, figs, pd.DataFrame(manifest, columns=["path", "doc_id", "status", "reason", "n_figures"])


def write_dataset(paths: Iterable[str | Path], out: str | Path, workers: int = 1, progress: bool = False):
    """``edureports extract``: figures.parquet, documents.parquet, manifest.csv and sources/<doc_id>.txt."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    docs, figs, manifest = extract_many(paths, workers=workers, sources_dir=out / "sources", progress=progress)
    figs.to_parquet(out / "figures.parquet", index=False)
    docs.to_parquet(out / "documents.parquet", index=False)
    manifest.to_csv(out / "manifest.csv", index=False)
    return docs, figs, manifest
