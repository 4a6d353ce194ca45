"""Tiny real models built by the tests themselves (random weights, a vocabulary made from the corpus's
characters), saved to a folder and loaded by path through the project's real loading code."""

from __future__ import annotations

from pathlib import Path


def write_vocab(folder: Path, text: str) -> Path:
    chars = sorted({ch for ch in text if not ch.isspace()})
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    path = folder / "vocab.txt"
    path.write_text("\n".join(specials + chars + [c.lower() for c in "abcdefghijklmnopqrstuvwxyz"]) + "\n", encoding="utf-8")
    return path


def tiny_bert_config(vocab_size: int, **extra):
    from transformers import BertConfig

    return BertConfig(vocab_size=vocab_size, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                      intermediate_size=64, max_position_embeddings=256, **extra)


def make_sentence_transformer(folder: Path, corpus_text: str) -> Path:
    """A 1-layer BERT with mean pooling, saved as a sentence-transformers model folder."""
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import BertModel, BertTokenizer

    try:  # sentence-transformers >= 6 moved the modules
        from sentence_transformers.sentence_transformer import modules as models
    except ImportError:
        from sentence_transformers import models

    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / "hf"
    raw.mkdir(exist_ok=True)
    vocab = write_vocab(raw, corpus_text)
    tok = BertTokenizer(str(vocab), do_lower_case=True, tokenize_chinese_chars=True)
    torch.manual_seed(0)
    BertModel(tiny_bert_config(tok.vocab_size)).save_pretrained(raw)
    tok.save_pretrained(raw)
    word = models.Transformer(str(raw), max_seq_length=128)
    dim = (getattr(word, "get_embedding_dimension", None) or word.get_word_embedding_dimension)()
    pooling = models.Pooling(dim, pooling_mode="mean")
    out = folder / "st-model"
    SentenceTransformer(modules=[word, pooling], device="cpu").save(str(out))
    return out


def make_cross_encoder(folder: Path, corpus_text: str) -> Path:
    import torch
    from transformers import BertForSequenceClassification, BertTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    vocab = write_vocab(folder, corpus_text)
    tok = BertTokenizer(str(vocab), do_lower_case=True)
    torch.manual_seed(1)
    BertForSequenceClassification(tiny_bert_config(tok.vocab_size, num_labels=1)).save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def make_causal_lm(folder: Path, corpus_text: str) -> Path:
    """A 1-layer GPT-2 with a character vocabulary and a chat template: it talks garbage, for real."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    folder.mkdir(parents=True, exist_ok=True)
    chars = sorted({ch for ch in corpus_text if not ch.isspace()} | set("〔〕第条0123456789abcdefghijklmnopqrstuvwxyz "))
    vocab = {"<unk>": 0, "<eos>": 1, **{c: i + 2 for i, c in enumerate(chars)}}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split("", behavior="isolated")
    tok = PreTrainedTokenizerFast(tokenizer_object=core, unk_token="<unk>", eos_token="<eos>", pad_token="<eos>")
    tok.chat_template = "{% for m in messages %}{{ m['role'] }}：{{ m['content'] }}\n{% endfor %}assistant："
    torch.manual_seed(2)
    GPT2LMHeadModel(GPT2Config(vocab_size=len(vocab), n_embd=32, n_layer=1, n_head=2, n_positions=2048,
                               eos_token_id=1, bos_token_id=1)).save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder
