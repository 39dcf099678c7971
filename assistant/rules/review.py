"""The review queue of extracted rules: nothing a document proposes binds until a person accepts it.

Files, beside the curated rules:
    corpus/rules/pending/<doc_id>.yaml   every candidate of a document, with status, confidence, offsets, context
    corpus/rules/<doc_id>.yaml           the accepted rules, each with `review: {by, at, edited}`; the rule
                                         loader reads it like any curated file, so it survives index rebuilds

Every change takes the corpus lock and rewrites a file atomically; the accepted file is written before the
queue, so a crash between the two leaves the rule accepted and the queue shows it as accepted.

Usage:
    queue = ReviewQueue(Path("corpus"))
    queue.pending(region="南京")                   # what a trainer reviews
    queue.accept(["user_ab12.hours.total"], by="王老师")
    queue.edit("user_ab12.selection.count", {"value": 4}, by="王老师")
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.corpus.documents import read_yaml
from assistant.corpus.errors import CorpusError, NotFound
from assistant.corpus.ingest import write_atomic, corpus_lock
from assistant.rules.extract import Proposal
from assistant.rules.rule import Review, Rule, bounds
from assistant.types import Document

__all__ = ["Candidate", "ReviewQueue", "parse_param", "describe_params", "conflicts", "review_rows", "region_filter", "HIGH_CONFIDENCE", "PENDING_DIR"]

PENDING_DIR = "pending"
HIGH_CONFIDENCE = 0.8
Status = Literal["pending", "accepted", "rejected"]


class Candidate(BaseModel):
    """One proposed rule of a document, as a reviewer sees it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    status: Status = "pending"
    confidence: float = Field(ge=0, le=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    context: str = ""
    notes: list[str] = Field(default_factory=list)
    rule: Rule
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    edited: bool = False

    def to_json(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        data["rule"] = self.rule.to_json()
        return data


class _PendingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: str
    extracted_at: str
    candidates: list[Candidate]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def parse_param(raw: str) -> tuple[str, Any]:
    """'value=60' → ('value', 60); 'op=>=' → ('op', '>='); 'items=设计方案,教学反思' → list; JSON values too."""
    key, sep, value = raw.partition("=")
    key, value = key.strip(), value.strip()
    if not sep or not re.fullmatch(r"[a-z_]+", key):
        raise ValueError(f"参数应写成 名称=值（如 value=60、op=>=），收到：{raw}")
    if value.startswith(("{", "[")):
        try:
            return key, json.loads(value)
        except json.JSONDecodeError as e:
            raise ValueError(f"参数 {key} 的 JSON 值无法解析：{e.msg}") from e
    if re.fullmatch(r"-?\d+", value):
        return key, int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return key, float(value)
    if key in ("items", "codes") or ("," in value or "，" in value or "、" in value) and key not in ("what",):
        return key, [v.strip() for v in re.split(r"[,，、]", value) if v.strip()]
    return key, value


class ReviewQueue:
    """Candidates of every ingested document, and the acts of review on them."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.rules_dir = self.corpus_dir / "rules"
        self.pending_dir = self.rules_dir / PENDING_DIR
        self.policies_dir = self.corpus_dir / "policies"

    # ---- files ----
    def _pending_path(self, doc_id: str) -> Path:
        return self.pending_dir / f"{doc_id}.yaml"

    def _accepted_path(self, doc_id: str) -> Path:
        return self.rules_dir / f"{doc_id}.yaml"

    def _read_pending(self, path: Path) -> _PendingFile:
        data = read_yaml(path)
        try:
            return _PendingFile.model_validate(data)
        except ValidationError as e:
            raise CorpusError(f"{path}: 候选规则文件格式有误（{e.errors()[0]['msg']}）") from e

    def _write_pending(self, queue: _PendingFile, title: str | None = None) -> None:
        self.pending_dir.mkdir(parents=True, exist_ok=True)
        head = (f"# 从《{title}》提取的候选规则。" if title else "# 候选规则。") + \
            "经培训者审核（advisor rules review / accept / reject / edit）后才生效。\n"
        body = yaml.safe_dump(json.loads(json.dumps({
            "document": queue.document, "extracted_at": queue.extracted_at,
            "candidates": [c.to_json() for c in queue.candidates]}, ensure_ascii=False)),
            allow_unicode=True, sort_keys=False, width=120)
        write_atomic(self._pending_path(queue.document), head + body)

    def _read_accepted(self, doc_id: str) -> list[Rule]:
        path = self._accepted_path(doc_id)
        if not path.exists():
            return []
        data = read_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise CorpusError(f"{path}: 缺少 rules 列表")
        try:
            return [Rule.model_validate(r) for r in data["rules"]]
        except ValidationError as e:
            raise CorpusError(f"{path}: 已审核规则格式有误（{e.errors()[0]['msg']}）") from e

    def _write_accepted(self, doc_id: str, rules: list[Rule], title: str | None) -> None:
        path = self._accepted_path(doc_id)
        if not rules:
            path.unlink(missing_ok=True)
            return
        head = (f"# 培训者审核通过的规则（来自《{title}》）。" if title else "# 培训者审核通过的规则。") + \
            "由 advisor rules accept 写入，随索引重建保留；每条的 review 记录审核人和时间。\n"
        body = yaml.safe_dump({"document": doc_id, "rules": [r.to_json() for r in rules]},
                              allow_unicode=True, sort_keys=False, width=120)
        write_atomic(path, head + body)

    def _queues(self) -> list[_PendingFile]:
        if not self.pending_dir.is_dir():
            return []
        return [self._read_pending(p) for p in sorted(self.pending_dir.glob("*.yaml"))]

    # ---- proposing ----
    def store_proposals(self, doc: Document, proposals: list[Proposal]) -> list[Candidate]:
        """Write a document's candidates (the caller holds the corpus lock, as ingest does)."""
        candidates = [Candidate(id=p.rule.id, confidence=p.confidence, start=p.start, end=p.end,
                                context=p.context, notes=p.notes, rule=p.rule) for p in proposals]
        self._write_pending(_PendingFile(document=doc.id, extracted_at=_now(), candidates=candidates), doc.title)
        return candidates

    # ---- reading ----
    def candidates(self, status: str | None = "pending", region: str | None = None,
                   in_region: Callable[[str], bool] | None = None, doc_id: str | None = None) -> list[Candidate]:
        """Candidates by status (None = all), of documents whose region passes `in_region`, or of one document."""
        out: list[Candidate] = []
        for queue in self._queues():
            if doc_id is not None and queue.document != doc_id:
                continue
            accepted = {r.id for r in self._read_accepted(queue.document)}
            for c in queue.candidates:
                if c.status == "pending" and c.id in accepted:
                    c = c.model_copy(update={"status": "accepted"})
                if status is not None and c.status != status:
                    continue
                if in_region is not None and not in_region(c.rule.region):
                    continue
                out.append(c)
        return out

    def documents_with_candidates(self) -> dict[str, tuple[int, int]]:
        """doc_id → (pending, accepted) counts."""
        out = {}
        for queue in self._queues():
            accepted = {r.id for r in self._read_accepted(queue.document)}
            pending = sum(1 for c in queue.candidates if c.status == "pending" and c.id not in accepted)
            out[queue.document] = (pending, len(accepted))
        return out

    # ---- acts ----
    def accept(self, ids: list[str] | None, by: str, titles: dict[str, str] | None = None,
               in_region: Callable[[str], bool] | None = None, min_confidence: float | None = None) -> list[Rule]:
        """Accept the candidates named (or, with ids None, every pending one in the region at or above
        min_confidence); returns the rules now binding."""
        by = _reviewer(by)
        with corpus_lock(self.policies_dir):
            chosen = self._select(ids, "accept", in_region, min_confidence)
            accepted: list[Rule] = []
            for doc_id, picks in chosen.items():
                queue = self._read_pending(self._pending_path(doc_id))
                rules = {r.id: r for r in self._read_accepted(doc_id)}
                at = _now()
                for c in picks:
                    rule = c.rule.model_copy(update={"review": Review(by=by, at=at, edited=c.edited,
                                                                      confidence=c.confidence)})
                    rules[rule.id] = rule
                    accepted.append(rule)
                order = [c.id for c in queue.candidates]
                self._write_accepted(doc_id, sorted(rules.values(), key=lambda r: order.index(r.id)
                                                    if r.id in order else len(order)), (titles or {}).get(doc_id))
                ids_now = {c.id for c in picks}
                queue.candidates = [c.model_copy(update={"status": "accepted", "reviewed_by": by, "reviewed_at": at})
                                    if c.id in ids_now else c for c in queue.candidates]
                self._write_pending(queue, (titles or {}).get(doc_id))
            return accepted

    def reject(self, ids: list[str], by: str, titles: dict[str, str] | None = None) -> list[str]:
        """Reject candidates (an accepted one stops binding); returns their ids."""
        by = _reviewer(by)
        with corpus_lock(self.policies_dir):
            chosen = self._select(ids, "reject")
            done: list[str] = []
            for doc_id, picks in chosen.items():
                queue = self._read_pending(self._pending_path(doc_id))
                gone = {c.id for c in picks}
                kept = [r for r in self._read_accepted(doc_id) if r.id not in gone]
                self._write_accepted(doc_id, kept, (titles or {}).get(doc_id))
                at = _now()
                queue.candidates = [c.model_copy(update={"status": "rejected", "reviewed_by": by, "reviewed_at": at})
                                    if c.id in gone else c for c in queue.candidates]
                self._write_pending(queue, (titles or {}).get(doc_id))
                done += sorted(gone)
            return done

    def edit(self, cid: str, params: dict[str, Any], by: str, titles: dict[str, str] | None = None,
             topic: str | None = None) -> Candidate:
        """Change a candidate's parameters (value, op, unit, …) or topic; an accepted one changes where it binds."""
        by = _reviewer(by)
        if not params and not topic:
            raise ValueError("请至少给出一个要修改的参数，如 --param value=60")
        with corpus_lock(self.policies_dir):
            doc_id, c = self._find(cid)
            queue = self._read_pending(self._pending_path(doc_id))
            merged = {**c.rule.params, **{k: v for k, v in params.items() if v is not None}}
            for k in [k for k, v in params.items() if v is None]:
                merged.pop(k, None)
            try:
                rule = Rule.model_validate({**c.rule.model_dump(), "params": merged, "topic": topic or c.rule.topic})
            except ValidationError as e:
                raise ValueError("修改后的规则不成立：" + "；".join(err["msg"].removeprefix("Value error, ")
                                                            for err in e.errors())) from e
            edited = c.model_copy(update={"rule": rule, "edited": True})
            queue.candidates = [edited if x.id == cid else x for x in queue.candidates]
            accepted = self._read_accepted(doc_id)
            if any(r.id == cid for r in accepted):
                at = _now()
                accepted = [rule.model_copy(update={"review": Review(by=by, at=at, edited=True,
                                                                     confidence=c.confidence)})
                            if r.id == cid else r for r in accepted]
                self._write_accepted(doc_id, accepted, (titles or {}).get(doc_id))
            self._write_pending(queue, (titles or {}).get(doc_id))
            return edited

    def forget_document(self, doc_id: str) -> None:
        """Remove a document's candidates and accepted rules (the caller holds the corpus lock)."""
        self._accepted_path(doc_id).unlink(missing_ok=True)
        self._pending_path(doc_id).unlink(missing_ok=True)

    # ---- helpers ----
    def _find(self, cid: str) -> tuple[str, Candidate]:
        for queue in self._queues():
            for c in queue.candidates:
                if c.id == cid:
                    return queue.document, c
        known = [c.id for q in self._queues() for c in q.candidates]
        near = [k for k in known if cid.split(".")[-1] in k][:5]
        hint = f"（是不是：{'、'.join(near)}？）" if near else "（用 advisor rules review 查看候选编号）"
        raise NotFound(f"没有编号为 {cid} 的候选规则{hint}")

    def _select(self, ids: list[str] | None, act: str, in_region: Callable[[str], bool] | None = None,
                min_confidence: float | None = None) -> dict[str, list[Candidate]]:
        chosen: dict[str, list[Candidate]] = {}
        if ids is None:
            for c in self.candidates("pending", in_region=in_region):
                if min_confidence is None or c.confidence >= min_confidence:
                    chosen.setdefault(c.rule.doc_id, []).append(c)  # the queue file is named after the document
            if not chosen:
                raise ValueError("没有符合条件的待审核候选规则")
            return chosen
        if not ids:
            raise ValueError(f"请给出要{'通过' if act == 'accept' else '驳回'}的候选编号，或用 --all")
        for cid in dict.fromkeys(ids):
            doc_id, c = self._find(cid)
            chosen.setdefault(doc_id, []).append(c)
        return chosen


_OPS = {">=": "不少于", "<=": "不超过", "==": "为", ">": "多于", "<": "少于"}


def describe_params(params: dict) -> str:
    """A candidate's parameters in plain Chinese: 不少于 60 学时; 须含学业评价维度 1 个; 截止 2023-3-31."""
    p = params
    if "allowed" in p:
        return "；".join(f"{env}环境可选 {'、'.join(v)} 类" for env, v in p["allowed"].items())
    if "dimension" in p or "codes" in p:
        what = f"{p['dimension']}维度" if "dimension" in p else "、".join(p["codes"])
        return f"须含{what}的能力点至少 {p.get('min', 1)} 个"
    if "items" in p:
        return "提交：" + "、".join(p["items"])
    if "actor" in p:
        return f"{p['actor']}负责：{p.get('what', '')}"
    if "month" in p or "year" in p:
        date = "-".join(str(p[k]) for k in ("year", "month", "day") if k in p)
        return f"{p.get('what', '')}截止 {date}".strip()
    if "value" in p:
        return f"{_OPS.get(p.get('op'), p.get('op', ''))} {p['value']} {p.get('unit', '')}".strip()
    return json.dumps(p, ensure_ascii=False)


def _reviewer(by: str | None) -> str:
    by = (by or "").strip()
    if not by:
        raise ValueError("请写明审核人（--by 姓名）")
    if len(by) > 40:
        raise ValueError("审核人姓名过长（最多 40 字）")
    return by


def conflicts(candidate: Candidate, parent_rules: list[Rule]) -> list[str]:
    """Where a candidate asks less (or allows more) than a rule of the same topic from a less local document."""
    out: list[str] = []
    if not any(k in candidate.rule.params for k in ("value", "min", "max", "exact")):
        return out
    lo, hi = bounds(candidate.rule)
    for rule in parent_rules:
        if rule.topic != candidate.rule.topic or rule.doc_id == candidate.rule.doc_id or rule.is_default:
            continue
        if candidate.rule.params.get("unit") != rule.params.get("unit"):
            continue
        plo, phi = bounds(rule)
        if plo is not None and lo is not None and lo < plo:
            out.append(f"低于上级文件的要求：{rule.message}")
        elif plo is not None and lo is None and hi is not None and hi < plo:
            out.append(f"与上级文件的要求矛盾：{rule.message}")
        elif phi is not None and hi is not None and hi > phi:
            out.append(f"高于上级文件的上限：{rule.message}")
    return out


def region_filter(engine, region: str | None) -> Callable[[str], bool] | None:
    """A test for a rule's region: the region itself or a place below it (None: every region)."""
    if region is None or not str(region).strip():
        return None
    place = engine.gazetteer.resolve(region)
    if not place.known or place.canonical is None:
        raise ValueError(f"无法识别地区：{region}")
    return lambda name: place.canonical in engine.gazetteer.resolve(name).chain


def review_rows(engine, queue: ReviewQueue, region: str | None = None, status: str | None = "pending",
                doc_id: str | None = None) -> list[dict]:
    """Candidates as a reviewer sees them: the document's title, the topic in Chinese, and any conflict with the
    rules of the wider region (for the CLI, the API and the UI alike)."""
    from assistant.corpus.lexicon import default_lexicon

    label = default_lexicon().extraction.label
    titles = {d.id: d.title for d in engine.documents}
    rows = []
    for c in queue.candidates(status, in_region=region_filter(engine, region), doc_id=doc_id):
        parent = engine.gazetteer.resolve(c.rule.region).chain[1:2]
        wider = engine.rules(parent[0], c.rule.program) if parent else []
        rows.append({**c.to_json(), "title": titles.get(c.rule.doc_id, c.rule.doc_id),
                     "topic_label": label(c.rule.topic), "conflicts": conflicts(c, wider)})
    return rows
