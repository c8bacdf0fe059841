"""The per-document pipeline: a report -> one row per figure, every span pointing into its source text.

load -> normalise -> quantities -> context (measure, role, enumeration) -> indicators -> attribution
(year, district) -> scope (total or part, subgroup, parent); the document row alongside (:mod:`.documents`).

>>> df = extract("今年春季开学时,已免除全市义务教育阶段公办学校学生学杂费5775.1萬元,惠及学生57.9万人。")
>>> df[["raw", "value", "unit", "qualifier"]].to_dict("records")[0]
{'raw': '5775.1萬元', 'value': 57751000.0, 'unit': 'yuan', 'qualifier': 'exact'}
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import schema
from .attribution import FigureDistricts, SectionYears, figure_year, home_district
from .catalogue import resolve_catalogue
from .context import describe
from .documents import document_row
from .indicators import assign
from .load import FORMATS, Report, read_report
from .normalisation import Normalised, normalise
from .places import Place, english_name
from .places.mentions import WordCuts
from .quantities import find_quantities
from .scope import assign_scopes

if TYPE_CHECKING:  # a DataFrame is made by schema.frame; the batch's workers use figure_rows, no pandas
    import pandas as pd

__all__ = ["extract", "extract_report", "figures_table", "figure_rows", "Extraction"]


@dataclass(frozen=True)
class Extraction:
    """Everything one report gives: the loaded report, its normalisation and its figures."""

    report: Report
    norm: Normalised
    figures: pd.DataFrame

    meta: dict

    def document(self) -> dict:
        return {**{k: self.meta.get(k) for k in schema.DOCUMENT_COLUMNS}, "n_figures": len(self.figures)}


#: a figure row's columns (the figures table's, in order), empty: each row is a copy filled in, which costs
#: less than a dict literal of its entries (and the scope columns, filled last, find their places)
_ROW = dict.fromkeys(schema.FIGURE_COLUMNS)

#: the English name of a district (a per-name lookup: the gazetteer's names are few, each worked out once)
_english_name = functools.lru_cache(maxsize=4096)(english_name)


def figures_table(doc_id: str, source: str, norm: Normalised, meta: dict | None = None, *,
                  cuts: WordCuts | None = None) -> pd.DataFrame:
    """The figures of one normalised text, spans mapped back into ``source``; indicator, year and
    district attributed from the sentence and the document's ``meta`` (place, year, period).
    ``attrs["too_long"]``, when there are any, lists the ``(start, end, raw)`` in ``source`` of numbers
    too long to be a figure (see :data:`~edureports.quantities.EXACT_DIGITS`). ``cuts``: the document's
    :class:`~edureports.places.mentions.WordCuts` (from its :func:`~edureports.documents.document_row`)."""
    too_long: list = []
    table = schema.frame(figure_rows(doc_id, source, norm, meta, too_long, cuts=cuts), schema.FIGURES)
    if too_long:
        table.attrs["too_long"] = too_long
    return table


def figure_rows(doc_id: str, source: str, norm: Normalised, meta: dict | None = None,
                too_long: list | None = None, *, cuts: WordCuts | None = None) -> list[dict]:
    """The rows of :func:`figures_table`, as dicts of plain values (a missing number is NaN, a missing
    text or year None): the batch writes them without building a DataFrame per document. ``too_long``,
    when given, receives the ``(start, end, raw)`` in ``source`` of each number too long to be a figure."""
    meta = meta or {}
    text = norm.text
    found = find_quantities(text)
    figures = describe(text, found)
    rows = _rows(doc_id, source, text, norm.offsets.to_source, figures)
    # then one stage at a time over every figure, not every stage figure by figure: a stage's vocabulary,
    # automata and patterns stay warm in the processor's caches through the document
    _fill_indicators(rows, figures)
    _fill_years(rows, figures, text, meta)
    home = home_district(meta)
    _fill_districts(rows, figures, text, meta, home, cuts)
    _fill_scopes(text, figures, rows, home, meta)
    if too_long is not None:
        spans = [norm.offsets.to_source(start, end) for start, end, _ in found.too_long]
        too_long += [(start, end, source[start:end]) for start, end in spans]
    return rows


def _rows(doc_id: str, source: str, text: str, to_source, figures) -> list[dict]:
    """A row per figure with what the figure itself says (span, sentence, measure, value, unit, role,
    enumeration key); the columns that later stages fill are None."""
    rows, span, sentence, nan = [], None, "", float("nan")
    template = {**_ROW, "doc_id": doc_id}
    for i, fig in enumerate(figures):
        q, index, s0, s1 = fig.quantity, fig.enum_index, fig.sentence_start, fig.sentence_end
        start, end = to_source(q.start, q.end)
        if span != (s0, s1):  # figures in sentence order: the text of one kept
            span = (s0, s1)
            sentence = text[s0:s1].strip()
        row = template.copy()
        row["figure_id"] = f"{doc_id}:{i:04d}"
        row["start"], row["end"] = start, end
        row["raw"] = source[start:end]
        row["sentence"] = sentence
        row["measure"] = fig.measure or ""
        row["value"] = nan if q.value is None else float(q.value)
        row["low"] = nan if q.low is None else float(q.low)
        row["high"] = nan if q.high is None else float(q.high)
        row["unit"], row["qualifier"], row["role"] = q.unit, q.qualifier, fig.role
        keys = fig.enum_keys or ()
        if index is not None and index < len(keys) and keys[index] is not None:
            row["enum_key"] = str(keys[index])
        rows.append(row)
    return rows


def _fill_indicators(rows: list[dict], figures) -> None:
    """The indicator columns (category, indicator, indicator_en, keyword) of ``rows``."""
    for row, fig in zip(rows, figures):
        label = assign(fig.measure, row["sentence"], row["unit"], row["role"])
        row["category"], row["indicator"] = label.category, label.indicator
        row["indicator_en"], row["keyword"] = label.label_en, label.keyword


def _fill_years(rows: list[dict], figures, text: str, meta: dict) -> None:
    """The year column of ``rows`` (see :func:`~.attribution.figure_year`)."""
    sections, report_year, period = SectionYears(text), meta.get("year"), meta.get("period")
    for row, fig in zip(rows, figures):
        q, index = fig.quantity, fig.enum_index
        keys = tuple(fig.enum_keys or ()) if index is not None else ()  # read only with an index
        row["year"] = figure_year(text, q.start, q.end, fig.sentence_start, fig.sentence_end,
                                  report_year=report_year, period=period, role=fig.role,
                                  enum_keys=keys, enum_index=index, sections=sections)


def _fill_districts(rows: list[dict], figures, text: str, meta: dict, home: str | None,
                    cuts: WordCuts | None) -> None:
    """The district columns of ``rows``: the area a figure's sentence or enumeration key names, else
    ``home`` (see :class:`~.attribution.FigureDistricts`)."""
    place = Place(meta.get("province"), meta.get("city"), meta.get("district"), meta.get("admin_code"))
    districts = FigureDistricts(text, place, cuts)
    for row, fig in zip(rows, figures):
        district = districts.at(fig.sentence_start, fig.sentence_end, fig.quantity.start, row["enum_key"]) or home
        row["district"] = district
        row["district_en"] = _english_name(district) if district else None


def _fill_scopes(text: str, figures, rows: list[dict], home: str | None, meta: dict) -> None:
    """The scope, subgroup and parent_id columns of ``rows`` (see :mod:`.scope`)."""
    level = next((k for k in ("district", "city", "province") if meta.get(k)), None)
    scopes = assign_scopes(text, figures, districts=[r["district"] for r in rows], home=home, home_level=level,
                           indicators=[r["indicator"] for r in rows], years=[r["year"] for r in rows])
    for row, s in zip(rows, scopes):
        row["scope"] = s.scope
        row["subgroup"] = s.subgroup
        row["parent_id"] = rows[s.parent]["figure_id"] if s.parent is not None else None


def extract_report(path: str | Path, catalogue="default") -> Extraction:
    """Load, normalise and extract one file (raises :class:`ReportError` for bad input).
    ``catalogue``: curated metadata overriding what is inferred (``"default"``: data/catalogue.csv when
    present; ``None``: inference only; or a path or DataFrame)."""
    report = read_report(path)
    norm = normalise(report.source)
    cuts = WordCuts()  # the segmentations of the document's place, read again for its figures' districts
    meta = document_row(report, norm, resolve_catalogue(catalogue), cuts=cuts)
    return Extraction(report, norm, figures_table(report.doc_id, report.source, norm, meta, cuts=cuts), meta)


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
    cuts = WordCuts()  # the segmentations of the document's place, read again for its figures' districts
    return figures_table("text", path_or_text, norm, document_row(report, norm, cuts=cuts), cuts=cuts)
