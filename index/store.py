"""Build, save and load the index folder: FAISS + BM25 over clause and sentence units, with a manifest.

Folder layout:
    manifest.json   format version, embedder, dimension, normalization, counts, corpus hash, checksums
    clauses.jsonl   the clauses indexed (so search and answers cite exactly what was indexed)
    units.jsonl     the retrieval units (clause or sentence) in vector order
    dense.faiss     the FAISS index
    bm25/           the bm25s index; terms.json the corpus terms taught to the tokenizer
    bridge.json     the dictionary bridge (bridge.py); bridge_bm25/ BM25 over the dictionary words of units
Publication (`publish.py`): `out_dir` is a symlink to a complete version folder in `<out_dir>.versions/`.
`save` writes a new version under a hidden temporary name, renames it to its final name and switches
the link with one atomic rename, all under the builder lock, so a reader sees the old index or the new
one, never a missing or half-written one, and a failed build never touches the previous index; then it
removes old versions nobody reads (all but the current one and `keep` before it). A plain index folder
(the older layout) is moved among the versions on the first rebuild. `load` resolves the link once,
reads that version under a shared lock, and verifies the manifest and every checksum.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ingest import Clause

from .bridge import Bridge, supplement_text
from .dense import build_faiss
from .embedders import DEFAULT_EMBEDDER, Embedder, load_embedder
from .errors import (
    CorpusChangedError,
    IndexCorruptError,
    IndexFormatError,
    IndexMismatchError,
    IndexNotFoundError,
)
from .lexical import Tokenizer, build_bm25, corpus_terms
from .publish import building, lock_folder, point, remove_old_versions, versions_dir
from .units import WHOLE, Unit, make_units
from .vocabulary import bundled_terms

#: 2: role units and the dictionary bridge. 3: clauses carry `context` and `paragraphs` (ingest issue 13).
#: 4: clauses carry `cite_as`, the document's name in citations (〔行政处罚法:第12条〕); the bridge
#: carries `english_terms`. 5: a clause's vector mixes its opening embedded whole with its sentences'
#: (WHOLE_TEXT_WEIGHT). 6: the bridge carries `english_idf` (coverage weighs English words by it).
#: 7: the bridge's English keys read a verb after "to" in its base form (bridge.sense_keys). 8: a citation
#: name longer than CITATION_NAME_CHARS keeps its kind (…支持力…通知, not …支持力度的通); the bridge's synonyms
#: take CC-CEDICT's abbreviations of corpus words (交警 → 交通警察).
#: An index of an older format is rebuilt (chat/retriever.py).
FORMAT_VERSION = 8
MANIFEST = "manifest.json"


@dataclass
class Index:
    """A loaded index: the clauses, their units, the FAISS and BM25 indexes, the tokenizer, and the
    dictionary bridge with the BM25 index over the dictionary words of the units."""

    clauses: list[Clause]
    units: list[Unit]
    faiss: object
    bm25: object
    tokenizer: Tokenizer
    manifest: dict
    bridge: Bridge
    bridge_bm25: object

    @property
    def embedder_name(self) -> str:
        return self.manifest["embedder"]


def corpus_hash(clauses: list[Clause]) -> str:
    """A hash of what gets indexed: every clause's key, citation name and text, in order."""
    h = hashlib.sha256()
    for c in clauses:
        cite = f"\x1d{c.cite_as}" if c.cite_as else ""  # subtle: absent for the bundled resolution, whose hash stays
        h.update(f"{c.key}{cite}\x1f{c.text}\x1e".encode())
    return h.hexdigest()


def vocabulary_hash() -> str:
    """A hash of the bundled concept vocabulary's terms and of the dictionary supplement, which the bridge
    is built from: an index built with other files is out of date like one of an older format, and is
    rebuilt."""
    return hashlib.sha256(("\x1f".join(sorted(bundled_terms())) + "\x1e" + supplement_text()).encode()).hexdigest()


