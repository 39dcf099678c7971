"""Split blind evaluation items into dev and test by document section, so near-duplicates cannot straddle.

Every item is keyed by where its first source sits: the document and the first two levels of the heading path
(`二、实施流程 › （六）分级监管测评`), a catalogue row, a case, or the external references. Items without a source
(refusals) are keyed by themselves. Keys are ordered by a SHA-256 of the key and dealt greedily to whichever
split holds fewer items, so the result is deterministic and close to half and half.

The test split is frozen: `tests/golden/test_frozen_splits.py` records its SHA-256, and it is never read item
by item while the mechanism changes (see ../shared/EVALUATION.md).

Usage:
    python -m evals.splits qa    IN1.jsonl [IN2.jsonl …] --out evals/datasets/qa_blind
    python -m evals.splits faith IN1.jsonl [IN2.jsonl …] --out evals/datasets/faithfulness_blind
    # writes <out>_dev.jsonl and <out>_test.jsonl and prints the test file's SHA-256
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

from assistant.chunking.headings import detect_heading
from assistant.chunking.structure import open_heading, split_sentences
from assistant.settings import ROOT

__all__ = ["section_key", "split_items", "sha256_of", "main"]

_POLICIES = ROOT / "corpus" / "policies"
_CATALOGUE_CODE = re.compile(r"\|\s*([ABC]\d{1,2})\s*\|")


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _documents() -> dict[str, str]:
    import yaml

    manifest = yaml.safe_load((_POLICIES / "manifest.yaml").read_text(encoding="utf-8"))
    return {d["id"]: (_POLICIES / d["file"]).read_text(encoding="utf-8") for d in manifest["documents"]}


def _heading_paths(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """(line start offset, heading path in force there) for every line of a document."""
    stack: list = []
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        heading = detect_heading(line.rstrip("\r\n"))
        if heading:
            stack = open_heading(stack, heading)
        out.append((pos, tuple(h.label for h in stack)))
        pos += len(line)
    return out


def _locate(text: str, quote: str) -> int:
    """Offset in `text` where `quote` starts, whitespace aside; -1 when absent."""
    target = _squash(quote)
    if not target:
        return -1
    chars = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    flat = "".join(ch for _, ch in chars)
    k = flat.find(target)
    return chars[k][0] if k >= 0 else -1


def section_key(source: dict | None, docs: dict[str, str], item_id: str) -> str:
    """The section an item's source sits in (see the module docstring)."""
    if not source:
        return f"item:{item_id}"
    doc_id, quote = source.get("doc_id", ""), source.get("quote", "")
    if doc_id in docs:
        at = _locate(docs[doc_id], quote)
        if at < 0:
            return f"{doc_id}:?"
        path = ()
        for start, p in _heading_paths(docs[doc_id]):
            if start > at:
                break
            path = p
        return f"{doc_id}:{' › '.join(path[:2])}"
    if doc_id == "catalogue":
        m = _CATALOGUE_CODE.search(quote)
        return f"catalogue:{m[1]}" if m else f"catalogue:{_squash(quote)[:12]}"
    return doc_id or f"item:{item_id}"


def split_items(rows: list[dict], docs: dict[str, str], first_source=lambda r: (r.get("sources") or [None])[0]
                ) -> tuple[list[dict], list[dict], dict[str, str]]:
    """(dev, test, key of every section → split)."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(section_key(first_source(r), docs, r["id"]), []).append(r)
    order = sorted(groups, key=lambda k: hashlib.sha256(k.encode("utf-8")).hexdigest())
    dev: list[dict] = []
    test: list[dict] = []
    where: dict[str, str] = {}
    for key in order:
        target = dev if len(dev) <= len(test) else test
        target.extend(groups[key])
        where[key] = "dev" if target is dev else "test"
    by_id = lambda r: r["id"]  # noqa: E731
    return sorted(dev, key=by_id), sorted(test, key=by_id), where


def _faith_source(row: dict) -> dict:
    ctx = row["contexts"][0]
    body = re.sub(r"^《[^》]+》\s*\n", "", ctx)
    # A faithfulness pair is keyed by its first context's first sentence (the context may span a boundary).
    first = split_sentences(body)
    return {"doc_id": row["doc_id"], "quote": body[first[0][0]:first[0][1]] if first else body}


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=["qa", "faith"])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    rows = [json.loads(line) for p in args.inputs for line in p.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    docs = _documents()
    first = _faith_source if args.kind == "faith" else (lambda r: (r.get("sources") or [None])[0])
    dev, test, where = split_items(rows, docs, first)
    for name, part in (("dev", dev), ("test", test)):
        path = args.out.parent / f"{args.out.name}_{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
        print(f"{path}: {len(part)} items")
    sections = sum(1 for k in where if not k.startswith("item:"))
    print(f"{sections} sections (+{len(where) - sections} items without a source); "
          f"test SHA-256 {sha256_of(args.out.parent / f'{args.out.name}_test.jsonl')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
