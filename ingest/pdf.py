"""Read a PDF into paragraphs with `pdfplumber`'s page geometry: running headers, footers and page
numbers dropped, paragraphs found from line gaps and indents, and a sentence cut by a page break
joined again. A page without a text layer (a scan) is read by OCR (`ocr.py`, the `ocr` extra).

Owns only PDF layout; the text it returns (paragraphs separated by blank lines) goes to the parser.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .errors import IngestError
from .lines import Line
from .numbering import article_number, law_heading, policy_mark
from .text import CJK_CHAR, TERMINAL

#: Share of the page height at the top and bottom where running headers, footers and page numbers live.
EDGE_BAND = 0.07
#: A lone page number: 3, - 3 -, — 3 —, 第 3 页, 第3页 共9页, 3/9, Page 3.
_PAGE_NUMBER = re.compile(r"^(?:[-—–·\s]*\d{1,4}[-—–·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+)$",
                          re.I)




def read_pdf(path: str | Path) -> str:
    """The text of a PDF, paragraphs separated by blank lines.

    Raises:
        IngestError: not a readable PDF; a scanned page when the `ocr` extra is not installed.
    """
    import pdfplumber

    path = Path(path)
    pages: list[tuple[float, list[Line]]] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                lines = [Line(ln["text"], ln["x0"], ln["top"], ln["x1"], ln["bottom"])
                         for ln in page.extract_text_lines(strip=True) if ln["text"].strip()]
                if not lines and page.images:
                    from .ocr import ocr_page

                    lines = ocr_page(page, path=path, number=number)
                pages.append((float(page.height), lines))
    except IngestError:
        raise
    except Exception as e:  # noqa: BLE001 - pdfminer raises many types for a damaged file
        raise IngestError(path, f"not a readable PDF ({e.__class__.__name__}: {e}); export it again or use .docx") from e
    if not any(lines for _, lines in pages):
        raise IngestError(path, "PDF has no text (blank pages, or images without a text layer)")
    return "\n\n".join(paragraphs_of_pages(pages))


def paragraphs_of_pages(pages: list[tuple[float, list[Line]]]) -> list[str]:
    """Paragraph texts of pages given as (page height, lines): furniture dropped, page breaks mended."""
    furniture = _repeated_edge_lines(pages)
    bodies = [[ln for ln in sorted(lines, key=lambda ln: (round(ln.top), ln.x0))
               if not _is_furniture(ln, height, furniture)] for height, lines in pages]
    # The text block's left edge over the whole document: a short last page may hold only indented lines.
    left = min((ln.x0 for body in bodies for ln in body), default=0.0)
    laid_out = [_paragraphs(body, left) for body in bodies]
    # Does this document mark paragraphs by indenting their first line (as Chinese print does)?
    starts = [indents for _, indents in laid_out for indents in indents]
    indenting = bool(starts) and sum(starts) > len(starts) / 2
    out: list[str] = []
    for paras, indents in laid_out:
        for k, text in enumerate(paras):
            if k == 0 and out and _continues(out[-1], text, indented=indents[0], indenting=indenting):
                out[-1] = _join(out[-1], text)  # a paragraph the page break cut
            else:
                out.append(text)
    return out


def _edge(ln: Line, height: float) -> bool:
    centre = (ln.top + ln.bottom) / 2
    return centre < EDGE_BAND * height or centre > (1 - EDGE_BAND) * height


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s", "", text))


def _repeated_edge_lines(pages: list[tuple[float, list[Line]]]) -> set[str]:
    """Edge-band lines (digits ignored) printed on two or more pages: running headers and footers."""
    seen: Counter[str] = Counter()
    for height, lines in pages:
        seen.update({_shape(ln.text) for ln in lines if _edge(ln, height)})
    need = 2 if len(pages) <= 4 else max(2, len(pages) // 2)
    return {shape for shape, n in seen.items() if n >= need}


def _is_furniture(ln: Line, height: float, repeated: set[str]) -> bool:
    if not _edge(ln, height):
        return False
    return bool(_PAGE_NUMBER.match(ln.text.strip())) or _shape(ln.text) in repeated


def _paragraphs(lines: list[Line], left: float) -> tuple[list[str], list[bool]]:
    """Group a page's lines into paragraphs: a new one after a gap taller than most line gaps, at an
    indented first line, or after a short line that ends a sentence — never because a line starts with
    a number (a wrapped line can start with 三、). Also says, per paragraph, whether its first line is
    indented."""
    if not lines:
        return [], []
    heights = sorted(ln.height for ln in lines)
    line_h = heights[len(heights) // 2] or 10.0
    right = max(ln.x1 for ln in lines)
    paras: list[str] = []
    indents: list[bool] = []
    prev: Line | None = None
    for ln in lines:
        text = ln.text.strip()
        new = prev is None
        indented = ln.x0 - left > 1.5 * line_h
        if prev is not None:
            gap = ln.top - prev.bottom
            short_end = prev.x1 < right - 2 * line_h and prev.text.rstrip().endswith(TERMINAL)
            new = gap > 0.6 * line_h or indented or short_end
        if new:
            paras.append(text)
            indents.append(indented)
        else:
            paras[-1] = _join(paras[-1], text)
        prev = ln
    return paras, indents


def _join(a: str, b: str) -> str:
    """Join two printed lines of one paragraph. Chinese print breaks lines anywhere, even inside a
    number (21 ⏎ 0万元) or a Latin word (UK ⏎ ey), so no space is added in Chinese text."""
    if not a or not b:
        return a + b
    if CJK_CHAR.match(a[-1]) or CJK_CHAR.match(b[0]) or len(CJK_CHAR.findall(a)) * 2 > len(a):
        return a + b
    return a + " " + b


def _starts_unit(text: str) -> bool:
    return bool(policy_mark(text) or article_number(text) or law_heading(text))


def _continues(previous: str, first: str, *, indented: bool, indenting: bool) -> bool:
    """The first paragraph of a page goes on with the last one of the page before: its first line is
    not indented in a document that indents paragraphs, or the page before stopped mid-sentence."""
    if indented:
        return False
    if indenting:  # a line wrapped to a page's top may well start with 三、 (第十三条第二、三、四项)
        return True
    return not previous.rstrip().endswith(TERMINAL) and not _starts_unit(first)
