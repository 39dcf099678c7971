"""Retrieval over the real corpus with the fake embedder: fusion, filters, modes, the langchain wrapper."""

import pytest

from assistant.retrieval.fusion import rrf


def test_rrf_rewards_agreement_between_rankers():
    fused = rrf([["a", "b", "c"], ["b", "c", "a"]], k=60)
    assert [i for i, _ in fused][0] == "b"
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)


def test_rrf_keeps_items_only_one_ranker_found():
    fused = dict(rrf([["a"], ["b"]], k=60))
    assert set(fused) == {"a", "b"}


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_each_mode_returns_ranked_passages(fake_advisor, mode):
    hits = fake_advisor.search("校本应用考核流程", k=5, mode=mode).passages
    assert hits and len(hits) <= 5
    scores = [p.score for p in hits]
    assert scores == sorted(scores, reverse=True)


REGIONS = [
    ("北京", {"beijing-2.0-guidance", "moe-2.0-whole-school-guide"}),
    ("北京市海淀区", {"beijing-2.0-guidance", "moe-2.0-whole-school-guide"}),
    ("南京", {"jiangsu-2.0-opinion", "moe-2.0-whole-school-guide"}),
    ("瓦房店", {"wafangdian-2.0-plan", "moe-2.0-whole-school-guide"}),
    ("上海", {"moe-2.0-whole-school-guide"}),
]


@pytest.mark.parametrize("region,allowed", REGIONS)
def test_region_filter(fake_advisor, region, allowed):
    result = fake_advisor.search("学时 培训 要求 微能力点", region=region, k=30)
    assert {p.chunk.doc_id for p in result.passages} <= allowed


def test_a_region_without_a_local_document_says_so(fake_advisor):
    result = fake_advisor.search("学时要求", region="上海", k=3)
    assert result.notes and any("上海" in n for n in result.notes)


def test_programme_filter_keeps_1_0_out_of_2_0_questions(fake_advisor):
    hits = fake_advisor.search("80学时 网络研修", region="广东", program="2.0", k=30).passages
    assert hits and all(p.chunk.doc_id != "guangdong-1.0-plan" for p in hits)
    hits = fake_advisor.search("80学时 网络研修", region="广东", k=5).passages
    assert hits[0].chunk.doc_id == "guangdong-1.0-plan"


def test_bm25_finds_an_exact_phrase(fake_advisor):
    hits = fake_advisor.search("一划两案", k=3, mode="bm25").passages
    assert hits[0].chunk.doc_id == "wafangdian-2.0-plan"


@pytest.mark.parametrize("bad", ["", "  ", "问" * 1001])
def test_bad_queries_are_clear_errors(fake_advisor, bad):
    with pytest.raises(ValueError):
        fake_advisor.search(bad)


def test_langchain_retriever(fake_advisor):
    from assistant.retrieval.langchain import AdvisorRetriever

    docs = AdvisorRetriever(advisor=fake_advisor, region="瓦房店", k=2).invoke("每个老师选几个微能力")
    assert len(docs) == 2
    assert all(d.metadata["doc_id"] in {"wafangdian-2.0-plan", "moe-2.0-whole-school-guide"} for d in docs)
    assert docs[0].page_content
