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

from .attribute import SectionYears, figure_year
from .corpus import iter_inputs
from .docmeta import apply_catalogue, load_catalogue, report_period, report_type
from .documents import document_row
from .errors import ReportError
from .figures import describe
from .indicators import assign
from .load import FORMATS, Report, read_report
from .normalise import Normalised, normalise
from .places import Place, document_place, english_name, figure_district, publisher_lines
from .quantities import find_quantities

__all__ = ["extract", "extract_report", "extract_many", "document_meta", "FIGURE_COLUMNS", "DOCUMENT_COLUMNS", "Extraction"]

#: The public figures table (DESIGN.md), plus low/high for ranges, the keyword that decided the
#: indicator, the district's English name and the enumeration key.
FIGURE_COLUMNS = [
    "doc_id", "figure_id", "start", "end", "raw", "sentence", "measure", "value", "low", "high",
    "unit", "qualifier", "role", "category", "indicator", "indicator_en", "keyword", "year", "district",
    "district_en", "enum_key",
]
#: The public documents table (DESIGN.md).
DOCUMENT_COLUMNS = [
    "doc_id", "path", "sha256", "format", "encoding", "script", "title", "report_type", "province", "city",
    "district", "admin_code", "year", "period", "year_source", "published", "n_chars", "n_figures", "notes",
]
DEFAULT_CATALOGUE = Path(__file__).resolve().parents[2] / "data" / "catalogue.csv"
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

    meta: dict

    def document(self) -> dict:
        return {**{k: self.meta.get(k) for k in DOCUMENT_COLUMNS}, "n_figures": len(self.figures)}


def _as_float(value) -> float:
    return float("nan") if value is None else float(value)


def document_meta(report: Report, norm: Normalised, catalogue: pd.DataFrame | None = None) -> dict:
    """The documents-table row: file facts, place, report type and period inferred from the text,
    then the curated catalogue laid over them."""
    row = document_row(report, norm)
    place = document_place(row["title"], norm.text, furniture=publisher_lines(norm))
    period = report_period(row["title"], norm.text, row["published"])
    meta = {**row, "report_type": report_type(row["title"], norm.text), "province": place.province,
            "city": place.city, "district": place.district, "admin_code": place.admin_code,
            "year": period.year, "period": period.period, "year_source": period.year_source}
    if period.masked:
        meta["notes"] = "; ".join(x for x in (meta["notes"], "years masked in the text") if x)
    return apply_catalogue(meta, catalogue) if catalogue is not None else meta


def figures_table(doc_id: str, source: str, norm: Normalised, meta: dict | None = None) -> pd.DataFrame:
    """The figures of one normalised text, spans mapped back into ``source``; indicator, year and
    district attributed from the sentence and the document's ``meta`` (place, year, period)."""
    meta = meta or {}
    text = norm.text
    place = Place(meta.get("province"), meta.get("city"), meta.get("district"), meta.get("admin_code"))
    home = meta.get("district") or meta.get("city") or meta.get("province")
    sections = SectionYears(text)
    names_en: dict[str, str] = {}
    rows = []
    for i, fig in enumerate(describe(text, find_quantities(text))):
        q = fig.quantity
        start, end = norm.offsets.to_source(q.start, q.end)
        sentence = text[fig.sentence_start:fig.sentence_end].strip()
        keys = tuple(fig.enum_keys or ())
        enum_key = keys[fig.enum_index] if fig.enum_index is not None and fig.enum_index < len(keys) else None
        label = assign(fig.measure, sentence, q.unit, fig.role)
        district = figure_district(text[fig.sentence_start:q.start], place, enum_key) or home
        if district and district not in names_en:
            names_en[district] = english_name(district)
        rows.append({
            "doc_id": doc_id,
            "figure_id": f"{doc_id}:{i:04d}",
            "start": start,
            "end": end,
            "raw": source[start:end],
            "sentence": sentence,
            "measure": fig.measure or "",
            "value": _as_float(q.value),
            "low": _as_float(q.low),
            "high": _as_float(q.high),
            "unit": q.unit,
            "qualifier": q.qualifier,
            "role": fig.role,
            "category": label.category,
            "indicator": label.indicator,
            "indicator_en": label.label_en,
            "keyword": label.keyword,
            "year": figure_year(text, q.start, q.end, fig.sentence_start, fig.sentence_end,
                                report_year=meta.get("year"), period=meta.get("period"), role=fig.role,
                                enum_keys=keys, enum_index=fig.enum_index, sections=sections),
            "district": district,
            "district_en": names_en.get(district) if district else None,
            "enum_key": None if enum_key is None else str(enum_key),
        })
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS).astype(_DTYPES)


