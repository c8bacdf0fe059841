"""``edureports audit FILE --html OUT``: one page showing every figure in place in the source text.

Each figure is highlighted at its exact ``[start, end)`` in the source (hover for value, unit, role,
indicator, year, district) and listed in a table below, so a reader can check the extraction by eye.
The page is static: no script, nothing fetched.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

__all__ = ["audit_html", "write_audit"]

_STYLE = """body{font-family:sans-serif;max-width:70em;margin:2em auto;line-height:1.7}
pre{white-space:pre-wrap;font-family:inherit;background:#fafafa;padding:1em;border:1px solid #ddd}
mark{background:#ffe08a;border-radius:2px}mark.masked{background:#f5b7b1}mark.approx,mark.over,mark.under{background:#d6eaf8}
table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
dl{display:grid;grid-template-columns:max-content auto;gap:0 1em}dt{font-weight:bold}"""


def _tip(row) -> str:
    value = "masked" if pd.isna(row.value) else f"{row.value:g}"
    year = "" if pd.isna(row.year) else int(row.year)
    return (f"{row.figure_id}: {value} {row.unit} ({row.qualifier}, {row.role}); {row.indicator}; "
            f"{year} {row.district or ''}; measure: {row.measure}")


def audit_html(source: str, figures: pd.DataFrame, document: dict) -> str:
    """The audit page for one document's ``source`` text and its ``figures``."""
    parts, pos = [], 0
    for row in figures.sort_values("start").itertuples():
        if row.start < pos:  # overlapping spans never come out of extract; keep the page honest anyway
            continue
        parts.append(html.escape(source[pos:row.start]))
        parts.append(f'<mark class="{row.qualifier}" id="{html.escape(row.figure_id)}" '
                     f'title="{html.escape(_tip(row))}">{html.escape(source[row.start:row.end])}</mark>')
        pos = row.end
    parts.append(html.escape(source[pos:]))
    meta = "".join(f"<dt>{html.escape(str(k))}</dt><dd>{html.escape('' if v is None else str(v))}</dd>"
                   for k, v in document.items() if k != "notes" or v)
    cols = ["figure_id", "raw", "value", "unit", "qualifier", "role", "indicator", "keyword", "year",
            "district", "measure", "sentence"]
    table = figures[cols].to_html(index=False, na_rep="", escape=True, border=0)
    title = html.escape(str(document.get("title") or document.get("doc_id")))
    return (f'<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8"><title>audit: {title}</title>'
            f"<style>{_STYLE}</style></head><body><h1>{title}</h1><dl>{meta}</dl>"
            f"<h2>Source text, {len(figures)} figures highlighted</h2><pre>{''.join(parts)}</pre>"
            f"<h2>Figures</h2>{table}</body></html>\n")


def write_audit(path: str | Path, out: str | Path) -> Path:
    """Extract ``path`` and write its audit page to ``out``."""
    from .pipeline import extract_report

    result = extract_report(path)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(audit_html(result.report.source, result.figures, result.document()), encoding="utf-8")
    return out
