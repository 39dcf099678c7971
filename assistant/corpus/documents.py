"""Policy documents: the manifest and the texts it names."""

from __future__ import annotations

from pathlib import Path

import yaml
from assistant.corpus.errors import CorpusError
from assistant.corpus.validation import validate_entries
from assistant.types import Document

__all__ = ["MANIFEST", "load_documents", "read_text"]

MANIFEST = "manifest.yaml"


def read_yaml(path: Path) -> object:
    """Parse a YAML file, turning every failure into a CorpusError that names the file."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise CorpusError(f"{path}: 文件不存在") from e
    except UnicodeDecodeError as e:
        raise CorpusError(f"{path}: 不是 UTF-8 文本") from e
    except yaml.YAMLError as e:
        raise CorpusError(f"{path}: YAML 格式错误：{e}") from e


def load_documents(policies_dir: Path) -> list[Document]:
    """Validate manifest.yaml and check that each file it names exists and is readable."""
    path = policies_dir / MANIFEST
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise CorpusError(f"{path}: 缺少 documents 列表")
    docs: list[Document] = []
    for entry, doc in validate_entries(path, data["documents"], Document, "id"):
        text_path = policies_dir / doc.file
        if not text_path.is_file():
            raise CorpusError(f"{path}: 条目 {entry}: 字段 file: 找不到文件 {text_path}")
        docs.append(doc)
    return docs


def read_text(policies_dir: Path, doc: Document) -> str:
    """The document's full text, exactly as stored (offsets index into this string)."""
    try:
        return (policies_dir / doc.file).read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise CorpusError(f"{policies_dir / doc.file}: 不是 UTF-8 文本") from e
