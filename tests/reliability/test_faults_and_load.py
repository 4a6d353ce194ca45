"""Faults at start-up (index missing, truncated, from another embedder), a write failing during a rebuild,
exposure, and a short load run against a real server process."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from chat.cli import main
from chat.settings import load_settings
from chat.web.hosts import is_loopback
from chat.web.server import serve
from eval.load import lost_votes, run_load


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


_UNIT_VECTORS: dict[tuple[str, ...], object] = {}


@pytest.fixture
def remembered_vectors(monkeypatch):
    """The default embedder remembers the unit vectors it computed for earlier builds in this file, so each
    `policy-qa index` here does not redo the same arithmetic; every file is still written by the real build."""
    from index import load_embedder

    emb = load_embedder("e5-small-q4")
    real = emb.encode_units

    def encode_units(texts):
        key = tuple(texts)
        if key not in _UNIT_VECTORS:
            _UNIT_VECTORS[key] = real(texts)
        return _UNIT_VECTORS[key].copy()

    monkeypatch.setattr(emb, "encode_units", encode_units)


def test_missing_index_is_built_and_the_user_is_told(_isolated_home, capsys, remembered_vectors):
    assert main(["search", "沿江大道", "-k", "1"]) == 0
    out = capsys.readouterr()
    assert "building one now" in out.err and "〔第7条〕" in out.out
    assert (_isolated_home / "index" / "manifest.json").exists()


def test_truncated_index_at_startup_is_a_clear_error_and_left_alone(home_with_index, capsys, remembered_vectors):
    faiss_file = home_with_index / "index" / "dense.faiss"
    faiss_file.write_bytes(faiss_file.read_bytes()[:100])
    before = _snapshot(home_with_index / "index")
    assert main(["ask", "沿江大道"]) == 2
    err = capsys.readouterr().err
    assert "dense.faiss" in err and "policy-qa index" in err and err.count("\n") == 1
    assert _snapshot(home_with_index / "index") == before
    assert main(["index"]) == 0  # the offered rebuild works
    assert main(["search", "沿江大道", "-k", "1"]) == 0


def test_index_of_an_older_format_is_rebuilt_and_the_user_is_told(home_with_index, capsys, remembered_vectors):
    manifest = home_with_index / "index" / "manifest.json"
    manifest.write_text(json.dumps(dict(json.loads(manifest.read_text()), format_version=1)))
    assert main(["search", "沿江大道", "-k", "1"]) == 0
    out = capsys.readouterr()
    assert "format 1" in out.err and "rebuilding it now" in out.err and "〔第7条〕" in out.out
    from index.store import FORMAT_VERSION

    assert json.loads(manifest.read_text())["format_version"] == FORMAT_VERSION


def test_index_from_another_embedder_at_startup(home_with_index, capsys, monkeypatch):
    before = _snapshot(home_with_index / "index")
    monkeypatch.setenv("POLICY_QA_EMBEDDER", "st:some/other-model")
    assert main(["search", "沿江大道"]) == 2
    err = capsys.readouterr().err
    assert "built with embedder 'e5-small-q4'" in err and "--embedder st:some/other-model" in err
    assert _snapshot(home_with_index / "index") == before


def test_unknown_setting_in_the_environment_is_an_error(monkeypatch):
    monkeypatch.setenv("POLICY_QA_TOPK", "3")
    with pytest.raises(ValueError, match="unknown environment setting POLICY_QA_TOPK"):
        load_settings()
    monkeypatch.delenv("POLICY_QA_TOPK")
    with pytest.raises(ValueError, match="top_k must be > 0, got 0"):
        load_settings(top_k=0)


def test_public_bind_needs_an_explicit_flag():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
    with pytest.raises(ValueError, match="--public"):
        serve(load_settings(host="0.0.0.0"))
    assert load_settings().host == "127.0.0.1"


def test_load_script_refuses_non_loopback_targets():
    with pytest.raises(SystemExit, match="only loopback"):
        run_load("http://10.0.0.5:7860", clients=1, seconds=1)


@pytest.fixture(scope="module")
def server_process(tmp_path_factory, session_home):
    home = tmp_path_factory.mktemp("load-home")
    shutil.copytree(session_home / "index", home / "index")  # the server process loads it, not builds it
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_QA_")}
    env["POLICY_QA_HOME"] = str(home)
    proc = subprocess.Popen([sys.executable, "-m", "chat.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=1):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"server died: {proc.stderr.read()}")
            time.sleep(0.1)
    yield url, home
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.slow  # a server process and 10 s of load
def test_short_load_run_has_no_errors_and_loses_no_vote(server_process):
    url, home = server_process
    r = run_load(url, clients=10, seconds=10)
    assert r["errors"] == 0, r["error_samples"]
    assert r["votes_acknowledged"] > 0 and r["requests"] > 20
    assert lost_votes(str(home / "feedback.sqlite3"), r["vote_markers"]) == []


def test_llm_backend_down_end_to_end_through_the_api(retriever, monkeypatch):
    from fastapi.testclient import TestClient

    from chat.generate import make_generator
    from chat.web.api import create_api

    settings = load_settings(generator="openai", openai_base_url="http://127.0.0.1:9/v1", llm_timeout=1.0)
    client = TestClient(create_api(settings, retriever, generator=make_generator(settings)))
    body = client.post("/api/ask", json={"question": "镇海电厂那片会整个搬掉吗？"}).json()
    assert body["generator"] == "extractive" and body["citations"][0]["clause"] == "7"
    assert any("大模型暂时不可用" in n for n in body["notices"])
