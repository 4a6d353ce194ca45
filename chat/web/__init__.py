"""Serving: the Gradio page (`page.py`), the JSON API (`api.py`), the adapters for other ecosystems
mounted beside them by `integrations.py` (`openai_compat.py`, `dify.py`, `mcp_server.py`, with `search.py`
and `keys.py`), the server that mounts all of it (`server.py`) and the vote stores (`feedback.py`: SQLite
and the interface; `feedback_pg.py`: PostgreSQL). Nothing here retrieves or generates; every answer comes
from `chat.answer` / `chat.answer_stream`, every search from the `index.Retriever`.
"""
