"""What the notebooks call: open the dataset, select, summarise in English or Chinese, profile a district.

Notebooks only set parameters and call these, so the logic is tested here, not in the notebooks.

>>> names = column_names("en")
>>> names["district_en"], column_names("zh")["district"]
('district', '区县')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pandas as pd

from ._data import load_yaml
from .checks import relation_words
from .batch import write_dataset
from .dataset import OpenDataset, open_dataset
from .cells import CELL_ROLES, conflicts, panel, with_scope
from .paths import GOLD, PROJECT_DIR, SEEDS

__all__ = [
    "open_workbook", "select", "column_names", "document_listing", "coverage_counts", "extraction_quality",
    "Book", "begin", "finish", "summary", "profile_summary", "TOPICS", "topic_rows", "whole_area", "breakdowns",
    "whole_area_table", "breakdown_table", "cell_sources", "conflict_table", "exam_changes", "chart_rows",
    "category_counts",
    "per_student", "district_profile", "load_manifest", "write_summary", "PROJECT_DIR", "zh_labels",
    "document_places", "profile_district", "report_name", "largest_amounts", "compare",
]


_NAMES = {column: tuple(pair) for column, pair in load_yaml("labels.yaml")["columns"].items()}  # (en, zh)


def column_names(lang: str) -> dict[str, str]:
    """Column headers in ``lang`` ('en' or 'zh')."""
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
    i = 0 if lang == "en" else 1
    return {k: v[i] for k, v in _NAMES.items()}


def _show(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return df.rename(columns=column_names(lang))


def open_workbook(dataset_dir: str | Path, inputs: str | Path | Sequence | None = None) -> OpenDataset:
    """The dataset in ``dataset_dir``, built first from ``inputs`` (default: the seed reports) when the
    folder holds none yet."""
    dataset_dir = Path(dataset_dir)
    if not (dataset_dir / "figures.parquet").exists():
        write_dataset([inputs] if isinstance(inputs, (str, Path)) else (inputs or [SEEDS]), dataset_dir)
    return open_dataset(dataset_dir)


def select(figures: pd.DataFrame, districts: Sequence[str] | None = None,
           years: Sequence[int] | None = None) -> pd.DataFrame:
    """Figures of the given districts (Chinese or English names) and years; None means all."""
    out = figures
    if districts:
        wanted = set(districts)
        out = out[out["district"].isin(wanted) | out["district_en"].isin(wanted)]
    if years:
        out = out[out["year"].isin([int(y) for y in years])]
    return out


def _document_area(documents: pd.DataFrame) -> pd.Series:
    """Each document's own area: its district, else its city, else its province."""
    return documents["district"].fillna(documents["city"]).fillna(documents["province"])


