"""A key-protected server, as a school's IT person would run it: the real `openai` SDK and LangChain over
HTTP with a key, the Gradio API refusing callers without a login, and the UI's login, ask and logout in
Chromium (screenshots in tests/artifacts/09-*.png).
"""

from __future__ import annotations

import httpx
import openai
import pytest
from gradio_client import Client
from langchain_core.messages import HumanMessage
from langchain_openai import ChatOpenAI

from tests.e2e.conftest import ARTIFACTS, running_server

pytestmark = pytest.mark.e2e

WAIT = 30_000
KEY = "key-school-a-0001"
USER, PASSWORD = "teacher", "pass-word-0001"
QUESTION = "北京线上要学多少学时？"


@pytest.fixture(scope="module")
def locked(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("locked-server"), ADVISOR_API_KEYS=f"school-a:{KEY}",
                        ADVISOR_UI_USERS=f"{USER}:{PASSWORD}") as server:
        yield server


def test_api_needs_the_key_and_says_so(locked):
    r = httpx.post(f"{locked.url}/v1/ask", json={"question": QUESTION})
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    ok = httpx.post(f"{locked.url}/v1/ask", json={"question": QUESTION}, headers={"X-API-Key": KEY}, timeout=30)
    assert ok.status_code == 200 and "25" in ok.json()["answer"]


def test_openai_sdk_and_langchain_over_http_with_the_key(locked):
    client = openai.OpenAI(api_key=KEY, base_url=f"{locked.url}/v1", max_retries=0, timeout=30)
    reply = client.chat.completions.create(model="tisheng-advisor", messages=[{"role": "user", "content": QUESTION}])
    assert "25" in reply.choices[0].message.content
    llm = ChatOpenAI(model="tisheng-advisor", api_key=KEY, base_url=f"{locked.url}/v1", max_retries=0, timeout=30)
    assert "25" in "".join(c.content for c in llm.stream([HumanMessage(QUESTION)]))
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(api_key="wrong", base_url=f"{locked.url}/v1", max_retries=0).models.list()


def test_the_gradio_api_is_not_a_side_door(locked):
    with pytest.raises(Exception, match="(?i)login|credentials|auth"):
        Client(locked.url + "/", verbose=False)
    for path in ("/config", "/gradio_api/info"):
        assert httpx.get(locked.url + path).status_code == 401
    client = Client(locked.url + "/", auth=(USER, PASSWORD), verbose=False)
    chat = client.predict(QUESTION, "北京", [], api_name="/ask")[0]
    assert "25" in str(chat[-1]["content"])


def test_login_ask_and_logout_in_a_browser(browser_context, locked):
    page = browser_context.new_page()
    try:
        page.goto(locked.url + "/", wait_until="domcontentloaded", timeout=WAIT)
        username = page.locator("input[type=text], input:not([type])").first
        username.wait_for(timeout=WAIT)
        assert page.get_by_text("提升工程2.0 智能顾问").count() == 0  # nothing of the app before login
        page.screenshot(path=str(ARTIFACTS / "09-login.png"))
        username.fill(USER)
        page.locator("input[type=password]").fill(PASSWORD)
        page.locator("button").filter(has_text="登录").or_(page.locator("button").filter(has_text="Login")).first.click()
        page.get_by_text("提升工程2.0 智能顾问").first.wait_for(timeout=WAIT)
        page.locator("#ask-question textarea, #ask-question input").first.fill(QUESTION)
        page.locator("#ask-button").click()
        page.locator("#ask-chat").get_by_text("25学时").first.wait_for(timeout=WAIT)
        page.screenshot(path=str(ARTIFACTS / "09-logged-in-ask.png"))
        page.goto(locked.url + "/logout", wait_until="domcontentloaded", timeout=WAIT)
        page.locator("input[type=password]").wait_for(timeout=WAIT)
        assert httpx.get(locked.url + "/config", cookies={c["name"]: c["value"] for c in page.context.cookies()}
                         ).status_code == 401
        page.screenshot(path=str(ARTIFACTS / "09-logged-out.png"))
    finally:
        page.close()
