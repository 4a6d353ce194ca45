"""Staff documents without HTTP (chat/documents.py, chat/uploads.py): names, content checks, the size limit while streaming,
duplicates, staging and preview, which files make the corpus, and removal into .removed/."""

from pathlib import Path

import pytest

from chat import documents as docs
from chat import uploads
from chat.errors import (
    DuplicateDocument,
    NotPublishable,
    NotRemovable,
    UnknownDocument,
    UnsupportedType,
    UploadRejected,
    UploadTooLarge,
)
from chat.retriever import corpus_paths, managed_paths
from chat.settings import Settings
from ingest import bundled_path

DATA = Path(__file__).resolve().parent.parent / "data"
NOTICE = DATA / "notice-geshui-fujia.txt"
LAW = DATA / "law-xingzheng-chufa.txt"


@pytest.fixture
def settings(_isolated_home) -> Settings:
    return Settings(home=_isolated_home)


def staged_files(settings: Settings) -> list[Path]:
    folder = uploads.staging_dir(settings)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.mark.parametrize("given, kept", [
    ("law.txt", "law.txt"),
    ("C:\\fakepath\\行政 处罚法.TXT", "行政-处罚法.txt"),  # a browser's fake path, a space, an upper-case type
    ("../../etc/cron.d/evil.md", "evil.md"),  # no way out of the staging folder
    ("..hidden.html", "hidden.html"),  # never a hidden file (those are the staging and removed folders)
    ('a<b>:c"d|e?f*.pdf', "a-b-c-d-e-f.pdf"),
    ("x" * 200 + ".docx", "x" * uploads.MAX_STEM_CHARS + ".docx"),
])
def test_file_names_are_kept_without_folders_or_odd_characters(given, kept):
    assert uploads.safe_name(given) == kept


@pytest.mark.parametrize("given", ["law.exe", "law", "law.txt.zip", "report.doc"])
def test_other_file_types_are_refused_with_the_accepted_list(given):
    with pytest.raises(UnsupportedType, match=r"upload one of \.txt, \.md, \.html, \.htm, \.docx, \.pdf"):
        uploads.safe_name(given)


def test_a_name_with_nothing_usable_is_refused():
    with pytest.raises(UploadRejected, match="rename the file"):
        uploads.safe_name("...///  .txt")


def test_an_upload_is_staged_with_a_preview_of_every_clause(settings):
    upload = uploads.stage_upload(settings, "notice-geshui-fujia.txt", NOTICE.read_bytes())
    assert upload.publishable and upload.coverage == 1.0 and not upload.error
    assert upload.doc_id == "notice-geshui-fujia" and upload.meta.doc_type == "通知"
    assert upload.meta.title == "国务院关于印发个人所得税专项附加扣除暂行办法的通知"
    ids = [c.clause_id for c in upload.clauses]
    assert ids[0] == "header" and "附件:5" in ids and len(ids) == len(set(ids))
    fifth = next(c for c in upload.clauses if c.clause_id == "附件:5")
    assert "每月1000元" in fifth.text and fifth.context and fifth.context[0].startswith("第二章")
    # kept on disk: the file and its record; read back as the same preview
    assert [p.name for p in staged_files(settings)] == ["notice-geshui-fujia.txt", "upload.json"]
    again = uploads.get_upload(settings, upload.id)
    assert again == upload and again.to_dict()["clauses"][0]["label"] == "个人所得税专项附加扣除暂行办法:文头"
    assert [u.id for u in uploads.list_uploads(settings)] == [upload.id]
    # nothing is published until staff say so
    assert managed_paths(settings) == []


@pytest.mark.parametrize("name, data, problem", [
    ("scan.pdf", "第一条 这不是PDF。".encode(), "is not a PDF"),
    ("policy.docx", b"PK\x03\x04 not really a zip", "is not a Word .docx file"),
    ("notes.txt", bytes(range(256)) * 4, "binary"),
    ("notes.md", "第一条 GBK里没有的字节".encode("utf-16"), "binary"),
    ("empty.txt", b"  \n ", "is empty"),
])
def test_content_that_does_not_match_its_type_is_refused_and_nothing_is_kept(settings, name, data, problem):
    with pytest.raises(UploadRejected, match=problem):
        uploads.stage_upload(settings, name, data)
    assert staged_files(settings) == []


