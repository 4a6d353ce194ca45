"""Read a .docx into paragraphs: body paragraphs and tables in document order, with the numbers Word
draws itself (automatic numbering, `w:numPr`) written back into the text.

A clerk who types 第一条 gets it in the paragraph's text; one who uses Word's list numbering does not —
the number lives in numbering.xml (`w:lvlText` "第%1条", `w:numFmt` chineseCounting). Without it the
parser would see articles with no numbers, so the number is rendered here. Heading styles need no
special case: the parser recognizes 第一章 and 一、 by their text. A table row becomes one paragraph of
cells joined by " | " (merged cells once).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .errors import IngestError
from .limits import Limits
from .numbering import int_to_cn

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: str | Path, *, limits: Limits | None = None) -> str:
    """The text of a .docx, paragraphs separated by blank lines.

    Raises:
        IngestError: not a valid .docx; `DocumentTooLarge` over `limits` (the XML's unpacked size is
            checked before it is parsed, the paragraphs as they are read).
    """
    from docx import Document as Docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    path = Path(path)
    limits = limits or Limits()
    limits.check_docx(path)
    try:
        doc = Docx(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as e:
        raise IngestError(path, f"not a valid .docx file ({e.__class__.__name__}); re-save it from Word") from e
    numbering = _Numbering(doc)
    paras: list[str] = []
    for child in doc.element.body.iterchildren():
        if child.tag == f"{_W}p":
            p = Paragraph(child, doc)
            text = numbering.label(p) + p.text
            if text.strip():
                paras.append(text.strip())
                limits.check_paragraphs(path, len(paras))
        elif child.tag == f"{_W}tbl":
            for row in Table(child, doc).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # a merged cell is listed once per grid column it spans
                    seen.add(id(cell._tc))
                    value = " ".join(x.text.strip() for x in cell.paragraphs if x.text.strip())
                    if value:
                        cells.append(value)
                if cells:
                    paras.append(" | ".join(cells))
                    limits.check_paragraphs(path, len(paras))
    return "\n\n".join(paras)


class _Numbering:
    """Counters for Word's automatic numbering, rendering each numbered paragraph's label."""

    def __init__(self, doc) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → (numFmt, lvlText, start)
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for a in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in a.findall(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[int(lvl.get(f"{_W}ilvl"))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "",
                    int(start.get(f"{_W}val")) if start is not None else 1,
                )
            abstract[a.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            for ilvl, spec in abstract.get(ref.get(f"{_W}val") if ref is not None else "", {}).items():
                self.formats[(num.get(f"{_W}numId"), ilvl)] = spec

    def label(self, paragraph) -> str:
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        spec = self.formats.get((num_id, ilvl))
        if spec is None or spec[0] in ("bullet", "none"):
            return ""
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, spec[2] - 1) + 1
        for k in list(self.counters):  # a higher level restarts the levels below it
            if k[0] == num_id and k[1] > ilvl:
                del self.counters[k]
        values = {lvl: self.counters.get((num_id, lvl), self.formats.get((num_id, lvl), ("", "", 1))[2])
                  for lvl in range(ilvl + 1)}
        text = re.sub(r"%(\d)", lambda m: _format(values.get(int(m.group(1)) - 1, 1),
                                                  self.formats.get((num_id, int(m.group(1)) - 1), spec)[0]), spec[1])
        return text + ("" if text.endswith(("、", "　", " ", "）", ")")) or "条" in text else " ") if text else ""


def _format(n: int, fmt: str) -> str:
    if fmt.startswith(("chinese", "ideograph", "taiwan", "japaneseCounting")):
        return int_to_cn(n)
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)
