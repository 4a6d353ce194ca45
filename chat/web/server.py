"""Start the web server: the JSON API (`api.py`), the staff pages (`staff_documents.py`, `staff_vocabulary.py`)
and the integrations (`integrations.py`: `/v1`, `/retrieval`, `/mcp`) with the Gradio page (`page.py`) mounted
at `/`, all behind the `limits.Guard` middleware (body size, per-client rate, admission, security headers).
They share one `live.LiveRetriever`, which follows the index staff rebuild.

Binds to loopback unless told otherwise; a public bind needs an explicit flag and prints a warning.
"""

from __future__ import annotations

import sys
import time

from ..settings import Settings
from .hosts import is_loopback


def create_app(settings: Settings, *, notify=None):
    """The ASGI app (API + page + staff documents page) and the retriever it serves — a
    `live.LiveRetriever`, so a newly published index is answered from without a restart; builds the
    index first if there is none."""
    import gradio as gr

    from ingest import load_bundled

    from ..generate import make_generator
    from ..live import LiveRetriever
    from ..rebuild import Rebuilder
    from ..retriever import get_retriever, take_notices
    from .api import create_api
    from .integrations import mount_integrations
    from .limits import Guard
    from .page import CSS, build_page
    from .staff_documents import UPLOAD as DOCUMENT_UPLOAD
    from .staff_documents import create_documents_router
    from .staff_vocabulary import IMPORT as VOCABULARY_IMPORT
    from .staff_vocabulary import create_router as vocabulary_router

    retriever = LiveRetriever(settings, get_retriever(settings))
    for note in take_notices():
        if notify:
            notify(note)
    generator = make_generator(settings)
    rebuilder = Rebuilder(settings, on_published=retriever.refresh)
    app = create_api(settings, retriever, generator=generator,
                     routers=[create_documents_router(settings, retriever, rebuilder),
                              vocabulary_router(settings, retriever)])
    app.state.rebuilder = rebuilder  # the one rebuild job of this server (tests watch it)
    mount_integrations(app, settings, retriever, generator=generator, notify=notify)
    page = build_page(settings, retriever, generator=generator, meta=load_bundled().meta)
    # The page's own bounded queue: the same concurrency and queue length as the API's admission gate.
    page.queue(default_concurrency_limit=settings.max_concurrent, max_size=settings.max_queue)
    app = gr.mount_gradio_app(app, page, path="/", css=CSS)
    # Staff routes that take a file get their own body limit; every other body is capped at max_body_bytes.
    app.add_middleware(Guard, settings=settings, body_limits={DOCUMENT_UPLOAD: settings.max_upload_bytes,
                                                              VOCABULARY_IMPORT: settings.max_vocabulary_import_bytes})
    return app, retriever


def serve(settings: Settings, *, public: bool = False) -> None:
    import uvicorn

    if not is_loopback(settings.host) and not public:
        raise ValueError(f"refusing to bind to {settings.host}: that exposes the page beyond this machine. "
                         "Pass --public to do it on purpose, or use --host 127.0.0.1")
    t0 = time.perf_counter()
    app, _ = create_app(settings, notify=lambda m: print(f"policy-qa: {m}", file=sys.stderr))
    if not is_loopback(settings.host):
        print(f"policy-qa: WARNING: serving on {settings.host}, reachable from other machines; "
              "put it behind an authenticating proxy", file=sys.stderr)
    print(f"policy-qa: ready in {time.perf_counter() - t0:.1f} s → http://{settings.host}:{settings.port}/", file=sys.stderr)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning",
                proxy_headers=True, forwarded_allow_ips=settings.forwarded_allow_ips)
