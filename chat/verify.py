"""Verification of every answer sentence before anyone sees it, for every generator.

`SentenceVerifier` takes the generator's text as it streams, cuts it at sentence ends and lets a
sentence through only when its clause supports it; `verify(text)` runs the same over a whole text.

1. Citations (〔第7条〕…) naming a clause that does not exist, or that was not in the context given to
   the generator, are taken out of the text (`Verified.removed`).
2. A sentence is checked against the clause it cites; a sentence without a citation continues the
   previous sentence's citation; a lead-in naming a clause ("根据决定第7条：") is checked against it.
   It is supported when
   - its words overlap the clause (character bigrams and words, `overlap` ≥ `SUPPORT_THRESHOLD`);
     an English sentence is checked through the Chinese words it quotes (「…」, ≥ `QUOTE_THRESHOLD`);
   - every number, date, amount and percentage it states is in the clause (`facts.numbers`:
     一千元 = 1000元, 百分之六十 = 60%);
   - every body it names is named in the clause (`facts.bodies`).
3. A cited clause that does not support its sentence loses the citation; when another context clause
   clearly supports the sentence (`MOVE_THRESHOLD`), the citation moves there, else the sentence is
   removed (`Verified.dropped`, with the reason). An uncited sentence that no context clause clearly
   supports is removed too, and so is a sentence that repeats the system prompt's rules.
4. Short pieces with nothing to check (a line break, "根据决定第7条：") are held back and shown only
   with the next sentence that passes.

Why not embedding similarity as well: measured with the default embedder, a fabricated claim
("镇海将给每位博士发放一百万元安家费。") scores 0.905 against the real talent-housing sentence, higher than
correct English paraphrases of their sources (0.78–0.84); it would wave hallucinations through.
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass, field

from ingest.text import is_english

from .citations import (
    CITATION,
    CITATION_CHARS,
    CLAUSE_REF,
    citation_names,
    cited_keys,
    clause_refs,
    english_name,
)
from .facts import bodies, numbers
from .records import Citation, RemovalReason, RemovedSentence

_TOKEN = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]+")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff0-9０-９]*[\u4e00-\u9fff][\u4e00-\u9fff0-9０-９]*")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_QUOTED = re.compile(r"「[^「」]*」|“[^“”]*”|\"[^\"]*\"|（[^（）]*）|\([^()]*\)")
# A sentence ends at 。！？!? (an English "." before a space or the end), or a line break; closing quotes,
# and citations and Chinese quotes written after the stop, still belong to it.
_END = re.compile(r"[。！？!?]+|(?<=[〕」])\.|(?<!\bNo)(?<!\bno)(?<!\bvs)(?<!\bMr)(?<!\bSt)\.(?=[\s〔「]|$)|\n")
_TAIL = re.compile(rf"[”’」』）)\"']*(?:[ \t]*(?:〔[^〔〕\n]{{0,{CITATION_CHARS}}}〕|「[^「」\n]{{0,200}}」))*")
_LIST_ITEM = re.compile(r"\s*(\d{1,2}|[A-Za-z])$")  # "1." or "a." is a list marker, not a sentence
#: Words that carry no claim ("根据决定第7条：", "According to clause 7 of the resolution:").
_BOILERPLATE_ZH = re.compile(r"根据|依据|按照|决定|规定|如下|以下|关于|这个|问题|另见|原文|提到|指出|写道|明确|"
                             r"文头|序言|文尾|条款|内容|其中|具体|来说|总之|综上|所述|回答")
_BOILERPLATE_EN = frozenset(
    """according to the of resolution document head foot preamble closing distribution list see also clause clauses
    article item items says say states state provides following follows as in under it this that is are a an
    and here what text its answer question yes no""".split()
)

#: Share of a sentence's bigrams that must appear in the cited clause. On the dev questions every
#: extractive sentence scores 1.0; the fabricated claims in the tests score 0.0–0.2.
SUPPORT_THRESHOLD = 0.5
#: A clause the sentence did not cite "clearly" supports it (the citation moves there) at this overlap.
MOVE_THRESHOLD = 0.8
#: Share of the bigrams of the Chinese words an English sentence quotes that its clause must contain.
QUOTE_THRESHOLD = 0.8
#: Chinese characters an English sentence must quote at least (「整体搬迁」 has 4).
MIN_QUOTE_CHARS = 3
#: Share of a sentence's bigrams that come from the system prompt's rules (and not from the context)
#: at which the sentence is an echo of the prompt.
ECHO_THRESHOLD = 0.35


@dataclass
class Verified:
    """An answer text after verification: unsupported sentences and invalid citations removed."""

    text: str
    citations: list[Citation]
    removed: list[str] = field(default_factory=list)  # invalid or moved citations, as written
    flagged: list[str] = field(default_factory=list)  # the removed sentences' text (without citations)
    dropped: list[RemovedSentence] = field(default_factory=list)  # the removed sentences, with reasons
    sentences: int = 0  # sentences checked
    seconds: float = 0.0  # time spent checking them


def _grams(text: str) -> set[str]:
    toks = _TOKEN.findall(text.lower())
    return {a + b for a, b in zip(toks, toks[1:], strict=False)} | {t for t in toks if len(t) > 1}


@functools.lru_cache(maxsize=4096)
def _source_grams(text: str) -> frozenset[str]:
    """A clause's grams, computed once per process (clauses do not change while an index is loaded)."""
    return frozenset(_grams(text))


