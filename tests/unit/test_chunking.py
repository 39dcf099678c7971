import re

import pytest

from assistant.chunking.structure import SECTION_SEP, chunk_document, split_sentences
from assistant.chunking.tokens import CharCounter, TiktokenCounter
from assistant.corpus.library import Corpus
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def corpus():
    return Corpus.load(CORPUS)


@pytest.fixture(scope="module")
def chunked(corpus):
    counter = TiktokenCounter()
    return {d.id: chunk_document(corpus.texts[d.id], d, counter) for d in corpus.documents}


def test_every_chunk_is_an_exact_span_of_its_source(corpus, chunked):
    for doc_id, chunks in chunked.items():
        text = corpus.texts[doc_id]
        assert chunks, doc_id
        for c in chunks:
            assert text[c.start : c.end] == c.text
            assert c.tokens > 0


def test_chunks_do_not_overlap_and_keep_order(chunked):
    for chunks in chunked.values():
        for a, b in zip(chunks, chunks[1:]):
            assert a.end <= b.start


def test_sentences_are_never_cut(corpus, chunked):
    """A chunk ends at a sentence end or a line end, never inside a sentence."""
    for doc_id, chunks in chunked.items():
        text = corpus.texts[doc_id]
        for c in chunks:
            tail = text[c.end : c.end + 1]
            assert tail == "" or tail.isspace() or re.match(r"[。！？；!?”’」』）)]", text[c.end - 1]), (doc_id, c.text[-20:])


def test_no_body_text_is_lost(corpus, chunked):
    """Every non-blank character of a document lies inside some chunk."""
    for doc_id, chunks in chunked.items():
        text = corpus.texts[doc_id]
        covered = bytearray(len(text))
        for c in chunks:
            covered[c.start : c.end] = b"\x01" * (c.end - c.start)
        lost = "".join(ch for i, ch in enumerate(text) if not covered[i] and not ch.isspace())
        assert lost == "", (doc_id, lost[:40])


SECTIONS = [
    ("beijing-2.0-guidance", "确定个人信息技术应用能力提升目标（至少涵盖2个微能力点）",
     ["附件2", "三、校本应用考核流程", "（三）教研组协商"]),
    ("beijing-2.0-guidance", "培训共计50学时", ["附件1", "五、学时与考核"]),
    ("moe-2.0-whole-school-guide", "由校长领衔，教学主任、信息技术骨干教师等3-5人构成", ["二、实施流程", "（三）分市抓好试点"]),
    ("guangdong-1.0-plan", "基于网络的专业研修56学时", ["5、 实施规划"]),
    ("jiangsu-2.0-opinion", "培训不低于 50 学时", []),
]


@pytest.mark.parametrize("doc_id,quote,path_prefix", SECTIONS)
def test_section_paths_follow_the_headings(corpus, chunked, doc_id, quote, path_prefix):
    text = corpus.texts[doc_id]
    pos = text.find(quote)
    assert pos >= 0, "quote must be in the source"
    chunk = next(c for c in chunked[doc_id] if c.start <= pos < c.end)
    parts = chunk.section.split(SECTION_SEP) if chunk.section else []
    assert parts[: len(path_prefix)] == path_prefix, chunk.section


def test_max_tokens_is_respected_except_for_single_long_sentences(corpus):
    counter = CharCounter()
    for doc in corpus.documents:
        for c in chunk_document(corpus.texts[doc.id], doc, counter, max_tokens=120, min_tokens=10):
            if c.tokens > 120 * 1.5:
                sentences = [x for line in c.text.splitlines() for x in split_sentences(line)]
                assert len(sentences) <= 2, c.text[:50]  # a bare heading plus one long sentence at most


def test_split_sentences_keeps_closing_quotes():
    spans = split_sentences("他说：“好。”然后走了！最后")
    parts = ["他说：“好。”然后走了！最后"[s:e] for s, e in spans]
    assert parts == ["他说：“好。”", "然后走了！", "最后"]


EXPECTED_CL100K = 9  # cl100k_base on this exact string


def test_tiktoken_counts_offline_and_differs_from_chars():
    t = TiktokenCounter()
    assert t.count("培训共计50学时") > 0
    assert t.count("培训共计50学时") == EXPECTED_CL100K
    assert CharCounter().count("培训 共计") == 4
