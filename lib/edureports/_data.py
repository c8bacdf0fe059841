"""Access to the package's data files (vocabularies, tables) under ``edureports/data``."""

from __future__ import annotations

import functools
from importlib import resources

import yaml

from .errors import DataFileError


def data_path(name: str):
    return resources.files("edureports") / "data" / name


@functools.lru_cache(maxsize=None)
def load_yaml(name: str):
    """Parse a packaged YAML file once; a parse error names the file."""
    path = data_path(name)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataFileError(str(path), [str(exc)]) from exc
