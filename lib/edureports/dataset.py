"""The dataset: documents, figures and checks tables, validated, written as Parquet, read back with DuckDB.

A dataset folder (written by :func:`edureports.batch.write_dataset`) holds ``documents.parquet``,
``figures.parquet``, ``checks.parquet``, ``manifest.csv`` (one row per input), ``sources/<doc_id>.txt``,
``errors.log`` and ``run.json``. Every table carries the id of the run that wrote it (Parquet metadata
``edureports.run_id``; the manifest's ``run_id`` column); :func:`open_dataset` refuses a folder whose
tables come from different runs.

>>> import edureports
>>> ds = build_dataset([edureports.SEEDS / "004_9bac73edf8d24ee1.txt"])
>>> ds.documents[["doc_id", "district", "year"]].to_dict("records")
[{'doc_id': '004_9bac73edf8d24ee1', 'district': '武江区', 'year': 2019}]
"""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from . import schema
from .errors import DatasetError

if TYPE_CHECKING:  # imported where a table is read; a batch worker writes its rows (arrow_rows) without it
    import pandas as pd

__all__ = ["Dataset", "OpenDataset", "build_dataset", "open_dataset", "TABLES", "RUN_ID_KEY", "run_ids",
           "is_dataset", "arrow_table", "arrow_fields", "arrow_rows", "write_table", "TableWriter"]

TABLES = ("documents", "figures", "checks")
#: the Parquet metadata key holding the run id
RUN_ID_KEY = b"edureports.run_id"
_SCHEMAS = {"documents": schema.DOCUMENTS, "figures": schema.FIGURES, "checks": schema.CHECKS}
_ROW_GROUP = 10_000  # rows per Parquet row group: fixed (equal tables give equal files), and small
# enough that the rows the parent holds while writing do not grow with the size of the run


# ------------------------------------------------------------------------------------ Parquet