def test_gbk_text_is_accepted(settings):
    upload = uploads.stage_upload(settings, "gbk-notice.txt", NOTICE.read_text(encoding="utf-8").encode("gb18030"))
    assert upload.publishable and upload.meta.doc_number == "国发〔2018〕41号"


def test_the_size_limit_is_enforced_while_the_bytes_arrive(settings):
    exact = NOTICE.read_bytes()  # 3,131 bytes
    small = settings.replace(max_upload_bytes=len(exact))
    writer = uploads.begin_upload(small, "law.txt")
    data = LAW.read_bytes()  # 9 KB
    writer.write(data[:3000])
    assert writer.size == 3000 and writer.path.exists()
    with pytest.raises(UploadTooLarge, match="over the upload limit of 3,131 bytes"):
        writer.write(data[3000:6000])
    assert not writer.folder.exists() and staged_files(small) == []
    # exactly the limit is fine
    assert uploads.stage_upload(small, "notice.txt", exact).size == len(exact)


def test_a_file_that_does_not_parse_is_staged_with_its_error_and_cannot_be_published(settings):
    upload = uploads.stage_upload(settings, "blank.html", b"<html><head><script>var x = 1;</script></head><body> </body></html>")
    assert not upload.publishable and "contains no text" in upload.error and upload.clauses == ()
    assert str(settings.home) not in upload.error  # named by its upload name, not a server path
    with pytest.raises(NotPublishable, match="blank.html cannot be published: .*contains no text"):
        uploads.publication(settings, upload.id)


def test_the_same_doc_id_or_the_same_text_twice_is_a_duplicate(settings):
    settings.documents_dir.mkdir(parents=True)
    (settings.documents_dir / "law.txt").write_bytes(LAW.read_bytes())
    with pytest.raises(DuplicateDocument, match="'law' is already indexed \\(a document added here\\)"):
        uploads.stage_upload(settings, "law.md", NOTICE.read_bytes())  # another type, the same doc_id
    with pytest.raises(DuplicateDocument, match="same text as the indexed document 'law'"):
        uploads.stage_upload(settings, "xingzheng.txt", LAW.read_bytes())
    with pytest.raises(DuplicateDocument, match="the bundled resolution"):
        uploads.stage_upload(settings, "zhenhai-2023-31.txt", NOTICE.read_bytes())
    configured = settings.replace(docs=(str(NOTICE),))
    with pytest.raises(DuplicateDocument, match="configured with --docs"):
        uploads.stage_upload(configured, "notice-geshui-fujia.md", NOTICE.read_bytes())
    assert staged_files(settings) == []


def test_two_uploads_of_one_doc_id_can_wait_but_only_one_is_published(settings):
    first = uploads.stage_upload(settings, "notice.txt", NOTICE.read_bytes())
    second = uploads.stage_upload(settings, "notice.md", NOTICE.read_bytes())
    uploads.publication(settings, first.id).apply()
    with pytest.raises(DuplicateDocument, match="'notice' is already indexed"):
        uploads.publication(settings, second.id)


def test_the_corpus_is_bundled_then_configured_then_managed_by_name(settings, tmp_path):
    folder = settings.documents_dir
    (folder / ".staging" / "abc").mkdir(parents=True)
    for name in ("b-notice.txt", "a-law.md", "notes.exe", ".hidden.txt"):
        (folder / name).write_text("第一条 内容。", encoding="utf-8")
    (folder / "sub.txt").mkdir()  # a folder with a document's name is not a document
    extra = tmp_path / "extra.txt"
    extra.write_text("第一条 内容。", encoding="utf-8")
    paths = corpus_paths(settings.replace(docs=(str(extra),)))
    assert paths == [bundled_path(), extra, folder / "a-law.md", folder / "b-notice.txt"]


