"""Declared schemas of the public tables, checked (pandera) before anything is written.

A table's columns, dtypes and checks are declared here as plain data (:class:`Col`, :class:`Table`), so
that reading them (column order, dtypes, building a frame) needs no pandera; its pandera schema is built
the first time a table is validated (importing pandera costs every process about 0.2 s).
"""

from __future__ import annotations

import functools
import operator
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from .terms import CATEGORIES, QUALIFIERS, ROLES, SCOPES, SCRIPTS, UNITS, YEAR_SOURCES

if TYPE_CHECKING:  # pandas and numpy are imported where a DataFrame is made: a batch worker, which
    import pandas as pd  # writes plain rows, never imports them

__all__ = ["UNITS", "QUALIFIERS", "ROLES", "CATEGORIES", "DOCUMENTS", "FIGURES", "CHECKS", "validate",
           "columns", "dtypes", "frame", "DOCUMENT_COLUMNS", "FIGURE_COLUMNS", "CHECK_COLUMNS", "MANIFEST_COLUMNS",
           "Col", "Table"]


@dataclass(frozen=True)
class Col:
    """One column: its dtype (None: text, checked per value, object or pandas' str dtype alike), whether
    it may be missing, and its value checks (allowed values, a pattern, a lower bound, a range)."""

    dtype: str | None = None
    nullable: bool = False
    isin: tuple[str, ...] | None = None
    matches: str | None = None
    ge: float | None = None
    in_range: tuple[int, int] | None = None
    coerce: bool = False


def _str(nullable: bool = True, isin: list[str] | None = None, matches: str | None = None) -> Col:
    """A text column."""
    return Col(None, nullable, tuple(isin) if isin else None, matches)


@dataclass(frozen=True, eq=False)
class Table:
    """A table's declaration: columns in order, the columns whose values are unique, and checks across
    columns (``(name, function of the frame)``); strict and ordered (no other column, this order)."""

    name: str
    columns: dict[str, Col]
    unique: tuple[str, ...] = ()
    checks: tuple[tuple[str, Callable], ...] = ()

    @functools.cached_property
    def layout(self) -> list[tuple[str, str | None]]:
        """``(column, declared dtype or None for text)``, in order."""
        return [(name, col.dtype) for name, col in self.columns.items()]

    @functools.cached_property
    def pandera(self):
        """The pandera schema (built, and pandera imported, on first use)."""
        import pandas as pd
        import pandera.pandas as pa

        is_text = pa.Check(lambda s: isinstance(s.dtype, pd.StringDtype)  # holds nothing else
                           or s.dropna().map(lambda v: isinstance(v, str)).all(), name="is text")

        def column(col: Col):
            checks = ([is_text] if col.dtype is None else []) + ([pa.Check.isin(list(col.isin))] if col.isin else []) \
                + ([pa.Check.str_matches(col.matches)] if col.matches else []) \
                + ([pa.Check.ge(col.ge)] if col.ge is not None else []) \
                + ([pa.Check.in_range(*col.in_range)] if col.in_range else [])
            return pa.Column(col.dtype, checks=checks, nullable=col.nullable, coerce=col.coerce)

        return pa.DataFrameSchema({name: column(col) for name, col in self.columns.items()},
                                  checks=[pa.Check(fn, name=name) for name, fn in self.checks],
                                  unique=list(self.unique) or None, strict=True, ordered=True, name=self.name)


_YEAR = Col("Int64", nullable=True, in_range=(1949, 2100), coerce=True)

DOCUMENTS = Table(
    "documents",
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
        "n_chars": Col("Int64", ge=0, coerce=True),
        "n_figures": Col("Int64", ge=0, coerce=True),
        "notes": _str(),
    },
    unique=("doc_id",),
)

