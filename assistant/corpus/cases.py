"""The case library: corpus/cases/case-*.md, YAML front matter then ## sections."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.corpus.errors import CorpusError, describe_validation
from assistant.types import Environment

__all__ = ["Case", "load_cases", "parse_case", "SECTIONS", "POINT_CODES"]

SECTIONS = ("情境", "实施步骤", "形成的证据", "反思要点")
POINT_CODES = frozenset([f"A{i}" for i in range(1, 14)] + [f"B{i}" for i in range(1, 11)]
                        + [f"C{i}" for i in range(1, 8)])
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING = re.compile(r"^##[ \t]+(.+?)[ \t]*$", re.M)


class Case(BaseModel):
    """One classroom case: which micro-abilities it illustrates, where, and what was done."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^case-\d{3,}$")
    title: str = Field(min_length=2)
    points: tuple[str, ...] = Field(min_length=1)
    subject: str = Field(min_length=1)
    grade: str = Field(min_length=2)
    stage: Literal["小学", "初中", "高中"]
    environment: Environment
    tools: tuple[str, ...] = ()
    illustrative: bool = True
    body: str = ""
    sections: dict[str, str] = Field(default_factory=dict)
    file: str = ""

    @field_validator("points")
    @classmethod
    def _known_points(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [p for p in v if p not in POINT_CODES]
        if unknown:
            raise ValueError(f"未知的微能力点编号：{'、'.join(unknown)}（应为 A1–A13、B1–B10、C1–C7）")
        if len(set(v)) != len(v):
            raise ValueError("微能力点编号重复")
        return v

    @property
    def text(self) -> str:
        """Title and body as one passage (what the recommender embeds)."""
        return f"{self.title}\n{self.body}"

    def to_ref(self) -> dict:
        """The short public reference used in recommendations: {id, title, subject, grade}."""
        return {"id": self.id, "title": self.title, "subject": self.subject, "grade": self.grade}


def _sections(body: str) -> dict[str, str]:
    marks = list(_HEADING.finditer(body))
    out: dict[str, str] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        out[m.group(1)] = body[m.end():end].strip()
    return out


def parse_case(path: Path) -> Case:
    """Parse and validate one case file; any problem is a CorpusError naming file, entry and field."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise CorpusError(f"{path}: 不是 UTF-8 文本") from e
    except OSError as e:
        raise CorpusError(f"{path}: 无法读取：{e}") from e
    match = _FRONT.match(text.lstrip("\ufeff"))
    if not match:
        raise CorpusError(f"{path}: 条目 {path.stem}: 字段 (front matter): 缺少以 --- 包围的 YAML 头")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as e:
        raise CorpusError(f"{path}: 条目 {path.stem}: 字段 (front matter): YAML 格式错误：{e}") from e
    if not isinstance(meta, dict):
        raise CorpusError(f"{path}: 条目 {path.stem}: 字段 (front matter): 应为键值对")
    entry = str(meta.get("id") or path.stem)
    body = text.lstrip("\ufeff")[match.end():].strip()
    sections = _sections(body)
    missing = [s for s in SECTIONS if not sections.get(s)]
    if missing:
        raise CorpusError(f"{path}: 条目 {entry}: 字段 sections: 缺少或为空的小节：{'、'.join(missing)}")
    reserved = {"body", "sections", "file"} & set(meta)
    if reserved:
        raise CorpusError(f"{path}: 条目 {entry}: 字段 {sorted(reserved)[0]}: 不能写在 front matter 中")
    try:
        case = Case.model_validate({**meta, "body": body, "sections": sections, "file": str(path)})
    except ValidationError as e:
        raise CorpusError(describe_validation(str(path), entry, e)) from e
    if case.id != path.stem:
        raise CorpusError(f"{path}: 条目 {entry}: 字段 id: 与文件名 {path.stem} 不一致")
    return case


def load_cases(cases_dir: Path) -> list[Case]:
    """Every case-*.md under cases_dir, sorted by id; ids must be unique."""
    cases_dir = Path(cases_dir)
    if not cases_dir.is_dir():
        raise CorpusError(f"{cases_dir}: 案例目录不存在")
    cases = [parse_case(p) for p in sorted(cases_dir.glob("case-*.md"))]
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise CorpusError(f"{case.file}: 条目 {case.id}: 字段 id: 重复的案例 id")
        seen.add(case.id)
    return sorted(cases, key=lambda c: c.id)
