"""Fixtures of the reliability tests: a served home with the default index, and a live server in a thread."""

import contextlib
import threading
import time

import pytest

QUESTION = "沿江大道和常洪大桥有什么安排"  # our own wording; answered from 〔第7条〕



@pytest.fixture(scope="session")
def served_home(tmp_path_factory):
    """A home folder with the default index built once, for the live servers of these tests."""
    from chat.retriever import build_index
    from chat.settings import load_settings

    home = tmp_path_factory.mktemp("served-home")
    build_index(load_settings(home=home))
    return home


@contextlib.contextmanager
def live_server(settings):
    """The real app (`create_app`: API + page + middleware) under uvicorn in a thread on 127.0.0.1;
    yields its base URL."""
    from chat.web.server import create_app

    app, _ = create_app(settings)
    with serve_app(app) as url:
        yield url


@contextlib.contextmanager
def serve_app(app):
    """`app` under uvicorn in a thread on a free port of 127.0.0.1; yields its base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(300):
        if server.started:
            break
        time.sleep(0.05)
    else:
        raise RuntimeError("the test server did not start")
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
