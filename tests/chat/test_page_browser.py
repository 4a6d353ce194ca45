"""The chat page in a real browser: Playwright driving Debian's chromium (never a downloaded browser), every
behaviour at a desktop (1366×900) and a phone (390×844) size.

The server is the real `create_app`, with a generator that streams the extractive answer sentence by
sentence with pauses, so the echo, the pending state and the growing answer can be seen. With
REQUIRE_BROWSER_TESTS=1 (scripts/test.sh) a missing browser fails these tests instead of skipping them.
Screenshots go to $TEST_ARTIFACTS (default: a temp folder); any console error fails the test.
"""

import os
import re
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
PAUSE = 0.35  # seconds between streamed sentences
EXAMPLE_ZH = ["镇海电厂那块地以后做什么？", "甬江两岸的交通要怎么连起来？", "科技成果转化有哪些扶持？", "区人大常委会怎样监督这项建设？"]


# WCAG 2 contrast of every visible text inside the matched elements, from computed styles: the text colour
# over the background found by walking up the ancestors (semi-transparent layers blended over white).
CONTRAST_JS = """({selector, pseudo}) => {
  const parse = (c) => { const m = (c || '').match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const over = (top, bottom) => ({r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const background = (el) => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
    return layers.reverse().reduce((bg, layer) => over(layer, bg), {r: 255, g: 255, b: 255, a: 1}); };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible';
  const texty = (el) => pseudo || el.tagName === 'TEXTAREA' ||
    [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const out = [];
  for (const top of document.querySelectorAll(selector)) {
    for (const el of [top, ...top.querySelectorAll('*')]) {
      if (!shown(el) || !texty(el)) continue;
      const style = getComputedStyle(el, pseudo || null); const bg = background(el);
      const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
      out.push({what: (el.id || el.className || el.tagName) + ': ' + (el.innerText || el.placeholder || '').slice(0, 20),
                ratio: Math.round(ratio(over(parse(style.color), bg), bg) * 100) / 100,
                large: size >= 24 || (bold && size >= 18.66)});
    }
  }
  return out;
}"""
# Visible controls without an accessible name (text, aria-label, aria-labelledby, title or a <label>).
NAMELESS_JS = """() => {
  const name = (el) => { const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(' ').map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
    return (el.getAttribute('aria-label') || el.innerText || el.getAttribute('title') ||
            (el.labels ? [...el.labels].map((l) => l.innerText).join(' ') : '')).trim(); };
  return [...document.querySelectorAll('button, a[href], [role=tab], textarea, input:not([type=hidden])')]
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible' && !name(el))
    .map((el) => el.outerHTML.slice(0, 160));
}"""


class SlowStream:
    """The extractive answer, streamed a line or cited sentence at a time with a pause before each."""

    name = "extractive-slow"

    def stream(self, plan, hits, *, history=None):
        from chat.generate.extractive import compose

        for piece in re.split(r"(?<=〕)|(?<=\n)", compose(plan, hits)):
            time.sleep(PAUSE)
            yield piece

    def rewrite(self, question, history):
        return ""


