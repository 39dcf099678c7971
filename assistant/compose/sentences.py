"""Every sentence of the policy documents, with its heading path, searchable by BM25.

An answer is made of sentences, so they are indexed as sentences: the one that answers is found even when the
chunk around it is long. Each sentence keeps its exact offsets in the document (for citations) and the heading
path it sits under (二、实施流程 › （六）分级监管测评), whose words count towards matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.chunking.headings import detect_heading
from assistant.guard.injection import find_attacks
from assistant.chunking.structure import SECTION_SEP, _sections
from assistant.indexing.bm25 import tokenize
from assistant.types import Document

__all__ = ["Sentence", "SentenceIndex"]

_MARKUP = re.compile(r"\*\*|^#+\s*|^\s*[-•]\s*|\[bookmark:[^\]]*\]")
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.．、](?!\d)|\d{1,2}[.．](?=\d{1,2}\s*月|(?:19|20)\d{2}\s*年)|[（(][一二三四五六七八九十\d]{1,3}[)）])\s*")
MIN_CHARS = 6


@dataclass(frozen=True)
class Sentence:
    """One sentence of one document: exact offsets, cleaned text, heading path and the document's scope."""

    i: int
    doc_id: str
    start: int
    end: int
    text: str
    heading: str
    region: str
    program: str
    position: int
    table: bool = False

    @property
    def heading_leaf(self) -> str:
        """The nearest heading (三、培训对象): what the sentence is about when it does not say so itself."""
        return self.heading.split(SECTION_SEP)[-1] if self.heading else ""


def _prose_line(text: str, end: int) -> bool:
    """The line around `end` reads as prose (long enough, no table tabs)."""
    start = text.rfind("\n", 0, end) + 1
    stop = text.find("\n", end)
    line = text[start:stop if stop >= 0 else len(text)]
    return "\t" not in line and len(line.strip()) >= 20


def _units(text: str, section, carry: tuple[int, str] | None = None
           ) -> tuple[list[tuple[int, int, str, bool]], tuple[int, str] | None]:
    """(start, end, clean text, whether it is a table) of each sentence of a section. Bare headings and the title lines above the first
    heading are left out; a sentence a page break cut in two is joined again; a run of short unpunctuated lines
    (the cells of a table) becomes one unit."""
    units: list[tuple[int, int, str, bool]] = []
    run: list[tuple[int, int, str, bool]] = []

    def flush() -> None:
        if len(run) > 1:
            units.append((run[0][0], run[-1][1], "；".join(c for _, _, c, _ in run), True))
        elif run:
            units.append(run[0])
        run.clear()

    table_end = -1
    for start, end in section.spans:
        if start < table_end:
            continue  # a line of a table already read row by row
        if carry is None and text[text.rfind("\n", 0, start) + 1:start + 1].startswith("\t"):
            table = _labelled_table(text, text.rfind("\n", 0, start) + 1)
            if table is not None:
                flush()
                units.extend(table[0])
                table_end = table[1]
                continue
        raw = _MARKUP.sub("", text[start:end]).strip()
        clean = _LIST_MARK.sub("", raw).strip()
        head = detect_heading(raw)
        if carry is not None:
            start, clean, carry = carry[0], carry[1] + clean, None
        elif head is not None and head.label.rstrip("。") == raw.rstrip("。") and not raw.endswith("。"):
            flush()
            continue  # a bare heading names a topic; it answers nothing (a numbered full sentence is kept)
        if not section.path and (not re.search(r"[。；！？：:，,]", clean) or clean.endswith(("：", ":"))):
            continue  # the title lines above the first heading, the addressees of a notice
        ended = bool(re.search(r"[。；！？：:]$", clean))
        if not ended and _prose_line(text, end):
            carry = (start, clean)  # a long line that stops mid-sentence: a page break
            continue
        if len(clean) < MIN_CHARS and not run:
            continue
        if not ended and len(clean) <= 30:
            run.append((start, end, clean, False))
            continue
        flush()
        units.append((start, end, clean, False))
    flush()
    return units, carry


_CELL_END = re.compile(r"[。；！？：:]$")


def _labelled_table(text: str, at: int) -> tuple[list[tuple[int, int, str, bool]], int] | None:
    """A table laid out one cell a line (each cell opens with a tab, a blank line between rows, a cell's further
    lines without a tab), whose first row names the columns and whose every row has a cell for each: one unit a
    row with each cell under its column's name (类型：专题课程；模块：…；内容：…), an empty first cell taking the
    one above it, and one unit a run of rows sharing a first cell (专题课程的模块：A、B、C). None for a table whose
    rows do not line up with its header: those are read as before, cell after cell."""
    rows: list[list[list]] = []  # each cell: [start, end, text]
    blank, pos = True, at
    while pos < len(text):
        stop = text.find("\n", pos)
        stop = len(text) if stop < 0 else stop
        line = text[pos:stop]
        if line.startswith("\t"):
            if blank or not rows:
                rows.append([])
            rows[-1].append([pos, stop, line.strip()])
            blank = False
        elif not line.strip():
            blank = True
        elif rows and rows[-1] and len(line.strip()) <= 30 and not _CELL_END.search(line.strip()) \
                and detect_heading(line.strip()) is None:
            cell = rows[-1][-1]
            joint = "" if len(cell[2]) <= 2 and len(line.strip()) <= 2 else "、"
            cell[1], cell[2] = stop, (cell[2] + joint + line.strip()) if cell[2] else line.strip()
            blank = False
        else:
            break
        pos = stop + 1
    if len(rows) < 3:
        return None
    header, body = [c[2] for c in rows[0]], rows[1:]
    if len(header) < 2 or not all(header) or any(len(h) > 12 for h in header) \
            or any(len(r) != len(header) for r in body):
        return None
    units: list[tuple[int, int, str, bool]] = []
    groups: list[tuple[str, list[str], int, int]] = []
    first = ""
    for row in body:
        first = row[0][2] or first
        cells = [first] + [c[2] for c in row[1:]]
        text_ = "；".join(f"{h}：{c}" for h, c in zip(header, cells) if c)
        units.append((row[0][0], row[-1][1], text_, True))
        if groups and groups[-1][0] == first:
            name, items, a, _ = groups[-1]
            groups[-1] = (name, items + [cells[1]] if cells[1] else items, a, row[-1][1])
        else:
            groups.append((first, [cells[1]] if cells[1] else [], row[0][0], row[-1][1]))
    for name, items, a, b in groups:
        if name and len(items) >= 2:
            units.append((a, b, f"{name}的{header[1]}：{'、'.join(items)}", True))
    return units, rows[-1][-1][1]


