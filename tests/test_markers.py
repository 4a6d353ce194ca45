"""The optional-extra markers (tests/conftest.py): a test marked hf, gemma or browser is skipped with the
install hint when what it needs is missing, and a browser test fails instead under REQUIRE_BROWSER_TESTS=1."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import missing_requirement

ROOT = Path(__file__).resolve().parent.parent


def test_the_reason_names_what_is_missing_and_how_to_install_it():
    def no_st(module):
        return module != "sentence_transformers"

    assert missing_requirement({"hf"}, importable=no_st) == "needs sentence_transformers (marker hf): pip install 'policy-qa[hf]'"
    assert "pip install 'policy-qa[hf,gemma]'" in missing_requirement({"gemma", "slow"}, importable=lambda m: m != "gguf")
    assert missing_requirement({"hf", "gemma", "browser"}, importable=lambda m: True, chromium=sys.executable) == ""
    assert missing_requirement({"slow"}, importable=lambda m: False) == ""  # unmarked needs are not guessed
    assert "apt-get install chromium" in missing_requirement({"browser"}, importable=lambda m: True,
                                                             chromium="/nonexistent/chromium")


RUNNER = """
import importlib.abc, sys
import pytest

class Hide(importlib.abc.MetaPathFinder):  # these packages behave as if not installed
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"torch", "playwright"}:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

sys.meta_path.insert(0, Hide())
sys.exit(pytest.main(sys.argv[1:]))
"""

SAMPLE = '''
import pytest

@pytest.mark.hf
def test_needs_torch():
    import torch  # noqa: F401

@pytest.mark.browser
def test_needs_a_browser():
    pass

def test_needs_nothing():
    pass
'''


def _run(tmp_path, **env):
    (tmp_path / "test_sample.py").write_text(textwrap.dedent(SAMPLE), encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if k != "REQUIRE_BROWSER_TESTS"}
    return subprocess.run(
        [sys.executable, "-c", RUNNER, "-p", "tests.conftest", "-p", "no:cacheprovider", "-W", "ignore::pytest.PytestUnknownMarkWarning",
         "-rsfE", "-vv", str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, env={**base, "PYTHONPATH": str(ROOT), **env}, timeout=120,
    )


def test_missing_extras_skip_with_the_hint(tmp_path):
    r = _run(tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 passed, 2 skipped" in r.stdout
    assert "needs torch (marker hf): pip install 'policy-qa[hf]'" in r.stdout
    assert "needs playwright (marker browser)" in r.stdout


def test_missing_browser_fails_when_browser_tests_are_required(tmp_path):
    r = _run(tmp_path, REQUIRE_BROWSER_TESTS="1")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "1 passed, 1 skipped, 1 error" in r.stdout
    assert "REQUIRE_BROWSER_TESTS=1 but the browser tests cannot run: needs playwright" in r.stdout
