"""The dataset: documents, figures and checks tables, validated, written as Parquet, read back with DuckDB.

>>> import edureports
>>> ds = build_dataset([edureports.SEEDS / "004_9bac73edf8d24ee1.txt"])
>>> ds.documents[["doc_id", "district", "year"]].to_dict("records")
[{'doc_id': '004_9bac73edf8d24ee1', 'district': '武江区', 'year': 2019}]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import schema
from .checks import consistency_checks

__all__ = ["Dataset", "OpenDataset", "build_dataset", "open_dataset", "TABLES"]

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
    from .batch import extract_many

    docs, figs, manifest = extract_many(paths, workers=workers, sources_dir=sources_dir, progress=progress,
                                        catalogue=catalogue, scheduler=scheduler)
    return Dataset(docs, figs, consistency_checks(figs), manifest).validate()


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
    """Open a folder written by :func:`edureports.batch.write_dataset` (views ``documents``, ``figures``, ``checks``, ``panel``)."""
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
    from .panel import panel  # view panel: whole-area cells (subgroup '') and the parts' rows

    con.register("panel", panel(frames["figures"], subgroups=True))
    return OpenDataset(con=con, **frames)
