"""Lexical retrieval: jieba tokens, a stop-word list, the corpus's own terms, and BM25 (`bm25s`).

The corpus's own terms (甬江科创区, 青创港, 专精特新…) are found in the documents themselves — quoted
names, items of 、-lists, and repeated character n-grams — and added to a private jieba tokenizer,
so nobody types them in by hand. Fusion with the dense ranking is `retrieve.py`'s job.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Iterable

import numpy as np

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_QUOTED = re.compile(r"[“「《]([\u4e00-\u9fff·]{2,10})[”」》]")
_LIST_ITEM = re.compile(r"(?<=[、，。；：“”（）])([\u4e00-\u9fff]{2,4})(?=、)|(?<=、)([\u4e00-\u9fff]{2,8})(?=[、“”，。；和及等])")
# An n-gram that starts or ends with one of these is a phrase fragment, not a term.
_EDGE = set("的了和与及或等是在对为以把被将从向于由而并也都又就还要会能这那其之该各有进推加快强大全")
_TOKEN = re.compile(r"[\w\u4e00-\u9fff]+")

#: Words that carry no content: function words, question words (spoken ones too — 啥, 为啥, 咋, 干嘛: seen
#: heldout3 为啥要搬 counted as two words of its own and was not taken as a follow-up; everyday-dev 起啥作用),
#: pronouns. Ablation of the spoken ones over nine tuning sets: without them 662 right / 52 wrong answers,
#: with them 668 / 53.
STOP_WORDS = frozenset(
    """的 了 和 与 及 或 等 是 在 对 为 以 把 被 将 从 向 于 由 而 并 也 都 又 就 还 要 会 能 可 可以
    这 那 这个 那个 这些 那些 其 之 该 各 每 个 有 没有 吗 呢 吧 啊 呀 么 什么 怎么 怎样 如何 哪 哪些 哪里
    哪个 哪一 谁 多少 几 为什么 是否 请问 一下 我 你 他 她 它 我们 你们 他们 说 讲 提到 关于 一条 条 第
    决定 里 中 上 下 方面 什么样 进行 相关 规定 吗？ 啥 为啥 咋 咋样 怎么样 干嘛 干啥 它们 她们 哪儿 为何 a an the of to in on for and or is are was were be
    what which who whom how does do did about this that these those it its by with as at from""".split()
)


#: Characters that carry no content on their own (function words, question words, pronouns).
STOP_CHARS = frozenset("的了和与及或等是在对为以把被将从向于由而并也都又就还要会能可这那其之该各每个有吗呢吧啊呀么什"
                       "怎样如何哪谁多少几我你他她它们说讲里中上下啥咋不没些一")


def char_tokens(text: str) -> list[str]:
    """The content characters of a text, one token each: the lexical channel that still matches when a
    question's everyday word shares only a character with the document's (抄给/抄送, 开会/会议, 判案/审判).

    >>> char_tokens("谁来判案？")
    ['来', '判', '案']
    """
    return [c for c in text if "\u4e00" <= c <= "\u9fff" and c not in STOP_CHARS]


def corpus_terms(texts: Iterable[str], *, min_count: int = 3) -> list[str]:
    """Terms a document coins or repeats, to teach the tokenizer: quoted names, list items, n-grams.

    >>> "青创港" in corpus_terms(["深化“青创港”区域的功能研究"])
    True
    """
    texts = list(texts)
    terms: set[str] = set()
    for t in texts:
        terms.update(_QUOTED.findall(t))
        for a, b in _LIST_ITEM.findall(t):
            terms.add(a or b)
    counts: Counter[str] = Counter()
    for t in texts:
        for run in _CJK_RUN.findall(t):
            for n in range(3, 8):
                counts.update(run[i : i + n] for i in range(len(run) - n + 1))
    frequent = {g for g, c in counts.items() if c >= min_count and g[0] not in _EDGE and g[-1] not in _EDGE}
    frequent = _aligned_with_words(frequent, texts)
    # Keep maximal n-grams only: drop one that always occurs inside a one-character-longer one.
    best_extension: Counter[str] = Counter()
    for h, c in counts.items():
        for part in (h[1:], h[:-1]):
            best_extension[part] = max(best_extension[part], c)
    terms.update(g for g in frequent if best_extension[g] < counts[g])
    return sorted(t for t in terms if t not in STOP_WORDS)


def _aligned_with_words(grams: set[str], texts: list[str]) -> set[str]:
    """Keep the n-grams that start and end on word boundaries of jieba's own segmentation in most of
    their occurrences: 甬江科创区 is a term, 创区镇海片区建 is a fragment of two."""
    jieba = default_jieba()
    bounds = []
    for t in texts:
        cuts, pos = {0}, 0
        for w in jieba.cut(t, HMM=False):
            pos += len(w)
            cuts.add(pos)
        bounds.append(cuts)
    kept = set()
    for g in grams:
        hits = total = 0
        for t, cuts in zip(texts, bounds, strict=True):
            for m in re.finditer(re.escape(g), t):
                total += 1
                hits += m.start() in cuts and m.end() in cuts
        if total and hits * 2 >= total:
            kept.add(g)
    return kept


@functools.lru_cache(maxsize=1)
def default_jieba():
    """A jieba tokenizer with its stock dictionary only (shared; the reference recipe and the bridge use it)."""
    return _new_jieba()


def _new_jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def _copy_of_default_jieba():
    """A fresh jieba tokenizer sharing nothing with the default one, without reading the dictionary
    from disk again (copying the loaded frequency table is ~10x faster)."""
    import jieba

    base = default_jieba()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(base.FREQ), base.total, True
    return tok


class Tokenizer:
    """A private jieba tokenizer taught the corpus's terms (the global jieba dictionary is left alone)."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self.terms = sorted(set(terms))
        self._jieba = _copy_of_default_jieba()
        for term in self.terms:
            self._jieba.add_word(term, freq=50_000)

    def tokenize(self, text: str) -> list[str]:
        """Lower-cased word tokens without stop words or punctuation. Long words also give their parts
        (jieba's search mode), so 甬江科创区 matches a question that says 科创区."""
        tokens = []
        for tok in self._jieba.cut_for_search(text.lower()):
            tok = tok.strip()
            if tok and tok not in STOP_WORDS and _TOKEN.fullmatch(tok):
                tokens.append(tok)
        return tokens


