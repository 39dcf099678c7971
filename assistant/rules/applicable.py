"""Which rules govern a jurisdiction: its documents' rules (local first), then external facts, then defaults."""

from __future__ import annotations

from assistant.rules.jurisdiction import Jurisdiction
from assistant.rules.rule import Rule

__all__ = ["governing_rules", "topic_matches", "other_program_rules"]


def topic_matches(topic: str, prefix: str | None) -> bool:
    """'hours.total' matches the prefixes None, 'hours' and 'hours.total', not 'hour'."""
    return prefix is None or topic == prefix or topic.startswith(prefix.rstrip(".") + ".")


def governing_rules(rules: list[Rule], jurisdiction: Jurisdiction, topic: str | None = None) -> list[Rule]:
    """Document rules in the jurisdiction's precedence order, then external (教师〔2019〕1号 …) facts, then the
    project defaults of topics no document or external rule covers."""
    program = jurisdiction.program
    rank = {doc_id: i for i, doc_id in enumerate(jurisdiction.doc_ids)}
    from_docs = sorted((r for r in rules if r.doc_id in rank), key=lambda r: rank[r.doc_id])
    in_chain = set(jurisdiction.region.chain)
    external = [r for r in rules if r.source is None and not r.is_default and r.region in in_chain
                and (program is None or r.program == program)]
    covered = {r.topic for r in from_docs + external}
    defaults = [r for r in rules if r.is_default and r.topic not in covered and r.region in in_chain
                and (program is None or r.program == program)]
    return [r for r in from_docs + external + defaults if topic_matches(r.topic, topic)]


def other_program_rules(rules: list[Rule], jurisdiction: Jurisdiction) -> list[Rule]:
    """Rules of documents in the region's chain but of the other programme (Guangdong's 1.0 plan for a 2.0
    question): never applied, only used to say where a wrong figure comes from."""
    if jurisdiction.program is None:
        return []
    chain = set(jurisdiction.region.chain)
    return [r for r in rules if r.program != jurisdiction.program and r.region in chain and r.source is not None]
