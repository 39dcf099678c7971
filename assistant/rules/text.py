"""Check free text: each claim (number, share, date, point, 文号) against the facts governing its region."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from assistant.rules.catalogue import Catalogue
from assistant.rules.claims import DOC_NO, doc_no_key, extract_claims
from assistant.rules.cues import clause_bounds, cue_topics, unit_family
from assistant.rules.gazetteer import NATIONAL, Region
from assistant.rules.jurisdiction import Jurisdiction
from assistant.rules.numbers import normalize_text
from assistant.rules.results import Claim, TextReport
from assistant.rules.rule import Rule, bounds
from assistant.types import Document, Verdict, Violation

__all__ = ["Scope", "check_text", "fits", "comparable", "READINGS"]

_SENTENCE = re.compile(r"[^。！？!?\n；;]+[。！？!?\n；;]?")
_EPS = 1e-6
_HEADING = 10
READINGS = {"statement": "按“文件怎么规定”核对：数字须与规定一致",
            "plan": "按“个人或学校的计划”核对：满足规定的下限或上限即可"}
_LIST = re.compile(r"[、和及与\s]*")
_DATE_KEYS = ("year", "month", "day", "months", "years")


@dataclass(frozen=True)
class Scope:
    """The governing rules of one region and programme, and the other programme's rules of its chain."""

    jurisdiction: Jurisdiction
    rules: list[Rule]
    others: list[Rule]


def comparable(rule: Rule, claim: Claim) -> bool:
    """Whether the rule states a figure of the claim's kind (学时 with 学时, a share with a share, a date …)."""
    if claim.kind == "date":
        return any(k in rule.params for k in _DATE_KEYS)
    if unit_family(rule.params.get("unit")) != unit_family(claim.unit):
        return False
    return bounds(rule) != (None, None) or "values" in rule.params


def _percent(rule: Rule, v: float) -> float:
    return v * 100 if rule.params.get("unit") == "比例" else v


def fits(rule: Rule, claim: Claim, strict: bool = True) -> bool:
    """True when the claim agrees with the rule. Stated as a requirement (strict) the figure must be the rule's
    own (or inside its range); stated plainly (选3个, 学习60学时) it only has to satisfy the rule."""
    if claim.kind == "date":
        return _date_fits(rule.params, claim.value)
    lo, hi = bounds(rule)
    lo = None if lo is None else _percent(rule, lo)
    hi = None if hi is None else _percent(rule, hi)
    figures = [f for f in (lo, hi) if f is not None] + [float(x) for x in rule.params.get("values", [])]
    if isinstance(claim.value, list):
        a, b = claim.value
        return (lo is not None and hi is not None and lo - _EPS <= a and b <= hi + _EPS) or (
            len(figures) >= 2 and abs(a - min(figures)) < _EPS and abs(b - max(figures)) < _EPS)
    v = float(claim.value)
    if any(abs(v - f) < 0.01 for f in figures):
        return True
    if strict or (lo is None and hi is None):
        return lo is not None and hi is not None and lo < hi and lo - _EPS <= v <= hi + _EPS
    if lo is not None and lo == hi and rule.params.get("unit") == "学时":
        hi = None  # as in the hours check: an exact credit must be reached, more is allowed but not credited
    return (lo is None or v >= lo - _EPS) and (hi is None or v <= hi + _EPS)


def _date_fits(params: dict, value: dict) -> bool:
    if "years" in value:
        span = params.get("years") or ([params["year"]] * 2 if "year" in params else None)
        return bool(span) and [int(span[0]), int(span[-1])] == value["years"]
    checks = []
    if "year" in value and ("year" in params or "years" in params):
        years = params.get("years") or [params["year"]] * 2
        checks.append(int(years[0]) <= value["year"] <= int(years[-1]))
    if "month" in value and ("month" in params or "months" in params):
        months = params.get("months") or [params["month"]] * 2
        checks.append(int(months[0]) <= value["month"] <= int(months[-1]))
    if "day" in value and "day" in params:
        checks.append(value["day"] == params["day"])
    return bool(checks) and all(checks)


