"""The panel: one cell per district, year, indicator (and subgroup), like compared with like, with the
figures that state it, their conflicts and the rule that chose the value."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

from edureports import panel
from edureports.cells import PANEL_COLUMNS, conflicts, statements
from conftest import SEEDS

def fig(fid, value, raw, *, doc="r18", start=0, role="level", indicator="exam.gaokao.tier1_admits",
        district="九原区", year=2018, unit="person", qualifier="exact", scope="total", subgroup=None,
        parent=None):
    """One figure row carrying the scope columns."""
    return {"doc_id": doc, "figure_id": f"{doc}:{fid}", "start": start, "raw": raw, "value": value,
            "unit": unit, "qualifier": qualifier, "role": role, "indicator": indicator,
            "indicator_en": indicator, "category": indicator.split(".")[0], "district": district,
            "district_en": district, "year": year, "measure": "", "sentence": f"sentence of {raw}",
            "scope": scope, "subgroup": subgroup, "parent_id": None if parent is None else f"{doc}:{parent}"}


@dataclass(frozen=True)
class Case:
    name: str
    figures: tuple
    value: float | None          # the whole-area cell's value (None: no whole-area cell)
    figure_ids: str = ""
    conflict: bool = False
    rule: str = ""
    source: str = "level"
    indicator: str = "exam.gaokao.tier1_admits"
    year: int = 2018


CASES = [
    Case("parts_never_fill_the_whole",  # 上线人数251人(其中普文81人,普理170人)
         (fig(0, 251.0, "251人"), fig(1, 81.0, "81人", scope="part", subgroup="普文", parent=0),
          fig(2, 170.0, "170人", scope="part", subgroup="普理", parent=0)),
         251.0, "r18:0", rule="one statement"),
    Case("parts_alone_make_no_whole_cell",  # 文史类1567人, 理工类4375人: no whole-area tier-2 cell
         (fig(0, 1567.0, "1567人", indicator="exam.gaokao.tier2_admits", scope="part", subgroup="文史类"),
          fig(1, 4375.0, "4375人", indicator="exam.gaokao.tier2_admits", scope="part", subgroup="理工类")),
         None, indicator="exam.gaokao.tier2_admits"),
    Case("a_part_without_words_is_still_a_part",
         (fig(0, 81.0, "81人", scope="part"),), None),
    Case("equal_restatements_agree",
         (fig(0, 251.0, "251人"), fig(1, 251.0, "251人", start=900)),
         251.0, "r18:0,r18:1", rule="statements agree"),
    Case("within_one_report_the_first_stated",
         (fig(0, 251.0, "251人"), fig(1, 260.0, "260人", start=900)),
         251.0, "r18:0,r18:1", conflict=True, rule="first stated"),
    Case("the_year_s_report_over_a_later_report_quoting_it",
         (fig(0, 250.0, "250人", doc="r19", role="previous"), fig(0, 251.0, "251人")),
         251.0, "r18:0,r19:0", conflict=True, rule="level over previous"),
    Case("a_later_report_fills_the_earlier_year",
         (fig(0, 250.0, "250人", doc="r19", role="previous"),),
         250.0, "r19:0", source="previous", rule="one statement"),
    Case("exact_over_approximate",
         (fig(0, 9e6, "约900万元", qualifier="approx", unit="yuan", indicator="funding.training"),
          fig(1, 8.97e6, "897万元", start=50, unit="yuan", indicator="funding.training")),
         8.97e6, "r18:0,r18:1", conflict=True, rule="exact over approximate", indicator="funding.training"),
    Case("masked_changes_and_targets_state_no_cell",
         (fig(0, float("nan"), "1459*名", qualifier="masked"), fig(1, 28.0, "28人", role="delta"),
          fig(2, 54.0, "54%", role="growth", unit="percent"), fig(3, 300.0, "300人", role="target")),
         None),
    Case("no_indicator_no_cell", (fig(0, 5.0, "5所", indicator="other"),), None, indicator="other"),
]


def _whole_cell(cells, case):
    hit = cells[(cells.indicator == case.indicator) & (cells.year == case.year) & (cells.subgroup == "")]
    assert len(hit) <= 1
    return None if hit.empty else hit.iloc[0]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_whole_area_cells(case):
    cell = _whole_cell(panel(pd.DataFrame(case.figures)), case)
    if case.value is None:
        assert cell is None
        return
    assert cell is not None
    assert (cell.value, cell.figure_ids, cell.conflict, cell.rule, cell.source) == (
        case.value, case.figure_ids, case.conflict, case.rule, case.source)
    assert cell.n_statements == len(case.figure_ids.split(","))


def test_conflicts_list_every_statement_with_its_source():
    figs = pd.DataFrame([fig(0, 250.0, "250人", doc="r19", role="previous"), fig(0, 251.0, "251人"),
                         fig(1, 40.6, "40.6%", unit="percent", indicator="exam.gaokao.tier1_rate")])
    cells = panel(figs)
    listed = conflicts(cells, figs)
    assert list(zip(listed.figure_id, listed.source)) == [("r18:0", "level"), ("r19:0", "previous")]
    assert set(listed.sentence) == {"sentence of 250人", "sentence of 251人"}
    assert cells.set_index("indicator").loc["exam.gaokao.tier1_admits", "doc_ids"] == "r18,r19"


def test_subgroups_come_as_their_own_rows():
    figs = pd.DataFrame([fig(0, 251.0, "251人"), fig(1, 81.0, "81人", scope="part", subgroup="普文", parent=0),
                         fig(2, 170.0, "170人", scope="part", subgroup="普理", parent=0),
                         fig(3, 9.0, "9人", scope="part")])
    cells = panel(figs, subgroups=True).set_index("subgroup")
    assert cells["value"].to_dict() == {"": 251.0, "普文": 81.0, "普理": 170.0, "part": 9.0}
    assert not cells["conflict"].any()


def test_a_table_without_scope_columns_is_all_whole_area():
    figs = pd.DataFrame([fig(0, 251.0, "251人"), fig(1, 81.0, "81人")]).drop(
        columns=["scope", "subgroup", "parent_id"])
    cells = panel(figs)
    assert list(cells.subgroup) == [""] and cells.conflict.iloc[0]


@pytest.mark.parametrize("how, expect", [("first", 251.0), ("last", 260.0), ("max", 270.0), ("min", 251.0),
                                         ("mean", (251.0 + 270.0 + 260.0) / 3)])
def test_duplicates_decide_between_statements_of_one_standing(how, expect):
    figs = pd.DataFrame([fig(0, 251.0, "251人"), fig(1, 270.0, "270人", start=5),
                         fig(2, 260.0, "260人", start=9), fig(3, 251.0, "251人", start=12)])
    assert panel(figs, duplicates=how).value.iloc[0] == expect  # mean of the distinct values


def test_raise_names_the_disagreeing_figures_and_bad_arguments_are_refused():
    figs = pd.DataFrame([fig(0, 251.0, "251人"), fig(1, 270.0, "270人", start=5)])
    with pytest.raises(ValueError, match="251人 .r18:0.*270人 .r18:1"):
        panel(figs, duplicates="raise")
    with pytest.raises(ValueError, match="duplicates"):
        panel(figs, duplicates="median")
    with pytest.raises(ValueError, match="roles"):
        panel(figs, roles=("target",))


def test_indicators_select_ids_or_prefixes():
    figs = pd.DataFrame([fig(0, 251.0, "251人"), fig(1, 5e4, "5万元", unit="yuan", indicator="funding.total"),
                         fig(2, 5e4, "5万元", unit="yuan", indicator="fundingx")])
    assert list(panel(figs, indicators="funding").indicator) == ["funding.total"]
    assert list(panel(figs, indicators=["exam.gaokao.tier1_admits"]).indicator) == ["exam.gaokao.tier1_admits"]


def test_a_panel_merges_and_concatenates_like_any_table():
    cells = panel(pd.DataFrame([fig(0, 251.0, "251人"), fig(1, 260.0, "260人", start=5)]))
    assert len(cells.merge(cells, on=["district", "year"])) == 1 and len(pd.concat([cells, cells])) == 2


def test_empty_input_gives_the_columns():
    figs = pd.DataFrame([fig(0, 1.0, "1人", role="delta")])
    assert list(panel(figs).columns) == PANEL_COLUMNS and panel(figs).empty


# --------------------------------------------------------------------------- on the seeds


@pytest.fixture(scope="module")
def seeds():
    from edureports.dataset import build_dataset

    return build_dataset([SEEDS])


def test_on_the_seeds_every_cell_names_its_whole_area_figures(seeds):
    figs = seeds.figures.set_index("figure_id")
    cells = panel(seeds.figures)
    assert list(cells.columns) == PANEL_COLUMNS and len(cells)
    assert (cells.subgroup == "").all()
    for cell in cells.itertuples():
        rows = figs.loc[cell.figure_ids.split(",")]
        assert len(rows) == cell.n_statements
        assert (rows.district == cell.district).all() and (rows.indicator == cell.indicator).all()
        assert rows.role.isin(["level", "previous"]).all()
        assert (rows.scope == "total").all() and rows.subgroup.isna().all()
    statements_of = cells.set_index(["district", "year", "indicator"])
    assert not cells.duplicated(["district", "year", "indicator"]).any()
    assert statements_of.n_statements.sum() == len(statements(seeds.figures))


def test_on_the_seeds_conflicts_are_the_cells_that_disagree(seeds):
    cells = panel(seeds.figures)
    figs = seeds.figures.set_index("figure_id")
    for cell in cells.itertuples():
        assert cell.conflict == (figs.loc[cell.figure_ids.split(","), "value"].nunique() > 1)
    listed = set(conflicts(cells, seeds.figures).figure_id)
    assert listed == {f for ids in cells[cells.conflict].figure_ids for f in ids.split(",")}


def _seed_cell(seeds, doc, indicator, year):
    cells = panel(seeds.figures)
    hit = cells[cells.doc_ids.str.contains(doc) & (cells.indicator == indicator) & (cells.year == year)]
    return hit


def test_on_seed_000_the_tier1_total_is_not_in_conflict_with_its_parts(seeds):
    # 上线人数达251人(其中普文81人,普理170人): 81 + 170 = 251, parts of it, not rival statements
    hit = _seed_cell(seeds, "000_", "exam.gaokao.tier1_admits", 2018)
    assert list(hit.value) == [251.0] and not hit.conflict.iloc[0] and hit.n_statements.iloc[0] == 1


def test_on_seed_001_the_arts_track_admits_are_not_the_city_s(seeds):
    # 高考文史类二本以上上线人数1567人 … 理工类 4375人 … 文理共计 5942人: 1567 is the 文史类 part
    hit = _seed_cell(seeds, "001_", "exam.gaokao.tier2_admits", 2007)
    assert 1567.0 not in set(hit.value)
    parts = panel(seeds.figures, subgroups=True)
    parts = parts[(parts.indicator == "exam.gaokao.tier2_admits") & (parts.subgroup != "")]
    assert {1567.0, 4375.0} <= set(parts.value)
