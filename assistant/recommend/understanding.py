"""Reading a teacher's own words: environment, subject, 学段, region, explicit requests and the needs behind them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.recommend.cues import CueTable, Match, Need, normalize
from assistant.timing import timed
from assistant.types import ENVIRONMENTS, Ability

__all__ = ["Clause", "NeedHit", "Understanding", "understand", "split_clauses", "ENV_RANK"]

ENV_RANK = {env: i for i, env in enumerate(ENVIRONMENTS)}
_SPLIT = re.compile(r"[，。；！？,.;!?\n\r…]+|(?:但是|可是|不过|而且|另外|还有就是|同时|但)")
_CODE = re.compile(r"(?<![A-Za-z0-9])([ABCabc])\s?(1[0-3]|[1-9])(?![0-9]|纸|版|类)")
_LETTER = re.compile(r"(?<![A-Za-z0-9])([ABCabc])\s?类")
_NUM = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_COUNT = re.compile(r"(?:选|报|挑|选择|选了|报了|定)\s*([一两二三四五六\d])\s*个|([一两二三四五六\d])\s*个(?:微能力|能力点|点)")
_FILLER = set("我们是在的有一所个学校老师教师任教教带班级上课里这那个所位名目前现在想选和与及要只就能力点微")


@dataclass(frozen=True)
class Clause:
    """A piece of the text between punctuation; context clauses only say who and where the teacher is."""

    text: str
    start: int
    end: int
    context: bool = False


@dataclass(frozen=True)
class NeedHit:
    """A need found in the text through one of its cues, with the teacher's clause that shows it."""

    need: Need
    words: str
    clause: str


@dataclass
class Understanding:
    """Everything read from one text; None means the text did not say."""

    text: str
    clauses: list[Clause]
    environment: str | None = None
    environment_words: list[str] = field(default_factory=list)
    environment_cap: str | None = None
    cap_words: list[str] = field(default_factory=list)
    subject: str | None = None
    grade: str | None = None
    stage: str | None = None
    regions: list[str] = field(default_factory=list)
    needs: list[NeedHit] = field(default_factory=list)
    requested_codes: list[str] = field(default_factory=list)
    requested_letters: list[str] = field(default_factory=list)
    requested_count: int | None = None
    named_codes: list[str] = field(default_factory=list)

    @property
    def need_clauses(self) -> list[str]:
        """The clauses that may describe a gap (context-only clauses removed)."""
        return [c.text for c in self.clauses if not c.context]

    @property
    def region(self) -> str | None:
        """The region the text names (the last one when it names several)."""
        return self.regions[-1] if self.regions else None