@functools.lru_cache(maxsize=4096)
def _source_numbers(text: str) -> frozenset[str]:
    return frozenset(numbers(text))


def overlap(sentence: str, source: str) -> float:
    """Share of the sentence's character bigrams (and words) that also occur in `source`, 0..1.

    >>> round(overlap("加快3号线建设", "加快3号线、7号线和9号线等轨道交通建设"), 2)
    0.83
    """
    g = _grams(sentence)
    if not g:
        return 0.0
    return len(g & _grams(source)) / len(g)


def split_sentences(buffer: str, *, final: bool) -> tuple[list[str], str]:
    """Cut the complete sentences off the front of `buffer`: (sentences, rest). Unless `final`, a
    sentence is complete only once the text after it shows that no citation or quote follows.

    >>> split_sentences("甲。〔第7条〕乙", final=False)
    (['甲。〔第7条〕'], '乙')
    """
    out: list[str] = []
    start = pos = 0
    while True:
        m = _END.search(buffer, pos)
        if m is None:
            if final and buffer[start:].strip():
                out.append(buffer[start:])
                start = len(buffer)
            break
        if m.group(0) == "." and _LIST_ITEM.fullmatch(buffer[start : m.start()]):
            pos = m.end()
            continue
        end = m.end() if m.group(0) == "\n" else _TAIL.match(buffer, m.end()).end()
        rest = buffer[end:]
        if not final and m.group(0) != "\n" and (not rest.strip(" \t") or rest.lstrip(" \t")[:1] in "〔「"):
            break  # a citation or a quote may still come
        out.append(buffer[start:end])
        start = pos = end
    return out, buffer[start:]


def _english(content: str) -> bool:
    """An English sentence, whatever the length of the Chinese it quotes."""
    return is_english(_QUOTED.sub(" ", content))


def _han(text: str) -> str:
    return " ".join(_HAN_RUN.findall(text))


def _content(body: str, labels: list[str]) -> str:
    """The body without clause labels and references (they are checked as citations, not as claims)."""
    for label in labels:
        body = body.replace(label, " ")
    return CLAUSE_REF.sub(" ", body)


def _is_empty_claim(content: str) -> bool:
    """Nothing to check: no numbers, no Chinese beyond one character, no English beyond boilerplate."""
    han = "".join(_HAN_RUN.findall(_BOILERPLATE_ZH.sub("", content)))
    words = [w for w in _LATIN_WORD.findall(content.lower()) if w not in _BOILERPLATE_EN]
    return len(re.sub(r"\d", "", han)) <= 1 and not words and not numbers(content)


