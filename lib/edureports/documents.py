"""Document-level metadata: one row of the ``documents`` table per loaded report."""

from __future__ import annotations

import re

from .load import Report
from .normalise import Normalised

__all__ = ["document_row", "title_of"]

_EXTENSION = re.compile(r"\.(?:docx?|pdf|txt|wps)$", re.I)


def title_of(report: Report, norm: Normalised) -> str:
    """The file's own title (html <title>, docx/pdf properties), else the upload block's file name,
    else the first line of the clean text."""
    for candidate in (report.metadata.get("title"), norm.metadata.get("file_title")):
        if candidate and candidate.strip():
            return _EXTENSION.sub("", candidate.strip())
    for line in norm.text.split("\n"):
        if line.strip():
            return _EXTENSION.sub("", line.strip())[:120]
    return ""


def document_row(report: Report, norm: Normalised) -> dict:
    """The fields of the ``documents`` table known after loading and normalising."""
    notes = []
    if norm.mojibake:
        repaired = sum(1 for m in norm.mojibake if m.repair is not None)
        notes.append(f"{len(norm.mojibake)} mojibake span(s), {repaired} repaired")
    if norm.boilerplate:
        notes.append(f"{len(norm.boilerplate)} boilerplate line(s)")
    if norm.pinyin:
        notes.append(f"{len(norm.pinyin)} pinyin annotation(s) removed")
    return {
        "doc_id": report.doc_id,
        "path": report.path,
        "sha256": report.sha256,
        "format": report.format,
        "encoding": report.encoding,
        "script": norm.script,
        "title": title_of(report, norm),
        "published": report.metadata.get("published") or norm.metadata.get("published"),
        "n_chars": report.n_chars,
        "notes": "; ".join(notes),
    }
