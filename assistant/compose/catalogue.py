"""Answers about the micro-ability catalogue: what a point is, its dimension and environment, what it asks to
submit; codes that do not exist; 1.0 course codes. The catalogue data is the evidence of every statement."""

from __future__ import annotations

import re
from functools import cached_property

from assistant.compose.question import Question
from assistant.corpus.lexicon import default_lexicon
from assistant.compose.reply import Reply, Statement
from assistant.guard.evidence import Evidence
from assistant.types import Ability

_LEX = default_lexicon()
# 这算哪个能力点, 属于什么点: the question asks which point a practice is.
_WHICH_POINT = re.compile(r"(?:哪个|哪一个|哪些|什么|啥)(?:微能力点?|能力点|微点|点)|(?:属于|算|对应|是)(?:哪|什么|啥)[^，,。？?]{0,3}(?:点|能力)")
_VAGUE = set(_LEX.tokens.stop_words) | set(_LEX.tokens.fillers) | set(_LEX.tokens.generic_words) | {
    "学生", "上课", "课堂", "教学", "属于", "能力点", "微能力", "微能力点"}

__all__ = ["CatalogueAnswerer", "ENVIRONMENT_FULL", "card", "asks_lookup"]

DIMENSIONS = ("学情分析", "教学设计", "学法指导", "学业评价")
ROUTES = default_lexicon().routes


def _core(name: str) -> str:
    """A point's name without the 技术支持的 most names open with (课堂导入 for 技术支持的课堂导入)."""
    return name.replace("技术支持的", "").replace("技术支持下的", "")


def asks_summary(q: Question) -> bool:
    """How the catalogue is organised (微能力分几个维度、几类环境; A类有几个点)."""
    # 各有几个 after A类和C类有啥区别: a part that names nothing is read with the part it follows.
    text = f"{q.context}，{q.text}" if q.context else q.text
    # (认证材料有哪几种形式: what is handed in, not how the points are organised)
    return not q.codes and q.unit in (None, "个") and bool(ROUTES["catalogue_subject"].search(text)) and \
        bool(ROUTES["catalogue_count"].search(q.text)) and not ROUTES["selection_count"].search(text) \
        and not ROUTES["asks_materials"].search(q.text)


def asks_lookup(q: Question) -> bool:
    """Which point serves a dimension or a practice (学情分析选哪个, 做PPT课件对应哪个微点, C里有讲授的点吗)."""
    if q.codes or ROUTES["counts_points"].search(q.text) or ROUTES["asks_materials"].search(q.text):
        return False  # (认证材料有哪几种形式: what is handed in, not which point)
    names = any(d in q.text for d in DIMENSIONS) or bool(q.letters)
    which = bool(ROUTES["which"].search(q.text))
    point = bool(ROUTES["names_point"].search(q.text))
    return (which and point) or (names and (which or q.yes_no))

ENVIRONMENT_FULL = {"多媒体": "多媒体教学环境", "混合": "混合学习环境", "智慧": "智慧学习环境"}
_LETTER = {"多媒体": "A", "混合": "B", "智慧": "C"}
SOURCE = "《中小学教师信息技术应用能力校本应用考核规范》"
SOURCE_NOTE = f"出处：微能力点目录，依据外部参考{SOURCE}（语料未收录原文）。"


def card(a: Ability) -> str:
    """The catalogue entry of a point as text: the evidence its statements are checked against."""
    aliases = f"（也写作{'、'.join(a.aliases)}）" if a.aliases else ""
    return (f"微能力点{a.code} {a.name}{aliases}：{a.dimension}维度，{ENVIRONMENT_FULL[a.environment]}"
            f"（{_LETTER[a.environment]}类）的微能力点。提交材料：{'、'.join(a.evidence)}。")


