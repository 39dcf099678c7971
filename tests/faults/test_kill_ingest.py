"""kill -9 an `advisor ingest` at random moments: the corpus always loads, and every ingest that said 已添加
before it was killed is in it. Bounded: 12 kills, a few seconds each."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS

pytestmark = pytest.mark.faults

KILLS = 12


def test_ingest_killed_at_random_leaves_a_corpus_that_loads(tmp_path):
    from assistant.corpus.library import Corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    env = {**os.environ, "ADVISOR_CORPUS_DIR": str(corpus), "ADVISOR_INDEX_DIR": str(tmp_path / "idx")}
    advisor = [str(Path(sys.executable).with_name("advisor"))]
    acknowledged, killed = [], 0
    rng = random.Random(7)
    for i in range(KILLS):
        doc = tmp_path / f"note-{i}.md"
        doc.write_text(f"南京市补充通知（第{i}号）：全市教师须在12月底前完成校本应用考核，考核结果录入管理系统。",
                       encoding="utf-8")
        proc = subprocess.Popen([*advisor, "ingest", str(doc), "--region", "南京", "--id", f"user-kill-{i}"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(rng.uniform(0.2, 2.5))  # start-up, reading, writing: somewhere in there
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        out = proc.communicate(timeout=30)[0]
        if proc.returncode == 0 and "已添加" in out:
            acknowledged.append(f"user-kill-{i}")
        loaded = {d.id for d in Corpus.load(corpus).documents}  # raises if the manifest or a file is broken
        assert set(acknowledged) <= loaded
    assert killed >= 3 and acknowledged  # both outcomes happened: the test killed ingests and let some finish
