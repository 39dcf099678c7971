"""Match one claim against its contexts: exact for figures, codes, regions and 文号; word overlap for the rest.

A claim with a number, date, micro-ability code or name, or 文号 that the contexts do not contain is
unsupported (contradicted when the contexts state another figure of the same kind); a region the claim names
that the contexts contradict (they name only other regions) makes it contradicted. Every problem carries its
reason in Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from assistant.rules.claims import extract_claims
from assistant.rules.numbers import NUM, normalize_text, parse_number

__all__ = ["Fact", "Problem", "ContextFacts", "facts_of", "context_facts", "check_facts", "check_regions",
           "check_obligation", "content_words", "coverage", "normalize", "GENERIC_WORDS"]

_EPS = 1e-6
# Figures with units the rule engine does not read (分钟, 分, 次 …); a bare Arabic number is a figure too.
_GENERIC = re.compile(rf"({NUM})\s*(分钟|小时|个月|天|周|次|分|倍|篇|份|节|位|元|届|批|年)")
_ARABIC = re.compile(r"(?<![\d.A-Za-z/_-])\d+(?:\.\d+)?(?![\d.A-Za-z/_])")  # not the 1 of /v1/
_PROGRAM = re.compile(r"(?<![\d.])[12]\.0(?![\d.])")  # 提升工程1.0 / 2.0 name the programme, not a figure
# Words that carry no checkable content of their own in an answer about policy text.
GENERIC_WORDS = frozenset(
    "要求 规定 需要 需 应 应当 应该 必须 就是 也 即 其中 另外 此外 同时 然后 以及 并且 并 而且 且 还 还要 按 按照 根据 依据"
    " 进行 开展 这些 这个 那些 每位 每个 各位 老师 教师 你 您 大家 我们 他们 分别 一共 合计 共计 总共 至少 不少于 不低于"
    " 不能 不得 可以 能 会 得 地 的 了 是 有 在 和 与 及 或 为 对 把 被 让 给 都 等 方面 部分 这部分 这一块 一块 来 去"
    " 不少 不低 低于 少于 以上 以下 不超过 保证 确保 达到 包括 每所 各区 方案 指南 文件 文号 意见 通知 印发"
    " 实施方案 提升工程 能力提升工程 不是 不行 是的 对的 没错".split()
)
# An obligation the claim states (须, 必须 …) must be stated by its context too, in some form.
_STRONG = re.compile(r"必须|务必|一律|只能|才算|才能|(?<![必无])须")
_OBLIGATION = re.compile(r"必须|须|需|要|应|务必|不得|确保|保证|一律|只能|[日月底]前")  # a deadline binds too
# An enumeration (区级统筹—学校规划—…, 学情分析、教学设计、学法指导和学业评价) has a count a claim may state.
_ITEM = r"[\u4e00-\u9fffA-Za-z0-9]{2,14}"
_ENUM = re.compile(rf"{_ITEM}(?:\s*[、—–]\s*{_ITEM})+")
_LAST_AND = re.compile(r"^[^和及与]{2,}(?:和|及|与|以及)[^和及与]{2,}")


def normalize(text: str) -> str:
    """NFKC, lower case, no whitespace: the form every substring test uses."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class Fact:
    """A checkable item of a text: number|date|ability_code|ability_name|doc_no|figure, with its value."""

    kind: str
    text: str
    value: Any
    unit: str | None = None


@dataclass(frozen=True)
class Problem:
    """Why a claim is not supported: the verdict it earns and the reason (Chinese), with the context span."""

    verdict: str
    reason: str
    context: int | None = None


@dataclass
class ContextFacts:
    """Everything checkable in a list of contexts, computed once per list."""

    texts: list[str]
    facts: list[list[Fact]]
    values: set[float]
    regions: list[list[Any]]
    joined: str = field(default="")
    counts: set[int] = field(default_factory=set)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(abs(float(x) - float(y)) < _EPS for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) < _EPS
    return a == b


