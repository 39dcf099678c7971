"""A trainer's own documents: ingest (text, manifest, region, candidate rules) and removal, as one locked change.

The CLI (`advisor ingest`, `advisor documents remove`), the API (`POST /v1/documents`, `DELETE /v1/documents/{id}`)
and the UI all call these, so they behave alike: a bad file changes nothing; an acknowledged change is on disk.

Usage:
    result = ingest_document(Path("corpus"), Path("鼓楼区方案.docx"), "南京市鼓楼区")
    result.document.id, result.region.chain, len(result.candidates)
    remove_document(Path("corpus"), result.document.id)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.corpus.abilities import load_abilities
from assistant.corpus.documents import MANIFEST, load_documents
from assistant.corpus.errors import NotFound
from assistant.corpus.ingest import _add_locked, write_atomic, corpus_lock, extract_text, level_for_depth
from assistant.rules.catalogue import Catalogue
from assistant.rules.extract import propose
from assistant.rules.gazetteer import Gazetteer, Region, learn_place
from assistant.rules.review import Candidate, ReviewQueue
from assistant.types import Document

__all__ = ["IngestResult", "ingest_document", "remove_document", "check_region", "extract_again"]


@dataclass
class IngestResult:
    """What an ingest did: the document, its region (and whether the region was newly registered), candidates."""

    document: Document
    region: Region
    learned_region: bool
    candidates: list[Candidate] = field(default_factory=list)

    def to_json(self) -> dict:
        """The document's manifest fields, then its region chain, whether the region was new, its candidates."""
        return {**self.document.model_dump(), "chain": self.region.chain, "learned_region": self.learned_region,
                "candidates": [c.to_json() for c in self.candidates]}


def check_region(corpus_dir: Path, name: str, text: str | None = None) -> tuple[Region, dict | None]:
    """The region a document is for, known or to be registered (a bare county is placed under the city its
    text names); a ValueError says what is wrong."""
    return Gazetteer.load(Path(corpus_dir) / "regions.yaml").propose(name, text)


def ingest_document(corpus_dir: Path, source: Path, region: str, program: str = "2.0", title: str | None = None,
                    doc_id: str | None = None, issuer: str | None = None, doc_no: str | None = None,
                    date: str | None = None, supersedes: str | None = None,
                    text: str | None = None) -> IngestResult:
    """Add one file: read it, register its district if new, write text and manifest, propose its rules. All
    checks run before anything is written; the writes happen under the corpus lock."""
    corpus_dir = Path(corpus_dir)
    if program not in ("1.0", "2.0"):
        raise ValueError(f"program 只能是 1.0 或 2.0，收到：{program}")
    text = extract_text(Path(source)) if text is None else text
    place, entry = check_region(corpus_dir, region, text)
    level = level_for_depth(len(place.chain))
    catalogue = Catalogue(load_abilities(corpus_dir / "micro_abilities.yaml"))
    policies = corpus_dir / "policies"
    with corpus_lock(policies):
        if entry is not None:
            learn_place(corpus_dir / "regions.yaml", entry)
        doc = _add_locked(policies, Path(source), text, place.canonical, program, level, title, doc_id, issuer,
                          doc_no, date, supersedes)
        candidates = ReviewQueue(corpus_dir).store_proposals(doc, propose(text, doc, catalogue))
    return IngestResult(doc, place, entry is not None, candidates)


def extract_again(corpus_dir: Path, doc_id: str) -> list[Candidate]:
    """Propose a document's rules afresh (the queue is replaced; accepted rules stay until rejected)."""
    from assistant.corpus.documents import read_text

    corpus_dir = Path(corpus_dir)
    policies = corpus_dir / "policies"
    doc = next((d for d in load_documents(policies) if d.id == doc_id), None)
    if doc is None:
        raise NotFound(f"没有编号为 {doc_id} 的文件")
    catalogue = Catalogue(load_abilities(corpus_dir / "micro_abilities.yaml"))
    with corpus_lock(policies):
        return ReviewQueue(corpus_dir).store_proposals(doc, propose(read_text(policies, doc), doc, catalogue))


def remove_document(corpus_dir: Path, doc_id: str) -> Document:
    """Remove an ingested document: its manifest entry, text, candidates and accepted rules. Shipped documents
    cannot be removed, nor one another document supersedes or a curated rule cites."""
    corpus_dir = Path(corpus_dir)
    policies = corpus_dir / "policies"
    with corpus_lock(policies):
        docs = load_documents(policies)
        doc = next((d for d in docs if d.id == doc_id), None)
        if doc is None:
            raise NotFound(f"没有编号为 {doc_id} 的文件（用 advisor documents list 查看）")
        if doc.origin != "ingested":
            raise ValueError(f"《{doc.title}》是随系统提供的文件，不能删除")
        newer = [d for d in docs if d.supersedes == doc_id]
        if newer:
            raise ValueError(f"《{doc.title}》已被《{newer[0].title}》取代，请先删除后者")
        manifest = policies / MANIFEST
        raw = manifest.read_text(encoding="utf-8")
        data = yaml.safe_load(raw)
        head = "".join(line + "\n" for line in raw.splitlines() if line.startswith("#"))
        data["documents"] = [e for e in data.get("documents", []) if e.get("id") != doc_id]
        body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
        # Manifest first: once it no longer names the document, the rest is unreferenced and can go.
        write_atomic(manifest, head + body)
        (policies / doc.file).unlink(missing_ok=True)
        ReviewQueue(corpus_dir).forget_document(doc_id)
    return doc


