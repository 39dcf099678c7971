"""Section builders shared by the design and reflection outlines: values, items, indicators, common parts."""

from __future__ import annotations

from assistant.drafting.inputs import DraftInput
from assistant.drafting.model import CaseRef, Indicator, RuleRef, Section
from assistant.drafting.placeholders import fill
from assistant.drafting.requirements import PointSpec
from assistant.drafting.sources import SourceBook
from assistant.drafting.templates import CommonSection, Templates
from assistant.types import Ability

__all__ = ["base_values", "point_values", "items_body", "indicators", "common_section", "basic_section",
           "case_section", "rules_body", "point_label"]


def point_label(ability: Ability) -> str:
    """'A1 技术支持的学情分析'."""
    return f"{ability.code} {ability.name}"


def base_values(inp: DraftInput, specs: dict[str, PointSpec], tpl: Templates) -> dict[str, str]:
    """Placeholder values for the whole draft; without given tools, the points' usual ones."""
    tools = inp.tools or list(dict.fromkeys(specs[a.code].tools[0] for a in inp.points))
    if not tools and inp.environment:
        tools = tpl.default_tools.get(inp.environment, [])
    return {"subject": inp.subject, "grade": inp.grade, "topic": inp.topic, "tools": "、".join(tools),
            "environment": f"{inp.environment}教学环境" if inp.environment else "",
            "points": "、".join(point_label(a) for a in inp.points), "point": ""}


def point_values(values: dict[str, str], ability: Ability, spec: PointSpec, inp: DraftInput,
                 short: bool = False) -> dict[str, str]:
    """Values for one point's text: its own usual tools unless the teacher named some."""
    tools = "、".join(inp.tools or spec.tools[:1])
    return {**values, "tools": tools, "point": ability.code if short else point_label(ability)}


def items_body(items: dict[str, str], values: dict[str, str]) -> str:
    """'标签：预填内容' lines, one per item."""
    return "\n".join(f"{label}：{fill(text, values)}" for label, text in items.items())


def indicators(spec: dict[str, list[str]], values: dict[str, str], point: str | None = None,
               evidence: str | None = None) -> list[Indicator]:
    """合格 then 优秀 indicators (project-default wording) for one section."""
    return [Indicator(level=level, text=fill(text, values), point=point, evidence=evidence)
            for level in ("合格", "优秀") for text in spec.get(level, [])]


def common_section(common: CommonSection, values: dict[str, str], points: list[str], level: int = 1,
                   key_prefix: str = "") -> Section:
    """A section every draft of its kind has, pre-filled from the templates."""
    return Section(key=key_prefix + (common.key or common.heading), heading=common.heading, level=level,
                   body=items_body(common.items, values), prompts=[fill(p, values) for p in common.prompts],
                   indicators=indicators(common.indicators, values), points=points, items=list(common.items),
                   source="项目默认")


def basic_section(inp: DraftInput, region: str | None, extra: list[str] | None = None) -> Section:
    """基本信息: what the teacher gave, and the points with their names, dimensions and environments."""
    lines = [f"学科：{inp.subject}", f"年级：{inp.grade}", f"课题：《{inp.topic}》"]
    lines.append(f"教学环境：{inp.environment + '教学环境' if inp.environment else '（未填写：多媒体、混合或智慧）'}")
    lines.append(f"技术工具：{'、'.join(inp.tools) if inp.tools else '（未填写，下文按各能力点的常用工具预填）'}")
    lines.append(f"地区：{region or '（未填写，按全国性文件）'}")
    lines.append("微能力点：" + "；".join(f"{point_label(a)}（{a.dimension}维度，{a.environment}环境）"
                                      for a in inp.points))
    lines += extra or []
    return Section(key="basic", heading="基本信息", level=1, body="\n".join(lines), source="输入",
                   points=[a.code for a in inp.points], items=["学科", "年级", "课题", "微能力点"])


def case_section(case: CaseRef | None, parts: tuple[str, ...]) -> Section | None:
    """参考案例: the library case closest to the request, marked as an illustration."""
    if case is None:
        return None
    head = (f"《{case.title}》（{case.subject}，{case.grade}，{case.environment}环境，"
            f"能力点 {'、'.join(case.points)}；示例案例）")
    lines = [head] + [f"{p}：{case.excerpt[p]}" for p in parts if case.excerpt.get(p)]
    if case.illustrative:
        lines.append("说明：该案例为示例性案例，供参考思路，请勿照搬其中的数据。")
    return Section(key="case", heading="参考案例", level=1, body="\n".join(lines), required=False,
                   points=list(case.points), source="项目默认")


def rules_body(refs: list[RuleRef]) -> list[str]:
    """One sentence per rule, with its citation mark."""
    return [SourceBook.sentence(r) for r in refs]
