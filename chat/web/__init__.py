"""Serving: the Gradio page (`page.py`), the JSON API (`api.py`), the server that mounts both
(`server.py`) and the feedback store (`feedback.py`). Nothing here retrieves or generates; every
answer comes from `chat.answer_stream`.
"""
