import hashlib

import numpy as np
import pytest

from index.embedders import Embedder


class HashingEmbedder(Embedder):
    """A small deterministic embedder (character bigrams hashed into 64 dims) for storage tests, which
    check the index folder's logic, not retrieval quality; the real embedders have tests of their own."""

    def __init__(self, name: str = "test-hash", fail_after: int | None = None):
        self.name = name
        self.fail_after = fail_after
        self.calls = 0

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(64, np.float32)
        for a, b in zip(text, text[1:], strict=False):
            v[int(hashlib.md5((a + b).encode()).hexdigest(), 16) % 64] += 1.0
        return v / max(np.linalg.norm(v), 1e-9)

    def encode_passages(self, texts):
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise RuntimeError("embedding failed half-way (simulated crash)")
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, 64), np.float32)

    encode_queries = encode_passages


@pytest.fixture
def hashing_embedder():
    return HashingEmbedder()
