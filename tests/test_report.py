"""`edureports report`: papermill over the notebooks into an offline HTML site with an index."""

from __future__ import annotations

import json
import re

import nbformat
import pandas as pd
import pytest

from edureports.report import NOTEBOOK_DIR, run_reports
from conftest import SEEDS


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("site")
    inputs = base / "inputs"
    inputs.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        (inputs / p.name).write_bytes(p.read_bytes())
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4 nonsense")
    code = run_reports(base / "reports", inputs=inputs, dataset_dir=base / "dataset")
    return base, code


def test_report_run_succeeds_and_indexes_every_notebook(site):
    base, code = site
    assert code == 0
    index = (base / "reports" / "index.html").read_text(encoding="utf-8")
    notebooks = sorted(p.stem for p in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    assert notebooks
    for name in notebooks:
        assert f'href="{name}.html"' in index
        assert (base / "reports" / f"{name}.html").exists()


def test_reports_are_offline_and_free_of_errors(site):
    base, _ = site
    for page in (base / "reports").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script\b", text, re.I), page
        assert not re.search(r"""(src|href)=["']https?://""", text), page
        assert "Traceback" not in text and 'class="jp-RenderedText" data-mime-type="application/vnd.jupyter.stderr"' not in text


def test_corpus_overview_lists_every_document_and_the_failed_input(site):
    base, _ = site
    manifest = pd.read_csv(base / "dataset" / "manifest.csv", dtype=str, keep_default_na=False)
    assert len(manifest) == 6
    failed = manifest[manifest.status == "failed"]
    assert list(failed.doc_id) == ["broken"] and "pdf" in failed.reason.iloc[0]
    html = (base / "reports" / "00_corpus_overview.html").read_text(encoding="utf-8")
    for doc_id in manifest.doc_id:
        assert doc_id in html
    summary = json.loads((base / "reports" / "00_corpus_overview.summary.json").read_text(encoding="utf-8"))
    assert summary["summary"].startswith("5 documents") and "1 input(s) failed" in summary["summary"]


def test_notebooks_have_a_parameters_cell_with_the_standard_parameters():
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path
        for name in ("dataset_dir", "districts", "years", "lang", "output_dir"):
            assert re.search(rf"^{name} = ", tagged[0].source, re.M), (path, name)


def test_a_failing_notebook_is_named_with_its_parameters_and_cell(tmp_path):
    bad = tmp_path / "99_broken.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('dataset_dir = ""\nlang = "en"', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("raise RuntimeError('boom')")]
    nbformat.write(nb, bad)
    good = NOTEBOOK_DIR / "00_corpus_overview.ipynb"
    code = run_reports(tmp_path / "out", inputs=SEEDS, dataset_dir=tmp_path / "ds", notebooks=[good, bad])
    assert code == 1
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "99_broken: cell" in index and "RuntimeError" in index and "boom" in index and "dataset_dir" in index
    assert (tmp_path / "out" / "00_corpus_overview.html").exists()  # the other report is intact
