"""The optional-extra markers (tests/conftest.py): a test marked hf, gemma or browser is skipped with the
install hint when what it needs is missing, before its fixtures are set up, and a browser test fails
instead under REQUIRE_BROWSER_TESTS=1. One real pytest run in a subprocess hides torch and playwright."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests import conftest
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


class _Item:
    def __init__(self, *names):
        self.marks = [getattr(pytest.mark, n).mark for n in names]

    def iter_markers(self):
        return iter(self.marks)


def test_the_hook_skips_or_fails_by_marker_and_environment(monkeypatch):
    monkeypatch.setitem(conftest.EXTRAS, "hf", (("no_such_module_for_this_test",), "pip install it"))
    monkeypatch.setitem(conftest.EXTRAS, "browser", (("no_such_module_for_this_test",), "apt-get it"))
    monkeypatch.delenv("REQUIRE_BROWSER_TESTS", raising=False)
    assert conftest.pytest_runtest_setup(_Item("slow")) is None
    with pytest.raises(pytest.skip.Exception, match="no_such_module_for_this_test .*marker hf.*pip install it"):
        conftest.pytest_runtest_setup(_Item("hf", "slow"))
    with pytest.raises(pytest.skip.Exception, match="marker browser"):
        conftest.pytest_runtest_setup(_Item("browser"))
    monkeypatch.setenv("REQUIRE_BROWSER_TESTS", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER_TESTS=1 but .*apt-get it"):
        conftest.pytest_runtest_setup(_Item("browser"))
    with pytest.raises(pytest.skip.Exception):  # only browser tests are required
        conftest.pytest_runtest_setup(_Item("hf"))


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

@pytest.fixture
def expensive():
    raise AssertionError("set up although the test is skipped")

@pytest.mark.hf
def test_needs_torch(expensive):
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


def test_in_a_real_run_extras_skip_before_fixtures_and_a_required_browser_fails(tmp_path):
    r = _run(tmp_path, REQUIRE_BROWSER_TESTS="1")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "1 passed, 1 skipped, 1 error" in r.stdout
    assert "needs torch (marker hf): pip install 'policy-qa[hf]'" in r.stdout
    assert "REQUIRE_BROWSER_TESTS=1 but the browser tests cannot run: needs playwright" in r.stdout
    assert "set up although" not in r.stdout
