"""The panel: one row per comparison cell (district, year, indicator, subgroup), with where it came from.

A cell gathers every figure that states it: the report's own figure for its year (``source`` level)
and the earlier-year figure a later report quotes (较去年44.1%: ``source`` previous, already dated to
the earlier year by :mod:`.attribution`). A whole-area cell (``subgroup`` empty) is filled only from
figures of ``scope`` total; parts (文史类, 小学, 农村…) are their own rows with ``subgroups=True``.

Which statement gives the cell its value (``rule``): a level beats a previous (the report about that
year over the one quoting it), an exact figure beats an approximate one (近/约/余); when statements of
the same standing still disagree, ``duplicates`` decides (by default the first stated: by document id,
then position in the text). Statements that
disagree make the cell a ``conflict``; :func:`conflicts` lists every statement of the conflicting
cells with its document, figure, source and sentence. (The panel keeps no DataFrame in ``attrs``,
so that it merges and concatenates like any table.)

A figures table without ``scope``/``subgroup``/``parent_id`` (before those columns existed) is read as
all whole-area figures.

>>> import pandas as pd
>>> figs = pd.DataFrame({
...     "doc_id": ["r18", "r18", "r18", "r19"], "figure_id": ["r18:0", "r18:1", "r18:2", "r19:0"],
...     "start": [10, 20, 30, 5], "raw": ["251人", "81人", "170人", "250人"],
...     "value": [251.0, 81.0, 170.0, 250.0], "unit": "person", "qualifier": "exact",
...     "role": ["level", "level", "level", "previous"], "indicator": "exam.gaokao.tier1_admits",
...     "district": "九原区", "year": 2018, "sentence": "…",
...     "scope": ["total", "part", "part", "total"], "subgroup": [None, "文科", "理科", None],
...     "parent_id": [None, "r18:0", "r18:0", None]})
>>> p = panel(figs)
>>> p[["district", "year", "subgroup", "value", "source", "figure_ids", "conflict", "rule"]].to_dict("records")
[{'district': '九原区', 'year': 2018, 'subgroup': '', 'value': 251.0, 'source': 'level', 'figure_ids': 'r18:0,r19:0', 'conflict': True, 'rule': 'level over previous'}]
>>> list(conflicts(p, figs)["raw"])
['251人', '250人']
>>> list(panel(figs, subgroups=True)["subgroup"])
['', '文科', '理科']
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

__all__ = ["panel", "conflicts", "statements", "with_scope", "PANEL_COLUMNS", "CELL", "DUPLICATES", "CELL_ROLES"]

#: the columns that name a cell
CELL = ["district", "year", "indicator", "subgroup"]
#: the panel's columns, in order
PANEL_COLUMNS = ["district", "district_en", "year", "indicator", "indicator_en", "category", "subgroup",
                 "value", "unit", "qualifier", "source", "n_statements", "figure_ids", "doc_ids",
                 "conflict", "rule"]
#: roles whose figures state a cell (the source column)
CELL_ROLES = ("level", "previous")
#: how statements of the same standing that disagree are resolved
DUPLICATES = ("first", "last", "max", "min", "mean", "raise")
_RULE = {"first": "first stated", "last": "last stated", "max": "largest", "min": "smallest", "mean": "mean",
         "raise": "first stated"}
_CONFLICT_COLUMNS = ["doc_id", "figure_id", "district", "district_en", "year", "indicator", "indicator_en",
                     "subgroup", "source", "raw", "value", "unit", "qualifier", "sentence"]
_STATEMENT_COLUMNS = ["figure_id", "doc_id", "start", "raw", "value", "unit", "qualifier", "role", "sentence"]
_OPTIONAL = {"district_en": None, "indicator_en": None, "category": None, "qualifier": "exact",
             "unit": None, "raw": "", "sentence": "", "measure": "", "start": 0}


def with_scope(figures: pd.DataFrame) -> pd.DataFrame:
    """``figures`` with ``scope``, ``subgroup`` and ``parent_id``: when absent, every figure is a whole
    (scope total, no subgroup, no parent)."""
    missing = {"scope": "total", "subgroup": None, "parent_id": None}
    missing = {k: v for k, v in missing.items() if k not in figures.columns}
    return figures.assign(**missing) if missing else figures


def _selected(indicator: pd.Series, indicators: Sequence[str] | str | None) -> pd.Series:
    """Rows whose indicator is one of ``indicators`` or below one (``funding`` takes ``funding.*``)."""
    if indicators is None:
        return pd.Series(True, index=indicator.index)
    wanted = [indicators] if isinstance(indicators, str) else list(indicators)
    prefixes = tuple(w + "." for w in wanted)
    return indicator.isin(wanted) | indicator.astype(str).str.startswith(prefixes)


def statements(figures: pd.DataFrame, indicators: Sequence[str] | str | None = None, subgroups: bool = False,
               roles: Sequence[str] = CELL_ROLES) -> pd.DataFrame:
    """Every figure that states a cell, in text order, with its cell's ``subgroup`` ('' for the whole
    area; ``part`` for a part the text names no words for) and its ``source`` (its role: level or
    previous). Masked figures (no value) and figures of no indicator (``other``) state no cell; parts
    state one only with ``subgroups=True``."""
    unknown = set(roles) - set(CELL_ROLES)
    if unknown:
        raise ValueError(f"roles must be among {CELL_ROLES}, not {sorted(unknown)}")
    df = with_scope(figures).assign(**{k: v for k, v in _OPTIONAL.items() if k not in figures.columns})
    df = df[df["role"].isin(list(roles)) & df["value"].notna() & (df["indicator"] != "other")
            & _selected(df["indicator"], indicators)]
    named = df["subgroup"].fillna("").astype(str)
    whole = (df["scope"] != "part") & (named == "")
    if not subgroups:
        df, named, whole = df[whole], named[whole], whole[whole]
    df = df.assign(subgroup=named.where(named != "", "part").where(~whole, ""), source=df["role"])
    return df.sort_values(["doc_id", "start"], kind="stable")


def _empty() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in PANEL_COLUMNS})
    out = out.astype({"value": "float64", "year": "Int64", "n_statements": "int64", "conflict": bool})
    return out


def _rules(n: pd.Series, distinct: pd.Series, distinct_top: pd.Series, previous_set_aside: pd.Series,
           duplicates: str) -> pd.Series:
    """How each cell's value was chosen, from its statement counts."""
    rule = pd.Series(_RULE[duplicates], index=n.index, dtype=object)
    rule[distinct_top == 1] = "exact over approximate"
    rule[(distinct_top == 1) & previous_set_aside] = "level over previous"
    rule[distinct == 1] = "statements agree"
    rule[n == 1] = "one statement"
    return rule