def _require_browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install chromium chromium-driver")
        pytest.skip("chromium is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from chat.settings import load_settings
    from eval.pagebench import serve

    patch = pytest.MonkeyPatch()
    patch.setattr("chat.generate.make_generator", lambda settings: SlowStream())  # create_app asks for it
    settings = load_settings(home=str(tmp_path_factory.mktemp("page-home")))
    url, stop = serve(settings)
    yield url, settings
    stop()
    patch.undo()


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    pytest.importorskip("playwright", reason="the browser tests need Playwright: pip install -e '.[dev]'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(params=list(SIZES))
def size(request):
    return request.param


STAFF_TOKEN = "staff-token-for-the-browser-tests"


def _open(browser, url, size, locale="zh-CN", *, staff=False):
    w, h = SIZES[size]
    headers = {"X-Staff-Token": STAFF_TOKEN} if staff else {}
    context = browser.new_context(viewport={"width": w, "height": h}, locale=locale, extra_http_headers=headers)
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: pg.errors.append(f"a dialog opened: {d.message}"))
    pg.goto(url)
    pg.wait_for_selector("#chat .welcome button.example", timeout=30_000)
    pg.wait_for_function("document.documentElement.lang !== ''", timeout=10_000)  # the load event has run
    return context, pg


@pytest.fixture
def page(browser, server, size, monkeypatch):
    monkeypatch.setenv("POLICY_QA_STAFF_TOKEN", STAFF_TOKEN)  # read per request (security.staff_token)
    # As staff (the token header on every request): the staff tests need the toggle; citizens not seeing
    # it is tests/reliability/test_page_security_browser.py's.
    context, pg = _open(browser, server[0], size, staff=True)
    yield pg
    errors = list(pg.errors)
    context.close()
    assert errors == [], errors


def shot(pg, name, size):
    out = Path(os.environ.get("TEST_ARTIFACTS") or "/tmp/policy-qa-artifacts")
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"page-{name}-{size}.png"
    pg.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


def _answered(pg, n=1):
    """Wait until `n` answers are complete."""
    pg.wait_for_function(f"document.querySelectorAll('#chat .turn .rate').length >= {n} && "
                         "document.querySelector('#chat .conv').dataset.pending === '0'", timeout=30_000)


def _ask(pg, question, n):
    pg.locator("#question textarea").fill(question)
    pg.locator("#send").click()
    _answered(pg, n)


def _in_view(pg, selector):
    """Whether the top of `selector` comes to rest inside the viewport (waits out scrolling and the sheet sliding up)."""
    try:
        pg.wait_for_function("""(s) => { const r = document.querySelector(s)?.getBoundingClientRect();
            return r && r.top >= 0 && r.top + Math.min(r.height, 40) <= innerHeight && r.left < innerWidth; }""",
                             arg=selector, timeout=3_000)
    except Exception:  # playwright's TimeoutError: not in view
        return False
    return True


def test_first_view_welcome_disclaimer_and_examples_above_the_fold(page, size):
    assert page.locator("h1").count() == 1
    assert "《关于加快推进甬江科创区镇海片区建设的决定》" in page.locator("h1").inner_text()
    welcome = page.locator("#chat .welcome").inner_text()
    assert "镇人大常〔2023〕31号" in welcome and "仅供参考，以正式文件为准" in welcome and "不能回答" in welcome
    examples = page.locator("#chat button.example")
    assert 3 <= examples.count() <= 5
    vh = SIZES[size][1]
    visible = [b for b in (examples.nth(i).bounding_box() for i in range(examples.count())) if b["y"] + b["height"] <= vh]
    assert len(visible) >= 3, visible
    shot(page, "welcome", size)


def test_question_echoes_at_once_answer_streams_and_typing_survives(page, size):
    page.evaluate("""() => { window.seen = []; new MutationObserver(() => {
        const t = document.querySelector('#chat .turn:last-child .answer-text');
        if (t) window.seen.push(t.innerText.length); }).observe(document.querySelector('#chat'),
        {subtree: true, childList: true, characterData: true}); }""")
    page.locator("#chat button.example").first.click()
    page.wait_for_function("document.querySelector('#chat .turn .msg.user')?.innerText.includes('镇海电厂那块地')",
                           timeout=1_000)
    assert page.locator("#chat .turn .answer-text").count() == 0  # the answer is still coming
    assert page.locator("#send").get_attribute("aria-disabled") == "true"
    page.locator("#question textarea").press_sequentially("甬江两岸的交通要怎么连")
    _answered(page)
    lengths = sorted(set(page.evaluate("window.seen")))
    assert len([n for n in lengths if n > 0]) >= 2, lengths  # the answer grew on screen
    assert page.locator("#question textarea").input_value() == "甬江两岸的交通要怎么连"
    page.locator("#question textarea").press("End")
    page.locator("#question textarea").press_sequentially("起来？")
    page.locator("#question textarea").press("Enter")
    page.wait_for_function("document.querySelectorAll('#chat .turn').length === 2", timeout=1_000)
    assert page.locator("#question textarea").input_value() == ""
    _answered(page, 2)
    assert "〔第7条〕" in page.locator("#chat .turn").nth(1).inner_text()
    shot(page, "answered", size)


def test_every_citation_opens_its_clause_and_the_full_text_place(page, size):
    page.locator("#chat button.example").first.click()
    _answered(page)
    page.locator("#chat button.example").nth(2).click()
    _answered(page, 2)
    first = page.locator("#chat .turn").first.locator(".answer-text button.cite").first
    first.click()
    page.wait_for_selector("#clause-panel .clause-text[data-clause='7'] mark", state="visible", timeout=10_000)
    assert "要全力推进镇海电厂区域整体搬迁" in page.locator("#clause-panel mark").first.inner_text()
    assert "第7条" in page.locator("#clause-panel [aria-live='polite']").inner_text()
    assert _in_view(page, "#clause-panel mark")
    shot(page, "clause", size)
    if size == "phone":
        assert page.locator("#reader").get_attribute("role") == "dialog"
        page.locator("#reader .sheet-close").click()
        page.wait_for_function("getComputedStyle(document.getElementById('reader')).visibility === 'hidden'")
        assert page.evaluate("document.activeElement.classList.contains('cite')")
    page.locator("#chat .turn").nth(1).locator(".answer-text button.cite").first.click()
    page.wait_for_selector("#clause-panel .clause-text[data-clause='5'] mark", state="visible", timeout=10_000)
    page.locator("#clause-panel a.goto").click()
    page.wait_for_selector("#fulltext #clause-5.hit", state="visible", timeout=10_000)
    page.wait_for_timeout(300)
    assert page.locator("#tab-full-button").get_attribute("aria-selected") == "true"
    assert _in_view(page, "#fulltext #clause-5") and page.evaluate("document.activeElement.id") == "clause-5"
    assert page.locator("#fulltext .hit").count() == 1
    shot(page, "fulltext", size)


def test_clearing_the_chat_clears_citations_panel_staff_view_and_votes(page, size):
    page.locator("#chat button.example").nth(1).click()
    _answered(page)
    page.locator("#chat .answer-text button.cite").first.click()
    page.wait_for_selector("#clause-panel mark", state="attached", timeout=10_000)
    if size == "phone":
        page.locator("#reader .sheet-close").click()
    page.locator("#staff-toggle").click()
    page.wait_for_selector("#chat details.staff", state="attached", timeout=10_000)
    page.locator("#comment textarea").fill("留着的意见")
    page.locator("#clear").click()
    page.wait_for_function("document.querySelectorAll('#chat .turn').length === 0", timeout=10_000)
    page.wait_for_function("!document.querySelector('#clause-panel .clause-text')", timeout=10_000)
    for gone in ("#chat button.cite", "#chat button.vote", "#chat details.staff", "#clause-panel mark"):
        assert page.locator(gone).count() == 0, gone
    assert page.locator("#comment textarea").input_value() == ""
    assert page.locator("#chat .welcome").count() == 1


def test_one_vote_per_answer_changeable_and_the_comment_resets(page, size, server):
    page.locator("#chat button.example").nth(3).click()
    _answered(page)
    answer_id = page.locator("#chat .turn").first.get_attribute("data-turn")
    page.locator("#comment textarea").fill("写得清楚 <b>x</b>")
    page.locator("#chat button.vote[data-vote='up']").dblclick()
    page.wait_for_function("document.querySelector(\"#chat button.vote[data-vote='up']\").getAttribute('aria-pressed') === 'true'",
                           timeout=10_000)
    page.wait_for_function("document.querySelector('#comment textarea').value === ''", timeout=10_000)
    page.wait_for_timeout(500)  # let a second click's event land too
    page.locator("#chat button.vote[data-vote='down']").click()
    page.wait_for_function("document.querySelector(\"#chat button.vote[data-vote='down']\").getAttribute('aria-pressed') === 'true'",
                           timeout=10_000)
    assert page.locator("#chat button.vote[data-vote='up']").get_attribute("aria-pressed") == "false"
    assert "没帮助" in page.locator("#chat .vote-note").inner_text()
    rows = sqlite3.connect(server[1].feedback_db).execute(
        "SELECT question, vote, comment FROM feedback WHERE answer_id = ?", (answer_id,)).fetchall()
    assert rows == [(EXAMPLE_ZH[3], "down", "写得清楚 <b>x</b>")]


def test_empty_and_overlong_questions_are_blocked_in_the_browser(page, size):
    send, box = page.locator("#send"), page.locator("#question textarea")
    assert send.get_attribute("aria-disabled") == "true"
    send.click(force=True)  # a click on the greyed button
    box.press("Enter")
    assert "请先输入问题" in page.locator("#status").inner_text()
    from playwright.sync_api import expect

    box.fill("x" * 5000)
    counter = page.locator("#pqa-counter")
    expect(counter).to_have_text("5000 / 500 字", timeout=5_000)  # set by the page's input handler
    assert "over" in counter.get_attribute("class") and send.get_attribute("aria-disabled") == "true"
    box.press("Enter")
    send.click(force=True)  # a click on the greyed button
    assert "500 字上限" in page.locator("#status").inner_text()
    box.fill("   ")
    send.click(force=True)  # a click on the greyed button
    page.wait_for_timeout(500)
    assert page.locator("#chat .turn").count() == 0
    box.fill("区人民法院要做什么")
    expect(counter).to_have_text("9 / 500 字", timeout=5_000)
    assert send.get_attribute("aria-disabled") == "false"
    assert page.locator("#status").inner_text().strip() == ""
    page.wait_for_timeout(400)  # the button's colour change is animated
    shot(page, "blocked", size)


def test_english_interface_from_the_browser_language_and_the_switch(browser, server, size):
    context, pg = _open(browser, server[0], size, locale="en-US")
    try:
        pg.wait_for_function("document.querySelector('h1').innerText.startsWith('Q&A')", timeout=10_000)
        # subtle: the heading turns English in the browser at once, the tabs when the server's render arrives
        pg.wait_for_function("(document.querySelector('#tab-full-button') || {}).textContent?.trim() === 'Full text'",
                             timeout=10_000)
        assert pg.evaluate("document.documentElement.lang") == "en"
        welcome = pg.locator("#chat .welcome").inner_text()
        assert "official document prevails" in welcome and "Try one of these" in welcome
        assert pg.locator("#send").inner_text().strip() == "Ask"
        assert "Your question" in pg.locator("#question").inner_text()
        assert pg.locator("#tab-full-button").text_content().strip() == "Full text"  # hidden on a phone
        pg.locator("#chat button.example").first.click()
        _answered(pg)
        assert "According to clause 7" in pg.locator("#chat .turn .answer-text").inner_text()
        assert "Helpful" in pg.locator("#chat .rate").inner_text()
        shot(pg, "english", size)
        pg.locator("#masthead button[data-action='lang']").click()
        pg.wait_for_function("document.querySelector('#send').innerText.includes('提问')", timeout=10_000)
        assert "有帮助" in pg.locator("#chat .rate").inner_text()  # the conversation is kept, its labels switch
        pg.reload()
        pg.wait_for_selector("#chat .welcome", timeout=30_000)
        pg.wait_for_function("document.documentElement.lang === 'zh-CN'", timeout=10_000)  # the choice is remembered
        assert pg.errors == []
    finally:
        context.close()


def test_contrast_names_one_h1_live_region_and_no_emoji(page, size):
    page.locator("#chat button.example").first.click()
    _answered(page)
    page.locator("#question textarea").fill("区人民法院要做什么")
    page.locator("#chat .answer-text button.cite").first.click()  # on a phone the sheet stays open: measured too
    page.wait_for_selector("#clause-panel mark", state="visible", timeout=10_000)
    controls = ("#send, #clear, #masthead, #chat .welcome, #chat button.cite, #chat .rate, #chat .chips, "
                "#reader-tabs [role=tab], #question, #comment, #counter, #clause-panel, footer")
    ratios = page.evaluate(CONTRAST_JS, {"selector": controls, "pseudo": None})
    assert len(ratios) >= 25, ratios
    low = [r for r in ratios if r["ratio"] < (3.0 if r["large"] else 4.5)]
    assert low == [], low
    page.locator("#question textarea").fill("")
    from playwright.sync_api import expect

    # subtle: the page's input handler sets it; wait for it (a loaded CI machine ran the check first)
    expect(page.locator("#send")).to_have_attribute("aria-disabled", "true", timeout=5_000)
    blocked = page.evaluate(CONTRAST_JS, {"selector": "#send", "pseudo": None})
    placeholder = page.evaluate(CONTRAST_JS, {"selector": "#question textarea", "pseudo": "::placeholder"})
    assert blocked[0]["ratio"] >= 4.5 and placeholder[0]["ratio"] >= 4.5, (blocked, placeholder)
    assert page.locator("h1").count() == 1
    assert page.evaluate(NAMELESS_JS) == []
    assert page.locator("#clause-panel [aria-live='polite']").count() == 1
    assert page.locator("#chat [role='log']").count() == 1
    assert not page.evaluate("/\\p{Extended_Pictographic}/u.test(document.body.innerText)")
    assert page.locator("#chat button.vote svg").count() == 2


def test_large_text_mode_is_big_and_remembered(page, size):
    page.locator("#chat button.example").first.click()
    _answered(page)
    page.locator("#large-toggle").click()
    assert page.locator("#large-toggle").get_attribute("aria-pressed") == "true"
    page.wait_for_timeout(600)  # Gradio's buttons animate size changes
    px = page.evaluate("""() => ['#chat .answer-text', '#chat .welcome p', '#question textarea', '#send']
        .map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))""")
    assert min(px) >= 20, px
    heights = page.evaluate("""() => ['#send', '#chat button.example', '#chat button.vote', '#masthead button']
        .map(s => document.querySelector(s).getBoundingClientRect().height)""")
    assert min(heights) >= 48, heights
    page.locator("#chat button.vote[data-vote='up']").click()
    page.wait_for_selector("#chat button.vote[aria-pressed='true']", timeout=10_000)
    pressed = page.evaluate(CONTRAST_JS, {"selector": "#masthead, #chat .rate", "pseudo": None})
    assert len(pressed) >= 6 and [r for r in pressed if r["ratio"] < 4.5] == [], pressed
    shot(page, "large-text", size)
    page.reload()
    page.wait_for_selector("#chat .welcome", timeout=30_000)
    page.wait_for_function("document.documentElement.classList.contains('large-text')", timeout=10_000)
    assert page.locator("#large-toggle").get_attribute("aria-pressed") == "true"
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('#chat .welcome p')).fontSize)") >= 20


def test_staff_view_details_for_every_answer(page, size):
    page.locator("#chat button.example").first.click()
    _answered(page)
    _ask(page, "那第五条讲了什么？", 2)
    assert "〔第5条〕" in page.locator("#chat .turn").nth(1).inner_text()  # the follow-up used the chat history
    page.locator("#staff-toggle").click()
    page.wait_for_function("document.querySelectorAll('#chat details.staff').length === 2", timeout=10_000)
    page.locator("#chat details.staff summary").first.click()
    assert "score" in page.locator("#chat details.staff").first.inner_text()
    assert page.locator("#staff-toggle").get_attribute("aria-pressed") == "true"
    page.locator("#staff-toggle").click()
    page.wait_for_function("document.querySelectorAll('#chat details.staff').length === 0", timeout=10_000)


def test_html_in_a_question_is_shown_as_text(page, size):
    evil = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>${window.pwned=3}"
    _ask(page, evil, 1)
    assert evil in page.locator("#chat .turn .msg.user").inner_text()
    assert page.locator("#chat img").count() == 0 and page.locator("#chat script").count() == 0
    assert page.evaluate("window.pwned") is None
