"""Errors raised for bad input: each names the file and the problem."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ReportError",
    "EmptyFileError",
    "BinaryFileError",
    "UnsupportedFormatError",
    "CorruptFileError",
    "NoTextLayerError",
    "LimitError",
    "DataFileError",
    "DatasetError",
]


class ReportError(ValueError):
    """A report file could not be read. ``path`` and ``problem`` say which and why."""

    def __init__(self, path: str | Path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class EmptyFileError(ReportError):
    """The file has no bytes, or no text once decoded/extracted."""


class BinaryFileError(ReportError):
    """The bytes are not text in any encoding we recognise."""


class UnsupportedFormatError(ReportError):
    """The file extension is not one we read (.txt, .html, .htm, .docx, .pdf)."""


class CorruptFileError(ReportError):
    """A .docx or .pdf whose container cannot be opened."""


class NoTextLayerError(ReportError):
    """A .pdf that opens but carries no extractable text (a scan)."""


class LimitError(ReportError):
    """The file exceeds a limit that protects the machine (size of one document)."""


class DatasetError(ValueError):
    """A dataset folder that cannot be used as is (tables from different runs, a foreign folder)."""


class DataFileError(ValueError):
    """A packaged vocabulary/data file is malformed; lists every error found."""

    def __init__(self, path: str | Path, errors: list[str]):
        self.path = str(path)
        self.errors = list(errors)
        super().__init__(f"{self.path}: {len(errors)} error(s):\n  " + "\n  ".join(errors))
