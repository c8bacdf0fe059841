"""Plotting helpers for the notebooks: Chinese or English labels, money in 万元/亿元, tidy data out.

Every chart function takes a DataFrame and ``lang`` ('en' | 'zh') and returns ``(fig, data)``, where
``data`` is the tidy table actually drawn; the notebooks save it next to the report
(:func:`save_chart_data`) so every bar and line can be checked against the figures it came from.

Chinese glyphs come from Noto Sans CJK SC, loaded by file path from the pinned PyPI package
``mplfonts`` (``mplfonts/fonts/NotoSansCJKsc-Regular.otf``; Adobe/Google, SIL Open Font License 1.1).
mplfonts 0.0.11 ships no separate OFL text file: the licence notice and its URL
(http://scripts.sil.org/OFL) are in the font's own name table (name IDs 13 and 14), and the wheel's
LICENSE covers mplfonts' code only. We never copy the font nor run ``mplfonts init`` (it writes into
matplotlib's folder), and never use the package's SimHei (no licence). :func:`setup_fonts` puts
DejaVu Sans first and the CJK family second, so Latin text keeps matplotlib's look and each Chinese
character falls back to the CJK font.

Labels follow the language: English uses ``indicator_en``, ``district_en`` and the unit/category
names below; Chinese uses the indicator's Chinese name (a ``zh_labels`` mapping, an
``indicator_zh`` column, else the measured phrase) and ``district``.

>>> label({"district": "九原区", "district_en": "Jiuyuan District"}, "district", "en")
'Jiuyuan District'
>>> label("yuan", "unit", "zh"), label(2018, "year", "zh"), label(2018, "year", "en")
('元', '2018年', '2018')
>>> money_scale(3.2e8, "zh"), money_scale(5e6, "en")
((100000000.0, '亿元'), (10000.0, '10k yuan'))
>>> label("x", "unit", "fr")
Traceback (most recent call last):
...
ValueError: lang must be one of ('en', 'zh'), not 'fr'
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import font_manager, rcParams
from matplotlib.ticker import FuncFormatter

from ._data import load_yaml

__all__ = [
    "LANGS",
    "cjk_font_path",
    "setup_fonts",
    "set_theme",
    "label",
    "labels",
    "text",
    "money_scale",
    "bar_by_group",
    "line_over_years",
    "coverage_heatmap",
    "money_chart",
    "rate_chart",
    "save_chart_data",
]

LANGS = ("en", "zh")
LATIN_FAMILY = "DejaVu Sans"
CJK_FONT_FILE = ("fonts", "NotoSansCJKsc-Regular.otf")

# Names of the controlled values, axis and chart titles, (English, Chinese): data/labels.yaml.
NAMES = {kind: {code: tuple(pair) for code, pair in table.items()}
         for kind, table in load_yaml("labels.yaml")["names"].items()}
TEXT = {key: tuple(pair) for key, pair in load_yaml("labels.yaml")["text"].items()}
INDICATOR_ZH = {"other": "其他"}
# Money axis units: (threshold on the largest value in yuan, scale, English, Chinese).
MONEY_SCALES = ((1e8, 1e8, "100M yuan", "亿元"), (0.0, 1e4, "10k yuan", "万元"))


# --------------------------------------------------------------------------- fonts

def cjk_font_path() -> Path:
    """The Noto Sans CJK SC file inside the installed ``mplfonts`` package (not imported)."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the CJK font comes from the mplfonts package: pip install mplfonts==0.0.11")
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*CJK_FONT_FILE)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: CJK font missing from the mplfonts package")
    return path


