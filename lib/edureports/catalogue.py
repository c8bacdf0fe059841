"""The curated catalogue: ``data/catalogue.csv``, report metadata keyed by doc_id that overrides
what was inferred from the text.

- :func:`load_catalogue` reads and checks it (every error at once);
- :func:`apply_catalogue` lays one row over a documents-table row;
- :func:`resolve_catalogue` turns the ``catalogue=`` argument of the pipeline into a DataFrame or None.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataFileError
from .paths import CATALOGUE
from .schema import plain

if TYPE_CHECKING:  # pandas is imported where the catalogue is read, not at import time
    import pandas

__all__ = ["load_catalogue", "read_catalogue", "apply_catalogue", "resolve_catalogue", "resolve_catalogue_rows",
           "catalogue_rows", "CatalogueRows",
           "CATALOGUE_COLUMNS", "DEFAULT_CATALOGUE"]

#: Columns of ``data/catalogue.csv``, in order.
CATALOGUE_COLUMNS = ("doc_id", "title", "report_type", "province", "city", "district", "admin_code",
                     "year", "period", "note")
DEFAULT_CATALOGUE = CATALOGUE

_PERIOD = re.compile(r"(?P<y>\d{4})(?:H[12]|Q[1-4])?|(?P<a>\d{4})-(?P<b>\d{4})")


def load_catalogue(path: str | Path) -> "pandas.DataFrame":
    """Read ``data/catalogue.csv``: curated metadata, one row per doc_id; every error at once.

    Checks: the columns (:data:`CATALOGUE_COLUMNS`), unique non-empty doc_ids, known report types,
    admin codes in the gazetteer whose province/city/district names agree with it, years 1950-2099,
    periods like 2018, 2007H1 or 2006-2008 that agree with the year. Empty cells are missing (not
    curated): ``year`` is a nullable ``Int64``, the rest strings or NA. (The rows of
    :func:`read_catalogue`, as a DataFrame.)
    """
    import pandas as pd

    rows = list(read_catalogue(path).rows.values())
    return pd.DataFrame({name: pd.Series([row[name] for row in rows], dtype="Int64" if name == "year" else "str")
                         for name in CATALOGUE_COLUMNS})


def read_catalogue(path: str | Path) -> "CatalogueRows":
    """The checked rows of a catalogue file (see :func:`load_catalogue`) as :class:`CatalogueRows`, in
    file order, read with the ``csv`` module (no pandas: a batch reads its catalogue while its workers
    start). Each value stripped; an empty one None; ``year`` an int."""
    if not isinstance(path, (str, Path)):
        raise TypeError(f"a catalogue is read from a path, not a {type(path).__name__}")
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        if tuple(header) != CATALOGUE_COLUMNS:
            raise DataFileError(str(path), [f"columns must be {','.join(CATALOGUE_COLUMNS)}; got {','.join(header)}"])
        records, errors, line = [], [], reader.line_num
        for fields in reader:
            first, line = line + 1, reader.line_num  # (a quoted value may span lines)
            if not fields:
                continue  # a blank line
            if len(fields) != len(CATALOGUE_COLUMNS):
                errors.append(f"line {first}: {len(fields)} fields, not {len(CATALOGUE_COLUMNS)}")
                continue
            records.append((first, dict(zip(CATALOGUE_COLUMNS, (v.strip() for v in fields)))))
    errors += [e for first, row in records for e in _row_errors(row, first)]
    counts = Counter(row["doc_id"] for _, row in records if row["doc_id"])
    dup = sorted(d for d, n in counts.items() if n > 1)
    if dup:
        errors.append(f"duplicate doc_id(s): {dup}")
    if errors:
        raise DataFileError(str(path), errors)
    rows = [{k: v or None for k, v in row.items()} for _, row in records]
    for row in rows:
        row["year"] = int(row["year"]) if row["year"] is not None else None
    return CatalogueRows({row["doc_id"]: row for row in rows})


def _row_errors(row: dict, line: int) -> list[str]:
    """Everything wrong with one catalogue row (``line``: its line in the file)."""
    from .documents import report_types

    where = f"line {line} ({row['doc_id'] or 'no doc_id'})"
    errors = [] if row["doc_id"] else [f"{where}: empty doc_id"]
    if row["report_type"] and row["report_type"] not in report_types():
        errors.append(f"{where}: unknown report_type {row['report_type']!r}")
    errors += [f"{where}: {e}" for e in _place_errors(row)]
    errors += [f"{where}: {e}" for e in _period_errors(row)]
    return errors


def _place_errors(row: dict) -> list[str]:
    """A curated admin code must be in the gazetteer, and the names beside it must be its names."""
    from .places import gazetteer

    code, g = row["admin_code"], gazetteer()
    if not code:
        return []
    if code not in g:
        return [f"admin_code {code} not in the gazetteer"]
    d, province, city = g[code], g.province_of(code), g.city_of(code)
    city_name = city.name if city else (province.name if g.is_municipality(province.code) else "")
    expected = {"province": province.name, "city": city_name, "district": d.name if d.level == "county" else ""}
    return [f"{key} {row[key]!r} but admin_code {code} is {value!r}"
            for key, value in expected.items() if row[key] != value]


def _period_errors(row: dict) -> list[str]:
    """A year 1950-2099; a period like 2018, 2007H1 or 2006-2008 that ends in that year."""
    errors, year = [], None
    if row["year"]:
        if not re.fullmatch(r"\d{4}", row["year"]) or not 1950 <= int(row["year"]) <= 2099:
            errors.append(f"year {row['year']!r} is not a year")
        else:
            year = int(row["year"])
    if row["period"]:
        m = _PERIOD.fullmatch(row["period"])
        if not m or (m.group("a") and not int(m.group("a")) < int(m.group("b"))):
            errors.append(f"period {row['period']!r} is not like 2018, 2007H1 or 2006-2008")
        elif year is not None and int(m.group("y") or m.group("b")) != year:
            errors.append(f"period {row['period']} does not end in year {year}")
    return errors


def _present(value) -> bool:
    """A curated value (of a plain row: missing is None or NaN)."""
    return value is not None and not (isinstance(value, float) and value != value) and str(value).strip() != ""


class CatalogueRows:
    """Rows of a catalogue as plain dicts (values None, str or int) by doc_id: what a batch sends its
    workers with their files (:func:`catalogue_rows`), so that they need not import pandas.
    :func:`apply_catalogue` takes it as it takes the DataFrame. (Not a dict itself, so that nothing
    takes it for one: Dask, say, would scatter a dict's values one by one.)"""

    __slots__ = ("rows",)

    def __init__(self, rows: dict[str, dict]):
        self.rows = rows

    def get(self, doc_id) -> dict | None:
        return self.rows.get(doc_id)

    def only(self, doc_ids) -> "CatalogueRows":
        """The rows of ``doc_ids`` (those the catalogue has)."""
        return CatalogueRows({d: self.rows[d] for d in doc_ids if d in self.rows})

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        return f"CatalogueRows({len(self.rows)} doc_ids)"


def catalogue_rows(catalogue: "pandas.DataFrame") -> CatalogueRows:
    """The catalogue's rows as plain dicts, by doc_id (see :class:`CatalogueRows`).

    >>> rows = catalogue_rows(load_catalogue(DEFAULT_CATALOGUE))
    >>> all(type(v) in (str, int, type(None)) for row in rows.rows.values() for v in row.values()), len(rows) > 0
    (True, True)
    """
    names = list(catalogue.columns)
    key = names.index("doc_id")
    rows: dict = {}
    for row in catalogue.itertuples(index=False, name=None):
        if row[key] not in rows:  # (a DataFrame given directly is not checked: its first row of a doc_id counts)
            rows[row[key]] = dict(zip(names, map(plain, row)))
    return CatalogueRows(rows)


def catalogue_row(catalogue, doc_id) -> dict | None:
    """The catalogue's row for ``doc_id`` as a dict of plain values (:func:`~.schema.plain`), or None; from
    a DataFrame (found by one array comparison) or :class:`CatalogueRows`."""
    if isinstance(catalogue, CatalogueRows):
        return catalogue.get(doc_id)
    found = (catalogue["doc_id"].to_numpy() == doc_id).nonzero()[0]
    return {k: plain(v) for k, v in catalogue.iloc[found[0]].to_dict().items()} if len(found) else None


def apply_catalogue(meta: dict, catalogue: "pandas.DataFrame | CatalogueRows") -> dict:
    """``meta`` (a documents-table row as a dict, with ``doc_id``) with the catalogue's curated values
    laid over it; a new dict, ``meta`` itself unchanged. A doc_id not in the catalogue comes back as is.

    - ``title``, ``report_type``: replaced when curated;
    - place: when ``admin_code`` is curated, province, city, district and admin_code are replaced
      together (an empty district then means a city report; ``county_unnamed``, where present, becomes
      False: the curated place stands); otherwise each curated name alone;
    - ``year`` / ``period``: replaced when either is curated, and ``year_source`` becomes
      ``'catalogue'`` (a curated year without a period gives period = the year);
    - ``note``: appended to ``notes`` as ``catalogue: …``.
    """
    if not isinstance(meta, dict):
        raise TypeError(f"apply_catalogue() takes a dict, not {type(meta).__name__}")
    if not isinstance(catalogue, CatalogueRows):
        import pandas as pd  # (a batch worker's catalogue is CatalogueRows: no pandas there)

        if not isinstance(catalogue, pd.DataFrame):
            raise TypeError("apply_catalogue() takes the catalogue as a DataFrame or CatalogueRows, not "
                            f"{type(catalogue).__name__}")
    out = dict(meta)
    row = catalogue_row(catalogue, meta.get("doc_id"))
    if row is None:
        return out
    for key in ("title", "report_type"):
        if _present(row[key]):
            out[key] = row[key]
    if _present(row["admin_code"]):
        for key in ("province", "city", "district", "admin_code"):
            out[key] = row[key] if _present(row[key]) else None
        if "county_unnamed" in out:
            out["county_unnamed"] = False  # the curated place stands
    else:
        for key in ("province", "city", "district"):
            if _present(row[key]):
                out[key] = row[key]
    if _present(row["year"]) or _present(row["period"]):
        year = int(row["year"]) if _present(row["year"]) else None
        period = row["period"] if _present(row["period"]) else (str(year) if year is not None else None)
        if year is None and period:
            m = _PERIOD.fullmatch(period)
            year = int(m.group("y") or m.group("b")) if m else None
        out["year"], out["period"], out["year_source"] = year, period, "catalogue"
    if _present(row["note"]):
        out["notes"] = "; ".join(x for x in (meta.get("notes"), f"catalogue: {row['note']}") if x)
    return out


def resolve_catalogue_rows(catalogue) -> CatalogueRows | None:
    """:func:`resolve_catalogue` as :class:`CatalogueRows`; a file is read without pandas
    (:func:`read_catalogue`)."""
    if catalogue is None or isinstance(catalogue, CatalogueRows):
        return catalogue
    pandas = sys.modules.get("pandas")  # (a DataFrame given means pandas is loaded)
    if pandas is not None and isinstance(catalogue, pandas.DataFrame):
        return catalogue_rows(catalogue)
    path = DEFAULT_CATALOGUE if str(catalogue) == "default" else Path(catalogue)
    return read_catalogue(path) if path.exists() else None


def resolve_catalogue(catalogue) -> "pandas.DataFrame | None":
    """``None`` -> None (inference only); ``"default"`` -> data/catalogue.csv when present; a path or a
    DataFrame -> that catalogue."""
    import pandas as pd

    if catalogue is None:
        return None
    if isinstance(catalogue, pd.DataFrame):
        return catalogue
    path = DEFAULT_CATALOGUE if str(catalogue) == "default" else Path(catalogue)
    return load_catalogue(path) if path.exists() else None
