"""What one staff upload may cost (chat/uploads.py with ingest.Limits, settings max_upload_paragraphs and
max_docx_xml_bytes): over a limit the upload is refused as too large, the message names the limit and
the setting that changes it, and nothing is kept."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from chat import uploads
from chat.errors import StagingFull, UploadTooLarge
from chat.pending import clear_pending, write_pending
from chat.settings import Settings
from tests.chat.test_documents import staged_files
from tests.ingest.render import write_docx


@pytest.fixture
def settings(_isolated_home) -> Settings:
    return Settings(home=_isolated_home)


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


NOTICE = Path(__file__).resolve().parent.parent / "data" / "notice-geshui-fujia.txt"
LAW = Path(__file__).resolve().parent.parent / "data" / "law-xingzheng-chufa.txt"


def test_the_staging_folder_keeps_at_most_max_staged_uploads(settings):
    from chat.web.staff_documents import http_error

    two = settings.replace(max_staged_uploads=2)
    first = uploads.stage_upload(two, "a.txt", NOTICE.read_bytes())
    uploads.stage_upload(two, "b.txt", LAW.read_bytes())
    with pytest.raises(StagingFull, match=r"2 uploads are waiting .*max_staged_uploads = 2.*publish or discard") as e:
        uploads.begin_upload(two, "c.txt")
    assert http_error(e.value).status_code == 409
    assert len(staged_files(two)) == 4  # the two uploads and their records, nothing of the third
    uploads.discard_upload(two, first.id)
    assert uploads.stage_upload(two, "c.txt", NOTICE.read_bytes()).name == "c.txt"


def test_the_staged_uploads_together_hold_at_most_max_staged_bytes(settings):
    small = settings.replace(max_staged_bytes=len(NOTICE.read_bytes()) + len(LAW.read_bytes()) // 2)
    uploads.stage_upload(small, "notice.txt", NOTICE.read_bytes())
    before = staged_files(small)
    with pytest.raises(UploadTooLarge, match=r"law.txt does not fit in the staging folder: .*max_staged_bytes"):
        uploads.stage_upload(small, "law.txt", LAW.read_bytes())
    assert staged_files(small) == before


def test_staged_uploads_older_than_staged_upload_hours_are_removed(settings):
    old = uploads.stage_upload(settings, "old.txt", NOTICE.read_bytes())
    publishing = uploads.stage_upload(settings, "publishing.txt", LAW.read_bytes())
    unfinished = uploads.staging_dir(settings) / "0123456789ab"  # an upload that never finished
    unfinished.mkdir()
    day_ago = time.time() - 25 * 3600
    for upload_id in (old.id, publishing.id, unfinished.name):
        os.utime(uploads.staging_dir(settings) / upload_id, (day_ago, day_ago))
    change = uploads.publication(settings, publishing.id)
    write_pending(settings, change.pending("v0"))  # a rebuild is publishing this one: it stays
    fresh = uploads.stage_upload(settings, "fresh.txt", b"\xe7\xac\xac\xe4\xb8\x80\xe6\x9d\xa1 \xe6\xb5\x8b\xe8\xaf\x95\xe3\x80\x82")
    assert sorted(p.name for p in uploads.staging_dir(settings).iterdir()) == sorted([publishing.id, fresh.id])
    assert {u.id for u in uploads.list_uploads(settings)} == {publishing.id, fresh.id}
    clear_pending(settings)
    assert uploads.remove_expired(settings) == [publishing.id]
