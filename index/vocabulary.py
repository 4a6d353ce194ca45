"""The concept vocabulary: citizens' everyday words ↔ the words documents use, on both sides of the search.

A `Concept` is a group of terms for one public-service thing: the `official` terms documents use (医疗,
防洪排涝, 集成电路) and the `everyday` terms people ask with (医院, 发大水, 芯片). The bundled groups are
`data/concepts.tsv` (written from general domain knowledge for any government document, not for
particular questions; its header says how). Staff add their own pairs at run time (`StaffMapping`,
kept in a JSON file with who and when); they join the vocabulary without re-embedding anything.

How retrieval uses it (`retrieve.py`):
- document side: every unit is tagged with the concepts whose terms it contains (`unit_tokens`), and a
  small BM25 index over those tags is rebuilt whenever the mappings change (milliseconds);
- query side: the query's terms give concept tags for that index, its everyday terms give the official
  terms of their concepts as extra (down-weighted) BM25 words (`expansion`), and the query with each
  everyday term replaced by an official term the documents use is a dense pseudo-query (`pseudo_query`).
This module only matches words; weights and fusion are `retrieve.py`'s.
"""

from __future__ import annotations

import importlib.resources
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .staff_files import read_records, write_records

BUNDLED = "concepts.tsv"
COLUMNS = ("domain", "official", "everyday", "source")
#: Terms shorter than this match inside too many words (医 in 医疗 and 医学, 港 in every port name).
MIN_TERM = 2
MAX_TERM = 20
#: A staff mapping's `who` and `note` are kept to this many characters (the page and an import alike).
MAX_WHO_CHARS = 60
MAX_NOTE_CHARS = 500
_SPLIT = re.compile(r"[|｜]")


@dataclass(frozen=True)
class Concept:
    """One thing under several names: `official` terms (documents) and `everyday` terms (questions)."""

    official: tuple[str, ...]
    everyday: tuple[str, ...]
    domain: str = ""
    source: str = ""


@dataclass(frozen=True)
class StaffMapping:
    """A pair staff added: `everyday` (the citizen's word) → `official` (the word the clause uses)."""

    everyday: str
    official: str
    who: str
    when: str  # ISO 8601, UTC
    note: str = ""


@dataclass(frozen=True)
class ConceptMatch:
    """A query term that maps to a concept: `term` as typed, `official` the document's word for it
    (`""` until a clause is known), and whether `term` is an everyday word rather than an official one."""

    term: str
    concept: int
    everyday: bool


def check_term(term: str, what: str) -> str:
    """A term cleaned of surrounding space, or ValueError saying what is wrong with it."""
    t = str(term).strip()
    if not MIN_TERM <= len(t) <= MAX_TERM:
        raise ValueError(f"{what} {term!r} must be {MIN_TERM}–{MAX_TERM} characters long; "
                         f"a single character matches inside too many words, so give the whole word")
    if _SPLIT.search(t) or "\t" in t or "\n" in t:
        raise ValueError(f"{what} {term!r} must not contain '|', tabs or line breaks; add one word at a time")
    return t


def read_concepts(path: str | Path) -> list[Concept]:
    """Parse a concept TSV (the bundled file's header describes the columns).

    Raises:
        ValueError: a line without four columns, or a term that is too short; the message names file and line.
    """
    path = Path(path)
    return parse_concepts(path.read_text(encoding="utf-8"), str(path))


def parse_concepts(text: str, where: str = "concepts") -> list[Concept]:
    out: list[Concept] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line.split("\t")[0] == COLUMNS[0]:
            continue
        cols = line.split("\t")
        if len(cols) != len(COLUMNS):
            raise ValueError(f"{where}:{n}: expected {len(COLUMNS)} tab-separated columns "
                             f"({', '.join(COLUMNS)}), got {len(cols)}")
        domain, official, everyday, source = (c.strip() for c in cols)
        try:
            off = tuple(check_term(t, "official term") for t in _SPLIT.split(official) if t.strip())
            eve = tuple(check_term(t, "everyday term") for t in _SPLIT.split(everyday) if t.strip())
        except ValueError as e:
            raise ValueError(f"{where}:{n}: {e}") from e
        if not off:
            raise ValueError(f"{where}:{n}: no official term; every concept needs the word documents use")
        out.append(Concept(off, eve, domain, source))
    return out


def bundled_concepts() -> list[Concept]:
    """The concept vocabulary shipped with the package (index/data/concepts.tsv)."""
    text = (importlib.resources.files("index") / "data" / BUNDLED).read_text(encoding="utf-8")
    return parse_concepts(text, f"index/data/{BUNDLED}")


def bundled_terms() -> set[str]:
    """Every term of the bundled vocabulary, official and everyday (the dictionary bridge's English terms are
    built from them, and the index records their hash)."""
    return {t for c in bundled_concepts() for t in (*c.official, *c.everyday)}


