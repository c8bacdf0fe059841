"""Plots: Chinese glyphs render, the data returned is the data drawn, English charts stay English."""

from __future__ import annotations

import logging
import math
import re
import warnings
from dataclasses import dataclass
from typing import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from edureports import plots  # noqa: E402

LANGS = ("zh", "en")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
GLYPH = re.compile(r"Glyph|missing from font", re.I)
COLUMNS = ["doc_id", "figure_id", "raw", "sentence", "measure", "value", "unit", "qualifier", "role",
           "category", "indicator", "indicator_en", "year", "district", "district_en"]
JY = ("九原区", "Jiuyuan District")
QS = ("青山区", "Qingshan District")
NO_PLACE = (None, None)


def fig_row(doc, fid, raw, sentence, measure, value, unit, role, category, indicator, indicator_en, year,
            place):
    return (doc, fid, raw, sentence, measure, value, unit, "exact", role, category, indicator, indicator_en,
            year, *place)


ROWS = [
    fig_row("d1", "f1", "5775.1万元", "投入基建资金5775.1万元。", "基建资金", 57_751_000.0, "yuan", "level",
            "funding", "funding.construction", "Construction funding", 2018, JY),
    fig_row("d1", "f2", "1200万元", "教学装备投入1200万元,比上年增加300万元。", "教学装备投入", 12_000_000.0, "yuan",
            "level", "funding", "funding.equipment", "Equipment funding", 2018, JY),
    fig_row("d1", "f3", "300万元", "教学装备投入1200万元,比上年增加300万元。", "教学装备投入", 3_000_000.0, "yuan",
            "delta", "funding", "funding.equipment", "Equipment funding", 2018, JY),
    fig_row("d1", "f4", "40.6%", "一本上线率达40.6%,上年为38.2%。", "一本上线率", 40.6, "percent", "level",
            "exam", "exam.gaokao.tier1_rate", "Gaokao tier-1 admission rate", 2018, JY),
    fig_row("d1", "f5", "38.2%", "一本上线率达40.6%,上年为38.2%。", "一本上线率", 38.2, "percent", "previous",
            "exam", "exam.gaokao.tier1_rate", "Gaokao tier-1 admission rate", 2018, JY),
    fig_row("d2", "f1", "1.5亿元", "校舍建设投入1.5亿元。", "校舍建设投入", 150_000_000.0, "yuan", "level",
            "funding", "funding.construction", "Construction funding", 2019, QS),
    fig_row("d2", "f2", "120名", "招聘教师120名。", "教师", 120.0, "person", "level", "staffing",
            "staff.recruited", "Teachers recruited", 2019, QS),
    fig_row("d2", "f3", "44.1%", "一本上线率44.1%。", "一本上线率", 44.1, "percent", "level", "exam",
            "exam.gaokao.tier1_rate", "Gaokao tier-1 admission rate", 2019, QS),
    fig_row("d2", "f4", "12%", "资助金额同比增长12%。", "资助金额", 12.0, "percent", "growth", "student_aid",
            "student_aid.amount", "Student aid amount", 2019, QS),
    fig_row("d3", "f1", "3000万元", "基建投入3000万元。", "基建投入", 30_000_000.0, "yuan", "level", "funding",
            "funding.construction", "Construction funding", 2019, JY),
    fig_row("d3", "f2", "80名", "招聘教师80名。", "教师", 80.0, "person", "level", "staffing",
            "staff.recruited", "Teachers recruited", 2019, JY),
    fig_row("d3", "f3", "35.5%", "一本上线率35.5%,二本上线率80%。", "一本上线率", 35.5, "percent", "level", "exam",
            "exam.gaokao.tier1_rate", "Gaokao tier-1 admission rate", 2019, JY),
    fig_row("d4", "f1", "200万元", "安全设施投入200万元。", "安全设施投入", 2_000_000.0, "yuan", "level", "safety",
            "other", "Other", None, NO_PLACE),
]


def make_figures() -> pd.DataFrame:
    df = pd.DataFrame(ROWS, columns=COLUMNS)
    df["year"] = df["year"].astype("Int64")
    return df