def split_clauses(text: str) -> list[Clause]:
    """Split on punctuation and turning words; tiny fragments are dropped."""
    out: list[Clause] = []
    pos = 0
    for m in [*_SPLIT.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[pos:end]
        stripped = piece.strip()
        if len(stripped) >= 2:
            start = pos + piece.index(stripped)
            out.append(Clause(stripped, start, start + len(stripped)))
        pos = m.end() if m else len(text)
    return out


def _environment(table: CueTable, norm: str, u: Understanding) -> None:
    found = table.environments(norm)
    limits = table.limits(norm)
    if limits:
        u.environment_cap = min((m.key for m in limits), key=ENV_RANK.__getitem__)
        u.cap_words = [m.words for m in limits]
    # A richer school still has the simpler devices, so the richest environment mentioned wins, under the cap.
    envs = [m.key for m in found]
    if u.environment_cap:
        envs = [e for e in envs if ENV_RANK[e] <= ENV_RANK[u.environment_cap]] or [u.environment_cap]
    if envs:
        u.environment = max(envs, key=ENV_RANK.__getitem__)
        u.environment_words = [m.words for m in found if m.key == u.environment] or u.cap_words


def _profile(table: CueTable, norm: str, u: Understanding) -> list[Match]:
    subjects, grades, stages = table.subjects(norm), table.grades(norm), table.stages(norm)
    if subjects:
        u.subject = subjects[0].key
    if grades:
        u.grade = grades[0].key
        u.stage = u.grade[:2]
    elif stages:
        u.stage = stages[0].key
    return subjects + grades + stages


def _regions(norm: str, gazetteer) -> list[Match]:
    if gazetteer is None:
        return []
    out = []
    for start, end, region in gazetteer.find(norm):
        if region.canonical and not region.is_national:
            out.append(Match(region.canonical, norm[start:end], start, end, norm[start:end]))
    return out


def _requests(text: str, abilities: list[Ability], u: Understanding) -> list[Match]:
    codes = {a.code for a in abilities}
    spans: list[Match] = []
    for m in _CODE.finditer(text):
        code = m.group(1).upper() + m.group(2)
        if code in codes:
            spans.append(Match(code, m.group(0), m.start(), m.end(), m.group(0)))
            if code not in u.requested_codes:
                u.requested_codes.append(code)
    for m in _LETTER.finditer(text):
        spans.append(Match(m.group(1).upper(), m.group(0), m.start(), m.end(), m.group(0)))
    u.requested_letters = sorted({m.group(1).upper() for m in _LETTER.finditer(text)})
    count = _COUNT.search(text)
    if count:
        digit = count.group(1) or count.group(2)
        u.requested_count = int(digit) if digit.isdigit() else _NUM[digit]
        spans.append(Match("count", count.group(0), count.start(), count.end(), count.group(0)))
    for a in abilities:
        if any(normalize(n) in text for n in (a.name, *a.aliases)) and a.code not in u.named_codes:
            u.named_codes.append(a.code)
    return spans


def _mark_context(clauses: list[Clause], spans: list[Match], need_spans: list[Match]) -> list[Clause]:
    out = []
    for c in clauses:
        inside = [m for m in spans if c.start <= m.start and m.end <= c.end]
        has_need = any(c.start <= m.start < c.end for m in need_spans)
        if inside and not has_need:
            rest = list(c.text)
            for m in inside:
                for i in range(m.start - c.start, m.end - c.start):
                    rest[i] = ""
            residue = [ch for ch in rest if ch and ch not in _FILLER and not ch.isspace()]
            out.append(Clause(c.text, c.start, c.end, context=len(residue) <= 4))
        else:
            out.append(c)
    return out


@timed("understand")
def understand(text: str, table: CueTable, abilities: list[Ability], gazetteer=None) -> Understanding:
    """Read environment, subject, grade, region, requests and needs from a teacher's text (no model calls)."""
    norm, where = _normalized(text)
    u = Understanding(text=text, clauses=[])
    _environment(table, norm, u)
    own = {m.words: _original(text, where, m.start, m.end) for m in table.environments(norm) + table.limits(norm)}
    u.environment_words = [own.get(w, w) for w in u.environment_words]
    u.cap_words = [own.get(w, w) for w in u.cap_words]
    profile = _profile(table, norm, u)
    regions = _regions(norm, gazetteer)
    u.regions = list(dict.fromkeys(m.key for m in regions))
    requests = _requests(norm, abilities, u)
    hits = table.needs_in(norm)
    env_spans = table.environments(norm) + table.limits(norm)
    clauses = split_clauses(norm)
    u.clauses = _mark_context(clauses, env_spans + profile + regions + requests, [m for _, m in hits])
    for need, m in hits:
        clause = next((c for c in u.clauses if c.start <= m.start < c.end), None)
        quote = _original(text, where, clause.start, clause.end) if clause else m.words
        u.needs.append(NeedHit(need, m.words, quote))
    u.clauses = [Clause(_original(text, where, c.start, c.end), c.start, c.end, c.context) for c in u.clauses]
    return u


def _normalized(raw: str) -> tuple[str, list[int]]:
    """NFKC + lower case, character by character, with the raw index of every normalised character."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(raw):
        piece = normalize(ch)
        out.append(piece)
        where.extend([i] * len(piece))
    return "".join(out), where


def _original(raw: str, where: list[int], start: int, end: int) -> str:
    """The teacher's own spelling of a normalised span (ＰＰＴ stays ＰＰＴ, … stays …)."""
    if start >= end or end > len(where):
        return ""
    return raw[where[start]:where[end - 1] + 1]
