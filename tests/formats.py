"""Build test inputs in every format from a text: encodings, HTML, docx, pdf (generated, never committed)."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path


def write_encoded(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_html(path: Path, text: str, title: str = "报告", published: str = "2020-01-23") -> Path:
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="PubDate" content="{published} 09:24">
<script>var tracker = "统计代码 12345";</script><style>p {{ margin: 0 }}</style></head>
<body>
<nav class="top-nav"><a href="/">首页</a> | <a href="/news">新闻中心 2020</a></nav>
<div class="breadcrumb">首页 &gt; 教育局 &gt; 工作总结</div>
<div id="content" class="article">
{paragraphs}
</div>
<div class="share-bar">分享到: 微信 微博</div>
<footer>版权所有 © 2020 某某教育局 备案号 12345678</footer>
<script src="https://example.invalid/analytics.js"></script>
</body></html>"""
    path.write_text(page, encoding="utf-8")
    return path


def write_docx(path: Path, text: str, title: str = "报告") -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(str(path))
    return path


def write_pdf(path: Path, text: str, width: int = 38, title: str = "报告") -> Path:
    """A PDF with a real text layer (Adobe's STSong-Light CID font, no embedding needed); lines are
    wrapped at ``width`` characters, as a PDF's layout would wrap them."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setTitle(title)
    y = 800
    for line in text.split("\n"):
        chunks = [line[i:i + width] for i in range(0, len(line), width)] or [""]
        for chunk in chunks:
            if y < 40:
                c.showPage()
                y = 800
            c.setFont("STSong-Light", 10)
            c.drawString(30, y, chunk)
            y -= 14
    c.save()
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF page with graphics only: no text layer."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 400, fill=1)
    c.save()
    return path


# --------------------------------------------------------------------------- converted layouts
# How text looks after a PDF or Word conversion: lines wrapped by a layout, running headers and page
# numbers, hard line breaks inside sentences, thousands grouped with spaces. Used by test_converted.py.

# A layout engine never breaks inside a run of Latin letters and digits (a number is one "word"), and
# keeps closing punctuation off the start of a line (it stays at the end of the line before).
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.,%*:/+\-]+|.", re.S)
_NO_LINE_START = set(",。、;:!?)》」』”’%,.;:!?")


def wrap_by_width(line: str, width_pt: float, width_of) -> list[str]:
    """``line`` wrapped at ``width_pt`` as a layout engine wraps it: by the printed width of its
    characters, never inside a Latin word or a number, closing punctuation hanging at the line end."""
    out, current, used = [], "", 0.0
    for token in _UNBREAKABLE.findall(line):
        w = width_of(token)
        if current and used + w > width_pt and token[0] not in _NO_LINE_START:
            out.append(current)
            current, used = "", 0.0
        current += token
        used += w
    return out + [current] if current or not out else out


def write_layout_pdf(path: Path, text: str, chars_per_line: int = 20, header: str | None = None,
                     page_number: str | None = None, title: str = "报告") -> Path:
    """A narrow-column PDF: every line of ``text`` wrapped to ``chars_per_line`` Chinese characters by
    printed width (so a number and its unit land on two lines). With ``header``, that line tops every
    page; ``page_number`` is a format with ``{n}`` and ``{of}`` printed at the foot of every page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font, size, leading = "STSong-Light", 10, 14
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width_of = lambda s: pdfmetrics.stringWidth(s, font, size)
    lines = [chunk for line in text.split("\n") for chunk in wrap_by_width(line, chars_per_line * size, width_of)]
    per_page = 50
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    c = canvas.Canvas(str(path))
    c.setTitle(title)
    for n, page in enumerate(pages, start=1):
        c.setFont(font, size)
        if header:
            c.drawString(30, 810, header)
        y = 790
        for chunk in page:
            c.drawString(30, y, chunk)
            y -= leading
        if page_number:
            c.drawString(100, 30, page_number.format(n=n, of=len(pages)))
        c.showPage()
    c.save()
    return path


