"""The edureports command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from edureports.cli import main
from edureports.normalisation import normalise
from conftest import SEED_FILES, seed_text


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in ("show", "extract", "audit", "report"):
        assert command in out


def test_show_prints_metadata_normalisation_and_clean_text(capsys):
    seed = next(p for p in SEED_FILES if p.name.startswith("002"))
    assert main(["show", str(seed)]) == 0
    out = capsys.readouterr().out
    assert "script     traditional" in out
    assert "published  2022-12-02 08:27:00" in out
    assert "mojibake spans: 7" in out
    assert "[2392, 2400) '?!皠搹姟逼陂g': repaired as '\ufffd“創強”期間'" in out
    assert "boilerplate lines moved to metadata: 4" in out
    assert "干部履行工作职责个人述职报告" in out  # the clean text, simplified


def test_show_reports_pinyin_removed(capsys):
    seed = next(p for p in SEED_FILES if p.name.startswith("000"))
    assert main(["show", str(seed), "--no-text"]) == 0
    out = capsys.readouterr().out
    annotations = len(normalise(seed_text(seed)).pinyin)
    assert annotations > 0
    assert f"pinyin annotations removed: {annotations}" in out
    assert "clean text" not in out


def test_show_bad_file_is_an_error_naming_it(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main(["show", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "empty.txt" in err and "empty" in err


def test_console_script_is_installed():
    out = subprocess.run([sys.executable, "-m", "edureports.cli", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("edureports ")


def test_audit_highlights_every_figure_in_place(tmp_path, capsys):
    import html
    import re

    from edureports.pipeline import extract

    seed = next(p for p in SEED_FILES if p.name.startswith("000"))
    out = tmp_path / "audit.html"
    assert main(["audit", str(seed), "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    marks = re.findall(r'<mark class="(\w+)" id="([^"]+)" title="[^"]*">([^<]*)</mark>', page)
    figures = extract(seed)
    assert [html.unescape(m[2]) for m in marks] == list(figures.sort_values("start").raw)
    assert [m[0] for m in marks] == list(figures.sort_values("start").qualifier)
    # the text between the marks is the source, untouched
    text = html.unescape(re.sub(r"</?mark[^>]*>", "", page.split("<pre>")[1].split("</pre>")[0]))
    assert text == seed.read_text(encoding="utf-8")
    assert "<script" not in page
