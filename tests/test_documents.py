"""Document metadata: report types, periods (title, text head, publication date; masked years),
each seed without the catalogue, and the catalogue's overrides."""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass

import pandas as pd
import pytest
from hypothesis import given, strategies as st

import edureports
from edureports._data import data_path, load_yaml, validate_data
from edureports.catalogue import (CATALOGUE_COLUMNS, CatalogueRows, apply_catalogue, catalogue_rows, load_catalogue,
                                  read_catalogue, resolve_catalogue_rows)
from edureports.documents import (
    REPORT_TYPES,
    file_facts,
    published_year,
    report_period,
    report_type,
    stripped_years,
    title_at_start,
)
from edureports.errors import DataFileError

from conftest import ROOT, SEEDS

documents_module = importlib.import_module("edureports.documents")
CATALOGUE = ROOT / "data" / "catalogue.csv"
INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00a0\u3000]")


@functools.lru_cache(maxsize=None)
def seed(prefix: str) -> dict:
    """The seed's documents row (title, published …) plus its clean text."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    report = edureports.read_report(path)
    norm = edureports.normalise(report.source)
    return {**file_facts(report, norm), "text": norm.text}


def xfail(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


# ------------------------------------------------------------------------------ types


@dataclass(frozen=True)
class TypeCase:
    name: str
    title: str
    text: str
    expected: str


TYPES = [
    TypeCase("shuzhi", "区教育局局长述职报告", "", "述职报告"),
    TypeCase("shuzhi_traditional_title_normalised", "干部履行工作职责个人述职报告", "认真开展自查自评", "述职报告"),
    TypeCase("ziCha", "城中区教育局脱贫攻坚等工作自查报告", "", "自查报告"),
    TypeCase("zongjie_half_year", "市教育局领导上半年工作总结", "", "工作总结"),
    TypeCase("summary_before_plan", "2019年工作总结和2020年工作思路", "", "工作总结"),
    TypeCase("plan_alone", "2020年教育工作要点", "", "工作思路/计划"),
    TypeCase("plan_before_summary", "2020年工作计划暨2019年工作总结", "", "工作思路/计划"),
    TypeCase("government_work_report", "2018年政府工作报告", "", "工作总结"),
    TypeCase("text_cue_shuzhi", "", "2018年以来……现就一年来的主要工作述职如下:", "述职报告"),
    TypeCase("text_cue_zicha", "", "现将脱贫攻坚、校园安全等工作开展情况自查如下:", "自查报告"),
    TypeCase("other", "关于做好2020年春季开学工作的通知", "各学校:", "other"),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in TYPES])
def test_report_type(case: TypeCase):
    assert report_type(case.title, case.text) == case.expected


# ------------------------------------------------------------------------------ periods


@dataclass(frozen=True)
class PeriodCase:
    name: str
    title: str
    text: str
    published: str | None
    year: int | None
    period: str | None
    source: str
    masked: bool = False
    part: str | None = None


PERIODS = [
    PeriodCase("title_year", "2019年工作总结", "", None, 2019, "2019", "title"),
    PeriodCase("title_year_before_type_word", "2019年工作总结和2020年工作思路", "", None, 2019, "2019", "title"),
    PeriodCase("title_plan_year", "2020年工作思路", "", None, 2020, "2020", "title"),
    PeriodCase("title_nendu", "九原区2018年度教育工作总结", "", None, 2018, "2018", "title"),
    PeriodCase("title_half_year", "2007年上半年工作总结", "", None, 2007, "2007H1", "title", part="H1"),
    PeriodCase("title_half_year_text_year", "上半年工作总结", "2007年上半年,全市教育工作……", None, 2007, "2007H1", "text", part="H1"),
    PeriodCase("title_range", "2006-2008年述职报告", "", None, 2008, "2006-2008", "title"),
    PeriodCase("title_range_zhi", "2006年至2008年履职情况述职报告", "", None, 2008, "2006-2008", "title"),
    PeriodCase("title_chinese_numerals", "二〇一九年工作总结", "", None, 2019, "2019", "title"),
    PeriodCase("text_enumeration", "述职报告", "下面,我就2006、2007、2008年履行基础教育工作责任的情况报告如下", None,
               2008, "2006-2008", "text"),
    PeriodCase("text_since", "述职报告", "2018年以来,九原教育紧紧围绕区委、区政府", None, 2018, "2018", "text"),
    PeriodCase("text_dateline_is_not_the_period", "在全县教育工作会议上的报告", "(2020年1月10日)\n2019年,全县教育……",
               None, 2019, "2019", "text"),
    PeriodCase("text_month_span_is_the_period", "工作总结", "2019年1月至6月,全县教育……", None, 2019, "2019", "text"),
    PeriodCase("text_target_is_not_the_period", "自查报告", "为深入贯彻中央关于2020年全面建成小康社会的战略部署", None,
               None, None, "unknown"),
    PeriodCase("text_plan_title_is_not_the_period", "述职报告", "编制完成《2018-2020年九原区基础教育布局规划》", None,
               None, None, "unknown"),
    PeriodCase("masked_title", "20*年工作总结", "", None, None, None, "unknown", masked=True),
    PeriodCase("masked_text_never_guessed", "上半年工作总结", "今年上半年……(国发〔20*〕43号)……20**年", None,
               None, None, "unknown", masked=True, part="H1"),
    PeriodCase("masked_but_published", "工作总结", "为完成20*年中职招生任务", "2008-03-01", 2008, "2008", "published", masked=True),
    PeriodCase("stripped_years", "述职报告", "我自年6月开始担任市人民政府副市长职务。下面,我就、年履行职责的情况报告如下", None,
               None, None, "unknown", masked=True),
    PeriodCase("published_january_reports_previous_year", "工作总结", "全区教育工作稳中求进", "2020-01-23 09:24:58",
               2019, "2019", "published"),
    PeriodCase("published_march_same_year", "工作总结", "全区教育工作稳中求进", "2020-03-02", 2020, "2020", "published"),
    PeriodCase("plan_published_december_next_year", "工作计划", "全区教育工作", "2019-12-20", 2020, "2020", "published"),
    PeriodCase("repost_date_ignored", "述职报告", "2006、、年,全市财政预算内教育经费投入为86.72亿元", "2022-12-02 08:27:00",
               None, None, "unknown", masked=True),
    PeriodCase("nothing", "工作总结", "全区教育工作稳中求进", None, None, None, "unknown"),
]


PAD = "在上级党委、政府的坚强领导下,全体教育工作者攻坚克难,各项工作稳步推进。" * 12  # > PERIOD_HEAD_CHARS, no year

PERIODS += [
    # a report titled X年工作总结及Y年工作计划 (安排, 思路, 打算) covers X
    PeriodCase("summary_and_plan_ji", "2019年工作总结及2020年工作计划", "", None, 2019, "2019", "title"),
    PeriodCase("summary_and_arrangement", "县教育局2019年工作总结和2020年工作安排", "", None, 2019, "2019", "title"),
    PeriodCase("summary_and_intentions", "2019年工作总结暨2020年工作打算", "", None, 2019, "2019", "title"),
    PeriodCase("plan_intentions_alone", "2020年工作打算", "", None, 2020, "2020", "title"),
    # a year stated only in the body
    PeriodCase("body_plan_made_at_the_start_of_the_year", "自查报告", PAD + "年初,制定2017年度教育系统安全工作计划。",
               None, 2017, "2017", "text"),
    PeriodCase("body_latest_year_opening_a_clause", "工作总结", PAD + "2016年,我局开展培训。2017年,全区新建学校3所。",
               None, 2017, "2017", "text"),
    PeriodCase("body_plan_year_is_not_the_period", "工作总结", PAD + "2019年,全区新建学校3所。2020年工作打算:继续推进。",
               None, 2019, "2019", "text"),
    PeriodCase("body_year_of_an_ahead_clause_is_not_the_period", "工作总结",
               PAD + "2019年,全区新建学校3所。2020年,力争新增学位600个。", None, 2019, "2019", "text"),
    PeriodCase("body_year_with_ba_construction_counts", "工作总结",
               PAD + "2016年,城中区教育局将两所中学纳入培训范围。", None, 2016, "2016", "text"),
    PeriodCase("body_target_year_is_not_the_period", "工作总结", PAD + "力争2020年全面完成。", None, None, None, "unknown"),
    PeriodCase("body_year_inside_a_clause_is_not_stated", "工作总结", PAD + "按照省里部署的2015年项目推进。", None,
               None, None, "unknown"),
    PeriodCase("body_before_the_publication_date", "工作总结", PAD + "2019年,我局开展培训。", "2020-03-02", 2019, "2019",
               "text"),
    PeriodCase("body_year_after_publication_is_not_the_period", "工作总结", PAD + "2021年,全面完成。", "2020-03-02",
               2020, "2020", "published"),
    # half-years and quarters set the period
    PeriodCase("title_quarter", "2021年第一季度工作总结", "", None, 2021, "2021Q1", "title", part="Q1"),
    PeriodCase("title_quarter_text_year", "第三季度工作小结", "2021年第三季度,全县教育……", None, 2021, "2021Q3", "text",
               part="Q3"),
    PeriodCase("half_year_event_in_an_annual_head_is_not_the_period", "工作总结",
               "2019年,全县教育工作稳步推进。上半年,召开全县教育大会。", None, 2019, "2019", "text"),
    PeriodCase("this_years_first_quarter_in_the_head", "工作小结", "今年第一季度,全县教育……", "2021-04-10", 2021,
               "2021Q1", "published", part="Q1"),
    PeriodCase("second_half_year", "2018年下半年工作总结", "", None, 2018, "2018H2", "title", part="H2"),
    # masked years are never guessed
    PeriodCase("masked_xx", "20XX年工作总结", "", None, None, None, "unknown", masked=True),
    PeriodCase("masked_underscores", "20__年度教育工作总结", "", None, None, None, "unknown", masked=True),
    PeriodCase("masked_lower_x_in_text", "工作总结", "20xx年,全县教育……", None, None, None, "unknown", masked=True),
]


@dataclass(frozen=True)
class PageCase:
    name: str
    title: str
    text: str
    title_is_page: bool
    year: int | None
    source: str


PAGES = [
    PageCase("page_title_year_loses_to_the_text_head", "2020年工作总结_县教育局", "2019年,在县委、县政府的领导下……",
             True, 2019, "text"),
    PageCase("page_title_agrees_with_the_text", "2019年工作总结_县教育局", "2019年,在县委、县政府的领导下……", True, 2019,
             "title"),
    PageCase("page_title_and_a_target_in_the_head", "2019年工作总结", "为实现2020年全面建成小康社会目标……", True, 2019,
             "title"),
    PageCase("the_reports_own_title_line_wins", "2020年工作总结", "2019年,在县委、县政府的领导下……", False, 2020, "title"),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in PAGES])
def test_page_title_and_text_head(case: PageCase):
    p = report_period(case.title, case.text, None, title_is_page=case.title_is_page)
    assert (p.year, p.year_source) == (case.year, case.source)


@pytest.mark.parametrize("line, title", [
    ("九原区教育局2018年工作总结", "九原区教育局2018年工作总结"),
    ("城中区教育局2017年工作总结2017年,在区委、区政府的坚强领导下,平安校园建设" + "和平发展" * 20, "城中区教育局2017年工作总结"),
    ("区教育局局长述职报告尊敬的各位领导:" + "新建学校" * 20, "区教育局局长述职报告"),
    ("关于教育工作的报告  为深入贯彻落实" + "新建学校" * 20, "关于教育工作的报告"),
    ("县教育局关于校园安全的情况汇报。" + "合作办学" * 20, "县教育局关于校园安全的情况汇报"),
    ("为深入贯彻中央关于2020年全面建成小康社会的战略部署,根据省、市、区关于打赢脱贫攻坚战" * 2, ""),
    ("2018年以来,九原教育紧紧围绕区委、区政府的部署,现就一年来的主要工作述职如下" + "东方红" * 20, ""),
    ("全区共有学校" + "平安校园和平发展" * 10, ""),
    ("兴源范文网 > 作文大全 > 城中区教育局脱贫攻坚等工作自查报告为深入贯彻" + "平安校园" * 20, "城中区教育局脱贫攻坚等工作自查报告"),
    ("浏览次数:1263临洮县2020年度履行教育职责自查报告一、基本情况" + "平安校园" * 20, "临洮县2020年度履行教育职责自查报告"),
    ("首页 > 工作动态 > 2019年工作总结", "2019年工作总结"),
    ("2019年,在区委、区政府的坚强领导下,全区教育工作稳中求进,取得明显成效。", ""),
    ("2019年,全区教育工作取得明显成效。现将一年来主要工作总结如下:一、教育保障" + "平安校园" * 10, ""),
], ids=["short_line", "flattened_title_then_year", "flattened_title_then_salutation", "flattened_title_then_spaces",
        "flattened_first_sentence", "body_is_never_a_title", "type_word_after_a_comma", "no_break_no_type_word",
        "after_a_breadcrumb", "after_site_numbers", "short_breadcrumb_line", "short_body_sentence",
        "announcement_in_the_body"])
def test_title_at_start(line, title):
    assert title_at_start(line) == title


@pytest.mark.parametrize("text, found", [
    ("我就、年履行职责", True), ("我自年6月开始担任副市长", True), ("制定了《西宁市城中区年义务教育招生方案》", True),
    ("截至年底,全县共有学校32所", False), ("《城中区年度工作要点》", False), ("全区年轻教师", False),
    ("《2019年城中区招生方案》", False),
], ids=["listed", "since_month", "in_a_document_title", "by_year_end", "annual", "young", "full_year"])
def test_stripped_years(text, found):
    assert bool(stripped_years(text)) is found


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in PERIODS])
def test_report_period(case: PeriodCase):
    p = report_period(case.title, case.text, case.published)
    assert (p.year, p.period, p.year_source, p.masked, p.part) == (
        case.year, case.period, case.source, case.masked, case.part)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in PERIODS])
def test_report_period_given_its_type_same_as_finding_it(case: PeriodCase):
    """document_row finds the type once and hands it to report_period: the same period."""
    kind = report_type(case.title, case.text)
    assert report_period(case.title, case.text, case.published, kind=kind) == report_period(
        case.title, case.text, case.published)


def test_report_period_reads_the_type_given():
    """The type handed over is the one read (a plan published in December covers the next year)."""
    title, text, published = "教育局报告", "全区教育工作", "2019-12-20"
    assert report_type(title, text) == "other"
    assert report_period(title, text, published).year == 2019
    assert report_period(title, text, published, kind="工作思路/计划").year == 2020


@pytest.mark.parametrize("published, kind, year", [
    ("2020-01-23", "述职报告", 2019), ("2020-02-28", "自查报告", 2019), ("2020-03-01", "工作总结", 2020),
    ("2019-11-05", "工作思路/计划", 2020), ("2019-06-05", "工作思路/计划", 2019), ("2020-01-10", "other", 2020),
    ("not a date", "工作总结", None), (None, "工作总结", None),
], ids=["jan_back", "feb_back", "mar_back", "nov_ahead", "jun_ahead", "other_type", "bad_date", "none"])
def test_published_year(published, kind, year):
    assert published_year(published, kind)[0] == year


# ------------------------------------------------------------------------------ seeds without the catalogue


@dataclass(frozen=True)
class SeedCase:
    name: str
    prefix: str
    report_type: str
    year: int | None
    period: str | None
    source: str
    masked: bool
    part: str | None = None
    marks: tuple = ()


SEED_CASES = [
    SeedCase("000_jiuyuan_2018_from_head", "000", "述职报告", 2018, "2018", "text", False),
    SeedCase("001_jian_masked_h1", "001", "工作总结", None, None, "unknown", True, "H1"),
    SeedCase("002_guangzhou_years_stripped", "002", "述职报告", None, None, "unknown", True),
    # the head names only the 2020 小康 target; 2017 is stated in the body (年初,制定2017年度…计划); a year was
    # stripped from a document title (《西宁市城中区年义务教育…方案》), so the text counts as masked
    SeedCase("003_chengzhong_2017_from_body", "003", "自查报告", 2017, "2017", "text", True),
    SeedCase("004_wujiang_2019_from_title", "004", "工作总结", 2019, "2019", "title", False),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=c.marks) for c in SEED_CASES])
def test_seed_metadata_without_catalogue(case: SeedCase):
    row = seed(case.prefix)
    assert report_type(row["title"], row["text"]) == case.report_type
    p = report_period(row["title"], row["text"], row["published"])
    assert (p.year, p.period, p.year_source, p.masked, p.part) == (
        case.year, case.period, case.source, case.masked, case.part)


# ------------------------------------------------------------------------------ catalogue


@dataclass(frozen=True)
class CatalogueCase:
    name: str
    doc_id: str
    expected: dict


CATALOGUE_CASES = [
    CatalogueCase("000", "000_c497607a8535c82a", dict(province="内蒙古自治区", city="包头市", district="九原区",
                                                       admin_code="150207", year=2018, period="2018", report_type="述职报告")),
    CatalogueCase("001", "001_379b1903aa736692", dict(province="江西省", city="吉安市", district=None,
                                                       admin_code="360800", year=2007, period="2007H1", report_type="工作总结")),
    CatalogueCase("002", "002_df5d0b2364c861bb", dict(province="广东省", city="广州市", district=None,
                                                       admin_code="440100", year=2008, period="2006-2008", report_type="述职报告")),
    CatalogueCase("003", "003_f440c356669c28b3", dict(province="青海省", city="西宁市", district="城中区",
                                                       admin_code="630103", year=2017, period="2017", report_type="自查报告")),
    CatalogueCase("004", "004_9bac73edf8d24ee1", dict(province="广东省", city="韶关市", district="武江区",
                                                       admin_code="440203", year=2019, period="2019", report_type="工作总结")),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CATALOGUE_CASES])
def test_catalogue_overrides_inferred_metadata(case: CatalogueCase):
    catalogue = load_catalogue(CATALOGUE)
    inferred = {"doc_id": case.doc_id, "province": "X", "city": "Y", "district": "Z", "admin_code": "000000",
                "year": 1999, "period": "1999", "year_source": "published", "notes": "1 mojibake span(s)"}
    out = apply_catalogue(inferred, catalogue)
    assert {k: out[k] for k in case.expected} == case.expected
    assert out["year_source"] == "catalogue"
    assert out["notes"].startswith("1 mojibake span(s); catalogue: ")
    assert inferred["year"] == 1999  # the input is not changed


def test_catalogue_has_a_row_per_seed_and_notes():
    catalogue = load_catalogue(CATALOGUE)
    assert tuple(catalogue.columns) == CATALOGUE_COLUMNS
    assert sorted(catalogue["doc_id"]) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert str(catalogue["year"].dtype) == "Int64"
    note = catalogue.set_index("doc_id").loc["001_379b1903aa736692", "note"]
    assert "井冈山革命根据地创建80周年" in note and "欧阳修诞辰1000周年" in note and "2007" in note


def test_apply_catalogue_leaves_unknown_documents_alone():
    meta = {"doc_id": "999_unknown", "year": 2019, "year_source": "title"}
    assert apply_catalogue(meta, load_catalogue(CATALOGUE)) == meta


def test_apply_catalogue_with_partial_rows(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(",".join(CATALOGUE_COLUMNS) + "\n"
                    "a,,,,,,,,2007H1,\n"
                    "b,,,,,九原区,,2018,,\n", encoding="utf-8")
    catalogue = load_catalogue(path)
    a = apply_catalogue({"doc_id": "a", "year": None, "year_source": "unknown", "title": "t"}, catalogue)
    assert (a["year"], a["period"], a["year_source"], a["title"]) == (2007, "2007H1", "catalogue", "t")
    b = apply_catalogue({"doc_id": "b", "district": None, "city": "包头市"}, catalogue)
    assert (b["district"], b["city"], b["year"], b["period"]) == ("九原区", "包头市", 2018, "2018")


def test_a_bad_catalogue_fails_listing_every_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(",".join(CATALOGUE_COLUMNS) + "\n"
                    "x,,述职,,,,,,,\n"                           # unknown report type
                    "y,,,江西省,吉安市,,999999,,,\n"            # code not in the gazetteer
                    "z,,,广东省,广州市,越秀区,440100,20x8,2008,\n"  # district for a city code; bad year
                    "z,,,,,,,2008,2007H1,\n"                      # duplicate id; period vs year
                    ",,,,,,,,2006-2006,\n", encoding="utf-8")   # empty id; empty range
    with pytest.raises(DataFileError) as info:
        load_catalogue(path)
    assert len(info.value.errors) == 8, info.value.errors


def _catalogue_file(tmp_path, body: str):
    path = tmp_path / "c.csv"
    path.write_text(",".join(CATALOGUE_COLUMNS) + "\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("body", [
    pytest.param(None, id="data/catalogue.csv"),
    pytest.param("", id="no rows"),
    pytest.param(' a ,"t, x",,,,,,2019,,"two\nlines"\n\nb,,,,,九原区,,2018,,\n', id="quoted, spaced, blank line"),
])
def test_catalogue_rows_read_without_pandas_equal_the_dataframe(tmp_path, body):
    """read_catalogue (the csv module) and load_catalogue (its DataFrame) hold the same rows, and the
    DataFrame is the one pandas' own reading gave (text dtypes, NaN for empty, year Int64)."""
    path = CATALOGUE if body is None else _catalogue_file(tmp_path, body)
    rows, frame = read_catalogue(path), load_catalogue(path)
    assert list(rows.rows) == list(frame["doc_id"]) and catalogue_rows(frame).rows == rows.rows
    assert all(type(v) in (str, int, type(None)) for row in rows.rows.values() for v in row.values())
    plain = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    plain = plain.apply(lambda col: col.str.strip()).replace("", None)
    plain["year"] = pd.array([int(y) if isinstance(y, str) else None for y in plain["year"]], dtype="Int64")
    assert frame.equals(plain) and frame.dtypes.equals(plain.dtypes)


