"""Access to the package's data files (vocabularies, tables) under ``edureports/data``.

Every YAML data file is read by one strict loader, :func:`load_yaml`: a duplicate mapping key is an
error (YAML would silently keep the last), and the file is checked against its declared schema,
``data/schemas/<name>.schema.yaml`` (JSON Schema written in YAML). Every error is reported together,
naming the file, as a :class:`~edureports.errors.DataFileError`.

Checking a file against its schema needs ``jsonschema``, whose import costs seconds (it compiles the
grammars of its optional format checkers), in every process that loads data. So a file whose digest (of
its text, its schema, the shared definitions and the controlled values) is recorded in
``data/schemas/validated.json`` as having passed is not checked again; any change to any of these makes
the digest differ and the file is checked. ``edureports check-data`` checks every file and records
the digests of those that pass (the tests fail while the record is stale).

>>> sorted(load_yaml("report_types.yaml"))
['parts', 'targets', 'types']
>>> validate_data("t2s_overrides.yaml", {"萬": "万", "億": 1})
["1 is not of type 'string' (at 億)"]
"""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources

import yaml

from .errors import DataFileError


def data_path(name: str):
    return resources.files("edureports") / "data" / name


def yaml_files() -> list[str]:
    """The names of the packaged YAML data files (``units.yaml`` …), sorted."""
    return sorted(p.name for p in data_path("").iterdir() if p.name.endswith(".yaml"))


@functools.lru_cache(maxsize=None)
def load_yaml(name: str):
    """Parse a packaged YAML file once, strictly, and check it against its schema; every problem
    (syntax, duplicate keys, schema violations) is raised together, naming the file."""
    path = data_path(name)
    text = path.read_text(encoding="utf-8")
    data, errors = parse_yaml_strict(text)
    if not errors:
        errors = schema_errors(name, text, data)
    if errors:
        raise DataFileError(str(path), errors)
    return data


VALIDATED = "validated.json"


def digest(name: str, text: str | None = None) -> str:
    """The digest of data file ``name`` (its ``text``, read when not given) with everything its check
    depends on: its schema, the shared definitions and the controlled values."""
    import hashlib

    schemas = data_path("schemas")
    h = hashlib.sha256()
    for part in (text if text is not None else data_path(name).read_text(encoding="utf-8"),
                 _read(schemas / name.replace(".yaml", ".schema.yaml")), _read(schemas / "_defs.yaml"),
                 repr(sorted(_controlled_values().items()))):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


def _read(path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


@functools.lru_cache(maxsize=1)
def _validated() -> dict[str, str]:
    """The recorded digests of the data files that passed their schema check."""
    import json

    path = data_path("schemas") / VALIDATED
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def record_validated() -> dict[str, list[str]]:
    """Check every data file against its schema and record the digests of those that pass; returns
    the problems of those that do not (their digests are left out)."""
    import json

    record, problems = {}, {}
    for name in yaml_files():
        text = data_path(name).read_text(encoding="utf-8")
        data, errors = parse_yaml_strict(text)
        errors = errors or validate_data(name, data)
        if errors:
            problems[name] = errors
        else:
            record[name] = digest(name, text)
    path = data_path("schemas") / VALIDATED
    path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    _validated.cache_clear()
    return problems


@functools.lru_cache(maxsize=None)
def _validator(name: str):
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    schemas = data_path("schemas")
    path = schemas / name.replace(".yaml", ".schema.yaml")
    if not path.is_file():
        raise DataFileError(str(path), [f"no schema declared for data file {name}"])
    defs = yaml.safe_load((schemas / "_defs.yaml").read_text(encoding="utf-8"))
    defs["$defs"].update(_controlled_values())
    registry = Registry().with_resource("_defs.yaml", Resource(contents=defs, specification=DRAFT202012))
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, registry=registry)


def _controlled_values() -> dict:
    """The controlled values of :mod:`edureports.terms` as schema definitions (defined once, there)."""
    from . import terms

    return {"unit": {"enum": list(terms.UNITS)}, "qualifier": {"enum": list(terms.QUALIFIERS)},
            "role": {"enum": list(terms.ROLES)}, "category": {"enum": list(terms.CATEGORIES)}}


def schema_errors(name: str, text: str, data) -> list[str]:
    """:func:`validate_data` of ``data`` parsed from ``text``, unless the digest of ``text`` (with its
    schema) is recorded as having passed: then nothing to report, and no validator to load."""
    if _validated().get(name) == digest(name, text):
        return []
    return validate_data(name, data)


def validate_data(name: str, data) -> list[str]:
    """Every way ``data`` (a parsed data file called ``name``) breaks its declared schema, one
    message each with where it is; empty when it conforms."""
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{e.message} (at {'/'.join(str(p) for p in e.absolute_path) or '<root>'})" for e in errors]


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

