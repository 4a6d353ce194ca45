"""Stage 3 — question → cited answer; also the chat page and the CLI."""
