"""An optional LLM judge, RAGAS-style: extract the answer's statements, then verify each against the contexts.

Shown beside the offline score when a chat model is given; prompts are prompts/judge_statements.md and
prompts/judge_verdicts.md.

Usage:
    judge = LLMJudge(make_chat_model("openai:deepseek-chat", base_url, key))
    judge.score("北京线上要学多少学时？", "北京要求线上学习30学时。", ["其中线上学习25学时"])
"""

from __future__ import annotations

import json
import re
from typing import Any

from assistant.llm.base import LLMError
from assistant.prompts import load_prompt
from evals.faithfulness.evaluate import score_predictions

__all__ = ["LLMJudge", "parse_json", "normalize_verdict", "evaluate_judge", "make_judge"]

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)
_YES = {"supported", "support", "yes", "true", "1", "是", "支持", "有依据"}
_CONTRA = {"contradicted", "contradiction", "contradicts", "矛盾", "冲突"}


def parse_json(text: str) -> Any:
    """The JSON a model wrote, tolerating code fences and words around it; ValueError when there is none."""
    fenced = _FENCE.search(text)
    body = fenced.group(1) if fenced else text
    decoder = json.JSONDecoder()
    for start, ch in enumerate(body):
        if ch in "{[":
            try:
                return decoder.raw_decode(body[start:])[0]
            except json.JSONDecodeError:
                continue
    raise ValueError(f"模型输出中没有可解析的 JSON：{text[:80]}")


def normalize_verdict(raw: Any) -> str:
    """supported | contradicted | unsupported from whatever the model wrote (1/0, yes/no, 中文)."""
    word = str(raw).strip().lower()
    if word in _YES:
        return "supported"
    if word in _CONTRA:
        return "contradicted"
    return "unsupported"


class LLMJudge:
    """Judges faithfulness through a ChatModel; the same output shape as the offline scorer."""

    def __init__(self, chat_model, max_context_chars: int = 6000) -> None:
        self.model = chat_model
        self.max_context_chars = max_context_chars

    def _ask(self, prompt: str) -> Any:
        return parse_json(self.model.complete([{"role": "user", "content": prompt}]))

    def statements(self, question: str, answer: str) -> list[str]:
        """The answer's statements as the model splits them."""
        data = self._ask(load_prompt("judge_statements").render(question=question, answer=answer))
        items = data.get("statements") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ValueError("模型没有按格式给出 statements 列表")
        return [str(s).strip() for s in items if str(s).strip()]

    def verdicts(self, contexts: list[str], statements: list[str]) -> list[dict]:
        """{text, verdict, evidence} per statement; a statement the model skipped is unsupported."""
        text = "\n".join(f"[{i}] {c}" for i, c in enumerate(contexts, 1))[: self.max_context_chars]
        listed = "\n".join(f"{i}. {s}" for i, s in enumerate(statements, 1))
        data = self._ask(load_prompt("judge_verdicts").render(contexts=text or "（无）", statements=listed))
        items = data.get("verdicts") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ValueError("模型没有按格式给出 verdicts 列表")
        out = []
        for i, statement in enumerate(statements):
            got = items[i] if i < len(items) and isinstance(items[i], dict) else {}
            out.append({"text": statement, "verdict": normalize_verdict(got.get("verdict", "")),
                        "evidence": str(got.get("reason") or "模型未给出该条的判断")})
        return out

    def score(self, question: str, answer: str, contexts: list[str]) -> dict:
        """{faithfulness, claims:[{text, verdict, evidence}]}; faithfulness None without statements."""
        statements = self.statements(question, answer)
        claims = self.verdicts(contexts, statements) if statements else []
        supported = sum(c["verdict"] == "supported" for c in claims)
        return {"faithfulness": supported / len(claims) if claims else None, "claims": claims}


def make_judge(spec: str, settings) -> LLMJudge:
    """A judge over `openai:<model>` (or `fake:<reply>`) with the settings' endpoint, key and limits."""
    from assistant.llm.factory import make_chat_model

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    model = make_chat_model(spec, settings.llm_base_url, key, settings.llm_timeout, settings.llm_max_tokens)
    if model is None:
        raise ValueError("评审需要一个生成模型，例如 openai:deepseek-chat")
    return LLMJudge(model)


def evaluate_judge(judge: LLMJudge, rows: list[dict]) -> dict:
    """The judge over labelled rows: accuracy and confusion like the offline scorer, and rows it failed on."""
    predicted, errors, items = {}, [], []
    for r in rows:
        try:
            scored = judge.score(r["question"], r["answer"], r["contexts"])
        except (LLMError, ValueError) as e:
            errors.append({"id": r["id"], "message": str(e)})
            continue
        bad = any(c["verdict"] != "supported" for c in scored["claims"])
        predicted[r["id"]] = "unfaithful" if bad else "faithful"
        items.append({"id": r["id"], "label": r["label"], "predicted": predicted[r["id"]],
                      "claims": scored["claims"]})
    scored_rows = [r for r in rows if r["id"] in predicted]
    return {**score_predictions(scored_rows, predicted), "rows": len(scored_rows), "errors": errors,
            "model": getattr(judge.model, "name", "?"), "items": items}
