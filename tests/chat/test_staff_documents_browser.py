"""The staff documents page in a real browser (Playwright driving Debian's chromium) on the real app: sign in
through the form, upload one of tests/data, read the preview (every clause, 100% coverage), publish and
watch the rebuild to done, find the document in the list and in an answer, remove it again; a file of the
wrong type shows the server's error; the chat page's staff view links to the page. No console errors,
nothing blocked by the Content-Security-Policy."""

import os
import shutil
from pathlib import Path

import pytest

from chat.settings import load_settings
from tests.reliability.conftest import serve_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DATA = Path(__file__).resolve().parent.parent / "data"
NOTICE = DATA / "notice-geshui-fujia.txt"
TOKEN_ENV = "PQA_TEST_DOCUMENTS_BROWSER_TOKEN"  # not POLICY_QA_*: the autouse fixture would clear it per test
TOKEN = "documents-browser-test-token-0123456789"
NEW_QUESTION = "子女上学的教育支出每月可以定额扣除多少？"  # our own wording; only the notice's 办法 answers it


@pytest.fixture(scope="module")
def site(tmp_path_factory, session_home):
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install chromium")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    from chat.web.server import create_app

    home = tmp_path_factory.mktemp("documents-browser-home")
    shutil.copytree(session_home / "index", home / "index")
    patch = pytest.MonkeyPatch()
    patch.setenv(TOKEN_ENV, TOKEN)
    settings = load_settings(home=str(home), staff_token_env=TOKEN_ENV, rate_limit="")
    app, _ = create_app(settings)
    with serve_app(app) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield url, browser, settings
        browser.close()
    patch.undo()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture
def page(site):
    url, browser, _ = site
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.errors = errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" or "Content Security Policy" in m.text else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(url + "/staff/documents")  # not signed in: sent to the sign-in form, which comes back here
    expect(pg.locator("h3")).to_contain_text("Staff sign-in")
    pg.locator("input[name=token]").fill(TOKEN)
    pg.locator("button[type=submit]").click()
    expect(pg.locator("h1")).to_have_text("文档管理 · Documents")
    yield pg
    context.close()
    assert errors == [], errors


def test_upload_preview_publish_watch_and_remove(page, site):
    url, _, settings = site
    page.locator("#upload-file").set_input_files(str(NOTICE))
    page.locator("#upload-button").click()
    preview = page.locator("#preview")
    expect(preview.locator("h2")).to_contain_text("notice-geshui-fujia.txt", timeout=30_000)
    facts = preview.locator("dl.facts").inner_text()
    assert "100.0%" in facts and "通知" in facts and "个人所得税专项附加扣除暂行办法" in facts
    rows = preview.locator("#preview-clauses tbody tr")
    assert rows.count() == 18
    expect(rows.filter(has_text="附件:5")).to_contain_text("每个子女每月1000元")
    expect(rows.filter(has_text="附件:5")).to_contain_text("第二章 子女教育")
    assert page.locator("#publish").is_enabled()

    page.locator("#publish").click()
    # the page follows the rebuild: the progress bar shows while it runs, then the page reloads with the list
    expect(page.locator("#rebuild-status")).to_have_attribute("data-state", "done", timeout=120_000)
    expect(page.locator("#rebuild-status")).to_contain_text("新索引已生效")
    row = page.locator("#documents-table tbody tr[data-doc='notice-geshui-fujia']")
    expect(row).to_contain_text("已索引 · indexed")
    expect(row).to_contain_text("100.0%")
    assert page.locator("#preview").count() == 0 and page.locator("#uploads").count() == 0

    answer = page.request.post(url + "/api/ask", data={"question": NEW_QUESTION}).json()
    assert "notice-geshui-fujia:附件:5" in [c["clause"] for c in answer["citations"]]
    page.goto(url + "/")  # the chat page, started before the document existed, now names it too
    expect(page.locator("#chat .welcome")).to_contain_text("个人所得税专项附加扣除暂行办法", timeout=30_000)
    page.goto(url + "/staff/documents")

    page.once("dialog", lambda d: d.accept())  # "remove … from the index?"
    row.locator("button.remove").click()
    expect(page.locator("#rebuild-status")).to_contain_text("remove notice-geshui-fujia", timeout=30_000)
    expect(page.locator("#rebuild-status")).to_have_attribute("data-state", "done", timeout=120_000)
    expect(page.locator("#documents-table tbody tr[data-doc='notice-geshui-fujia']")).to_have_count(0)
    assert [p.name[-len("notice-geshui-fujia.txt"):] for p in (settings.documents_dir / ".removed").iterdir()] \
        == ["notice-geshui-fujia.txt"]


def test_a_file_of_the_wrong_type_shows_the_error(page):
    page.locator("#upload-file").set_input_files(files=[{"name": "report.exe", "mimeType": "application/octet-stream",
                                                          "buffer": b"MZ\x90\x00binary"}])
    page.locator("#upload-button").click()
    error = page.locator("#upload-error")
    expect(error).to_contain_text("不支持的文件类型 '.exe'", timeout=10_000)
    expect(error).to_contain_text("file type '.exe' is not accepted; upload one of .txt, .md, .html, .htm, .docx, .pdf")
    assert page.locator("#preview").count() == 0


def test_a_file_whose_content_does_not_match_its_type_shows_the_servers_error(page):
    page.locator("#upload-file").set_input_files(files=[{"name": "scan.pdf", "mimeType": "application/pdf",
                                                          "buffer": "第一条 这不是PDF。".encode()}])
    page.locator("#upload-button").click()
    expect(page.locator("#upload-error")).to_contain_text("scan.pdf is not a PDF (no %PDF- header)", timeout=10_000)
    assert page.locator("#preview").count() == 0
    # the browser logs the refused upload's 400 itself; that one line is expected, nothing else
    page.errors.remove("Failed to load resource: the server responded with a status of 400 (Bad Request)")


def test_the_chat_page_staff_view_links_to_the_documents_page(page, site):
    url, _, _ = site
    page.goto(url + "/")
    page.wait_for_selector("#staff-toggle", state="visible", timeout=30_000)
    assert page.locator("#staff-documents").count() == 0  # only in the staff view
    page.locator("#staff-toggle").click()
    page.locator("#staff-documents").click()
    expect(page.locator("h1")).to_have_text("文档管理 · Documents")
