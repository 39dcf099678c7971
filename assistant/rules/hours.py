"""Check an hours plan ({online: 25, offline: 25} or Beijing's detailed split) against the governing rules."""

from __future__ import annotations

import math
import re

from assistant.rules.numbers import normalize_text, parse_hours, parse_ratio
from assistant.rules.results import CheckResult, verdict_for
from assistant.rules.rule import Rule, bounds
from assistant.types import Violation

__all__ = ["parse_plan_text", "check_hours", "normalize_plan", "derive", "PLAN_KEYS", "FIELD_BY_TOPIC", "FIELD_LABELS"]

# The one table of accepted plan keys: canonical field → the Chinese and English spellings teachers use.
PLAN_KEYS: dict[str, tuple[str, ...]] = {
    "total": ("total", "总学时", "总计", "合计", "共计", "学时", "总"),
    "online": ("online", "线上", "线上学习", "线上课程", "网络研修", "网络学习", "在线学习", "网络课程"),
    "offline": ("offline", "线下", "线下学习", "线下研修", "线下校本研修", "线下校本研修与校本应用考核"),
    "practice": ("practice", "实践", "实践应用", "校本实践", "校本实践活动", "实践应用学时"),
    "courses": ("courses", "topic_courses", "专题课程"),
    "course_study": ("course_study", "专题课程学习", "专题学习", "课程学习"),
    "course_test": ("course_test", "tests", "测试", "随堂测试", "在线测试"),
    "cases": ("cases", "应用案例", "案例", "案例学习"),
    "school_training": ("school_training", "school_based", "校本研修"),
    "assessment": ("assessment", "校本应用考核", "考核"),
    "course_ratio": ("course_ratio", "课程学习比例", "每门课程学习比例", "每门课程学习时长"),
    "case_ratio": ("case_ratio", "案例学习比例", "每个案例学习比例", "每个案例学习时长"),
    "practice_ratio": ("practice_ratio", "实践比例", "实践应用比例", "实践应用学时比例"),
    "online_professional": ("online_professional", "professional", "网络专业研修", "专业研修", "基于网络的专业研修"),
    "online_school": ("online_school", "网络校本研修", "基于网络的校本研修"),
}
FIELD_LABELS = {
    "total": "总学时", "online": "线上（网络研修）学时", "offline": "线下学时", "practice": "实践应用学时",
    "courses": "专题课程学时", "course_study": "专题课程学习学时", "course_test": "专题课程测试学时",
    "cases": "应用案例学时", "school_training": "校本研修学时", "assessment": "校本应用考核学时",
    "course_ratio": "每门课程学习时长占比", "case_ratio": "每个案例学习时长占比", "practice_ratio": "实践应用学时占比",
    "online_professional": "基于网络的专业研修学时", "online_school": "基于网络的校本研修学时",
}
FIELD_BY_TOPIC = {f"hours.{field}": field for field in PLAN_KEYS}
RATIO_FIELDS = ("course_ratio", "case_ratio", "practice_ratio")
CORE_FIELDS = ("total", "online", "offline", "practice")
# Sums a plan may leave implicit, tried in order; the first whose parts are all known wins.
DERIVATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("courses", ("course_study", "course_test")),
    ("online", ("courses", "cases")),
    ("offline", ("school_training", "assessment")),
    ("total", ("online", "offline")),
    ("total", ("online", "practice")),
    ("total", ("online_professional", "online_school")),
)
_ALIAS = {re.sub(r"\s+", "", a.lower()): field for field, aliases in PLAN_KEYS.items() for a in aliases}
_EPS = 1e-6


def _key(raw: object) -> str:
    key = re.sub(r"\s+", "", normalize_text(str(raw)).lower())
    return key if key in _ALIAS else re.sub(r"(学时|课时)$", "", key)


def normalize_plan(plan: dict) -> dict[str, float]:
    """Map every key to its canonical field and every value to a number (ratios as 0..1); ValueError if not."""
    if not isinstance(plan, dict) or not plan:
        raise ValueError("学时计划不能为空，例如 {线上: 25, 线下: 25}")
    out: dict[str, float] = {}
    for raw_key, raw_value in plan.items():
        field = _ALIAS.get(_key(raw_key))
        if field is None:
            raise ValueError(f"无法识别的学时项：{raw_key}（可用：{'、'.join(PLAN_KEYS)} 及其中文写法）")
        value = parse_ratio(raw_value) if field in RATIO_FIELDS else parse_hours(raw_value)
        if value is None or not math.isfinite(value) or value < 0 or (field in RATIO_FIELDS and value > 1):
            raise ValueError(f"学时项 {raw_key} 的值无法识别：{raw_value!r}")
        if field in out:
            raise ValueError(f"学时项 {raw_key} 与另一项重复（都表示{FIELD_LABELS[field]}）")
        out[field] = value
    return out


