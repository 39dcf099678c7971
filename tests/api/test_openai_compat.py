"""Our OpenAI-compatible API as the real clients call it: the `openai` SDK and LangChain's ChatOpenAI, in process
(their HTTP client is a TestClient on the app), with a key, content parts, streaming, limits and errors."""

import httpx
import openai
import pytest
from fastapi.testclient import TestClient
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI

from assistant.api.access import KeyRing
from assistant.api.app import AdvisorHolder, create_app
from assistant.api.openai_compat import MODEL_ID

KEY = "sk-test-key-0001"
QUESTION = "北京线上要学多少学时？"


@pytest.fixture(scope="module")
def http(fake_advisor):
    app = create_app(AdvisorHolder(advisor=fake_advisor), with_ui=False, keys=KeyRing({"sdk": KEY}))
    with TestClient(app, base_url="http://testserver") as c:
        yield c


@pytest.fixture(scope="module")
def client(http):
    return openai.OpenAI(api_key=KEY, base_url="http://testserver/v1", http_client=http, max_retries=0)


def test_sdk_models_list_and_retrieve(client):
    assert [m.id for m in client.models.list()] == [MODEL_ID]
    assert client.models.retrieve(MODEL_ID).id == MODEL_ID
    with pytest.raises(openai.NotFoundError) as e:
        client.models.retrieve("gpt-4o")
    assert MODEL_ID in e.value.message


def test_sdk_answer_with_usage_and_citations_where_stacks_look(client):
    raw = client.chat.completions.with_raw_response.create(
        model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}], extra_body={"region": "北京"})
    r = raw.parse()
    text = r.choices[0].message.content
    assert "25" in text and r.choices[0].finish_reason == "stop"
    assert r.usage.prompt_tokens > 0 and r.usage.completion_tokens > 0
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens
    extra = raw.http_response.json()  # Dify's `metadata` is not the shape OpenAI's typed field expects
    assert extra["references"] and extra["metadata"]["retriever_resources"]
    resource = extra["metadata"]["retriever_resources"][0]
    assert {"position", "dataset_id", "document_id", "document_name", "segment_id", "content"} <= set(resource)
    reference = extra["choices"][0]["message"]["reference"]
    assert reference["chunks"][0]["content"] and reference["doc_aggs"][0]["count"] >= 1


def test_sdk_content_parts_and_a_long_system_prompt(client):
    r = client.chat.completions.create(model=MODEL_ID, messages=[
        {"role": "system", "content": "你是助手。" * 1500},
        {"role": "user", "content": [{"type": "text", "text": "北京"}, {"type": "text", "text": "线上要学多少学时？"}]}])
    assert "25" in r.choices[0].message.content


def test_sdk_long_history_is_trimmed_not_refused(client):
    history = []
    for i in range(60):
        history += [{"role": "user", "content": f"第{i}个问题"}, {"role": "assistant", "content": "好的。"}]
    r = client.chat.completions.create(model=MODEL_ID, messages=[*history, {"role": "user", "content": QUESTION}])
    assert "25" in r.choices[0].message.content


def test_sdk_streaming_ends_with_finish_reason_and_reference(client):
    chunks = list(client.chat.completions.create(model=MODEL_ID, stream=True,
                                                 messages=[{"role": "user", "content": QUESTION}]))
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "25" in text and chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].choices[0].delta.model_extra["reference"]["chunks"]


def test_sdk_max_tokens_cuts_at_a_sentence_or_clause_and_says_length(client):
    full = client.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}])
    short = client.chat.completions.create(model=MODEL_ID, max_tokens=12,
                                           messages=[{"role": "user", "content": QUESTION}])
    assert short.choices[0].finish_reason == "length" and short.usage.completion_tokens <= 12
    kept = short.choices[0].message.content.rstrip("…")
    assert full.choices[0].message.content.startswith(kept) and not kept[-1:].isdigit()


@pytest.mark.parametrize("kwargs,param", [
    ({"n": 2}, "n"),
    ({"tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]}, "tools"),
    ({"response_format": {"type": "json_object"}}, "response_format"),
    ({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:,x"}}]}]},
     "messages[0].content"),
    ({"messages": [{"role": "system", "content": "只有系统消息"}]}, "messages"),
])
def test_sdk_unsupported_parameters_are_400_naming_them(client, kwargs, param):
    args = {"model": MODEL_ID, "messages": [{"role": "user", "content": QUESTION}], **kwargs}
    with pytest.raises(openai.BadRequestError) as e:
        client.chat.completions.create(**args)
    body = e.value.body
    assert body["param"] == param and body["type"] == "invalid_request_error"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])  # the Chinese explanation reaches the SDK


def test_sdk_unknown_model_is_404_with_the_model_list(client):
    with pytest.raises(openai.NotFoundError) as e:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    assert e.value.body["code"] == "model_not_found" and MODEL_ID in e.value.body["message"]


def test_sdk_without_the_key_is_401_with_a_readable_message(http):
    bad = openai.OpenAI(api_key="sk-wrong", base_url="http://testserver/v1", http_client=http, max_retries=0)
    with pytest.raises(openai.AuthenticationError) as e:
        bad.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}])
    assert "密钥" in e.value.message


def test_validation_errors_on_the_openai_route_are_in_openai_shape(http):
    r = http.post("/v1/chat/completions", json={"messages": "not a list"}, headers={"Authorization": f"Bearer {KEY}"})
    assert r.status_code == 400 and r.json()["error"]["param"] == "messages"


def test_langchain_chat_openai_invoke_and_stream(http):
    llm = ChatOpenAI(model=MODEL_ID, api_key=KEY, base_url="http://testserver/v1", http_client=http, max_retries=0)
    reply = llm.invoke([SystemMessage("请简洁"), HumanMessage("瓦房店要学多少学时？"), AIMessage("……"),
                        HumanMessage(QUESTION)])
    assert "25" in reply.content and reply.usage_metadata["total_tokens"] > 0
    streamed = "".join(chunk.content for chunk in llm.stream([HumanMessage(QUESTION)]))
    assert "25" in streamed


def test_langchain_content_blocks(http):
    llm = ChatOpenAI(model=MODEL_ID, api_key=KEY, base_url="http://testserver/v1", http_client=http, max_retries=0)
    reply = llm.invoke([HumanMessage(content=[{"type": "text", "text": QUESTION}])])
    assert "25" in reply.content


def test_sse_headers_on_both_streams(http):
    auth = {"Authorization": f"Bearer {KEY}"}
    for path, body in (("/v1/chat/completions", {"stream": True, "messages": [{"role": "user", "content": QUESTION}]}),
                       ("/v1/ask", {"stream": True, "question": QUESTION})):
        r = http.post(path, json=body, headers=auth)
        assert r.headers["content-type"].startswith("text/event-stream")
        assert r.headers["cache-control"] == "no-cache" and r.headers["x-accel-buffering"] == "no"