class SentenceIndex:
    """Sentences of a set of documents and a BM25 over their words (and their headings' words)."""

    def __init__(self, sentences: list[Sentence], rules: dict | None = None,
                 headings: dict[str, list[tuple[tuple[str, ...], int, int]]] | None = None) -> None:
        import bm25s

        self.sentences = sentences
        self.rules = dict(rules or {})
        self.headings = dict(headings or {})
        self._docs = np.array([s.doc_id for s in sentences])
        tokens = [tokenize(f"{s.text} {s.heading}") or ["\u0000"] for s in sentences]
        self._bm25 = bm25s.BM25()
        self._bm25.index(tokens, show_progress=False)
        self._vocab = self._bm25.vocab_dict
        self.by_doc: dict[str, list[Sentence]] = {}
        for s in sentences:
            self.by_doc.setdefault(s.doc_id, []).append(s)

    @classmethod
    def build(cls, documents: list[Document], texts: dict[str, str], external: list = ()) -> "SentenceIndex":
        """Cut every document into sentences under their heading paths; `external` rules (facts from documents
        the corpus does not hold, such as 教师〔2019〕1号) become sentences of their own, doc_id "external"."""
        out: list[Sentence] = []
        rules = {}
        headings: dict[str, list[tuple[tuple[str, ...], int, int]]] = {}
        for doc in documents:
            text = texts.get(doc.id, "")
            position = 0
            carry = None
            for section in _sections(text, allow_markdown=doc.kind == "case"):
                heading = SECTION_SEP.join(section.path)
                if section.path:
                    first = section.spans[0]
                    headings.setdefault(doc.id, []).append((section.path, first[0], first[1]))
                units, carry = _units(text, section, carry)
                for start, end, clean, table in units:
                    if find_attacks(clean):
                        continue  # a planted instruction is never quoted to a teacher
                    out.append(Sentence(len(out), doc.id, start, end, clean, heading, doc.region, doc.program,
                                        position, table))
                    position += 1
        for position, rule in enumerate(external):
            text = re.sub(r"^外部参考(?:（[^）]*）)?[：:]", "", rule.message).strip()
            rules[len(out)] = rule
            out.append(Sentence(len(out), "external", 0, 0, text, rule.reference or "", rule.region, rule.program,
                                position))
        return cls(out, rules, headings)

    def scores(self, query: str, doc_ids: set[str] | None = None) -> np.ndarray:
        """BM25 score of every sentence for the query (0 outside doc_ids)."""
        q = [t for t in tokenize(query) if t in self._vocab]
        if not q or not self.sentences:
            return np.zeros(len(self.sentences))
        scores = np.asarray(self._bm25.get_scores(q), dtype=np.float64)
        if doc_ids is not None:
            scores = np.where(np.isin(self._docs, list(doc_ids)), scores, 0.0)
        return scores

    def siblings(self, s: Sentence) -> tuple[tuple[str, ...], list[tuple[str, int, int]]]:
        """(parent heading path, [(label, start, end)] of every heading at the sentence's own level under the same
        parent): the items of the list the sentence belongs to (基本原则 › （一）…、（二）…、（三）…)."""
        own = next((p for p, _, _ in self.headings.get(s.doc_id, []) if SECTION_SEP.join(p) == s.heading), None)
        if not own or len(own) < 2:
            return (), []
        parent = own[:-1]
        items, seen = [], set()
        for path, start, end in self.headings.get(s.doc_id, []):
            if len(path) == len(own) and path[:-1] == parent and path not in seen:
                seen.add(path)
                items.append((path[-1], start, end))
        return parent, items

    def children(self, doc_id: str, path: tuple[str, ...]) -> list[tuple[str, int, int]]:
        """[(label, start, end)] of the headings right under `path` in a document (基本原则 › （一）…（三）)."""
        items, seen = [], set()
        for p, start, end in self.headings.get(doc_id, []):
            if len(p) == len(path) + 1 and p[:-1] == path and p not in seen:
                seen.add(p)
                items.append((p[-1], start, end))
        return items

    def neighbours(self, s: Sentence, before: int = 1, after: int = 1) -> list[Sentence]:
        """The sentences around s in its document (s included), in order."""
        doc = self.by_doc[s.doc_id]
        return doc[max(0, s.position - before): s.position + after + 1]
