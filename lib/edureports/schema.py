"""Declared schemas of the public tables, checked (pandera) before anything is written."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .terms import CATEGORIES, QUALIFIERS, ROLES, SCOPES, SCRIPTS, UNITS, YEAR_SOURCES

__all__ = ["UNITS", "QUALIFIERS", "ROLES", "CATEGORIES", "DOCUMENTS", "FIGURES", "CHECKS", "validate",
           "columns", "dtypes", "frame", "DOCUMENT_COLUMNS", "FIGURE_COLUMNS", "CHECK_COLUMNS", "MANIFEST_COLUMNS"]

_IS_TEXT = pa.Check(lambda s: s.dropna().map(lambda v: isinstance(v, str)).all(), name="is text")


def _str(nullable: bool = True, isin: list[str] | None = None, matches: str | None = None) -> pa.Column:
    """A text column (object or pandas' str dtype alike: checked per value, not by dtype)."""
    checks = [_IS_TEXT] + ([pa.Check.isin(list(isin))] if isin else []) + ([pa.Check.str_matches(matches)] if matches else [])
    return pa.Column(None, checks=checks, nullable=nullable, coerce=False)


_YEAR = pa.Column("Int64", pa.Check.in_range(1949, 2100), nullable=True, coerce=True)

DOCUMENTS = pa.DataFrameSchema(
    {
        "doc_id": _str(False),
        "path": _str(False),
        "sha256": _str(False, matches=r"^[0-9a-f]{64}$"),
        "format": _str(False, ["txt", "html", "docx", "pdf", "doc"]),
        "encoding": _str(),
        "script": _str(False, SCRIPTS),
        "title": _str(),
        "report_type": _str(),
        "province": _str(),
        "city": _str(),
        "district": _str(),
        "admin_code": _str(True, matches=r"^\d{6}$"),
        "year": _YEAR,
        "period": _str(),
        "year_source": _str(False, YEAR_SOURCES),
        "published": _str(),
        "n_chars": pa.Column("Int64", pa.Check.ge(0), coerce=True),
        "n_figures": pa.Column("Int64", pa.Check.ge(0), coerce=True),
        "notes": _str(),
    },
    unique=["doc_id"],
    strict=True,
    ordered=True,
    name="documents",
)

FIGURES = pa.DataFrameSchema(
    {
        "doc_id": _str(False),
        "figure_id": _str(False),
        "start": pa.Column("int64", pa.Check.ge(0)),
        "end": pa.Column("int64", pa.Check.ge(0)),
        "raw": _str(False),
        "sentence": _str(False),
        "measure": _str(False),
        "value": pa.Column("float64", nullable=True),
        "low": pa.Column("float64", nullable=True),
        "high": pa.Column("float64", nullable=True),
        "unit": _str(False, UNITS),
        "qualifier": _str(False, QUALIFIERS),
        "role": _str(False, ROLES),
        "category": _str(False, CATEGORIES),
        "indicator": _str(False),
        "indicator_en": _str(False),
        "keyword": _str(),
        "year": _YEAR,
        "district": _str(),
        "district_en": _str(),
        "enum_key": _str(),
        "scope": _str(False, SCOPES),
        "subgroup": _str(),
        "parent_id": _str(),
    },
    checks=[
        pa.Check(lambda df: df["start"] < df["end"], name="start < end"),
        pa.Check(lambda df: df["value"].notna() | (df["qualifier"] == "masked"), name="value unless masked"),
        pa.Check(lambda df: df["parent_id"].isna() | (df["scope"] == "part"), name="only a part has a parent"),
        pa.Check(lambda df: df["parent_id"].dropna().isin(df["figure_id"]).all(), name="parent_id is a figure_id"),
    ],
    unique=["figure_id"],
    strict=True,
    ordered=True,
    name="figures",
)

CHECKS = pa.DataFrameSchema(
    {
        "doc_id": _str(False),
        "kind": _str(False, ["parts_sum_total", "rate_from_counts", "previous_change_current",
                             "growth_from_change", "growth_from_levels", "per_head_from_total"]),
        "figure_ids": _str(False),
        "stated": pa.Column("float64"),
        "computed": pa.Column("float64"),
        "ok": pa.Column(bool),
        "message": _str(False),
    },
    strict=True,
    ordered=True,
    name="checks",
)


def validate(df, schema: pa.DataFrameSchema):
    """Validate ``df``; every failure is reported together (lazy validation)."""
    return schema.validate(df, lazy=True)


def columns(schema: pa.DataFrameSchema) -> list[str]:
    """The table's columns, in order."""
    return list(schema.columns)


def dtypes(schema: pa.DataFrameSchema) -> dict[str, str]:
    """The declared dtype of every column that has one (text columns are checked per value)."""
    return {name: str(col.dtype) for name, col in schema.columns.items() if col.dtype is not None}


def frame(rows, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """A DataFrame of ``rows`` (dicts) with the schema's columns in order and its dtypes, built
    column by column (several times faster than from records, then cast).

    >>> frame([{"doc_id": "d", "kind": "parts_sum_total", "stated": 3, "computed": 3.0, "ok": True}], CHECKS).dtypes.to_dict()["stated"]
    dtype('float64')
    """
    rows = list(rows)
    data = {}
    for name, kind in _layout(schema):
        values = [row.get(name) for row in rows]
        if kind in ("float64", "int64", "bool"):
            data[name] = np.array(values, dtype=kind)
        elif kind is not None:
            data[name] = pd.array(values, dtype=kind)
        else:  # text: pandas' string dtype; an empty column stays object
            data[name] = _text(values) if values else np.array([], dtype=object)
    return pd.DataFrame(data, copy=False)


_STR = pd.StringDtype(na_value=np.nan)  # the dtype pandas infers for text


def _text(values: list):
    """A text column as pandas infers it from ``values`` (its string dtype when there are strings and
    nothing else but None), built from an Arrow array when that is the dtype's storage (several times
    faster than inference); anything else is left to pandas.

    >>> _text(["a", None]).dtype == pd.Series(["a", None]).dtype, _text([None, 1])
    (True, [None, 1])
    """
    kinds = set(map(type, values))
    if str not in kinds or not kinds <= {str, type(None)}:
        return values
    if _STR.storage == "pyarrow":
        import pyarrow

        return pd.arrays.ArrowStringArray(pyarrow.array(values, type=pyarrow.large_string()), dtype=_STR)
    return pd.array(values, dtype=_STR)


_LAYOUTS: dict[int, tuple[pa.DataFrameSchema, list[tuple[str, str | None]]]] = {}


def _layout(schema: pa.DataFrameSchema) -> list[tuple[str, str | None]]:
    """``(column, declared dtype or None)`` of ``schema``, in order (worked out once per schema, which
    is kept with it so that its id is not reused)."""
    key = id(schema)
    if key not in _LAYOUTS:
        types = dtypes(schema)
        _LAYOUTS[key] = (schema, [(name, types.get(name)) for name in columns(schema)])
    return _LAYOUTS[key][1]


DOCUMENT_COLUMNS = columns(DOCUMENTS)
FIGURE_COLUMNS = columns(FIGURES)
CHECK_COLUMNS = columns(CHECKS)
#: the run's manifest: one row per input
#: (status: processed | failed | duplicate | skipped (a system or hidden file, no report: not a failure);
#: sha256 of the file's bytes; run_id of the run that wrote it)
MANIFEST_COLUMNS = ["path", "doc_id", "status", "reason", "n_figures", "sha256", "run_id"]
