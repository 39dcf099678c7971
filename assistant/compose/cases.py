"""Examples from the case library: the cases that match the question's points, subject, stage and words."""

from __future__ import annotations

import re
from functools import cached_property

from assistant.compose.question import Question
from assistant.compose.reply import Reply, Statement
from assistant.corpus.cases import Case
from assistant.drafting.cases import normalize_subject
from assistant.corpus.lexicon import default_lexicon
from assistant.guard.evidence import Evidence

__all__ = ["CaseAnswerer", "asks_example"]

ROUTES = default_lexicon().routes
_EXAMPLE = ROUTES["asks_example"]
_POLICY_CASE = ROUTES["policy_case"]
_ASKS_TOOLS = re.compile(r"(?i)软件|工具|app|小程序|平台|设备|用的(?:什么|啥)|用(?:什么|啥)")
_GRADE = re.compile(r"[一二三四五六七八九]年级|[初高][一二三]|[初高]中|小学|[一二三四五六七八九]年级?")


def _items(section: str) -> list[str]:
    """The names of a section's list items (- 公平管理技术资源方案：分配规则… → 公平管理技术资源方案)."""
    out = []
    for line in section.splitlines():
        line = line.strip()
        if line.startswith(("-", "·", "*")):
            out.append(re.split(r"[：:]", line.lstrip("-·* ").strip(), maxsplit=1)[0].rstrip("。"))
    return [x for x in out if x]


def asks_example(q: Question) -> bool:
    """A request for a classroom example (有没有初中化学用课件的例子), not a question about policy cases."""
    return bool(_EXAMPLE.search(q.text)) and not _POLICY_CASE.search(q.text)


