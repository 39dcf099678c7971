"""Drafts: 设计方案 and 教学反思 outlines per micro-ability, school plans, review of a teacher's draft, export."""

from assistant.drafting.cases import find_cases
from assistant.drafting.completeness import check_completeness
from assistant.drafting.drafter import Drafter
from assistant.drafting.export import docx_bytes, to_docx, to_markdown
from assistant.drafting.model import Completeness, Draft, ProcessRow, Review, Section
from assistant.drafting.requirements import load_requirements

__all__ = [
    "Drafter",
    "Draft",
    "Review",
    "Section",
    "ProcessRow",
    "Completeness",
    "find_cases",
    "check_completeness",
    "load_requirements",
    "to_docx",
    "docx_bytes",
    "to_markdown",
]