def test_a_catalogue_row_with_too_few_or_too_many_fields_is_an_error_naming_its_line(tmp_path):
    path = _catalogue_file(tmp_path, "a,,,,,,,,,\nb,,,\nc,,,,,,,,,,,\n")
    with pytest.raises(DataFileError) as info:
        read_catalogue(path)
    assert info.value.errors == ["line 3: 4 fields, not 10", "line 4: 12 fields, not 10"]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CATALOGUE_CASES])
def test_catalogue_rows_apply_as_the_dataframe_does(case: CatalogueCase):
    inferred = {"doc_id": case.doc_id, "province": "X", "city": "Y", "district": "Z", "admin_code": "000000",
                "year": 1999, "period": "1999", "year_source": "published", "notes": "", "county_unnamed": True}
    rows = read_catalogue(CATALOGUE)
    assert apply_catalogue(inferred, rows) == apply_catalogue(inferred, load_catalogue(CATALOGUE))
    assert apply_catalogue(inferred, rows.only([case.doc_id])) == apply_catalogue(inferred, rows)
    assert apply_catalogue(inferred, rows.only(["someone else"])) == inferred


def test_catalogue_rows_of_an_unchecked_dataframe_keep_the_first_row_of_a_doc_id():
    """A DataFrame given directly is not checked: as with the DataFrame itself, its first row counts."""
    frame = load_catalogue(CATALOGUE)
    doubled = pd.concat([frame, frame.assign(title="second")], ignore_index=True)
    meta = {"doc_id": frame["doc_id"].iloc[0], "title": "inferred"}
    assert apply_catalogue(meta, catalogue_rows(doubled)) == apply_catalogue(meta, doubled)
    assert apply_catalogue(meta, doubled)["title"] == frame["title"].iloc[0]


