"""A scanned PDF (a page that is only an image, rendered here from known text) is read by OCR and then
parsed like any other; without the `ocr` extra it is a clear error with the install command."""

from pathlib import Path

import pytest

from ingest import IngestError, character_accuracy, load_document, parse_document

from .render import WQY

#: A short regulation, as printed on one scanned page.
PAGE = [
    "某市扬尘污染防治办法",
    "第一条　为了防治扬尘污染，改善环境空气质量，制定本办法。",
    "第二条　本办法适用于本市行政区域内扬尘污染防治活动。",
    "第三条　施工单位应当落实下列要求：",
    "（一）设置硬质密闭围挡；",
    "（二）运输车辆冲洗干净后方可驶出工地。",
]


def scanned_pdf(path: Path, lines: list[str]) -> Path:
    """Text drawn into a picture with Pillow, the picture put alone on a PDF page (no text layer)."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    scale = 200 / 72  # 200 dpi
    width, height = int(595 * scale), int(842 * scale)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(WQY, int(14 * scale))
    y = int(90 * scale)
    for i, line in enumerate(lines):
        x = int((70 if i == 0 else 60) * scale) + (0 if i == 0 or line.startswith("（") else int(28 * scale))
        draw.text((x, y), line, font=font, fill=0)
        y += int(34 * scale)
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(image), 0, 0, width=595, height=842)
    c.save()
    return path


def test_scanned_page_without_the_ocr_extra_names_the_install_command(tmp_path, monkeypatch):
    import builtins

    from ingest import ocr

    ocr.load_ocr.cache_clear()
    real_import = builtins.__import__

    def no_rapidocr(name, *args, **kwargs):
        if name.startswith("rapidocr_onnxruntime"):
            raise ImportError("No module named 'rapidocr_onnxruntime'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_rapidocr)
    path = scanned_pdf(tmp_path / "scan.pdf", PAGE)
    with pytest.raises(IngestError, match=r"scan\.pdf: page 1 has no text layer .*pip install 'policy-qa\[ocr\]'"):
        load_document(path)
    ocr.load_ocr.cache_clear()


def test_scanned_page_is_read_by_ocr_and_parsed(tmp_path):
    pytest.importorskip("rapidocr_onnxruntime", reason="OCR needs the extra: pip install 'policy-qa[ocr]'")
    from ingest.loaders import read_text

    path = scanned_pdf(tmp_path / "scan.pdf", PAGE)
    text = read_text(path)
    accuracy = character_accuracy("".join(PAGE), text)
    print(f"OCR character accuracy: {accuracy:.4f}")  # reported in the closing note
    assert accuracy >= 0.97
    doc = parse_document(text, doc_id="scan")  # the same parser; OCR once (a page takes several seconds)
    assert [c.clause_id for c in doc.clauses] == ["header", "1", "2", "3"]
    assert doc.clauses[3].locate(1, 2) is not None and doc.coverage == 1.0


def test_character_accuracy_is_one_minus_the_edit_distance_share():
    assert character_accuracy("第十二条", "第十二条") == 1.0
    assert character_accuracy("第十二条", "第十二") == 0.75  # one deletion in four
    assert character_accuracy("第十二条", "第 十二 条") == 1.0  # whitespace ignored
    assert character_accuracy("条", "xyz") == 0.0
