"""The guard: every claim of an answer, before anyone sees it, against its evidence (the claim verifier) and
against the rule engine.

A claim the verifier finds contradicted in a figure or a limit is corrected from the governing rule when the
rule says what it should be, and removed otherwise; a claim without support is removed; every change is recorded.
Notes (the product's own words about the corpus) are typed as such and pass unchanged. When no claim is left the
answer is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.compose.reply import Quote, Statement
from assistant.guard.evidence import Evidence
from assistant.guard.verifier import ClaimVerifier
from assistant.rules import RuleEngine
from assistant.timing import timed
from assistant.types import GuardClaim, Violation

__all__ = ["Guard", "Checked", "REFUSAL", "rule_support"]

REFUSAL = "所收录的政策文件中没有找到可以回答这个问题的依据，为避免误导，暂不作答。建议向所在区县或学校的提升工程负责人核实。"


@dataclass
class Checked:
    """The statements that survived (some corrected), the claims as judged, and the rules they broke."""

    statements: list[Statement]
    claims: list[GuardClaim]
    violations: list[Violation]
    changed: bool


def _figure(value) -> str:
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else f"{value:g}"
    return str(value)


class Guard:
    """Checks statements with one verifier and one rule engine; pure apart from their caches."""

    def __init__(self, engine: RuleEngine, verifier: ClaimVerifier | None = None,
                 texts: dict[str, str] | None = None) -> None:
        self.engine = engine
        self.verifier = verifier
        self.texts = texts or {}  # document texts, to cite a rule's source quote when a figure is corrected

    def _rules(self, text: str, region: str | None, program: str,
               own_words_of: str | None = None) -> tuple[str, list[Violation], str | None]:
        """The text with figures the governing rules contradict corrected ('' when one cannot be corrected).
        `own_words_of`: the text quotes a document of this region verbatim; rules of wider regions do not
        overrule it (a county's own deadline stands against a national one)."""
        report = self.engine.check_text(text, region, program)
        fixed, violations, rule_id = text, [], None

        def overruled(rule_id: str | None) -> bool:
            rule = self.engine.rule(rule_id) if rule_id else None
            return own_words_of is None or rule is None or rule.region == own_words_of

        for claim in sorted(report.claims, key=lambda c: -c.start):
            if claim.status != "contradicted" or not overruled(claim.rule_id):
                continue
            rule = self.engine.rule(claim.rule_id) if claim.rule_id else None
            rule_id = claim.rule_id
            violations.append(Violation(rule_id=claim.rule_id or "unknown",
                                        message=f"“{claim.text}”与规定不符：{rule.message if rule else '与规则不符'}",
                                        doc_id=rule.doc_id if rule else None, quote=rule.quote if rule else None))
            params = rule.params if rule else {}
            target = next((params[k] for k in ("value", "exact", "min") if k in params), None)
            unit = params.get("unit") or claim.unit
            if claim.kind == "number" and isinstance(target, (int, float)) and unit and claim.unit == unit:
                fixed = fixed[:claim.start] + f"{_figure(target)}{unit}" + fixed[claim.end:]
            else:
                return "", violations, rule_id
        seen = {v.rule_id for v in violations}
        for v in report.violations:
            if v.rule_id not in seen and overruled(v.rule_id):
                violations.append(v)
                if not any(c.status == "contradicted" for c in report.claims):
                    return "", violations, v.rule_id
        return fixed, violations, rule_id

    def _verbatim(self, st: Statement) -> bool:
        """Whether a statement is its cited span word for word (an extractive quote, not a model's sentence)."""
        if st.quote is None or st.quote.doc_id not in self.texts:
            return False
        span = re.sub(r"\s+", "", self.texts[st.quote.doc_id][st.quote.start:st.quote.end])
        body = re.sub(r"\s+", "", strip_citations(st.text))
        body = re.sub(r"^[^：:，,。]{1,24}[：:]", "", body).rstrip("。")  # the region label the composer adds
        return bool(body) and body in span

    def _local(self, doc_id: str, place: str | None) -> bool:
        """Whether a document governs below the national level at exactly this place."""
        doc = next((d for d in self.engine.documents if d.id == doc_id), None)
        if doc is None or place is None:
            return False
        where = self.engine.gazetteer.resolve(doc.region)
        return where.canonical == place and len(where.chain) > 1

    def correct(self, text: str, region: str | None, program: str = "2.0") -> Checked:
        """Free text that is not a policy statement (a draft's prose) checked sentence by sentence against the
        rule engine only: a figure that contradicts a rule is corrected or its sentence removed."""
        from assistant.guard.sentences import split_answer

        kept, claims, violations, changed = [], [], [], False
        for sentence in split_answer(text):
            fixed, found, rule_id = self._rules(sentence.raw, region, program)
            violations.extend(found)
            if not fixed:
                changed = True
                claims.append(GuardClaim(text=sentence.bare, supported=False, status="removed", rule_id=rule_id,
                                         reason="与规则矛盾"))
                continue
            if fixed != sentence.raw:
                changed = True
                claims.append(GuardClaim(text=strip_citations(fixed).strip(), supported=True, status="corrected",
                                         rule_id=rule_id, reason=f"原文为：{sentence.bare}"))
            kept.append(Statement(fixed + sentence.tail))
        return Checked(kept, claims, violations, changed)

    @timed("verify")
    def check(self, statements: list[Statement], region: str | None, program: str = "2.0") -> Checked:
        """Verify every claim; correct or remove what fails; notes pass as they are."""
        kept: list[Statement] = []
        claims: list[GuardClaim] = []
        violations: list[Violation] = []
        changed = False
        for st in statements:
            if st.kind == "note":
                kept.append(st)
                continue
            if self.verifier is None:
                raise ValueError("没有核验器：只能用 correct() 检查规则")
            text = st.text
            prog = "1.0" if st.evidence and st.evidence[0].program == "1.0" else program
            # A sentence of a document is judged by the rules of that document's place (a comparison answer
            # quotes 瓦房店's 3个 beside 北京's 2个).
            place = next((ev.region for ev in st.evidence if ev.region), None) or region
            report = self.verifier.verify(text, st.evidence)
            failed = [c for c in report.claims if c.status != "supported"]
            if st.settled:
                fixed, found, rule_id = text, [], st.rule_id
            else:
                own = place if self._verbatim(st) and self._local(st.quote.doc_id, place) else None
                fixed, found, rule_id = self._rules(text, place, prog, own)
            violations.extend(found)
            if failed or not fixed or fixed != text:
                # A figure the rules set is put right from the rule and its source quote; the corrected
                # sentence must then hold against that quote. Anything else that fails is removed.
                repaired = self._repair(st, fixed, found) if fixed and fixed != text else None
                if repaired is None and fixed == text and failed:
                    # A flipped limit (不超过 for 不少于) is put right from the evidence's own words.
                    flipped = self.verifier.repair_limits(text, st.evidence)
                    repaired = self._repair(st, flipped, []) if flipped else None
                if repaired is None:
                    reason = "；".join(c.reason for c in failed) or "与规则矛盾"
                    claims.append(GuardClaim(text=text, supported=False, status="removed",
                                             rule_id=rule_id or st.rule_id, reason=reason))
                    changed = True
                    continue
                changed = True
                claims.append(GuardClaim(text=repaired.text, supported=True, status="corrected", rule_id=rule_id,
                                         reason=f"原文为：{text}"))
                kept.append(repaired)
                continue
            claims.append(GuardClaim(text=text, supported=True, rule_id=st.rule_id, settled=st.settled))
            kept.append(st)
        return Checked(kept, claims, violations, changed)

    def _repair(self, st: Statement, fixed: str, found: list[Violation]) -> Statement | None:
        """The statement with the rules' figures, resting on the rules' source quotes, if it then holds."""
        evidence = list(st.evidence)
        quote = st.quote
        for v in found:
            rule = self.engine.rule(v.rule_id)
            if rule is None:
                continue
            support, cited = rule_support(rule, self.engine.gazetteer, self.texts)
            evidence.extend(support)
            quote = cited or quote
        if self.verifier is not None:
            report = self.verifier.verify(fixed, evidence)
            if any(c.status != "supported" for c in report.claims):
                return None
        return replace(st, text=fixed, evidence=evidence, quote=quote)


def rule_support(rule, gazetteer, texts: dict[str, str]) -> tuple[list[Evidence], Quote | None]:
    """What a statement of a rule rests on: the rule's message and its source quote (with the region and programme
    of the rule), and where that quote stands in its document, to cite it (None when it cannot be found)."""
    region = gazetteer.resolve(rule.region).canonical
    evidence = [Evidence(rule.message, region=region, program=rule.program)]
    quote = None
    if rule.source is not None:
        evidence.append(Evidence(rule.source.quote, region=region, program=rule.program, doc_id=rule.source.doc_id))
        at = texts.get(rule.source.doc_id, "").find(rule.source.quote)
        if at >= 0:
            quote = Quote(rule.source.doc_id, at, at + len(rule.source.quote))
    return evidence, quote


def strip_citations(text: str) -> str:
    """Text without [n] citation marks."""
    return re.sub(r"\[\d{1,2}\]", "", text)
