"""The cue table (corpus/recommend_cues.yaml): everyday words → environment, subject, grade and needs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.corpus.documents import read_yaml
from assistant.corpus.errors import CorpusError, describe_validation
from assistant.corpus.cases import POINT_CODES
from assistant.types import DIMENSIONS, ENVIRONMENTS, Environment

__all__ = ["CueTable", "Need", "Match", "load_cues", "normalize", "DEFAULT_CUES_PATH"]

DEFAULT_CUES_PATH = Path(__file__).resolve().parents[2] / "corpus" / "recommend_cues.yaml"
_GAP = ".{0,8}?"


def normalize(text: str) -> str:
    """NFKC and lower case: full-width letters and digits become ASCII, PPT matches ppt."""
    return unicodedata.normalize("NFKC", text).lower()


def _compile(cue: str) -> re.Pattern:
    parts = [re.escape(normalize(p)) for p in cue.split("*")]
    return re.compile(_GAP.join(parts))


def _nonempty(cues: list[str]) -> list[str]:
    if any(not c.strip() or c.strip("*") != c for c in cues):
        raise ValueError("线索不能为空，也不能以 * 开头或结尾")
    return cues


class _EnvCues(BaseModel):
    model_config = ConfigDict(extra="forbid")
    environment: Environment
    cues: list[str] = Field(min_length=1)
    _check = field_validator("cues")(_nonempty)


class _Limit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    at_most: Environment
    cues: list[str] = Field(min_length=1)
    _check = field_validator("cues")(_nonempty)


class Need(BaseModel):
    """A need behind the words: a label, its dimension, weighted points and the words that reveal it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    need: str = Field(min_length=2)
    dimension: str
    points: dict[str, float] = Field(min_length=1)
    cues: list[str] = Field(min_length=1)
    multi_subject: bool = False
    _check = field_validator("cues")(_nonempty)

    @field_validator("dimension")
    @classmethod
    def _dimension(cls, v: str) -> str:
        if v not in DIMENSIONS:
            raise ValueError(f"维度只能是 {'、'.join(DIMENSIONS)}")
        return v

    @field_validator("points")
    @classmethod
    def _points(cls, v: dict[str, float]) -> dict[str, float]:
        bad = [k for k in v if k not in POINT_CODES]
        if bad:
            raise ValueError(f"未知的微能力点编号：{'、'.join(bad)}")
        if any(not 0 < w <= 1 for w in v.values()):
            raise ValueError("权重须在 (0, 1] 之间")
        return v


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    environments: list[_EnvCues]
    limits: list[_Limit] = Field(default_factory=list)
    negations: list[str] = Field(default_factory=list)
    joining: list[str] = Field(default_factory=list)
    subjects: dict[str, list[str]]
    grades: dict[str, list[str]]
    not_grades: list[str] = Field(default_factory=list)
    stages: dict[str, list[str]]
    needs: list[Need] = Field(min_length=1)
    focus: dict[str, str]
    priors: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> "_File":
        missing = sorted(POINT_CODES - set(self.focus), key=lambda c: (c[0], int(c[1:])))
        if missing:
            raise ValueError(f"focus 缺少微能力点：{'、'.join(missing)}")
        bad = [k for k in self.priors if k not in POINT_CODES]
        if bad:
            raise ValueError(f"priors 中有未知编号：{'、'.join(bad)}")
        return self


@dataclass(frozen=True)
class Match:
    """One cue found in the (normalised) text: which table entry, where, and the words matched."""

    key: str
    cue: str
    start: int
    end: int
    words: str


