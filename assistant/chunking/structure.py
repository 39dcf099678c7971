"""Structure-aware chunking: heading paths as sections, whole sentences, exact source offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.chunking.headings import Heading, clean_line, detect_heading
from assistant.chunking.tokens import TokenCounter
from assistant.types import Chunk, Document

__all__ = ["chunk_document", "split_sentences", "open_heading", "SECTION_SEP"]

SECTION_SEP = " › "
_SENTENCE_END = re.compile(r"[。！？；!?]+[”’」』）)]*")


@dataclass
class _Section:
    path: tuple[str, ...]
    spans: list[tuple[int, int]] = field(default_factory=list)  # sentence spans
    heading_only: bool = True


@dataclass
class _Draft:
    path: tuple[str, ...]
    start: int
    end: int
    tokens: int
    heading_only: bool


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) of one line; a sentence ends at 。！？； and keeps closing quotes."""
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[pos : m.end()].strip():
            spans.append((offset + pos, offset + m.end()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((offset + pos, offset + len(text.rstrip())))
    return spans


def open_heading(stack: list[Heading], heading: Heading) -> list[Heading]:
    """The headings open after this one: an annex starts afresh; a style seen again closes it and all below."""
    if heading.style == "annex":
        return [heading]
    same = next((i for i, h in enumerate(stack) if h.style == heading.style), None)
    return (stack[:same] if same is not None else stack) + [heading]


def _sections(text: str, allow_markdown: bool) -> list[_Section]:
    """Walk the lines, keeping a stack of open headings; a style seen again closes everything below it."""
    stack: list[Heading] = []
    sections = [_Section(path=())]
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        if not clean_line(body):
            continue
        heading = detect_heading(body, allow_markdown=allow_markdown)
        if heading:
            stack = open_heading(stack, heading)
            sections.append(_Section(path=tuple(h.label for h in stack)))
            # A heading that runs on into its paragraph ("（一）…。正文") carries body text.
            if clean_line(body) != heading.label:
                sections[-1].heading_only = False
        else:
            sections[-1].heading_only = False
        lead = len(body) - len(body.lstrip())
        sections[-1].spans.extend(split_sentences(body[lead:], start + lead))
    return [s for s in sections if s.spans]


def _pack(section: _Section, text: str, counter: TokenCounter, max_tokens: int) -> list[_Draft]:
    """Greedy packing of whole sentences up to max_tokens; a longer sentence stands alone."""
    drafts: list[_Draft] = []
    cur_start = cur_end = None
    for s, e in section.spans:
        if cur_start is not None and counter.count(text[cur_start:e]) > max_tokens:
            drafts.append(_Draft(section.path, cur_start, cur_end, counter.count(text[cur_start:cur_end]), False))
            cur_start = None
        if cur_start is None:
            cur_start = s
        cur_end = e
    if cur_start is not None:
        drafts.append(
            _Draft(section.path, cur_start, cur_end, counter.count(text[cur_start:cur_end]), section.heading_only)
        )
    return drafts


def _common(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _merge(drafts: list[_Draft], text: str, counter: TokenCounter, max_tokens: int, min_tokens: int) -> list[_Draft]:
    """Fold bare headings into what follows, and small neighbours under one parent into one chunk."""
    out: list[_Draft] = []
    for d in drafts:
        if out:
            prev = out[-1]
            combined = counter.count(text[prev.start : d.end])
            if prev.heading_only and combined <= max_tokens * 1.5:
                out[-1] = _Draft(d.path, prev.start, d.end, combined, d.heading_only)
                continue
            # Small neighbours merge only under a shared heading, so the section stays meaningful.
            shared = _common(prev.path, d.path)
            siblings = len(shared) >= max(1, min(len(prev.path), len(d.path)) - 1)
            if siblings and (prev.tokens < min_tokens or d.tokens < min_tokens) and combined <= max_tokens:
                out[-1] = _Draft(shared, prev.start, d.end, combined, False)
                continue
        out.append(d)
    return out


def chunk_document(
    text: str,
    doc: Document,
    counter: TokenCounter,
    max_tokens: int = 240,
    min_tokens: int = 60,
) -> list[Chunk]:
    """Cut one document into chunks whose text is exactly text[start:end] and whose section is a heading path."""
    drafts: list[_Draft] = []
    for section in _sections(text, allow_markdown=doc.kind == "case"):
        drafts.extend(_pack(section, text, counter, max_tokens))
    drafts = _merge(drafts, text, counter, max_tokens, min_tokens)
    return [
        Chunk(
            id=f"{doc.id}:{d.start}-{d.end}",
            doc_id=doc.id,
            section=SECTION_SEP.join(d.path),
            text=text[d.start : d.end],
            start=d.start,
            end=d.end,
            tokens=d.tokens,
            region=doc.region,
            program=doc.program,
            kind=doc.kind,
        )
        for d in drafts
    ]
