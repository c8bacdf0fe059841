"""edureports: figures from Chinese local education-bureau reports, as tidy pandas DataFrames.

>>> import edureports
>>> r = edureports.read_report(edureports.SEEDS / "004_9bac73edf8d24ee1.txt")
>>> n = edureports.normalise(r.source)
>>> n.script, n.text.lstrip().startswith("2019年工作总结和2020年工作思路")
('simplified', True)
"""

from pathlib import Path

from .errors import (
    BinaryFileError,
    CorruptFileError,
    EmptyFileError,
    NoTextLayerError,
    ReportError,
    UnsupportedFormatError,
)
from .dataset import Dataset, OpenDataset, build_dataset, compare, open_dataset
from .extract import extract
from .load import Report, read_report
from .normalise import Normalised, OffsetMap, normalise

__version__ = "0.1.0"

#: The project's seed reports, when running from a checkout.
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

__all__ = [
    "read_report",
    "normalise",
    "extract",
    "build_dataset",
    "open_dataset",
    "compare",
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
