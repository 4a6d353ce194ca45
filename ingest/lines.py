"""A printed line of a page with its box: what the PDF reader (`pdf.py`) and OCR (`ocr.py`) both produce
and the page-furniture and paragraph logic of `pdf.py` consumes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Line:
    """One printed line: its text and box in PDF points (top grows downwards)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top
