"""Shared fixtures. Every data path points at a temporary folder so no test writes into the repository."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ingest import bundled_path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


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
def session_home(tmp_path_factory) -> Path:
    """A home folder shared by tests that need a built index of the bundled resolution."""
    return tmp_path_factory.mktemp("shared-home")
