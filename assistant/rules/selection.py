"""Check a teacher's choice of micro-abilities: existence, duplicates, count, dimensions, school environment."""

from __future__ import annotations

import re

from assistant.rules.catalogue import Catalogue
from assistant.rules.results import CheckResult, verdict_for
from assistant.rules.rule import Rule, bounds, figure
from assistant.types import Ability, Violation

__all__ = ["check_selection", "environment_fit", "normalize_environment", "ENVIRONMENT_NAMES", "split_items"]

ENVIRONMENT_NAMES = {
    "多媒体": "多媒体", "多媒体教学环境": "多媒体", "多媒体环境": "多媒体", "multimedia": "多媒体",
    "混合": "混合", "混合学习环境": "混合", "混合环境": "混合", "hybrid": "混合", "blended": "混合", "mixed": "混合",
    "智慧": "智慧", "智慧学习环境": "智慧", "智慧环境": "智慧", "smart": "智慧",
}


def normalize_environment(environment: str | None) -> str | None:
    """'多媒体教学环境' → '多媒体', 'hybrid' → '混合'; None/'' → None; anything else is a ValueError."""
    if environment is None or not str(environment).strip():
        return None
    key = re.sub(r"\s+", "", str(environment)).lower()
    if key not in ENVIRONMENT_NAMES:
        raise ValueError(f"无法识别的学校信息化环境：{environment}（可选：多媒体、混合、智慧）")
    return ENVIRONMENT_NAMES[key]


def split_items(abilities: list[str] | str) -> list[str]:
    """A list of codes/names; a single string 'A1,B2、C3' is split on commas, 、 and spaces."""
    if isinstance(abilities, str):
        abilities = re.split(r"[,，、;；\s]+", abilities)
    return [str(a).strip() for a in abilities if a is not None and str(a).strip()]


def _first(rules: list[Rule], topic: str) -> list[Rule]:
    return [r for r in rules if r.topic == topic]


def environment_fit(rule: Rule, points: list[Ability], env: str | None) -> tuple[list[Violation], list[str]]:
    """Against the environment rule: violations for a known environment; with none, the codes that need
    more than the simplest environment (so the caller can say it cannot confirm them)."""
    allowed: dict[str, list[str]] = rule.params.get("allowed", {})
    if env is not None:
        if env not in allowed:
            return [], []  # a local rule that limits other environments only
        bad = [a.code for a in points if a.code[0] not in allowed.get(env, [])]
        if not bad:
            return [], []
        letters = "、".join(allowed.get(env, []))
        return [rule.violation(f"{env}环境的学校只宜选{letters}类，当前选了{'、'.join(bad)}",
                               environment=env, codes=bad)], []
    simplest = min(allowed.values(), key=len) if allowed else ["A"]
    return [], [a.code for a in points if a.code[0] not in simplest]


def check_selection(
    items: list[str], rules: list[Rule], catalogue: Catalogue, environment: str | None = None
) -> CheckResult:
    """Judge a selection against the governing rules (already in precedence order)."""
    items = split_items(items)
    if not items:
        raise ValueError("请至少提供一个微能力点（编号如 A1，或名称如 技术支持的学情分析）")
    env = normalize_environment(environment)
    violations: list[Violation] = []
    applied: list[str] = []
    notes: list[str] = []

    picked: list[Ability] = []
    for raw in items:
        ability = catalogue.find(raw)
        if ability is None:
            topic = "catalogue.legacy" if catalogue.is_legacy(raw) else "catalogue.codes"
            rule = next(iter(_first(rules, topic) or _first(rules, "catalogue.codes")), None)
            if rule is not None:
                violations.append(rule.violation(message=catalogue.why_unknown(raw) + "。", item=raw))
                applied.append(rule.id)
            else:
                violations.append(Violation(rule_id="catalogue.codes", message=catalogue.why_unknown(raw) + "。"))
            continue
        picked.append(ability)
    for rule in _first(rules, "catalogue.codes"):
        applied.append(rule.id)

    distinct: list[Ability] = []
    for a in picked:
        if a.code in {d.code for d in distinct}:
            for rule in _first(rules, "selection.distinct"):
                violations.append(rule.violation(f"{a.code} {a.name} 选了不止一次", code=a.code))
        else:
            distinct.append(a)
    applied += [r.id for r in _first(rules, "selection.distinct")]

    n = len(distinct)
    for rule in _first(rules, "selection.count"):
        applied.append(rule.id)
        lo, hi = bounds(rule)
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            violations.append(rule.violation(f"当前有效选择{n}个", count=n))

    dims = sorted({a.dimension for a in distinct})
    for rule in _first(rules, "selection.dimensions"):
        applied.append(rule.id)
        lo, _ = bounds(rule)
        if lo is not None and len(dims) < lo:
            violations.append(rule.violation(f"当前覆盖{len(dims)}个维度：{'、'.join(dims) or '无'}", dimensions=dims))
        elif "preferred" in rule.params and len(dims) < figure(rule.params["preferred"]):
            notes.append(f"项目默认建议覆盖{int(figure(rule.params['preferred']))}个维度，当前覆盖{len(dims)}个"
                         f"（{'、'.join(dims)}）；这只是建议，不影响结论。")

    for rule in _first(rules, "selection.required"):
        applied.append(rule.id)
        need = int(figure(rule.params.get("min", 1)))
        if "dimension" in rule.params:
            have = [a for a in distinct if a.dimension == rule.params["dimension"]]
            if len(have) < need:
                violations.append(rule.violation(f"当前{rule.params['dimension']}维度的能力点有{len(have)}个",
                                                 dimension=rule.params["dimension"], count=len(have)))
        elif rule.params.get("codes"):
            codes = [str(c).upper() for c in rule.params["codes"]]
            have = [a for a in distinct if a.code in codes]
            if len(have) < need:
                violations.append(rule.violation(f"当前选了其中{len(have)}个", codes=codes))

    missing = False
    for rule in _first(rules, "selection.environment"):
        applied.append(rule.id)
        applied += [r.id for r in _first(rules, "selection.basis")]
        found, beyond = environment_fit(rule, distinct, env)
        violations += found
        if env is None:
            if beyond:
                missing = True
                notes.append(f"未提供学校信息化环境（多媒体/混合/智慧），无法确认{'、'.join(beyond)}是否适合该校环境"
                             f"（项目默认：多媒体→A类，混合→A、B类，智慧→A、B、C类）。")
    if not _first(rules, "selection.count"):
        notes.append("没有适用的选点数量规则。")
    return CheckResult(verdict=verdict_for(violations, missing), violations=violations,
                       applied_rules=list(dict.fromkeys(applied)), notes=notes)