def _register_cjk() -> str:
    """Add the CJK font file to matplotlib's font manager once; return its family name."""
    path = str(cjk_font_path())
    if not any(entry.fname == path for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def setup_fonts() -> str:
    """Use DejaVu Sans with per-character fallback to the CJK font; idempotent; return the CJK family."""
    family = _register_cjk()
    rcParams["font.family"] = [LATIN_FAMILY, family]
    rcParams["axes.unicode_minus"] = False
    return family


def set_theme(**kw) -> str:
    """``seaborn.set_theme(**kw)``, then :func:`setup_fonts` (seaborn resets the font family)."""
    sns.set_theme(**kw)
    return setup_fonts()


def _ensure_cjk() -> None:
    """Keep the caller's fonts, but make sure the CJK family is in the fallback list."""
    family = _register_cjk()
    current = rcParams["font.family"]
    current = [current] if isinstance(current, str) else list(current)
    if family not in current:
        rcParams["font.family"] = current + [family]


# --------------------------------------------------------------------------- labels

def _check_lang(lang) -> int:
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str, not {type(lang).__name__}")
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return LANGS.index(lang)


def text(key: str, lang: str) -> str:
    """An axis or chart title in ``lang``; an unknown key is returned as it is."""
    i = _check_lang(lang)
    return TEXT[key][i] if key in TEXT else key


def _year_labels(years: pd.Series, i: int) -> pd.Series:
    years = pd.Series(years).astype("Int64")
    out = years.astype("string") + ("年" if i else "")
    return out.fillna(TEXT["unknown_year"][i]).astype(object)


def _indicator_zh(df: pd.DataFrame, zh_labels: Mapping | None) -> pd.Series:
    """One Chinese name per indicator id: mapping, ``indicator_zh``, else its most frequent measure
    (ties: the first seen)."""
    ids = df["indicator"]
    out = ids.map(dict(INDICATOR_ZH, **(zh_labels or {})))
    if "indicator_zh" in df:
        out = out.fillna(df["indicator_zh"])
    if "measure" in df:
        measures = df[df["measure"].fillna("") != ""].groupby("indicator")["measure"]
        out = out.fillna(ids.map(measures.agg(lambda s: s.value_counts(sort=False).idxmax())))
    return out.fillna(ids).astype(object)


def labels(df: pd.DataFrame, kind: str, lang: str, zh_labels: Mapping | None = None) -> pd.Series:
    """Display labels for every row of ``df``; ``kind`` is a column of the figures table.

    Kinds: indicator, district, year, district_year, unit, category, role; any other column is
    shown as it is.
    """
    i = _check_lang(lang)
    if kind == "indicator":
        if i == 0 and "indicator_en" in df:
            return df["indicator_en"].fillna(df["indicator"]).astype(object)
        return _indicator_zh(df, zh_labels) if i else df["indicator"].astype(object)
    if kind == "district":
        names = df["district"]
        if i == 0 and "district_en" in df:
            names = df["district_en"].fillna(names)
        return names.fillna(TEXT["unknown_district"][i]).astype(object)
    if kind == "year":
        return _year_labels(df["year"], i)
    if kind == "district_year":
        return labels(df, "district", lang) + " " + _year_labels(df["year"], i)
    if kind in NAMES:
        return df[kind].map(lambda code: NAMES[kind].get(code, (code, code))[i]).astype(object)
    return df[kind].astype(object)


def label(row_or_value, kind: str, lang: str, zh_labels: Mapping | None = None) -> str:
    """The display label of one row (a mapping or Series) or one value, in ``lang``.

    >>> row = {"indicator": "funding.construction", "indicator_en": "Construction funding",
    ...        "measure": "基建投入", "district": "九原区", "district_en": "Jiuyuan District", "year": 2018}
    >>> label(row, "indicator", "zh"), label(row, "district_year", "zh"), label(row, "district_year", "en")
    ('基建投入', '九原区 2018年', 'Jiuyuan District 2018')
    >>> label("funding.construction", "indicator", "zh", {"funding.construction": "基建与校舍建设投入"})
    '基建与校舍建设投入'
    """
    i = _check_lang(lang)
    if isinstance(row_or_value, (Mapping, pd.Series)):
        return labels(pd.DataFrame([dict(row_or_value)]), kind, lang, zh_labels).iat[0]
    value = row_or_value
    if kind == "year":
        return _year_labels(pd.Series([value]), i).iat[0]
    if kind in NAMES:
        return NAMES[kind].get(value, (value, value))[i]
    if kind == "indicator" and i:
        return dict(INDICATOR_ZH, **(zh_labels or {})).get(value, value)
    return value


def money_scale(max_yuan: float, lang: str) -> tuple[float, str]:
    """``(scale, unit name)`` for a money axis: 亿元 / '100M yuan' from 1亿 up, else 万元 / '10k yuan'."""
    i = _check_lang(lang)
    for threshold, scale, en, zh in MONEY_SCALES:
        if abs(max_yuan) >= threshold:
            return scale, (en, zh)[i]
    return MONEY_SCALES[-1][1], MONEY_SCALES[-1][2 + i]


def _money_axis(axis, max_yuan: float, lang: str) -> str:
    """Tick labels in 万元/亿元 on an axis drawn in yuan; returns the axis title."""
    scale, unit = money_scale(max_yuan, lang)
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v / scale:,.2f}".rstrip("0").rstrip(".")))
    sep = ("（", "）") if lang == "zh" else (" (", ")")
    return f"{text('amount', lang)}{sep[0]}{unit}{sep[1]}"


# --------------------------------------------------------------------------- charts

def _check_frame(df, *columns) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, not {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"missing columns: {missing}")


def _figure(n_rows: int = 4, width: float = 8.0):
    _ensure_cjk()
    return plt.subplots(figsize=(width, max(3.0, 1.2 + 0.35 * n_rows)), layout="constrained")


