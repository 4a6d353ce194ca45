"""The chat page in a real browser: Playwright driving Debian's chromium (never a downloaded browser).

Marked `browser` (tests/conftest.py skips them when playwright or chromium is missing, or fails them under
REQUIRE_BROWSER_TESTS=1, set by scripts/test.sh) and `slow`. The answered page is saved as a screenshot in $TEST_ARTIFACTS (default: a temp folder).
"""

import os
import shutil
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory, session_home):
    import uvicorn

    from chat.settings import load_settings
    from chat.web.server import create_app

    home = tmp_path_factory.mktemp("page-home")
    shutil.copytree(session_home / "index", home / "index")
    settings = load_settings(home=str(home))
    app, _ = create_app(settings)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/", settings
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    pg = browser.new_page(viewport={"width": 1400, "height": 1100})
    pg.goto(server[0])
    pg.wait_for_selector("#question textarea", timeout=20_000)
    yield pg
    pg.close()


def _ask(page, question):
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()


def test_ask_see_citation_chip_click_it_and_read_the_clause(page, tmp_path):
    _ask(page, "镇海电厂是不是要整体迁走？")
    chip = page.locator("#citations label").first
    chip.wait_for(timeout=20_000)
    assert "第7条" in chip.inner_text()
    assert "〔第7条〕" in page.locator("#chat").inner_text()
    chip.click()
    page.wait_for_selector("#clause-panel mark", timeout=10_000)
    panel = page.locator("#clause-panel").inner_text()
    assert "高质高效推进基础设施建设" in panel and "镇海电厂区域整体搬迁" in page.locator("#clause-panel mark").inner_text()
    out = Path(os.environ.get("TEST_ARTIFACTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / "answered-page.png"), full_page=True)
    assert (out / "answered-page.png").stat().st_size > 10_000


def test_vote_is_stored_in_the_database(page, server):
    _ask(page, "区人民法院要做什么？")
    page.locator("#citations label").first.wait_for(timeout=20_000)
    page.locator("#comment textarea").fill("很清楚")
    page.locator("#vote-up").click()
    page.wait_for_function("document.querySelector('#vote-status').innerText.includes('已记录')", timeout=10_000)
    rows = sqlite3.connect(server[1].feedback_db).execute("SELECT question, vote, comment, citations FROM feedback").fetchall()
    assert ("区人民法院要做什么？", "up", "很清楚") in [r[:3] for r in rows]
    assert any('"10"' in r[3] for r in rows)


def test_html_in_a_question_is_shown_as_text(page):
    page.on("dialog", lambda d: pytest.fail(f"script ran: {d.message}"))
    _ask(page, "<img src=x onerror=alert(1)>")
    page.wait_for_function("document.querySelector('#chat').innerText.includes('<img src=x onerror=alert(1)>')",
                           timeout=20_000)
    assert page.locator("#chat img[src='x']").count() == 0


def test_full_text_view_and_english_switch(page):
    page.get_by_role("tab", name="全文 Full text").click()
    page.wait_for_selector("#fulltext #clause-7", timeout=10_000)
    assert "镇人大常〔2023〕31号" in page.locator("#fulltext").inner_text()
    page.get_by_label("English").check()
    page.wait_for_function("document.querySelector('#send').innerText.includes('Ask')", timeout=10_000)


def test_follow_up_in_the_page_uses_the_chat_history(page):
    _ask(page, "镇海电厂是不是要整体迁走？")
    page.locator("#citations label").first.wait_for(timeout=20_000)
    page.wait_for_function("document.querySelector('#question textarea').value === ''", timeout=10_000)
    page.locator("#staff-toggle input").check()
    _ask(page, "它出自哪一条？")  # alone it names nothing; the staff view shows what was searched
    page.wait_for_function("document.querySelector('#staff-panel').innerText.includes('它出自哪一条')", timeout=20_000)
    assert "镇海电厂" in page.locator("#staff-panel").inner_text()


def test_thumbs_on_an_answer_in_the_chat_store_that_answer(page, server):
    _ask(page, "研究成果如何在镇海实现产业化？")
    page.locator("#citations label").first.wait_for(timeout=20_000)
    like_buttons = page.locator("#chat button[aria-label='Like'], #chat button[title='Like']")
    like_buttons.last.wait_for(timeout=10_000)
    like_buttons.last.click()
    page.wait_for_function("document.querySelector('#vote-status').innerText.includes('已记录')", timeout=10_000)
    status = page.locator("#vote-status").inner_text()
    rows = sqlite3.connect(server[1].feedback_db).execute("SELECT question, vote, citations FROM feedback").fetchall()
    assert ("研究成果如何在镇海实现产业化？", "up") in [r[:2] for r in rows], (status, rows)
