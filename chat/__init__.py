"""Stage 3 — question → verified, cited answer; also the page, the JSON API and the `policy-qa` CLI.

Entry point: `answer(question, history=None)`. The answering core (`answer.py`, `question.py`,
`refusal.py`, `verify.py`, `generate/`) never imports `web/`, the CLI or `eval`. Importing this
package loads no model and no torch.
"""

from .answer import answer, answer_stream
from .errors import BackendUnavailableError, QuestionError
from .records import Answer, Citation, Generator, Plan, RefusalReason
from .settings import Settings, load_settings

__all__ = [
    "Answer",
    "BackendUnavailableError",
    "Citation",
    "Generator",
    "Plan",
    "QuestionError",
    "RefusalReason",
    "Settings",
    "answer",
    "answer_stream",
    "load_settings",
]