class CaseAnswerer:
    """Ranks the case library by the question (points first, then subject, stage, environment and words)."""

    def __init__(self, cases: list[Case], engine, vague: frozenset[str] = frozenset()) -> None:
        self.cases = cases
        self.engine = engine
        self.vague = vague  # words that name nothing (之前, 就是, 哪几个): never what names a case

    def _score(self, case: Case, q: Question, words: list[str]) -> float:
        score = 3.0 * len(set(q.codes) & set(case.points))
        names = [self.engine.catalogue.find(p).name for p in case.points if self.engine.catalogue.find(p)]
        if q.subject and normalize_subject(q.subject) == normalize_subject(case.subject):
            score += 2.0
        if q.stage and q.stage == case.stage:
            score += 1.0
        if q.environment and q.environment == case.environment:
            score += 0.5
        text = f"{case.title} {case.subject} {case.grade} {' '.join(names)} {' '.join(case.tools)} {case.body}"
        # A word of the title counts fully, and so does one of the text that one or two cases alone use (鼠标, 上机:
        # the situation the teacher describes); a word many cases share (机房, 问卷星) counts a little.
        score += sum(1.0 if w in case.title or self._spread.get(w.lower(), 0) in (1, 2) else 0.3
                     for w in words if w in text)
        # A tool the teacher names (学校用智学网) that the case uses: the teacher's own setting, however the
        # question was cut into words.
        score += sum(1.0 for tool in case.tools if len(tool) >= 2 and tool.lower() in q.text.lower())
        return score

    @cached_property
    def _spread(self) -> dict[str, int]:
        """How many cases use each word of their title, tools and text."""
        out: dict[str, int] = {}
        for _, text in self._words.values():
            for w in text:
                out[w] = out.get(w, 0) + 1
        return out

    @cached_property
    def _words(self) -> dict[str, tuple[set[str], set[str]]]:
        """Each case's title words, and its title, tool and body words (lower-cased)."""
        from assistant.indexing.bm25 import segment

        out = {}
        for case in self.cases:
            title = {w.lower() for w in segment(case.title)}
            out[case.id] = (title, title | {w.lower() for w in segment(f"{' '.join(case.tools)} {case.body}")})
        return out

    @cached_property
    def _subjects(self) -> set[str]:
        return {x for x in (normalize_subject(c.subject) for c in self.cases) if x}

    def named(self, words: list[str], policy: str, question: str = "") -> Case | None:
        """The one case a question names by what only the case library speaks of (校园雨水那个项目, 用手环测耐力那个,
        SOLO分类那个): words of the question the policy documents never use, among the words of one case's title
        (or several among the words of its text), and of no other case as much."""
        # A word one or two cases use names them; one many cases use (语文, 教室, 之前) does not.
        # The teacher's own subject and grade (初二物理, 语文老师) say who asks, not which case.
        words = [w for w in words if not any(normalize_subject(w) == x or w in x for x in self._subjects)
                 and not _GRADE.fullmatch(w)]
        spread = {w: sum(w in text for _, text in self._words.values()) for w in {x.lower() for x in words}}
        own = {w for w, n in spread.items() if 1 <= n <= 2 and len(w) >= 2 and w not in policy and w not in self.vague
               and not re.fullmatch(r"[a-z]\d+", w)}
        if not own:
            return None
        scored = []
        for case in self.cases:
            title, text = self._words[case.id]
            scored.append((len(own & title), len(own & text), case))
        scored.sort(key=lambda x: (-x[0], -x[1], x[2].id))
        (titled, found, best), rest = scored[0], scored[1:]
        runner = rest[0] if rest else (0, 0, None)
        title = self._words[best.id][0]
        # 校园雨水那个项目, 那个SOLO分类: a word of the title right beside the 那个 that points at the case.
        pointed = any(re.search(rf"{re.escape(w)}[^的，,。？?！!\s]{{0,6}}那个|那个[^，,。？?！!\s]{{0,6}}{re.escape(w)}",
                                question.lower()) for w in own & title)
        if titled >= 1 and (found >= 2 or pointed) and (titled, found) > runner[:2]:
            return best
        return None

    def detail(self, case: Case, q: Question, words: list[str]) -> Reply:
        """A named case, with the sentences of it that speak of what the question asks (分成几个层次, 指数怎么算)."""
        reply = self._reply([case], q)
        asked = [w for w in dict.fromkeys(words) if len(w) >= 2 and w.lower() not in case.title.lower()]
        sentences = [x.strip(" -") for x in re.split(r"(?<=[。；;])|\n", case.body) if len(x.strip(" -")) >= 6
                     and not x.startswith("#")]
        scored = [(sum(len(w) for w in asked if w.lower() in x.lower()), i, x) for i, x in enumerate(sentences)]
        best = sorted([t for t in scored if t[0] >= 2], key=lambda t: (-t[0], t[1]))[:2]
        lead = reply.statements[0]
        said = lead.text
        extra = [re.sub(r"^\d+[.、]\s*", "", x).rstrip("。") for _, _, x in sorted(best, key=lambda t: t[1])]
        extra = [x for x in extra if x not in said]
        if extra:
            reply.statements.insert(1, Statement("；".join(extra) + "。", evidence=lead.evidence, fills=True))
        if case.tools and _ASKS_TOOLS.search(q.text):
            reply.statements.insert(1, Statement(f"所用工具：{'、'.join(case.tools)}。", evidence=lead.evidence,
                                                 fills=True))
        return reply

    def answer(self, q: Question, words: list[str], limit: int = 2) -> Reply:
        """Up to `limit` cases, best first, each with its points, class and first steps."""
        ranked = sorted(self.cases, key=lambda c: (-self._score(c, q, words), c.id))
        ranked = [c for c in ranked if self._score(c, q, words) >= 2.0][:limit]
        if not ranked:
            return Reply(status="no_basis", source="cases")
        return self._reply(ranked, q)

    def _reply(self, ranked: list[Case], q: Question | None = None) -> Reply:
        statements = []
        for i, case in enumerate(ranked):
            points = "、".join(f"{p} {self.engine.catalogue.find(p).name}" for p in case.points
                              if self.engine.catalogue.find(p))
            steps = case.sections.get("实施步骤", "").strip().splitlines()
            first = re.sub(r"^\d+[.、]\s*", "", steps[0]).strip() if steps else ""
            text = (f"案例库中的参考案例《{case.title}》（{points}；{case.grade}{case.subject}；{case.environment}环境）"
                    + (f"：{first.rstrip('。')}。" if first else "。"))
            tools = f"所用工具：{'、'.join(case.tools)}\n" if case.tools else ""
            ev = [Evidence(f"案例库中的参考案例《{case.title}》\n{points}\n{case.grade}{case.subject} {case.environment}环境\n"
                           f"{tools}{case.body}")]
            statements.append(Statement(text, evidence=ev, fills=True, lead=(i == 0)))
            if i:
                continue
            # The best case is told through: its later steps, and what its teacher handed in, as the case lists them.
            later = [re.sub(r"^\d+[.、]\s*", "", x).strip().rstrip("。") for x in steps[1:] if x.strip()]
            if later:
                statements.append(Statement(f"接着：{'；'.join(later)}。", evidence=ev, fills=True))
            evidence = _items(case.sections.get("形成的证据", ""))
            if evidence:
                statements.append(Statement(f"这个案例形成的证据有：{'；'.join(evidence)}。", evidence=ev, fills=True))
        statements.append(Statement("说明：案例库中的案例为示例性质，供设计时参考，不是政策要求。", kind="note"))
        return Reply(statements, "answered", 1.0, "cases")