def _catalogue(catalogue) -> pd.DataFrame | None:
    if catalogue is None:
        return None
    if isinstance(catalogue, pd.DataFrame):
        return catalogue
    path = DEFAULT_CATALOGUE if str(catalogue) == "default" else Path(catalogue)
    return load_catalogue(path) if path.exists() else None


def extract_report(path: str | Path, catalogue="default") -> Extraction:
    """Load, normalise and extract one file (raises :class:`ReportError` for bad input).
    ``catalogue``: curated metadata overriding what is inferred (``"default"``: data/catalogue.csv when
    present; ``None``: inference only; or a path or DataFrame)."""
    report = read_report(path)
    norm = normalise(report.source)
    meta = document_meta(report, norm, _catalogue(catalogue))
    return Extraction(report, norm, figures_table(report.doc_id, report.source, norm, meta), meta)


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
    norm = normalise(path_or_text)
    report = Report("text", "", "txt", None, path_or_text, "", {})
    return figures_table("text", path_or_text, norm, document_meta(report, norm))


def _extract_one(path: str, catalogue=None) -> tuple[str, dict | None, pd.DataFrame | None, str | None, str]:
    try:
        result = extract_report(path, catalogue)
    except ReportError as exc:
        return path, None, None, None, exc.problem
    return path, result.document(), result.figures, result.report.source, ""


def _run_dask(inputs: list[str], cat, scheduler: str) -> list:
    """Extract on a Dask cluster (``scheduler``: a distributed scheduler address): one report is
    independent of every other, so the same function runs there, a few partitions per worker."""
    import dask.bag as db
    from dask.distributed import Client

    with Client(scheduler) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        bag = db.from_sequence(inputs, npartitions=min(len(inputs), 4 * workers) or 1)
        return bag.map(_extract_one, cat).compute()


def extract_many(paths: Iterable[str | Path], workers: int = 1, sources_dir: Path | None = None,
                 progress: bool = False, catalogue="default", scheduler: str | None = None):
    """Extract every input; return ``(documents, figures, manifest)``. A bad file is a ``failed`` row
    of the manifest with its reason, never an exception; two inputs with one doc_id: the second fails.
    ``workers`` > 1 uses a local process pool; ``scheduler`` (a Dask distributed address) a cluster."""
    from tqdm import tqdm

    inputs = [str(p) for p in iter_inputs(paths)]
    cat = _catalogue(catalogue)
    if scheduler and inputs:
        results = _run_dask(inputs, cat, scheduler)
    elif workers > 1 and len(inputs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(_extract_one, inputs, [cat] * len(inputs),
                               chunksize=max(1, len(inputs) // (4 * workers)))
            results = list(tqdm(results, total=len(inputs), disable=not progress, unit="file"))
    else:
        results = [_extract_one(p, cat) for p in tqdm(inputs, disable=not progress, unit="file")]
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
    docs = pd.DataFrame(documents, columns=DOCUMENT_COLUMNS).astype(
        {"n_chars": "Int64", "n_figures": "Int64", "year": "Int64"})
    figs = (pd.concat(figures, ignore_index=True) if figures
            else pd.DataFrame(columns=FIGURE_COLUMNS).astype(_DTYPES))
    return docs, figs, pd.DataFrame(manifest, columns=["path", "doc_id", "status", "reason", "n_figures"])