FIGURES = Table(
    "figures",
    {
        "doc_id": _str(False),
        "figure_id": _str(False),
        "start": Col("int64", ge=0),
        "end": Col("int64", ge=0),
        "raw": _str(False),
        "sentence": _str(False),
        "measure": _str(False),
        "value": Col("float64", nullable=True),
        "low": Col("float64", nullable=True),
        "high": Col("float64", nullable=True),
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
    unique=("figure_id",),
    checks=(
        ("start < end", lambda df: df["start"] < df["end"]),
        ("value unless masked", lambda df: df["value"].notna() | (df["qualifier"] == "masked")),
        ("only a part has a parent", lambda df: df["parent_id"].isna() | (df["scope"] == "part")),
        ("parent_id is a figure_id", lambda df: df["parent_id"].dropna().isin(df["figure_id"]).all()),
    ),
)

CHECKS = Table(
    "checks",
    {
        "doc_id": _str(False),
        "kind": _str(False, ["parts_sum_total", "rate_from_counts", "previous_change_current",
                             "growth_from_change", "growth_from_levels", "per_head_from_total"]),
        "figure_ids": _str(False),
        "stated": Col("float64"),
        "computed": Col("float64"),
        "ok": Col("bool"),
        "message": _str(False),
    },
)


def validate(df, table: Table):
    """Validate ``df`` against ``table`` (pandera); every failure is reported together (lazy validation)."""
    return table.pandera.validate(df, lazy=True)


def columns(table: Table) -> list[str]:
    """The table's columns, in order."""
    return list(table.columns)


def dtypes(table: Table) -> dict[str, str]:
    """The declared dtype of every column that has one (text columns are checked per value)."""
    return {name: col.dtype for name, col in table.columns.items() if col.dtype is not None}


def frame(rows, schema: Table) -> pd.DataFrame:
    """A DataFrame of ``rows`` (dicts) with the schema's columns in order and its dtypes, built
    column by column (several times faster than from records, then cast).

    >>> frame([{"doc_id": "d", "kind": "parts_sum_total", "stated": 3, "computed": 3.0, "ok": True}], CHECKS).dtypes.to_dict()["stated"]
    dtype('float64')
    """
    import numpy as np
    import pandas as pd

    rows = list(rows)
    data: dict = {}
    texts: dict[str, list] = {}
    for (name, kind), values in zip(schema.layout, column_values(rows, [name for name, _ in schema.layout])):
        if kind in ("float64", "int64", "bool"):
            data[name] = np.array(values, dtype=kind)
        elif kind is not None:
            data[name] = pd.array(values, dtype=kind)
        else:
            data[name] = None  # keeps the column's place; filled below
            texts[name] = values
    data.update(_texts(texts))
    return _assemble(data, len(rows))


def row_values(rows: list[dict], names: list[str]) -> list[tuple]:
    """Each row's values of ``names``, as a tuple (a missing key is None); when every row has every key,
    one ``itemgetter`` per row (about twice as fast as a lookup per row and name).

    >>> row_values([{"a": 1, "b": 2}, {"a": 3, "b": 4}], ["b", "a"]), row_values([{"a": 1}], ["a", "b"])
    ([(2, 1), (4, 3)], [(1, None)])
    >>> row_values([{"a": 1}], ["a"])
    [(1,)]
    """
    try:
        values = list(map(operator.itemgetter(*names), rows))
    except KeyError:
        return [tuple(row.get(name) for name in names) for row in rows]
    return values if len(names) > 1 else [(value,) for value in values]  # (one name: values, not tuples)


def plain(value):
    """A value as JSON and a plain row hold it: missing (None, NaN, pandas' NA) None, a numpy scalar its
    Python value (pandas is not imported: a value can be its NA only where it is loaded).

    >>> import numpy as np, pandas as pd
    >>> [plain(v) for v in (None, float("nan"), np.float32("nan"), pd.NA, np.int64(3), "a", True)]
    [None, None, None, None, 3, 'a', True]
    """
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    pandas = sys.modules.get("pandas")
    if value is None or (isinstance(value, float) and value != value) or (pandas is not None and value is pandas.NA):
        return None
    return value


def column_values(rows: list[dict], names: list[str]) -> list[list]:
    """The values of each of ``names`` in ``rows``, column by column (a missing key is None): the
    :func:`row_values` turned into columns by ``zip``.

    >>> column_values([{"a": 1, "b": 2}, {"a": 3, "b": 4}], ["b", "a"]), column_values([{"a": 1}], ["a", "b"])
    ([[2, 4], [1, 3]], [[1], [None]])
    >>> column_values([], ["a"])
    [[]]
    """
    if not rows:
        return [[] for _ in names]
    return list(map(list, zip(*row_values(rows, names))))


def _assemble(data: dict, n: int) -> pd.DataFrame:
    """``pd.DataFrame(data)`` for columns made here (numpy arrays, extension arrays, a list of None for
    a text column with no value), put together from its blocks: the numpy columns of one dtype as one
    2-D block, each extension array a block of its own, with pandas' low-level constructor for this
    (``pandas.api.internals.create_dataframe_from_blocks``, as pyarrow's ``to_pandas`` uses it);
    ``pd.DataFrame`` itself spends most of a small table's time checking each column. Anything else
    (a list holding values) is left to ``pd.DataFrame``.

    >>> import numpy as np, pandas as pd
    >>> df = _assemble({"a": np.array([1, 2]), "b": np.array([0.5, 1.0]), "c": [None, None], "d": np.array([3, 4])}, 2)
    >>> df.equals(pd.DataFrame({"a": [1, 2], "b": [0.5, 1.0], "c": [None, None], "d": [3, 4]})), list(df.columns)
    (True, ['a', 'b', 'c', 'd'])
    """
    import numpy as np
    import pandas as pd

    try:
        from pandas.api.internals import create_dataframe_from_blocks
    except ImportError:  # an older pandas
        return pd.DataFrame(data, copy=False)
    same_dtype: dict = {}
    blocks = []
    for i, values in enumerate(data.values()):
        if isinstance(values, list):
            if any(v is not None for v in values):
                return pd.DataFrame(data, copy=False)
            values = np.full(n, None, dtype=object)
        if isinstance(values, np.ndarray):
            same_dtype.setdefault(values.dtype, []).append((i, values))
        else:
            blocks.append((values, np.array([i], dtype=np.intp)))
    for group in same_dtype.values():
        blocks.append((np.vstack([v for _, v in group]), np.array([i for i, _ in group], dtype=np.intp)))
    return create_dataframe_from_blocks(blocks, index=pd.RangeIndex(n), columns=pd.Index(list(data)))


@functools.cache
def _string_dtype():
    """The dtype pandas infers for text."""
    import numpy as np
    import pandas as pd

    return pd.StringDtype(na_value=np.nan)


def _texts(columns: dict[str, list]) -> dict:
    """Text columns as pandas infers each from its values (:func:`_text`); when they hold only strings
    and None and the string dtype is stored in Arrow, all of them are converted in one Arrow array
    (converting column by column costs about twice as much), each column a slice of it.

    >>> import pandas as pd
    >>> {k: (v.dtype == pd.Series(["a"]).dtype if k != "c" else v) for k, v in _texts({"a": ["x", None], "b": ["y"], "c": [None]}).items()}
    {'a': True, 'b': True, 'c': [None]}
    """
    import numpy as np
    import pandas as pd

    flat = [v for values in columns.values() for v in values]
    dtype = _string_dtype()
    if dtype.storage != "pyarrow" or not flat or not set(map(type, flat)) <= {str, type(None)}:
        return {name: _text(values) if values else np.array([], dtype=object) for name, values in columns.items()}
    import pyarrow

    whole, start, out = pyarrow.array(flat, type=pyarrow.large_string()), 0, {}
    for name, values in columns.items():
        piece = whole.slice(start, len(values))
        start += len(values)
        out[name] = pd.arrays.ArrowStringArray(piece, dtype=dtype) if piece.null_count < len(values) else values
    return out


def _text(values: list):
    """A text column as pandas infers it from ``values`` (its string dtype when there are strings and
    nothing else but None), built from an Arrow array when that is the dtype's storage (several times
    faster than inference); anything else is left to pandas.

    >>> import pandas as pd
    >>> _text(["a", None]).dtype == pd.Series(["a", None]).dtype, _text([None, 1])
    (True, [None, 1])
    """
    kinds = set(map(type, values))
    if str not in kinds or not kinds <= {str, type(None)}:
        return values
    import pandas as pd

    dtype = _string_dtype()
    if dtype.storage == "pyarrow":
        import pyarrow

        return pd.arrays.ArrowStringArray(pyarrow.array(values, type=pyarrow.large_string()), dtype=dtype)
    return pd.array(values, dtype=dtype)


DOCUMENT_COLUMNS = columns(DOCUMENTS)
FIGURE_COLUMNS = columns(FIGURES)
CHECK_COLUMNS = columns(CHECKS)
#: the run's manifest: one row per input
#: (status: processed | failed | duplicate | skipped (a system or hidden file, no report: not a failure);
#: sha256 of the file's bytes; run_id of the run that wrote it)
MANIFEST_COLUMNS = ["path", "doc_id", "status", "reason", "n_figures", "sha256", "run_id"]
