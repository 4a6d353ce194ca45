"""Page benchmark: how fast the chat page shows a question and the start of its answer, measured in a
real browser (Playwright driving Debian's chromium) at the desktop (1366×900) and phone (390×844) sizes.

    python -m eval.pagebench [--runs 3] [--home DIR] [--json pagebench.json]

The page is served in-process by `chat.web.server.create_app` with the configured generator
(`POLICY_QA_GENERATOR`, default extractive). Each question is typed into the box and sent with the
page's send button; a MutationObserver in the page stamps `performance.now()` when
  echo_ms         the question appears in the chat (the browser's own echo),
  server_echo_ms  the server's first render of that turn replaces the browser's echo,
  first_text_ms   the first answer text appears,
  done_ms         the answer is complete (its vote buttons are shown).
Times are to the DOM change, before paint. Not a test: run it by hand, once.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import sys
import tempfile
import threading
import time

from .metrics import percentile

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
STAGES = ("echo_ms", "server_echo_ms", "first_text_ms", "done_ms")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

# Types the question, clicks send, resolves with the stage times (ms after the click).
MEASURE_JS = """async (q) => {
  const box = document.querySelector('#question textarea');
  box.value = q;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  await new Promise((r) => setTimeout(r, 100));  // Gradio takes the typed value
  const chat = document.querySelector('#chat');
  const before = chat.querySelectorAll('.turn').length;
  return await new Promise((resolve, reject) => {
    const got = {};
    const t0 = performance.now();
    const check = () => {
      const turns = chat.querySelectorAll('.turn');
      const turn = turns.length > before ? turns[turns.length - 1] : null;
      if (!turn) return;
      const now = performance.now() - t0;
      if (got.echo_ms === undefined && (turn.querySelector('.msg.user p') || {}).textContent === q) got.echo_ms = now;
      if (got.server_echo_ms === undefined && !turn.classList.contains('echo')) got.server_echo_ms = now;
      if (got.first_text_ms === undefined && (turn.querySelector('.answer-text') || {}).textContent) got.first_text_ms = now;
      if (turn.querySelector('.rate, .error') && chat.querySelector('.conv').dataset.pending === '0') {
        got.done_ms = now;
        observer.disconnect();
        resolve(got);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(chat, {subtree: true, childList: true, characterData: true, attributes: true});
    setTimeout(() => { observer.disconnect(); reject(new Error('no answer within 120 s: ' + q)); }, 120000);
    document.querySelector('#send').click();
    check();
  });
}"""


def serve(settings):
    """Start the app on a free loopback port in a thread; returns (url, stop)."""
    import uvicorn

    from chat.web.server import create_app

    app, _ = create_app(settings)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the page server did not start on port {port}")
        time.sleep(0.05)

    def stop():
        server.should_exit = True
        thread.join(timeout=10)

    return f"http://127.0.0.1:{port}/", stop


def measure(url: str, questions: list[str], runs: int) -> dict[str, list[dict]]:
    """Stage times of every question × run, per page size."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        raise SystemExit("the page benchmark needs Playwright: pip install -e '.[dev]'") from e
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    out: dict[str, list[dict]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for size, (w, h) in SIZES.items():
            context = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN")
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector("#chat .welcome", timeout=60_000)
            page.wait_for_function("document.documentElement.lang !== ''", timeout=30_000)
            page.evaluate(MEASURE_JS, questions[0])  # warm-up: first-use costs are not what is measured
            rows = []
            for _ in range(runs):
                for q in questions:
                    rows.append({"question": q, **page.evaluate(MEASURE_JS, q)})
                page.locator("#clear").click()
                page.wait_for_function("document.querySelectorAll('#chat .turn').length === 0", timeout=30_000)
            out[size] = rows
            context.close()
        browser.close()
    return out


def summarize(rows: list[dict]) -> dict[str, dict[str, float]]:
    return {stage: {"p50": percentile([r[stage] for r in rows], 50), "p90": percentile([r[stage] for r in rows], 90),
                    "max": max(r[stage] for r in rows)} for stage in STAGES}


def main(argv: list[str] | None = None) -> int:
    from chat import load_settings
    from chat.web.page_text import EXAMPLES

    ap = argparse.ArgumentParser(prog="python -m eval.pagebench", description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="times each question is asked per page size")
    ap.add_argument("--home", help="POLICY_QA_HOME to serve from (default: a temp folder, index built first)")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    if args.runs < 1:
        raise SystemExit(f"--runs must be >= 1, got {args.runs}")
    questions = EXAMPLES["zh"] + EXAMPLES["en"]
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(home=args.home or tmp)
        url, stop = serve(settings)
        try:
            raw = measure(url, questions, args.runs)
        finally:
            stop()
    result = {"generator": settings.generator, "runs": args.runs, "questions": len(questions),
              "summary": {size: summarize(rows) for size, rows in raw.items()}, "rows": raw}
    print(f"Chat page in chromium, generator {settings.generator}, {len(questions)} questions × {args.runs} runs per size")
    print(f"  {'size':<9}{'stage':<16}{'p50 ms':>9}{'p90 ms':>9}{'max ms':>9}")
    for size, stages in result["summary"].items():
        for stage, s in stages.items():
            print(f"  {size:<9}{stage:<16}{s['p50']:>9.1f}{s['p90']:>9.1f}{s['max']:>9.1f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