@pytest.fixture
def figures() -> pd.DataFrame:
    return make_figures()


@pytest.fixture(autouse=True)
def _clean_state():
    """Each test starts from and leaves matplotlib's rcParams as they were, with no open figures."""
    with matplotlib.rc_context():
        yield
    plt.close("all")


def district(lang, place):
    return place[LANGS.index(lang) == 1]


def year_label(lang, year):
    return f"{year}年" if lang == "zh" else str(year)


# --------------------------------------------------------------------------- charts as cases

def check_bar(df, data, lang):
    people = df[df["unit"] == "person"]
    col = "district" if lang == "zh" else "district_en"
    expected = {(d, year_label(lang, y)): v for (d, y), v in people.groupby([col, "year"])["value"].sum().items()}
    got = {(d, y): v for d, y, v in data[["district", "year", "value"]].itertuples(index=False)}
    assert got == expected


def check_line(df, data, lang):
    money = df[(df["unit"] == "yuan") & (df["role"] == "level") & df["year"].notna()]
    expected = money.groupby(["indicator", "year"])["value"].sum().to_dict()
    assert data.set_index(["indicator", "year"])["value"].to_dict() == expected


def keyed(frame, keys, column) -> dict:
    """``{keys: column}`` with missing keys written "?" (NaN keys never compare equal)."""
    frame = frame.assign(**{k: frame[k].astype(object).where(frame[k].notna(), "?") for k in keys})
    return frame.set_index(keys)[column].to_dict()


def check_heatmap(df, data, lang):
    expected = df.groupby(["category", "district", "year"], dropna=False).size().rename("n").reset_index()
    assert keyed(data, ["category", "district", "year"], "n") == keyed(expected, ["category", "district", "year"], "n")
    assert data["n"].sum() == len(df)


def check_money(df, data, lang):
    level = df[(df["unit"] == "yuan") & (df["role"] == "level")]
    keys = ["indicator", "district", "year"]
    expected = level.groupby(keys, dropna=False)["value"].sum().reset_index()
    assert keyed(data, keys, "value") == keyed(expected, keys, "value")
    assert (data["value_wan"] * 1e4).tolist() == pytest.approx(data["value"].tolist())


def check_rate(df, data, lang):
    level = df[(df["unit"] == "percent") & (df["role"] == "level")]
    assert data.set_index(["doc_id", "figure_id"])["current"].to_dict() == \
        level.set_index(["doc_id", "figure_id"])["value"].to_dict()
    previous = data.set_index(["doc_id", "figure_id"])["previous"]
    assert previous[("d1", "f4")] == 38.2
    assert previous.drop(("d1", "f4")).isna().all()


@dataclass(frozen=True)
class Chart:
    name: str
    draw: Callable  # (figures, lang) -> (fig, data)
    check: Callable  # (figures, data, lang) -> None, asserts the values drawn are the input's
    zh_text: tuple  # Chinese strings that must appear on the zh chart


CHARTS = [
    Chart("bar_by_group",
          lambda df, lang: plots.bar_by_group(df[df["unit"] == "person"], "district", "value", hue="year",
                                              title={"zh": "招聘教师", "en": "Teachers recruited"}.get(lang), lang=lang),
          check_bar, ("九原区", "青山区", "招聘教师", "2019年")),
    Chart("line_over_years",
          lambda df, lang: plots.line_over_years(df[(df["unit"] == "yuan") & (df["role"] == "level")],
                                                 "indicator", lang),
          check_line, ("基建资金", "教学装备投入", "金额（亿元）")),
    Chart("coverage_heatmap", lambda df, lang: plots.coverage_heatmap(df, lang),
          check_heatmap, ("九原区 2018年", "经费", "考试", "区县不详 年份不详")),
    Chart("money_chart", lambda df, lang: plots.money_chart(df, lang),
          check_money, ("基建资金", "九原区 2018年", "金额（亿元）")),
    Chart("rate_chart", lambda df, lang: plots.rate_chart(df, lang),
          check_rate, ("一本上线率 · 九原区 2018年", "本期", "上期")),
]
CHART_PARAMS = [pytest.param(c, id=c.name) for c in CHARTS]


