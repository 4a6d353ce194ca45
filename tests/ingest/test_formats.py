"""Format independence: the same document as .md, .html, .docx and .pdf (rendered here, at test time)
gives the ids and clause texts of its .txt; PDF page furniture and page breaks, Markdown comments,
Word's automatic numbering, and a batch with a broken file."""

from pathlib import Path

import pytest

from ingest import ingest_batch, ingest_files, load_document

from .render import paragraphs, write_docx, write_html, write_md, write_pdf

DATA = Path(__file__).parent.parent / "data"
DOCS = sorted(p.stem for p in DATA.glob("*.txt"))
#: A phrase in a long paragraph of each document; the PDF's page breaks right after its line.
CUT_AT = {
    "law-xingzheng-chufa": "补充设定行政处罚",
    "reg-jiangmen-yangchen": "城市主要干道",
    "policy-zonghe-baoshuiqu": "全面贯彻党的十九大",
    "notice-shetuan-qingli": "党中央、国务院高度重视",
    "notice-geshui-fujia": "学历教育包括义务教育",
    "notice-chuangxin-table": "京津冀、上海",
}


def _units(doc):
    return [(c.clause_id, c.text, c.context) for c in doc.clauses]


@pytest.fixture(scope="module")
def originals():
    return {name: load_document(DATA / f"{name}.txt") for name in DOCS}


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
@pytest.mark.parametrize("name", DOCS)
def test_same_ids_and_texts_in_every_format(tmp_path, originals, name, fmt):
    paras = paragraphs((DATA / f"{name}.txt").read_text(encoding="utf-8"))
    path = tmp_path / f"{name}.{fmt}"
    if fmt == "md":
        write_md(paras, path)
    elif fmt == "html":
        write_html(paras, path)
    elif fmt == "docx":
        write_docx(paras, path)
    else:
        write_pdf(paras, path, cut_at=CUT_AT[name], header=f"国务院公报 {name}")
    doc = load_document(path)
    assert _units(doc) == _units(originals[name])
    assert doc.coverage == 1.0 and doc.meta == originals[name].meta


def test_pdf_drops_running_headers_and_page_numbers_and_mends_the_cut_sentence(tmp_path):
    from ingest.loaders import read_text

    paras = paragraphs((DATA / "law-xingzheng-chufa.txt").read_text(encoding="utf-8"))
    text = read_text(write_pdf(paras, tmp_path / "law.pdf", cut_at="补充设定行政处罚", header="国务院公报 2021年第3号"))
    assert "国务院公报" not in text and "- 1 -" not in text and "- 2 -" not in text
    cut = next(p for p in paras if "补充设定行政处罚" in p and p.startswith("法律对违法行为未作出"))
    assert cut in text.split("\n\n")  # one paragraph again, though printed across two pages


def test_markdown_comment_and_front_matter_never_become_text(tmp_path):
    md = tmp_path / "c.md"
    md.write_text("---\ntitle: x\n---\n<!-- 草稿：\n不要引用 -->\n某某办法\n\n第一条　甲。<!-- 内部 -->\n\n第二条　乙。\n",
                  encoding="utf-8")
    doc = load_document(md)
    assert [c.clause_id for c in doc.clauses] == ["header", "1", "2"]
    assert not any("草稿" in c.text or "内部" in c.text or "title" in c.text for c in doc.clauses)


def test_docx_automatic_numbering_gives_the_article_numbers(tmp_path):
    """Word's list numbering (numPr → lvlText 第%1条, chineseCounting) is not in the paragraph text."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = Document()
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text, level):
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    d.add_paragraph("某某管理办法")
    d.add_paragraph("第一章　总则", style="Heading 1")
    numbered("为了规范管理，制定本办法。", 0)
    numbered("本办法所称事项包括：", 0)
    numbered("甲事项；", 1)
    numbered("乙事项。", 1)
    numbered("本办法自公布之日起施行。", 0)
    path = tmp_path / "auto.docx"
    d.save(path)
    doc = load_document(path)
    assert [c.clause_id for c in doc.clauses] == ["header", "1", "2", "3"]
    two = doc.clauses[2]
    assert two.text == "本办法所称事项包括：\n（一）甲事项；\n（二）乙事项。" and two.context == ("第一章 总则",)
    assert two.locate(1, 2) is not None


def test_a_batch_with_one_broken_file_ingests_the_others(tmp_path):
    good = [DATA / "law-xingzheng-chufa.txt", DATA / "notice-geshui-fujia.txt"]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not a pdf")
    dup = tmp_path / "dup.txt"
    dup.write_text("为此，作出如下决定：\n\n1.甲。\n\n1.乙。\n", encoding="utf-8")
    seen = []
    report = ingest_batch([good[0], broken, dup, good[1]], progress=lambda i, n: seen.append((i, n)))
    assert [r.ok for r in report.results] == [True, False, False, True]
    assert "broken.pdf" in report.failed[0].error and "not a readable PDF" in report.failed[0].error
    assert "the number 1 appears twice at the same level: line 3 “1.甲。” and line 5 “1.乙。”" in report.failed[1].error
    assert [d.doc_id for d in report.documents] == ["law-xingzheng-chufa", "notice-geshui-fujia"]
    assert seen[-1] == (4, 4) and report.summary() == "2 of 4 files ingested, 2 failed"
    out = tmp_path / "out"
    written = ingest_files([good[0], broken], out)
    assert len(written.written) == 2 and (out / "clauses.jsonl").read_text(encoding="utf-8").count("\n") == 28
    strict = ingest_files([good[1], broken], tmp_path / "strict", strict=True)
    assert strict.written == () and not (tmp_path / "strict").exists()
