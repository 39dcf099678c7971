"""May I choose these points? The rule engine's selection check, in plain words, with each rule's own words."""

from __future__ import annotations

import re

from assistant.compose.catalogue import DIMENSIONS, ENVIRONMENT_FULL, card
from assistant.compose.question import Question
from assistant.compose.reply import Reply, Statement
from assistant.compose.scope import AnswerScope
from assistant.corpus.lexicon import default_lexicon
from assistant.guard.evidence import Evidence
from assistant.guard.guard import rule_support


__all__ = ["EligibilityAnswerer", "asks_selection", "asks_environment"]

ROUTES = default_lexicon().routes
_ONE_DIMENSION = ROUTES["one_dimension"]  # 选的几个点都是学法指导的
_COUNT_CHOSEN = ROUTES["count_chosen"]
_WHOLE = ROUTES["whole_selection"]
_CHECK = ROUTES["checks_selection"]


def asks_selection(q: Question) -> bool:
    """A question about a choice of named points (我选了A5和A6 行不行)."""
    return bool(q.codes) and (q.slot == "may_i" or q.yes_no or bool(_CHECK.search(q.text))) and \
        (bool(ROUTES["chooses_points"].search(q.text))
         or (len(q.codes) > 1 and bool(ROUTES["meets_requirement"].search(q.text)))) and not ROUTES["not_selection"].search(q.text)


def asks_environment(q: Question) -> bool:
    """A question about which class of points a school's environment allows (只有多媒体教室，能选B类吗)."""
    return bool(q.letters or q.environment) and (q.slot == "may_i" or q.yes_no) and \
        bool(ROUTES["environment_subject"].search(q.text)) and bool(ROUTES["environment_leave"].search(q.text))


