"""The dataset: documents, figures and checks tables, validated, written as Parquet, read back with DuckDB.

>>> import edureports
>>> ds = build_dataset([edureports.SEEDS / "004_9bac73edf8d24ee1.txt"])
>>> ds.documents[["doc_id", "district", "year"]].to_dict("records")
[{'doc_id': '004_9bac73edf8d24ee1', 'district': '武江区', 'year': 2019}]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from . import schema
from .checks import consistency_checks

__all__ = ["Dataset", "OpenDataset", "build_dataset", "open_dataset", "compare", "write_dataset"]

TABLES = ("documents", "figures", "checks")


@dataclass
class Dataset:
    documents: pd.DataFrame
    figures: pd.DataFrame
    checks: pd.DataFrame
    manifest: pd.DataFrame

    def validate(self) -> "Dataset":
        """Check every table against its declared schema; all failures are reported together."""
        schema.validate(self.documents, schema.DOCUMENTS)
        schema.validate(self.figures, schema.FIGURES)
        schema.validate(self.checks, schema.CHECKS)
        return self

    def write(self, out: str | Path) -> Path:
        """Validate, then write ``documents/figures/checks.parquet`` and ``manifest.csv``."""
        self.validate()
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            getattr(self, name).to_parquet(out / f"{name}.parquet", index=False)
        self.manifest.to_csv(out / "manifest.csv", index=False)
        return out


def build_dataset(paths: Iterable[str | Path] | str | Path, catalogue: str | Path | None = "default",
                  workers: int = 1, sources_dir: Path | None = None, progress: bool = False,
                  scheduler: str | None = None) -> Dataset:
    """Extract every input into a validated :class:`Dataset` (a bad file is a failed manifest row).
    ``workers``: local processes; ``scheduler``: a Dask distributed scheduler address."""
    from .extract import extract_many

    docs, figs, manifest = extract_many(paths, workers=workers, sources_dir=sources_dir, progress=progress,
                                        catalogue=catalogue, scheduler=scheduler)
    return Dataset(docs, figs, consistency_checks(figs), manifest).validate()


def write_dataset(paths, out: str | Path, workers: int = 1, catalogue="default", progress: bool = False,
                  scheduler: str | None = None) -> Dataset:
    """``edureports extract --out DIR``: the three tables, the manifest and ``sources/<doc_id>.txt``."""
    ds = build_dataset(paths, catalogue=catalogue, workers=workers, sources_dir=Path(out) / "sources",
                       progress=progress, scheduler=scheduler)
    ds.write(out)
    return ds


@dataclass
class OpenDataset:
    """A dataset folder read back: the DataFrames, and a DuckDB connection with one view per table."""

    documents: pd.DataFrame
    figures: pd.DataFrame
    checks: pd.DataFrame
    con: object  # duckdb.DuckDBPyConnection

    def sql(self, query: str) -> pd.DataFrame:
        return self.con.execute(query).df()


def open_dataset(directory: str | Path) -> OpenDataset:
    """Open a folder written by :func:`write_dataset` (views ``documents``, ``figures``, ``checks``)."""
    import duckdb

    directory = Path(directory)
    missing = [n for n in TABLES if not (directory / f"{n}.parquet").exists()]
    if missing:
        raise FileNotFoundError(f"{directory}: not a dataset folder (missing {', '.join(missing)}.parquet)")
    con = duckdb.connect()
    for name in TABLES:
        path = str(directory / f"{name}.parquet").replace("'", "''")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    frames = {name: pd.read_parquet(directory / f"{name}.parquet") for name in TABLES}
    return OpenDataset(con=con, **frames)


_DUPLICATES = ("first", "last", "max", "min", "mean", "raise")


def compare(figures: pd.DataFrame, indicators: Sequence[str] | str | None = None,
            by: Sequence[str] = ("district", "year"), roles: Sequence[str] = ("level",),
            duplicates: str = "first", label: str = "indicator") -> pd.DataFrame:
    """A wide table: one row per ``by`` combination, one column per indicator, values in base units.

    A report may state the same indicator twice for the same place and year (in the summary and again
    in a section). ``duplicates`` says what to do: ``first`` (the earliest in the text, default), ``last``,
    ``max``, ``min``, ``mean``, or ``raise``. Equal restatements are never a conflict; the rows that
    disagreed are kept in ``result.attrs["conflicts"]`` so nothing is decided silently.
    Masked figures (no value) are left out. ``label='indicator_en'`` names the columns in English.
    """
    if duplicates not in _DUPLICATES:
        raise ValueError(f"duplicates must be one of {_DUPLICATES}, not {duplicates!r}")
    by = list(by)
    df = figures[figures["role"].isin(roles) & figures["value"].notna()]
    if indicators is not None:
        wanted = [indicators] if isinstance(indicators, str) else list(indicators)
        df = df[df["indicator"].isin(wanted) | df["indicator"].map(
            lambda i: any(str(i).startswith(w + ".") for w in wanted))]
    keys = by + [label]
    df = df.sort_values(["doc_id", "start"], kind="stable")
    distinct = df.drop_duplicates(keys + ["value"])
    clash = distinct[distinct.duplicated(keys, keep=False)]
    if len(clash) and duplicates == "raise":
        first = clash.iloc[0]
        raise ValueError(f"{len(clash)} figures disagree, e.g. {first[label]} for "
                         + ", ".join(f"{k}={first[k]}" for k in by) + ": "
                         + ", ".join(clash[(clash[keys] == first[keys]).all(axis=1)]["raw"]))
    how = {"first": "first", "last": "last", "max": "max", "min": "min", "mean": "mean", "raise": "first"}[duplicates]
    wide = distinct.groupby(keys, dropna=False)["value"].agg(how).unstack(label)
    wide.columns.name = None
    wide.attrs["conflicts"] = clash[["doc_id", "figure_id", *by, label, "raw", "value", "sentence"]].reset_index(drop=True)
    return wide
