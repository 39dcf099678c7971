"""The query-vector cache: same vectors as the embedder it wraps, bounded, shared safely between threads."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from assistant.indexing.fake_embedder import FakeEmbedder
from assistant.indexing.query_cache import QueryCache


class Counting(FakeEmbedder):
    """The fake embedder, counting the texts it was asked to embed."""

    def __init__(self) -> None:
        super().__init__(dim=32)
        self.seen: list[str] = []

    def embed_queries(self, texts):
        self.seen.extend(texts)
        return super().embed_queries(texts)


def test_vectors_are_the_wrapped_embedders():
    inner = Counting()
    cache = QueryCache(inner, size=8)
    texts = ["北京线上要学多少学时", "我不会做微课", "北京线上要学多少学时"]
    expected = FakeEmbedder(dim=32).embed_queries(texts)
    assert np.array_equal(cache.embed_queries(texts), expected)
    assert np.array_equal(cache.embed_queries(texts), expected)
    assert cache.name == inner.name and cache.dim == 32


def test_a_text_is_embedded_once_and_counted():
    inner = Counting()
    cache = QueryCache(inner, size=8)
    cache.embed_queries(["甲", "乙", "甲"])
    cache.embed_queries(["乙", "丙"])
    assert sorted(inner.seen) == ["丙", "乙", "甲"]
    assert cache.stats() == {"size": 3, "capacity": 8, "hits": 1, "misses": 4}


def test_the_least_recently_used_text_goes_first():
    inner = Counting()
    cache = QueryCache(inner, size=2)
    cache.embed_queries(["甲"])
    cache.embed_queries(["乙"])
    cache.embed_queries(["甲"])  # 甲 is now the most recent
    cache.embed_queries(["丙"])  # evicts 乙
    inner.seen.clear()
    cache.embed_queries(["甲", "乙"])
    assert inner.seen == ["乙"]
    assert cache.stats()["size"] == 2


def test_a_caller_cannot_change_what_the_cache_holds():
    cache = QueryCache(Counting(), size=4)
    first = cache.embed_queries(["甲"])
    first[0, :] = 0.0
    assert np.linalg.norm(cache.embed_queries(["甲"])[0]) == pytest.approx(1.0, abs=1e-3)


def test_passages_and_empty_calls_pass_through():
    inner = Counting()
    cache = QueryCache(inner, size=4)
    assert cache.embed_queries([]).shape == (0, 32)
    assert np.array_equal(cache.embed_passages(["培训共计50学时"]), inner.embed_passages(["培训共计50学时"]))
    assert cache.stats()["size"] == 0


def test_capacity_must_be_positive():
    with pytest.raises(ValueError, match="至少为 1"):
        QueryCache(Counting(), size=0)


def test_threads_sharing_the_cache_get_the_right_vectors():
    cache = QueryCache(Counting(), size=16)  # smaller than the texts: eviction races with lookups
    texts = [f"问题{i}" for i in range(40)]
    expected = FakeEmbedder(dim=32).embed_queries(texts)
    wrong: list[int] = []

    def work(offset: int) -> None:
        for k in range(200):
            i = (offset + k * 7) % len(texts)
            if not np.array_equal(cache.embed_queries([texts[i]])[0], expected[i]):
                wrong.append(i)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []
    assert cache.stats()["size"] <= 16
