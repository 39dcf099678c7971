"""kill -9 an `advisor ingest` or `advisor rules accept` at random moments: the corpus and its rules always load,
and every ingest that said 已添加 and every accept that said 已生效 before it was killed is in them. Bounded: 12 kills
of each, a few seconds each."""

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
    from assistant.rules import RuleEngine

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
        RuleEngine.load(corpus)  # the candidate files and the learned places load too
    assert killed >= 3 and acknowledged  # both outcomes happened: the test killed ingests and let some finish


PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "local" / "gulou_plan.txt"


def test_accept_killed_at_random_leaves_the_previous_rules_or_the_new_ones(tmp_path):
    from assistant.rules import RuleEngine
    from assistant.rules.local import ingest_document
    from assistant.rules.review import ReviewQueue

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    ids = []
    for i, region in enumerate(["南京市鼓楼区", "成都市武侯区", "杭州市西湖区"]):
        text = PLAN.read_text(encoding="utf-8").replace("鼓楼区", region[3:])
        result = ingest_document(corpus, PLAN, region, doc_id=f"plan-{i}", text=text)
        ids += [c.id for c in result.candidates]
    env = {**os.environ, "ADVISOR_CORPUS_DIR": str(corpus), "ADVISOR_INDEX_DIR": str(tmp_path / "idx")}
    advisor = [str(Path(sys.executable).with_name("advisor"))]
    acknowledged: set[str] = set()
    rng = random.Random(11)
    killed = 0
    for i in range(KILLS):
        batch = rng.sample(ids, 4)
        act = "accept" if i % 3 else "reject"
        proc = subprocess.Popen([*advisor, "rules", act, *batch, "--by", "审核员"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(rng.uniform(0.2, 2.5))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        out = proc.communicate(timeout=30)[0]
        if proc.returncode == 0 and act == "accept" and "已生效" in out:
            acknowledged |= set(batch)
        elif act == "reject":
            acknowledged -= set(batch)  # rejected, or killed part-way: either way no longer promised
        engine = RuleEngine.load(corpus)  # raises if a rules file is half written
        bound = {r.id for r in engine.all_rules}
        assert acknowledged <= bound
        queue = ReviewQueue(corpus)
        assert {c.id for c in queue.candidates(None)} == set(ids)  # no candidate lost or duplicated
    assert killed >= 3 and acknowledged
