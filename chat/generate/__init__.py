"""Generation backends: `extractive` (default, offline), `openai` (any OpenAI-compatible endpoint) and
`hf` (a local transformers/GGUF model). Each follows `chat.records.Generator`; `make_generator` picks
one from the settings. LLM backends import their libraries only when constructed.
"""

from __future__ import annotations

from ..records import Generator
from ..settings import Settings
from .extractive import ExtractiveGenerator


def make_generator(settings: Settings) -> Generator:
    """The generator named by `settings.generator`."""
    if settings.generator == "openai":
        from .openai import OpenAIGenerator

        return OpenAIGenerator(base_url=settings.openai_base_url, model=settings.openai_model,
                               api_key_env=settings.openai_api_key_env, timeout=settings.llm_timeout)
    if settings.generator == "hf":
        from .hf import HFGenerator

        return HFGenerator(settings.hf_model)
    return ExtractiveGenerator()


__all__ = ["ExtractiveGenerator", "Generator", "make_generator"]
