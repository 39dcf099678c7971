"""Where the teacher teaches: environment and region from the arguments or the text, with the assumptions stated."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.recommend.explain import ENV_LONG
from assistant.recommend.selection import target_count
from assistant.recommend.understanding import Understanding
from assistant.rules.rule import bounds
from assistant.rules.selection import normalize_environment
from assistant.timing import timed
from assistant.types import Ability

__all__ = ["Context", "resolve_context", "question_for", "explain_requests", "DEFAULT_ENVIRONMENT",
           "ENV_QUESTION"]

DEFAULT_ENVIRONMENT = "多媒体"
ENV_QUESTION = "您学校属于哪种信息化教学环境：多媒体、混合还是智慧？"
NEED_QUESTION = "能具体说说您最想改进的一个教学环节吗（如课件、课堂互动、作业评价）？"
BOTH_QUESTION = "您学校是哪种信息化环境（多媒体、混合、智慧）？最想改进哪个教学环节？"


@dataclass
class Context:
    """The environment and region the picks are judged under, and what was assumed to get there."""

    environment: str
    environment_known: bool
    region: str | None
    region_label: str
    assumptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _environment(u: Understanding, given: str | None, ctx_notes: list[str]) -> tuple[str, bool, str | None]:
    env = normalize_environment(given)
    words = "、".join(f"“{w}”" for w in dict.fromkeys(u.environment_words))
    if env is not None:
        if u.environment and u.environment != env:
            ctx_notes.append(f"描述中提到{words}，像是{ENV_LONG[u.environment]}；按您选择的{ENV_LONG[env]}推荐。")
        return env, True, None
    if u.environment:
        return u.environment, True, f"根据您提到的{words}，按{ENV_LONG[u.environment]}推荐。"
    return DEFAULT_ENVIRONMENT, False, "未说明学校环境，按多媒体教学环境推荐（只能选A类微能力点）。"


@timed("rules")
def resolve_context(u: Understanding, engine, region: str | None, environment: str | None,
                    program: str = "2.0") -> Context:
    """Arguments win over the text; anything missing is assumed and said plainly."""
    notes: list[str] = []
    env, known, said = _environment(u, environment, notes)
    assumptions = [said] if said else []
    given = region.strip() if isinstance(region, str) and region.strip() else None
    chosen = given
    if given is None and u.region:
        chosen = u.region
        if len(u.regions) > 1:
            assumptions.append(f"描述中提到多个地区（{'、'.join(u.regions)}），按{u.region}的规定推荐。")
    j = engine.jurisdiction(chosen, program)
    place = j.region
    if given and u.region and place.canonical:
        named = engine.jurisdiction(u.region, program).region
        if named.canonical not in place.chain and place.canonical not in named.chain:
            notes.append(f"描述中提到{u.region}，但您选择的地区是{given}；按{given}的规定推荐。")
    if chosen is None:
        assumptions.append(f"未说明所在地区，按全国通用规则和项目默认（{_national_defaults(engine, program)}）推荐。")
        label = "全国"
    elif place.canonical is None:
        label = "全国"
    else:
        label = place.canonical
        if given is None:
            assumptions.append(f"根据描述中的地区，按{label}的规定推荐。")
    notes.extend(n for n in j.notes if not n.startswith("未指定地区"))
    return Context(env, known, chosen, label, assumptions, notes)


def _national_defaults(engine, program: str) -> str:
    """'选3个微能力点、至少覆盖2个维度', read from the rules that govern when no region is given."""
    parts = [f"选{target_count(engine, None, program)}个微能力点"]
    for rule in engine.facts(None, program, "selection.dimensions"):
        lo, _ = bounds(rule)
        if lo:
            parts.append(f"至少覆盖{int(lo)}个维度")
            break
    return "、".join(parts)


def question_for(ctx: Context, vague: bool) -> str | None:
    """One short question when essential information is missing (the UI asks it; the CLI just states it)."""
    if not ctx.environment_known and vague:
        return BOTH_QUESTION
    if not ctx.environment_known:
        return ENV_QUESTION
    if vague:
        return NEED_QUESTION
    return None


def explain_requests(u: Understanding, engine, ctx: Context, letters: list[str], by_code: dict[str, Ability],
                     ranked: list[str], picked: int, program: str = "2.0") -> list[str]:
    """Requests that break a rule (C points in a 多媒体 school, 2 points in 瓦房店): the rule, then what we did."""
    # `ranked` is the picks followed by the runners-up; the first `picked` of them are the picks.
    notes: list[str] = []
    env_long = ENV_LONG[ctx.environment]
    out_of_env = [c for c in u.requested_codes if c[0] not in letters]
    if out_of_env:
        check = engine.check_selection(out_of_env, ctx.region, ctx.environment, program)
        rule = next((v for v in check.violations if "environment" in v.rule_id), None)
        names = "、".join(f"{c}「{by_code[c].name}」" for c in out_of_env)
        basis = rule.message if rule else f"{env_long}只能选{'、'.join(letters)}类微能力点。"
        notes.append(f"您想选的{names}不适合{env_long}：{basis}已改为推荐该环境下可选的能力点。")
    bad_letters = [x for x in u.requested_letters if x not in letters]
    if bad_letters and not out_of_env:
        notes.append(f"您想选{'、'.join(bad_letters)}类能力点，但按项目默认的环境匹配口径（常见做法），"
                     f"{env_long}只能选{'、'.join(letters)}类；已改为推荐可选的能力点。")
    n = u.requested_count
    if not n or n == picked or not picked or n > len(ranked):
        return notes
    check = engine.check_selection(ranked[:n], ctx.region, ctx.environment, program)
    count = [v for v in check.violations if v.rule_id.endswith(".count") or v.rule_id.endswith(".min_points")]
    if count:
        v = count[0]
        source = f"（依据：{v.doc_id}“{v.quote}”）" if v.quote else ""
        notes.append(f"您希望选{n}个，但{v.message}{source}因此推荐{picked}个。")
    elif check.verdict.value == "VALID":
        how = f"可只选前{n}个" if n < picked else f"可再从备选中补充{n - picked}个"
        notes.append(f"按{ctx.region_label}的规定选{n}个也符合要求，{how}；这里给出{picked}个供您取舍。")
    return notes
