"""One fake-embedder index built per session; each fault test works on its own copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evals.bench.server import build_index_cli, server_env


@pytest.fixture(scope="session")
def built_index(tmp_path_factory) -> Path:
    """indexes/ of a finished `advisor index build` (fake embedder, memory vectors)."""
    tmp = tmp_path_factory.mktemp("faults-index")
    build_index_cli(server_env(tmp, embedder="fake", vector_index="memory"))
    return tmp / "indexes"


@pytest.fixture
def workdir(tmp_path, built_index) -> Path:
    """A fresh folder holding a copy of the built index at workdir/indexes."""
    shutil.copytree(built_index, tmp_path / "indexes")
    return tmp_path