def texts(fig) -> list[str]:
    """Every text drawn: title, axis labels, tick labels, legend, annotations."""
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def render(fig, path, caplog) -> list[str]:
    """Save ``fig`` as PNG; return every glyph problem reported as a warning or a font_manager log."""
    caplog.set_level(logging.WARNING, logger="matplotlib")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(path, dpi=60)
    problems = [str(w.message) for w in caught if GLYPH.search(str(w.message))]
    problems += [r.getMessage() for r in caplog.records
                 if r.name.startswith("matplotlib") and (GLYPH.search(r.getMessage()) or "findfont" in r.getMessage())]
    assert path.stat().st_size > 0
    return problems


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chart", CHART_PARAMS)
def test_chart_renders_every_glyph(chart, lang, figures, tmp_path, caplog):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, _ = chart.draw(figures, lang)
    assert [str(w.message) for w in caught if GLYPH.search(str(w.message))] == []
    assert render(fig, tmp_path / f"{chart.name}_{lang}.png", caplog) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chart", CHART_PARAMS)
def test_chart_data_holds_the_input_values(chart, lang, figures):
    _, data = chart.draw(figures, lang)
    assert isinstance(data, pd.DataFrame) and not data.empty
    chart.check(figures, data, lang)


@pytest.mark.parametrize("chart", CHART_PARAMS)
def test_english_chart_has_no_chinese_text(chart, figures):
    fig, _ = chart.draw(figures, "en")
    shown = texts(fig)
    assert shown and [t for t in shown if CJK.search(t)] == []


@pytest.mark.parametrize("chart", CHART_PARAMS)
def test_chinese_chart_shows_chinese_labels(chart, figures):
    fig, _ = chart.draw(figures, "zh")
    shown = "\n".join(texts(fig))
    assert [t for t in chart.zh_text if t not in shown] == []


@pytest.mark.parametrize("chart", CHART_PARAMS)
def test_chart_of_nothing_is_empty_data(chart, figures):
    fig, data = chart.draw(figures.iloc[0:0], "en")
    assert data.empty
    assert "No data" in texts(fig)


@pytest.mark.parametrize("chart", CHART_PARAMS)
@pytest.mark.parametrize("lang, error", [("fr", ValueError), ("ZH", ValueError), (None, TypeError)])
def test_chart_rejects_unknown_lang(chart, lang, error, figures):
    with pytest.raises(error):
        chart.draw(figures, lang)


def test_chart_rejects_a_non_frame():
    with pytest.raises(TypeError):
        plots.money_chart(ROWS, "en")


# --------------------------------------------------------------------------- chart details

@pytest.mark.parametrize("lang, axis_title, ticks", [
    ("zh", "金额（亿元）", {"0.2", "1.4"}),
    ("en", "Amount (100M yuan)", {"0.2", "1.4"}),
])
def test_money_axis_is_in_yi_yuan(lang, axis_title, ticks, figures):
    fig, _ = plots.money_chart(figures, lang)
    fig.canvas.draw()
    ax = fig.axes[0]
    assert ax.get_xlabel() == axis_title
    assert ticks <= {t.get_text() for t in ax.get_xticklabels()}


def test_money_axis_in_wan_yuan_below_one_yi(figures):
    small = figures[figures["doc_id"] == "d1"]
    fig, _ = plots.money_chart(small, "zh")
    fig.canvas.draw()
    assert fig.axes[0].get_xlabel() == "金额（万元）"
    assert "5,000" in {t.get_text() for t in fig.axes[0].get_xticklabels()}


@pytest.mark.parametrize("lang, suffix", [("en", ", log scale"), ("zh", ", 对数刻度")])
def test_money_axis_goes_logarithmic_when_amounts_span_orders_of_magnitude(lang, suffix):
    rows = pd.DataFrame({"unit": "yuan", "role": "level", "value": [5e9, 2e5], "indicator": "funding.total",
                         "indicator_en": "Total", "measure": "经费", "district": ["广州市", "九原区"],
                         "district_en": ["Guangzhou City", "Jiuyuan District"], "year": [2008, 2018]})
    fig, _ = plots.money_chart(rows, lang)
    assert fig.axes[0].get_xscale() == "log" and fig.axes[0].get_xlabel().endswith(suffix)
    fig, _ = plots.money_chart(rows.assign(value=[5e9, 2e7]), lang)
    assert fig.axes[0].get_xscale() == "linear" and not fig.axes[0].get_xlabel().endswith(suffix)


