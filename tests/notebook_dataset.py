"""A pytest plugin (loaded with ``-p notebook_dataset``, see pyproject): nbval runs the notebooks on a dataset built fresh for this test run, in a temporary folder, and
lets them write their outputs there too: `make test` reads no leftover `data/processed` and writes
nothing into the checkout. The notebooks read the two folders from their parameters cell, whose
defaults come from EDUREPORTS_DATASET / EDUREPORTS_OUTPUT (papermill runs override them)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_TMP: Path | None = None


def pytest_runtest_setup(item):
    """Before the first notebook cell: build the seeds' dataset once and point the kernels at it
    (a kernel inherits this process's environment when nbval starts it)."""
    global _TMP
    if _TMP is not None or item.path.suffix != ".ipynb":
        return
    from edureports.batch import write_dataset
    from edureports.paths import SEEDS

    _TMP = Path(tempfile.mkdtemp(prefix="edureports-nbval-"))
    write_dataset([SEEDS], _TMP / "dataset")
    os.environ["EDUREPORTS_DATASET"] = str(_TMP / "dataset")
    os.environ["EDUREPORTS_OUTPUT"] = str(_TMP / "reports")


def pytest_unconfigure(config):
    if _TMP is not None:
        shutil.rmtree(_TMP, ignore_errors=True)
        os.environ.pop("EDUREPORTS_DATASET", None)
        os.environ.pop("EDUREPORTS_OUTPUT", None)
