"""Stage 2 — clauses → FAISS + BM25 indexes, and hybrid retrieval over them.

Entry points: `build(clauses)`, `load(index_dir)`, `Retriever(index).search(query)`.
"""

from .dense import brute_force, build_faiss, search
from .embedders import DEFAULT_EMBEDDER, E5SmallQ4, Embedder, SentenceTransformerEmbedder, load_embedder
from .errors import (
    CorpusChangedError,
    EmbedderUnavailableError,
    IndexCorruptError,
    IndexError_,
    IndexFormatError,
    IndexMismatchError,
    IndexNotFoundError,
)
from .lexical import Tokenizer, corpus_terms
from .retrieve import BRIDGES, Hit, Retriever, fuse_scores, rrf
from .store import Index, build, corpus_hash, load, save
from .vocabulary import Concept, StaffMapping, Vocabulary, bundled_concepts

__all__ = [
    "BRIDGES",
    "Concept",
    "StaffMapping",
    "Vocabulary",
    "bundled_concepts",
    "DEFAULT_EMBEDDER",
    "E5SmallQ4",
    "Embedder",
    "EmbedderUnavailableError",
    "Hit",
    "Index",
    "IndexCorruptError",
    "IndexError_",
    "IndexFormatError",
    "IndexMismatchError",
    "CorpusChangedError",
    "IndexNotFoundError",
    "Retriever",
    "SentenceTransformerEmbedder",
    "Tokenizer",
    "brute_force",
    "build",
    "build_faiss",
    "corpus_hash",
    "corpus_terms",
    "fuse_scores",
    "load",
    "load_embedder",
    "rrf",
    "save",
    "search",
]
