"""The notebook helpers: per-student money, selections, labels."""

from __future__ import annotations

import pytest

from edureports import workbook as wb
from edureports.pipeline import extract


def test_per_student_divides_money_by_the_pupils_it_reaches_in_one_sentence():
    figs = extract("全市免除义务教育阶段学生学杂费5775.1万元,惠及学生57.9万人。生均公用经费达到650元。"
                   "投入2000万元,新增学位2700个。")
    table = wb.per_student(figs, "en")
    assert list(table["how"]) == ["stated", "computed"]
    assert list(table["yuan per student"]) == [650.0, 99.74]
    assert list(table["students"]) == ["", "57.9万人"]


def test_per_student_needs_exactly_one_amount_and_one_base():
    figs = extract("投入5万元和6万元,惠及学生100人。")
    assert wb.per_student(figs, "zh").empty


def test_select_takes_chinese_or_english_district_names():
    figs = extract("投入5万元。")
    figs["district"], figs["district_en"], figs["year"] = "九原区", "Jiuyuan District", 2018
    assert len(wb.select(figs, ["九原区"])) == len(wb.select(figs, ["Jiuyuan District"])) == 1
    assert wb.select(figs, ["吉安市"]).empty and wb.select(figs, years=[2017]).empty


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        wb.column_names("fr")


# --------------------------------------------------------------------------- tables from the panel

import pandas as pd  # noqa: E402

from edureports.cells import panel  # noqa: E402


def row(fid, raw, value, unit, indicator, *, year=2018, role="level", category=None, scope="total",
        subgroup=None, parent=None, district="九原区", doc="r", sentence="s"):
    return {"doc_id": doc, "figure_id": f"{doc}:{fid}", "start": 10 * fid, "raw": raw, "value": value,
            "unit": unit, "qualifier": "exact", "role": role, "indicator": indicator, "indicator_en": indicator,
            "category": category or indicator.split(".")[0].replace("staff", "staffing"), "district": district,
            "district_en": district, "year": year, "measure": "", "sentence": sentence, "scope": scope,
            "subgroup": subgroup, "parent_id": None if parent is None else f"{doc}:{parent}"}


FIGS = pd.DataFrame([
    row(0, "251人", 251.0, "person", "exam.gaokao.tier1_admits", sentence="上线人数达251人(其中普文81人,普理170人)"),
    row(1, "81人", 81.0, "person", "exam.gaokao.tier1_admits", scope="part", subgroup="普文", parent=0),
    row(2, "170人", 170.0, "person", "exam.gaokao.tier1_admits", scope="part", subgroup="普理", parent=0),
    row(3, "40.6%", 40.6, "percent", "exam.gaokao.tier1_rate"),
    row(4, "38.2%", 38.2, "percent", "exam.gaokao.tier1_rate", year=2017, role="previous"),
    row(5, "30%", 30.0, "percent", "exam.gaokao.tier1_rate", year=None, doc="u"),
    row(6, "2000万元", 2e7, "yuan", "funding.construction"),
    row(7, "766万元", 7.66e6, "yuan", "funding.construction", scope="part", subgroup="农村"),
    row(8, "90人", 90.0, "person", "staff.teachers_recruited"),
    row(9, "81人", 81.0, "person", "staff.teachers_recruited", scope="part", subgroup="中小学", parent=8),
])


def test_whole_area_tables_hold_no_part():
    cells = panel(FIGS, subgroups=True)
    funding = wb.whole_area_table(cells, "funding", "zh")
    name = wb.zh_labels()["funding.construction"]  # Chinese tables name indicators in Chinese
    assert funding.to_dict("index") == {("九原区", 2018): {name: 2000.0}}  # 万元, not 2766
    exams = wb.whole_area_table(cells, "exams", "en")
    assert exams.loc[("九原区", 2018), "exam.gaokao.tier1_admits"] == 251.0
    assert wb.whole_area_table(cells, "staffing", "en").iloc[0, 0] == 90.0


def test_breakdowns_name_the_whole_they_belong_to():
    cells = panel(FIGS, subgroups=True)
    exams = wb.breakdown_table(cells, FIGS, "exams", "en")
    assert list(zip(exams["breakdown"], exams["value"], exams["part of"])) == [("普文", 81.0, "251人"),
                                                                               ("普理", 170.0, "251人")]
    funding = wb.breakdown_table(cells, FIGS, "funding", "en")
    assert list(funding["part of"]) == [""]  # 农村 766万元: a part whose whole the text does not state
    assert list(funding["amount (10k yuan)"]) == [766.0]


def test_every_cell_leads_to_its_sentences():
    cells = wb.whole_area(panel(FIGS, subgroups=True), "exams")
    sources = wb.cell_sources(cells, FIGS, "en")
    assert len(sources) == cells["n_statements"].sum()
    assert sources.set_index("figure").loc["r:0", "sentence"] == FIGS.loc[0, "sentence"]


def test_exam_changes_pair_a_cell_with_the_year_before():
    table = wb.exam_changes(panel(FIGS, subgroups=True), "en").set_index(["indicator", "year"])
    rate = table.loc[("exam.gaokao.tier1_rate", 2018)]
    assert (rate.current, rate.previous, rate.change) == (40.6, 38.2, round(40.6 - 38.2, 2))
    assert table.loc[("exam.gaokao.tier1_admits", 2018), "previous"] != table.loc[("exam.gaokao.tier1_admits", 2018), "previous"]
    undated = table[table.index.get_level_values("year").isna()]
    assert len(undated) == 1 and undated["previous"].isna().all()  # an unknown year has no year before


def test_conflicts_of_a_topic_list_each_statement():
    figs = pd.concat([FIGS, pd.DataFrame([row(10, "2100万元", 2.1e7, "yuan", "funding.construction", doc="z")])])
    cells = panel(figs, subgroups=True)
    table = wb.conflict_table(wb.whole_area(cells, "funding"), figs, "en")
    assert list(table["as written"]) == ["2000万元", "2100万元"]


def test_district_profile_puts_each_part_under_its_whole():
    shuffled = FIGS.iloc[[1, 3, 0, 2, 9, 8]]
    profile = wb.district_profile(shuffled, "九原区", "en")
    assert list(profile["as written"]) == ["251人", "81人", "170人", "40.6%", "90人", "81人"]
    assert list(profile["part of"]) == ["", "251人", "251人", "", "", "90人"]


def test_topics_and_summaries():
    with pytest.raises(ValueError, match="topic"):
        wb.topic_rows(FIGS, "sports")
    assert len(wb.topic_rows(FIGS, "staffing")) == 2 and len(wb.topic_rows(FIGS, "funding")) == 2
    book = wb.Book("01_funding", None, FIGS, panel(FIGS, subgroups=True))
    assert wb.summary(book, "funding").startswith("1 whole-area funding cells for 1 district-years, 1 breakdown rows")
    assert wb.profile_summary(FIGS, "九原区").endswith(f"{(FIGS.scope == 'part').sum()} of them parts of a whole")
