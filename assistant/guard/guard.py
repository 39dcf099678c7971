"""The guard: every answer, sentence by sentence, against the rule engine and the passages it cites.

A contradicted figure is corrected from the rule (or the sentence removed) and recorded as a violation; a
sentence the cited passages do not support is removed. What is left is grounded, corrected, or — when
nothing is left — refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.guard.sentences import CITE, split_answer
from assistant.indexing.bm25 import tokenize
from assistant.rules import RuleEngine
from assistant.rules.claims import extract_claims
from assistant.types import Citation, GuardClaim, GuardReport, Violation

__all__ = ["Guard", "GuardOutcome", "REFUSAL"]

REFUSAL = "所收录的政策文件中没有找到可以回答这个问题的依据，为避免误导，暂不作答。建议向所在区县或学校的提升工程负责人核实。"
# Sentences that only frame the answer (notes, headings) carry no claim of their own.
_FRAMING = re.compile(r"^(说明|提示|注意|相关条款|相关规定|依据|出处|以下|根据上述)[：:]?")
# The composers' own headings; any other line that frames nothing but says something is checked like a claim.
FRAMING_LINES = {"相关规定：", "相关条款："}
MIN_OVERLAP = 0.5
# "据《…》：" only names the source; it is not part of what the passage must support.
_ATTRIBUTION = re.compile(r"^[-•\s]*(据|根据|依据|按照)《[^》]{1,80}》(的规定|规定)?[，,：:]?")


@dataclass
class GuardOutcome:
    """The checked text and the report that explains every change."""

    text: str
    report: GuardReport


def _figure(value) -> str:
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else f"{value:g}"
    return str(value)


def _numbers(text: str, engine: RuleEngine) -> set[tuple]:
    """(value, unit) of every numeric claim, so 二十五学时 and 25 学时 compare equal."""
    out = set()
    for c in extract_claims(text, engine.catalogue):
        if c.kind == "number":
            value = tuple(c.value) if isinstance(c.value, list) else round(float(c.value), 2)
            out.add((value, c.unit))
    return out


def _overlap(sentence: str, passage: str) -> float:
    words = set(tokenize(sentence))
    if not words:
        return 1.0
    return len(words & set(tokenize(passage))) / len(words)


class Guard:
    """Checks answers against one rule engine; pure apart from the engine it reads."""

    def __init__(self, engine: RuleEngine) -> None:
        self.engine = engine

    def _correct(self, sentence: str, region: str | None, program: str) -> tuple[str, list[Violation], str | None]:
        """Fix contradicted figures from their rule; return (text or '' if it cannot be fixed, violations, rule)."""
        report = self.engine.check_text(sentence, region, program)
        violations: list[Violation] = []
        fixed = sentence
        rule_id = None
        for claim in sorted(report.claims, key=lambda c: -c.start):
            if claim.status != "contradicted":
                continue
            rule = self.engine.rule(claim.rule_id) if claim.rule_id else None
            rule_id = claim.rule_id
            quote = rule.source.quote if rule and rule.source else None
            doc_id = rule.source.doc_id if rule and rule.source else None
            message = rule.message if rule else "与规则不符"
            violations.append(Violation(rule_id=claim.rule_id or "unknown", message=f"“{claim.text}”与规定不符：{message}",
                                        doc_id=doc_id, quote=quote))
            params = rule.params if rule else {}
            target = next((params[k] for k in ("value", "exact", "min") if k in params), None)
            unit = params.get("unit") or claim.unit
            if claim.kind == "number" and isinstance(target, (int, float)) and unit and claim.unit == unit:
                fixed = fixed[: claim.start] + f"{_figure(target)}{unit}" + fixed[claim.end :]
            else:
                return "", violations, rule_id
        # Violations the text check raises without a claim (a 1.0 figure for a 2.0 question, say) also count.
        seen = {v.rule_id for v in violations}
        for v in report.violations:
            if v.rule_id not in seen:
                violations.append(v)
                if not any(c.status == "contradicted" for c in report.claims):
                    return "", violations, v.rule_id
        return fixed, violations, rule_id

    def _supported(self, bare: str, cites: list[int], citations: dict[int, Citation],
                   context: dict[int, str]) -> tuple[bool, int | None, str | None]:
        """Whether the cited passages (or, uncited, any passage) back the sentence's figures and words."""
        pool = {n: context.get(n, citations[n].quote) for n in cites if n in citations} if cites else dict(context)
        if cites and not pool:
            return False, None, "引用编号不存在"
        if not pool:
            return False, None, "没有可依据的条款"
        bare = _ATTRIBUTION.sub("", bare)
        figures = _numbers(bare, self.engine)
        best, best_score = None, -1.0
        for n, text in pool.items():
            if figures and not figures <= _numbers(text, self.engine):
                continue
            score = _overlap(bare, text)
            if score > best_score:
                best, best_score = n, score
        if best is None:
            return False, None, "数字在所引条款中找不到"
        if best_score < MIN_OVERLAP:
            return False, best, "所引条款不支持这句话"
        return True, best, None

    def check(self, text: str, citations: list[Citation], region: str | None, program: str = "2.0",
              context: dict[int, str] | None = None, trusted: set[str] | None = None) -> GuardOutcome:
        """Check every sentence; `context` maps citation numbers to the passage text around each quote.

        `trusted` sentences (bare text) come verbatim from the rule engine's own facts: they are still checked
        against the rules but need no passage support.
        """
        by_n = {c.n: c for c in citations}
        context = context or {c.n: c.quote for c in citations}
        trusted = trusted or set()
        kept: list[str] = []
        claims: list[GuardClaim] = []
        violations: list[Violation] = []
        changed = False
        for sentence in split_answer(text):
            bare = sentence.bare
            # A framing line ("说明：…") passes as it is only when it makes no claim at all (no figure, no
            # code, no 文号): "依据京教人〔2099〕9号…" is checked like any other sentence.
            if not bare or bare in trusted and _FRAMING.match(bare) or bare in FRAMING_LINES:
                kept.append(sentence.raw + sentence.tail)
                continue
            fixed, found, rule_id = self._correct(sentence.raw, region, program)
            violations.extend(found)
            if not fixed:
                changed = True
                claims.append(GuardClaim(text=bare, supported=False, status="removed", rule_id=rule_id,
                                         reason="与规则矛盾"))
                continue
            if bare in trusted:
                ok, cite, reason = True, (sentence.cites[0] if sentence.cites else None), None
            else:
                ok, cite, reason = self._supported(CITE.sub("", fixed).strip(), sentence.cites, by_n, context)
            if not ok:
                changed = True
                claims.append(GuardClaim(text=bare, supported=False, status="removed", citation=cite, reason=reason))
                continue
            if fixed != sentence.raw:
                changed = True
                claims.append(GuardClaim(text=CITE.sub("", fixed).strip(), supported=True, status="corrected",
                                         citation=cite, rule_id=rule_id, reason=f"原文为：{bare}"))
            else:
                claims.append(GuardClaim(text=bare, supported=True, citation=cite, rule_id=rule_id))
            kept.append(fixed + sentence.tail)
        if not any(c.supported for c in claims):
            return GuardOutcome(REFUSAL, GuardReport(verdict="refused", claims=claims, violations=violations))
        verdict = "corrected" if changed or violations else "grounded"
        return GuardOutcome(_join(kept), GuardReport(verdict=verdict, claims=claims, violations=violations))


def _join(parts: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "".join(parts)).strip()
