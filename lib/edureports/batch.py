"""The batch runner: many inputs -> the dataset's tables, a manifest row per input, ``sources/``.

The inputs (files as given, folders expanded to the report files below them) are extracted by the
per-document pipeline (:mod:`.pipeline`) in this process, a local process pool, or a Dask cluster.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import schema
from .catalogue import resolve_catalogue
from .errors import ReportError
from .load import FORMATS
from .pipeline import extract_report

__all__ = ["iter_inputs", "extract_many", "write_dataset"]


def iter_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders expanded to the report files below them (sorted; hidden files skipped).
    A path that does not exist is returned as is, so that it fails in the manifest."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in FORMATS
                          and not any(part.startswith(".") for part in f.relative_to(p).parts))
        else:
            out.append(p)
    return out


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
    cat = resolve_catalogue(catalogue)
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
    docs = schema.frame(documents, schema.DOCUMENTS)
    figs = pd.concat(figures, ignore_index=True) if figures else schema.frame([], schema.FIGURES)
    return docs, figs, pd.DataFrame(manifest, columns=schema.MANIFEST_COLUMNS)


def write_dataset(paths, out: str | Path, workers: int = 1, catalogue="default", progress: bool = False,
                  scheduler: str | None = None):
    """``edureports extract --out DIR``: the three tables, the manifest and ``sources/<doc_id>.txt``."""
    from .dataset import build_dataset

    ds = build_dataset(paths, catalogue=catalogue, workers=workers, sources_dir=Path(out) / "sources",
                       progress=progress, scheduler=scheduler)
    ds.write(out)
    return ds
