"""The 培训者 tab in Chromium: a trainer uploads a district plan, sees its candidate rules with their quotes,
accepts the high-confidence ones in one click, and the API's checks follow (screenshots tests/artifacts/10-*.png,
desktop and phone)."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from tests.conftest import CORPUS
from tests.e2e.conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.e2e

WAIT = 60_000
PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "local" / "gulou_plan.txt"


@pytest.fixture(scope="module")
def trainer_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("trainer-server")
    shutil.copytree(CORPUS, tmp / "corpus")
    with running_server(tmp, ADVISOR_CORPUS_DIR=str(tmp / "corpus")) as server:
        yield server


def test_upload_review_and_accept_in_the_browser(browser_context, trainer_server):
    url = trainer_server.url
    check = {"region": "南京市鼓楼区", "abilities": ["A1", "A3", "B2"], "environment": "混合"}
    page = browser_context.new_page()
    try:
        page.goto(url + "/", wait_until="domcontentloaded", timeout=WAIT)
        page.get_by_role("tab", name="培训者").click()
        page.locator("#trainer-file input[type=file]").set_input_files(str(PLAN))
        page.locator("#trainer-region textarea, #trainer-region input").first.fill("南京市鼓楼区")
        page.locator("#trainer-upload").click()
        page.locator("#trainer-upload-out").get_by_text("提取候选规则").wait_for(timeout=WAIT)
        assert "新登记地区：江苏省南京市鼓楼区" in page.locator("#trainer-upload-out").inner_text()
        table = page.locator("#trainer-table")
        table.get_by_text("每位教师完成不少于60学时的培训").first.wait_for(timeout=WAIT)
        assert "总学时" in table.inner_text() and "不少于 60 学时" in table.inner_text()
        page.screenshot(path=str(ARTIFACTS / "10-trainer-review.png"), full_page=True)
        # Before review nothing binds.
        assert httpx.post(f"{url}/v1/rules/check", json=check, timeout=30).json()["verdict"] == "VALID"
        page.locator("#trainer-accept-high").click()
        page.locator("#trainer-act-out").get_by_text("已通过").wait_for(timeout=WAIT)
        page.screenshot(path=str(ARTIFACTS / "10-trainer-accepted.png"), full_page=True)
        after = httpx.post(f"{url}/v1/rules/check", json=check, timeout=30).json()
        assert after["verdict"] == "INVALID"
        assert any("至少选择4个微能力点" in v["message"] for v in after["violations"])
        page.set_viewport_size({"width": 390, "height": 844})
        page.get_by_role("tab", name="培训者").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "10-trainer-phone.png"), full_page=False)
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.close()


def test_an_evaluator_scores_pasted_answers_in_the_browser(browser_context, trainer_server):
    row = ('{"question": "北京线上要学多少学时？", "answer": "北京线上学习不超过15学时。", '
           '"contexts": ["培训共计50学时，其中线上学习25学时"]}')
    page = browser_context.new_page()
    try:
        page.goto(trainer_server.url + "/", wait_until="domcontentloaded", timeout=WAIT)
        page.get_by_role("tab", name="评测").click()
        page.locator("#score-text textarea").fill(row)
        page.locator("#score-button").click()
        out = page.locator("#score-out")
        out.get_by_text("共评分 1 个回答").wait_for(timeout=WAIT)
        assert "与原文矛盾" in out.inner_text()
        page.screenshot(path=str(ARTIFACTS / "11-eval-score.png"), full_page=False)
    finally:
        page.close()
