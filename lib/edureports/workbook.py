"""Helpers the notebooks call: loading the dataset, tables in English or Chinese, summaries.

Notebooks only set parameters and call these; the logic lives here so it is tested.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

__all__ = ["load_documents", "load_manifest", "corpus_listing", "write_summary"]

_LISTING = {
    "doc_id": ("document", "文档"),
    "format": ("format", "格式"),
    "encoding": ("encoding", "编码"),
    "script": ("script", "字形"),
    "title": ("title", "标题"),
    "published": ("published", "发布日期"),
    "n_chars": ("characters", "字符数"),
    "notes": ("normalisation notes", "规范化说明"),
}


def load_documents(dataset_dir: str | Path) -> pd.DataFrame:
    """The ``documents`` table of a dataset folder."""
    return pd.read_parquet(Path(dataset_dir) / "documents.parquet")


def load_manifest(dataset_dir: str | Path) -> pd.DataFrame:
    """Every input of the run that built the dataset, processed or failed, with the reason."""
    return pd.read_csv(Path(dataset_dir) / "manifest.csv", dtype=str, keep_default_na=False)


def corpus_listing(documents: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per document: format, encoding, script, title, length; headers in ``lang``."""
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
    column = 0 if lang == "en" else 1
    table = documents[list(_LISTING)].sort_values("doc_id").reset_index(drop=True)
    table["published"] = table["published"].fillna("")
    return table.rename(columns={k: v[column] for k, v in _LISTING.items()})


def write_summary(output_dir: str | Path, name: str, summary: str) -> Path:
    """Record the one-line summary the report index shows for notebook ``name``."""
    path = Path(output_dir) / f"{name}.summary.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"name": name, "summary": summary}, ensure_ascii=False), encoding="utf-8")
    return path