class SentenceVerifier:
    """Checks an answer sentence by sentence as it streams (module docstring).

    >>> v = SentenceVerifier(clauses=clauses, context={"7"})  # doctest: +SKIP
    >>> v.feed("要全力推进镇海电厂区域整体搬迁。〔第7条〕补偿五百万元。") + v.close()  # doctest: +SKIP
    '要全力推进镇海电厂区域整体搬迁。〔第7条〕'
    """

    def __init__(self, *, clauses: dict, context: set[str], threshold: float = SUPPORT_THRESHOLD,
                 rules: str = "") -> None:
        """Args:
            clauses: every known clause, by key (a citation to anything else does not exist).
            context: the keys of the clauses given to the generator (the only citable ones).
            rules: the system prompt; a sentence repeating it is removed.
        """
        self.clauses, self.threshold = clauses, threshold
        self.context = [k for k in clauses if k in context]  # clause order, for deterministic moves
        self.names = citation_names(clauses[k] for k in self.context)
        # Labels and document names are references, not claims ("According to 行政处罚法 clause 14:").
        self.labels = sorted({*(clauses[k].label for k in self.context), *self.names}, key=len, reverse=True)
        self._grams = {k: _source_grams(clauses[k].text) for k in self.context}
        self._numbers = {k: _source_numbers(clauses[k].text) for k in self.context}
        known = frozenset().union(*self._grams.values())
        self._rule_grams = _source_grams(_han(rules)) - known
        self.buffer, self.held, self.text = "", "", ""
        self.previous: list[str] = []
        self.best: dict[str, tuple[float, str]] = {}
        self.result_ = Verified("", [])

    def feed(self, chunk: str) -> str:
        """Add generated text; return the verified text that can be shown now (maybe "")."""
        self.buffer += chunk
        done, self.buffer = split_sentences(self.buffer, final=False)
        return self._run(done)

    def close(self) -> str:
        """The generator has finished: check what is left; return the last verified text."""
        done, self.buffer = split_sentences(self.buffer, final=True)
        return self._run(done)

    def result(self) -> Verified:
        """Everything verified so far, with the citations that survived."""
        r = self.result_
        r.text = self.text.strip()
        r.citations = [Citation(k, self.clauses[k].label, q, round(s, 3)) for k, (s, q) in self.best.items()]
        return r

    def _run(self, sentences: list[str]) -> str:
        t = time.perf_counter()
        shown = ""
        for seg in sentences:
            shown += self._check(seg)
        self.result_.seconds += time.perf_counter() - t
        self.text += shown
        return shown

    def _check(self, seg: str) -> str:
        """The text to show for one sentence: itself (citations fixed), held pieces before it, or ""."""
        def keep_or_drop(m: re.Match) -> str:
            keys = cited_keys(m.group(0), self.names)
            if keys and all(k in self.clauses and k in self.context for k in keys):
                return m.group(0)
            self.result_.removed.append(m.group(0))
            return ""

        seg = CITATION.sub(keep_or_drop, seg)
        body = CITATION.sub("", seg).strip()
        content = _content(body, self.labels)
        if _is_empty_claim(content):
            self.held += seg
            return ""
        self.result_.sentences += 1
        cited = cited_keys(seg, self.names)
        # a lead-in naming a context clause by its label (根据…意见:（五）（扩大就业见习补贴范围）：), or in English by
        # its English name (According to …意见 clause 2 ("人才公寓"): — whose theme, also in 第1条, was taken for a
        # claim and cited 第1条), is checked against that clause — the longest name found, so the resolution's
        # 第3条 is not 附件:第3条 of another, and "clause 2" not "clause 21"
        named = max((k for k in self.context if _names(body, self.clauses[k])), key=lambda k: len(self.clauses[k].label),
                    default=None)
        keys = cited or ([named] if named else []) or [k for k in clause_refs(body) if k in self.context] or self.previous
        self.previous = keys
        if self._rule_grams and self._echo(content):
            return self._drop(seg, body, RemovalReason.PROMPT_ECHO, keys)
        checks = {k: self._support(content, k) for k in keys}
        good = [k for k in keys if checks[k][1] is None]
        if not good:
            moved = self._clear_support(content, exclude=keys)
            if moved is None:
                why, detail = self._why(checks)
                return self._drop(seg, body, why, keys, detail)
            # the citation (written or inherited) was wrong, or missing: cite the clause that supports it
            seg = self._recite(seg, f"〔{self.clauses[moved].label}〕")
            good, self.previous = [moved], [moved]
            checks[moved] = self._support(content, moved)
        elif cited and len(good) < len(keys):
            for m in list(CITATION.finditer(seg)):
                if not set(cited_keys(m.group(0), self.names)) & set(good):
                    self.result_.removed.append(m.group(0))
                    seg = seg.replace(m.group(0), "", 1)
        own = cited_keys(seg, self.names)  # a continuation or a lead-in adds no citation of its own
        for k in (k for k in good if k in own):
            score = checks[k][0]
            sentences = self.clauses[k].sentences
            quote = max(sentences, key=lambda s: overlap(content, s)) if sentences else ""
            if k not in self.best or score > self.best[k][0]:
                self.best[k] = (score, quote)
        shown, self.held = self.held + seg, ""
        return shown

    def _recite(self, seg: str, label: str) -> str:
        """`seg` citing `label` instead of what it cited: in place of its first citation, else at its end
        (before an English full stop)."""
        written = [m.group(0) for m in CITATION.finditer(seg)]
        self.result_.removed += written
        if written:
            first = seg.index(written[0])
            return CITATION.sub("", seg[:first] + "\0" + seg[first + len(written[0]):]).replace("\0", label)
        stripped = seg.rstrip()
        cut = len(stripped) - 1 if stripped.endswith(".") else len(stripped)
        return seg[:cut] + label + seg[cut:]

    def _support(self, content: str, key: str) -> tuple[float, tuple[RemovalReason, str] | None]:
        """(lexical score, None when `key` supports the sentence, else why not)."""
        source = self._grams[key]
        if _english(content):
            runs = [r for r in _HAN_RUN.findall(content) if len(r) >= 2]
            if sum(len(re.sub(r"\d", "", r)) for r in runs) < MIN_QUOTE_CHARS:
                return 0.0, (RemovalReason.NO_QUOTE, "")
            grams = [_grams(r) for r in runs]
            score = sum(len(g & source) for g in grams) / max(1, sum(len(g) for g in grams))
            enough = score >= QUOTE_THRESHOLD
        else:
            g = _grams(content)
            score = len(g & source) / len(g) if g else 0.0
            enough = score >= self.threshold
        missing = numbers(content) - self._numbers[key]
        if missing:  # reported first: an invented number is the worst thing an answer can show
            return score, (RemovalReason.NUMBER, ", ".join(sorted(missing)))
        if not enough:
            return score, (RemovalReason.UNSUPPORTED, "")
        text = self.clauses[key].text
        unnamed = [b for b in bodies(content) if b not in text]
        if unnamed:
            return score, (RemovalReason.NAME, "、".join(unnamed))
        return score, None

    def _clear_support(self, content: str, exclude: list[str]) -> str | None:
        """The context clause that clearly supports the sentence, if one does."""
        best, best_score = None, MOVE_THRESHOLD
        limit = QUOTE_THRESHOLD if _english(content) else MOVE_THRESHOLD
        for k in self.context:
            if k in exclude:
                continue
            score, problem = self._support(content, k)
            if problem is None and score >= max(limit, best_score) and (best is None or score > best_score):
                best, best_score = k, score
        return best

    @staticmethod
    def _why(checks: dict) -> tuple[RemovalReason, str]:
        """Why a sentence goes: no citation at all, else what failed against its best-supported clause."""
        if not checks:
            return RemovalReason.UNCITED, ""
        _, problem = max(checks.values(), key=lambda sp: sp[0])
        assert problem is not None
        return problem

    def _echo(self, content: str) -> bool:
        g = _grams(_han(content))  # the rules are Chinese; English words would match their example
        return bool(g) and len(g & self._rule_grams) / len(g) >= ECHO_THRESHOLD

    def _drop(self, seg: str, body: str, why: RemovalReason, keys: list[str], detail: str = "") -> str:
        clean = CITATION.sub("", body).strip()
        self.result_.flagged.append(clean)
        self.result_.dropped.append(RemovedSentence(seg.strip(), why, tuple(keys), detail))
        return ""


def verify(text: str, *, clauses: dict, context: set[str], threshold: float = SUPPORT_THRESHOLD,
           rules: str = "") -> Verified:
    """Verify a whole answer text (see `SentenceVerifier`, which does it as the text streams).

    Args:
        text: the generated answer.
        clauses: every known clause, by key (a citation to anything else does not exist).
        context: the keys of the clauses that were given to the generator.
        rules: the system prompt the generator was given (a sentence repeating it is removed).
    """
    v = SentenceVerifier(clauses=clauses, context=context, threshold=threshold, rules=rules)
    v.feed(text)
    v.close()
    return v.result()


def _names(text: str, clause) -> bool:
    """`text` names `clause` by its label (行政处罚法:第12条) or its English name (行政处罚法 clause 12), not as the
    start of a longer number (clause 12 in "clause 120")."""
    if clause.label in text:
        return True
    name = english_name(clause)
    return ":" in clause.key and re.search(re.escape(name) + r"(?![\w])", text) is not None