class CatalogueAnswerer:
    """Statements about points, built from the catalogue (corpus/micro_abilities.yaml) and the rule engine."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.catalogue = engine.catalogue

    def _rule(self, topic: str):
        return next((r for r in self.engine.all_rules if r.topic == topic), None)

    def describe(self, q: Question) -> Reply:
        """What each named point is; with a materials question, what it asks to submit."""
        statements: list[Statement] = []
        for code in q.codes:
            a = self.catalogue.find(code)
            if a is None:
                continue
            ev = [Evidence(card(a), title=SOURCE, region="全国", program="2.0")]
            env = ENVIRONMENT_FULL[a.environment]
            statements.append(Statement(
                f"{a.code}是“{a.name}”，属于{a.dimension}维度，是{env}（{_LETTER[a.environment]}类）的微能力点。",
                evidence=ev, fills=True, lead=not statements))
            if q.slot == "materials" or ROUTES["asks_materials"].search(q.text):
                statements.append(Statement(f"{a.code}要提交：{'、'.join(a.evidence)}。", evidence=ev, fills=True))
                if a.evidence_source != "规范":
                    statements.append(Statement(
                        f"说明：{a.code}的提交材料是常见做法（本项目默认），全国考核规范只统一规定了A1、C4等点的提交指南，"
                        f"具体以本校考核方案为准。", kind="note"))
                rule = self._rule("evidence.completeness")
                if rule is not None:
                    statements.append(Statement(rule.message, evidence=[Evidence(rule.message, region="全国",
                                                                                 program="2.0")],
                                                rule_id=rule.id))
        if statements:
            statements.append(Statement(SOURCE_NOTE, kind="note"))
        return Reply(statements, "answered" if statements else "no_basis", 1.0, "catalogue")

    def of_named_dimension(self, q: Question) -> list[Statement]:
        """C1是智慧环境下的学情分析点吧: a dimension the question names that is not the named points' own — the
        points that are of it."""
        named = [a for a in (self.catalogue.find(c) for c in q.codes) if a is not None]
        out = []
        for dim in (d for d in DIMENSIONS if d in q.text and named and all(a.dimension != d for a in named)):
            points = [a for a in self.catalogue.abilities if a.dimension == dim]
            ev = [Evidence(card(a), title=SOURCE, region="全国", program="2.0") for a in points]
            out.append(Statement(f"{dim}维度的微能力点是：{'、'.join(f'{a.code}“{a.name}”' for a in points)}。",
                                 evidence=ev, fills=True))
        return out

    @cached_property
    def _descriptions(self) -> dict[str, str]:
        return {a.code: f"{a.name} {a.description}" for a in self.catalogue.abilities}

    def _described(self, text: str) -> dict[str, float]:
        """Each point's share of the question's words found in its name and description, rarer words heavier."""
        import math

        from assistant.indexing.bm25 import segment

        texts = self._descriptions
        words = [w for w in dict.fromkeys(segment(text)) if len(w) >= 2 and w not in _VAGUE]
        n = len(texts)
        weight = {w: math.log((n + 1) / (df + 0.5)) for w in words
                  if (df := sum(w in t for t in texts.values()))}
        return {code: sum(v for w, v in weight.items() if w in t) for code, t in texts.items()}

    def lookup(self, q: Question, cues=None) -> Reply:
        """The points that match the practice or dimension the question names, within the classes it allows."""
        text = q.text
        dims = [d for d in DIMENSIONS if d in text]
        scored: dict[str, float] = {}
        names = [_core(n) for a in self.catalogue.abilities
                 for n in (a.name, *a.aliases)]
        for a in self.catalogue.abilities:
            for name in (a.name, *a.aliases):
                core = _core(name)
                # 学生, 设计, 评价: two characters many names share name none of them.
                hit = max((len(core[i:j]) for i in range(len(core)) for j in range(i + 2, len(core) + 1)
                           if core[i:j] in text and (j - i >= 3 or sum(core[i:j] in n for n in names) <= 2)),
                          default=0)
                if hit >= 2:
                    scored[a.code] = max(scored.get(a.code, 0.0), hit / len(core) * 2)
        # What the practice described is for (GeoGebra动态演示讲函数 → 讲清重难点) counts beside a two-character name
        # match (演示 of 演示文稿); alone when no name matches.
        if cues is not None and (not scored or max(scored.values()) < 1.0):
            from assistant.recommend.cues import normalize

            for need, _ in cues.needs_in(normalize(text)):
                for code, weight in need.points.items():
                    scored[code] = scored.get(code, 0.0) + weight
        # What each point's description says it does (分组、分工 → B5), its rarer words counting more, weighs as much
        # as a whole name would.
        described = self._described(text) if _WHICH_POINT.search(text) else {}
        top = max(described.values(), default=0.0)
        for code, value in described.items():
            if top > 0 and value > 0:
                scored[code] = scored.get(code, 0.0) + 2 * value / top
        letters = q.letters
        env_letters = {"多媒体": ["A"], "混合": ["A", "B"], "智慧": ["A", "B", "C"]}.get(q.environment or "", [])
        pool = [self.catalogue.find(c) for c, _ in sorted(scored.items(), key=lambda kv: -kv[1])]
        pool = [a for a in pool if a is not None]
        if dims and not (scored and max(scored.values()) >= 1.5 and not any(
                a.name.endswith(tuple(dims)) for a in pool[:1])):
            pool = [a for a in self.catalogue.abilities if a.dimension in dims]
        if not pool:
            return Reply(status="no_basis", source="catalogue")
        best = scored.get(pool[0].code, 0.0)
        if scored and not dims:
            pool = [a for a in pool if scored.get(a.code, best) >= best * 0.5][:4]
        statements: list[Statement] = []
        if letters:
            inside = [a for a in pool if a.code[0] in letters]
            if not inside:
                what = "、".join(dims) if dims else "这方面"
                lead = f"{'、'.join(letters)}类里没有{what}的微能力点。"
                listing = "；".join(f"{lt}类：" + "、".join(f"{a.code} {a.name}（{a.dimension}）"
                                                            for a in self.catalogue.abilities if a.code[0] == lt)
                                   for lt in letters)
                statements.append(Statement(lead, evidence=[Evidence(self.catalogue_text()), Evidence(lead),
                                                            Evidence(listing)], fills=True, lead=True))
        elif env_letters and dims:
            pool = [a for a in pool if a.code[0] in env_letters] or pool
        for a in pool:
            env = ENVIRONMENT_FULL[a.environment]
            statements.append(Statement(f"{a.code}“{a.name}”：{a.dimension}维度，{env}（{_LETTER[a.environment]}类）。",
                                        evidence=[Evidence(card(a), title=SOURCE)], fills=True,
                                        lead=not statements))
        return Reply(statements, "answered", 1.0, "catalogue")

    def summary(self, q: Question) -> Reply:
        """Counts of the catalogue by dimension and by environment, and the points of a dimension or class named."""
        abilities = self.catalogue.abilities
        by_dim = {d: [a for a in abilities if a.dimension == d] for d in DIMENSIONS}
        by_env = {e: [a for a in abilities if a.environment == e] for e in ENVIRONMENT_FULL}
        dims = "、".join(f"{d}{len(v)}个" for d, v in by_dim.items())
        envs = "、".join(f"{_LETTER[e]}类{ENVIRONMENT_FULL[e]}{len(v)}个" for e, v in by_env.items())
        lines = [f"微能力点共{len(abilities)}个，分{len(by_dim)}个维度：{dims}。",
                 f"按学校信息化环境分{len(by_env)}类：{envs}。"]
        for d in (d for d in DIMENSIONS if d in q.text):
            lines.append(f"{d}维度的微能力点：" + "、".join(f"{a.code} {a.name}" for a in by_dim[d]) + "。")
        for letter in q.letters:
            env = next(e for e, lt in _LETTER.items() if lt == letter)
            lines.append(f"{letter}类（{ENVIRONMENT_FULL[env]}）的微能力点：" +
                         "、".join(f"{a.code} {a.name}" for a in by_env[env]) + "。")
        evidence = [Evidence(self.catalogue_text() + "\n" + "\n".join(lines), title=SOURCE, region="全国",
                             program="2.0")]
        statements = [Statement(line, evidence=evidence, fills=True, lead=(i == 0)) for i, line in enumerate(lines)]
        return Reply(statements, "answered", 1.0, "catalogue")

    def unknown(self, q: Question) -> Reply:
        """Codes that name no 2.0 point (A15, D3): a plain no, with the codes that exist."""
        rule = self._rule("catalogue.codes")
        statements = []
        for code in q.bad_codes:
            why = self.catalogue.why_unknown(code)
            ev = [Evidence(rule.message if rule else why, region="全国", program="2.0"), Evidence(why)]
            # Settled: the engine's code check would read the code named here as a claim that it exists.
            statements.append(Statement(f"{code}这个微能力点不存在，没有{code}：{why.split('：', 1)[-1]}。", evidence=ev,
                                        rule_id=rule.id if rule else None, fills=True, lead=not statements,
                                        settled=True))
        if rule is not None:
            statements.append(Statement(rule.message.split("：", 1)[-1], evidence=[Evidence(rule.message)],
                                        rule_id=rule.id, settled=True))
        return Reply(statements, "answered", 1.0, "catalogue")

    def legacy(self, q: Question, text: str) -> Reply:
        """"T11技术支持的课堂导入 2.0还能选吗": a 1.0 course code is not a 2.0 point; a point of the same name is."""
        rule = self._rule("catalogue.legacy")
        ev = [Evidence(rule.message if rule else "T1–T27是提升工程1.0的培训课程编号", region="全国")]
        # T11课堂导入: the point of that name, 技术支持的 left unsaid; or T11 alone, named by the rule itself
        # (…培训课程编号（如T11 技术支持的课堂导入）).
        named = {code: name for code, name in re.findall(r"(T\d+)\s*([\u4e00-\u9fff]{4,16})", ev[0].text)}
        of_name = lambda t: [a for a in self.catalogue.abilities if a.name in t or _core(a.name) in t]
        asked = of_name(text)
        same = of_name(" ".join([text, *(named[c] for c in q.legacy_codes if c in named)]))
        codes = "、".join(dict.fromkeys(q.legacy_codes))
        statements = []
        if not asked and (q.yes_no or q.slot == "may_i"):
            # 还能选吗 asks leave (不能); 同事说是T11 asks whether it is so (不是).
            lead = "不能。" if q.slot == "may_i" else "不是。"
            statements.append(Statement(lead, evidence=ev, fills=True, lead=True))
        statements.append(Statement(f"{codes}是提升工程1.0的培训课程编号，不是提升工程2.0的微能力点。", evidence=ev,
                                    rule_id=rule.id if rule else None, fills=True, lead=not statements,
                                    settled=True))
        for a in same:
            statements.append(Statement(
                f"2.0中名称相同的微能力点是{a.code}“{a.name}”（{a.dimension}维度，{ENVIRONMENT_FULL[a.environment]}），"
                f"选择时请写{a.code}。", evidence=[Evidence(card(a), title=SOURCE)], fills=True))
        if not same:
            codes2 = self.catalogue.code_range()
            statements.append(Statement(f"2.0请从30个微能力点（{codes2}）中选择。",
                                        evidence=[Evidence(self.catalogue_text())]))
        return Reply(statements, "answered", 1.0, "catalogue")

    def catalogue_text(self) -> str:
        """The whole catalogue as text (evidence for statements about its ranges and counts)."""
        rule = self._rule("catalogue.codes")
        head = rule.message if rule else ""
        return head + "\n" + "\n".join(card(a) for a in self.catalogue.abilities)
