"""Render one document's paragraphs as .md, .html, .docx and .pdf at test time (no committed binaries).

The PDF is laid out like a printed page: wqy-zenhei embedded, a running header and a page number
("- 3 -") on every page, first lines indented two characters, and lines wrapped at a fixed width — so a
sentence can run across a page break. `cut_at` forces a page break inside a named paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def paragraphs(source: str) -> list[str]:
    """The source's paragraphs as a reader would see them: blank-line blocks, or lines in line mode."""
    blocks = [b for b in re.split(r"\n\s*\n", source) if b.strip()]
    lines = [ln for ln in source.splitlines() if ln.strip()]
    if len(lines) - len(blocks) > 2 * max(len(blocks) - 1, 1):  # one paragraph per line
        return [ln.strip() for ln in lines]
    return ["".join(x.strip() for x in b.splitlines()) for b in blocks]


def write_md(paras: list[str], path: Path) -> Path:
    out = ["---", "title: test", "---", "<!-- 注释：这段不是正文 -->"]
    for i, p in enumerate(paras):
        if " | " in p:
            cells = p.split(" | ")
            out.append("| " + " | ".join(cells) + " |")
            if i == 0 or " | " not in paras[i - 1]:
                out.append("|" + "---|" * len(cells))
            continue
        if re.match(r"^第\S+?[章节]", p) and len(p) <= 30:
            out += ["", f"## {p}", ""]
        elif i == 0:
            out += ["", f"# **{p}**", ""]
        else:
            out += ["", p, ""]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def write_html(paras: list[str], path: Path) -> Path:
    body = []
    rows: list[str] = []
    for p in paras:
        if " | " in p:
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in p.split(" | ")) + "</tr>")
            continue
        if rows:
            body.append("<table>" + "".join(rows) + "</table>")
            rows = []
        body.append(f"<p>{p}</p><!-- 页面注释 -->")
    if rows:
        body.append("<table>" + "".join(rows) + "</table>")
    html = ("<html><head><title>x</title><style>p{margin:0}</style><script>var a=1;</script></head><body>"
            + "".join(body) + "</body></html>")
    path.write_text(html, encoding="utf-8")
    return path


def write_docx(paras: list[str], path: Path) -> Path:
    from docx import Document

    d = Document()
    table = None
    for p in paras:
        if " | " in p:
            cells = p.split(" | ")
            if table is None:
                table = d.add_table(rows=0, cols=max(len(cells), 5))
            row = table.add_row().cells
            if len(cells) == 1:
                merged = row[0].merge(row[-1])
                merged.text = cells[0]
            else:
                for c, value in zip(row, cells, strict=False):
                    c.text = value
            continue
        table = None
        style = "Heading 2" if re.match(r"^第\S+?[章节]", p) and len(p) <= 30 else None
        d.add_paragraph(p, style=style)
    d.save(path)
    return path


def write_pdf(paras: list[str], path: Path, *, header: str = "政策文件汇编", cut_at: str = "",
              chars_per_line: int = 36) -> Path:
    """A printed-looking PDF. `cut_at`: a phrase; the page breaks right after the line holding it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "wqy" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("wqy", WQY, subfontIndex=0))
    c = canvas.Canvas(str(path))
    page = [1]
    top, bottom, size, lead = 770, 90, 12, 16

    def furniture() -> None:
        c.setFont("wqy", 9)
        c.drawString(60, 812, header)  # running header
        c.drawCentredString(297, 30, f"- {page[0]} -")  # page number

    def new_page() -> None:
        c.showPage()
        page[0] += 1
        furniture()

    furniture()
    y = top
    for p in paras:
        text = "\u3000\u3000" + p  # a printed paragraph's two-character indent
        lines = [text[i : i + chars_per_line] for i in range(0, len(text), chars_per_line)]
        for line in lines:
            if y < bottom:
                new_page()
                y = top
            c.setFont("wqy", size)
            c.drawString(60, y, line)
            y -= lead
            if cut_at and cut_at in line and line is not lines[-1]:
                new_page()
                y = top
        y -= 10  # paragraph gap
    c.save()
    return path