def test_resolve_catalogue_rows():
    frame = load_catalogue(CATALOGUE)
    assert resolve_catalogue_rows(None) is None
    assert resolve_catalogue_rows("default").rows == read_catalogue(CATALOGUE).rows
    assert resolve_catalogue_rows(frame).rows == read_catalogue(CATALOGUE).rows
    assert resolve_catalogue_rows(str(CATALOGUE) + ".missing") is None
    rows = CatalogueRows({})
    assert resolve_catalogue_rows(rows) is rows


def test_catalogue_columns_are_checked(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("doc_id,year\nx,2018\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="columns must be"):
        load_catalogue(path)


def test_wrong_argument_types():
    with pytest.raises(TypeError):
        apply_catalogue("000", load_catalogue(CATALOGUE))
    with pytest.raises(TypeError):
        apply_catalogue({"doc_id": "000"}, {"doc_id": []})
    with pytest.raises(TypeError):
        report_period(None, "")
    with pytest.raises(TypeError):
        load_catalogue(3)


# ------------------------------------------------------------------------------ data file


def test_report_types_file_is_well_formed_and_matches_the_constant():
    data = load_yaml("report_types.yaml")
    assert tuple(t["name"] for t in data["types"]) + ("other",) == REPORT_TYPES  # read from the file
    assert not INVISIBLE.search(data_path("report_types.yaml").read_text(encoding="utf-8"))
    documents_module._vocabulary.cache_clear()
    documents_module._vocabulary()  # loads without error


def test_a_malformed_report_types_file_fails_listing_every_error():
    bad = {"types": [{"name": "工作总结", "title": [], "text": ["总结如下"], "looks": "sideways"},
                     {"name": "工作总结", "title": ["总结"], "text": ["x"], "looks": "back"}],
           "parts": {"上半年": "first half"}}
    errors = validate_data("report_types.yaml", bad)
    expected = ["'sideways' is not one of", "[] should be non-empty", "'first half' does not match",
                "'targets' is a required property"]
    assert [e for e in expected if not any(e in line for line in errors)] == [], errors


def test_type_names_and_title_words_name_one_type_only():
    types = [documents_module._Type("工作总结", ("总结",), ("总结如下",), "back"),
             documents_module._Type("工作总结", ("总结", "小结"), ("x",), "back")]
    errors = documents_module._vocabulary_errors(types)
    assert len(errors) == 2 and "names must be unique" in errors[0] and "'总结'" in errors[1]


# ------------------------------------------------------------------------------ whole reports, no catalogue


@dataclass(frozen=True)
class ReportCase:
    """A short report written for the case (not a real one) and what reading it says: its place and
    year, and the year and district of some of its figures (raw -> (year, district))."""

    name: str
    file: str
    content: str
    city: str | None
    district: str | None
    year: int | None
    period: str | None
    figures: dict


REPORTS = [
    ReportCase("flattened_county_summary", "a.txt",
               "内乡县教育体育局2021年工作总结2021年,全县组织校长赴郑州、洛阳考察,与郑州名校结对,教育工作稳步推进。"
               "全年投入教育经费3.2亿元,比上年增长5%。2020年全县投入3.05亿元。创建平安校园,新建学校2所,"
               "东方红小学合作办学。南阳市教育局下达我县招生计划1200人。",
               "南阳市", "内乡县", 2021, "2021",
               {"3.2亿元": (2021, "内乡县"), "3.05亿元": (2020, "内乡县"), "2所": (2021, "内乡县")}),
    ReportCase("flattened_city_summary_naming_a_county_early", "a2.txt",
               "吉安市教育局2007年工作总结2007年,遂川县新建学校3所,万安县新建学校2所,全市教育工作稳步推进。"
               "全市投入教育经费5.2亿元,我市新增学位3000个。",
               "吉安市", None, 2007, "2007",
               {"3所": (2007, "遂川县"), "2所": (2007, "万安县"), "5.2亿元": (2007, "吉安市")}),
    ReportCase("page_title_with_the_sites_year", "b.html",
               "<html><head><title>2022年工作总结_某县教育局</title></head><body><p>2021年,全县教育工作取得新成效,"
               "临洮县新增学位800个。</p><p>全县共有学校96所。</p></body></html>",
               "定西市", "临洮县", 2021, "2021", {"800个": (2021, "临洮县"), "96所": (2021, "临洮县")}),
    ReportCase("page_title_names_the_office", "b2.html",
               "<html><head><title>2019年工作总结_九原区教育局</title></head><body><p>2019年工作总结</p>"
               "<p>2019年,全区新增学位800个,包头市教育局下达我区招生计划。</p></body></html>",
               "包头市", "九原区", 2019, "2019", {"800个": (2019, "九原区")}),
    ReportCase("county_report_never_naming_its_county", "g.txt",
               "2019年工作总结\n2019年,全区新增学位2700个,韶关市教育局下达我区招生计划,全区投入5000万元。",
               "韶关市", None, 2019, "2019", {"2700个": (2019, None), "5000万元": (2019, None)}),
    ReportCase("summary_and_plan", "c.txt",
               "2019年工作总结及2020年工作计划\n一、2019年工作总结\n全区投入5000万元,武江区新增学位2700个。\n"
               "二、2020年工作计划\n力争新增学位600个。",
               "韶关市", "武江区", 2019, "2019", {"5000万元": (2019, "武江区"), "600个": (2020, "武江区")}),
    ReportCase("masked_years_never_guessed", "d.txt",
               "县教育局20XX年工作总结\n20XX年,全县投入5万元。九原区……全县", "包头市", "九原区", None, None,
               {"5万元": (None, "九原区")}),
    ReportCase("city_report_distributing_over_counties", "e.txt",
               "眉山市教育和体育局2022年工作总结\n全市新增学位5400个,东坡区、仁寿县、彭山区分别新增2000个、1800个、1600个。"
               "仁寿县全县投入2亿元。",
               "眉山市", None, 2022, "2022",
               {"5400个": (2022, "眉山市"), "1800个": (2022, "仁寿县"), "1600个": (2022, "彭山区"),
                "2亿元": (2022, "仁寿县")}),
    ReportCase("county_report_naming_other_cities", "f.txt",
               "县教育局2018年上半年工作总结\n上半年,全县选派教师赴兰州市、兰州市学习。组织教师到兰州市培训120人次。"
               "内乡县新建幼儿园3所。",
               "南阳市", "内乡县", 2018, "2018H1", {"3所": (2018, "内乡县")}),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in REPORTS])
def test_whole_report_without_catalogue(case: ReportCase, tmp_path):
    from edureports.pipeline import extract_report

    path = tmp_path / case.file
    path.write_text(case.content, encoding="utf-8")
    e = extract_report(path, catalogue=None)
    meta = e.meta
    assert (meta["city"], meta["district"], meta["year"], meta["period"]) == (
        case.city, case.district, case.year, case.period)
    figs = e.figures.set_index("raw")
    got = {raw: (None if pd.isna(figs.loc[raw, "year"]) else int(figs.loc[raw, "year"]), figs.loc[raw, "district"])
           for raw in case.figures}
    assert got == case.figures


def test_a_curated_place_ends_an_unnamed_county():
    catalogue = load_catalogue(CATALOGUE)
    doc_id = catalogue["doc_id"].iloc[0]
    meta = {"doc_id": doc_id, "county_unnamed": True, "notes": ""}
    assert apply_catalogue(meta, catalogue)["county_unnamed"] is False
    uncurated = catalogue.assign(admin_code=None, province=None, city=None, district=None)
    assert apply_catalogue(meta, uncurated)["county_unnamed"] is True
    assert "county_unnamed" not in apply_catalogue({"doc_id": doc_id}, catalogue)


HEAD_LINE_TEXTS = {
    "blank_lines_and_spaces": "\n  标题 \n\n 第一段\n\t\n第二段\n第三段\n第四段",
    "no_line_break": "只有一行",
    "fewer_lines_than_asked": "甲\n\n乙\n",
    "empty": "",
    "only_blanks": " \n\u3000\n",
}


@pytest.mark.parametrize("text", HEAD_LINE_TEXTS.values(), ids=HEAD_LINE_TEXTS.keys())
def test_head_lines_same_as_splitting_every_line(text):
    from edureports import documents

    for n in (1, 4):
        expected = [line.strip() for line in text.split("\n") if line.strip()][:n]
        assert documents._head_lines(text, n) == expected
    assert bool(documents._head_lines(text, 4)) == (text.strip() != "")


# --- a year stripped inside a quoted name: found in the whole text, kept inside a name = looked for in each name

# the plain definition: the division's name looked behind before the 年, searched in each quoted name
_PLAIN_STRIPPED_IN_TITLE = re.compile(r"(?<=[区县市省州旗])年(?![级龄轻代度终初底末内均份会报鉴检薪])(?=[\u4e00-\u9fff])")

STRIPPED_IN_TITLE_TEXTS = {
    "in_a_name": "制定了《西宁市城中区年义务教育招生方案》",
    "outside_any_name": "城中区年义务教育招生,《方案》",
    "year_last_in_the_name": "《西宁市城中区年》教育",
    "word_after_the_year_is_the_mark": "《城中区年》",
    "name_cut_at_the_end": "《城中区年义务",
    "year_at_the_end_of_the_text": "《城中区年",
    "in_a_document_number": "〔城中区年份〕,[县年度]",
    "words_no_stripped_year": "《城中区年度工作要点》《全县年轻教师》",
    "several_names": "《市年教育》和《区年招生》,县年",
    "no_name": "全区新增学位600个",
}


def _plain_stripped_in_titles(text):
    return [(m.span(), m.group()) for a, b in documents_module.quoted_spans_of(text)
            for m in _PLAIN_STRIPPED_IN_TITLE.finditer(text, a, b)]


def _stripped_in_titles(text, quoted=None):
    return [(m.span(), m.group()) for m in documents_module._stripped_in_titles(text, quoted)]


@pytest.mark.parametrize("text", STRIPPED_IN_TITLE_TEXTS.values(), ids=STRIPPED_IN_TITLE_TEXTS.keys())
def test_stripped_in_titles_same_as_looked_for_in_each_name(text):
    expected = _plain_stripped_in_titles(text)
    assert _stripped_in_titles(text) == expected
    assert _stripped_in_titles(text, documents_module.quoted_spans_of(text)) == expected


def test_stripped_in_title_cases_hold_both_answers():
    found = [bool(_plain_stripped_in_titles(t)) for t in STRIPPED_IN_TITLE_TEXTS.values()]
    assert True in found and False in found


@given(st.text(alphabet="《》〔〕[]区县年度义务教甲 ", max_size=16))
def test_stripped_in_titles_same_as_looked_for_in_each_name_on_any_text(text):
    assert _stripped_in_titles(text) == _plain_stripped_in_titles(text)


# --- the type named in a title: one search of every title word = the earliest word, a longer first at a place


def _plain_type_in_title(title):
    """Each title word of each type looked for: the earliest place wins, a longer word at the same place."""
    best = None
    for t in documents_module._vocabulary().types:
        for w in t.title:
            pos = title.find(w)
            if pos >= 0 and (best is None or (pos, -len(w)) < best[0]):
                best = ((pos, -len(w)), t)
    return (best[1].name, best[0][0]) if best else None


def _type_in_title(title):
    found = documents_module._type_in_title(title)
    return (found[0].name, found[1]) if found else None


TYPE_IN_TITLE_TEXTS = {
    "longer_word_at_the_same_place": "局长述职述廉报告",
    "shorter_word_earlier": "述职工作总结",
    "word_inside_a_longer_one_later": "年度总结与工作计划",
    "plan_after_summary": "2019年工作总结和2020年工作思路",
    "words_overlapping": "自查自评报告",
    "summary_word_alone": "小结",
    "no_type_word": "在全县教育工作会议上的讲话",
    "empty": "",
}


@pytest.mark.parametrize("title", TYPE_IN_TITLE_TEXTS.values(), ids=TYPE_IN_TITLE_TEXTS.keys())
def test_type_in_title_same_as_looking_for_each_word(title):
    assert _type_in_title(title) == _plain_type_in_title(title)


def test_type_in_title_cases_find_and_miss():
    found = [_plain_type_in_title(t) for t in TYPE_IN_TITLE_TEXTS.values()]
    assert None in found and len({f for f in found if f}) >= 5


@given(st.text(alphabet="述职报告廉自查评总结工作计划思路要点年度半小回顾终检情况学 ", max_size=14))
def test_type_in_title_same_as_looking_for_each_word_on_any_text(title):
    assert _type_in_title(title) == _plain_type_in_title(title)