def _no_data(ax, lang: str) -> None:
    ax.text(0.5, 0.5, text("no_data", lang), ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


def _with_labels(df, columns, lang, zh_labels=None) -> pd.DataFrame:
    """``df`` plus a ``<column>_label`` display column for each of ``columns``."""
    return df.assign(**{f"{c}_label": labels(df, c, lang, zh_labels) for c in columns})


def bar_by_group(df: pd.DataFrame, x: str, y: str = "value", hue: str | None = None, title: str | None = None,
                 lang: str = "en", zh_labels: Mapping | None = None):
    """Bars of ``y`` summed per ``x`` (and ``hue``); ``data`` has the labels drawn and the sums."""
    _check_lang(lang)
    keys = [x] + ([hue] if hue else [])
    _check_frame(df, y, *keys)
    shown = _with_labels(df, keys, lang, zh_labels)
    cols = [f"{k}_label" for k in keys]
    data = (shown.groupby(cols, dropna=False, sort=False)[y].sum(min_count=1).reset_index()
            .rename(columns=dict(zip(cols, keys))))
    fig, ax = _figure(len(data))
    if data.empty:
        _no_data(ax, lang)
    else:
        wide = data.pivot(index=x, columns=hue, values=y) if hue else data.set_index(x)[y]
        wide.plot.bar(ax=ax, rot=0, legend=bool(hue))
        if hue:
            ax.legend(title=text(hue, lang))
    ax.set(xlabel=text(x, lang), ylabel=text(y, lang), title=title or "")
    return fig, data


def line_over_years(df: pd.DataFrame, indicator_col: str = "indicator", lang: str = "en", *,
                    value: str = "value", title: str | None = None, zh_labels: Mapping | None = None):
    """One line per value of ``indicator_col``: ``value`` summed per year (rows without a year left out).

    Pass figures of one unit and role (the sums add what they are given).
    """
    _check_lang(lang)
    _check_frame(df, indicator_col, "year", value)
    rows = df[df["year"].notna()]
    shown = _with_labels(rows, [indicator_col], lang, zh_labels)
    data = (shown.groupby([indicator_col, f"{indicator_col}_label", "year"], sort=True)[value]
            .sum(min_count=1).reset_index().rename(columns={f"{indicator_col}_label": "label"}))
    fig, ax = _figure()
    if data.empty:
        _no_data(ax, lang)
    for name, line in data.groupby("label", sort=False):
        ax.plot(line["year"].astype(int), line[value], marker="o", label=name)
    ylabel = text(value, lang)
    if not data.empty:
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(title=text(indicator_col, lang))
        if "unit" in rows and set(rows["unit"]) == {"yuan"}:
            ylabel = _money_axis(ax.yaxis, data[value].abs().max(), lang)
    ax.set(xlabel=text("year", lang), ylabel=ylabel, title=title or text("years_title", lang))
    return fig, data


def _place_keys(df: pd.DataFrame) -> list[str]:
    """Group keys for a district-year: district, district_en when the table has it, year."""
    return ["district"] + (["district_en"] if "district_en" in df else []) + ["year"]


def _district_years(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rows sorted by district and year, with a ``district_year`` label column."""
    out = df.assign(district_year=labels(df, "district_year", lang))
    return out.sort_values(["district", "year"], na_position="last", kind="stable").reset_index(drop=True)


def coverage_heatmap(counts_df: pd.DataFrame, lang: str = "en"):
    """Figures per category (rows) and district-year (columns).

    ``counts_df`` has category, district, year and a count column ``n``; without ``n`` every row
    counts once (so a figures table can be passed as it is).
    """
    _check_lang(lang)
    _check_frame(counts_df, "category", "district", "year")
    df = counts_df if "n" in counts_df else counts_df.assign(n=1)
    keys = ["category"] + _place_keys(df)
    data = _district_years(df.groupby(keys, dropna=False)["n"].sum().reset_index(), lang)
    data["category_label"] = labels(data, "category", lang)
    order = [c for c in NAMES["category"] if c in set(data["category"])]
    order += sorted(set(data["category"]) - set(order))
    fig, ax = _figure(len(order), width=max(6.0, 2.5 + 1.1 * data["district_year"].nunique()))
    if data.empty:
        _no_data(ax, lang)
        return fig, data
    grid = (data.pivot_table(index="category", columns="district_year", values="n", aggfunc="sum",
                             sort=False, fill_value=0)
            .reindex(order).rename(index=dict(zip(data["category"], data["category_label"]))))
    sns.heatmap(grid, annot=True, fmt="g", cmap="Blues", cbar=False, ax=ax)
    ax.set(xlabel=text("district_year", lang), ylabel=text("category", lang), title=text("coverage_title", lang))
    ax.tick_params(axis="x", labelrotation=30)
    ax.tick_params(axis="y", labelrotation=0)
    return fig, data


def money_chart(figures: pd.DataFrame, lang: str = "en", *, zh_labels: Mapping | None = None):
    """Money stated as a level (unit yuan, role level), summed per indicator and district-year.

    ``data``: indicator, label, district, year, district_year, value (yuan), value_wan (万元).
    """
    _check_lang(lang)
    _check_frame(figures, "unit", "role", "value", "indicator", "district", "year")
    rows = figures[(figures["unit"] == "yuan") & (figures["role"] == "level") & figures["value"].notna()]
    shown = _with_labels(rows, ["indicator"], lang, zh_labels).rename(columns={"indicator_label": "label"})
    keys = ["indicator", "label"] + _place_keys(shown)
    data = _district_years(shown.groupby(keys, dropna=False)["value"].sum().reset_index(), lang)
    data["value_wan"] = data["value"] / 1e4
    fig, ax = _figure(len(data))
    if data.empty:
        _no_data(ax, lang)
        return fig, data
    wide = data.pivot_table(index="label", columns="district_year", values="value", aggfunc="sum", sort=False)
    wide.plot.barh(ax=ax)
    positive = data.loc[data["value"] > 0, "value"]
    log = bool(len(positive)) and positive.max() / positive.min() > 1e3
    if log:
        ax.set_xscale("log")  # a city's billions beside a district's ten-thousands: keep both visible
    xlabel = _money_axis(ax.xaxis, data["value"].max(), lang)
    ax.set(xlabel=f"{xlabel}, {text('log_scale', lang)}" if log else xlabel, ylabel=text("indicator", lang),
           title=text("money_title", lang))
    ax.legend(title=text("district_year", lang), bbox_to_anchor=(1.02, 1), loc="upper left")
    return fig, data


def _paired_rates(figures: pd.DataFrame) -> pd.DataFrame:
    """Current (level) percent figures, each with the previous value stated in the same sentence.

    A previous value is paired only when its (doc_id, sentence, indicator) holds exactly one level
    and one previous figure; otherwise ``previous`` is NaN.
    """
    rates = figures[(figures["unit"] == "percent") & figures["value"].notna()]
    key = ["doc_id", "sentence", "indicator"]
    current = rates[rates["role"] == "level"]
    previous = rates[rates["role"] == "previous"]
    once = [part.groupby(key).size().loc[lambda n: n == 1].index for part in (current, previous)]
    unique = once[0].intersection(once[1])
    prev = previous.set_index(key).loc[lambda p: p.index.isin(unique), "value"].rename("previous")
    return current.join(prev, on=key).rename(columns={"value": "current"})


def rate_chart(figures: pd.DataFrame, lang: str = "en", *, paired_only: bool = False,
               zh_labels: Mapping | None = None):
    """Percent figures: each current rate as a bar, with the previous rate beside it where stated.

    ``data``: doc_id, figure_id, indicator, label, district, year, district_year, current, previous.
    """
    _check_lang(lang)
    _check_frame(figures, "doc_id", "figure_id", "sentence", "unit", "role", "value", "indicator",
                 "district", "year")
    rates = _paired_rates(figures)
    if paired_only:
        rates = rates[rates["previous"].notna()]
    rates = _with_labels(rates, ["indicator"], lang, zh_labels).rename(columns={"indicator_label": "label"})
    cols = ["doc_id", "figure_id", "indicator", "label", "district", "year", "district_year", "current", "previous"]
    data = _district_years(rates, lang)[cols].reset_index(drop=True)
    fig, ax = _figure(2 * len(data))
    if data.empty:
        _no_data(ax, lang)
        return fig, data
    bars = data.assign(row=data["label"] + " · " + data["district_year"]).set_index("row")
    names = {"current": label("level", "role", lang), "previous": label("previous", "role", lang)}
    bars[["current", "previous"]].rename(columns=names).iloc[::-1].plot.barh(ax=ax)
    ax.set(xlabel=text("rate", lang), ylabel="", title=text("rate_title", lang))
    return fig, data


# --------------------------------------------------------------------------- output

def save_chart_data(data: pd.DataFrame, output_dir: str | Path, name: str) -> Path:
    """Write a chart's data as ``<output_dir>/<name>.csv`` (UTF-8, no index); return the path."""
    _check_frame(data)
    if not isinstance(name, str) or not name or Path(name).name != name or name in (".", ".."):
        raise ValueError(f"name must be a plain file name, not {name!r}")
    path = Path(output_dir) / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    data.to_csv(path, index=False, encoding="utf-8")
    return path