class EligibilityAnswerer:
    """Selections and environments judged by the rule engine, for the question's region."""

    def __init__(self, engine, texts: dict[str, str]) -> None:
        self.engine = engine
        self.texts = texts

    def rule_statement(self, rule, text: str | None = None) -> Statement:
        """The rule in its own words, or the engine's message about it (当前有效选择1个), resting on the rule."""
        message = text or rule.message
        text = re.sub(r"。（", "（", message)  # 至少涵盖2个微能力点（当前有效选择1个）
        text = text if text.endswith("。") else text + "。"
        ev, quote = rule_support(rule, self.engine.gazetteer, self.texts)
        if message != rule.message:
            ev.insert(1, Evidence(message, region=ev[0].region, program=rule.program))
        return Statement(text, evidence=ev, quote=quote, rule_id=rule.id, settled=True)

    def point(self, q: Question) -> Reply:
        """"B7我们多媒体学校能选不": whether one point suits the school's environment (not a whole selection)."""
        a = self.engine.catalogue.find(q.codes[0])
        rule = next((r for r in self.engine.all_rules if r.topic == "selection.environment"), None)
        ev = [Evidence(card(a))]
        statements = []
        # C1是…学情分析的点吧，想选它做学情分析: the point is chosen for a dimension that is not its own.
        wanted = [d for d in DIMENSIONS if d in q.text and d not in a.name]
        if wanted and a.dimension not in wanted:
            dims = next((r for r in self.engine.all_rules if r.topic == "catalogue.dimensions"), None)
            statements.append(Statement("不是。", evidence=[Evidence("不是。")], fills=True, lead=True))
            statements.append(Statement(f"{a.code}“{a.name}”属于{a.dimension}维度。", evidence=ev, fills=True))
            if dims is not None:
                statements.append(self.rule_statement(dims))
        if q.environment and rule is not None:
            ok = a.code[0] in rule.params.get("allowed", {}).get(q.environment, [])
            lead = (f"可以：{a.code}是{ENVIRONMENT_FULL[a.environment]}的点，{ENVIRONMENT_FULL[q.environment]}可以选。" if ok
                    else f"一般不行：{a.code}是{ENVIRONMENT_FULL[a.environment]}的点，{ENVIRONMENT_FULL[q.environment]}"
                         f"通常只选{'、'.join(rule.params['allowed'][q.environment])}类。")
            statements.append(Statement(lead, evidence=ev + [Evidence(rule.message)], rule_id=rule.id, fills=True,
                                        lead=not statements))
            statements.append(self.rule_statement(rule))
        elif not statements:
            # No environment named and no dimension to correct: what the point is, and the environment rule.
            statements.append(Statement(
                f"{a.code}“{a.name}”是{ENVIRONMENT_FULL[a.environment]}的{a.dimension}维度微能力点。", evidence=ev,
                fills=True, lead=True))
            if rule is not None:
                statements.append(self.rule_statement(rule))
        return Reply(statements, "answered", 1.0, "rules")

    def one_dimension(self, q: Question, scope: AnswerScope) -> Reply | None:
        """我选了3个点，都是学法指导的，符合要求吗: a choice said to lie in one dimension, checked against the
        place's rule on dimensions (and on the count, when one is given); None when the message names no such
        choice."""
        m = _ONE_DIMENSION.search(q.text)
        if m is None:
            return None
        from assistant.rules.rule import bounds

        rules = self.engine.rules(scope.region, "2.0")
        dims = next((r for r in rules if r.topic == "selection.dimensions" and not r.is_default), None)
        count = next((r for r in rules if r.topic == "selection.count"), None)
        lo = bounds(dims)[0] if dims is not None else None
        statements = []
        if lo is not None and lo > 1:
            lead = "不行，不符合要求。"
            statements.append(Statement(lead, evidence=[Evidence(lead)], fills=True, lead=True, settled=True))
            statements.append(self.rule_statement(dims, f"{dims.message.rstrip('。')}（当前只覆盖{m[1]}1个维度）"))
        n = _COUNT_CHOSEN.search(q.text)
        if count is not None and (n is not None or not statements):
            statements.append(self.rule_statement(count))
        if not statements:
            return None
        return Reply(statements, "answered", 1.0, "rules")

    def selection(self, q: Question, scope: AnswerScope) -> Reply:
        """可以 / 不行, why, and the rules that decided it."""
        if len(q.codes) == 1 and not _WHOLE.search(q.text):
            return self.point(q)
        result = self.engine.check_selection(q.codes, scope.region, q.environment, "2.0")
        verdict = result.verdict.value
        lead = {"VALID": "可以，符合要求。", "INVALID": "不行，不符合要求。"}.get(verdict, "还需要补充信息才能判断。")
        statements = [Statement(lead, kind="claim", evidence=[Evidence(lead)], fills=True, lead=True, settled=True)]
        points = [self.engine.catalogue.find(c) for c in q.codes]
        points = [p for p in points if p is not None]
        if points:
            dims = list(dict.fromkeys(p.dimension for p in points))
            text = "、".join(f"{p.code}属{p.dimension}维度（{ENVIRONMENT_FULL[p.environment]}）" for p in points) + \
                f"，共覆盖{len(dims)}个维度。"
            statements.append(Statement(text, evidence=[Evidence("\n".join(card(p) for p in points))], fills=True,
                                        settled=True))
        for v in result.violations:
            rule = self.engine.rule(v.rule_id)
            if rule is not None:
                statements.append(self.rule_statement(rule, v.message))
            else:
                statements.append(Statement(v.message, evidence=[Evidence(v.message)], settled=True))
        shown = {s.rule_id for s in statements}
        for rule_id in result.applied_rules:
            rule = self.engine.rule(rule_id)
            if rule is not None and rule.id not in shown and rule.topic.startswith("selection"):
                statements.append(self.rule_statement(rule))
                shown.add(rule.id)
        for note in result.notes:
            if not note.startswith("未指定地区"):
                statements.append(Statement(f"说明：{note.rstrip('。')}。", kind="note"))
        return Reply(statements, "answered", 1.0, "rules")

    def environment(self, q: Question) -> Reply:
        """Which classes the school's environment allows (a project default: the common reading)."""
        rule = next((r for r in self.engine.all_rules if r.topic == "selection.environment"), None)
        if rule is None:
            return Reply(status="no_basis")
        allowed: dict[str, list[str]] = rule.params.get("allowed", {})
        env = q.environment
        statements: list[Statement] = []
        table = "；".join(f"{ENVIRONMENT_FULL[e]}可以选{'、'.join(ls)}类微能力点" for e, ls in allowed.items())
        if env and q.letters:
            ok = all(letter in allowed.get(env, []) for letter in q.letters)
            letters = "、".join(q.letters)
            lead = (f"可以：{ENVIRONMENT_FULL[env]}可以选{letters}类微能力点。" if ok else
                    f"一般不行：{ENVIRONMENT_FULL[env]}通常只选{'、'.join(allowed.get(env, []))}类，不选{letters}类。")
            statements.append(Statement(lead, evidence=[Evidence(rule.message), Evidence(table)], rule_id=rule.id,
                                        fills=True, lead=True))
        statements.append(self.rule_statement(rule))
        dims = next((r for r in self.engine.all_rules if r.topic == "catalogue.dimensions"), None)
        if dims is not None and ROUTES["dimension_words"].search(q.text):
            statements.append(self.rule_statement(dims))
        return Reply(statements, "answered", 1.0, "rules")
