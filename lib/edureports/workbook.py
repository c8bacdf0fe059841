"""What the notebooks call: open the dataset, select, summarise in English or Chinese, profile a district.

Notebooks only set parameters and call these, so the logic is tested here, not in the notebooks.

>>> names = column_names("en")
>>> names["district_en"], column_names("zh")["district"]
('district', '区县')
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import pandas as pd

from ._data import load_yaml
from .batch import write_dataset
from .dataset import OpenDataset, open_dataset
from .panel import CELL_ROLES, panel
from .paths import GOLD, PROJECT_DIR, SEEDS

__all__ = [
    "open_workbook", "select", "column_names", "document_listing", "coverage_counts", "extraction_quality",
    "funding_summary", "per_student", "exam_summary", "staffing_summary", "district_profile",
    "load_manifest", "write_summary", "PROJECT_DIR", "zh_labels", "document_places", "profile_district",
    "report_name", "largest_amounts",
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


def _wide(figures: pd.DataFrame, lang: str, scale: float = 1.0, roles=("level",)) -> pd.DataFrame:
    label = "indicator_en" if lang == "en" else "indicator"
    place = "district_en" if lang == "en" else "district"
    if figures.empty:
        return pd.DataFrame()
    wide = compare(figures, by=(place, "year"), roles=roles, label=label) / scale
    wide.index = wide.index.set_names([column_names(lang)[place], column_names(lang)["year"]])
    return wide.round(2)


def funding_summary(figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Money by purpose per district and year, in 10k yuan (万元), as stated (role level)."""
    money = figures[(figures["category"] == "funding") & (figures["unit"] == "yuan")]
    return _wide(money, lang, scale=10_000)


_PUPILS = "学生|幼儿|儿童|生"


def per_student(figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Money per student, in yuan: amounts the reports state per student (生均…, 每生…), and amounts
    divided by the pupils they reach where one sentence gives both (免除学杂费5775.1万元,惠及学生57.9万人).
    ``how`` says which; ``amount`` and ``base`` are the figures as written."""
    money = figures[(figures["unit"] == "yuan") & (figures["role"] == "level") & figures["value"].notna()]
    stated = money[money["measure"].str.contains("生均|每生|人均", regex=True)]
    rows = [{"district": r.district, "district_en": r.district_en, "year": r.year, "measure": r.measure,
             "amount": r.raw, "base": "", "per_student_yuan": r.value, "how": "stated"}
            for r in stated.itertuples()]
    pupils = figures[(figures["unit"] == "person") & (figures["role"] == "level") & figures["value"].gt(0)
                     & figures["measure"].str.contains(_PUPILS, regex=True)]
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


def exam_summary(figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Gaokao and zhongkao indicators: the current figure beside the previous one where a report
    states both (较去年…), and the change between them."""
    exams = figures[figures["indicator"].str.startswith(("exam.gaokao", "exam.zhongkao"))]
    if exams.empty:
        return pd.DataFrame()
    place = "district_en" if lang == "en" else "district"
    label = "indicator_en" if lang == "en" else "indicator"
    current = exams[exams.role == "level"].groupby([place, label], sort=True).agg(
        year=("year", "first"), unit=("unit", "first"), current=("value", "first"), raw=("raw", "first"))
    previous = exams[exams.role == "previous"].groupby([place, label])["value"].first().rename("previous")
    table = current.join(previous, how="left")
    table["change"] = (table["current"] - table["previous"]).round(2)
    return _show(table.reset_index(), lang)


def staffing_summary(figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Staffing head counts (recruited, titled, trained, security staff, substitute teachers…) per
    district and year."""
    staff = figures[(figures["category"] == "staffing") & figures["unit"].isin(["person", "person_time"])]
    return _wide(staff, lang)


def district_profile(figures: pd.DataFrame, district: str, lang: str = "en") -> pd.DataFrame:
    """Every figure of one district, by category, with the sentence it came from."""
    rows = select(figures, districts=[district]).sort_values(["category", "doc_id", "start"], kind="stable")
    cols = ["category", "indicator_en" if lang == "en" else "indicator", "year", "raw", "value", "unit", "role",
            "sentence"]
    return _show(rows[cols].reset_index(drop=True), lang)


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
    """A wide table of the whole-area cells of :func:`~edureports.panel.panel`: one row per ``by``
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
    conflicts = cells.attrs["conflicts"]
    wide.attrs["conflicts"] = conflicts[list(dict.fromkeys(
        ["doc_id", "figure_id", *by, label, "source", "raw", "value", "sentence"]))]
    return wide
