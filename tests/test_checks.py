"""The checks of a report's own arithmetic: parts against their whole, shares against their counts,
previous + change against current, growth rates, per-head amounts; only where the text states the
relation, within the precision the report wrote."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pytest

from edureports._data import validate_data

from edureports import checks, schema
from edureports.checks import consistency_checks, document_checks, half_unit
from conftest import SEEDS

def f(i, raw, value, unit, *, role="level", sentence="s", indicator="x.y", measure="", qualifier="exact",
      parent=None, scope=None, doc="d"):
    """One figure of document ``doc`` with the scope columns (a part when it has a parent)."""
    return {"doc_id": doc, "figure_id": f"{doc}:{i}", "start": 10 * i, "raw": raw, "sentence": sentence,
            "measure": measure, "value": value, "unit": unit, "qualifier": qualifier, "role": role,
            "indicator": indicator, "scope": scope or ("part" if parent is not None else "total"),
            "subgroup": None, "parent_id": None if parent is None else f"{doc}:{parent}"}


@dataclass(frozen=True)
class Case:
    name: str
    figures: tuple
    kinds: tuple = ()            # the checks expected, in order
    ok: tuple = ()               # their verdicts
    computed: tuple = field(default=())  # their computed values (approx.), where the case fixes them


WAN = 10_000
CASES = [
    # ---------------------------------------------------------------- parts against their whole
    Case("equipment_items_exceed_their_stated_total",  # seed 001: 其中…新增投入43.28万元… vs 50.64万元
         (f(0, "50.64万元", 50.64 * WAN, "yuan", sentence="a"),
          f(1, "43.28万元", 43.28 * WAN, "yuan", sentence="b", parent=0),
          f(2, "274.39万元", 274.39 * WAN, "yuan", sentence="b", parent=0),
          f(3, "7.36万元", 7.36 * WAN, "yuan", sentence="b", parent=0),
          f(4, "97万元", 97 * WAN, "yuan", sentence="b", parent=0)),
         ("parts_sum_total",), (False,), ((43.28 + 274.39 + 7.36 + 97) * WAN,)),
    Case("streams_add_up_to_the_total",  # 上线人数251人(其中普文81人,普理170人)
         (f(0, "251人", 251, "person"), f(1, "81人", 81, "person", parent=0), f(2, "170人", 170, "person", parent=0)),
         ("parts_sum_total",), (True,), (251.0,)),
    Case("rounded_parts_within_the_precision_written",  # 5.4万元 = 2.71万 + 2.71万 to the 0.1万 written
         (f(0, "5.4万元", 5.4 * WAN, "yuan"), f(1, "2.71万元", 2.71 * WAN, "yuan", parent=0),
          f(2, "2.71万元", 2.71 * WAN, "yuan", parent=0)),
         ("parts_sum_total",), (True,)),
    Case("parts_short_of_the_whole_pass",  # 共有幼儿园76所,其中公办30所: 其中 need not list every part
         (f(0, "76所", 76, "institution"), f(1, "30所", 30, "institution", parent=0)),
         ("parts_sum_total",), (True,), (30.0,)),
    Case("a_single_part_larger_than_its_whole_fails",
         (f(0, "76所", 76, "institution"), f(1, "80所", 80, "institution", parent=0)),
         ("parts_sum_total",), (False,)),
    Case("rates_are_not_summed",  # 文史类上线率9.3%, 理工类22.31% → 文理共计16%
         (f(0, "16%", 16, "percent"), f(1, "9.3%", 9.3, "percent", parent=0),
          f(2, "22.31%", 22.31, "percent", parent=0))),
    Case("an_approximate_whole_is_not_checked",
         (f(0, "约900万元", 900 * WAN, "yuan", qualifier="approx"), f(1, "950万元", 950 * WAN, "yuan", parent=0))),
    Case("a_masked_part_is_not_checked",
         (f(0, "1500名", 1500, "person"), f(1, "1459*名", float("nan"), "person", qualifier="masked", parent=0),
          f(2, "41名", 41, "person", parent=0))),
    Case("parts_the_text_does_not_relate_are_not_checked",  # no parent: nothing says 81 is within 251
         (f(0, "251人", 251, "person"), f(1, "81人", 81, "person", scope="part"),
          f(2, "270人", 270, "person", scope="part"))),
    Case("parts_of_another_unit_are_left_out",  # 13所, 其中新建8所,建设面积987.7平方米
         (f(0, "13所", 13, "institution"), f(1, "8所", 8, "institution", parent=0),
          f(2, "987.7平方米", 987.7, "m2", parent=0)),
         ("parts_sum_total",), (True,), (8.0,)),
    # ---------------------------------------------------------------- shares against their counts
    Case("a_share_after_a_part_of_a_whole",  # 24家学校食堂现有17家…达到a级占比71%
         (f(0, "24家", 24, "institution"), f(1, "17家", 17, "institution", parent=0),
          f(2, "71%", 71, "percent", measure="a级占比")),
         ("parts_sum_total", "rate_from_counts"), (True, True), (17.0, 17 / 24 * 100)),
    Case("a_wrong_share_fails",
         (f(0, "24家", 24, "institution"), f(1, "17家", 17, "institution", parent=0),
          f(2, "75%", 75, "percent", measure="a级占比")),
         ("parts_sum_total", "rate_from_counts"), (True, False)),
    Case("a_share_of_an_unstated_whole_is_not_checked",  # 上线人数709人,所占全区比例57.6%
         (f(0, "709人", 709, "person"), f(1, "57.6%", 57.6, "percent", measure="所占全区比例"))),
    Case("a_rate_without_a_share_word_is_not_a_share",  # 上线1567人,上线率9.3%: the candidates are unstated
         (f(0, "5942人", 5942, "person", sentence="a"), f(1, "1567人", 1567, "person", parent=0),
          f(2, "9.3%", 9.3, "percent", measure="上线率")),
         ("parts_sum_total",), (True,)),
    # ---------------------------------------------------------------- previous, change, current
    Case("previous_change_current",  # 原有人员98人,保留70人,共精减28人
         (f(0, "98人", 98, "person", role="previous"), f(1, "70人", 70, "person"),
          f(2, "28人", 28, "person", role="delta")),
         ("previous_change_current",), (True,), (28.0,)),
    Case("a_signed_decrease", (f(0, "98人", 98, "person", role="previous"), f(1, "70人", 70, "person"),
                               f(2, "28人", -28, "person", role="delta")),
         ("previous_change_current",), (True,)),
    Case("a_wrong_change_fails", (f(0, "98人", 98, "person", role="previous"), f(1, "70人", 70, "person"),
                                  f(2, "30人", 30, "person", role="delta")),
         ("previous_change_current",), (False,), (28.0,)),
    Case("two_previous_values_are_ambiguous",
         (f(0, "98人", 98, "person", role="previous"), f(1, "90人", 90, "person", role="previous"),
          f(2, "70人", 70, "person"), f(3, "28人", 28, "person", role="delta"))),
    Case("figures_of_different_indicators_are_not_related",
         (f(0, "98人", 98, "person", role="previous", indicator="a"), f(1, "70人", 70, "person", indicator="b"),
          f(2, "28人", 28, "person", role="delta", indicator="a"))),
    Case("figures_of_different_sentences_are_not_related",
         (f(0, "98人", 98, "person", role="previous", sentence="a"), f(1, "70人", 70, "person", sentence="b"),
          f(2, "28人", 28, "person", role="delta", sentence="b"))),
    Case("growth_from_the_change",  # 春季招生4468人,比上年增加了1565人,同比增长54%
         (f(0, "4468人", 4468, "person"), f(1, "1565人", 1565, "person", role="delta"),
          f(2, "54%", 54, "percent", role="growth")),
         ("growth_from_change",), (True,), (1565 / (4468 - 1565) * 100,)),
    Case("a_wrong_growth_fails",
         (f(0, "4468人", 4468, "person"), f(1, "1565人", 1565, "person", role="delta"),
          f(2, "60%", 60, "percent", role="growth")),
         ("growth_from_change",), (False,)),
    Case("growth_from_previous_and_current",  # 由200人增加到250人,增长25%
         (f(0, "200人", 200, "person", role="previous"), f(1, "250人", 250, "person"),
          f(2, "25%", 25, "percent", role="growth")),
         ("growth_from_change",), (True,), (25.0,)),
    Case("a_rate_change_in_points",  # 较去年44.1%, 所占比例57.6%, 提升13.5%
         (f(0, "57.6%", 57.6, "percent"), f(1, "44.1%", 44.1, "percent", role="previous"),
          f(2, "13.5%", 13.5, "percentage_point", role="delta")),
         ("growth_from_levels",), (True,), (57.6 - 44.1,)),
    Case("a_relative_rate_change",  # 由40%提高到50%,提高25%
         (f(0, "40%", 40, "percent", role="previous"), f(1, "50%", 50, "percent"),
          f(2, "25%", 25, "percent", role="growth")),
         ("growth_from_levels",), (True,), (25.0,)),
    Case("percentage_points_are_never_relative",  # 由40%提高到50%,提高25个百分点: wrong
         (f(0, "40%", 40, "percent", role="previous"), f(1, "50%", 50, "percent"),
          f(2, "25个百分点", 25, "percentage_point", role="delta")),
         ("growth_from_levels",), (False,), (10.0,)),
    # ---------------------------------------------------------------- per head
    Case("a_per_head_amount_from_total_and_heads",  # 资助学生3000人,共发放300万元,生均1000元
         (f(0, "3000人", 3000, "person"), f(1, "300万元", 300 * WAN, "yuan"),
          f(2, "1000元", 1000, "yuan", measure="生均")),
         ("per_head_from_total",), (True,), (1000.0,)),
    Case("a_wrong_per_head_amount_fails",
         (f(0, "3000人", 3000, "person"), f(1, "300万元", 300 * WAN, "yuan"),
          f(2, "900元", 900, "yuan", measure="人均")),
         ("per_head_from_total",), (False,)),
    Case("two_head_counts_are_ambiguous",
         (f(0, "3000人", 3000, "person"), f(1, "200人", 200, "person"), f(2, "300万元", 300 * WAN, "yuan"),
          f(3, "1000元", 1000, "yuan", measure="生均"))),
    Case("an_amount_and_heads_without_a_per_head_figure",  # 免除学杂费5775.1万元,惠及学生57.9万人
         (f(0, "5775.1万元", 5775.1 * WAN, "yuan"), f(1, "57.9万人", 57.9 * WAN, "person"))),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_checks(case):
    rows = document_checks(pd.DataFrame(case.figures))
    assert tuple(rows.kind) == case.kinds
    assert tuple(rows.ok) == case.ok
    if case.computed:
        assert tuple(rows.computed) == pytest.approx(case.computed)
    schema.validate(rows, schema.CHECKS)


@pytest.mark.parametrize("raw, value, half", [
    ("50.64万元", 506_400.0, 50.0), ("97万元", 970_000.0, 5_000.0), ("13.5%", 13.5, 0.05),
    ("86.72億元", 8.672e9, 5e5), ("1,234人", 1234.0, 0.5), ("１２人", 12.0, 0.5), ("两所", 2.0, 0.5),
    ("1.3万多人", 13_000.0, 500.0)])
def test_half_a_unit_in_the_last_digit_written(raw, value, half):
    assert half_unit(raw, value) == pytest.approx(half)


def test_many_documents_are_checked_one_by_one():
    one = [f(0, "251人", 251, "person", doc="a"), f(1, "81人", 81, "person", parent=0, doc="a")]
    two = [f(0, "98人", 98, "person", role="previous", doc="b"), f(1, "70人", 70, "person", doc="b"),
           f(2, "28人", 28, "person", role="delta", doc="b")]
    both = consistency_checks(pd.DataFrame(one + two))
    assert both.equals(pd.concat([document_checks(pd.DataFrame(one)), document_checks(pd.DataFrame(two))],
                                 ignore_index=True))
    assert list(both.doc_id) == ["a", "b"]


def test_a_table_without_scope_columns_has_no_parts_checks():
    figs = pd.DataFrame([f(0, "251人", 251, "person"), f(1, "81人", 81, "person", parent=0)])
    assert document_checks(figs.drop(columns=["scope", "subgroup", "parent_id"])).empty


def test_figure_rows_lacking_a_field_are_checked_as_if_it_were_missing():
    rows = [f(0, "251人", 251, "person"), f(1, "81人", 81, "person", parent=0)]
    assert checks.check_rows(rows) == document_checks(pd.DataFrame(rows)).to_dict("records") != []
    lacking = [{k: v for k, v in row.items() if k not in ("scope", "parent_id")} for row in rows]
    assert checks.check_rows(lacking) == checks.check_rows([{**row, "scope": None, "parent_id": None} for row in rows])
    assert checks.check_rows(lacking) == []  # as for a table without the scope columns


def test_a_malformed_relations_file_fails_listing_every_error():
    errors = validate_data("relations.yaml", {"per_head": ["生均", "生均"], "pupils": [], "extra": ["x"]})
    expected = ["('extra' was unexpected)", "'share' is a required property", "should be non-empty (at pupils)",
                "non-unique elements (at per_head)"]
    assert [e for e in expected if not any(e in line for line in errors)] == [], errors


# --------------------------------------------------------------------------- on the seeds


@pytest.fixture(scope="module")
def seeds():
    from edureports.dataset import build_dataset

    return build_dataset([SEEDS])


def test_every_seed_check_relates_figures_the_text_relates(seeds):
    figs = seeds.figures.set_index("figure_id")
    parents = figs["parent_id"]
    assert len(seeds.checks)
    for check in seeds.checks.itertuples():
        ids = check.figure_ids.split(",")
        rows = figs.loc[ids]
        linked = any(parents[i] in ids for i in ids)  # a part checked against its whole
        assert rows.sentence.nunique() == 1 or linked, check.message
        assert (rows.qualifier == "exact").all()


def _seed_checks(seeds, doc, kind):
    c = seeds.checks
    return c[c.doc_id.str.startswith(doc) & (c.kind == kind)]


def test_seed_000_staff_and_rate_changes(seeds):
    # 原有人员98人…保留70人,共精减28人; 较去年44.1% → 57.6%, 提升13.5%
    assert list(_seed_checks(seeds, "000", "previous_change_current").stated.abs()) == [98 - 70]
    rates = _seed_checks(seeds, "000", "growth_from_levels")
    assert list(rates.ok) == [True] and rates.computed.iloc[0] == pytest.approx(57.6 - 44.1)


def test_seed_001_vocational_intake_growth(seeds):
    # 春季招生4468人,比上年春季招生增加了1565人,同比增长54%
    growth = _seed_checks(seeds, "001", "growth_from_change")
    assert list(growth.ok) == [True] and growth.computed.iloc[0] == pytest.approx(1565 / (4468 - 1565) * 100)


def _gold_part_sums() -> list[tuple]:
    """(doc_id, stated whole, sum of its parts, ok) for every whole of the seeds' gold whose parts the
    gold relates to it (same additive unit, all exact): the parts checks the texts support."""
    from edureports.evaluate import load_gold
    from edureports.paths import GOLD

    gold = load_gold(GOLD)
    out = []
    for (doc, parent), parts in gold[gold.parent.notna()].groupby(["doc_id", "parent"]):
        whole = gold[(gold.doc_id == doc) & (gold.start == parent)].iloc[0]
        parts = parts[parts.unit == whole.unit]
        if (whole.unit in checks.ADDITIVE_UNITS and whole.qualifier == "exact" and len(parts)
                and (parts.qualifier == "exact").all()):
            total = float(parts.value.astype(float).sum())
            tolerance = half_unit(whole.raw, float(whole.value)) + sum(
                half_unit(r, float(v)) for r, v in zip(parts.raw, parts.value))
            out.append((doc, float(whole.value), round(total, 2), total <= float(whole.value) + tolerance))
    return sorted(out)


def _tool_part_sums(seeds) -> list[tuple]:
    rows = seeds.checks[seeds.checks.kind == "parts_sum_total"]
    return sorted((r.doc_id, r.stated, round(r.computed, 2), r.ok) for r in rows.itertuples())


def test_the_gold_relates_the_equipment_items_to_their_total():
    sums = _gold_part_sums()
    assert ("001_379b1903aa736692", 50.64 * WAN, round((43.28 + 274.39 + 7.36 + 97) * WAN, 2), False) in sums
    assert ("000_c497607a8535c82a", 251.0, 251.0, True) in sums


def test_seed_001_equipment_purchases_exceed_their_total(seeds):
    parts = _seed_checks(seeds, "001", "parts_sum_total")
    failed = parts[~parts.ok]
    assert list(failed.stated) == [50.64 * WAN]
    assert failed.computed.iloc[0] == pytest.approx((43.28 + 274.39 + 7.36 + 97) * WAN)


def test_every_parts_check_the_seeds_support_is_present(seeds):
    assert set(_gold_part_sums()) - set(_tool_part_sums(seeds)) == set()


def test_no_parts_check_the_seeds_do_not_support(seeds):
    assert set(_tool_part_sums(seeds)) - set(_gold_part_sums()) == set()


def test_seed_000_share_of_canteens(seeds):
    # 24家学校食堂现有17家学校食堂量化等级达到a级占比71%
    share = _seed_checks(seeds, "000", "rate_from_counts")
    assert list(share.ok) == [True] and share.computed.iloc[0] == pytest.approx(17 / 24 * 100)