def derive(values: dict[str, float], practice_from_offline: bool) -> tuple[dict[str, float], list[str]]:
    """Fill sums the plan leaves implicit; returns the values and the names of derived fields."""
    values, derived = dict(values), []
    for field, parts in DERIVATIONS:
        if field not in values and all(p in values for p in parts):
            values[field] = sum(values[p] for p in parts)
            derived.append(field)
    if practice_from_offline and "practice" not in values and "offline" in values:
        values["practice"] = values["offline"]
        derived.append("practice")
    if "practice_ratio" not in values and values.get("total") and "practice" in values:
        values["practice_ratio"] = values["practice"] / values["total"]
        derived.append("practice_ratio")
    return values, derived


def _fmt(v: float) -> str:
    return f"{v:g}"


def _limits(rule: Rule, ratio: bool) -> tuple[float | None, float | None]:
    lo, hi = bounds(rule)
    scale = 100 if ratio and rule.params.get("unit") == "%" else 1
    return (None if lo is None else lo / scale), (None if hi is None else hi / scale)


def check_hours(plan: dict, rules: list[Rule]) -> CheckResult:
    """Judge the plan against the governing teacher-level hours rules (shortfall breaks an exact figure, a surplus
    is noted as not credited)."""
    given = normalize_plan(plan)
    assumption = next((r for r in rules if r.topic == "hours.practice_assumption"), None)
    values, derived = derive(given, assumption is not None)
    violations: list[Violation] = []
    applied: list[str] = []
    notes: list[str] = []
    missing = False
    if assumption is not None and "practice" in derived:
        applied.append(assumption.id)
        notes.append(f"计划未单列实践应用学时，按线下{_fmt(values['offline'])}学时计（{assumption.message}）")
    for field, parts in DERIVATIONS:
        if field in given and all(p in given for p in parts) and abs(given[field] - sum(given[p] for p in parts)) > _EPS:
            notes.append(f"计划中的{FIELD_LABELS[field]}{_fmt(given[field])}与各分项之和"
                         f"{_fmt(sum(given[p] for p in parts))}不一致，按填写的{_fmt(given[field])}核对。")
    for rule in rules:
        field = FIELD_BY_TOPIC.get(rule.topic)
        if field is None or rule.binds != "teacher":
            continue
        if field not in values:
            if field in CORE_FIELDS or field == "practice_ratio":
                missing = True
                notes.append(f"计划缺少{FIELD_LABELS[field]}，无法核对：{rule.message}")
            else:
                notes.append(f"计划未列出{FIELD_LABELS[field]}，未核对：{rule.message}")
            continue
        applied.append(rule.id)
        ratio = field in RATIO_FIELDS
        v = values[field]
        lo, hi = _limits(rule, ratio)
        shown = f"{v * 100:.4g}%" if ratio else f"{_fmt(v)}学时"
        if lo is not None and v < lo - _EPS:
            violations.append(rule.violation(f"计划{FIELD_LABELS[field]}为{shown}", field=field, value=v))
        elif hi is not None and v > hi + _EPS:
            if lo == hi and not ratio:
                notes.append(f"{FIELD_LABELS[field]}{shown}超过规定的{_fmt(hi)}学时，超出部分不另计学时。")
            else:
                violations.append(rule.violation(f"计划{FIELD_LABELS[field]}为{shown}", field=field, value=v))
    if not applied and not missing:
        missing = True
        notes.append("没有适用于该地区和项目版本的教师学时规则，无法核对。")
    return CheckResult(verdict=verdict_for(violations, missing), violations=violations,
                       applied_rules=list(dict.fromkeys(applied)), notes=notes)


_PLAN_PART = re.compile(r"^(?P<key>.*?[^\d\s=＝:：.])\s*(?:[=＝:：]\s*)?(?P<value>\d+(?:\.\d+)?|[零一二两三四五六七八九十百]+)"
                        r"\s*(?:个)?(?:学时|课时)?$")


def parse_plan_text(text: str) -> dict[str, str]:
    """A plan as a teacher writes it: 「线上20学时，线下30学时」「线上=25，线下=25」「线上：25；线下 25」「online=25」
    → {'线上': '20', '线下': '30'}. A part that is not a name and a number is a ValueError saying which."""
    plan: dict[str, str] = {}
    for part in re.split(r"[,，;；、\n]+", normalize_text(text or "")):
        part = part.strip()
        if not part:
            continue
        m = _PLAN_PART.match(part)
        if not m or not m["key"].strip():
            raise ValueError(f"看不懂“{part}”：请写成“名称 学时数”（学时须是数字），如 线上20学时，线下30学时")
        plan[m["key"].strip()] = m["value"]
    if not plan:
        raise ValueError("请写出学时计划，例如 线上20学时，线下30学时")
    return plan
