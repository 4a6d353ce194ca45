"""The `openai` generator: any OpenAI-compatible chat endpoint (hosted Qwen/DeepSeek, local Ollama,
vLLM, llama.cpp), streaming, through `langchain_openai.ChatOpenAI`.

Every failure becomes `BackendUnavailableError` with a message that never contains the API key; the
answer stage then falls back to the extractive answer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..errors import BackendUnavailableError
from .prompt import LLMGenerator, short_error


class OpenAIGenerator(LLMGenerator):
    """Any OpenAI-compatible chat endpoint, streaming, through `langchain_openai.ChatOpenAI`."""

    name = "openai"

    def __init__(self, *, base_url: str, model: str, api_key_env: str, timeout: float) -> None:
        from langchain_openai import ChatOpenAI

        key = os.environ.get(api_key_env, "") or "not-needed"  # local servers ignore the key
        self._secret = key if key != "not-needed" else ""
        self.llm = ChatOpenAI(base_url=base_url, model=model, api_key=key, timeout=timeout,
                              max_retries=0, streaming=True, temperature=0)
        self.model = model

    def complete(self, messages: list[dict]) -> Iterator[str]:
        import httpx
        import openai

        try:
            got = False
            for chunk in self.llm.stream([(m["role"], m["content"]) for m in messages]):
                content = chunk.content if isinstance(chunk.content, str) else ""
                got = got or bool(content)
                yield content
            if not got:
                raise BackendUnavailableError("the model returned an empty answer")
        except BackendUnavailableError:
            raise
        except openai.RateLimitError as e:
            raise BackendUnavailableError(self._scrub(f"rate limited (HTTP 429): {short_error(e)}")) from None
        except openai.APIStatusError as e:
            raise BackendUnavailableError(self._scrub(f"HTTP {e.status_code} from the model server")) from None
        except openai.APITimeoutError:
            raise BackendUnavailableError("the model server did not answer in time") from None
        except (openai.APIConnectionError, httpx.HTTPError):
            raise BackendUnavailableError("cannot connect to the model server") from None
        except (openai.APIError, ValueError, KeyError, TypeError, AttributeError) as e:
            raise BackendUnavailableError(self._scrub(f"malformed reply from the model server ({type(e).__name__})")) from None

    def _scrub(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret else text
