"""The drafting facade: 设计方案 and 教学反思 outlines per micro-ability, school plans, review of a teacher's draft.

Usage:
    engine = RuleEngine.load(Path("corpus"))
    drafter = Drafter.load(Path("corpus"), engine)                  # offline: structured outlines
    draft = drafter.design(["A1", "B2"], "物理", "初中二年级", "浮力", environment="混合", region="北京")
    draft.completeness.complete, draft.verdict                        # True, VALID
    to_docx(draft, Path("浮力-设计方案.docx"))
    drafter.review(Path("我的方案.docx"), ["A1", "B2"], region="北京").to_json()

With a chat model (`Drafter.load(..., chat_model=model)`) each section's prompts are fleshed out into
draft text, every sentence checked by the guard against the region's rules.
"""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.cases import Case, load_cases
from assistant.corpus.library import Corpus
from assistant.drafting.cases import case_ref, find_cases
from assistant.drafting.completeness import with_completeness
from assistant.drafting.design import build_design
from assistant.drafting.flesh import flesh_out
from assistant.drafting.inputs import DraftInput, parse_input, resolve_points
from assistant.drafting.model import Draft, Review
from assistant.drafting.reader import read_draft
from assistant.drafting.reflection import build_reflection
from assistant.drafting.regional import RegionalCheck, check_region
from assistant.drafting.requirements import PointSpec, load_requirements
from assistant.drafting.review import ReviewKind, review_text
from assistant.drafting.school_plan import build_school_plan
from assistant.drafting.sources import SourceBook
from assistant.drafting.templates import Templates, load_templates
from assistant.guard.guard import Guard
from assistant.llm.base import ChatModel
from assistant.rules import RuleEngine

__all__ = ["Drafter", "REQUIREMENTS_FILE", "TEMPLATES_FILE"]

REQUIREMENTS_FILE = Path("drafting") / "requirements.yaml"
TEMPLATES_FILE = Path("drafting") / "templates.yaml"


class Drafter:
    """Builds, checks and (with a model) fleshes out drafts; holds requirements, templates and cases."""

    def __init__(self, engine: RuleEngine, specs: dict[str, PointSpec], templates: Templates,
                 cases: list[Case], texts: dict[str, str], titles: dict[str, str],
                 chat_model: ChatModel | None = None) -> None:
        self.engine = engine
        self.specs = specs
        self.templates = templates
        self.cases = cases
        self.texts = texts
        self.titles = titles
        self.chat_model = chat_model
        self.guard = Guard(engine)

    @classmethod
    def load(cls, corpus_dir: Path, engine: RuleEngine, chat_model: ChatModel | None = None) -> "Drafter":
        """Read and validate corpus/drafting/*.yaml, the case library and the policy texts (for quotes)."""
        corpus_dir = Path(corpus_dir)
        templates = load_templates(corpus_dir / TEMPLATES_FILE)
        specs = load_requirements(corpus_dir / REQUIREMENTS_FILE, engine.catalogue.abilities,
                                  templates.stages)
        corpus = Corpus.load(corpus_dir)
        return cls(engine, specs, templates, load_cases(corpus_dir / "cases"), corpus.texts,
                   {d.id: d.title for d in corpus.documents}, chat_model)

    def find_cases(self, points: list[str] | None = None, subject: str | None = None,
                   environment: str | None = None, stage: str | None = None, limit: int = 3) -> list[Case]:
        """Library cases ranked by match to points, subject, environment and stage."""
        return find_cases(self.cases, points, subject, environment, stage, limit)

    def _prepare(self, abilities, subject, grade, topic, environment, tools, region,
                 parts: tuple[str, ...]) -> tuple[DraftInput, RegionalCheck, SourceBook, object]:
        inp = parse_input(self.engine, abilities, subject, grade, topic, environment, tools, region)
        book = SourceBook(self.texts, self.titles)
        regional = check_region(self.engine, book, inp.points, inp.region, inp.environment, self.templates)
        found = find_cases(self.cases, inp.codes, inp.subject, inp.environment, inp.stage, limit=1)
        return inp, regional, book, case_ref(found[0], parts) if found else None

    def _finish(self, draft: Draft, book: SourceBook) -> Draft:
        """Citations, the optional model pass through the guard, then the completeness check."""
        draft = draft.model_copy(update={"citations": list(book.citations)})
        if self.chat_model is not None:
            draft = flesh_out(draft, self.chat_model, self.guard)
        return with_completeness(draft)

    def design(self, abilities: list[str] | str, subject: str, grade: str, topic: str,
               environment: str | None = None, tools: list[str] | str | None = None,
               region: str | None = None) -> Draft:
        """A 设计方案 for 1–5 points: common and per-point sections, the process table, a case, checks."""
        inp, regional, book, case = self._prepare(abilities, subject, grade, topic, environment, tools,
                                                  region, ("情境", "实施步骤", "形成的证据"))
        return self._finish(build_design(inp, self.specs, self.templates, regional, case), book)

    def reflection(self, abilities: list[str] | str, subject: str, grade: str, topic: str,
                   environment: str | None = None, tools: list[str] | str | None = None,
                   region: str | None = None) -> Draft:
        """A 教学反思 for the same points: 实践过程, 效果证据, 问题与不足, 改进方向 with point-specific questions."""
        inp, regional, book, case = self._prepare(abilities, subject, grade, topic, environment, tools,
                                                  region, ("情境", "反思要点"))
        return self._finish(build_reflection(inp, self.specs, self.templates, regional, case), book)

    def school_plan(self, region: str | None, kind: str = "both") -> Draft:
        """A school's 校本研修方案 and/or 校本应用考核方案 outline, each requirement quoted from the region's rules."""
        book = SourceBook(self.texts, self.titles)
        draft = build_school_plan(self.engine, self.templates, book, region, kind)
        return self._finish(draft, book)

    def review(self, text: str | Path | bytes, abilities: list[str] | str, region: str | None = None,
               kind: ReviewKind = "auto", filename: str | None = None) -> Review:
        """Review a pasted draft (or a .docx/.md/.txt path, or uploaded bytes with their filename)."""
        body = read_draft(text, filename)
        points, _ = resolve_points(self.engine, abilities)
        if kind not in ("auto", "design", "reflection"):
            raise ValueError(f"无法识别的草稿类型：{kind}（可选：auto、design、reflection）")
        regional = check_region(self.engine, SourceBook(self.texts, self.titles), points, region, None,
                                self.templates)
        return review_text(self.engine, self.specs, body, points, regional, kind)