def test_publishing_reads_the_staged_file_in_the_place_it_will_have(settings):
    settings.documents_dir.mkdir(parents=True)
    for name in ("a.txt", "z.txt"):
        (settings.documents_dir / name).write_text("第一条 内容。", encoding="utf-8")
    upload = uploads.stage_upload(settings, "m-notice.txt", NOTICE.read_bytes())
    change = uploads.publication(settings, upload.id)
    staged = uploads.staging_dir(settings) / upload.id / "m-notice.txt"
    assert change.read_paths(settings) == [bundled_path(), settings.documents_dir / "a.txt", staged,
                                           settings.documents_dir / "z.txt"]
    change.apply()
    assert corpus_paths(settings)[2] == settings.documents_dir / "m-notice.txt"
    assert not (uploads.staging_dir(settings) / upload.id).exists()


def test_removing_moves_the_file_to_removed_and_never_deletes_it(settings):
    settings.documents_dir.mkdir(parents=True)
    (settings.documents_dir / "law.txt").write_bytes(LAW.read_bytes())
    first = docs.removal(settings, "law")
    assert first.read_paths(settings) == [bundled_path()]
    first.apply()
    assert managed_paths(settings) == []
    (settings.documents_dir / "law.txt").write_bytes(LAW.read_bytes())  # added again, removed again
    docs.removal(settings, "law").apply()
    kept = sorted(p.name for p in docs.removed_dir(settings).iterdir())
    assert len(kept) == 2 and all(n.endswith("law.txt") for n in kept) and kept[0] != kept[1]
    assert all((docs.removed_dir(settings) / n).read_bytes() == LAW.read_bytes() for n in kept)


def test_only_documents_added_here_can_be_removed(settings):
    configured = settings.replace(docs=(str(NOTICE),))
    with pytest.raises(NotRemovable, match="configured with --docs / POLICY_QA_DOCS, not removable here"):
        docs.removal(configured, "notice-geshui-fujia")
    with pytest.raises(NotRemovable, match="bundled resolution"):
        docs.removal(configured, "zhenhai-2023-31")
    with pytest.raises(UnknownDocument, match="no document 'nothing-here'"):
        docs.removal(configured, "nothing-here")


def test_an_upload_id_is_never_a_path(settings):
    # an id of twelve digits has no upper case (about 1 draw in 280): stage until one has a letter
    upload = uploads.stage_upload(settings, "notice.txt", NOTICE.read_bytes())
    for _ in range(5):
        if upload.id.upper() != upload.id:
            break
        uploads.discard_upload(settings, upload.id)
        upload = uploads.stage_upload(settings, "notice.txt", NOTICE.read_bytes())
    assert upload.id.upper() != upload.id
    for bad in ("../" + upload.id, upload.id + "/..", "..", "", upload.id.upper()):
        with pytest.raises(UnknownDocument):
            uploads.get_upload(settings, bad)
    uploads.discard_upload(settings, upload.id)
    with pytest.raises(UnknownDocument, match="upload the file again"):
        uploads.get_upload(settings, upload.id)
    assert staged_files(settings) == []


def test_the_list_has_origins_clause_counts_and_broken_files(settings):
    settings.documents_dir.mkdir(parents=True)
    (settings.documents_dir / "law.txt").write_bytes(LAW.read_bytes())
    (settings.documents_dir / "broken.txt").write_bytes(b"\x00\x01\x02 binary")
    listed = {d.doc_id: d for d in docs.list_documents(settings.replace(docs=(str(NOTICE),)))}
    assert [d.origin for d in listed.values()] == ["bundled", "configured", "managed", "managed"]
    assert listed["zhenhai-2023-31"].clauses == 14 and listed["zhenhai-2023-31"].coverage == 1.0
    assert listed["law"].doc_type == "法" and listed["law"].removable and not listed["notice-geshui-fujia"].removable
    assert "binary" in listed["broken"].error and listed["broken"].clauses == 0
    assert listed["law"].to_dict()["removable"] is True