def test_heatmap_takes_counts(figures):
    counts = pd.DataFrame({"category": ["funding", "exam"], "district": ["九原区", "九原区"],
                           "district_en": ["Jiuyuan District"] * 2, "year": pd.array([2018, 2019], "Int64"),
                           "n": [7, 3]})
    _, data = plots.coverage_heatmap(counts, "zh")
    assert data.set_index("category")["n"].to_dict() == {"funding": 7, "exam": 3}


def test_rate_previous_is_not_paired_when_ambiguous(figures):
    extra = figures[figures["figure_id"].eq("f5") & figures["doc_id"].eq("d1")].assign(figure_id="f6", value=37.0)
    _, data = plots.rate_chart(pd.concat([figures, extra]), "en")
    assert data["previous"].isna().all()


def test_rate_chart_paired_only(figures):
    _, data = plots.rate_chart(figures, "en", paired_only=True)
    assert data[["figure_id", "current", "previous"]].values.tolist() == [["f4", 40.6, 38.2]]


def test_line_over_years_leaves_out_rows_without_a_year(figures):
    _, data = plots.line_over_years(figures[figures["unit"] == "yuan"], "indicator", "en")
    assert "other" not in set(data["indicator"])


def test_zh_labels_mapping_names_indicators(figures):
    _, data = plots.money_chart(figures, "zh", zh_labels={"funding.construction": "基建与校舍建设投入"})
    assert set(data.loc[data["indicator"] == "funding.construction", "label"]) == {"基建与校舍建设投入"}


def test_zh_indicator_label_is_one_per_indicator(figures):
    # 基建资金, 校舍建设投入 and 基建投入 all measure funding.construction: one label, the most frequent
    labels = plots.labels(figures, "indicator", "zh")
    assert labels[figures["indicator"] == "funding.construction"].nunique() == 1


# --------------------------------------------------------------------------- fonts

def test_glyph_check_catches_a_missing_font(tmp_path, caplog):
    """Control: without the CJK fallback, the check used above does see the missing glyphs."""
    matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
    fig, ax = plt.subplots()
    ax.set_title("九原区")
    assert render(fig, tmp_path / "tofu.png", caplog) != []


def test_setup_fonts_is_idempotent():
    path = str(plots.cjk_font_path())
    family = plots.setup_fonts()
    entries = [e for e in matplotlib.font_manager.fontManager.ttflist if e.fname == path]
    assert plots.setup_fonts() == family == "Noto Sans CJK SC"
    assert [e for e in matplotlib.font_manager.fontManager.ttflist if e.fname == path] == entries
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", family]
    assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_set_theme_keeps_the_cjk_font(tmp_path, caplog):
    family = plots.setup_fonts()
    sns.set_theme()
    assert family not in matplotlib.rcParams["font.family"]  # why set_theme exists
    assert plots.set_theme(style="whitegrid") == family
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", family]
    fig, ax = plt.subplots()
    ax.set_title("九原区教育经费")
    assert render(fig, tmp_path / "theme.png", caplog) == []


def test_charts_add_the_cjk_font_to_the_callers_fonts(figures):
    matplotlib.rcParams["font.family"] = ["DejaVu Serif"]
    plots.money_chart(figures, "zh")
    assert matplotlib.rcParams["font.family"] == ["DejaVu Serif", "Noto Sans CJK SC"]


def test_font_file_is_noto_sans_cjk_under_the_ofl():
    from fontTools.ttLib import TTFont

    path = plots.cjk_font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf" and path.parent.parent.name == "mplfonts"
    names = {r.nameID: r.toUnicode() for r in TTFont(path, lazy=True)["name"].names
             if r.platformID == 3 and r.langID == 0x409}
    assert names[1].startswith("Noto Sans CJK SC")
    assert "SIL Open Font License" in names[13] and "OFL" in names[14]