def build(
    clauses: list[Clause],
    *,
    embedder: str | Embedder = DEFAULT_EMBEDDER,
    out_dir: str | Path | None = None,
    approx_threshold: int = 50_000,
    progress=None,
    keep_versions: int = 2,
) -> Index:
    """Embed and index `clauses`; save to `out_dir` (atomically) when given.

    Args:
        clauses: the clauses of every document to index, in order.
        embedder: an embedder name (`e5-small-q4`, `st:...`) or instance.
        out_dir: the index folder; replaced only after the new index is completely written.
        approx_threshold: above this many vectors, FAISS uses HNSW instead of exact search.
        progress: optional callable(done, total) for a progress bar.
        keep_versions: earlier versions kept beside the published one (see `save`).
    Raises:
        ValueError: no clauses, or duplicate clause keys.
    """
    if not clauses:
        raise ValueError("nothing to index: no clauses; check the documents passed to ingest")
    dupes = sorted(k for k, n in Counter(c.key for c in clauses).items() if n > 1)
    if dupes:
        raise ValueError(f"duplicate clause keys {dupes}; give each document a distinct file name")
    emb = load_embedder(embedder) if isinstance(embedder, str) else embedder
    units = make_units(clauses)
    # The lexical side is pure Python and the embedder spends its time in native code that releases
    # the GIL, so the two run side by side (the bundled resolution: about 3.5 s in a row, 2.7–2.95 s so).
    with ThreadPoolExecutor(max_workers=1) as pool:
        lexical = pool.submit(_lexical_side, clauses, units)
        vectors = _unit_vectors(emb, units, progress)  # (n_units, dim) float32
        tokenizer, bm25, bridge, bridge_bm25 = lexical.result()
    manifest = {
        "format_version": FORMAT_VERSION,
        "embedder": emb.name,
        "dim": int(vectors.shape[1]),
        "normalized": True,
        "n_vectors": len(units),
        "n_clauses": len(clauses),
        "faiss": "hnsw" if len(units) > approx_threshold else "flat",
        "units": "clause+sentence",
        "unit_encoding": "query-prefix" if type(emb).encode_units is not Embedder.encode_units else "passage",
        "clause_vector": {"opening_chars": WHOLE_TEXT_CHARS, "opening_weight": WHOLE_TEXT_WEIGHT},
        "corpus_hash": corpus_hash(clauses),
        "vocabulary_hash": vocabulary_hash(),
    }
    idx = Index(clauses, units, build_faiss(vectors, approx_threshold=approx_threshold), bm25, tokenizer, manifest,
                bridge, bridge_bm25)
    if out_dir is not None:
        save(idx, out_dir, keep=keep_versions)
    return idx


def _lexical_side(clauses: list[Clause], units: list[Unit]):
    """The tokenizer taught the corpus's terms, BM25 over the units, the dictionary bridge and its BM25."""
    tokenizer = Tokenizer(corpus_terms(c.text for c in clauses))
    bm25 = build_bm25([tokenizer.tokenize(u.text) for u in units])
    bridge = Bridge.build((c.text for c in clauses), tokenizer.terms, bundled_terms())  # see vocabulary_hash
    bridge_bm25 = build_bm25([bridge.tokens(u.text) for u in units])
    return tokenizer, bm25, bridge, bridge_bm25


#: A multi-sentence clause's vector: this share of the clause's opening (its first WHOLE_TEXT_CHARS
#: characters: the title and what it is about) embedded as one text, the rest the length-weighted mean of
#: its sentences' vectors (units.py says why both). The opening, not the whole clause: embedding whole
#: clauses took indexing of tests/data from 81 to 46 units per second (target ≥ 50); the opening, 60.
WHOLE_TEXT_WEIGHT = 0.75
WHOLE_TEXT_CHARS = 100


