"""Choosing the picks: the best-scoring combination the rule engine judges VALID for the region and environment."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from assistant.recommend.scoring import PointScore
from assistant.rules.results import CheckResult
from assistant.rules.rule import bounds
from assistant.timing import timed
from assistant.types import Ability, Verdict

__all__ = ["Choice", "allowed_letters", "target_count", "choose", "POOL", "THREE_DIMENSION_BONUS"]

POOL = 10
THREE_DIMENSION_BONUS = 0.05  # a third dimension wins only when the scores are this close
ONE_DIMENSION_PENALTY = 0.5
_FALLBACK_ALLOWED = {"多媒体": ["A"], "混合": ["A", "B"], "智慧": ["A", "B", "C"]}


@dataclass
class Choice:
    """The chosen points (best first), the engine's judgement of them, and the next best valid points."""

    picks: list[PointScore]
    check: CheckResult | None
    runners_up: list[PointScore] = field(default_factory=list)
    examined: int = 0


def allowed_letters(engine, region: str | None, environment: str, program: str = "2.0") -> list[str]:
    """The code letters the governing environment rule allows for this school environment."""
    for rule in engine.facts(region, program, "selection.environment"):
        allowed = rule.params.get("allowed")
        if isinstance(allowed, dict) and environment in allowed:
            return list(allowed[environment])
    return _FALLBACK_ALLOWED[environment]


def target_count(engine, region: str | None, program: str = "2.0", preferred: int = 3) -> int:
    """How many points to pick: three, unless the governing count rules say otherwise."""
    n = preferred
    for rule in engine.facts(region, program, "selection.count"):
        lo, hi = bounds(rule)
        if lo is not None and n < lo:
            n = int(lo)
        if hi is not None and n > hi:
            n = int(hi)
    return max(1, n)


def _objective(combo: tuple[PointScore, ...], dims: dict[str, str]) -> float:
    covered = len({dims[p.code] for p in combo})
    value = sum(p.total for p in combo)
    if covered >= 3:
        value += THREE_DIMENSION_BONUS
    elif covered == 1 and len(combo) > 1:
        value -= ONE_DIMENSION_PENALTY
    return value


@timed("rules")
def choose(scores: list[PointScore], abilities: list[Ability], engine, region: str | None, environment: str,
           required: list[str] = (), program: str = "2.0", pool: int = POOL) -> Choice:
    """Search the top candidates' combinations, best objective first, until the engine says VALID."""
    dims = {a.code: a.dimension for a in abilities}
    letters = set(allowed_letters(engine, region, environment, program))
    count = target_count(engine, region, program)
    ranked = [s for s in scores if s.code[0] in letters]
    order = {s.code: i for i, s in enumerate(scores)}
    wanted = [s.code for s in ranked if s.code in set(required)][:count]
    examined = 0
    for forced_codes in ([wanted, []] if wanted else [[]]):
        forced = [s for s in ranked if s.code in forced_codes]
        others = [s for s in ranked if s.code not in forced_codes]
        for size in (pool, len(ranked)):
            candidates = others[: max(0, size - len(forced))]
            combos = [tuple(forced) + c for c in combinations(candidates, count - len(forced))]
            combos.sort(key=lambda c: (-round(_objective(c, dims), 9), sorted(order[p.code] for p in c)))
            for combo in combos:
                examined += 1
                check = engine.check_selection([p.code for p in combo], region, environment, program)
                if check.verdict == Verdict.VALID:
                    picks = sorted(combo, key=lambda p: order[p.code])
                    chosen = {p.code for p in picks}
                    rest = [s for s in ranked if s.code not in chosen][:2]
                    return Choice(picks, check, rest, examined)
            if size >= len(ranked):
                break
    return Choice([], None, ranked[:2], examined)
