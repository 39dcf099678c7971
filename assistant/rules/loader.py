"""Load corpus/rules/*.yaml and check every rule against the manifest and the documents' exact words."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.documents import read_text, read_yaml
from assistant.corpus.errors import CorpusError
from assistant.corpus.validation import validate_entries
from assistant.rules.rule import Rule
from assistant.types import Document

__all__ = ["load_rules", "DEFAULTS_FILE", "EXTERNAL_FILE"]

DEFAULTS_FILE = "defaults.yaml"
EXTERNAL_FILE = "external.yaml"


def load_rules(rules_dir: Path, documents: list[Document], policies_dir: Path) -> list[Rule]:
    """All rules, file by file (sorted by name); CorpusError names file, entry and field on any fault."""
    if not rules_dir.is_dir():
        raise CorpusError(f"{rules_dir}: 规则目录不存在")
    by_id = {d.id: d for d in documents}
    texts: dict[str, str] = {}
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    for path in sorted(rules_dir.glob("*.yaml")):
        for rule in _load_file(path, by_id):
            if rule.id in seen:
                raise CorpusError(f"{path}: 条目 {rule.id}: 字段 id: 与 {seen[rule.id].name} 中的规则重复")
            seen[rule.id] = path
            if rule.source is not None:
                doc = by_id[rule.source.doc_id]
                if doc.id not in texts:
                    texts[doc.id] = read_text(policies_dir, doc)
                if rule.source.quote not in texts[doc.id]:
                    raise CorpusError(f"{path}: 条目 {rule.id}: 字段 source.quote: 在 {doc.id} 原文中找不到这段引文")
            rules.append(rule)
    if not rules:
        raise CorpusError(f"{rules_dir}: 没有任何规则文件")
    return rules


def _load_file(path: Path, documents: dict[str, Document]) -> list[Rule]:
    """One rules file: `document` (a manifest id, or null for defaults/external) and its `rules` list."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise CorpusError(f"{path}: 缺少 rules 列表")
    if "document" not in data:
        raise CorpusError(f"{path}: 缺少 document 字段（文件 id，默认/外部规则写 null）")
    doc_id = data["document"]
    doc = None
    if doc_id is not None:
        doc = documents.get(str(doc_id))
        if doc is None:
            raise CorpusError(f"{path}: 字段 document: manifest 中没有文件 {doc_id}")
    elif path.name not in (DEFAULTS_FILE, EXTERNAL_FILE):
        raise CorpusError(f"{path}: 字段 document: 只有 {DEFAULTS_FILE} 和 {EXTERNAL_FILE} 可以不指定文件")
    out = []
    for entry, rule in validate_entries(path, data["rules"], Rule, "id"):
        _check_origin(path, entry, rule, doc)
        out.append(rule)
    return out


def _check_origin(path: Path, entry: str, rule: Rule, doc: Document | None) -> None:
    """A document's rule carries that document's id, region and programme; the others carry no source."""
    def fail(field: str, why: str) -> None:
        raise CorpusError(f"{path}: 条目 {entry}: 字段 {field}: {why}")

    if doc is not None:
        if rule.source is None:
            fail("source", f"须引用 {doc.id} 的原文（doc_id + quote）")
        if rule.source.doc_id != doc.id:
            fail("source.doc_id", f"应为 {doc.id}")
        if rule.region != doc.region:
            fail("region", f"应为文件的地区 {doc.region}")
        if rule.program != doc.program:
            fail("program", f"应为文件的项目版本 {doc.program}")
        if rule.kind == "default":
            fail("kind", "文件规则不能是 default")
        return
    if rule.source is not None:
        fail("source", "默认/外部规则不能引用语料原文")
    if path.name == DEFAULTS_FILE and rule.kind != "default":
        fail("kind", "defaults.yaml 中只能是 default")
    if path.name == EXTERNAL_FILE and (rule.kind == "default" or not rule.reference):
        fail("reference", "外部规则须写 reference（如 教师〔2019〕1号），且不能是 default")
