"""The case library, filtered and ranked by point, subject, environment and stage.

Usage:
    find_cases(load_cases(Path("corpus/cases")), points=["A1"], subject="物理", environment="多媒体")
"""

from __future__ import annotations

import re

from assistant.corpus.cases import Case
from assistant.drafting.model import CaseRef
from assistant.rules.selection import normalize_environment

__all__ = ["find_cases", "case_ref", "stage_of", "normalize_subject", "SUBJECT_ALIASES"]

SUBJECT_ALIASES = {
    "道法": "道德与法治", "思想品德": "道德与法治", "思品": "道德与法治", "政治": "道德与法治",
    "信息技术": "信息科技", "信息": "信息科技", "体育": "体育与健康", "劳动教育": "劳动",
    "小学科学": "科学", "综合实践": "劳动",
}
_ENV_RANK = {"多媒体": 0, "混合": 1, "智慧": 2}
_STAGES = (
    ("小学", r"小学|[一二三四五六]年级|^[1-6]年级"),
    ("初中", r"初中|初[一二三]|[七八九]年级|^[7-9]年级"),
    ("高中", r"高中|高[一二三]"),
)


def normalize_subject(subject: str | None) -> str | None:
    """'道法' → '道德与法治', '信息技术' → '信息科技'; blank → None."""
    if subject is None or not str(subject).strip():
        return None
    key = re.sub(r"\s+", "", str(subject))
    return SUBJECT_ALIASES.get(key, key)


def stage_of(grade: str | None) -> str | None:
    """'初中二年级' / '八年级' / '初二' → '初中'; '高一' → '高中'; unknown → None."""
    if not grade:
        return None
    text = re.sub(r"\s+", "", str(grade))
    for stage, pattern in _STAGES:
        if stage in text:
            return stage
    for stage, pattern in _STAGES:
        if re.search(pattern, text):
            return stage
    return None


def _score(case: Case, points: set[str], subject: str | None, env: str | None, stage: str | None) -> float:
    """Points weigh most, then subject, then environment (a simpler one still fits), then stage."""
    score = 3.0 * len(points & set(case.points))
    if subject and normalize_subject(case.subject) == subject:
        score += 2.0
    if env:
        gap = _ENV_RANK[env] - _ENV_RANK[case.environment]
        score += 1.0 if gap == 0 else 0.5 if gap > 0 else 0.0
    if stage and case.stage == stage:
        score += 1.0
    return score


def find_cases(cases: list[Case], points: list[str] | None = None, subject: str | None = None,
               environment: str | None = None, stage: str | None = None, limit: int = 3,
               strict: bool = False) -> list[Case]:
    """Cases ranked by match; with points, only cases illustrating one of them. strict=True also filters on
    subject, environment and stage instead of only ranking by them."""
    if limit < 1:
        raise ValueError("limit 须为正整数")
    wanted = {str(p).strip().upper() for p in (points or []) if str(p).strip()}
    subj = normalize_subject(subject)
    env = normalize_environment(environment)
    stage = stage_of(stage) or stage
    pool = [c for c in cases if not wanted or wanted & set(c.points)]
    if strict:
        pool = [c for c in pool if (not subj or normalize_subject(c.subject) == subj)
                and (not env or c.environment == env) and (not stage or c.stage == stage)]
    ranked = sorted(pool, key=lambda c: (-_score(c, wanted, subj, env, stage), c.id))
    return ranked[:limit]


def case_ref(case: Case, parts: tuple[str, ...] = ("情境", "实施步骤", "形成的证据")) -> CaseRef:
    """The short reference a draft embeds, with the named sections of the case."""
    return CaseRef(id=case.id, title=case.title, subject=case.subject, grade=case.grade,
                   environment=case.environment, points=list(case.points),
                   excerpt={p: case.sections[p] for p in parts if case.sections.get(p)},
                   illustrative=case.illustrative)
