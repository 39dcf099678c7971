"""The jurisdiction of one question, resolved once: which region, which programme, which documents govern, and
the plain notes about what the corpus lacks. Everything downstream receives this object."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.compose.question import Question
from assistant.rules.gazetteer import NATIONAL

__all__ = ["AnswerScope", "resolve_scope"]


@dataclass(frozen=True)
class AnswerScope:
    """Region (canonical; None when the teacher gave none), programme, governing documents (most local first)."""

    region: str | None
    program: str
    doc_ids: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    local_doc_ids: tuple[str, ...] = field(default_factory=tuple)
    national_only: bool = False

    @property
    def has_local(self) -> bool:
        """True when a document of the region itself (not only national ones) governs."""
        return bool(self.local_doc_ids)


def resolve_scope(engine, q: Question) -> AnswerScope:
    """Documents that may answer: the region's chain for the programme; every document of the programme when no
    region is known; the national ones only when the question names a national document."""
    documents = [d for d in engine.documents if d.program == q.program]
    national = tuple(d.id for d in documents if engine.gazetteer.resolve(d.region).canonical == NATIONAL)
    if q.national_only:
        return AnswerScope(None, q.program, national, (), (), True)
    if not q.region:
        return AnswerScope(None, q.program, tuple(d.id for d in documents), (), (), False)
    j = engine.jurisdiction(q.region, q.program)
    notes = tuple(n for n in j.notes if not n.startswith("未指定地区"))
    if not j.doc_ids and documents:
        # A 1.0 question from a region the 1.0 documents do not cover: what the corpus holds of 1.0, said plainly.
        held = "、".join(f"{engine.gazetteer.resolve(d.region).canonical}的《{d.title}》" for d in documents)
        notes = (f"语料中提升工程{q.program}时期只收录了{held}，以下据此说明，不代表{j.region.canonical or q.region}的规定。",)
        return AnswerScope(j.region.canonical or q.region, q.program, tuple(d.id for d in documents), notes, (), False)
    local = tuple(d for d in j.doc_ids if d not in national)
    return AnswerScope(j.region.canonical or q.region, q.program, tuple(j.doc_ids), notes, local, False)
