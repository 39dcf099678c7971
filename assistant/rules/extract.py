"""Propose the hard constraints of a trainer's document as candidate rules, each with its verbatim quote.

Nothing proposed here binds: a candidate becomes a rule only when a person accepts it (see rules/review.py).
The proposals reuse the verifier's machinery: numbers and dates as `extract_claims` finds them, the topic of a
number from the cue words of corpus/lexicon/figures.yaml, limits, modality and actors from claims.yaml, and the
words of extraction.yaml for what is not a rule, required points, environments, deadlines, duties and materials.

Usage:
    for c in propose(text, document, catalogue):
        print(c.rule.topic, c.rule.params, c.quote, c.confidence)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.corpus.lexicon import Lexicon, alternation, default_lexicon
from assistant.rules.catalogue import Catalogue
from assistant.rules.claims import extract_claims
from assistant.rules.cues import DEFAULT_TOPICS, clause_bounds, cue_topics
from assistant.rules.numbers import normalize_text
from assistant.rules.results import Claim
from assistant.rules.rule import Rule
from assistant.types import Document

__all__ = ["Proposal", "propose", "rule_prefix", "EXTRACTED_TOPICS"]

# The topics a proposal may carry, per unit; a number whose cues point elsewhere is not proposed.
EXTRACTED_TOPICS = {
    "学时": ("hours.total", "hours.practice", "hours.online", "hours.offline", "hours.courses", "hours.course_study",
           "hours.course_test", "hours.cases", "hours.school_training", "hours.assessment",
           "hours.online_professional", "hours.online_school", "hours.specialised.guidance",
           "hours.specialised.leadership"),
    "%": ("assessment.pass_rate", "inspection.ratio", "hours.practice_ratio", "hours.course_ratio",
          "hours.case_ratio", "cases.ratio", "trainers.ratio", "funding.ratio", "schedule.completion"),
    "个": ("selection.count", "selection.dimensions", "design.points"),
}
_BINDS = {"inspection.ratio": "district", "assessment.pass_rate": "school", "mechanism.responsibility": "district",
          "trainers.ratio": "district", "cases.ratio": "school"}
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_CLAUSE_MARK = re.compile(r"[，,；;：:、]")
_AFTER_LIMIT = re.compile(r"^\s*(?:及以上|以上|以内|以下|之内|封顶)")
_LETTERS = re.compile(r"[A-C](?:[\sA-C、,，和及与/类]|两|三)*类")
_MAX_QUOTE = 80
_TABLE = re.compile(r"[\t|]")
_CELL_CLAUSE = re.compile(r"[，,；;：:\t|]")
_ENUM_DOT = re.compile(r"(?m)^(\s*\d{1,2})[.．](?=\d{1,4}\s*[年月])")
_MARKUP = re.compile(r"\[[^\]]{0,40}\]")
_CORE = ("hours.total", "hours.practice", "hours.online", "hours.offline")
_DOTTED = re.compile(r"(?<![\d.])((?:19|20)\d{2})[.．/](\d{1,2})(?:[.．/](\d{1,2}))?(?![\d.])")
_DATE_TAIL = re.compile(r"\s*(?:底|末|中旬|上旬|下旬|初|上半年|下半年)?")


@dataclass
class Proposal:
    """A constraint found in a document: the rule it would be, where its words are, and how sure we are."""

    rule: Rule
    start: int
    end: int
    confidence: float
    context: str
    notes: list[str] = field(default_factory=list)

    @property
    def quote(self) -> str:
        return self.rule.source.quote if self.rule.source else ""


def rule_prefix(doc_id: str) -> str:
    """A rule-id prefix from a document id: 'user-3fa2b1' → 'user_3fa2b1'; '2022-gulou' → 'doc_2022_gulou'."""
    slug = re.sub(r"[^a-z0-9]+", "_", doc_id.lower()).strip("_") or "doc"
    return slug if slug[0].isalpha() else f"doc_{slug}"


class _Words:
    """The word lists one extraction uses, compiled once per lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        ex, cl = lex.extraction, lex.claims
        self.not_rules = alternation(ex.not_rules)
        self.required = alternation(ex.required_cues)
        self.requirement = alternation(ex.requirement_cues + cl.modality.strong + cl.limits.min + cl.limits.max)
        self.weak = alternation(cl.modality.weak)
        self.limit_min = alternation([w for w in cl.limits.min if w not in cl.limits.soft])
        self.limit_max = alternation(cl.limits.max)
        self.limit_exact = alternation(cl.limits.exact)
        self.deadline = re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in
                                                         sorted(ex.deadline_words, key=len, reverse=True)) + ")")
        self.env = {env: alternation(words) for env, words in ex.environment_words.items()}
        self.env_limit = alternation(ex.environment_limits)
        self.actors = cl.actor_pattern
        self.actor_label = {w: a.label for a in cl.actors for w in a.words}
        self.duty = alternation(ex.responsibility_verbs)
        self.duty_noun = alternation(ex.responsibility_nouns)
        self.deadline_before = re.compile("(?:" + "|".join(re.escape(x) for x in sorted(
            ex.deadline_before, key=len, reverse=True)) + r")\s*$")
        self.submit = alternation(ex.submission_verbs)
        self.materials = alternation(ex.materials)


