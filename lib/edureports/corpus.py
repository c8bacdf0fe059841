"""A folder of reports -> the documents table and a manifest naming every input.

A batch never loses a file: each input appears in the manifest as ``processed`` or ``failed`` with
the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from .documents import document_row
from .errors import ReportError
from .load import FORMATS, read_report
from .normalise import normalise

__all__ = ["iter_inputs", "documents_table", "MANIFEST_COLUMNS", "DOCUMENT_COLUMNS"]

MANIFEST_COLUMNS = ["path", "doc_id", "status", "reason"]
DOCUMENT_COLUMNS = ["doc_id", "path", "sha256", "format", "encoding", "script", "title",
                    "published", "n_chars", "notes"]


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


def documents_table(paths: Iterable[str | Path]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and normalise every input; return ``(documents, manifest)``."""
    rows, manifest = [], []
    for path in iter_inputs(paths):
        try:
            report = read_report(path)
            row = document_row(report, normalise(report.source))
        except ReportError as exc:
            manifest.append({"path": str(path), "doc_id": path.stem, "status": "failed", "reason": exc.problem})
            continue
        rows.append(row)
        manifest.append({"path": str(path), "doc_id": path.stem, "status": "processed", "reason": ""})
    documents = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS).astype({"n_chars": "Int64"})
    return documents, pd.DataFrame(manifest, columns=MANIFEST_COLUMNS)
