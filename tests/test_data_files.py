"""The normaliser's data files: schema, no invisible characters, every error reported together."""

from __future__ import annotations

import re
import unicodedata

import pytest

from edureports._data import data_path, load_yaml
from edureports.errors import DataFileError
import importlib

norm_module = importlib.import_module("edureports.normalisation")

INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00a0\u3000]")


@pytest.mark.parametrize("name", ["boilerplate.yaml", "t2s_overrides.yaml", "labels.yaml"])
def test_no_invisible_characters(name):
    text = data_path(name).read_text(encoding="utf-8")
    bad = [(i + 1, line) for i, line in enumerate(text.splitlines()) if INVISIBLE.search(line)]
    assert bad == []


def test_boilerplate_entries_are_well_formed():
    errors = []
    for i, entry in enumerate(load_yaml("boilerplate.yaml")):
        if set(entry) - {"kind", "pattern", "meta"} or not {"kind", "pattern"} <= set(entry):
            errors.append(f"entry {i}: keys {sorted(entry)}")
            continue
        try:
            pattern = re.compile(entry["pattern"])
        except re.error as exc:
            errors.append(f"entry {i} ({entry['kind']}): {exc}")
            continue
        if "meta" in entry and "value" not in pattern.groupindex:
            errors.append(f"entry {i} ({entry['kind']}): meta without a (?P<value>...) group")
    assert errors == []


def test_overrides_are_one_traditional_character_to_its_simplified_form():
    table = load_yaml("t2s_overrides.yaml")
    assert {"餘", "萬", "億", "兩", "點"} <= set(table)
    for source, target in table.items():
        assert len(source) == len(target) == 1
        assert unicodedata.category(source) == unicodedata.category(target) == "Lo"


def test_a_malformed_override_table_fails_listing_every_error(monkeypatch):
    monkeypatch.setattr(norm_module, "load_yaml", lambda name: {"萬": "万", "ab": "c", "億": "亿x"})
    norm_module._overrides.cache_clear()
    try:
        with pytest.raises(DataFileError) as info:
            norm_module._overrides()
        assert len(info.value.errors) == 2 and "'ab'" in str(info.value) and "'亿x'" in str(info.value)
    finally:
        norm_module._overrides.cache_clear()


def test_labels_are_english_chinese_pairs():
    labels = load_yaml("labels.yaml")
    assert set(labels) == {"names", "text", "columns"}
    pairs = [(f"names.{k}.{c}", v) for k, t in labels["names"].items() for c, v in t.items()]
    pairs += [(f"{section}.{k}", v) for section in ("text", "columns") for k, v in labels[section].items()]
    bad = [key for key, pair in pairs if not (isinstance(pair, list) and len(pair) == 2
                                               and all(isinstance(x, str) and x.strip() for x in pair))]
    assert bad == []
    no_chinese = [key for key, (en, zh) in pairs if any("\u4e00" <= ch <= "\u9fff" for ch in en)]
    assert no_chinese == []
