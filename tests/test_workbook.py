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
