"""What one staff upload may cost (chat/uploads.py with ingest.Limits, settings max_upload_paragraphs and
max_docx_xml_bytes): over a limit the upload is refused as too large, the message names the limit and
the setting that changes it, and nothing is kept."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from chat import uploads
from chat.errors import UploadTooLarge
from chat.settings import Settings
from tests.ingest.render import write_docx


@pytest.fixture
def settings(_isolated_home) -> Settings:
    return Settings(home=_isolated_home)


def staged_files(settings: Settings) -> list[Path]:
    folder = uploads.staging_dir(settings)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def articles(n: int) -> list[str]:
    return ["某某市测试管理办法"] + [f"第{i}条 本条规定第{i}项测试事项。" for i in range(1, n + 1)]


def test_a_document_with_too_many_paragraphs_is_refused_and_nothing_is_kept(settings):
    small = settings.replace(max_upload_paragraphs=30)
    text = "\n\n".join(articles(30)).encode()  # 31 paragraphs: the title and 30 articles
    with pytest.raises(UploadTooLarge, match=r"more than 30 paragraphs .*max_upload_paragraphs = 30.*"
                                             r"POLICY_QA_MAX_UPLOAD_PARAGRAPHS"):
        uploads.stage_upload(small, "rules.txt", text)
    assert staged_files(small) == []
    # exactly the limit is fine
    upload = uploads.stage_upload(small, "rules.txt", "\n\n".join(articles(29)).encode())
    assert upload.publishable and len(upload.clauses) == 30


def test_a_docx_with_too_many_paragraphs_is_refused_while_it_is_read(settings, tmp_path):
    path = write_docx(articles(40), tmp_path / "rules.docx")
    small = settings.replace(max_upload_paragraphs=30)
    with pytest.raises(UploadTooLarge, match=r"rules.docx has more than 30 paragraphs"):
        uploads.stage_upload(small, "rules.docx", path.read_bytes())
    assert staged_files(small) == []
    assert uploads.stage_upload(settings, "rules.docx", path.read_bytes()).publishable


def zip_bomb(docx: Path, padding: int) -> bytes:
    """`docx` with `padding` spaces inside its document.xml: a small file that unpacks to a large one."""
    out = io.BytesIO()
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * padding, 1)
            dst.writestr(info.filename, data)
    return out.getvalue()


def test_a_docx_that_unpacks_to_too_much_xml_is_refused_before_it_is_parsed(settings, tmp_path):
    docx = write_docx(articles(3), tmp_path / "rules.docx")
    bomb = zip_bomb(docx, 8 * 1024 * 1024)
    assert len(bomb) < 100_000  # 8 MB of XML in a file of a few KB
    small = settings.replace(max_docx_xml_bytes=4 * 1024 * 1024)
    with pytest.raises(UploadTooLarge, match=r"rules.docx unpacks to [\d,]+ bytes of XML, over the limit of "
                                             r"4,194,304.*POLICY_QA_MAX_DOCX_XML_BYTES"):
        uploads.stage_upload(small, "rules.docx", bomb)
    assert staged_files(small) == []
    # the same file is fine under a limit it fits
    assert uploads.stage_upload(settings, "rules.docx", bomb).publishable
