"""Mounts the endpoints other ecosystems call beside the page and the JSON API: the OpenAI-compatible
chat (`/v1`), Dify external knowledge (`/retrieval`) and MCP over streamable HTTP (`/mcp`).

Owns only which adapters are mounted and where; each adapter module owns its wire format. MCP is
mounted only when the `mcp` extra is installed (the others need nothing beyond the core).
"""

from __future__ import annotations

from ..settings import Settings


def mount_integrations(app, settings: Settings, retriever, *, generator=None, notify=None) -> None:
    """Add the integration routes to `app`; call before the page is mounted at `/`, which catches the rest."""
    from .dify import create_dify_router
    from .openai_compat import create_openai_router

    app.include_router(create_openai_router(settings, retriever, generator=generator))
    app.include_router(create_dify_router(settings, retriever))
    try:
        from .mcp_server import build_mcp, mount_mcp

        mount_mcp(app, build_mcp(settings, retriever, generator=generator), settings)
    except ImportError as e:
        if notify:
            notify(f"/mcp not served: {e}")
