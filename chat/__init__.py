"""Stage 3 — question → cited answer; also the chat page (`page.py`), the JSON API and the CLI.

Entry point: `answer(question, history=None)`. Importing this package loads no model and no torch.
"""

from .answer import answer, answer_stream
from .errors import BackendUnavailableError, QuestionError
from .records import Answer, Citation
from .settings import Settings, load_settings

__all__ = [
    "Answer",
    "BackendUnavailableError",
    "Citation",
    "QuestionError",
    "Settings",
    "answer",
    "answer_stream",
    "load_settings",
]
