"""Per-request stages: own time per stage (nested stages not counted twice), counters, nothing outside a request;
and the Server-Timing header the API adds to every /v1 response."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from assistant.timing import count, measuring, stage, timed
from evals.bench.load import parse_server_timing, stage_table


def _busy(ms: float) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def test_nested_stages_are_charged_their_own_time():
    with measuring() as s:
        with stage("compose"):
            _busy(20)
            with stage("verify"):
                _busy(30)
            with stage("rules"):
                _busy(10)
        count("embedded", 2)
        count("embedded")
    assert 28 <= s.ms["verify"] < 45 and 8 <= s.ms["rules"] < 25
    assert 18 <= s.ms["compose"] < 35  # not 60: the nested stages are theirs
    assert sum(s.ms.values()) <= s.total_ms() + 0.01
    assert s.counts == {"embedded": 3}
    header = parse_server_timing(s.header())
    assert header["embedded"] == 3 and header["total"] >= header["verify"] + header["compose"]


def test_outside_a_request_nothing_is_recorded():
    @timed("rules")
    def work(x):
        return x * 2

    assert work(21) == 42
    with stage("compose"):
        count("embedded", 5)  # no request: no record to add to, and no error
    with measuring() as s:
        assert work(1) == 2
    assert set(s.ms) == {"rules"}


def test_a_failing_stage_is_still_charged_and_the_error_passes():
    with measuring() as s:
        with pytest.raises(ZeroDivisionError):
            with stage("compose"):
                1 / 0
    assert "compose" in s.ms


def test_stage_table_adds_up_per_endpoint():
    rows = [{"understand": 1.0, "verify": 3.0, "total": 6.0, "embedded": 1.0},
            {"understand": 3.0, "verify": 5.0, "total": 10.0}]
    t = stage_table(rows)
    assert t["stages_ms"] == {"understand": 2.0, "verify": 4.0, "http": 2.0}
    assert t["server_ms"] == 8.0 and t["embedded_per_request"] == 0.5 and t["max_embedded"] == 1
    assert stage_table([]) == {}
    assert parse_server_timing('embed;dur=2.5, embedded;desc="3", bad;dur=x, , total;dur=4') == \
        {"embed": 2.5, "embedded": 3.0, "total": 4.0}


def test_the_api_reports_stages_on_answers_only(fake_advisor):
    from assistant.api.app import AdvisorHolder, create_app

    client = TestClient(create_app(AdvisorHolder(advisor=fake_advisor), with_ui=False))
    r = client.post("/v1/ask", json={"question": "北京线上要学多少学时？", "region": "北京"})
    timing = parse_server_timing(r.headers["server-timing"])
    assert {"understand", "rules", "verify", "serialize", "total"} <= set(timing)
    r = client.post("/v1/recommend", json={"text": "我不会做微课，学校有机房"})
    assert "retrieve" in parse_server_timing(r.headers["server-timing"])
    r = client.post("/v1/ask", json={"question": ""})  # refused before any stage: the total is still there
    assert r.status_code == 422 and "total" in parse_server_timing(r.headers["server-timing"])
    assert "server-timing" not in client.get("/healthz").headers
