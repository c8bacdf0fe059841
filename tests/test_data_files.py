"""Every YAML data file: read by the one strict loader, checked against its declared schema, no
invisible characters; and the loader reports every problem of a broken file together."""

from __future__ import annotations

import re
import unicodedata

import pytest

from edureports._data import data_path, invisible_chars, load_yaml, parse_yaml_strict, validate_data, yaml_files
from edureports.errors import DataFileError

YAML_FILES = yaml_files()


def test_the_package_has_its_data_files():
    assert {"units.yaml", "indicators.yaml", "roles.yaml", "boilerplate.yaml"} <= set(YAML_FILES)


@pytest.mark.parametrize("name", YAML_FILES)
def test_data_file_is_valid(name):
    text = data_path(name).read_text(encoding="utf-8")
    data, duplicates = parse_yaml_strict(text)
    assert duplicates == []
    assert validate_data(name, data) == []
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert invisible_chars(body, allow=" \n") == []
    assert load_yaml(name) == data


@pytest.mark.parametrize("name", YAML_FILES)
def test_every_schema_rejects_what_its_file_is_not(name):
    """A schema that accepts anything checks nothing: each must reject a value of the wrong shape."""
    data = load_yaml(name)
    wrong = {"unexpected": 1} if isinstance(data, list) else [1]
    assert validate_data(name, wrong) != []


def _with(name: str, **changes):
    """The data file ``name`` with ``changes`` laid over it (a key set to None is removed)."""
    data = dict(load_yaml(name))
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


WRONG_SHAPES = {  # (file, data, a phrase of the error expected)
    "time_words_offset_too_far": ("time_words.yaml", lambda: _with("time_words.yaml", relative_years={"去年": 9}),
                                  "9 is greater than the maximum"),
    "time_words_offset_not_a_number": ("time_words.yaml",
                                       lambda: _with("time_words.yaml", relative_years={"去年": "-1"}),
                                       "is not of type 'integer'"),
    "time_words_key_missing": ("time_words.yaml", lambda: _with("time_words.yaml", made_plans=None),
                               "'made_plans' is a required property"),
    "time_words_unknown_key": ("time_words.yaml", lambda: _with("time_words.yaml", extra=["x"]),
                               "Additional properties are not allowed"),
    "time_words_word_twice": ("time_words.yaml", lambda: _with("time_words.yaml", comparison=["比", "比"]),
                              "has non-unique elements"),
    "time_words_empty_list": ("time_words.yaml", lambda: _with("time_words.yaml", ahead_words=[]),
                              "should be non-empty"),
    "time_words_padded_word": ("time_words.yaml", lambda: _with("time_words.yaml", comparison=[" 比"]),
                               "does not match"),
    "layout_share_zero": ("layout.yaml", lambda: _with("layout.yaml", broken_share=0),
                          "less than or equal to the minimum"),
    "layout_share_over_one": ("layout.yaml", lambda: _with("layout.yaml", wrap_share=3),
                              "greater than the maximum"),
    "layout_count_not_integer": ("layout.yaml", lambda: _with("layout.yaml", min_page_chars="200"),
                                 "is not of type 'integer'"),
    "layout_no_patterns": ("layout.yaml", lambda: _with("layout.yaml", headings=[]), "should be non-empty"),
    "layout_key_missing": ("layout.yaml", lambda: _with("layout.yaml", closers=None),
                           "'closers' is a required property"),
    "layout_unknown_key": ("layout.yaml", lambda: _with("layout.yaml", extra=1),
                           "Additional properties are not allowed"),
    "overrides_two_characters_to_one": ("t2s_overrides.yaml", lambda: {"萬萬": "万"}, "is too long"),
    "overrides_one_character_to_two": ("t2s_overrides.yaml", lambda: {"萬": "万万"}, "is too long"),
    "overrides_to_nothing": ("t2s_overrides.yaml", lambda: {"萬": ""}, "should be non-empty"),
    "overrides_line_break": ("t2s_overrides.yaml", lambda: {"萬": "万\n"}, "is too long"),
    "published_meta_name_in_capitals": ("published_dates.yaml",
                                        lambda: _with("published_dates.yaml", meta_names=["PubDate"]),
                                        "does not match"),
    "published_no_labels": ("published_dates.yaml", lambda: _with("published_dates.yaml", text_labels=[]),
                            "should be non-empty"),
    "overrides_number_key": ("t2s_overrides.yaml", lambda: {1: "一"}, "is not of type 'string'"),
}


