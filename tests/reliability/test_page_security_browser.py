"""The page in a real browser (Debian's chromium through Playwright) under the server's security headers:
the Content-Security-Policy blocks nothing the page needs, and only signed-in staff see the staff view."""

import os
import shutil
from pathlib import Path

import pytest

from chat.settings import load_settings

from .conftest import QUESTION, live_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "browser-test-staff-token-0123456789"


@pytest.fixture(scope="module")
def site(served_home):
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install chromium")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with live_server(load_settings(home=served_home)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield url, browser
        browser.close()


@pytest.fixture(autouse=True)
def _staff_token(monkeypatch):
    monkeypatch.setenv("POLICY_QA_STAFF_TOKEN", TOKEN)  # read per request (security.staff_token)


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _open(browser, url, *, staff: bool):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    if staff:
        r = context.request.post(f"{url}/api/staff/login", data={"token": TOKEN})
        assert r.status == 200, r.text()
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(url + "/")
    page.wait_for_selector("#question textarea", timeout=30_000)
    return context, page, blocked


def _ask(page):
    page.locator("#question textarea").fill(QUESTION)
    page.locator("#send").click()
    expect(page.locator("#chat")).to_contain_text("第7条", timeout=60_000)  # locators: not eval, which the CSP forbids


def test_the_page_works_under_the_csp_and_citizens_see_no_staff_toggle(site):
    url, browser = site
    context, page, blocked = _open(browser, url, staff=False)
    try:
        _ask(page)
        page.wait_for_timeout(500)
        assert not page.locator("#staff-toggle").is_visible()
        # only outside resources (web fonts a theme may name) may be refused; nothing of the page's own
        assert [m for m in blocked if "http" not in m or url in m] == [], blocked
    finally:
        context.close()


def test_signed_in_staff_see_the_toggle_and_the_staff_view(site):
    url, browser = site
    context, page, _ = _open(browser, url, staff=True)
    try:
        page.wait_for_selector("#staff-toggle", state="visible", timeout=20_000)
        page.locator("#staff-toggle").click()
        _ask(page)
        expect(page.locator("#chat details.staff").first).to_contain_text("score", timeout=30_000)
    finally:
        context.close()