def facts_of(text: str, catalogue) -> list[Fact]:
    """Numbers with units, dates, codes, ability names and 文号 (the rule engine's reader), and bare figures."""
    t = normalize_text(text)
    found = extract_claims(t, catalogue)
    facts = [Fact(c.kind, c.text, c.value, c.unit) for c in found]
    taken = [(c.start, c.end) for c in found]
    taken += [(m.start(), m.end()) for m in _PROGRAM.finditer(t)]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _GENERIC.finditer(t):
        v = parse_number(m[1])
        if v is not None and free(m.start(), m.end()) and not (m[2] == "年" and v >= 1000):
            taken.append((m.start(), m.end()))
            facts.append(Fact("figure", m[0], v, m[2]))
    for m in _ARABIC.finditer(t):
        if free(m.start(), m.end()):
            facts.append(Fact("figure", m[0], float(m[0]), None))
    return facts


def _numbers_in(text: str, facts: list[Fact]) -> set[float]:
    values = {float(m[0]) for m in _ARABIC.finditer(normalize_text(text))}
    for f in facts:
        if isinstance(f.value, (int, float)):
            values.add(float(f.value))
        elif isinstance(f.value, list):
            values.update(float(x) for x in f.value)
        elif isinstance(f.value, dict):
            values.update(float(x) for k, x in f.value.items() if k != "years")
            values.update(float(x) for x in f.value.get("years", []))
    return values


def context_facts(contexts: list[str], catalogue, gazetteer=None) -> ContextFacts:
    """Facts, numeric values and regions of every context."""
    facts = [facts_of(c, catalogue) for c in contexts]
    values: set[float] = set()
    for c, f in zip(contexts, facts):
        values |= _numbers_in(c, f)
    regions = [[r for _, _, r in gazetteer.find(c)] if gazetteer else [] for c in contexts]
    counts = {len(re.findall(r"[、—–]+", m[0])) + 1 + bool(_LAST_AND.match(re.split(r"[、—–]+", m[0])[-1]))
              for c in contexts for m in _ENUM.finditer(c)}
    return ContextFacts(list(contexts), facts, values, regions, normalize("\n".join(contexts)), counts)


def _find(ctx: ContextFacts, pred) -> int | None:
    """Index of the first context with a fact satisfying pred."""
    return next((i for i, fs in enumerate(ctx.facts) if any(pred(f) for f in fs)), None)


def _date_ok(value: dict, ctx: ContextFacts) -> bool:
    if "years" in value:
        return all(float(y) in ctx.values for y in value["years"])
    if "year" in value and float(value["year"]) not in ctx.values:
        return False
    if "month" not in value:
        return True
    key = (value.get("month"), value.get("day"))
    return _find(ctx, lambda f: f.kind == "date" and isinstance(f.value, dict)
                 and (f.value.get("month"), f.value.get("day")) == key) is not None


def _located(fact: Fact, ctx: ContextFacts) -> int | None:
    """The context that states this fact, or None."""
    if fact.kind == "number":
        i = _find(ctx, lambda f: f.kind == "number" and f.unit == fact.unit and _same(f.value, fact.value))
        if i is None and fact.unit == "个" and isinstance(fact.value, float) and int(fact.value) in ctx.counts:
            return 0  # 五个环节 counts the five items the context lists
        return i
    if fact.kind == "date":
        return 0 if _date_ok(fact.value, ctx) else None
    if fact.kind in ("ability_code", "ability_name"):
        return _find(ctx, lambda f: f.kind in ("ability_code", "ability_name") and f.value == fact.value)
    if fact.kind == "doc_no":
        return _find(ctx, lambda f: f.kind == "doc_no" and f.value == fact.value)
    if fact.kind == "figure":
        return 0 if float(fact.value) in ctx.values else None
    return None


def _show(f: Fact) -> str:
    return f.text.strip()