class _Judge:
    """Judges the claims of one text; keeps the violations, notes and rules it used."""

    def __init__(self, program: str | None, catalogue: Catalogue, all_rules: list[Rule],
                 documents: list[Document]) -> None:
        self.program = program
        self.catalogue = catalogue
        self.all_rules = all_rules
        self.violations: list[Violation] = []
        self.applied: list[str] = []
        self.notes: list[str] = []
        self.by_topic = {r.topic: r for r in reversed(all_rules)}
        self.known: dict[str, list[Rule | Document]] = {}
        for r in all_rules:
            if "doc_no" in r.params:
                self.known.setdefault(self._key(r.params["doc_no"]), []).append(r)
        for d in documents:
            if d.doc_no:
                self.known.setdefault(self._key(d.doc_no), []).append(d)

    @staticmethod
    def _key(doc_no: str) -> str:
        m = DOC_NO.search(normalize_text(doc_no))
        return doc_no_key(m[1], m[2], m[3]) if m else doc_no

    def use(self, claim: Claim, status: str, rule: Rule | None) -> Claim:
        if rule is not None:
            self.applied.append(rule.id)
        if rule is None:
            return claim.model_copy(update={"status": status})
        update = {"status": status, "rule_id": rule.id, "quote": rule.quote, "doc_id": rule.doc_id}
        if claim.topic is not None:
            update["topic"] = rule.topic
        return claim.model_copy(update=update)

    def number(self, claim: Claim, sentence: str, offset: int, scope: Scope,
               rivals: list[tuple[int, int]], reading: str) -> Claim | None:
        cues = cue_topics(sentence, claim.start - offset, claim.end - offset, claim.unit, rivals)
        if not cues.support:
            return None if claim.unit == "个" else claim
        claim = claim.model_copy(update={"topic": (cues.full or cues.support)[0], "reading": reading})
        # A statement of what the policy says must be the policy's figure; a plan only has to satisfy it.
        strict = reading == "statement"
        hit = next((r for r in self._ranked(scope, cues.support, claim)
                    if not r.is_default and fits(r, claim, strict)), None)
        if hit is not None:
            return self.use(claim, "supported", hit)
        legacy = next((r for r in scope.others
                       if r.topic in cues.support and comparable(r, claim) and fits(r, claim)), None)
        ranked = self._ranked(scope, cues.full, claim)
        primary = [r for r in ranked if r.topic == ranked[0].topic] if ranked else []
        official = [r for r in primary if not r.is_default]
        if official:
            rule = official[0]
            self.violations.append(rule.violation(message=f"“{claim.text}”与规定不符：{rule.message}",
                                                  claim=claim.text))
            if legacy is not None:
                self._flag_legacy(claim, legacy)
            return self.use(claim, "contradicted", rule)
        if legacy is not None:
            self._flag_legacy(claim, legacy)
            return self.use(claim, "contradicted", legacy)
        if primary:
            self.notes.append(f"“{claim.text}”只有项目默认口径可对照（{primary[0].id}），没有文件依据。")
            return claim.model_copy(update={"rule_id": primary[0].id})
        return claim

    @staticmethod
    def _ranked(scope: Scope, topics: tuple[str, ...], claim: Claim) -> list[Rule]:
        """Governing rules of these topics that state a comparable figure: by topic order, then most local."""
        chain = scope.jurisdiction.region.chain
        order = {r.id: i for i, r in enumerate(scope.rules)}
        return sorted((r for r in scope.rules if r.topic in topics and comparable(r, claim)),
                      key=lambda r: (topics.index(r.topic), chain.index(r.region) if r.region in chain
                                     else len(chain), order[r.id]))

    def _flag_legacy(self, claim: Claim, rule: Rule) -> None:
        self.applied.append(rule.id)
        self.violations.append(rule.violation(
            message=f"“{claim.text}”是提升工程{rule.program}时期文件的规定，不适用于提升工程{self.program}的问题："
                    f"{rule.message}", claim=claim.text))

    def doc_no(self, claim: Claim, scope: Scope) -> Claim:
        key = claim.value
        if key in self.known:
            sources = self.known[key]
            governing = {r.id for r in scope.rules}
            rules = sorted((s for s in sources if isinstance(s, Rule)),
                           key=lambda r: (r.id not in governing, r.source is None))
            if any(getattr(s, "program", None) == "1.0" for s in sources) and self.program == "2.0":
                self.notes.append(f"{key}是提升工程1.0时期的文件，不能作为提升工程2.0的依据。")
            if rules:
                return self.use(claim, "supported", rules[0])
            doc = next(s for s in sources if isinstance(s, Document))
            return claim.model_copy(update={"status": "supported", "doc_id": doc.id})
        prefix = key.split("〔")[0]
        same = [k for k in self.known if k.split("〔")[0] == prefix]
        if same:
            rule = next((s for s in self.known[same[0]] if isinstance(s, Rule)), None)
            message = f"文号“{claim.text}”有误：语料中{prefix}开头的文号是{'、'.join(same)}。"
            if rule is not None:
                self.violations.append(rule.violation(message=message, claim=claim.text))
                return self.use(claim, "contradicted", rule)
            self.violations.append(Violation(rule_id="docs.number", message=message))
            return claim.model_copy(update={"status": "contradicted"})
        rule = self.by_topic.get("docs.known")
        message = f"文号“{claim.text}”在语料（收录文件及其引用的文件）中找不到，可能是编造的。"
        if rule is not None:
            self.applied.append(rule.id)
            self.violations.append(rule.violation(message=message, claim=claim.text))
        else:
            self.violations.append(Violation(rule_id="docs.known", message=message))
        return claim.model_copy(update={"rule_id": rule.id if rule else None})

    def code(self, claim: Claim, sentence: str, follower: Claim | None) -> Claim:
        ability = self.catalogue.find(claim.value)
        if ability is None:
            legacy = self.catalogue.is_legacy(claim.value)
            rule = self.by_topic.get("catalogue.legacy" if legacy else "catalogue.codes")
            if legacy and "1.0" in sentence and rule is not None:
                return self.use(claim, "supported", rule)
            message = self.catalogue.why_unknown(claim.value) + "。"
            self.violations.append(rule.violation(message=message, claim=claim.text) if rule
                                   else Violation(rule_id="catalogue.codes", message=message))
            return self.use(claim, "contradicted", rule)
        rule = self.by_topic.get("catalogue.codes")
        if follower is not None and follower.value != ability.code:
            named = self.catalogue.find(follower.value)
            message = (f"编号与名称不符：{ability.code}是“{ability.name}”，“{follower.text}”是"
                       f"{named.code if named else '另一个能力点'}。")
            self.violations.append(rule.violation(message=message, claim=claim.text) if rule
                                   else Violation(rule_id="catalogue.codes", message=message))
            return self.use(claim, "contradicted", rule)
        return self.use(claim, "supported", rule)


