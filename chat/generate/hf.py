"""The `hf` generator: a local transformers causal LM by folder or name in the local cache, or a `.gguf`
file (de-quantized once and cached). Needs the `hf` extra; loads lazily and once.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import BackendUnavailableError
from .prompt import LLMGenerator, short_error


class HFGenerator(LLMGenerator):
    """A local transformers causal LM by name or path; a `.gguf` file is loaded through transformers."""

    name = "hf"

    def __init__(self, model: str, *, max_new_tokens: int = 200) -> None:
        if not model:
            raise ValueError("generator hf needs a model: set POLICY_QA_HF_MODEL or --hf-model to a folder or .gguf file")
        self.model_ref = model
        self.max_new_tokens = max_new_tokens

    def complete(self, messages: list[dict]) -> Iterator[str]:
        tok, model = load_causal_lm(self.model_ref)
        try:
            if getattr(tok, "chat_template", None):
                prompt = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
            else:
                prompt = "\n\n".join(m["content"] for m in messages) + "\n\n回答："
            inputs = tok(prompt, return_tensors="pt")
            out = model.generate(**inputs, max_new_tokens=self.max_new_tokens, do_sample=False,
                                 pad_token_id=tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id)
            yield tok.decode(out[0][inputs["input_ids"].shape[1]:], skip_special_tokens=True)
        except (RuntimeError, ValueError, IndexError) as e:
            raise BackendUnavailableError(f"local model failed: {short_error(e)}") from None


@functools.lru_cache(maxsize=2)
def load_causal_lm(ref: str):
    """(tokenizer, model) for a folder, a hub name in the local cache, or a `.gguf` file; loaded once.

    A GGUF file is de-quantized by transformers (slow: about a minute for 270M parameters), so the
    converted model is saved under `~/.cache/policy-qa/gguf/` and later loads read that copy.
    """
    try:
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError as e:
        raise BackendUnavailableError("the hf generator needs the hf extra: pip install torch==2.13.0 && pip install 'policy-qa[hf]'") from e
    path = Path(ref)
    try:
        if path.suffix == ".gguf":
            folder = _converted_gguf(path)
            tok = AutoTokenizer.from_pretrained(folder, local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True)
        else:
            tok = AutoTokenizer.from_pretrained(ref, local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(ref, local_files_only=True)
    except (OSError, ValueError, ImportError) as e:
        # subtle: the notice reaches citizens; name the model file, never the server's folders.
        raise BackendUnavailableError(f"cannot load local model {Path(ref).name!r} ({type(e).__name__})") from None
    model.eval()
    return tok, model


def gguf_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policy-qa" / "gguf"


def _converted_gguf(path: Path) -> str:
    """A transformers folder converted from a GGUF file, made once and reused (keyed by the file's
    name, size and modification time)."""
    import shutil
    import tempfile

    from transformers import AutoModelForCausalLM, AutoTokenizer

    if not path.exists():
        raise OSError(f"no GGUF file at {path}")
    st = path.stat()
    target = gguf_cache_dir() / f"{path.stem}-{st.st_size}-{int(st.st_mtime)}"
    if (target / "config.json").exists():
        return str(target)
    tok = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
    model = AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name)
    if not getattr(tok, "chat_template", None):
        tok.chat_template = _gguf_chat_template(path)
    # subtle: the weights are already de-quantized to float; the GGUF "quantizer" left on the model
    # only blocks save_pretrained, so it is detached before saving.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".converting-"))
    try:
        model.save_pretrained(tmp)
        tok.save_pretrained(tmp)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return str(target)


def _gguf_chat_template(path: Path) -> str | None:
    """The chat template stored in the GGUF metadata (transformers does not carry it over)."""
    try:
        from gguf import GGUFReader
    except ImportError:
        return None
    field = GGUFReader(str(path)).fields.get("tokenizer.chat_template")
    if field is None:
        return None
    return bytes(field.parts[field.data[0]]).decode("utf-8")
