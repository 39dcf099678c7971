"""The recommender: a teacher's own words in, three fitting micro-abilities that are valid where they teach out.

Usage:
    rec = Recommender.from_settings(Settings())
    rec.recommend("我做的PPT字太多，学生小组讨论乱哄哄", region="北京", environment="混合").to_json()
"""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.abilities import load_abilities
from assistant.corpus.cases import Case, load_cases
from assistant.indexing.cache import VectorCache
from assistant.recommend.context import explain_requests, question_for, resolve_context
from assistant.recommend.cues import CueTable, load_cues, normalize
from assistant.recommend.explain import case_for, citations_for, reason_for
from assistant.recommend.recommendation import Pick, Recommendation, RunnerUp
from assistant.recommend.scoring import Scorer, Weights, WEIGHTS
from assistant.recommend.selection import allowed_letters, choose
from assistant.recommend.understanding import understand
from assistant.timing import timed
from assistant.types import Ability, Verdict

__all__ = ["Recommender", "MAX_TEXT"]

MAX_TEXT = 2000


class Recommender:
    """Scores all 30 points against a text, then picks the best combination the rule engine judges VALID."""

    def __init__(self, abilities: list[Ability], engine, embedder, cases: list[Case],
                 cues: CueTable | None = None, cache_dir: Path | None = None, program: str = "2.0",
                 weights: Weights = WEIGHTS) -> None:
        self.abilities = list(abilities)
        self.by_code = {a.code: a for a in self.abilities}
        self.engine = engine
        self.cases = list(cases)
        self.cues = cues or load_cues()
        self.program = program
        cache = VectorCache(Path(cache_dir), embedder.name, embedder.dim) if cache_dir else None
        try:
            self.scorer = Scorer(self.abilities, embedder, self.cases, self.cues, cache, weights)
        finally:
            if cache:
                cache.close()

    @classmethod
    def from_settings(cls, settings, engine=None, embedder=None) -> "Recommender":
        """Build from Settings: catalogue, cases and cue table of the corpus; vectors cached in index_dir/cache."""
        from assistant.indexing.embedder import make_embedder
        from assistant.rules import RuleEngine

        corpus = Path(settings.corpus_dir)
        engine = engine or RuleEngine.load(corpus)
        embedder = embedder or make_embedder(settings.embedder, settings.threads)
        return cls(load_abilities(corpus / "micro_abilities.yaml"), engine, embedder,
                   load_cases(corpus / "cases"), load_cues(corpus / "recommend_cues.yaml"),
                   cache_dir=Path(settings.index_dir) / "cache")

    def _grade(self, grade: str | None) -> str | None:
        if not grade or not str(grade).strip():
            return None
        found = self.cues.grades(normalize(str(grade)))
        return found[0].key if found else str(grade).strip()

    @timed("compose")
    def recommend(self, text: str, region: str | None = None, environment: str | None = None,
                  subject: str | None = None, grade: str | None = None) -> Recommendation:
        """Three valid, fitting picks for the text, with reasons, evidence, a case and the policy basis."""
        if text is None or not str(text).strip():
            raise ValueError("请先用自己的话描述教学中遇到的困难或想提升的方面，内容不能为空。")
        text = str(text).strip()
        if len(text) > MAX_TEXT:
            raise ValueError(f"描述太长（{len(text)} 字），请控制在 {MAX_TEXT} 字以内，只写最想解决的问题。")
        u = understand(text, self.cues, self.abilities, getattr(self.engine, "gazetteer", None))
        ctx = resolve_context(u, self.engine, region, environment, self.program)
        subject = subject.strip() if isinstance(subject, str) and subject.strip() else u.subject
        grade = self._grade(grade) or u.grade
        stage = grade[:2] if grade and grade[:2] in ("小学", "初中", "高中") else u.stage
        sheet = self.scorer.score(u)
        letters = allowed_letters(self.engine, ctx.region, ctx.environment, self.program)
        required = [c for c in u.requested_codes if c[0] in letters]
        choice = choose(sheet.points, self.abilities, self.engine, ctx.region, ctx.environment, required,
                        self.program)
        vague = sheet.vague
        citations = citations_for(choice.check, self.engine)
        dims = list(dict.fromkeys(self.by_code[p.code].dimension for p in choice.picks))
        picks = []
        for ps in choice.picks:
            a = self.by_code[ps.code]
            picks.append(Pick(
                code=a.code, name=a.name, dimension=a.dimension, environment=a.environment,
                reason=reason_for(ps, a, self.cues, letters, self.by_code, required, vague, dims),
                submit=list(a.evidence),
                case=case_for(a.code, self.cases, subject, stage, ctx.environment, sheet.case_similarity),
                citations=citations, score=round(ps.total, 4), quote=ps.quote,
            ))
        ranked = [p.code for p in choice.picks] + [r.code for r in choice.runners_up]
        notes = explain_requests(u, self.engine, ctx, letters, self.by_code, ranked, len(picks), self.program)
        checked = [n for n in (choice.check.notes if choice.check else []) if not n.startswith("未指定地区")]
        notes += ctx.notes + checked + self._local_duties(ctx.region)
        if choice.check is None:
            notes.append("在当前地区和环境的规则下找不到有效的组合，请核对地区和学校环境。")
        return Recommendation(
            picks=picks,
            runners_up=[RunnerUp(code=r.code, name=self.by_code[r.code].name, score=round(r.total, 4))
                        for r in choice.runners_up],
            verdict=choice.check.verdict if choice.check else Verdict.INVALID,
            violations=list(choice.check.violations) if choice.check else [],
            assumptions=ctx.assumptions,
            notes=list(dict.fromkeys(notes)),
            question=question_for(ctx, vague),
            environment=ctx.environment,
            region=ctx.region_label,
            subject=subject,
            grade=grade,
        )

    def _local_duties(self, region: str | None) -> list[str]:
        """What the local document says a teacher must hand in (Beijing: 设计方案、实践展示、应用反思)."""
        if region is None:
            return []
        rules = self.engine.facts(region, self.program, "submission")
        return [f"当地要求：{r.message}" for r in rules if r.doc_id and r.binds == "teacher"][:2]
