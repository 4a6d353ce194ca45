"""Dense vector search with FAISS: exact inner product for small corpora, HNSW past a size.

Vectors are L2-normalized, so inner product is cosine similarity. Embedding is `embedders.py`'s job.
"""

from __future__ import annotations

import numpy as np

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96


def build_faiss(vectors: np.ndarray, *, approx_threshold: int = 50_000):
    """An exact `IndexFlatIP`, or an `IndexHNSWFlat` (inner product) when there are more than
    `approx_threshold` vectors. `vectors`: (n, dim) float32, L2-normalized."""
    import faiss

    if vectors.ndim != 2 or vectors.dtype != np.float32:
        raise ValueError(f"vectors must be a (n, dim) float32 array, got {vectors.dtype} {vectors.shape}")
    n, dim = vectors.shape
    if n > approx_threshold:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dim)
    index.add(np.ascontiguousarray(vectors))
    return index


def search(index, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-k (scores, ids) per query; ids are -1 where fewer than k vectors exist.

    queries: (n_queries, dim) float32 → scores (n_queries, k) float32, ids (n_queries, k) int64.
    """
    if k <= 0:
        raise ValueError(f"k must be > 0, got {k}")
    k = min(k, max(index.ntotal, 1))
    return index.search(np.ascontiguousarray(queries, dtype=np.float32), k)


def brute_force(vectors: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The same search in plain numpy, the reference the FAISS path is checked against."""
    scores = queries @ vectors.T  # (n_queries, n)
    ids = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(scores, ids, axis=1), ids
