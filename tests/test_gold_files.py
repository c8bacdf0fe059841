"""The hand-annotated gold files: schema, vocabularies, and spans that point at their raw text."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT, SEEDS

GOLD = ROOT / "data" / "gold"
COLUMNS = ["doc", "line", "start", "end", "raw", "value", "unit", "qualifier", "role", "category",
           "year", "district", "measure", "scope", "subgroup", "parent", "note"]
UNITS = {"yuan", "percent", "percentage_point", "person", "person_time", "institution", "item", "event",
         "m2", "km", "mu", "ratio", "count"}
QUALIFIERS = {"exact", "approx", "over", "under", "masked"}
ROLES = {"level", "delta", "growth", "previous", "target"}
CATEGORIES = {"funding", "exam", "staffing", "enrolment", "facilities", "student_aid", "safety",
              "governance", "other"}
SCOPES = {"total", "part"}
HELDOUT = ROOT / "data" / "heldout"
GOLD_FILES = sorted(GOLD.glob("*.csv"))
# (gold csv, its source text): the seeds' gold, and the synthetic held-out texts with theirs
ANNOTATED = [(p, SEEDS / f"{p.stem}.txt") for p in GOLD_FILES] + [
    (p, HELDOUT / f"{p.stem}.txt") for p in sorted(HELDOUT.glob("*.csv"))]


def test_every_seed_has_gold():
    assert sorted(p.stem for p in GOLD_FILES) == sorted(p.stem for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("path, text", ANNOTATED, ids=[p.stem[:3] for p, _ in ANNOTATED])
def test_gold_file_is_well_formed(path, text):
    gold = pd.read_csv(path, dtype={"raw": str, "note": str, "measure": str, "district": str,
                                    "scope": str, "subgroup": str, "parent": "Int64"})
    assert list(gold.columns) == COLUMNS
    source = text.read_bytes().decode("utf-8-sig")
    lines = source.split("\n")
    problems = []
    starts = set(gold.start)
    for i, row in gold.iterrows():
        where = f"row {i + 2}"
        if row.doc != path.stem:
            problems.append(f"{where}: doc {row.doc}")
        if source[row.start:row.end] != row.raw:
            problems.append(f"{where}: source[{row.start}:{row.end}] != {row.raw!r}")
        if row.raw not in lines[row.line - 1]:
            problems.append(f"{where}: {row.raw!r} not on line {row.line}")
        for column, allowed in (("unit", UNITS), ("qualifier", QUALIFIERS), ("role", ROLES),
                                ("category", CATEGORIES), ("scope", SCOPES)):
            if row[column] not in allowed:
                problems.append(f"{where}: {column} {row[column]!r}")
        if (row.qualifier == "masked") != pd.isna(row.value):
            problems.append(f"{where}: value must be empty exactly when masked")
        # a part names its part (subgroup); a total has neither a subgroup nor a parent
        if (row.scope == "part") == pd.isna(row.subgroup):
            problems.append(f"{where}: subgroup must be filled exactly for a part")
        if not pd.isna(row.parent):
            if row.scope != "part":
                problems.append(f"{where}: a {row.scope} has a parent")
            if row.parent == row.start or row.parent not in starts:
                problems.append(f"{where}: parent {row.parent} is not the start of another row")
        # percentage_point is the unit of a change in percentage points, so its role is delta
        if row.unit == "percentage_point" and row.role != "delta":
            problems.append(f"{where}: percentage_point with role {row.role}")
    assert problems == []
    assert not gold.duplicated(["start", "end"]).any()
