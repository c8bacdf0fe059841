"""Build test inputs in every format from a text: encodings, HTML, docx, pdf (generated, never committed)."""

from __future__ import annotations

import html
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
