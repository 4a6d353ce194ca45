"""OCR for scanned PDF pages, offline: `rapidocr-onnxruntime` (its detection and recognition models ship
inside the wheel), installed by the `ocr` extra. Also `character_accuracy`, the measure the OCR test
reports.

Owns turning a page image into printed lines with boxes; paragraphs and page furniture are `pdf.py`'s.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .errors import IngestError
from .lines import Line

OCR_HINT = "install the OCR extra: pip install 'policy-qa[ocr]'"
#: Rendering resolution for OCR. At 200 dpi the detector missed a whole line of a 14 pt test page; 300 reads it all.
OCR_DPI = 300


@functools.lru_cache(maxsize=1)
def load_ocr():
    """The OCR engine, created once per process (its ONNX sessions take a second to build).

    Raises:
        ImportError: the `ocr` extra is not installed.
    """
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def ocr_page(page, *, path: str | Path, number: int) -> list[Line]:
    """Printed lines of a pdfplumber page that has no text layer, in PDF points.

    Raises:
        IngestError: the `ocr` extra is missing (naming the page and the install command).
    """
    try:
        engine = load_ocr()
    except ImportError as e:
        raise IngestError(path, f"page {number} has no text layer (a scanned page); to read it, {OCR_HINT}") from e
    import numpy as np

    image = page.to_image(resolution=OCR_DPI).original.convert("RGB")
    result, _ = engine(np.asarray(image))
    scale = 72.0 / OCR_DPI
    boxes = []
    for box, text, _score in result or []:
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        boxes.append(Line(text.strip(), min(xs) * scale, min(ys) * scale, max(xs) * scale, max(ys) * scale))
    return merge_boxes(boxes)


def merge_boxes(boxes: list[Line]) -> list[Line]:
    """Boxes on one printed line (vertical centres within half a line height) joined left to right."""
    lines: list[list[Line]] = []
    for b in sorted(boxes, key=lambda b: ((b.top + b.bottom) / 2, b.x0)):
        centre = (b.top + b.bottom) / 2
        if lines and abs(centre - _centre(lines[-1])) < 0.5 * max(b.height, 1.0):
            lines[-1].append(b)
        else:
            lines.append([b])
    out = []
    for group in lines:
        group.sort(key=lambda b: b.x0)
        text = "".join(b.text for b in group)
        out.append(Line(text, group[0].x0, min(b.top for b in group), group[-1].x1, max(b.bottom for b in group)))
    return out


def _centre(group: list[Line]) -> float:
    return sum((b.top + b.bottom) / 2 for b in group) / len(group)


def character_accuracy(reference: str, hypothesis: str) -> float:
    """1 − (character edit distance / reference length), whitespace ignored; 1.0 is a perfect read.

    >>> round(character_accuracy("行政处罚法", "行政处法"), 2)
    0.8
    """
    ref, hyp = re.sub(r"\s", "", reference), re.sub(r"\s", "", hypothesis)
    if not ref:
        return 1.0 if not hyp else 0.0
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return max(0.0, 1.0 - previous[-1] / len(ref))
