"""Which rule topics a number in text is about, told by the words near it (the nearest cue wins)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CUES", "Cues", "clause_bounds", "DEFAULT_TOPICS", "WEAK_CUES", "cue_topics", "unit_family"]

Cue = tuple[tuple[str, ...], tuple[str, ...]]

# Per unit family: (cue words, the topics a number near them may be about). Longer cues win ties.
CUES: dict[str, tuple[Cue, ...]] = {
    "学时": (
        (("信息技术应用指导能力提升专项培训", "应用指导能力", "指导能力提升"), ("hours.specialised.guidance",)),
        (("信息化领导力提升专项培训", "领导力"), ("hours.specialised.leadership",)),
        (("专项培训",), ("hours.specialised.guidance", "hours.specialised.leadership")),
        (("专题课程", "专题"), ("hours.courses", "hours.course_study")),
        (("课程学习",), ("hours.course_study", "hours.courses")),
        (("随堂测试", "测试"), ("hours.course_test",)),
        (("应用案例", "案例"), ("hours.cases",)),
        (("校本应用考核", "应用考核", "考核"), ("hours.assessment",)),
        (("线下",), ("hours.offline",)),
        (("校本研修",), ("hours.school_training", "hours.offline")),
        (("基于网络的专业研修", "网络专业研修", "专业研修"), ("hours.online_professional",)),
        (("基于网络的校本研修", "网络校本研修"), ("hours.online_school",)),
        (("网络学习",), ("hours.online", "hours.course_study")),
        (("线上", "网络研修", "在线", "视频课程", "网上", "网络"), ("hours.online",)),
        (("实践",), ("hours.practice",)),
        (("总学时", "总计", "共计", "合计", "一共", "全员培训", "总", "共"), ("hours.total",)),
    ),
    "ratio": (
        (("抽查", "抽测", "抽检"), ("inspection.ratio",)),
        (("优秀案例",), ("cases.ratio",)),
        (("经费",), ("funding.ratio",)),
        (("合格率", "合格"), ("assessment.pass_rate",)),
        (("教研员", "一线优秀教师", "师资"), ("trainers.ratio",)),
        (("每门课程", "课程"), ("hours.course_ratio",)),
        (("每个案例", "案例"), ("hours.case_ratio", "cases.ratio")),
        (("时长",), ("hours.course_ratio", "hours.case_ratio")),
        (("实践", "校本培训"), ("hours.practice_ratio",)),
        (("进度", "学校数量", "分三年", "分年度", "教师总数"), ("schedule.batches",)),
        (("完成",), ("schedule.completion", "schedule.batches")),
    ),
    "个": (
        (("维度",), ("selection.dimensions", "abilities.dimensions")),
        (("微能力点", "微能力", "能力点"), ("selection.count", "catalogue.count", "design.points")),
        (("设计方案",), ("design.points", "selection.count")),
        (("试点市",), ("pilots.cities",)),
        (("学科",), ("pilots.subjects",)),
    ),
    "所": (
        (("示范校", "示范"), ("pilots.demonstration",)),
        (("薄弱",), ("pilots.weak",)),
    ),
    "人": (
        (("副组长",), ("organisation.deputies",)),
        (("组长",), ("organisation.leader",)),
        (("管理团队", "信息化管理", "团队"), ("team.size",)),
        (("教师", "全员"), ("scope.total",)),
    ),
    "date": (
        (("备案", "一划两案", "报市项目办"), ("schedule.plans_filing",)),
        (("启动",), ("schedule.kickoff",)),
        (("专项培训",), ("schedule.specialised_training",)),
        (("总结",), ("schedule.summary",)),
        (("工作方案", "区级"), ("schedule.district_plans",)),
        (("进度", "分三年"), ("schedule.batches",)),
        (("考核",), ("schedule.assessment", "schedule.training")),
        (("完成", "截止", "结束", "全部"), ("schedule.completion", "schedule.batches")),
        (("起", "止"), ("schedule.period",)),
    ),
}
# Words that only count when nothing more specific is in the clause (共计 may total a part, 时长 a course or a case).
WEAK_CUES = {"时长", "共计", "共", "总计", "合计", "一共", "总"}
# With no cue anywhere in the sentence, a number of 学时 is taken to be about the total.
DEFAULT_TOPICS = {"学时": ("hours.total",)}
_CLAUSE = re.compile(r"[，,；;：:]")


def unit_family(unit: str | None) -> str | None:
    """学时 → 学时; % and 比例 → ratio; 个/项 → 个; 人/名 → 人; 所 → 所; 日期 → date."""
    return {"学时": "学时", "%": "ratio", "比例": "ratio", "个": "个", "所": "所", "人": "人", "date": "date",
            "年": "date"}.get(unit or "")


def _occurrences(text: str, cues: tuple[Cue, ...]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Every cue word in the text, except those inside a longer cue found at the same place."""
    found = [(m.start(), m.end(), topics) for words, topics in cues for word in words
             for m in re.finditer(re.escape(word), text)]
    return [o for o in found if not any(p[0] <= o[0] and o[1] <= p[1] and (p[1] - p[0]) > (o[1] - o[0])
                                        for p in found)]


def _gap(cue: tuple[int, int, tuple[str, ...]], start: int, end: int) -> int:
    return max(cue[0] - end, start - cue[1], 0)


def _topics(cues: list[tuple[int, int, tuple[str, ...]]], start: int, end: int) -> tuple[str, ...]:
    cues = sorted(cues, key=lambda o: (_gap(o, start, end), o[0] - o[1]))
    return tuple(dict.fromkeys(t for o in cues for t in o[2]))


@dataclass(frozen=True)
class Cues:
    """What a number is about: `full` topics may contradict it, `support` topics (a superset) may only confirm it."""

    full: tuple[str, ...]
    support: tuple[str, ...]


def clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between commas, semicolons, colons) around sentence[start:end]."""
    left = max((m.end() for m in _CLAUSE.finditer(sentence, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE.finditer(sentence, end)), len(sentence))
    return left, right


def cue_topics(sentence: str, start: int, end: int, unit: str | None,
               rivals: list[tuple[int, int]] | tuple = ()) -> Cues:
    """Topics of the number at sentence[start:end]. Strong cues in its own clause (owned: nearer to it than to
    another number of the same kind) decide; failing those, weak cues (共计, 总) in the clause; failing any cue in
    the sentence, the unit's default (学时 → total). Cues elsewhere in the sentence can only confirm."""
    family = unit_family(unit)
    found = _occurrences(sentence, CUES.get(family or "", ()))
    left, right = clause_bounds(sentence, start, end)
    near = [r for r in rivals if left <= r[0] and r[1] <= right]

    def owned(cue: tuple[int, int, tuple[str, ...]], others: list[tuple[int, int]]) -> bool:
        return all(_gap(cue, start, end) <= _gap(cue, a, b) for a, b in others)

    def weak(cue: tuple[int, int, tuple[str, ...]]) -> bool:
        return sentence[cue[0]:cue[1]] in WEAK_CUES

    clause = [o for o in found if left <= o[0] and o[1] <= right and owned(o, near)]
    strong = _topics([o for o in clause if not weak(o)], start, end)
    elsewhere = _topics([o for o in found if not weak(o) and not (left <= o[0] and o[1] <= right)], start, end)
    soft = _topics([o for o in clause if weak(o)], start, end)
    if strong:
        full = strong
    elif soft:
        full = soft
    elif not any(owned(o, list(rivals)) for o in found):
        full = DEFAULT_TOPICS.get(family or "", ())
    else:
        full = ()
    return Cues(full, tuple(dict.fromkeys(strong + elsewhere + full)))