class CueTable:
    """Compiled cue table; every finder returns non-overlapping matches, longest first."""

    def __init__(self, data: _File) -> None:
        self.needs: list[Need] = list(data.needs)
        self.focus = dict(data.focus)
        self.priors = dict(data.priors)
        self.negations = sorted({normalize(n) for n in data.negations}, key=len, reverse=True)
        self.joining = [normalize(j) for j in data.joining]
        self._env = [(e.environment, c, _compile(c)) for e in data.environments for c in e.cues]
        self._limits = [(lim.at_most, c, _compile(c)) for lim in data.limits for c in lim.cues]
        self._subjects = [(s, a, _compile(a)) for s, aliases in data.subjects.items() for a in [s, *aliases]]
        self._grades = [(g, a, _compile(a)) for g, aliases in data.grades.items() for a in [g, *aliases]]
        self._not_grades = [("", w, _compile(w)) for w in data.not_grades]
        self._stages = [(s, a, _compile(a)) for s, aliases in data.stages.items() for a in [s, *aliases]]
        self._needs = [(str(i), c, _compile(c)) for i, n in enumerate(self.needs) for c in n.cues]

    @staticmethod
    def _find(text: str, table: list[tuple[str, str, re.Pattern]]) -> list[Match]:
        found = [Match(key, cue, m.start(), m.end(), m.group(0))
                 for key, cue, pattern in table for m in pattern.finditer(text)]
        # A longer match owns its span: 演示文稿 is a slide deck, not a demonstration (演示).
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        kept: list[Match] = []
        for m in found:
            if not any(k.start <= m.start and m.end <= k.end for k in kept):
                kept.append(m)
        return sorted(kept, key=lambda m: (m.start, m.key))

    def negated(self, text: str, m: Match) -> bool:
        """True when a negation word sits just before the match (没有机房, 不是智慧教室)."""
        before = text[max(0, m.start - 4):m.start]
        return any(before.endswith(n) or n in before[-3:] for n in self.negations)

    def environments(self, text: str) -> list[Match]:
        """Environment cues, negated ones dropped."""
        return [m for m in self._find(text, self._env) if not self.negated(text, m)]

    def limits(self, text: str) -> list[Match]:
        """Cues that cap the environment (没有网络 → at most 多媒体)."""
        return self._find(text, self._limits)

    def subjects(self, text: str) -> list[Match]:
        """Subject cues, keyed by the canonical subject."""
        return self._find(text, self._subjects)

    def grades(self, text: str) -> list[Match]:
        """Grade cues, keyed by the canonical grade (初中二年级); 提高一下 is not 高一."""
        blocked = [(m.start(), m.end()) for _, _, p in self._not_grades for m in p.finditer(text)]
        return [m for m in self._find(text, self._grades)
                if not any(s < m.end and m.start < e for s, e in blocked)]

    def stages(self, text: str) -> list[Match]:
        """Stage cues (小学/初中/高中)."""
        return self._find(text, self._stages)

    def needs_in(self, text: str) -> list[tuple[Need, Match]]:
        """Need cues with the need each belongs to; two subjects joined in a clause reveal a multi-subject need."""
        found = [(self.needs[int(m.key)], m) for m in self._find(text, self._needs)]
        multi = [n for n in self.needs if n.multi_subject and not any(f[0] is n for f in found)]
        if multi and self.joining:
            for piece in re.finditer(r"[^，。；！？,.;!?\n]+", text):
                subjects = {m.key for m in self._find(piece.group(0), self._subjects)}
                join = next((j for j in self.joining if j in piece.group(0)), None)
                if len(subjects) >= 2 and join:
                    at = piece.start() + piece.group(0).index(join)
                    found += [(n, Match("multi", join, at, at + len(join), join)) for n in multi]
                    break
        return found


def _entry(data: object, error: ValidationError) -> str:
    """The failing entry: a section name, or section[index]（need or environment label）."""
    loc = error.errors()[0]["loc"] if error.errors() else ()
    if not loc:
        return "(整个文件)"
    section = str(loc[0])
    items = data.get(section) if isinstance(data, dict) else None
    if len(loc) < 2 or not isinstance(loc[1], int) or not isinstance(items, list) or loc[1] >= len(items):
        return section
    raw = items[loc[1]]
    label = (raw.get("need") or raw.get("environment")) if isinstance(raw, dict) else None
    return f"{section}[{loc[1]}]" + (f"（{label}）" if label else "")


def load_cues(path: Path = DEFAULT_CUES_PATH) -> CueTable:
    """Validate and compile the cue table; a malformed file is a CorpusError naming file, entry and field."""
    data = read_yaml(Path(path))
    try:
        parsed = _File.model_validate(data)
    except ValidationError as e:
        raise CorpusError(describe_validation(str(path), _entry(data, e), e)) from e
    if set(ENVIRONMENTS) - {e.environment for e in parsed.environments}:
        raise CorpusError(f"{path}: 条目 environments: 字段 environment: 三种环境都要有线索")
    return CueTable(parsed)
