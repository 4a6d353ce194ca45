"""The one settings object: defaults, overridden by `POLICY_QA_*` environment variables, then CLI flags.

Owns names, defaults and validation of every knob; the stages receive plain keyword arguments.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

ENV_PREFIX = "POLICY_QA_"
#: List settings written comma-separated (the others are path lists, `:`-separated).
COMMA_LISTS = ("api_keys", "mcp_allowed_hosts", "short_names")
#: The names index.retrieve.BRIDGES knows (kept here so `import chat` stays light; a test checks they agree).
BRIDGES = ("chars", "cedict", "concepts", "staff", "examples")
# One item of a rate limit in the syntax of the `limits` package: "10/second", "300 per 5 minutes".
_RATE = re.compile(r"^\s*\d+\s*(/|per)\s*(\d+\s*)?(second|minute|hour|day)s?\s*$", re.I)


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "policy-qa"


@dataclass(frozen=True)
class Settings:
    """Every setting, with its default. Environment: `POLICY_QA_<NAME>` (e.g. `POLICY_QA_TOP_K=3`)."""

    home: Path = field(default_factory=_default_home)  # index, feedback database
    docs: tuple[str, ...] = ()  # extra documents indexed beside the bundled resolution
    short_names: tuple[str, ...] = ()  # doc_id=name (comma-separated): what citations call a document (〔name:第12条〕) instead of the short name derived from its title
    embedder: str = "e5-small-q4"  # or st:<name-or-path>
    retriever: str = "hybrid"  # bm25 | dense | hybrid
    top_k: int = 5
    dense_weight: float = 0.4  # weight of the dense ranking in the hybrid fusion (tuned on dev)
    reranker: str = ""  # st:<cross-encoder name-or-path>; empty = off
    bridges: str = ",".join(BRIDGES)  # comma list: how question words reach the document's (index.retrieve)
    approx_threshold: int = 50_000  # vectors; above it the FAISS index is HNSW instead of exact
    generator: str = "extractive"  # extractive | openai | hf
    openai_base_url: str = "http://127.0.0.1:11434/v1"
    openai_model: str = "qwen2.5:7b-instruct"
    openai_api_key_env: str = "POLICY_QA_OPENAI_API_KEY"  # the *name* of the variable holding the key
    hf_model: str = ""  # a local path or name of a causal LM (folder, or a .gguf file)
    llm_timeout: float = 30.0  # seconds
    max_question_chars: int = 500
    host: str = "127.0.0.1"
    port: int = 7860
    # Integrations (chat/web/openai_compat.py, dify.py, mcp_server.py) and shared storage.
    api_keys: tuple[str, ...] = field(default=(), repr=False)  # bearer keys for /v1, /retrieval, /mcp (comma-separated); empty = open
    database_url: str = field(default="", repr=False)  # postgresql://… moves feedback to PostgreSQL; empty = SQLite in home
    db_pool_size: int = 10  # PostgreSQL connections per server process
    db_timeout: float = 5.0  # seconds to wait for a PostgreSQL connection before a vote is reported as not saved
    max_retrieval_top_k: int = 20  # cap on top_k for Dify retrieval and the MCP search tool
    retrieval_candidates: int = 100  # clauses searched before a document or metadata filter is applied
    mcp_allowed_hosts: tuple[str, ...] = ()  # Host headers /mcp accepts besides loopback (comma-separated, host:port)
    # Limits on what one request may cost (chat/web/limits.py, clip_history below).
    max_body_bytes: int = 65_536  # larger request bodies get 413 before they are read or parsed
    max_vocabulary_import_bytes: int = 262_144  # the staff vocabulary import (a TSV file) may be this large
    review_queue_items: int = 30  # questions the staff vocabulary queue shows at most (each is searched again)
    history_turns: int = 3  # earlier (question, answer) turns kept for a follow-up
    history_question_chars: int = 200  # each earlier question (it joins the follow-up's retrieval query)
    history_answer_chars: int = 2_000  # each earlier answer (its citations resolve "it", "这一条")
    feedback_text_chars: int = 20_000  # question, answer and comment of a vote are clipped to this
    feedback_citations: int = 50  # more citations in one vote are refused (422)
    feedback_citation_chars: int = 100  # longer citation keys are refused (422)
    # Admission control: per-client rate limit and a global concurrency limit with a bounded queue.
    rate_limit: str = "10/second;300/minute"  # per client address ("limits" syntax); empty = off
    max_concurrent: int = 4  # answers computed at once (API; the page's Gradio queue gets the same)
    max_queue: int = 48  # requests waiting for a slot; more are answered 503 at once
    max_concurrent_votes: int = 16  # votes written at once (they wait on the disk, not the CPU; group commit)
    queue_timeout: float = 10.0  # seconds a queued request may wait before it gets 503
    forwarded_allow_ips: str = "127.0.0.1"  # proxies whose X-Forwarded-For names the client (uvicorn)
    # Headers, docs and staff access (chat/web/security.py).
    frame_ancestors: str = "'self'"  # CSP frame-ancestors: who may embed the page, e.g. "'self' https://portal.example.gov.cn"
    api_docs: bool = False  # /api/docs from local assets (needs the `docs` extra)
    staff_token_env: str = "POLICY_QA_STAFF_TOKEN"  # the *name* of the variable holding the staff token
    # Index publication (index/store.py): versions kept beside the current one, builder lock wait.
    index_keep_versions: int = 2
    index_lock_timeout: float = 900.0
    # Staff documents (chat/uploads.py): what one upload may cost. Its bytes, counted while it streams in;
    # its paragraphs (a bound on its clauses and on the parse); a .docx's XML unpacked (a zip bomb).
    max_upload_bytes: int = 20 * 1024 * 1024
    max_upload_paragraphs: int = 20_000
    max_docx_xml_bytes: int = 16 * 1024 * 1024
    # The staging folder (uploads not yet published or discarded): how many, how many bytes together, how long.
    max_staged_uploads: int = 20
    max_staged_bytes: int = 200 * 1024 * 1024
    staged_upload_hours: float = 24.0  # older staged uploads are removed (they were never published)

    @property
    def index_dir(self) -> Path:
        return Path(self.home) / "index"

    @property
    def documents_dir(self) -> Path:
        """Documents staff added on the documents page (indexed beside the bundled resolution and `docs`);
        `.staging/` holds uploads not yet published, `.removed/` the ones taken out (see chat/documents.py)."""
        return Path(self.home) / "documents"

    @property
    def feedback_db(self) -> Path:
        return Path(self.home) / "feedback.sqlite3"

    @property
    def vocabulary_file(self) -> Path:
        """Staff mappings (everyday word → official word, with who and when); see chat/web/vocab_store.py."""
        return Path(self.home) / "vocabulary.json"

    @property
    def examples_file(self) -> Path:
        """Example questions staff attached to clauses (with who and when); see index/examples.py."""
        return Path(self.home) / "examples.json"

    @property
    def short_name_map(self) -> dict[str, str]:
        """`short_names` as doc_id → name."""
        return dict(item.split("=", 1) for item in self.short_names)

    @property
    def bridge_list(self) -> tuple[str, ...]:
        return tuple(b.strip() for b in self.bridges.split(",") if b.strip())

    def replace(self, **changes: object) -> Settings:
        """A copy with `changes` applied (None values ignored); unknown names are an error."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        clean = {k: _coerce(k, v) for k, v in changes.items() if v is not None}
        new = dataclasses.replace(self, **clean)
        new.validate()
        return new

    def validate(self) -> None:
        if self.top_k <= 0:
            raise ValueError(f"top_k must be > 0, got {self.top_k}")
        if self.retriever not in ("bm25", "dense", "hybrid"):
            raise ValueError(f"retriever must be bm25, dense or hybrid, got {self.retriever!r}")
        if self.generator not in ("extractive", "openai", "hf"):
            raise ValueError(f"generator must be extractive, openai or hf, got {self.generator!r}")
        if not 0.0 <= self.dense_weight <= 1.0:
            raise ValueError(f"dense_weight must be between 0 and 1, got {self.dense_weight}")
        unknown = [b for b in self.bridge_list if b not in BRIDGES]
        if unknown:
            raise ValueError(f"bridges has unknown name(s) {unknown}; choose from {', '.join(BRIDGES)} (comma-separated)")
        bad = [item for item in self.short_names if "=" not in item or not all(p.strip() for p in item.split("=", 1))]
        if bad:
            raise ValueError(f"short_names must be doc_id=name pairs (e.g. law-xingzheng-chufa=处罚法), got {bad}")
        if self.max_question_chars < 10:
            raise ValueError(f"max_question_chars must be >= 10, got {self.max_question_chars}")
        if self.database_url and not self.database_url.startswith(("postgresql://", "postgres://")):
            raise ValueError("database_url must start with postgresql:// (e.g. postgresql://user@127.0.0.1:5432/policyqa), "
                             f"got one starting {self.database_url.split(':', 1)[0]!r}; leave it empty for SQLite")
        for name in ("db_pool_size", "max_retrieval_top_k",
                     "retrieval_candidates"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.staged_upload_hours <= 0:
            raise ValueError(f"staged_upload_hours must be > 0, got {self.staged_upload_hours}")
        if self.db_timeout <= 0:
            raise ValueError(f"db_timeout must be > 0 seconds, got {self.db_timeout}")
        for name in ("max_body_bytes", "max_vocabulary_import_bytes", "history_question_chars", "history_answer_chars",
                     "feedback_text_chars", "feedback_citations", "feedback_citation_chars", "max_concurrent", "review_queue_items",
                     "max_concurrent_votes", "max_upload_bytes", "max_upload_paragraphs", "max_docx_xml_bytes",
                     "max_staged_uploads", "max_staged_bytes"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        for name in ("history_turns", "max_queue", "index_keep_versions"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}")
        if not self.frame_ancestors.strip() or any(c in self.frame_ancestors for c in ";,\r\n"):
            raise ValueError("frame_ancestors must be CSP sources separated by spaces, e.g. "
                             f"\"'self' https://portal.example.gov.cn\", got {self.frame_ancestors!r}")
        if self.rate_limit and not all(_RATE.match(part) for part in re.split(r"[;,]", self.rate_limit)):
            raise ValueError(f"rate_limit must look like '10/second;300/minute' (empty = off), got {self.rate_limit!r}")


def _coerce(name: str, value: object) -> object:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if not isinstance(value, str):
        return tuple(value) if kind.startswith("tuple") and not isinstance(value, tuple) else value
    if kind == "bool":
        if value.strip().lower() in ("1", "true", "yes", "on"):
            return True
        if value.strip().lower() in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"setting {name} must be true or false (1/0, yes/no, on/off), got {value!r}")
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
    except ValueError as e:
        raise ValueError(f"setting {name} must be a {kind}, got {value!r}") from e
    if kind == "Path":
        return Path(value).expanduser()
    if kind.startswith("tuple"):
        sep = "," if name in COMMA_LISTS else os.pathsep
        return tuple(p.strip() for p in value.split(sep) if p.strip())
    return value


def load_settings(**overrides: object) -> Settings:
    """Defaults ← `POLICY_QA_*` environment ← `overrides` (CLI flags). Unknown env names are an error."""
    env: dict[str, object] = {}
    known = {f.name for f in fields(Settings)}
    for key, value in os.environ.items():
        if not key.startswith(ENV_PREFIX):
            continue
        name = key[len(ENV_PREFIX) :].lower()
        if name in ("openai_api_key", "staff_token"):  # secrets: read only where used, never kept here
            continue
        if name not in known:
            raise ValueError(f"unknown environment setting {key}; known: "
                             + ", ".join(ENV_PREFIX + k.upper() for k in sorted(known)))
        env[name] = value
    return Settings().replace(**env).replace(**overrides)


def settings_from_args(args, *names: str) -> Settings:
    """`load_settings` with the CLI flags `names` of an argparse namespace (unset flags are None)."""
    return load_settings(**{n: getattr(args, n, None) for n in names})


def clip_history(history, settings: Settings) -> list:
    """Bound what earlier turns may cost: keep the last `history_turns` turns, clip each earlier question
    to `history_question_chars` and each answer to `history_answer_chars`, replace invalid Unicode,
    drop what is not a turn. Messages stay messages, pairs stay pairs (what `question.normalize_history`
    reads). At most `history_turns * (history_question_chars + history_answer_chars)` characters remain.

    >>> s = Settings(history_turns=1, history_question_chars=4)
    >>> clip_history([("第一个问题很长", "a"), ("那第二个问题呢", "b")], s)
    [('那第二个', 'b')]
    """
    if not isinstance(history, (list, tuple)) or settings.history_turns == 0:
        return []
    # subtle: slice first, so a history of a million items costs no more than one of six.
    tail = list(history[-2 * settings.history_turns :])
    out: list = []
    for item in tail:
        if isinstance(item, dict):
            role = item.get("role")
            if role not in ("user", "assistant"):
                continue
            limit = settings.history_question_chars if role == "user" else settings.history_answer_chars
            out.append({"role": role, "content": _clip_text(item.get("content"), limit)})
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            out.append((_clip_text(item[0], settings.history_question_chars),
                        _clip_text(item[1], settings.history_answer_chars)))
    if out and isinstance(out[0], tuple):
        return out[-settings.history_turns :]
    return out


def _clip_text(value: object, limit: int) -> str:
    if isinstance(value, list):  # Gradio content blocks
        value = "".join(b.get("text", "") for b in value[:20] if isinstance(b, dict) and isinstance(b.get("text"), str))
    if not isinstance(value, str):
        return ""
    # subtle: cut before re-encoding, so a 60 KB turn costs the same as a short one.
    return value[: limit * 2].encode("utf-8", "replace").decode("utf-8")[:limit]