@dataclass
class Vocabulary:
    """Concepts (bundled and staff-added) and a term → concepts table for matching text."""

    concepts: list[Concept] = field(default_factory=list)
    mappings: tuple[StaffMapping, ...] = ()

    def __post_init__(self) -> None:
        self.concepts = list(self.concepts)
        for m in self.mappings:  # a staff pair joins the concepts that have its official word, or starts one
            owners = [i for i, c in enumerate(self.concepts) if m.official in c.official]
            if not owners:
                self.concepts.append(Concept((m.official,), (m.everyday,), "staff", f"{m.who} {m.when}"))
            for i in owners:
                c = self.concepts[i]
                if m.everyday not in c.everyday:
                    self.concepts[i] = Concept(c.official, (*c.everyday, m.everyday), c.domain, c.source)
        self.terms: dict[str, list[tuple[int, bool]]] = {}  # term → [(concept, is everyday)]
        for i, c in enumerate(self.concepts):
            for t in c.official:
                self.terms.setdefault(t.lower(), []).append((i, False))
            for t in c.everyday:
                if (i, False) not in self.terms.get(t.lower(), []):
                    self.terms.setdefault(t.lower(), []).append((i, True))
        self._longest = max(map(len, self.terms), default=0)

    def scan(self, text: str) -> list[tuple[str, int, int]]:
        """The vocabulary terms in `text`, leftmost-longest and not overlapping: (term, start, end).
        孩子上学 is one term, not 孩子上学 and 上学."""
        out, i, low = [], 0, text.lower()
        while i < len(low):
            for n in range(min(self._longest, len(low) - i), MIN_TERM - 1, -1):
                if low[i : i + n] in self.terms:
                    out.append((text[i : i + n], i, i + n))
                    i += n
                    break
            else:
                i += 1
        return out

    def matches(self, text: str) -> list[ConceptMatch]:
        """Every (term, concept) pair found in `text`."""
        return [ConceptMatch(t, c, everyday) for t, _, _ in self.scan(text) for c, everyday in self.terms[t.lower()]]

    def unit_tokens(self, text: str) -> list[str]:
        """Concept tags of a unit's text (`c12`), one per occurrence, for the concept BM25 index."""
        return [f"c{m.concept}" for m in self.matches(text)]

    def official_in(self, concept: int, text: str) -> str:
        """The first official term of `concept` that `text` contains (else its first everyday term in
        it, else "")."""
        c = self.concepts[concept]
        return next((t for t in (*c.official, *c.everyday) if t in text), "")

    def expansion(self, query: str, corpus: str) -> dict[str, float]:
        """Official terms for the query's everyday terms, each everyday term spreading a weight of 1 over
        the official terms of its concepts that occur in `corpus` (terms the query already has excluded)."""
        out: dict[str, float] = {}
        for m in self.matches(query):
            if not m.everyday:
                continue
            found = [t for t in self.concepts[m.concept].official if t in corpus and t not in query]
            for t in found:
                out[t] = out.get(t, 0.0) + 1.0 / len(found)
        return out

    def pseudo_query(self, query: str, corpus: str) -> str:
        """The query with each everyday term replaced by its concept's first official term found in
        `corpus`; "" when nothing was replaced. 海归博士有什么待遇 → 海外人才有什么人才服务."""
        parts, last, changed = [], 0, False
        for term, start, end in self.scan(query):
            owners = self.terms[term.lower()]
            if not all(everyday for _, everyday in owners):
                continue  # an official word already: the documents' own wording
            best = next((t for c, _ in owners for t in self.concepts[c].official if t in corpus), "")
            if best:
                parts += [query[last:start], best]
                last, changed = end, True
        return "".join([*parts, query[last:]]) if changed else ""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_mappings(path: str | Path) -> list[StaffMapping]:
    """The staff mappings stored at `path` ([] when the file does not exist yet).

    Raises:
        ValueError: the file is not a mappings file; the message says how to repair it.
    """
    try:
        return read_records(path, "mappings", StaffMapping)
    except ValueError as e:
        raise ValueError(f"{path} is not a vocabulary mappings file ({e}); restore it from an export "
                         f"(`import_tsv`) or delete it to start empty") from e


def write_mappings(path: str | Path, mappings: Iterable[StaffMapping]) -> None:
    """Write the mappings atomically (a temp file renamed over the old one)."""
    write_records(path, "mappings", mappings)


def mappings_to_tsv(mappings: Iterable[StaffMapping]) -> str:
    """Staff mappings in the bundled file's format (one concept line each); who/when/note go in `source`."""
    lines = ["\t".join(COLUMNS)]
    for m in mappings:
        source = json.dumps({"who": m.who, "when": m.when, "note": m.note}, ensure_ascii=False)
        lines.append("\t".join(("staff", m.official, m.everyday, source)))
    return "\n".join(lines) + "\n"


def mappings_from_tsv(text: str, *, who: str = "", where: str = "import") -> list[StaffMapping]:
    """Mappings as a TSV in the bundled format writes them: every everyday term of a line is paired with
    the line's first official term; who/when/note as an exported `source` gives them (else `who`, no
    time, and the `source` text as the note). Unchecked: what may be stored is the caller's decision
    (chat/web/vocab_store.py records the importer and the import time, the file's who/when as a note)."""
    out = []
    data = [r for r in text.splitlines()  # the lines parse_concepts keeps, so errors name the file's own lines
            if r.strip() and not r.startswith("#") and r.split("\t")[0] != COLUMNS[0]]
    for concept, line in zip(parse_concepts(text, where), data, strict=True):
        try:
            meta = json.loads(line.split("\t")[3])
            meta = meta if isinstance(meta, dict) else {}
        except json.JSONDecodeError:
            meta = {}
        for e in concept.everyday:
            out.append(StaffMapping(e, concept.official[0], str(meta.get("who") or who), str(meta.get("when") or ""),
                                    str(meta.get("note") or (concept.source if not meta else ""))))
    return out