def build_bm25(token_lists: list[list[str]]):
    """A `bm25s.BM25` index over pre-tokenized units."""
    import bm25s

    # subtle: bm25s sets its own logger to DEBUG; under a handler on the root logger (the MCP SDK adds
    # one) every build in a running server would print "Building index from tokens".
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    # b=0.5 (less length normalization than the usual 0.75): the units range from a four-character
    # line of the foot to a 300-character clause, and full normalization let short lines that only
    # name a body or place win. On dev, b=0.5 was one question better at every k1 in 0.9–2.0.
    bm25 = bm25s.BM25(k1=1.5, b=0.5)
    # subtle: bm25s cannot index an empty token list; a placeholder keeps unit ids aligned.
    bm25.index([toks or ["\u2400"] for toks in token_lists], show_progress=False)
    return bm25


def bm25_scores(bm25, tokens: list[str]) -> np.ndarray:  # (n_units,) float32
    """BM25 score of every unit for a tokenized query; all zeros when no token is known."""
    vocab = bm25.vocab_dict
    known = [t for t in tokens if t in vocab]
    n = int(bm25.scores["num_docs"])
    if not known:
        return np.zeros(n, np.float32)
    return np.asarray(bm25.get_scores(known), dtype=np.float32)


class PerDocumentBM25:
    """BM25 with each document's own statistics: one index per run of units of one document, their scores
    side by side. Stands in for a `bm25s.BM25` in `bm25_scores` (`vocab_dict`, `scores["num_docs"]`,
    `get_scores`)."""

    def __init__(self, token_lists: list[list[str]], doc_of_unit: list[int]) -> None:
        self.segments: list[tuple[int, int, object]] = []
        start = 0
        for i in range(1, len(doc_of_unit) + 1):
            if i == len(doc_of_unit) or doc_of_unit[i] != doc_of_unit[start]:
                self.segments.append((start, i, build_bm25(token_lists[start:i])))
                start = i
        self.vocab_dict = {t: 1 for _, _, b in self.segments for t in b.vocab_dict}
        self.scores = {"num_docs": len(doc_of_unit)}

    def get_scores(self, tokens: list[str]) -> np.ndarray:
        out = np.zeros(self.scores["num_docs"], np.float32)
        for start, end, b in self.segments:
            known = [t for t in tokens if t in b.vocab_dict]
            if known:
                out[start:end] = b.get_scores(known)
        return out


def minmax(x: np.ndarray) -> np.ndarray:
    finite = np.isfinite(x)
    if not finite.any():
        return np.zeros_like(x)
    lo, hi = x[finite].min(), x[finite].max()
    out = np.where(finite, (x - lo) / (hi - lo) if hi > lo else np.ones_like(x), 0.0)
    return out.astype(np.float32)


def abbreviation_pattern(word: str) -> re.Pattern | None:
    """How a word of three to five Chinese characters abbreviates a longer term: its characters in order,
    each within two of the one before (自贸区 in 自贸试验区, 综保区 in 综合保税区); None for any other word."""
    if not 3 <= len(word) <= 5 or not _CJK_RUN.fullmatch(word):
        return None
    return re.compile(".{0,2}".join(map(re.escape, word)))


class Abbreviations:
    """The words of the documents a question's abbreviation stands for: 自贸区 → 自贸试验区, 综保区 → 综合保税区. An
    abbreviation (`abbreviation_pattern`) begins with the full word's first character and ends at or one before
    its last (a word a question uses that the documents never do; the lexical channel then searches the full
    word). Two characters are too often a word of their own (合规 is not 合同规定): those come from CC-CEDICT's
    "abbr. for" notes (`Bridge.synonyms`: 交警 → 交通警察).

    >>> Abbreviations(["自贸试验区", "交通警察", "自治区"]).expand("自贸区"), Abbreviations(["合同规定"]).expand("合规")
    (['自贸试验区'], [])
    """

    def __init__(self, words: Iterable[str]) -> None:
        self._by_first: dict[str, list[str]] = {}
        for w in words:
            if 3 <= len(w) <= 8 and _CJK_RUN.fullmatch(w):
                self._by_first.setdefault(w[0], []).append(w)

    def expand(self, word: str) -> list[str]:
        pattern = abbreviation_pattern(word)
        if pattern is None:
            return []
        whole = re.compile(pattern.pattern + ".?")
        return [w for w in self._by_first.get(word[0], ()) if len(w) > len(word) and whole.fullmatch(w)]
