"""Reports that went through PDF and Word conversion give the figures their clean text gives.

Every seed (and every held-out text) is rendered here, once per module, in the forms converted
reports reach researchers in, and extracted like any report:

(a) a narrow-column PDF (reportlab), lines wrapped at 15–25 Chinese characters by printed width, so
    numbers and units fall on different lines;
(b) the same with a running header and a page number on every page (a different page-number style
    per text);
(c) a .docx whose lines break inside sentences every 6–30 characters (Word's view of a converted PDF);
(d) the text with a figure's thousands grouped by spaces and a space before every unit;
and, harder: every number on a line of its own; a document site's page chunks (``1、`` ``2、``) cut
anywhere, in a number too; a PDF cut every N characters (inside numbers); spaces between Chinese and
numbers throughout.

A form matches the clean text when its figures, as (value, unit, qualifier, role) in order, are the
clean text's for at least 98% of them (both ways: none lost, none added); offsets differ between forms,
so figures are matched in order, not by span. Every span still satisfies ``source[start:end] == raw``.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, SEED_FILES
from formats import (break_lines, group_thousands, numbers_on_own_lines, pangu_spaced, site_pages,
                     write_docx, write_encoded, write_layout_pdf, write_pdf)
from edureports.cli import main
from edureports.normalisation import normalise
from edureports.pipeline import extract_report
from edureports.quantities import find_quantities

HELDOUT_FILES = sorted((ROOT / "data" / "heldout").glob("*.txt"))
TEXTS = SEED_FILES + HELDOUT_FILES
TEXT_IDS = [p.stem[:3] for p in TEXTS]
PAGE_NUMBERS = ["- {n} -", "第 {n} 页 共 {of} 页", "{n}/{of}", "{n}", "第{n}页"]
HEADER = "教育工作情况报告"


@dataclass(frozen=True)
class Form:
    name: str
    make: object  # (path without suffix, text, index) -> written file
    required: bool  # one of the four forms (a)-(d)


def _width(i: int) -> int:
    return 15 + (i * 3) % 11  # 15 to 25 characters a line


FORMS = [
    Form("a_narrow_pdf", lambda p, t, i: write_layout_pdf(p.with_suffix(".pdf"), t, _width(i)), True),
    Form("b_pdf_header_page_numbers",
         lambda p, t, i: write_layout_pdf(p.with_suffix(".pdf"), t, _width(i), header=HEADER,
                                          page_number=PAGE_NUMBERS[i % len(PAGE_NUMBERS)]), True),
    Form("c_docx_hard_breaks", lambda p, t, i: write_docx(p.with_suffix(".docx"), break_lines(t, seed=i)), True),
    Form("d_thousands_spaces", lambda p, t, i: write_encoded(p.with_suffix(".txt"), group_thousands(t), "utf-8"), True),
    Form("e_numbers_on_own_lines",
         lambda p, t, i: write_encoded(p.with_suffix(".txt"), numbers_on_own_lines(t), "utf-8"), False),
    Form("f_site_page_chunks",
         lambda p, t, i: write_encoded(p.with_suffix(".txt"), site_pages(t, 400 + 100 * i), "utf-8"), False),
    Form("g_pdf_cut_every_n_chars", lambda p, t, i: write_pdf(p.with_suffix(".pdf"), t, width=15 + i % 11), False),
    Form("h_spaces_beside_numbers", lambda p, t, i: write_encoded(p.with_suffix(".txt"), pangu_spaced(t), "utf-8"), False),
    Form("i_docx_site_chunks_spaced",
         lambda p, t, i: write_docx(p.with_suffix(".docx"), site_pages(pangu_spaced(t), 500)), False),
]


def figure_keys(figures) -> list[tuple]:
    return [(None if math.isnan(r.value) else round(r.value, 6), r.unit, r.qualifier, r.role)
            for r in figures.itertuples()]


def matched(clean: list[tuple], converted: list[tuple]) -> tuple[int, list[str]]:
    """Figures matched in order, and a description of every difference."""
    sm = difflib.SequenceMatcher(None, clean, converted, autojunk=False)
    diffs = [f"{tag}: {clean[i1:i2]} -> {converted[j1:j2]}" for tag, i1, i2, j1, j2 in sm.get_opcodes()
             if tag != "equal"]
    return sum(block.size for block in sm.get_matching_blocks()), diffs


@pytest.fixture(scope="module")
def clean_figures():
    return {p.stem: figure_keys(extract_report(p, catalogue=None).figures) for p in TEXTS}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every text in every form, written and extracted once: {(form, stem): Extraction}."""
    out = {}
    for form in FORMS:
        folder = tmp_path_factory.mktemp(form.name)
        for i, path in enumerate(TEXTS):
            text = path.read_text(encoding="utf-8")
            out[form.name, path.stem] = extract_report(form.make(folder / path.stem, text, i), catalogue=None)
    return out


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
@pytest.mark.parametrize("path", TEXTS, ids=TEXT_IDS)
def test_a_converted_report_gives_the_clean_texts_figures(form, path, rendered, clean_figures):
    clean = clean_figures[path.stem]
    extraction = rendered[form.name, path.stem]
    converted = figure_keys(extraction.figures)
    n, diffs = matched(clean, converted)
    assert n >= 0.98 * len(clean) and n >= 0.98 * len(converted), "\n".join(diffs)


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_every_span_of_a_converted_report_is_its_raw_text(form, rendered):
    for path in TEXTS:
        extraction = rendered[form.name, path.stem]
        source = extraction.report.source
        bad = [(r.start, r.end, r.raw) for r in extraction.figures.itertuples() if source[r.start:r.end] != r.raw]
        assert bad == [], path.name


