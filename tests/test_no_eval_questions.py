"""No test carries a benchmark question: tests are written in their own words, so tuning until the tests
pass cannot quietly tune on eval/data/*.jsonl.

A string literal or comment in tests/ matches a question when, after NFKC, lower-casing and dropping
everything but letters and digits, it equals the question, contains it (questions of 6+ characters), or,
for text of 10+ characters, shares more than 60% of its character bigrams with it (Jaccard)."""

import ast
import functools
import io
import json
import tokenize
import unicodedata
from pathlib import Path

TESTS = Path(__file__).parent
EVAL_DATA = TESTS.parent / "eval" / "data"
JACCARD = 0.6


def normalize(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def eval_questions() -> list[tuple[str, str]]:
    """(file:id, question) for every question of every split."""
    out = []
    for path in sorted(EVAL_DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                rec = json.loads(line)
                out.append((f"{path.name}:{rec['id']}", rec["question"]))
    return out


def texts_of(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal (f-string parts included) and every comment."""
    found = [(n.lineno, n.value) for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    found += [(t.start[0], t.string) for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.COMMENT]
    return found


@functools.lru_cache(maxsize=4)
def _prepared(questions: tuple[tuple[str, str], ...]) -> list[tuple[str, str, str, set[str]]]:
    return [(where, q, normalize(q), bigrams(normalize(q))) for where, q in questions]


def matches(text: str, questions) -> list[str]:
    """The questions `text` repeats verbatim or nearly (see the module docstring)."""
    n = normalize(text)
    if len(n) < 4:
        return []
    g = bigrams(n)
    hits = []
    for where, _q, qn, qg in _prepared(tuple(questions)):
        jaccard = len(g & qg) / len(g | qg) if g | qg else 0.0
        # subtle: the bigram rule is for question-length text; a term (知识产权) is not a question.
        if n == qn or (len(qn) >= 6 and qn in n) or (len(n) >= 10 and jaccard > JACCARD):
            hits.append(where)  # subtle: never the question's text — it may be a held-out one
    return hits


def test_the_matcher_catches_copies_and_light_edits_and_nothing_else():
    questions = eval_questions()
    assert len(questions) >= 150
    where, q = next((w, q) for w, q in questions if len(normalize(q)) >= 10)
    assert matches(q, questions) and matches("前缀：" + q + "（后缀）", questions)
    assert matches(q[:-2] + "呢？", questions)  # a light edit at the end
    assert matches("The tokenizer keeps corpus terms whole.", questions) == []


@functools.lru_cache(maxsize=1)
def document_lines() -> frozenset[str]:
    """Every line and title of the documents questions are asked about, normalized: the bundled
    resolution and tests/data (a title, a heading, a clause's paragraph)."""
    from ingest import load_document

    paths = [TESTS.parent / "ingest" / "data" / "zhenhai-2023-31.txt", *sorted((TESTS / "data").glob("*.txt"))]
    titles = {normalize(load_document(p).meta.title) for p in paths}  # a title may span two lines
    return frozenset({*titles, *(normalize(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines())})


def quotes_a_document(text: str) -> bool:
    """A test asserting a whole line of a document (a title) quotes the document, not a question, even
    when a question names that title. Only whole lines: a question built around a quote still counts."""
    n = normalize(text)
    return len(n) >= 6 and n in document_lines()


def test_no_test_file_contains_an_eval_question():
    questions = eval_questions()
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        for line, text in texts_of(path.read_text(encoding="utf-8")):
            if quotes_a_document(text):
                continue
            found += [f"{path.relative_to(TESTS.parent)}:{line}: {text[:60]!r} ~ {hit}" for hit in matches(text, questions)]
    assert not found, "tests repeat eval questions; reword them in your own words:\n" + "\n".join(found)