@pytest.mark.parametrize("case", WRONG_SHAPES, ids=str)
def test_a_schema_rejects_a_wrong_shape(case):
    name, make, expected = WRONG_SHAPES[case]
    errors = validate_data(name, make())
    assert any(expected in e for e in errors), errors


def test_a_duplicate_key_is_reported_with_its_line():
    data, errors = parse_yaml_strict("a: 1\nb: 2\na: 3\n")
    assert errors == ["line 3: duplicate key 'a'"]


def test_a_broken_file_reports_every_schema_error_together():
    broken = {"types": [{"name": "other", "title": [], "text": ["x"], "looks": "sideways"}],
              "parts": {"上半年": "first half"}}
    errors = validate_data("report_types.yaml", broken)
    assert len(errors) == 5, errors  # name other, empty title, looks, parts value, missing targets
    assert any("targets" in e for e in errors) and any("sideways" in e for e in errors)


def test_the_loader_raises_naming_the_file(tmp_path, monkeypatch):
    import edureports._data as data_module

    (tmp_path / "units.yaml").write_text("units: {元: {unit: money}}\nunits: {}\n", encoding="utf-8")
    (tmp_path / "schemas").symlink_to(data_path("schemas"), target_is_directory=True)
    monkeypatch.setattr(data_module, "data_path", lambda name: tmp_path / name)
    data_module.load_yaml.cache_clear()
    try:
        with pytest.raises(DataFileError) as info:
            data_module.load_yaml("units.yaml")
        assert "units.yaml" in str(info.value) and "duplicate key 'units'" in str(info.value)
    finally:
        data_module.load_yaml.cache_clear()


def test_every_file_in_the_data_folder_has_a_schema_and_every_schema_a_file():
    schemas = {p.name.replace(".schema.yaml", ".yaml") for p in data_path("schemas").iterdir()
               if p.name.endswith(".schema.yaml")}
    assert schemas == set(YAML_FILES)


def test_boilerplate_patterns_compile_and_meta_patterns_capture_a_value():
    errors = []
    for i, entry in enumerate(load_yaml("boilerplate.yaml")):
        try:
            pattern = re.compile(entry["pattern"])
        except re.error as exc:
            errors.append(f"entry {i} ({entry['kind']}): {exc}")
            continue
        if "meta" in entry and "value" not in pattern.groupindex:
            errors.append(f"entry {i} ({entry['kind']}): meta without a (?P<value>...) group")
    assert errors == []


def test_overrides_map_letters_to_letters():
    table = load_yaml("t2s_overrides.yaml")
    assert {"餘", "萬", "億", "兩", "點"} <= set(table)
    assert [(s, t) for s, t in table.items()
            if not unicodedata.category(s) == unicodedata.category(t) == "Lo"] == []


def test_labels_have_no_chinese_in_their_english_half():
    labels = load_yaml("labels.yaml")
    pairs = [(f"names.{k}.{c}", v) for k, t in labels["names"].items() for c, v in t.items()]
    pairs += [(f"{section}.{k}", v) for section in ("text", "columns") for k, v in labels[section].items()]
    assert [key for key, (en, zh) in pairs if any("\u4e00" <= ch <= "\u9fff" for ch in en)] == []


def test_the_record_of_validated_files_is_current():
    """``data/schemas/validated.json`` lets a process skip loading the schema validator for files that
    passed; it must name every data file with its current digest (regenerate it with
    ``edureports check-data`` after editing a data file or a schema)."""
    import json

    import edureports._data as data_module

    record = json.loads((data_path("schemas") / data_module.VALIDATED).read_text(encoding="utf-8"))
    stale = sorted(name for name in yaml_files() if record.get(name) != data_module.digest(name))
    assert stale == [], f"stale digests for {stale}: run `edureports check-data`"
    assert sorted(record) == yaml_files()


def test_a_changed_file_is_checked_against_its_schema_again(tmp_path, monkeypatch):
    import edureports._data as data_module

    text = data_path("relations.yaml").read_text(encoding="utf-8")
    (tmp_path / "relations.yaml").write_text(text + "\nunexpected_key: [x]\n", encoding="utf-8")
    (tmp_path / "schemas").symlink_to(data_path("schemas"), target_is_directory=True)
    monkeypatch.setattr(data_module, "data_path", lambda name: tmp_path / name)
    data_module.load_yaml.cache_clear()
    try:
        assert data_module.schema_errors("relations.yaml", text, {"bad": 1}) == []  # recorded: not checked
        with pytest.raises(DataFileError) as info:
            data_module.load_yaml("relations.yaml")
        assert "relations.yaml" in str(info.value) and "unexpected_key" in str(info.value)
    finally:
        data_module.load_yaml.cache_clear()
