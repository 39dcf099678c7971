"""The `openai:` composer against a stub OpenAI-compatible server on loopback, streaming included."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.advisor import Advisor
from assistant.llm.base import LLMError
from assistant.llm.factory import make_chat_model


class StubOpenAI:
    """Serves /v1/chat/completions with scripted replies; records what it was sent."""

    def __init__(self):
        self.replies: list[str] = []
        self.requests: list[dict] = []
        self.delay = 0.0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
                time.sleep(stub.delay)
                text = stub.replies.pop(0) if stub.replies else "好的。"
                base = {"id": "x", "created": 0, "model": body["model"]}
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    for i in range(0, len(text), 5):
                        chunk = {**base, "object": "chat.completion.chunk",
                                 "choices": [{"index": 0, "delta": {"content": text[i:i + 5]}, "finish_reason": None}]}
                        self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                    end = {**base, "object": "chat.completion.chunk",
                           "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                    self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
                    return
                out = {**base, "object": "chat.completion",
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                    "finish_reason": "stop"}],
                       "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
                data = json.dumps(out, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.handle_error = lambda *a: None  # a client that timed out is part of the test
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def stub():
    s = StubOpenAI()
    yield s
    s.close()


def test_complete_sends_model_key_and_messages(stub):
    model = make_chat_model("openai:deepseek-chat", stub.url, "sk-test", timeout=5)
    stub.replies.append("北京线上学习25学时。")
    assert model.complete([{"role": "user", "content": "北京线上学多少学时"}]) == "北京线上学习25学时。"
    req = stub.requests[0]
    assert req["path"] == "/v1/chat/completions" and req["auth"] == "Bearer sk-test"
    assert req["body"]["model"] == "deepseek-chat" and req["body"]["messages"][0]["content"] == "北京线上学多少学时"


def test_stream_yields_the_pieces(stub):
    model = make_chat_model("openai:qwen-plus", stub.url, "k", timeout=5)
    stub.replies.append("校本应用考核由学校组织实施。")
    pieces = list(model.stream([{"role": "user", "content": "谁组织考核"}]))
    assert len(pieces) > 1 and "".join(pieces) == "校本应用考核由学校组织实施。"
    assert stub.requests[0]["body"]["stream"] is True


def test_a_slow_endpoint_is_a_clear_error_within_the_timeout(stub):
    stub.delay = 3.0
    model = make_chat_model("openai:slow", stub.url, "k", timeout=0.5)
    t = time.perf_counter()
    with pytest.raises(LLMError, match="大模型调用失败"):
        model.complete([{"role": "user", "content": "hi"}])
    assert time.perf_counter() - t < 2.9


def test_answers_through_the_openai_path_are_guarded(fake_advisor, stub):
    model = make_chat_model("openai:stub", stub.url, "k", timeout=5)
    advisor = Advisor(fake_advisor.settings, fake_advisor.corpus, fake_advisor.rules, fake_advisor.embedder,
                      fake_advisor.index, model)
    stub.replies.append("北京要求80学时[1]。按照区级统筹、学校规划的流程组织实施校本应用考核工作[1]。")
    ans = advisor.ask("校本应用考核的流程是什么", region="北京")
    sent = stub.requests[0]["body"]["messages"]
    assert sent[0]["role"] == "system" and "<<<资料开始>>>" in sent[1]["content"]
    assert "80学时" not in ans.answer
    assert "beijing.hours.total" in [v.rule_id for v in ans.grounding.violations]


def test_when_the_model_fails_the_offline_answer_serves(fake_advisor, stub):
    stub.delay = 3.0
    model = make_chat_model("openai:slow", stub.url, "k", timeout=0.5)
    advisor = Advisor(fake_advisor.settings, fake_advisor.corpus, fake_advisor.rules, fake_advisor.embedder,
                      fake_advisor.index, model)
    ans = advisor.ask("校本应用考核的流程是什么", region="北京")
    assert not ans.refused and ans.citations