def panel(figures: pd.DataFrame, indicators: Sequence[str] | str | None = None, subgroups: bool = False,
          roles: Sequence[str] = CELL_ROLES, duplicates: str = "first") -> pd.DataFrame:
    """One row per (district, year, indicator, subgroup): the value chosen, its unit, qualifier and
    ``source``, how many statements state the cell (``n_statements``), their ``figure_ids`` and
    ``doc_ids``, whether they disagree (``conflict``) and the ``rule`` that chose the value.

    ``indicators``: ids or prefixes (``"funding"``); ``subgroups=True`` adds the parts as their own rows
    (``subgroup`` names them; '' is the whole area); ``roles``: which statements count (level, previous);
    ``duplicates``: first (default), last, max, min, mean, or raise (a ValueError naming the conflict).
    """
    if duplicates not in DUPLICATES:
        raise ValueError(f"duplicates must be one of {DUPLICATES}, not {duplicates!r}")
    st = statements(figures, indicators, subgroups, roles)
    if st.empty:
        return _empty()
    tier = (st["source"] != "level").astype(int) * 2 + (st["qualifier"] != "exact").astype(int)
    st = st.assign(_tier=tier, _cell=st.groupby(CELL, dropna=False, sort=False).ngroup())
    cells = st.groupby("_cell", sort=True)
    top = st[st["_tier"] == cells["_tier"].transform("min")]
    top_cells = top.groupby("_cell", sort=True)
    first = top_cells.head(1).set_index("_cell").sort_index()
    distinct, distinct_top = cells["value"].nunique(), top_cells["value"].nunique()
    if duplicates == "raise" and (distinct_top > 1).any():
        _raise_conflict(top[top["_cell"].isin(distinct_top[distinct_top > 1].index)])
    value = _chosen(first, top, duplicates)
    previous_set_aside = (cells["_tier"].max() >= 2) & (first["_tier"] < 2)
    out = first[CELL + ["district_en", "indicator_en", "category", "unit", "qualifier", "source"]].assign(
        value=value,
        n_statements=cells.size(),
        figure_ids=cells["figure_id"].agg(",".join),
        doc_ids=cells["doc_id"].agg(lambda s: ",".join(dict.fromkeys(s))),
        conflict=distinct > 1,
        rule=_rules(cells.size(), distinct, distinct_top, previous_set_aside, duplicates),
    )
    out = out[PANEL_COLUMNS].sort_values(CELL, kind="stable", na_position="last").reset_index(drop=True)
    out = out.astype({"year": "Int64", "n_statements": "int64", "conflict": bool})
    return out


def _chosen(first: pd.DataFrame, top: pd.DataFrame, duplicates: str) -> pd.Series:
    """Each cell's value from its best-standing statements (``top``): the first stated, or the
    ``duplicates`` aggregate of their distinct values."""
    if duplicates in ("first", "raise"):
        return first["value"]
    return top.drop_duplicates(["_cell", "value"]).groupby("_cell")["value"].agg(duplicates)


def _raise_conflict(clashing: pd.DataFrame) -> None:
    """A ValueError naming how many cells disagree and the statements of the first one."""
    first = clashing[clashing["_cell"] == clashing["_cell"].iloc[0]]
    cell = ", ".join(f"{k}={first[k].iloc[0]}" for k in CELL if pd.notna(first[k].iloc[0]) and first[k].iloc[0] != "")
    raise ValueError(f"{clashing['_cell'].nunique()} cells whose statements disagree, e.g. {cell}: "
                     + ", ".join(f"{r.raw} ({r.figure_id})" for r in first.itertuples()))


def conflicts(cells: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Every statement of the cells of ``cells`` whose statements disagree (within a report and across
    reports), in text order, with the cell it states, its ``source`` (role), raw text and sentence."""
    keys = ["district", "district_en", "year", "indicator", "indicator_en", "subgroup"]
    bad = cells.loc[cells["conflict"], keys + ["figure_ids"]]
    rows = bad.assign(figure_id=bad["figure_ids"].str.split(",")).explode("figure_id").drop(columns="figure_ids")
    defaults = {k: v for k, v in _OPTIONAL.items() if k in _STATEMENT_COLUMNS and k not in figures.columns}
    rows = rows.merge(figures.assign(**defaults)[_STATEMENT_COLUMNS], on="figure_id", how="left")
    rows = rows.rename(columns={"role": "source"}).sort_values(["doc_id", "start"], kind="stable")
    return rows[_CONFLICT_COLUMNS].reset_index(drop=True)
