"""Access to the package's data files (vocabularies, tables) under ``edureports/data``."""

from __future__ import annotations

import functools
import unicodedata
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


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader that records duplicate mapping keys instead of silently keeping the last."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[str] = []

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                self.duplicates.append(f"line {key_node.start_mark.line + 1}: duplicate key {key!r}")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_yaml_strict(text: str) -> tuple[object, list[str]]:
    """Parse YAML ``text``; return ``(data, errors)`` where errors name every duplicate mapping key
    (and the syntax error, with data None, when the text is not YAML)."""
    loader = _UniqueKeyLoader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    except yaml.YAMLError as exc:
        return None, [f"not valid YAML: {exc}"]
    finally:
        loader.dispose()


_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Zs", "Zl", "Zp"})


def invisible_chars(text: str, allow: str = "") -> list[str]:
    """Every invisible or space character of ``text`` (U+200B, U+3000, NBSP, tab …) but those in
    ``allow``, named ``U+XXXX``, in order: vocabulary files must not hide any."""
    return [f"U+{ord(ch):04X}" for ch in text
            if ch not in allow and (ch.isspace() or unicodedata.category(ch) in _INVISIBLE)]