def document_listing(documents: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per document: place, type, period, format, encoding, script, length, figures."""
    from .places import english_name

    df = documents.sort_values("doc_id").copy()
    place = _document_area(df)
    df["place"] = place if lang == "zh" else place.map(lambda p: english_name(p) if isinstance(p, str) else None)
    cols = ["doc_id", "place", "admin_code", "report_type", "period", "year_source", "format", "encoding",
            "script", "n_chars", "n_figures", "title"]
    return _show(df[cols].reset_index(drop=True), lang)


def coverage_counts(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures per category and district-year (long form: category, district, district_en, year, n)."""
    keys = ["category", "district", "district_en", "year"]
    return (figures.groupby(keys, dropna=False).size().rename("n").reset_index()
            .sort_values(keys, kind="stable").reset_index(drop=True))


def extraction_quality(figures: pd.DataFrame, gold_dir: str | Path = GOLD) -> pd.DataFrame:
    """Precision, recall, strict F1, and role/qualifier/category/year/district accuracy against the gold,
    for the documents that have gold (empty when none has)."""
    from .evaluate import evaluate, load_gold

    gold_dir = Path(gold_dir)
    if not any(gold_dir.glob("*.csv")):
        return pd.DataFrame()
    gold = load_gold(gold_dir)
    gold = gold[gold["doc_id"].isin(figures["doc_id"].unique())]
    if gold.empty:
        return pd.DataFrame()
    table, _ = evaluate(gold, figures)
    cols = ["n_gold", "n_pred", "precision", "recall", "strict_f1", "role_accuracy", "qualifier_accuracy",
            "category_accuracy", "year_accuracy", "district_accuracy"]
    return table[cols].astype(float).round(3)


def per_student(figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Money per student, in yuan: amounts the reports state per student (生均…, 每生…), and amounts
    divided by the pupils they reach where one sentence gives both (免除学杂费5775.1万元,惠及学生57.9万人).
    ``how`` says which; ``amount`` and ``base`` are the figures as written."""
    words = relation_words()
    money = figures[(figures["unit"] == "yuan") & (figures["role"] == "level") & figures["value"].notna()]
    stated = money[money["measure"].str.contains("|".join(words["per_head"]), regex=True)]
    rows = [{"district": r.district, "district_en": r.district_en, "year": r.year, "measure": r.measure,
             "amount": r.raw, "base": "", "per_student_yuan": r.value, "how": "stated"}
            for r in stated.itertuples()]
    pupils = figures[(figures["unit"] == "person") & (figures["role"] == "level") & figures["value"].gt(0)
                     & figures["measure"].str.contains("|".join(words["pupils"]), regex=True)]
    for (_, _), group in money.drop(stated.index).groupby(["doc_id", "sentence"]):
        base = pupils[(pupils.doc_id == group.doc_id.iloc[0]) & (pupils.sentence == group.sentence.iloc[0])]
        if len(group) == 1 and len(base) == 1:
            m, b = group.iloc[0], base.iloc[0]
            rows.append({"district": m.district, "district_en": m.district_en, "year": m.year,
                         "measure": m.measure, "amount": m.raw, "base": b.raw,
                         "per_student_yuan": round(m.value / b.value, 2), "how": "computed"})
    table = pd.DataFrame(rows, columns=["district", "district_en", "year", "measure", "amount", "base",
                                        "per_student_yuan", "how"])
    table = table.drop(columns="district" if lang == "en" else "district_en")
    return _show(table.reset_index(drop=True), lang)


# ------------------------------------------------------------------------------ a notebook's set-up


@dataclass
class Book:
    """What a report notebook works on: its name, the dataset, the selected figures and their panel
    (whole-area cells, subgroup '' , and the parts' rows)."""

    name: str
    dataset: OpenDataset
    figures: pd.DataFrame
    cells: pd.DataFrame


def begin(name: str, dataset_dir: str | Path, districts: Sequence[str] | None = None,
          years: Sequence[int] | None = None) -> Book:
    """The set-up cell of every report notebook: chart theme and fonts, the dataset (built from the
    seeds when missing), the figures of ``districts`` and ``years``, and their panel."""
    from . import plots

    plots.set_theme(style="whitegrid")
    ds = open_workbook(dataset_dir)
    figures = select(ds.figures, districts, years)
    return Book(name, ds, figures, panel(figures, subgroups=True))


#: what each report counts: a category, indicator prefixes and units
TOPICS = {
    "funding": {"categories": ("funding",), "indicators": (), "units": ("yuan",)},
    "exams": {"categories": (), "indicators": ("exam.gaokao", "exam.zhongkao"), "units": ()},
    "staffing": {"categories": ("staffing",), "indicators": (), "units": ("person", "person_time")},
}


def topic_rows(df: pd.DataFrame, topic: str) -> pd.DataFrame:
    """The rows of ``df`` (figures or panel cells) that ``topic`` counts (see :data:`TOPICS`)."""
    if topic not in TOPICS:
        raise ValueError(f"topic must be one of {sorted(TOPICS)}, not {topic!r}")
    rule = TOPICS[topic]
    keep = pd.Series(True, index=df.index)
    if rule["categories"]:
        keep &= df["category"].isin(rule["categories"])
    if rule["indicators"]:
        keep &= df["indicator"].astype(str).str.startswith(tuple(rule["indicators"]))
    if rule["units"]:
        keep &= df["unit"].isin(rule["units"])
    return df[keep]


def whole_area(cells: pd.DataFrame, topic: str | None = None) -> pd.DataFrame:
    """The whole-area cells of a panel (subgroup ''), of ``topic`` when given."""
    rows = cells[cells["subgroup"] == ""]
    return topic_rows(rows, topic) if topic else rows


def breakdowns(cells: pd.DataFrame, topic: str | None = None) -> pd.DataFrame:
    """The parts' rows of a panel (文/理, 小学/初中, 公办/民办…), of ``topic`` when given."""
    rows = cells[cells["subgroup"] != ""]
    return topic_rows(rows, topic) if topic else rows


def _place_label(lang: str) -> tuple[str, str]:
    """The place and indicator columns a table shows in ``lang`` (see :func:`_named`)."""
    return ("district_en", "indicator_en") if lang == "en" else ("district", "indicator_zh")


def _named(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with ``indicator_zh``: the indicator's Chinese label from the vocabulary."""
    return rows.assign(indicator_zh=rows["indicator"].map(zh_labels()).fillna(rows["indicator"]))


def whole_area_table(cells: pd.DataFrame, topic: str, lang: str = "en", scale: float | None = None) -> pd.DataFrame:
    """One row per district and year, one column per indicator: the whole-area cells of ``topic``
    (money in 10k yuan, 万元, unless ``scale`` is given)."""
    rows = _named(whole_area(cells, topic))
    if rows.empty:
        return pd.DataFrame()
    scale = scale or (10_000 if set(rows["unit"]) == {"yuan"} else 1)
    place, label = _place_label(lang)
    wide = rows.pivot_table(index=[place, "year"], columns=label, values="value", aggfunc="first",
                            dropna=False, sort=True) / scale
    wide = wide.dropna(how="all")
    wide.columns.name = None
    wide.index = wide.index.set_names([column_names(lang)[place], column_names(lang)["year"]])
    return wide.round(2)


def _parent_raw(figures: pd.DataFrame) -> dict[str, str]:
    """figure_id -> the raw text of the whole it is a part of."""
    if "parent_id" not in figures.columns:
        return {}
    raw = dict(zip(figures["figure_id"], figures["raw"]))
    return {f: raw.get(p, "") for f, p in zip(figures["figure_id"], figures["parent_id"]) if isinstance(p, str)}


def breakdown_table(cells: pd.DataFrame, figures: pd.DataFrame, topic: str, lang: str = "en") -> pd.DataFrame:
    """The parts of ``topic``, each with the whole it belongs to as written (``part_of``); money in
    10k yuan (万元)."""
    rows = _named(breakdowns(cells, topic))
    place, label = _place_label(lang)
    parents = _parent_raw(figures)
    part_of = rows["figure_ids"].map(lambda ids: ", ".join(dict.fromkeys(
        parents[i] for i in ids.split(",") if parents.get(i))))
    value = "amount_10k_yuan" if len(rows) and set(rows["unit"]) == {"yuan"} else "value"
    table = rows.assign(part_of=part_of, amount_10k_yuan=(rows["value"] / 10_000).round(2))
    table = table[[place, "year", label, "subgroup", value, "unit", "part_of", "figure_ids"]]
    return _show(table.reset_index(drop=True), lang)


def cell_sources(cells: pd.DataFrame, figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """From each cell to its sentences: one row per statement of each cell (figure, as written, its
    role, the sentence)."""
    place, label = _place_label(lang)
    keys = [place, "year", label, "subgroup"]
    cells = _named(cells)
    statements = cells[keys + ["figure_ids"]].assign(figure_id=cells["figure_ids"].str.split(",")).explode("figure_id")
    statements = statements.merge(figures[["figure_id", "doc_id", "raw", "role", "sentence"]], on="figure_id", how="left")
    table = statements[keys + ["doc_id", "figure_id", "raw", "role", "sentence"]]
    return _show(table.reset_index(drop=True), lang)


def conflict_table(cells: pd.DataFrame, figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Every statement of a cell whose statements disagree (within a report or across reports)."""
    place, label = _place_label(lang)
    rows = _named(conflicts(cells, figures))
    return _show(rows[[place, "year", label, "subgroup", "source", "raw", "value", "doc_id", "sentence"]], lang)


def exam_changes(cells: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Whole-area exam cells, each beside the cell of the year before (stated by the same report as
    较去年…, or by the previous year's report), and the change between them."""
    rows = whole_area(cells, "exams")
    if rows.empty:
        return pd.DataFrame()
    place, label = _place_label(lang)
    dated = rows[rows["year"].notna()]  # a cell of unknown year has no year before it
    before = dated[["district", "indicator", "year", "value"]].assign(year=dated["year"] + 1)
    table = rows.merge(before.rename(columns={"value": "previous"}), on=["district", "indicator", "year"], how="left")
    table = _named(table.rename(columns={"value": "current"}))
    table = table.assign(change=(table["current"] - table["previous"]).round(2))
    table = table[[place, label, "year", "unit", "current", "previous", "change", "figure_ids"]]
    return _show(table.sort_values([place, label, "year"], kind="stable").reset_index(drop=True), lang)


def chart_rows(cells: pd.DataFrame, topic: str, units: Sequence[str] | None = None) -> pd.DataFrame:
    """The whole-area cells of ``topic`` (of ``units`` when given) as the chart helpers of
    :mod:`.plots` read figures: one value per cell, the level for that year, with its district-year."""
    rows = whole_area(cells, topic)
    if units:
        rows = rows[rows["unit"].isin(list(units))]
    year = rows["year"].astype("string").fillna("?")
    return rows.assign(role="level", district_year=rows["district"].fillna("?") + " " + year)


def category_counts(figures: pd.DataFrame, district: str) -> pd.DataFrame:
    """The figures of ``district``, each counting once (``n``), for a chart of figures per category."""
    return select(figures, districts=[district]).assign(n=1)


def summary(book: Book, topic: str) -> str:
    """The one line the report index shows: whole-area cells, breakdown rows and conflicts of ``topic``."""
    whole, parts = whole_area(book.cells, topic), breakdowns(book.cells, topic)
    years = whole.groupby(["district", "year"], dropna=False).ngroups
    return (f"{len(whole)} whole-area {topic} cells for {years} district-years, {len(parts)} breakdown rows, "
            f"{int(whole['conflict'].sum())} cells with conflicting statements")


def finish(book: Book, output_dir: str | Path, text: str) -> str:
    """Record ``text`` as the report's summary (:func:`write_summary`) and return it."""
    write_summary(output_dir, book.name, text)
    return text


def _parts_under_wholes(ids: list[str], parents: list) -> list[str]:
    """``ids`` in their order, each part moved right under the whole it belongs to (parts of parts too)."""
    present = set(ids)
    children: dict[str, list[str]] = {}
    for fid, parent in zip(ids, parents):
        if isinstance(parent, str) and parent in present and parent != fid:
            children.setdefault(parent, []).append(fid)
    order: list[str] = []
    seen: set[str] = set()

    def visit(fid: str) -> None:
        if fid not in seen:
            seen.add(fid)
            order.append(fid)
            for child in children.get(fid, ()):
                visit(child)

    for fid, parent in zip(ids, parents):
        if not (isinstance(parent, str) and parent in present):
            visit(fid)
    return order + [fid for fid in ids if fid not in seen]  # a loop of parents: keep its rows


def district_profile(figures: pd.DataFrame, district: str, lang: str = "en") -> pd.DataFrame:
    """Every figure of one district by category, each part right under the whole it belongs to
    (``part_of`` names the whole as written), with the sentence it came from."""
    rows = select(with_scope(figures), districts=[district]).sort_values(["category", "doc_id", "start"], kind="stable")
    order = _parts_under_wholes(list(rows["figure_id"]), list(rows["parent_id"]))
    rows = rows.set_index("figure_id").loc[order].reset_index()
    rows = _named(rows).assign(subgroup=rows["subgroup"].fillna(""),
                               part_of=rows["figure_id"].map(_parent_raw(figures)).fillna(""))
    cols = ["category", _place_label(lang)[1], "year", "raw", "subgroup", "part_of", "value", "unit", "role",
            "sentence"]
    return _show(rows[cols].reset_index(drop=True), lang)


def profile_summary(figures: pd.DataFrame, district: str) -> str:
    """The profile's one line: figures, categories and parts of ``district``."""
    rows = select(with_scope(figures), districts=[district])
    return (f"{district}: {len(rows)} figures in {rows['category'].nunique()} categories, "
            f"{int((rows['scope'] == 'part').sum())} of them parts of a whole")


def zh_labels() -> dict[str, str]:
    """Indicator id -> its Chinese label from the vocabulary, for charts in Chinese."""
    from .indicators import load_indicators

    return {i.id: i.label_zh for i in load_indicators()} | {"other": "其他"}


def document_places(documents: pd.DataFrame) -> list[str]:
    """Each document's own area (district, else city, else province), sorted, once each."""
    return sorted(_document_area(documents).dropna().unique())


def profile_district(figures: pd.DataFrame, districts: Sequence[str] | None) -> str:
    """The district a profile shows: the first one asked for, else the one with the most figures."""
    if districts:
        return districts[0]
    counts = figures["district"].value_counts()
    if counts.empty:
        raise ValueError("no figure has a district: nothing to profile")
    return counts.index[0]


def report_name(base: str, districts: Sequence[str] | None = None) -> str:
    """File name of a report: ``base``, or ``base_<district in pinyin>`` for a one-district report.

    >>> report_name("04_district_profile", ["吉安市"])
    '04_district_profile_ji-an-city'
    """
    import re

    from .places import english_name

    if not districts or len(districts) != 1:
        return base
    slug = re.sub(r"[^a-z0-9]+", "-", english_name(districts[0]).lower()).strip("-")
    return f"{base}_{slug}"


def largest_amounts(figures: pd.DataFrame, lang: str = "en", n: int = 10) -> pd.DataFrame:
    """The ``n`` largest sums of money stated, with the sentence each comes from."""
    money = figures[(figures["unit"] == "yuan") & (figures["role"] == "level")].nlargest(n, "value")
    cols = ["district_en" if lang == "en" else "district", "year",
            "indicator_en" if lang == "en" else "indicator", "raw", "sentence"]
    return _show(money[cols].reset_index(drop=True), lang)


def load_manifest(dataset_dir: str | Path) -> pd.DataFrame:
    """Every input of the run that built the dataset, processed or failed, with the reason."""
    return pd.read_csv(Path(dataset_dir) / "manifest.csv", dtype=str, keep_default_na=False)


def write_summary(output_dir: str | Path, name: str, summary: str) -> Path:
    """Record the one-line summary the report index shows for report ``name``."""
    path = Path(output_dir) / f"{name}.summary.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"name": name, "summary": summary}, ensure_ascii=False), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ comparisons


def compare(figures: pd.DataFrame, indicators: Sequence[str] | str | None = None,
            by: Sequence[str] = ("district", "year"), roles: Sequence[str] = CELL_ROLES,
            duplicates: str = "first", label: str = "indicator") -> pd.DataFrame:
    """A wide table of the whole-area cells of :func:`~edureports.cells.panel`: one row per ``by``
    combination (columns of the panel: district or district_en, year), one column per indicator
    (``label='indicator_en'`` names them in English), values in base units.

    The cell's value is the panel's: a report's own figure for its year before a later report's
    较去年 figure, exact before approximate, then ``duplicates`` (first, last, max, min, mean, raise).
    Equal restatements are never a conflict; every statement of a cell whose statements disagree is
    in ``result.attrs["conflicts"]`` (document, figure, source, sentence), so nothing is decided silently.
    Masked figures and parts (a subgroup of the area) are left out.
    """
    by = list(by)
    cells = panel(figures, indicators=indicators, roles=roles, duplicates=duplicates)
    unknown = [k for k in by + [label] if k not in cells.columns]
    if unknown:
        raise ValueError(f"by and label must be columns of the panel, not {unknown}")
    if cells.duplicated(by + [label]).any():
        raise ValueError(f"by={by} does not tell the panel's cells apart: add district or year")
    wide = cells.set_index(by + [label])["value"].unstack(label)
    wide.columns.name = None
    wide.attrs["conflicts"] = conflicts(cells, figures)[list(dict.fromkeys(
        ["doc_id", "figure_id", *by, label, "source", "raw", "value", "sentence"]))]
    return wide
