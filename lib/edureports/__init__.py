"""edureports: figures from Chinese local education-bureau reports, as tidy pandas DataFrames.

The pipeline, one module per stage (plain data in and out, offsets kept end to end):

====================  =====================================================================
stage                 module
====================  =====================================================================
load                  :mod:`.load` — a file (txt in any encoding, html, docx, pdf) -> source text
normalise             :mod:`.normalisation` — clean text + offset map back to the source
                      (:mod:`.layout` — layout repairs: page furniture, line joins, spaces in figures;
                      :mod:`.textmap` — the clean text under construction, its map to the source)
sentences             :mod:`.sentences` — sentence and clause boundaries
quantities            :mod:`.quantities` — number, magnitude, unit, qualifier, with spans
context               :mod:`.context` — what a quantity measures, its role, its enumeration
indicators            :mod:`.indicators` — controlled vocabulary -> indicator, category
places                :mod:`.places` — gazetteer, place names in a text, the report's place
attribution           :mod:`.attribution` — each figure's year and district (year patterns: :mod:`.years`)
document row          :mod:`.documents` (+ :mod:`.catalogue`, curated overrides)
one document          :mod:`.pipeline` — the stages above, for one report
checks                :mod:`.checks` — the report's own arithmetic
many documents        :mod:`.batch` — process pool / Dask, manifest, ``sources/``
dataset               :mod:`.dataset` (+ :mod:`.schema`) — validated tables, Parquet, DuckDB
panel                 :mod:`.cells` — one cell per district, year, indicator, subgroup
workbook              :mod:`.workbook`, :mod:`.plots`, :mod:`.report` — comparisons, charts, papermill
====================  =====================================================================

>>> import edureports
>>> r = edureports.read_report(edureports.SEEDS / "004_9bac73edf8d24ee1.txt")
>>> n = edureports.normalise(r.source)
>>> n.script, n.text.lstrip().startswith("2019年工作总结和2020年工作思路")
('simplified', True)
"""

from .errors import (
    BinaryFileError,
    CorruptFileError,
    EmptyFileError,
    NoTextLayerError,
    ReportError,
    UnsupportedFormatError,
)
from .dataset import Dataset, OpenDataset, build_dataset, open_dataset
from .load import Report, read_report
from .normalisation import Normalised, OffsetMap, normalise
from .paths import SEEDS
from .pipeline import extract

__version__ = "0.1.0"

#: names imported when first used: their modules import pandas, which the extraction itself does not
#: need (a batch's workers never load it; ``edureports --help`` starts in half the time)
_LAZY = {"panel": "cells", "compare": "workbook"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
    "read_report",
    "normalise",
    "extract",
    "build_dataset",
    "open_dataset",
    "compare",
    "panel",
    "Dataset",
    "OpenDataset",
    "Report",
    "Normalised",
    "OffsetMap",
    "ReportError",
    "EmptyFileError",
    "BinaryFileError",
    "UnsupportedFormatError",
    "CorruptFileError",
    "NoTextLayerError",
    "SEEDS",
]
