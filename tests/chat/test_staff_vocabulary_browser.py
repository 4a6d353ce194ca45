"""The staff vocabulary page in a real browser (Playwright driving Debian's chromium, like
test_page_browser.py): sign in through the form, see a voted-down question in the review queue, add a
mapping (a refused one first: the error is shown), see it listed with who and when and its effect on the
queue, remove it. Any console error fails the test, except the one line chromium logs for the 400 of the
refused mapping. Screenshots go to $TEST_ARTIFACTS (default: a temp folder)."""

import os
import re
import shutil
import tempfile
from pathlib import Path

import httpx
import pytest

from chat.settings import Settings
from tests.chat.test_page_browser import ARGS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOKEN = "staff-token-for-the-vocabulary-browser-test"
EVERYDAY, OFFICIAL = "做砸了", "容错纠错"  # not in index/data/concepts.tsv (test_staff_vocabulary.py checks)
QUESTION = "做砸了会被追究吗"  # our own wording; 第8条 comes first only with the mapping
EXPECTED_400 = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


@pytest.fixture(scope="module")
def server(tmp_path_factory, session_home):
    from eval.pagebench import serve

    home = tmp_path_factory.mktemp("vocabulary-browser-home")
    shutil.copytree(session_home / "index", home / "index")
    url, stop = serve(Settings().replace(home=home))
    yield url
    stop()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install chromium chromium-driver")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_sign_in_review_add_see_who_and_when_then_remove(server, browser, monkeypatch):
    monkeypatch.setenv("POLICY_QA_STAFF_TOKEN", TOKEN)  # the server reads it per request
    answer = httpx.post(server + "api/ask", json={"question": QUESTION}, timeout=30).json()
    vote = {"question": QUESTION, "answer": answer["answer"], "vote": "down",
            "citations": [c["clause"] for c in answer["citations"]]}
    assert httpx.post(server + "api/feedback", json=vote, timeout=30).status_code == 200

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: errors.append(f"a dialog opened: {d.message}"))
    shots = Path(os.environ.get("TEST_ARTIFACTS") or tempfile.mkdtemp(prefix="policy-qa-shots-"))
    shots.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(server + "staff/vocabulary")
        assert "/staff?next=/staff/vocabulary" in page.url  # not signed in: sent to the sign-in form
        page.fill("input[name=token]", TOKEN)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/staff/vocabulary$"), timeout=30_000)

        item = page.locator("li.item", has_text=QUESTION)
        assert item.count() == 1 and "点踩 voted down" in item.inner_text()
        assert item.locator("table.hits tbody tr").count() == 3
        assert EVERYDAY not in item.locator("table.hits").inner_text()  # nothing mapped yet
        page.screenshot(path=str(shots / "staff-vocabulary-queue.png"), full_page=True)

        form = page.locator("#add-form")
        item.locator("button.use").click()  # the question goes into the note
        assert QUESTION in form.locator("input[name=note]").input_value()
        form.locator("input[name=everyday]").fill(EVERYDAY)
        form.locator("input[name=official]").fill("牙科诊所")
        form.locator("button[type=submit]").click()
        page.wait_for_selector("#status.error", timeout=10_000)
        assert "Fill in your name first" in page.locator("#status").inner_text()
        page.fill("#who", "王芳")
        form.locator("button[type=submit]").click()
        page.wait_for_function("document.getElementById('status').textContent.includes('does not occur')",
                               timeout=10_000)  # the server's message, as it gave it
        assert page.locator("tr.mapping").count() == 0

        form.locator("input[name=official]").fill(OFFICIAL)
        form.locator("button[type=submit]").click()
        page.wait_for_selector("#status.ok", timeout=30_000)  # after the reload
        assert f"{EVERYDAY} → {OFFICIAL}" in page.locator("#status").inner_text()
        row = page.locator("tr.mapping", has_text=EVERYDAY)
        assert row.count() == 1 and row.locator("td.official").inner_text() == OFFICIAL
        assert row.locator("td.who").inner_text() == "王芳"
        assert re.fullmatch(r"20\d\d-\d\d-\d\d \d\d:\d\d:\d\d", row.locator("td.when").inner_text())
        assert QUESTION in row.locator("td.note").inner_text()
        assert page.locator("#who").input_value() == "王芳"  # remembered in this browser
        first = page.locator("li.item", has_text=QUESTION).locator("table.hits tbody tr").first
        assert first.inner_text().startswith("第8条") and f"{EVERYDAY} → {OFFICIAL}" in first.inner_text()
        page.screenshot(path=str(shots / "staff-vocabulary-added.png"), full_page=True)

        row.locator("button.remove").click()
        page.wait_for_function("document.getElementById('status').textContent.includes('已删除')", timeout=30_000)
        assert page.locator("tr.mapping").count() == 0
        assert EVERYDAY not in page.locator("li.item", has_text=QUESTION).locator("table.hits").inner_text()

        # Import a file through the file input, then download the export.
        tsv = f"domain\tofficial\teveryday\tsource\nstaff\t{OFFICIAL}\t{EVERYDAY}\tfrom a file\n"
        page.set_input_files("#import-form input[type=file]", files=[
            {"name": "mine.tsv", "mimeType": "text/tab-separated-values", "buffer": tsv.encode()}])
        page.locator("#import-form button[type=submit]").click()
        page.wait_for_function("document.getElementById('status').textContent.includes('已导入')", timeout=30_000)
        row = page.locator("tr.mapping", has_text=EVERYDAY)
        assert row.locator("td.who").inner_text() == "王芳" and row.locator("td.note").inner_text() == "from a file · imported from mine.tsv"
        with page.expect_download() as download:
            page.locator("a[download]").click()
        exported = Path(download.value.path()).read_text(encoding="utf-8")
        assert download.value.suggested_filename == "vocabulary.tsv" and f"staff\t{OFFICIAL}\t{EVERYDAY}\t" in exported

        # Attach the queued question to the clause of its first row as an example question, then remove it.
        attach = page.locator("li.item", has_text=QUESTION).locator("button.attach").first
        clause = attach.get_attribute("data-clause")
        attach.click()
        page.wait_for_function("document.getElementById('status').textContent.includes('已设为相似问')", timeout=30_000)
        example = page.locator("tr.example-row", has_text=QUESTION)
        assert example.count() == 1 and example.locator("td.who").inner_text() == "王芳"
        assert example.locator("td.clause").inner_text().startswith(f"第{clause}条")
        example.locator("button.remove-example").click()
        page.wait_for_function("document.getElementById('status').textContent.includes('已删除')", timeout=30_000)
        assert page.locator("tr.example-row").count() == 0
    finally:
        context.close()
    unexpected = [e for e in errors if e != EXPECTED_400]
    assert not unexpected, unexpected
    assert errors.count(EXPECTED_400) == 1  # the refused mapping, and nothing else failed
