"""With a chat model: each section's prompts fleshed out into draft text, every sentence through the guard.

The guard corrects or removes sentences that contradict the region's rules (an invented 北京要求80学时 becomes
50学时). Draft text is the teacher's own writing, not a claim about a document, so sentences need no passage
support — only the rules judge them. Item labels the model dropped are put back from the outline, so the
completeness check still holds.
"""

from __future__ import annotations

import re

from assistant.drafting.completeness import item_present
from assistant.drafting.model import Correction, Draft, Section
from assistant.drafting.outline import rules_body
from assistant.drafting.periods import mask_periods, unmask_periods
from assistant.guard.guard import Guard
from assistant.guard.sentences import split_answer
from assistant.llm.base import ChatModel, LLMError
from assistant.prompts import load_prompt

__all__ = ["flesh_out", "SKIP_KEYS", "MAX_SECTION_CHARS"]

# Sections whose text comes from the inputs, the rules or the case library, never from a model.
SKIP_KEYS = frozenset({"basic", "points", "materials", "regional", "case", "process"})
MAX_SECTION_CHARS = 600
_FENCE = re.compile(r"^```[a-z]*\s*|\s*```$", re.M)
_HEADING = re.compile(r"^\s*#{1,6}\s.*$", re.M)
# The tail that carries the rules' own words: never sent for rewriting, re-added verbatim from the basis.
_BASIS_TAIL = re.compile(r"(?:^|\n)[ \t]*(文件依据：|（地区要求：)[\s\S]*$")
_KINDS = {"design": "信息技术应用设计方案", "reflection": "教学反思", "school_plan": "校本研修/考核方案"}


def _clean(text: str) -> str:
    """Model output without code fences, markdown headings and bold marks, cut at a sentence end."""
    text = _HEADING.sub("", _FENCE.sub("", text or "")).replace("**", "").strip()
    if len(text) <= MAX_SECTION_CHARS:
        return text
    cut = text[:MAX_SECTION_CHARS]
    end = max(cut.rfind(p) for p in "。！？\n")
    return cut[: end + 1] if end > MAX_SECTION_CHARS // 2 else cut


def _user(prompt, draft: Draft, section: Section) -> str:
    meta = draft.meta
    points = "、".join(f"{p['code']} {p['name']}" for p in meta.get("points", [])) or "（不适用）"
    case = "\n".join(f"{k}：{v}" for k, v in (draft.case.excerpt.items() if draft.case else []))
    return prompt.render(
        kind=_KINDS[draft.kind], title=draft.title, heading=section.heading, points=points,
        subject=meta.get("subject") or "（不适用）", grade=meta.get("grade") or "（不适用）",
        topic=meta.get("topic") or "（不适用）", environment=meta.get("environment") or "（未填写）",
        tools="、".join(meta.get("tools") or []) or "（未填写）", region=meta.get("region") or "全国",
        outline=_BASIS_TAIL.sub("", section.body).strip(),
        prompts="\n".join(f"- {p}" for p in section.prompts) or "（无）",
        indicators="\n".join(f"- {i.level}：{i.text}" for i in section.indicators) or "（无）",
        basis="\n".join(rules_body(section.basis)) or "（无）", case=case or "（无）")


def _restore_items(text: str, section: Section) -> str:
    """Append the outline line of every item label the model dropped."""
    lines = {line.split("：", 1)[0]: line for line in section.body.splitlines() if "：" in line}
    missing = [lines[i] for i in section.items if not item_present(i, text) and i in lines]
    return "\n".join([text, *missing]) if missing else text


def _guarded(guard: Guard, text: str, section: Section, region: str | None) -> tuple[str, list[Correction]]:
    """The guard's text and a Correction per corrected or removed sentence."""
    text = mask_periods(text)
    outcome = guard.correct(text, region)
    by_rule = {v.rule_id: v for v in outcome.violations}
    corrections = []
    for claim in outcome.claims:
        if claim.status not in ("corrected", "removed"):
            continue
        v = by_rule.get(claim.rule_id or "")
        fixed = claim.status == "corrected"
        original = claim.reason.removeprefix("原文为：") if fixed and claim.reason else claim.text
        corrections.append(Correction(
            section=section.heading, status=claim.status, original=unmask_periods(original),
            corrected=unmask_periods(claim.text) if fixed else None, rule_id=claim.rule_id,
            message=v.message if v else claim.reason, doc_id=v.doc_id if v else None,
            quote=v.quote if v else None))
    if not outcome.statements:
        return "", corrections
    kept, residual = _residual(guard, "".join(st.text for st in outcome.statements).strip(), section, region)
    return unmask_periods(kept), corrections + residual


# A violation the engine raises without a correctable claim (a 1.0 figure, an unknown 文号) removes its sentence.
def _residual(guard: Guard, text: str, section: Section, region: str | None) -> tuple[str, list[Correction]]:
    """Drop every sentence the engine still finds contradicting a rule, recording each as removed."""
    kept: list[str] = []
    removed: list[Correction] = []
    for sentence in split_answer(text):
        found = guard.engine.check_text(sentence.raw, region).violations
        if found:
            v = found[0]
            removed.append(Correction(section=section.heading, status="removed",
                                      original=unmask_periods(sentence.bare), rule_id=v.rule_id,
                                      message=v.message, doc_id=v.doc_id, quote=v.quote))
        else:
            kept.append(sentence.raw + sentence.tail)
    return "".join(kept).strip(), removed


def flesh_out(draft: Draft, model: ChatModel, guard: Guard) -> Draft:
    """Sections with prompts rewritten by the model and checked by the guard; on failure the outline stays."""
    system = load_prompt("draft_system").render(max_chars=str(MAX_SECTION_CHARS))
    prompt = load_prompt("draft_section")
    region = draft.meta.get("region")
    sections: list[Section] = []
    corrections: list[Correction] = []
    notes: list[str] = []
    failed = False
    for section in draft.sections:
        if failed or section.key in SKIP_KEYS or section.key.startswith("point.") and section.level < 3 \
                or not section.prompts:
            sections.append(section)
            continue
        messages = [{"role": "system", "content": system},
                    {"role": "user", "content": _user(prompt, draft, section)}]
        try:
            raw = model.complete(messages)
        except LLMError as e:
            failed = True
            notes.append(f"模型调用失败（{e}），尚未扩写的小节保留提纲。")
            sections.append(section)
            continue
        text, fixed = _guarded(guard, _BASIS_TAIL.sub("", _clean(raw)).strip(), section, region)
        corrections += fixed
        if not text.strip():
            notes.append(f"“{section.heading}”的模型草稿未通过核验，保留提纲。")
            sections.append(section.model_copy(update={"status": "fallback"}))
            continue
        text = _restore_items(text, section)
        if section.basis:
            text += "\n" + "\n".join(["文件依据：", *rules_body(section.basis)])
        status = "corrected" if fixed else "drafted"
        sections.append(section.model_copy(update={"body": text, "status": status}))
    if corrections:
        notes.append(f"模型草稿中有{len(corrections)}处与规定不符的内容已由规则核验更正或删除，详见 corrections。")
    return draft.model_copy(update={"sections": sections, "corrections": draft.corrections + corrections,
                                    "notes": draft.notes + notes, "model": getattr(model, "name", "model")})