@pytest.mark.parametrize("form", [f for f in FORMS if f.required], ids=[f.name for f in FORMS if f.required])
def test_each_required_form_matches_at_least_98_percent_over_all_seeds(form, rendered, clean_figures):
    total = found = extra = 0
    for path in SEED_FILES:
        clean = clean_figures[path.stem]
        converted = figure_keys(rendered[form.name, path.stem].figures)
        n, _ = matched(clean, converted)
        total, found, extra = total + len(clean), found + n, extra + len(converted) - n
    assert found >= 0.98 * total and extra <= 0.02 * total


def test_a_figures_source_normalises_to_the_figure(rendered):
    """The repairs inside a figure (a unit on the next line, a space before it, thousands) are local:
    normalising a figure's own source text gives the figure as the whole text's normalisation reads it
    (checks.py relies on this). Not where a number itself is cut (a page chunk or a line cut every N
    characters inside its digits): only the whole text shows that layout."""
    total, differ = 0, []
    for (form, _), extraction in rendered.items():
        if form in ("f_site_page_chunks", "g_pdf_cut_every_n_chars", "i_docx_site_chunks_spaced"):
            continue
        norm, source = extraction.norm, extraction.report.source
        for q in find_quantities(norm.text):
            s, e = norm.offsets.to_source(q.start, q.end)
            total += 1
            if normalise(source[s:e]).text != q.raw:
                differ.append((form, source[s:e], q.raw))
    assert len(differ) <= 0.005 * total, differ


def test_the_layout_was_really_there(rendered):
    """The forms do break what the repairs mend: numbers and units on two lines, page furniture."""
    a = rendered["a_narrow_pdf", SEED_FILES[1].stem]
    assert any(r.kind == "line_join" and r.rule == "unit" for r in a.norm.repairs)
    b = rendered["b_pdf_header_page_numbers", SEED_FILES[1].stem]
    kinds = {f.kind for f in b.norm.furniture}
    assert kinds == {"page_number", "running_header"} and b.norm.metadata["running_header"] == HEADER
    assert HEADER not in b.norm.text
    d = rendered["d_thousands_spaces", SEED_FILES[1].stem]
    assert {r.rule for r in d.norm.repairs} >= {"thousands", "unit"}
    f = rendered["f_site_page_chunks", SEED_FILES[1].stem]
    assert {x.kind for x in f.norm.furniture} == {"page_marker"}


def test_show_reports_the_layout_repairs(rendered, capsys):
    path = rendered["b_pdf_header_page_numbers", SEED_FILES[1].stem].report.path
    assert main(["show", path, "--no-text"]) == 0
    out = capsys.readouterr().out
    assert "page furniture lines moved to metadata: 16" in out
    assert "running_header: 教育工作情况报告" in out and "page_number: 第 1 页 共 8 页" in out
    assert "line breaks joined (the sentence runs on):" in out and "more (--all-repairs" in out
    assert "spaces removed inside figures: 0" in out


def test_show_on_a_clean_text_reports_no_repairs(capsys):
    assert main(["show", str(SEED_FILES[4]), "--no-text"]) == 0
    out = capsys.readouterr().out
    for line in ("page furniture lines moved to metadata: 0", "line breaks joined (the sentence runs on): 0",
                 "spaces removed inside figures: 0", "masked digits marked: 0"):
        assert line in out