def _unit_vectors(emb: Embedder, units: list[Unit], progress) -> np.ndarray:
    """Embed sentence units (and single-sentence clauses); a multi-sentence clause's vector mixes its
    opening embedded as one text with the length-weighted mean of its sentences' vectors
    (WHOLE_TEXT_WEIGHT, WHOLE_TEXT_CHARS), renormalized."""
    sentences_of: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        if u.sentence >= 0:
            sentences_of.setdefault(u.clause, []).append(i)
    # A multi-sentence clause's own text is only its opening; a one-sentence clause has no sentence units
    # and is embedded whole.
    texts = [u.text[:WHOLE_TEXT_CHARS] if u.sentence == WHOLE and u.clause in sentences_of else u.text for u in units]
    embedded = _embed_in_batches(emb, texts, progress)  # (n_units, dim)
    vectors = embedded.copy()
    for i, u in enumerate(units):
        if u.sentence == WHOLE and u.clause in sentences_of:
            mine = sentences_of[u.clause]
            weights = np.array([len(units[j].text) for j in mine], np.float32)[:, None]
            mean = (embedded[mine] * weights).sum(axis=0)
            mean /= max(float(np.linalg.norm(mean)), 1e-12)
            mixed = WHOLE_TEXT_WEIGHT * embedded[i] + (1 - WHOLE_TEXT_WEIGHT) * mean
            vectors[i] = mixed / max(float(np.linalg.norm(mixed)), 1e-12)
    return vectors


def _embed_in_batches(emb: Embedder, texts: list[str], progress, batch: int = 32) -> np.ndarray:
    """Each distinct text once (the role units of several documents are the same words), in batches
    of similar length: the default embedder runs a batch's texts in parallel, one OpenMP thread per
    text, so a batch of equal lengths keeps both cores busy to its end. (n_texts, dim) float32."""
    distinct = sorted(set(texts), key=len)
    parts = []
    for i in range(0, len(distinct), batch):
        parts.append(emb.encode_units(distinct[i : i + batch]))
        if progress:
            progress(min(i + batch, len(distinct)), len(distinct))
    vectors = np.concatenate(parts).astype(np.float32) if parts else np.zeros((0, 1), np.float32)
    row = {t: k for k, t in enumerate(distinct)}
    return vectors[[row[t] for t in texts]]


