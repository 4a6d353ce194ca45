"""The one settings object: defaults, overridden by `POLICY_QA_*` environment variables, then CLI flags.

Owns names, defaults and validation of every knob; the stages receive plain keyword arguments.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

ENV_PREFIX = "POLICY_QA_"
#: List settings written comma-separated (the others are path lists, `:`-separated).
COMMA_LISTS = ("api_keys", "mcp_allowed_hosts")
#: The names index.retrieve.BRIDGES knows (kept here so `import chat` stays light; a test checks they agree).
BRIDGES = ("chars", "cedict", "concepts", "staff")


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "policy-qa"


@dataclass(frozen=True)
class Settings:
    """Every setting, with its default. Environment: `POLICY_QA_<NAME>` (e.g. `POLICY_QA_TOP_K=3`)."""

    home: Path = field(default_factory=_default_home)  # index, feedback database
    docs: tuple[str, ...] = ()  # extra documents indexed beside the bundled resolution
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
    max_history_turns: int = 4  # earlier turns a follow-up may lean on; older ones are dropped
    max_history_chars: int = 2000  # each earlier question or answer is clipped to this
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

    @property
    def index_dir(self) -> Path:
        return Path(self.home) / "index"

    @property
    def feedback_db(self) -> Path:
        return Path(self.home) / "feedback.sqlite3"

    @property
    def vocabulary_file(self) -> Path:
        """Staff mappings (everyday word → official word, with who and when); see chat/web/vocab_store.py."""
        return Path(self.home) / "vocabulary.json"

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
        if self.max_question_chars < 10:
            raise ValueError(f"max_question_chars must be >= 10, got {self.max_question_chars}")
        if not 0 <= self.max_history_turns <= 50:
            raise ValueError(f"max_history_turns must be between 0 and 50, got {self.max_history_turns}")
        if self.max_history_chars < 10:
            raise ValueError(f"max_history_chars must be >= 10, got {self.max_history_chars}")
        if self.database_url and not self.database_url.startswith(("postgresql://", "postgres://")):
            raise ValueError("database_url must start with postgresql:// (e.g. postgresql://user@127.0.0.1:5432/policyqa), "
                             f"got one starting {self.database_url.split(':', 1)[0]!r}; leave it empty for SQLite")
        for name in ("db_pool_size", "max_retrieval_top_k",
                     "retrieval_candidates"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.db_timeout <= 0:
            raise ValueError(f"db_timeout must be > 0 seconds, got {self.db_timeout}")


def _coerce(name: str, value: object) -> object:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if not isinstance(value, str):
        return tuple(value) if kind.startswith("tuple") and not isinstance(value, tuple) else value
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
        if name == "openai_api_key":  # the key itself, read only by the openai generator
            continue
        if name not in known:
            raise ValueError(f"unknown environment setting {key}; known: "
                             + ", ".join(ENV_PREFIX + k.upper() for k in sorted(known)))
        env[name] = value
    return Settings().replace(**env).replace(**overrides)


def settings_from_args(args, *names: str) -> Settings:
    """`load_settings` with the CLI flags `names` of an argparse namespace (unset flags are None)."""
    return load_settings(**{n: getattr(args, n, None) for n in names})
