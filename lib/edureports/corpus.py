"""The inputs of a batch: files as given, folders expanded to the report files below them."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .load import FORMATS

__all__ = ["iter_inputs"]


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
