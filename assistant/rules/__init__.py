"""The rule engine: the policy documents' hard constraints as data with provenance, and the checks over them."""

from assistant.rules.engine import RuleEngine
from assistant.rules.jurisdiction import Jurisdiction, Region, governing_documents, resolve_region
from assistant.rules.results import CheckResult, Claim, TextReport
from assistant.rules.rule import Rule

__all__ = [
    "RuleEngine",
    "CheckResult",
    "TextReport",
    "Claim",
    "Rule",
    "Region",
    "Jurisdiction",
    "resolve_region",
    "governing_documents",
]
