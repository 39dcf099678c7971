"""One contract for every VectorIndex backend: in-memory and chroma on disk."""

import numpy as np
import pytest

from assistant.indexing.chroma import ChromaVectorIndex
from assistant.indexing.fake_embedder import FakeEmbedder
from assistant.indexing.memory import MemoryVectorIndex

TEXTS = {
    "a:0-10": ("doc-a", "培训共计50学时，其中线上学习25学时"),
    "a:10-20": ("doc-a", "每门课程学习时长不低于总时长的2/3"),
    "b:0-10": ("doc-b", "每校遴选不低于3%优秀案例提交市项目办"),
    "c:0-10": ("doc-c", "由校长领衔，教学主任、信息技术骨干教师等3-5人构成"),
}
EMB = FakeEmbedder(64)


@pytest.fixture(params=["memory", "chroma"])
def index(request, tmp_path):
    if request.param == "memory":
        idx = MemoryVectorIndex(64)
    else:
        idx = ChromaVectorIndex("fake:64", path=tmp_path / "chroma", collection=f"t_{tmp_path.name[-20:]}")
    ids = list(TEXTS)
    idx.add(ids, EMB.embed_passages([TEXTS[i][1] for i in ids]), [{"doc_id": TEXTS[i][0]} for i in ids])
    return idx


def test_count(index):
    assert index.count() == 4


def test_the_exact_text_is_the_top_hit_with_cosine_near_one(index):
    hits = index.query(EMB.embed_queries(["每校遴选不低于3%优秀案例提交市项目办"])[0], k=2)
    assert hits[0][0] == "b:0-10"
    assert hits[0][1] == pytest.approx(1.0, abs=1e-3)
    assert hits[0][1] >= hits[1][1]


def test_doc_filter_excludes_other_documents(index):
    q = EMB.embed_queries(["每校遴选不低于3%优秀案例"])[0]
    hits = index.query(q, k=4, doc_ids={"doc-a", "doc-c"})
    assert hits and all(not h[0].startswith("b:") for h in hits)
    assert index.query(q, k=4, doc_ids=set()) == []


def test_k_larger_than_the_collection(index):
    assert len(index.query(EMB.embed_queries(["学时"])[0], k=50)) == 4


def test_chroma_registers_its_embedding_function_and_never_uses_the_default(tmp_path):
    from chromadb.utils.embedding_functions import known_embedding_functions

    idx = ChromaVectorIndex("fake:64", path=tmp_path / "c2", collection="registered")
    assert "tisheng-advisor" in known_embedding_functions
    # Adding by text (no vectors) embeds with the registered function: our fake, 64 dimensions.
    idx._col.add(ids=["x"], documents=["家校交流"], metadatas=[{"doc_id": "d"}])
    got = idx._col.get(ids=["x"], include=["embeddings"])["embeddings"][0]
    assert len(got) == 64
    assert np.allclose(got, EMB.embed_passages(["家校交流"])[0], atol=1e-5)