@functools.lru_cache(maxsize=None)
def arrow_fields(name: str):
    """The Arrow schema of table ``name`` without metadata: its columns' declared types (text as string)."""
    import pyarrow as pa

    types = {"int64": pa.int64(), "Int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    return pa.schema([pa.field(col, types.get(kind, pa.string())) for col, kind in _SCHEMAS[name].layout])


@functools.lru_cache(maxsize=None)
def arrow_schema(name: str):
    """The Arrow schema of table ``name``: :func:`arrow_fields` with pandas metadata so that pandas reads
    the declared dtypes back (made from an empty DataFrame of the table: pandas is imported here)."""
    import pyarrow as pa

    base = pa.Schema.from_pandas(schema.frame([], _SCHEMAS[name]), preserve_index=False)
    return arrow_fields(name).with_metadata(base.metadata)


def arrow_table(frame: pd.DataFrame, name: str):
    """``frame`` (columns of table ``name``) as an Arrow table of its declared schema."""
    import pyarrow as pa

    return pa.Table.from_pandas(frame, schema=arrow_schema(name), preserve_index=False)


def arrow_rows(rows: list[dict], name: str):
    """``rows`` (dicts with the columns of table ``name``) as an Arrow table of its declared columns
    (:func:`arrow_fields`), with the same values :func:`arrow_table` gives for their DataFrame (a NaN is
    null, as pandas' missing values are), without one: the rows are read into columns in one pass
    (:func:`edureports.schema.column_values`), and each column is one Arrow array. No pandas metadata
    (and no pandas: a batch worker writes its parts with this); :class:`TableWriter` adds it."""
    import pyarrow as pa

    declared = arrow_fields(name)
    return pa.Table.from_arrays([pa.array(values, type=field.type, from_pandas=True)
                                 for values, field in zip(schema.column_values(rows, declared.names), declared)],
                                schema=declared)


class TableWriter:
    """Stream a table into one Parquet file, in row groups of a fixed size, with the run id."""

    def __init__(self, path: Path, name: str, run_id: str):
        import pyarrow.parquet as pq

        self.schema = arrow_schema(name).with_metadata({**arrow_schema(name).metadata, RUN_ID_KEY: run_id.encode()})
        self.writer = pq.ParquetWriter(path, self.schema)
        self.buffer: list = []
        self.rows = 0
        self._part = None  # (path, table) of the part last read

    def add(self, table) -> None:
        if not table.schema.equals(self.schema, check_metadata=False):  # a cast is costly: only when needed
            table = table.cast(self.schema)
        self.buffer.append(table)
        self.rows += table.num_rows
        while self.rows >= _ROW_GROUP:
            self._flush(_ROW_GROUP)

    def add_rows(self, path: Path, first: int, count: int) -> None:
        """Append ``count`` rows from row ``first`` of a part (an Arrow IPC file of the table's schema).
        The last part read is kept: the documents of one part follow one another."""
        import pyarrow as pa

        if self._part is None or self._part[0] != path:
            data = path.read_bytes()  # then read from memory: cheaper than through an Arrow file handle
            self._part = (path, pa.ipc.open_file(pa.py_buffer(data)).read_all())
        self.add(self._part[1].slice(first, count))

    def _flush(self, n: int) -> None:
        import pyarrow as pa

        table = pa.concat_tables(self.buffer)
        self.writer.write_table(table.slice(0, n), row_group_size=_ROW_GROUP)
        rest = table.slice(n)
        self.buffer, self.rows = ([rest] if rest.num_rows else []), rest.num_rows

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.rows:
            self._flush(self.rows)
        self.writer.close()


def write_table(frame: pd.DataFrame, path: Path, name: str, run_id: str) -> None:
    """Write one whole table (see :class:`TableWriter`)."""
    with TableWriter(path, name, run_id) as writer:
        writer.add(arrow_table(frame, name))


# ------------------------------------------------------------------------------------ in memory


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
        """Validate, then write ``documents/figures/checks.parquet``, ``manifest.csv`` and ``run.json``
        with one run id (the manifest's, else a hash of it). Sources are not written: use
        :func:`edureports.batch.write_dataset` for a complete folder."""
        from .batch import run_id_of

        self.validate()
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        manifest = self.manifest.copy()
        ids = set(manifest["run_id"]) if "run_id" in manifest and len(manifest) else set()
        run_id = ids.pop() if len(ids) == 1 else run_id_of("memory", manifest.drop(columns="run_id", errors="ignore"))
        manifest["run_id"] = run_id
        for name in TABLES:
            write_table(getattr(self, name), out / f"{name}.parquet", name, run_id)
        manifest.to_csv(out / "manifest.csv", index=False)
        (out / "run.json").write_text(json.dumps({"run_id": run_id}) + "\n")
        return out


def build_dataset(paths: Iterable[str | Path] | str | Path, catalogue: str | Path | None = "default",
                  workers: int = 1, sources_dir: Path | None = None, progress: bool = False,
                  scheduler: str | None = None) -> Dataset:
    """Extract every input into a validated :class:`Dataset` (a bad file is a failed manifest row).
    ``workers``: local processes; ``scheduler``: a Dask distributed scheduler address; ``sources_dir``:
    where to copy the source texts. Runs the batch runner into a temporary folder and reads it back."""
    from .batch import write_dataset

    with tempfile.TemporaryDirectory(prefix="edureports-") as tmp:
        out = Path(tmp) / "dataset"
        write_dataset(paths, out, workers=workers, catalogue=catalogue, progress=progress, scheduler=scheduler)
        opened = open_dataset(out)
        opened.con.close()
        if sources_dir is not None:
            Path(sources_dir).mkdir(parents=True, exist_ok=True)
            for f in (out / "sources").iterdir():
                shutil.copyfile(f, Path(sources_dir) / f.name)
        return Dataset(opened.documents, opened.figures, opened.checks, read_manifest(out)).validate()


def read_manifest(directory: str | Path) -> pd.DataFrame:
    """``manifest.csv`` as written (text columns, ``n_figures`` an integer)."""
    import pandas as pd

    return pd.read_csv(Path(directory) / "manifest.csv", dtype=str, keep_default_na=False).astype({"n_figures": int})


# ------------------------------------------------------------------------------------ on disk


@dataclass
class OpenDataset:
    """A dataset folder read back: the DataFrames, and a DuckDB connection with one view per table."""

    documents: pd.DataFrame
    figures: pd.DataFrame
    checks: pd.DataFrame
    con: object  # duckdb.DuckDBPyConnection

    def sql(self, query: str) -> pd.DataFrame:
        return self.con.execute(query).df()


def run_ids(directory: str | Path) -> dict[str, str | None]:
    """The run id each part of a dataset folder carries (None: none recorded)."""
    import pandas as pd
    import pyarrow.parquet as pq

    directory = Path(directory)
    ids: dict[str, str | None] = {}
    for name in TABLES:
        meta = pq.read_schema(directory / f"{name}.parquet").metadata or {}
        ids[f"{name}.parquet"] = meta.get(RUN_ID_KEY, b"").decode() or None
    manifest = directory / "manifest.csv"
    if manifest.exists():
        column = pd.read_csv(manifest, usecols=lambda c: c == "run_id", dtype=str)
        if "run_id" not in column:
            ids["manifest.csv"] = None
        elif len(column):  # a run with no input has no row to carry it
            ids["manifest.csv"] = ",".join(sorted(set(column["run_id"].fillna("none"))))
    run = directory / "run.json"
    ids["run.json"] = json.loads(run.read_text()).get("run_id") if run.exists() else None
    return ids


def _check_one_run(directory: Path, legacy_ok: bool = False) -> None:
    """Raise :class:`DatasetError` unless every part carries the same run id. ``legacy_ok``: a folder in
    which nothing carries one (written before run ids existed) is accepted with a warning."""
    ids = run_ids(directory)
    if legacy_ok and set(ids.values()) == {None}:
        import warnings

        warnings.warn(f"{directory}: written before run ids, so its tables cannot be checked to come from "
                      "one run; extract again to be sure", stacklevel=3)
        return
    if len(set(ids.values())) != 1 or None in ids.values():
        listed = ", ".join(f"{k}: {v or 'none'}" for k, v in ids.items())
        raise DatasetError(f"{directory}: tables from different runs ({listed}); extract again into this "
                           "folder (`edureports extract ... --out DIR`)")


def is_dataset(directory: str | Path) -> bool:
    """True when ``directory`` holds a complete dataset whose tables come from one run."""
    try:
        _check_one_run(Path(directory))
    except (OSError, DatasetError, ValueError):
        return False
    return True


def open_dataset(directory: str | Path) -> OpenDataset:
    """Open a folder written by :func:`edureports.batch.write_dataset` (views ``documents``, ``figures``,
    ``checks``, ``panel``); refuse one whose tables come from different runs."""
    import duckdb
    import pandas as pd

    directory = Path(directory)
    missing = [n for n in TABLES if not (directory / f"{n}.parquet").exists()]
    if missing:
        raise FileNotFoundError(f"{directory}: not a dataset folder (missing {', '.join(missing)}.parquet)")
    _check_one_run(directory, legacy_ok=True)
    con = duckdb.connect()
    for name in TABLES:
        path = str(directory / f"{name}.parquet").replace("'", "''")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    frames = {name: pd.read_parquet(directory / f"{name}.parquet") for name in TABLES}
    from .cells import panel  # view panel: whole-area cells (subgroup '') and the parts' rows

    con.register("panel", panel(frames["figures"], subgroups=True))
    return OpenDataset(con=con, **frames)
