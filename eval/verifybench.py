"""The verification benchmark: scripted LLM answers with planted errors, replayed through a local
OpenAI-compatible server (`replay_server.py`) into the real pipeline (`chat.answer_stream`), scored on
what reaches the reader.

    python -m eval.verifybench [--answers eval/data/verifybench.jsonl] [--json out.json]

Answer file (JSON Lines; blank lines and lines starting with # are skipped), one scripted answer a line:
    {"id": "v001", "kind": "fabricated_number", "question": "…",
     "sentences": [{"text": "…〔第7条〕", "expect": "keep"}, {"text": "…〔第7条〕", "expect": "number"}]}
`expect` is what the sentence is: `keep` (a correct Chinese paraphrase), `keep_en` (a correct English
paraphrase with its Chinese quote), or a planted error: `number` (a number its clause lacks),
`wrong_clause` (true, but cites `wrong`, another clause), `uncited` (an unsupported claim without a
citation), `echo` (repeats the system prompt). The server replays the sentences joined (`Scripted.reply`).

A planted error is caught when no text the reader is shown (every streamed piece, and the final answer)
contains the sentence — for `wrong_clause`, the sentence with the wrong citation. Removal precision is
caught errors over everything removed (a correct sentence not shown, or shown without its citation,
counts against it); recall is caught errors over planted ones. Time per sentence is the verifier's own
time over the sentences of the answer, after one untimed warm-up answer (one-off imports; each clause's
features are computed once per process): in the stream (`Answer.timings["verify"]`, wall-clock while
the server thread streams) and alone (`verify` over the whole reply, best of 3).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from .metrics import percentile

DEFAULT_ANSWERS = Path(__file__).parent / "data" / "verifybench.jsonl"
EXPECT = ("keep", "keep_en", "number", "wrong_clause", "uncited", "echo")
CORRECT = ("keep", "keep_en")


@dataclass(frozen=True)
class ScriptedSentence:
    text: str
    expect: str
    wrong: str = ""  # the wrong clause label a `wrong_clause` sentence cites (第9条)


@dataclass(frozen=True)
class Scripted:
    id: str
    kind: str
    question: str
    sentences: tuple[ScriptedSentence, ...]

    @property
    def reply(self) -> str:
        """The scripted answer as the model streams it (a space after an English full stop)."""
        return "".join(s.text + (" " if s.text.endswith(".") else "") for s in self.sentences).rstrip()


@dataclass(frozen=True)
class Outcome:
    """What happened to one scripted sentence."""

    answer: str
    expect: str
    shown: bool  # the sentence (citations aside) reached the reader
    wrong_shown: bool  # for `wrong_clause`: shown together with the wrong citation
    citation_kept: bool  # for a correct sentence: shown with the citation it was written with

    @property
    def caught(self) -> bool:
        """For a planted error: kept from the reader."""
        return not self.wrong_shown if self.expect == "wrong_clause" else not self.shown

    @property
    def intact(self) -> bool:
        """For a correct sentence: shown, with its own citation."""
        return self.shown and self.citation_kept


def load_answers(path: str | Path) -> list[Scripted]:
    """Read an answer file; a malformed line is a ValueError naming the file and line."""
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            d = json.loads(line)
            sentences = tuple(ScriptedSentence(s["text"], s["expect"], s.get("wrong", "")) for s in d["sentences"])
            bad = [s.expect for s in sentences if s.expect not in EXPECT]
            if bad or not sentences:
                raise ValueError(f"expect must be one of {', '.join(EXPECT)}, got {bad or 'no sentences'}")
            out.append(Scripted(d["id"], d.get("kind", ""), d["question"], sentences))
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError(f"{path}:{n}: malformed scripted answer ({e})") from None
    return out


def score(scripted: Scripted, shown_texts: list[str]) -> list[Outcome]:
    """The outcome of each scripted sentence, given every text the reader was shown."""
    from chat.citations import CITATION
    from chat.verify import split_sentences

    displayed = []  # (sentence without citations, the displayed sentence), over everything shown
    for text in shown_texts:
        for seg in split_sentences(text, final=True)[0]:
            displayed.append((CITATION.sub("", seg).strip(), seg))
    out = []
    for s in scripted.sentences:
        plain = CITATION.sub("", s.text).strip()
        segs = [seg for p, seg in displayed if p == plain]
        own = [m.group(0) for m in CITATION.finditer(s.text)]
        out.append(Outcome(
            answer=scripted.id, expect=s.expect, shown=bool(segs),
            wrong_shown=bool(s.wrong) and any(f"〔{s.wrong}〕" in seg for seg in segs),
            citation_kept=all(all(c in seg for c in own) for seg in segs),
        ))
    return out


def run(answers: list[Scripted], *, settings=None, retriever=None) -> dict:
    """Replay every scripted answer through `chat.answer_stream`; the outcomes and timings."""
    from chat import answer_stream, load_settings
    from chat.generate.openai import OpenAIGenerator
    from chat.retriever import get_retriever

    from .replay_server import ReplayServer

    server = ReplayServer(chunk=5)
    try:
        settings = (settings or load_settings()).replace(generator="openai", openai_base_url=server.url,
                                                         openai_model="scripted", llm_timeout=10.0)
        retriever = retriever or get_retriever(settings)
        # warm-up, not timed: the first answer pays one-off imports (cn2an) and the clauses' features
        server.reply = answers[0].reply if answers else ""
        gen = OpenAIGenerator(base_url=settings.openai_base_url, model=settings.openai_model,
                              api_key_env=settings.openai_api_key_env, timeout=settings.llm_timeout)
        list(answer_stream(answers[0].question, settings=settings, retriever=retriever, generator=gen))
        outcomes: list[Outcome] = []
        per_sentence_ms: list[float] = []
        alone_ms: list[float] = []
        problems: list[str] = []
        for a in answers:
            server.reply = a.reply
            gen = OpenAIGenerator(base_url=settings.openai_base_url, model=settings.openai_model,
                                  api_key_env=settings.openai_api_key_env, timeout=settings.llm_timeout)
            items = list(answer_stream(a.question, settings=settings, retriever=retriever, generator=gen))
            final = items[-1]
            if final.refused:  # the model was never asked: nothing to score
                problems.append(f"{a.id}: refused ({final.refusal}), not scored")
                continue
            if final.generator != "openai":
                problems.append(f"{a.id}: nothing survived, fell back to the {final.generator} answer")
            outcomes += score(a, [t for t in items if isinstance(t, str)] + [final.text])
            per_sentence_ms.append(final.timings.get("verify", 0.0) / len(a.sentences))
            alone_ms.append(_time_alone(a, {h.key for h in final.hits}, retriever.by_key) / len(a.sentences))
    finally:
        server.close()
    return {"outcomes": outcomes, "per_sentence_ms": per_sentence_ms, "alone_ms": alone_ms, "problems": problems}


def _time_alone(a: Scripted, context: set[str], clauses: dict, repeat: int = 3) -> float:
    """Milliseconds `verify` takes over the whole reply, best of `repeat` (no server, no other thread)."""
    from chat.generate.prompt import SYSTEM_PROMPT
    from chat.verify import verify

    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        verify(a.reply, clauses=clauses, context=context, rules=SYSTEM_PROMPT)
        best = min(best, time.perf_counter() - t)
    return best * 1000


def summarize(outcomes: list[Outcome], per_sentence_ms: list[float], alone_ms: list[float]) -> dict:
    """Removal precision and recall, catch rate per planted error, keep rate of correct sentences."""
    by: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by[o.expect].append(o)
    planted = [o for o in outcomes if o.expect not in CORRECT]
    correct = [o for o in outcomes if o.expect in CORRECT]
    caught = sum(o.caught for o in planted)
    false_removals = sum(not o.intact for o in correct)
    rows = {}
    for kind in EXPECT:
        group = by.get(kind, [])
        if group:
            ok = sum(o.intact for o in group) if kind in CORRECT else sum(o.caught for o in group)
            rows[kind] = {"sentences": len(group), "ok": ok, "rate": ok / len(group)}
    return {
        "rows": rows,
        "planted": len(planted), "caught": caught, "correct": len(correct), "kept": len(correct) - false_removals,
        "precision": caught / (caught + false_removals) if caught + false_removals else 1.0,
        "recall": caught / len(planted) if planted else 1.0,
        "keep_rate": (len(correct) - false_removals) / len(correct) if correct else 1.0,
        "ms_per_sentence_p50": percentile(per_sentence_ms, 50), "ms_per_sentence_p95": percentile(per_sentence_ms, 95),
        "ms_per_sentence_max": max(per_sentence_ms, default=0.0),
        "alone_ms_per_sentence_p50": percentile(alone_ms, 50), "alone_ms_per_sentence_p95": percentile(alone_ms, 95),
        "alone_ms_per_sentence_max": max(alone_ms, default=0.0),
    }


def format_table(s: dict) -> str:
    names = {"keep": "correct paraphrase (zh)", "keep_en": "correct English + 「quote」", "number": "fabricated number",
             "wrong_clause": "wrong clause cited", "uncited": "uncited claim", "echo": "system-prompt echo"}
    lines = [f"{'sentence kind':30} {'n':>4} {'ok':>4} {'rate':>7}  ok means", "-" * 64]
    for kind, r in s["rows"].items():
        means = "kept with its citation" if kind in CORRECT else "removed before display"
        lines.append(f"{names[kind]:30} {r['sentences']:>4} {r['ok']:>4} {r['rate']:>7.1%}  {means}")
    lines += ["-" * 64,
              f"removal precision {s['precision']:.3f}   recall {s['recall']:.3f}   "
              f"({s['caught']}/{s['planted']} planted errors removed; {s['kept']}/{s['correct']} correct kept)",
              f"verification ms per sentence, in the stream: p50 {s['ms_per_sentence_p50']:.3f}   "
              f"p95 {s['ms_per_sentence_p95']:.3f}   max {s['ms_per_sentence_max']:.3f}",
              f"verification ms per sentence, verifier alone: p50 {s['alone_ms_per_sentence_p50']:.3f}   "
              f"p95 {s['alone_ms_per_sentence_p95']:.3f}   max {s['alone_ms_per_sentence_max']:.3f}   "
              f"({os.cpu_count()} CPUs)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.verifybench", description=__doc__.split("\n\n")[0],
                                 epilog="example: python -m eval.verifybench --json /tmp/verifybench.json")
    ap.add_argument("--answers", default=str(DEFAULT_ANSWERS), help="scripted answers (JSON Lines, see module doc)")
    ap.add_argument("--json", help="also write the summary and every outcome to this file")
    args = ap.parse_args(argv)
    answers = load_answers(args.answers)
    t = time.perf_counter()
    result = run(answers)
    summary = summarize(result["outcomes"], result["per_sentence_ms"], result["alone_ms"])
    print(f"{len(answers)} scripted answers, {len(result['outcomes'])} sentences, "
          f"replayed in {time.perf_counter() - t:.1f} s")
    print(format_table(summary))
    for p in result["problems"]:
        print(f"warning: {p}", file=sys.stderr)
    misses = [o for o in result["outcomes"] if not (o.intact if o.expect in CORRECT else o.caught)]
    for o in misses:
        print(f"miss: {o.answer} {o.expect}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": summary, "problems": result["problems"],
                                               "outcomes": [asdict(o) for o in result["outcomes"]]},
                                              ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
