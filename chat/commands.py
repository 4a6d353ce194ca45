"""Subcommands beyond `ingest`: index, search, ask, serve, eval, feedback (wired in `add_commands`)."""

from __future__ import annotations


def add_commands(subs, sub) -> None:
    """Register the later stages' subcommands on the `policy-qa` parser."""