def save(idx: Index, out_dir: str | Path, *, keep: int = 2) -> Path:
    """Publish the index at `out_dir` atomically: write a new version folder, then switch the link
    (see the module docstring); keep `keep` earlier versions. Holds the builder lock while it writes.

    Raises:
        OSError: the folder cannot be written (disk full, read-only); the previous index is untouched.
    """
    import faiss

    out = Path(out_dir)
    versions = versions_dir(out)
    with building(out):
        versions.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=versions))
        try:
            _write_version(idx, tmp, faiss)
            final = versions / f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}-{os.getpid()}"
            os.rename(tmp, final)
            point(out, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        remove_old_versions(out, keep)
    return out


def _write_version(idx: Index, tmp: Path, faiss) -> None:
    """Write every file of the index, the manifest last, into the (new, empty) folder `tmp`."""
    _write_lines(tmp / "clauses.jsonl", (c.to_dict() for c in idx.clauses))
    _write_lines(tmp / "units.jsonl", (asdict(u) for u in idx.units))
    faiss.write_index(idx.faiss, str(tmp / "dense.faiss"))
    idx.bm25.save(str(tmp / "bm25"), show_progress=False)
    (tmp / "terms.json").write_text(json.dumps(idx.tokenizer.terms, ensure_ascii=False), encoding="utf-8")
    (tmp / "bridge.json").write_text(json.dumps(idx.bridge.to_dict(), ensure_ascii=False), encoding="utf-8")
    idx.bridge_bm25.save(str(tmp / "bridge_bm25"), show_progress=False)
    manifest = dict(idx.manifest, files=_checksums(tmp))
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    _fsync_tree(tmp)
    idx.manifest = manifest


def load(
    index_dir: str | Path,
    *,
    embedder: str | None = None,
    expected_corpus_hash: str | None = None,
) -> Index:
    """Load and verify an index folder (the version its link points to, read under a shared lock so it
    is not removed meanwhile).

    Raises:
        IndexNotFoundError: no index there.
        IndexFormatError: written by an older version, in a format this one no longer reads.
        IndexMismatchError: built with another embedder, or from a corpus other than the expected one.
        IndexCorruptError: a file is missing, truncated or fails its checksum.
    """
    shown = Path(index_dir)
    for _ in range(5):
        root = Path(os.path.realpath(shown))
        fd = lock_folder(root, shared=True)
        try:
            # subtle: a version removed between resolving the link and locking it is gone; resolve again
            if root.exists() or Path(os.path.realpath(shown)) == root:
                return _load_folder(root, shown, embedder=embedder, expected_corpus_hash=expected_corpus_hash)
        finally:
            if fd is not None:
                os.close(fd)
    raise IndexCorruptError(f"index at {shown} kept changing while it was read; try again")


def _load_folder(root: Path, shown: Path, *, embedder: str | None, expected_corpus_hash: str | None) -> Index:
    import faiss

    rebuild = "rebuild it with `policy-qa index`"
    mpath = root / MANIFEST
    if not mpath.exists():
        raise IndexNotFoundError(f"no index at {shown}; build one with `policy-qa index`")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
        files = manifest["files"]
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as e:
        raise IndexCorruptError(f"{mpath} is unreadable ({e}); {rebuild}") from e
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexFormatError(f"index at {root} has format {manifest.get('format_version')}, "
                               f"this version reads {FORMAT_VERSION}; {rebuild}")
    if manifest.get("vocabulary_hash") != vocabulary_hash():
        raise IndexFormatError(f"index at {root} was built with another concept vocabulary or dictionary "
                               f"supplement (index/data/concepts.tsv or cedict-supplement.u8 changed); {rebuild}")
    if embedder and manifest.get("embedder") != embedder:
        raise IndexMismatchError(
            f"index at {root} was built with embedder {manifest.get('embedder')!r}, not {embedder!r}; "
            f"{rebuild} --embedder {embedder}"
        )
    if expected_corpus_hash and manifest.get("corpus_hash") != expected_corpus_hash:
        raise CorpusChangedError(f"the documents changed since the index at {root} was built; {rebuild}")
    actual = _checksums(root)
    for name, digest in files.items():
        if actual.get(name) != digest:
            state = "is missing" if name not in actual else "fails its checksum (truncated or modified)"
            raise IndexCorruptError(f"index file {root / name} {state}; {rebuild}")
    try:
        clauses = [Clause.from_dict(json.loads(line)) for line in _lines(root / "clauses.jsonl")]
        units = [Unit(**json.loads(line)) for line in _lines(root / "units.jsonl")]
        dense = faiss.read_index(str(root / "dense.faiss"))
        import bm25s

        bm25 = bm25s.BM25.load(str(root / "bm25"), show_progress=False)
        terms = json.loads((root / "terms.json").read_text(encoding="utf-8"))
        bridge = Bridge.from_dict(json.loads((root / "bridge.json").read_text(encoding="utf-8")))
        bridge_bm25 = bm25s.BM25.load(str(root / "bridge_bm25"), show_progress=False)
    except (OSError, RuntimeError, ValueError, KeyError, TypeError) as e:
        raise IndexCorruptError(f"index at {root} could not be read ({e}); {rebuild}") from e
    if dense.ntotal != len(units) or len(units) != manifest.get("n_vectors"):
        raise IndexCorruptError(f"index at {root} is inconsistent ({dense.ntotal} vectors, {len(units)} units); {rebuild}")
    return Index(clauses, units, dense, bm25, Tokenizer(terms), manifest, bridge, bridge_bm25)


def _checksums(root: Path) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.name != MANIFEST:
            out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _write_lines(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _fsync_tree(root: Path) -> None:
    for p in root.rglob("*"):
        if p.is_file():
            with open(p, "rb") as f:
                os.fsync(f.fileno())