def break_lines(text: str, seed: int, shortest: int = 6, longest: int = 30) -> str:
    """``text`` with hard line breaks every ``shortest``–``longest`` characters, anywhere but inside a
    number or Latin word (as Word shows a converted PDF's lines); the original breaks are kept."""
    import random

    rng = random.Random(seed)
    out = []
    for line in text.split("\n"):
        tokens, chunk, limit = _UNBREAKABLE.findall(line), "", rng.randint(shortest, longest)
        pieces = []
        for token in tokens:
            if chunk and len(chunk) + len(token) > limit:
                pieces.append(chunk)
                chunk, limit = "", rng.randint(shortest, longest)
            chunk += token
        out.append("\n".join(pieces + [chunk]))
    return "\n".join(out)


def group_thousands(text: str) -> str:
    """``text`` as some converters print it: a figure's thousands grouped with spaces (3 456人,
    12 345 678元) and a space before every unit or magnitude (377 所, 4525 万元, 12.5 %, 500 余万元). Years and
    other numbers that are no figure's (2019年, 〔2018〕19号) are left alone."""
    from edureports.quantities import load_data, words_pattern

    numerals, units, quals = (load_data(n) for n in ("numerals", "units", "qualifiers"))
    tail = words_pattern([*numerals["suffix_magnitudes"], *units["units"]]).pattern
    infix = "|".join(map(re.escape, quals["infix"]))
    figure = re.compile(rf"(?<![\d.*])(\d+)(\.\d+)?(?![\d*])((?:{infix})?)(?=(?:{tail}))")

    def grouped(m: re.Match) -> str:
        digits = m.group(1)
        if len(digits) >= 4:
            head = len(digits) % 3 or 3
            digits = " ".join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])
        return digits + (m.group(2) or "") + " " + (m.group(3) or "")

    return figure.sub(grouped, text)


def numbers_on_own_lines(text: str) -> str:
    """``text`` as some extractions give it: every figure's number on a line of its own, its unit on
    the next (投入\\n4520\\n万元)."""
    return re.sub(r"(?<![\d.*])(\d+(?:\.\d+)?)(?![\d.*])", lambda m: "\n" + m.group(1) + "\n", text)


def site_pages(text: str, chars_per_page: int = 600) -> str:
    """``text`` as a document site shows a converted file: cut into pages of ``chars_per_page``
    characters wherever the cut falls (inside a sentence, a word, a number), each page opening with
    its marker ``1、`` ``2、`` on a line of its own or before the page's first line."""
    pages = [text[i:i + chars_per_page] for i in range(0, len(text), chars_per_page)]
    out = []
    for n, page in enumerate(pages, start=1):
        out.append(f"{n}、\n{page}" if n % 2 else f"{n}、{page}")
        if not page.endswith("\n"):
            out[-1] += "\n"
    return "".join(out)


def pangu_spaced(text: str) -> str:
    """``text`` with a space between every Chinese character and a number beside it (投入 4520 万元)."""
    text = re.sub(r"([\u4e00-\u9fff])(\d)", r"\1 \2", text)
    return re.sub(r"(\d|%)([\u4e00-\u9fff])", r"\1 \2", text)


def damage_docx(p: Path, how: str) -> None:
    """A real .docx damaged as downloads get damaged: flipped bytes inside the compressed
    document.xml, broken XML stored correctly, or the file cut in half."""
    write_docx(p, "今年投入5775.1万元。\n新增学位2700个。" * 20)
    data = p.read_bytes()
    if how == "truncate":
        p.write_bytes(data[: len(data) // 2])
        return
    with zipfile.ZipFile(p) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            if name == "word/document.xml" and how == "xml":
                content = content.replace(b"</w:body>", b"<w:p></w:body>")
            z.writestr(name, content)
    if how == "deflate":
        data = bytearray(p.read_bytes())
        at = data.index(b"word/document.xml") + 60  # inside its compressed stream
        data[at:at + 8] = b"\xff" * 8
        p.write_bytes(bytes(data))