def _follower(claims: list[Claim], i: int, text: str) -> Claim | None:
    """The ability name written right after a code ('A1 技术支持的学情分析', 'A1（…）'), if any."""
    if i + 1 >= len(claims) or claims[i + 1].kind != "ability_name":
        return None
    gap = text[claims[i].end:claims[i + 1].start]
    return claims[i + 1] if re.fullmatch(r"[\s:：()（）“”\"'《「-]{0,3}", gap) else None


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a short heading ('1.专题课程。') is kept with the sentence after it."""
    spans: list[tuple[int, int]] = []
    pending: int | None = None
    for m in _SENTENCE.finditer(text):
        start = m.start() if pending is None else pending
        if len(m[0].strip()) <= _HEADING and m.end() < len(text) and m[0].rstrip().endswith("。"):
            pending = start
            continue
        spans.append((start, m.end()))
        pending = None
    if pending is not None:
        spans.append((pending, len(text)))
    return spans


def _rivals(claims: list[Claim], claim: Claim, text: str, start: int, end: int) -> list[Claim]:
    """Other numbers of the same kind in the sentence, except those listed with this one (20%、40%、40%)."""
    same = [c for c in claims if c.kind in ("number", "date") and start <= c.start < end
            and unit_family(c.unit) == unit_family(claim.unit)]
    i = next(k for k, c in enumerate(same) if c.start == claim.start)
    lo = hi = i
    while lo > 0 and _LIST.fullmatch(text[same[lo - 1].end:same[lo].start]):
        lo -= 1
    while hi + 1 < len(same) and _LIST.fullmatch(text[same[hi].end:same[hi + 1].start]):
        hi += 1
    return same[:lo] + same[hi + 1:]


def check_text(
    text: str,
    region: str | None,
    program: str | None,
    *,
    catalogue: Catalogue,
    rules: list[Rule],
    documents: list[Document],
    scope_for: Callable[[str | None], Scope],
    find_regions: Callable[[str], list[tuple[int, int, Region]]],
    plan_cues: re.Pattern[str] | None = None,
) -> TextReport:
    """Claims of the text, judged sentence by sentence; a region named in a sentence governs its claims.

    A sentence with a plan cue (我打算, 我们学校安排了…) is read as a plan, checked against the limits; any other is
    read as a statement of what the policy says, whose figures must be the policy's own."""
    if text is None or not str(text).strip():
        raise ValueError("待核对的文本不能为空")
    t = normalize_text(str(text))
    judge = _Judge(program, catalogue, rules, documents)
    scopes: dict[str | None, Scope] = {}

    def scope(name: str | None) -> Scope:
        if name not in scopes:
            scopes[name] = scope_for(name)
            judge.notes.extend(scopes[name].jurisdiction.notes)
        return scopes[name]

    claims = extract_claims(t, catalogue)
    judged: list[Claim] = []
    readings: list[str] = []
    for offset, stop in _sentences(t):
        sentence = t[offset:stop]
        reading = "plan" if plan_cues is not None and plan_cues.search(sentence) else "statement"
        mentions = find_regions(sentence)
        for i, claim in enumerate(claims):
            if not offset <= claim.start < stop:
                continue
            local = claim.start - offset
            before = [m for m in mentions if m[1] <= local]
            after = [m for m in mentions if m[0] >= claim.end - offset]
            place = before[-1][2] if before else (after[0][2] if after else None)
            name = (place.canonical if place.canonical != NATIONAL else NATIONAL) if place else region
            sc = scope(name)
            claim = claim.model_copy(update={"region": sc.jurisdiction.region.canonical})
            if claim.kind in ("number", "date"):
                rivals = [(c.start - offset, c.end - offset) for c in _rivals(claims, claim, t, offset, stop)]
                out = judge.number(claim, sentence, offset, sc, rivals, reading)
                if out is not None and out.status != "unknown":
                    readings.append(reading)
            elif claim.kind == "doc_no":
                out = judge.doc_no(claim, sc)
            elif claim.kind == "ability_code":
                out = judge.code(claim, sentence, _follower(claims, i, t))
            else:
                out = judge.use(claim, "supported", judge.by_topic.get("catalogue.codes"))
            if out is not None:
                judged.append(out)
    if not judged:
        scope(region)
        judge.notes.append("文本中没有发现可核对的数字、日期、微能力点或文号。")
    for reading in dict.fromkeys(readings):
        judge.notes.append(READINGS[reading] + "。")
    if judge.violations:
        verdict = Verdict.INVALID
    elif judged and all(c.status == "unknown" for c in judged):
        verdict = Verdict.NEEDS_INFO
    else:
        verdict = Verdict.VALID
    return TextReport(claims=judged, violations=judge.violations, verdict=verdict,
                      applied_rules=list(dict.fromkeys(judge.applied)), notes=list(dict.fromkeys(judge.notes)))

