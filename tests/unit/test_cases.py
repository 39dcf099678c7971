"""The case library loader: the real library loads; malformed files fail naming file, entry and field."""

import pytest

from assistant.corpus import CorpusError
from assistant.corpus.cases import SECTIONS, Case, load_cases, parse_case
from tests.conftest import CORPUS

GOOD_FRONT = """---
id: case-900
title: 测试案例标题
points: [A1, B1]
subject: 数学
grade: 初中一年级
stage: 初中
environment: 混合
tools: [问卷星]
illustrative: true
---
"""
GOOD_BODY = "".join(f"## {s}\n{s}的内容。\n\n" for s in SECTIONS)


def _write(tmp_path, text, name="case-900.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_library_loads_with_sections_and_references():
    cases = load_cases(CORPUS / "cases")
    assert len(cases) >= 60
    assert [c.id for c in cases] == sorted(c.id for c in cases)
    first = cases[0]
    assert isinstance(first, Case) and first.id == "case-001"
    assert set(SECTIONS) <= set(first.sections)
    assert first.file.endswith("case-001.md") and first.body.startswith("## 情境")
    ref = {"id": "case-001", "title": first.title, "subject": first.subject, "grade": first.grade}
    assert first.to_ref() == ref
    codes = {p for c in cases for p in c.points}
    assert len(codes) == 30, "every micro-ability has at least one case"


def test_a_good_file_parses(tmp_path):
    case = parse_case(_write(tmp_path, GOOD_FRONT + GOOD_BODY))
    assert case.points == ("A1", "B1") and case.environment == "混合" and case.tools == ("问卷星",)
    assert case.sections["反思要点"] == "反思要点的内容。"


BAD = [
    ("no front matter", GOOD_BODY, "front matter"),
    ("broken yaml", GOOD_FRONT.replace("points: [A1, B1]", "points: [A1, B1"), "YAML"),
    ("front matter not a mapping", "---\n- a\n- b\n---\n" + GOOD_BODY, "键值对"),
    ("missing title", GOOD_FRONT.replace("title: 测试案例标题\n", "") + GOOD_BODY, "字段 title"),
    ("unknown point", GOOD_FRONT.replace("[A1, B1]", "[A1, A14]") + GOOD_BODY, "字段 points"),
    ("legacy code", GOOD_FRONT.replace("[A1, B1]", "[T11]") + GOOD_BODY, "字段 points"),
    ("empty points", GOOD_FRONT.replace("[A1, B1]", "[]") + GOOD_BODY, "字段 points"),
    ("bad environment", GOOD_FRONT.replace("混合", "5G") + GOOD_BODY, "字段 environment"),
    ("bad stage", GOOD_FRONT.replace("stage: 初中", "stage: 大学") + GOOD_BODY, "字段 stage"),
    ("unknown field", GOOD_FRONT.replace("tools:", "owner: x\ntools:") + GOOD_BODY, "字段 owner"),
    ("reserved field", GOOD_FRONT.replace("tools:", "body: x\ntools:") + GOOD_BODY, "字段 body"),
    ("missing section", GOOD_FRONT + GOOD_BODY.replace("## 反思要点", "## 其他"), "反思要点"),
    ("id differs from file", GOOD_FRONT.replace("case-900", "case-901") + GOOD_BODY, "字段 id"),
]


@pytest.mark.parametrize("label,text,field", BAD, ids=[b[0] for b in BAD])
def test_malformed_files_name_file_entry_and_field(tmp_path, label, text, field):
    path = _write(tmp_path, text)
    with pytest.raises(CorpusError) as err:
        parse_case(path)
    message = str(err.value)
    assert str(path) in message and field in message
    assert "条目" in message


def test_missing_directory_and_non_utf8(tmp_path):
    with pytest.raises(CorpusError, match="不存在"):
        load_cases(tmp_path / "nope")
    (tmp_path / "case-900.md").write_bytes("---\nid: 案例\n".encode("gbk"))
    with pytest.raises(CorpusError, match="UTF-8"):
        load_cases(tmp_path)
