"""Every loader on files the tests make themselves, and every kind of bad input."""

import pytest

from ingest import IngestError, load_document


def _paragraphs(source_text: str) -> list[str]:
    return [p for p in source_text.split("\n\n") if p.strip()]


def _same_clauses(a, b):
    assert [(c.clause_id, c.text, c.part, c.lead) for c in a.clauses] == [
        (c.clause_id, c.text, c.part, c.lead) for c in b.clauses
    ]


def test_docx_ingests_to_the_same_clauses_as_txt(tmp_path, source_text, bundled_doc):
    from docx import Document

    d = Document()
    for para in _paragraphs(source_text):
        d.add_paragraph(para.replace("\n", ""))
    path = tmp_path / "zhenhai.docx"
    d.save(path)
    _same_clauses(load_document(path), bundled_doc)
    assert load_document(path).meta == bundled_doc.meta


def test_pdf_ingests_to_the_same_clauses_as_txt(tmp_path, source_text, bundled_doc):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from .render import WQY

    # An embedded font, as real PDFs have: with reportlab's non-embedded STSong-Light CID font,
    # pdfminer (under pdfplumber) has no mapping for "·" and drops it.
    pdfmetrics.registerFont(TTFont("STSong-Light", WQY, subfontIndex=0))
    path = tmp_path / "zhenhai.pdf"
    c = canvas.Canvas(str(path))
    y = 800
    for para in _paragraphs(source_text):
        text = para.replace("\n", "")
        lines = [text[i : i + 38] for i in range(0, len(text), 38)]  # wrap like a printed page
        for line in lines:
            if y < 60:
                c.showPage()
                y = 800
            c.setFont("STSong-Light", 12)
            c.drawString(40, y, line)
            y -= 16
        y -= 20  # paragraph gap
    c.save()
    doc = load_document(path)
    _same_clauses(doc, bundled_doc)
    assert doc.meta == bundled_doc.meta


def test_html_and_markdown(tmp_path, source_text, bundled_doc):
    paras = _paragraphs(source_text)
    html = "<html><head><title>x</title></head><body>" + "".join(
        f"<p>{p.replace(chr(10), '')}</p>" for p in paras
    ) + "</body></html>"
    (tmp_path / "r.html").write_text(html, encoding="utf-8")
    _same_clauses(load_document(tmp_path / "r.html"), bundled_doc)
    md = "\n\n".join(("# " + p if i == 2 else p) for i, p in enumerate(paras))
    (tmp_path / "r.md").write_text(md, encoding="utf-8")
    _same_clauses(load_document(tmp_path / "r.md"), bundled_doc)


def test_gbk_file_is_decoded(tmp_path, source_text, bundled_doc):
    path = tmp_path / "gbk.txt"
    path.write_bytes(source_text.encode("gbk"))
    _same_clauses(load_document(path), bundled_doc)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\n ", "file is empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary file"),
        ("table.xlsx", b"PK\x03\x04 not a document", "unknown file type '.xlsx'"),
        ("broken.docx", b"this is not a zip", "not a valid .docx"),
        ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
    ],
)
def test_bad_input_gets_a_clear_error_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        load_document(path)
    assert name in str(err.value) and message in str(err.value)
