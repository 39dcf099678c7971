"""The trainer's and the evaluator's flows in Chromium. Trainer: upload a district plan, see its candidate rules
with their quotes, accept the high-confidence ones in one click (the API's checks follow), get a school plan
outline, review a teacher's draft. Evaluator: upload a file of answers and read the scores. Screenshots
tests/artifacts/10-*.png and 11-*.png, desktop and phone, looked at."""

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
        # School plan outline and the review of a teacher's draft.
        page.locator("#trainer-plan").get_by_text("学校方案提纲（一划两案）").click()
        page.locator("#trainer-plan-region input").first.fill("瓦房店")
        page.locator("#trainer-plan-region input").first.press("Enter")
        page.locator("#trainer-plan-button").click()
        page.locator("#trainer-plan-preview").get_by_text("校本研修").first.wait_for(timeout=WAIT)
        page.locator("#trainer-draft").get_by_text("审阅教师草稿").click()
        draft = PLAN.parent / "teacher_draft.md"
        page.locator("#trainer-draft-file input[type=file]").set_input_files(str(draft))
        points = page.locator("#trainer-draft-points input").first
        points.fill("A1")
        points.press("Enter")
        page.locator("#trainer-review-button").click()
        page.locator("#trainer-review-out").get_by_text("草稿审阅结果").wait_for(timeout=WAIT)
        assert "缺少" in page.locator("#trainer-review-out").inner_text()
        page.screenshot(path=str(ARTIFACTS / "10-trainer-plan-and-review.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.get_by_role("tab", name="培训者").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "10-trainer-phone.png"), full_page=False)
        page.locator("#trainer-table").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "10-trainer-phone-table.png"), full_page=False)
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.close()


def test_an_evaluator_scores_pasted_and_uploaded_answers_in_the_browser(browser_context, trainer_server, tmp_path):
    row = ('{"question": "北京线上要学多少学时？", "answer": "北京线上学习不超过15学时。", '
           '"contexts": ["培训共计50学时，其中线上学习25学时"]}')
    upload = tmp_path / "别的系统的回答.csv"
    upload.write_text("user_input,response,retrieved_contexts\n"
                      "瓦房店选几个点？,瓦房店每位教师选择3个微能力点。,选择适合自身条件的3个微能力参加应用能力提升培训\n"
                      "北京线上多少学时？,北京线上学习30学时。,培训共计50学时，其中线上学习25学时\n", encoding="utf-8")
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
        page.locator("#score-text textarea").fill("")
        page.locator("#score-file input[type=file]").set_input_files(str(upload))
        page.locator("#score-button").click()
        out.get_by_text("共评分 2 个回答").wait_for(timeout=WAIT)
        text = out.inner_text()
        assert "第 2 行" in text and "第 3 行" in text and "有依据" in text  # CSV: line 1 is the header
        page.set_viewport_size({"width": 390, "height": 844})
        out.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "11-eval-upload-phone.png"), full_page=False)
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.close()