_WORDS: dict[str, _Words] = {}


def _words(lex: Lexicon) -> _Words:
    if lex.version not in _WORDS:
        _WORDS[lex.version] = _Words(lex)
    return _WORDS[lex.version]


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of text around [start, end): between ，；： marks, and between the cells of a table row."""
    return clause_bounds(text, start, end, _CELL_CLAUSE)


def _quote_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The words to quote for a figure at sentence[start:end]: its clause, widened to the clause before when the
    clause alone is too short to say what the figure is about, trimmed to at most _MAX_QUOTE characters."""
    left, right = _clause(sentence, start, end)
    if right - left < 12 and left > 0:
        left = _clause(sentence, max(left - 2, 0), max(left - 1, 0))[0]
    if right - left < 12 and right < len(sentence):
        right = _clause(sentence, right + 1, right + 1)[1]
    if right - left > _MAX_QUOTE:
        left = max(left, start - _MAX_QUOTE // 2)
        right = min(right, max(end + 12, left + _MAX_QUOTE))
    while left < right and sentence[left] in " 　\t":
        left += 1
    while right > left and sentence[right - 1] in " 　\t":
        right -= 1
    return left, right


def _op(norm: str, clause_left: int, start: int, end: int, w: _Words, previous_end: int) -> str | None:
    """The limit on the figure at norm[start:end]: a word just after (以上, 以内) or before it in its clause."""
    after = norm[end:end + 4]
    if m := _AFTER_LIMIT.match(after):
        return "<=" if m[0].strip() in ("以内", "以下", "之内", "封顶") else ">="
    window = norm[max(clause_left, previous_end, start - 40):start]
    found = [(m.end(), op) for pat, op in ((w.limit_min, ">="), (w.limit_max, "<="), (w.limit_exact, "=="))
             for m in pat.finditer(window)]
    return max(found)[1] if found else None


def _message(doc: Document, quote: str) -> str:
    return f"《{doc.title}》规定：{quote.rstrip('，,；;：:。 ')}。"


def propose(text: str, doc: Document, catalogue: Catalogue, lexicon: Lexicon | None = None) -> list[Proposal]:
    """Every candidate constraint of a document's text, in document order, at most one per topic and value."""
    lex = lexicon or default_lexicon()
    w = _words(lex)
    norm = _ENUM_DOT.sub(r"\1 ", normalize_text(text))  # 2.7月底，… is item 2, 7月底: same length, same offsets
    dimensions = sorted({a.dimension for a in catalogue.abilities}, key=len, reverse=True)
    found: list[tuple[str, dict, int, int, float, str, list[str]]] = []
    for m in _SENTENCE.finditer(norm):
        s0, sentence = m.start(), m.group()
        if len(sentence.strip()) < 4:
            continue
        found += _numbers(sentence, s0, doc, catalogue, w, dimensions)
        found += _dates(sentence, s0, catalogue, w)
        found += _environment(sentence, s0, w)
        found += _duties(sentence, s0, w)
        found += _submissions(sentence, s0, w)
    return _as_proposals(found, text, norm, doc)


def _numbers(sentence: str, s0: int, doc: Document, catalogue: Catalogue, w: _Words,
             dimensions: list[str]) -> list:
    out = []
    claims = [c for c in extract_claims(sentence, catalogue)
              if c.kind == "number" and c.unit in EXTRACTED_TOPICS and not isinstance(c.value, list)]
    previous_end = 0
    last_topic: dict[str, str] = {}
    for i, c in enumerate(claims):
        left, right = _clause(sentence, c.start, c.end)
        own = sentence[left:right]
        if w.not_rules.search(own) or w.not_rules.search(sentence[max(0, c.start - 8):c.start]):
            previous_end = c.end
            continue
        if c.unit == "个" and sentence[c.end:c.end + 4].startswith(("维度中", "维度里", "方面中")):
            continue  # 四个维度中的2个: the 4 only names the whole, and the limit before it is the 2's
        rivals = [(o.start, o.end) for o in claims if o is not c and o.unit == c.unit]
        cues = cue_topics(sentence, c.start, c.end, c.unit, rivals)
        allowed = EXTRACTED_TOPICS[c.unit]
        topics = [t for t in cues.full if t in allowed]
        if _TABLE.search(sentence) and left > 0 and \
                cue_topics(own, c.start - left, c.end - left, c.unit).full == DEFAULT_TOPICS.get(c.unit, ()):
            cell = _clause(sentence, left - 1, left - 1)[0]  # a table row: the label sits in the cell before
            label = cue_topics(sentence[cell:right], c.start - cell, c.end - cell, c.unit)
            topics = [t for t in label.full if t in allowed] or topics
        if not topics and c.unit == "个" and i > 0 and last_topic.get("个"):
            topics = [last_topic["个"]]  # 能力点不超过5个，原则上不少于3个: the second figure shares the first's topic
        core = [t for t in topics if t in _CORE]
        if core and c.unit == "学时":
            own_cues = cue_topics(own, c.start - left, c.end - left, c.unit).full
            if own_cues == DEFAULT_TOPICS.get("学时"):
                own_cues = ()  # the cell names nothing itself
            topics = [next((t for t in own_cues if t in _CORE), core[0])] + [t for t in topics if t not in _CORE]
        op = _op(sentence, left, c.start, c.end, w, previous_end)
        previous_end = c.end
        value = float(c.value)
        notes: list[str] = []
        if c.unit == "个":
            codes = re.findall(r"(?<![A-Za-z0-9])([ABC]\d{1,2})(?!\d)", own)
            named_dim = next((d for d in dimensions if d in sentence[c.end:c.end + 8]), None)
            if codes and not named_dim and w.required.search(own):
                params = {"codes": list(dict.fromkeys(codes)), "min": _int(value), "unit": "个"}
                out.append(("selection.required", params, s0 + c.start, s0 + c.end, 0.7, sentence, notes))
                continue
            if not topics or c.text.rstrip().endswith("类"):
                continue
            after = sentence[c.end:c.end + 8]
            dim = next((d for d in dimensions if d in after), None) or next(
                (d for d in dimensions if d in own and w.required.search(own)), None)
            if dim and (w.required.search(own) or after.startswith(dim)):
                params = {"dimension": dim, "min": _int(value), "unit": "个"}
                out.append(("selection.required", params, s0 + c.start, s0 + c.end,
                            0.75, sentence, notes))
                continue
            if op is None and "选" not in own:
                continue  # 围绕30个能力点 describes the catalogue; a count to meet says 至少/选
            if "设计方案" in sentence[:c.start] and "design.points" in topics:
                topics = ["design.points"]
        if not topics and c.unit == "学时" and \
                cue_topics(own, c.start - left, c.end - left, c.unit).full == DEFAULT_TOPICS.get("学时"):
            topics = ["hours.total"]  # 培训不低于50学时，其中实践… — the clause names no part, so it is the total
        if not topics:
            continue
        topic = topics[0]
        if c.unit == "学时" and value > 500:
            continue  # not a teacher's hours
        if c.unit == "%" and not 0 < value <= 100:
            continue
        confidence = 0.45
        if len(topics) > 1 and not (c.unit == "个" and "选" in own):
            notes.append("数字所指的事项不够明确，请核对主题")
            confidence -= 0.1
        if op is not None:
            confidence += 0.25
        if w.requirement.search(sentence):
            confidence += 0.15
        if w.weak.search(own):
            notes.append("原文是建议或可选做法，不一定是硬性要求")
            confidence -= 0.2
        if topic == "selection.count" and "选" not in own:
            confidence -= 0.15
        if topic in ("hours.total",) and not any(x in sentence for x in ("培训", "研修", "学时", "总")):
            confidence -= 0.1
        last_topic[c.unit] = topic
        params: dict = {"value": _int(value), "unit": c.unit, "op": op or "=="}
        if topic.startswith("schedule."):
            year = re.search(r"((?:19|20)\d{2})\s*年", sentence[:c.start])
            if year is None:
                continue
            params["year"] = int(year[1])
        out.append((topic, params, s0 + c.start, s0 + c.end, min(confidence, 0.95), sentence, notes))
    return out


def _int(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _dates(sentence: str, s0: int, catalogue: Catalogue, w: _Words) -> list:
    out = []
    dates = [c for c in extract_claims(sentence, catalogue) if c.kind == "date" and "years" not in c.value]
    for m in _DOTTED.finditer(sentence):  # 2022.12.15前, 2023.12.31
        month, day = int(m[2]), int(m[3]) if m[3] else None
        if 1 <= month <= 12 and (day is None or 1 <= day <= 31):
            value = {"year": int(m[1]), "month": month, **({"day": day} if day else {})}
            dates.append(Claim(text=m[0], kind="date", value=value, unit="date", start=m.start(), end=m.end()))
    dates.sort(key=lambda c: c.start)
    period_end = False
    year = None
    for i, c in enumerate(dates):
        c = c.model_copy(update={"value": {"year": year, **c.value} if year and "year" not in c.value
                                  else dict(c.value)})
        year = c.value.get("year", year)
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        if nxt is not None and re.fullmatch(r"\s*(?:底|末|中旬|上旬|下旬|初)?\s*[到至\-—~]\s*", sentence[c.end:nxt.start]):
            period_end = not re.sub(r"^\d{1,2}$", "", _ENUM.sub("", _MARKUP.sub(
                "", sentence[_clause(sentence, c.start, c.end)[0]:c.start])).strip())
            continue  # 7月到8月: the period ends with the second date
        tail = _DATE_TAIL.match(sentence, c.end)
        after = sentence[tail.end():tail.end() + 4]
        left, right = _clause(sentence, c.start, c.end)
        by = w.deadline.match(after) or (tail.group().strip() in ("底", "末") and "month" not in c.value) \
            or w.deadline_before.search(sentence[left:c.start])
        before = sentence[max(left, c.start - 2):c.start]
        lead = re.sub(r"^\d{1,2}$", "", _ENUM.sub("", _MARKUP.sub("", sentence[left:c.start])).strip())
        if period_end:
            # 8月至9月，开展…: a period of work, not a deadline, unless its end says 前/截止
            lead, period_end = "…", False
        timeline = lead in ("", "到", "至") and (
            after[:1] in "，,：:至到" or after.startswith(("前", "底"))) and (
            w.requirement.search(sentence) or w.actors.search(sentence[c.end:]))
        if not (by or before.endswith("到") and w.requirement.search(sentence) or timeline):
            continue
        if w.not_rules.search(sentence[left:right]):
            continue
        cues = cue_topics(sentence, c.start, c.end, "date")
        topic = next((t for t in cues.full if t.startswith("schedule.")), "schedule.deadline")
        what = _what(sentence, left, right, c.start, tail.end(), w)
        params = {**c.value, "what": what[:40]}
        confidence = 0.7 if w.requirement.search(sentence) else 0.55
        out.append((topic, params, s0 + c.start, s0 + c.end, confidence, sentence, []))
    return out


_BODY_ENDS = ("局", "中心", "办", "办公室", "校长", "学校", "组", "委", "馆", "室")
_ENUM = re.compile(r"^\s*(?:第[一二三四五六七八九十百\d]+[条章节款]\s*|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])\s*")


def _what(sentence: str, left: int, right: int, start: int, end: int, w: _Words) -> str:
    """What must be done by a date: its clause without the date (or, for 2022年9月30日前，各校完成…, the next)."""
    before = _ENUM.sub("", sentence[left:start]).strip()
    before = re.sub(r"(?:须|应|要|必须)?(?:在|于|到)$", "", before).strip()
    after = w.deadline.sub("", sentence[end:right]).strip()
    what = (before + after).strip("，,。；; ")
    if not what and right < len(sentence):
        what = sentence[right + 1:_clause(sentence, right + 1, right + 1)[1]].strip()
    return re.sub(r"\s+", "", what)


def _environment(sentence: str, s0: int, w: _Words) -> list:
    allowed: dict[str, list[str]] = {}
    first = last = None
    env_before = None
    for clause in re.finditer(r"[^，,；;]+", sentence):
        part = clause.group()
        env = next((e for e, pat in w.env.items() if pat.search(part)), None)
        letters = _LETTERS.search(part)
        if env is not None and letters is None:
            env_before = (env, clause.start())  # 多媒体教学环境的学校，教师只能选择A类
            continue
        if env is None and env_before is not None and letters is not None:
            env, start = env_before
        else:
            start = clause.start()
        env_before = None
        if env is None or letters is None or not w.env_limit.search(part):
            continue
        allowed[env] = sorted(set(re.findall(r"[A-C]", letters.group())))
        first = start if first is None else first
        last = clause.end()
    if not allowed:
        return []
    return [("selection.environment", {"allowed": allowed}, s0 + first, s0 + last, 0.7, sentence, [])]


def _duties(sentence: str, s0: int, w: _Words) -> list:
    out = []
    for clause in re.finditer(r"[^，,；;]+", sentence):
        part = clause.group()
        noun = w.duty_noun.search(part)
        total = re.search(r"对(.{2,30}?)(负总责|负责)", part)
        cut = None
        if noun and (m := re.search(r"(是|为)", part[:noun.start()])):
            cut, what = m.start(), part[m.end():noun.start()].rstrip("的") + noun.group()
        elif total:
            cut, what = total.start(), total[1] + total[2]
        if cut is None:
            continue
        named = _ENUM.sub("", part[:cut]).strip()
        if 2 <= len(named) <= 16 and (w.actors.search(named) or named.endswith(_BODY_ENDS)):
            params = {"actor": named, "what": what[:40]}
            out.append(("mechanism.responsibility", params, s0 + clause.start(), s0 + clause.end(), 0.6,
                        sentence, []))
    taken = [(a - s0, b - s0) for _, _, a, b, *_ in out]
    for m in w.actors.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken):
            continue
        verb = w.duty.search(sentence, m.end(), min(len(sentence), m.end() + 6))
        if verb is None or w.weak.search(sentence[m.end():verb.start()]) \
                or _CLAUSE_MARK.search(sentence[m.end():verb.start()]) or "的" in sentence[m.end():verb.start()]:
            continue
        left, right = _clause(sentence, m.start(), verb.end())
        what = sentence[verb.end():right].strip()
        if len(what) < 4:
            continue
        named = _ENUM.sub("", sentence[left:verb.start()]).strip()
        named = re.sub(r"(?:主要|具体|要|应|须|统一)$", "", named)
        if not 2 <= len(named) <= 16:
            continue
        actor = named
        params = {"actor": actor, "what": what[:40]}
        out.append(("mechanism.responsibility", params, s0 + m.start(), s0 + right, 0.55, sentence, []))
        taken.append((left, right))
    return out


def _submissions(sentence: str, s0: int, w: _Words) -> list:
    verb = w.submit.search(sentence)
    if verb is None:
        return []
    items = list(dict.fromkeys(m.group() for m in w.materials.finditer(sentence, verb.start())))
    if not items:
        return []
    end = max(m.end() for m in w.materials.finditer(sentence, verb.start()))
    confidence = 0.65 if w.requirement.search(sentence) else 0.5
    return [("submission.items", {"items": items}, s0 + verb.start(), s0 + end, confidence, sentence, [])]


def _as_proposals(found: list, text: str, norm: str, doc: Document) -> list[Proposal]:
    """Turn raw finds into Rules with verbatim quotes; duplicates (same topic and value) keep the surest."""
    prefix = rule_prefix(doc.id)
    best: dict[tuple, tuple] = {}
    for item in found:
        topic, params = item[0], item[1]
        key = (topic, repr(sorted((k, v) for k, v in params.items() if k not in ("what", "op"))))
        if key not in best or item[4] > best[key][4]:
            best[key] = item
    proposals: list[Proposal] = []
    counts: dict[str, int] = {}
    for topic, params, start, end, confidence, sentence, notes in sorted(best.values(), key=lambda x: x[2]):
        s_start = norm.find(sentence, max(0, start - len(sentence)))
        s_start = s_start if 0 <= s_start <= start else start
        a, b = _quote_span(sentence, start - s_start, end - s_start)
        a, b = min(a, start - s_start), max(b, end - s_start)
        quote = text[s_start + a:s_start + b]
        if len(quote.strip()) < 2:
            continue
        counts[topic] = counts.get(topic, 0) + 1
        rid = f"{prefix}.{topic}" + (f"_{counts[topic]}" if counts[topic] > 1 else "")
        kind = "fact" if topic == "mechanism.responsibility" or confidence < 0.5 else "requirement"
        rule = Rule(id=rid, region=doc.region, program=doc.program, binds=_BINDS.get(topic, "teacher"), kind=kind,
                    topic=topic, params=params, message=_message(doc, quote),
                    source={"doc_id": doc.id, "quote": quote})
        context = text[max(0, s_start - 40):s_start + len(sentence) + 40]
        proposals.append(Proposal(rule, s_start + a, s_start + b, round(confidence, 2), context, list(notes)))
    same_topic = {t for t, n in counts.items() if n > 1}
    for p in proposals:
        if p.rule.topic in same_topic and not p.rule.topic.startswith(("mechanism.", "schedule.")):
            p.notes.append("同一事项在文件中有多个数字，请确认哪一个是对本地教师的要求")
    return proposals
