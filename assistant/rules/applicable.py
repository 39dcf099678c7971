"""Which rules govern a jurisdiction: its documents' rules (local first), then external facts, then defaults."""

from __future__ import annotations

from assistant.rules.jurisdiction import Jurisdiction
from assistant.rules.rule import Rule, bounds

__all__ = ["governing_rules", "topic_matches", "other_program_rules"]


def topic_matches(topic: str, prefix: str | None) -> bool:
    """'hours.total' matches the prefixes None, 'hours' and 'hours.total', not 'hour'."""
    return prefix is None or topic == prefix or topic.startswith(prefix.rstrip(".") + ".")


def governing_rules(rules: list[Rule], jurisdiction: Jurisdiction, topic: str | None = None) -> list[Rule]:
    """Document rules in the jurisdiction's precedence order, then external (教师〔2019〕1号 …) facts, then the
    project defaults of topics no document or external rule covers."""
    program = jurisdiction.program
    rank = {doc_id: i for i, doc_id in enumerate(jurisdiction.doc_ids)}
    from_docs, local = _most_local(sorted((r for r in rules if r.doc_id in rank), key=lambda r: rank[r.doc_id]))
    in_chain = set(jurisdiction.region.chain)
    external = [r for r in rules if r.source is None and not r.is_default and r.region in in_chain
                and (program is None or r.program == program)
                and not (_binding_figure(r) and _overridden(r, local))]
    covered = {r.topic for r in from_docs + external}
    defaults = [r for r in rules if r.is_default and r.topic not in covered and r.region in in_chain
                and (program is None or r.program == program)]
    return [r for r in from_docs + external + defaults if topic_matches(r.topic, topic)]


def _binding_figure(rule: Rule) -> bool:
    return rule.kind == "requirement" and any(k in rule.params for k in ("value", "min", "max", "exact", "allowed"))


def _differs(local: Rule, wider: Rule) -> bool:
    """Whether two figures of a topic disagree (a lower bound, or two upper bounds, not the same)."""
    if local.params.get("unit") != wider.params.get("unit"):
        return False
    if "allowed" in local.params or "allowed" in wider.params:
        return local.params.get("allowed") != wider.params.get("allowed")
    (llo, lhi), (wlo, whi) = bounds(local), bounds(wider)
    return llo != wlo or (lhi is not None and whi is not None and lhi != whi)


def _overridden(rule: Rule, local: dict[str, list[Rule]]) -> bool:
    """True when a more local document sets a different figure for the rule's topic."""
    return any(o.region != rule.region and _differs(o, rule) for o in local.get(rule.topic, []))


def _most_local(ordered: list[Rule]) -> tuple[list[Rule], dict[str, list[Rule]]]:
    """A requirement with a figure from a more local document overrides a different figure of the same topic from
    a document of a wider region (a district's 60 学时 replaces its province's 50 for that district only); where
    they agree both stay. Returns the kept rules and, per topic, the binding figures kept."""
    local: dict[str, list[Rule]] = {}
    out: list[Rule] = []
    for rule in ordered:
        if _binding_figure(rule):
            if _overridden(rule, local):
                continue
            local.setdefault(rule.topic, []).append(rule)
        out.append(rule)
    return out, local


def other_program_rules(rules: list[Rule], jurisdiction: Jurisdiction) -> list[Rule]:
    """Rules of documents in the region's chain but of the other programme (Guangdong's 1.0 plan for a 2.0
    question): never applied, only used to say where a wrong figure comes from."""
    if jurisdiction.program is None:
        return []
    chain = set(jurisdiction.region.chain)
    return [r for r in rules if r.program != jurisdiction.program and r.region in chain and r.source is not None]
