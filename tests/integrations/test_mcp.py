"""The MCP server, driven by the `mcp` SDK's own client: over stdio (`policy-qa mcp` as a subprocess) and
over streamable HTTP (`/mcp` on the live server)."""

from __future__ import annotations

import sys
from pathlib import Path

import anyio
import pytest

from .conftest import API_KEY

pytest.importorskip("mcp", reason="the MCP tests need the mcp extra: pip install -e '.[mcp]'")

ROOT = Path(__file__).resolve().parents[2]
DOC_URI = "policy-qa://documents/zhenhai-2023-31"


def stdio_client(home: Path):
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    env = {"POLICY_QA_HOME": str(home), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    params = StdioServerParameters(command=sys.executable, args=["-m", "chat.cli", "mcp"], env=env, cwd=str(ROOT))
    return Client(params, read_timeout_seconds=120)


def http_client(url: str, key: str | None = API_KEY):
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return Client(streamable_http_client(f"{url}/mcp", http_client=httpx2.AsyncClient(headers=headers, timeout=60)))


async def exercise(client, retriever) -> None:
    """Every tool and resource once, checked against the index itself."""
    async with client:
        tools = {t.name for t in (await client.list_tools()).tools}
        assert {"search_clauses", "get_clause", "ask"} <= tools

        found = await client.call_tool("search_clauses", {"query": "镇海电厂以后要整体迁走吗？", "top_k": 3})
        assert not found.is_error
        results = found.structured_content["results"]
        assert len(results) == 3 and results[0]["key"] == "7" and results[0]["text"] == retriever.by_key["7"].text
        assert results[0]["score"] >= results[1]["score"] >= results[2]["score"]

        clause = await client.call_tool("get_clause", {"key": "footer"})
        assert clause.structured_content["text"] == retriever.by_key["footer"].text
        assert clause.structured_content["label"] == "文尾"
        missing = await client.call_tool("get_clause", {"key": "99"})
        assert missing.is_error and "no clause '99'" in missing.content[0].text

        asked = await client.call_tool("ask", {"question": "镇海电厂以后要整体迁走吗？"})
        body = asked.structured_content
        assert body["refused"] is False and body["citations"][0]["clause"] == "7" and "〔第7条〕" in body["answer"]
        follow = await client.call_tool("ask", {"question": "这条里还有什么要求？", "history": [
            {"role": "user", "content": "镇海电厂以后要整体迁走吗？"}, {"role": "assistant", "content": body["answer"]}]})
        assert follow.structured_content["citations"][0]["clause"] == "7"

        resources = (await client.list_resources()).resources
        assert [str(r.uri) for r in resources] == [DOC_URI]
        text = (await client.read_resource(DOC_URI)).contents[0].text
        assert text.startswith("〔文头〕") and ("〔第7条〕" + retriever.by_key["7"].text) in text


def test_stdio_transport(index_home, retriever):
    anyio.run(exercise, stdio_client(index_home), retriever)


def test_streamable_http_transport(live_server, retriever):
    anyio.run(exercise, http_client(live_server), retriever)


def test_http_without_the_key_is_refused(live_server):
    import httpx

    async def connect() -> None:
        async with http_client(live_server, key="sk-wrong") as client:
            await client.list_tools()

    with pytest.raises(Exception) as e:  # noqa: B017 - the SDK reports the 401 as an MCPError in a task group
        anyio.run(connect)
    assert "Server returned an error response" in repr(e.value)
    r = httpx.post(f"{live_server}/mcp", json={}, headers={"Authorization": "Bearer sk-wrong"})
    assert r.status_code == 401 and API_KEY not in r.text


def test_search_tool_rejects_unknown_document(live_server):
    async def call():
        async with http_client(live_server) as client:
            return await client.call_tool("search_clauses", {"query": "电厂", "document": "nope"})

    result = anyio.run(call)
    assert result.is_error and "no document 'nope'" in result.content[0].text
