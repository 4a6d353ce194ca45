"""Which feedback store serves this process: PostgreSQL when a database URL is set, else the SQLite file in
the home folder. Both follow `feedback.VoteStore`."""

from __future__ import annotations

from ..settings import Settings
from .feedback import FeedbackStore, VoteStore


def open_feedback_store(settings: Settings) -> VoteStore:
    """PostgreSQL when `settings.database_url` is set (one shared pool per process, schema migrated on first
    open), else the SQLite file in `settings.home`."""
    if settings.database_url:
        from .feedback_pg import shared_postgres_store

        return shared_postgres_store(settings.database_url, pool_size=settings.db_pool_size, timeout=settings.db_timeout)
    return FeedbackStore(settings.feedback_db)