def _problem(fact: Fact, ctx: ContextFacts, catalogue, near: int | None) -> Problem:
    """The reason a fact is missing, contradicted when a context states a rival of the same kind."""
    if fact.kind == "doc_no":
        prefix = str(fact.value).split("〔")[0]
        i = _find(ctx, lambda f: f.kind == "doc_no" and str(f.value).split("〔")[0] == prefix)
        if i is not None:
            rival = next(f for f in ctx.facts[i] if f.kind == "doc_no" and str(f.value).startswith(prefix))
            return Problem("contradicted", f"文号“{_show(fact)}”与上下文不符：上下文写的是“{rival.value}”", i)
        return Problem("unsupported", f"文号“{_show(fact)}”在上下文中找不到")
    if fact.kind in ("ability_code", "ability_name"):
        why = "" if catalogue.find(str(fact.value)) else "；" + catalogue.why_unknown(_show(fact))
        return Problem("unsupported", f"微能力点“{_show(fact)}”在上下文中没有出现{why}")
    if fact.kind == "number" and near is not None:
        rivals = [f for f in ctx.facts[near] if f.kind == "number" and f.unit == fact.unit]
        if rivals:
            return Problem("contradicted", f"数字“{_show(fact)}”与上下文不符：上下文写的是"
                                           f"“{'、'.join(_show(r) for r in rivals[:3])}”", near)
    if fact.kind == "date":
        return Problem("unsupported", f"日期“{_show(fact)}”在上下文中找不到")
    return Problem("unsupported", f"数字“{_show(fact)}”在上下文中找不到")


def check_facts(facts: list[Fact], ctx: ContextFacts, catalogue, near: int | None = None) -> list[Problem]:
    """A problem for each of the claim's facts the contexts do not state (`near`: the closest context)."""
    return [_problem(f, ctx, catalogue, near) for f in facts if _located(f, ctx) is None]


def check_regions(claim: str, ctx: ContextFacts, gazetteer) -> list[Problem]:
    """A region the claim names is contradicted when the contexts name regions, none of them compatible."""
    if gazetteer is None:
        return []
    named = [r for cs in ctx.regions for r in cs]
    if not named:
        return []
    out = []
    for _, _, region in gazetteer.find(claim):
        if not region.canonical or region.is_national:
            continue
        if any(region.canonical in r.chain or (r.canonical and r.canonical in region.chain) for r in named):
            continue
        others = "、".join(dict.fromkeys(r.canonical for r in named if r.canonical))
        out.append(Problem("contradicted", f"上下文讲的是{others}，回答却说是{region.canonical}"))
    return out


def check_obligation(claim: str, sentence: str) -> list[Problem]:
    """A claim that imposes an obligation (须, 必须, 只能 …) its closest context sentence does not state."""
    m = _STRONG.search(normalize(claim))
    if m and not _OBLIGATION.search(normalize(sentence)):
        return [Problem("unsupported", f"回答提出了上下文没有的要求（“{m[0]}”）")]
    return []


def content_words(claim: str, drop: tuple[str, ...] | list[str] = ()) -> list[str]:
    """The claim's content words (jieba precise mode), without generic words, figures and the `drop` texts."""
    from assistant.compose.overlap import question_words

    text = normalize(claim)
    for d in sorted(drop, key=len, reverse=True):
        text = text.replace(normalize(d), " ")
    return [w for w in question_words(text)
            if len(w) > 1 and w not in GENERIC_WORDS and not re.fullmatch(r"[\d.%a-z]", w)
            and not re.fullmatch(r"[\d.%]+", w)]


def _credit(word: str, text: str) -> float:
    """1 when the text has the word; for a compound, the share of its characters its present parts cover."""
    if word in text:
        return 1.0
    if len(word) < 4:
        return 0.0
    from assistant.indexing.bm25 import tokenize

    covered = [False] * len(word)
    for part in tokenize(word):
        if len(part) >= 2 and part != word and part in text:
            at = word.find(part)
            covered[at:at + len(part)] = [True] * len(part)
    return sum(covered) / len(word)


def coverage(words: list[str], text: str) -> float:
    """Share of the words' characters found in the (normalised) text; 1.0 for no words."""
    total = sum(len(w) for w in words)
    if not total:
        return 1.0
    return sum(len(w) * _credit(w, text) for w in words) / total
