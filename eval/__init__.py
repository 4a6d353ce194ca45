"""Stage 4 — the benchmark: question sets, metrics, a side-by-side comparison and a report.

Entry point: `run(questions)`; `load_questions(path)` reads a question file (EVAL_FORMAT.md).
"""

from .metrics import answer_metrics, first_rank, mrr, ndcg_at, percentile, recall_at
from .questions import Question, QuestionFileError, load_questions
from .report import write_outputs
from .run import compare, run

__all__ = [
    "Question",
    "QuestionFileError",
    "answer_metrics",
    "compare",
    "first_rank",
    "load_questions",
    "mrr",
    "ndcg_at",
    "percentile",
    "recall_at",
    "run",
    "write_outputs",
]