# --------------------------------------------------------------------------- labels

@dataclass(frozen=True)
class LabelCase:
    name: str
    value: object
    kind: str
    lang: str
    expected: str


ROW = dict(zip(COLUMNS, ROWS[0]))
LABELS = [
    LabelCase("indicator_en", ROW, "indicator", "en", "Construction funding"),
    LabelCase("indicator_zh_is_measure", ROW, "indicator", "zh", "基建资金"),
    LabelCase("indicator_zh_column", {**ROW, "indicator_zh": "基建投入"}, "indicator", "zh", "基建投入"),
    LabelCase("indicator_other_zh", "other", "indicator", "zh", "其他"),
    LabelCase("district_en", ROW, "district", "en", "Jiuyuan District"),
    LabelCase("district_zh", ROW, "district", "zh", "九原区"),
    LabelCase("district_en_missing", {**ROW, "district_en": None}, "district", "en", "九原区"),
    LabelCase("district_unknown_en", {**ROW, "district": None, "district_en": None}, "district", "en",
              "Unknown district"),
    LabelCase("district_year_zh", ROW, "district_year", "zh", "九原区 2018年"),
    LabelCase("district_year_en", ROW, "district_year", "en", "Jiuyuan District 2018"),
    LabelCase("year_missing_zh", None, "year", "zh", "年份不详"),
    LabelCase("unit_yuan_zh", "yuan", "unit", "zh", "元"),
    LabelCase("unit_person_time_en", "person_time", "unit", "en", "person-times"),
    LabelCase("unit_of_row_en", ROW, "unit", "en", "yuan"),
    LabelCase("category_zh", "student_aid", "category", "zh", "学生资助"),
    LabelCase("role_previous_en", "previous", "role", "en", "Previous"),
    LabelCase("unknown_code_as_is", "furlongs", "unit", "en", "furlongs"),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in LABELS])
def test_label(case):
    assert plots.label(case.value, case.kind, case.lang) == case.expected


@pytest.mark.parametrize("lang, error", [("fr", ValueError), ("", ValueError), (1, TypeError)])
def test_label_rejects_unknown_lang(lang, error):
    with pytest.raises(error):
        plots.label(ROW, "district", lang)


def test_every_unit_category_and_role_has_names():
    from edureports.schema import CATEGORIES, ROLES, UNITS

    assert set(plots.NAMES["unit"]) == set(UNITS)
    assert set(plots.NAMES["category"]) == set(CATEGORIES)
    assert set(plots.NAMES["role"]) == set(ROLES)
    for table in plots.NAMES.values():
        for en, zh in table.values():
            assert not CJK.search(en) and CJK.search(zh)


@pytest.mark.parametrize("yuan, lang, expected", [
    (5e6, "zh", (1e4, "万元")),
    (9.99e7, "en", (1e4, "10k yuan")),
    (1e8, "zh", (1e8, "亿元")),
    (3.2e9, "en", (1e8, "100M yuan")),
    (0.0, "zh", (1e4, "万元")),
    (math.nan, "en", (1e4, "10k yuan")),
])
def test_money_scale(yuan, lang, expected):
    assert plots.money_scale(yuan, lang) == expected


# --------------------------------------------------------------------------- saving

def test_save_chart_data_writes_utf8_csv(figures, tmp_path):
    _, data = plots.money_chart(figures, "zh")
    path = plots.save_chart_data(data, tmp_path / "out", "money_zh")
    assert path == tmp_path / "out" / "money_zh.csv"
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and "九原区".encode("utf-8") in raw
    back = pd.read_csv(path, encoding="utf-8")
    assert back["value"].tolist() == data["value"].tolist()
    assert back["label"].tolist() == data["label"].tolist()


@pytest.mark.parametrize("name", ["", "../x", "a/b", ".."])
def test_save_chart_data_rejects_paths_as_names(name, tmp_path):
    with pytest.raises(ValueError):
        plots.save_chart_data(pd.DataFrame({"a": [1]}), tmp_path, name)


def test_save_chart_data_rejects_a_non_frame(tmp_path):
    with pytest.raises(TypeError):
        plots.save_chart_data([1, 2], tmp_path, "x")
