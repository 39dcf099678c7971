"""The documents' own sentences as the answer: the best-ranked sentence leads, close runners-up support it.

Whether the documents answer at all is decided from the ranker's calibrated probability for its best sentence,
against a threshold chosen on the dev split (ranker.json), and from whether that sentence fills the asked slot.
"""

from __future__ import annotations

import math
import re

import numpy as np

from assistant.compose.question import Question
from assistant.compose.ranking import Ranked, SentenceRanker, load_calibration
from assistant.compose.reply import Quote, Reply, Statement
from assistant.compose.scope import AnswerScope
from assistant.compose.sentences import Sentence
from assistant.guard.evidence import Evidence

__all__ = ["ExtractiveAnswerer", "region_label", "ANSWERABILITY_FEATURES"]

ANSWERABILITY_FEATURES = ("score", "vocabulary", "coverage", "novelty", "fills", "in_domain")

MAX_SENTENCES = 3
SUPPORT_RATIO = 0.75


def region_label(region: str | None, program: str, gazetteer) -> str:
    """How an answer names where its sentence applies: 北京, 江苏, 全国, 广东（提升工程1.0）."""
    if not region or region == "全国":
        label = "全国"
    else:
        place = gazetteer.resolve(region)
        label = place.canonical or region
        if place.known and place.level != "provincial":
            label = re.sub(r"^(.+?省|.+?自治区)", "", label)
            label = re.sub(r"^.+?市(?=.+(市|区|县)$)", "", label)
    return f"{label}（提升工程1.0）" if program == "1.0" else label


class ExtractiveAnswerer:
    """Answers from document sentences (and the external references held as sentences)."""

    def __init__(self, ranker: SentenceRanker, engine, titles: dict[str, str], texts: dict[str, str]) -> None:
        self.ranker = ranker
        self.engine = engine
        self.titles = titles
        self.texts = texts
        self.calibration = load_calibration()

    def _scope_text(self, doc_ids: tuple[str, ...]) -> str:
        key = tuple(sorted(doc_ids))
        cache = self.__dict__.setdefault("_scope_texts", {})
        if key not in cache:
            parts = [self.texts.get(d, "") for d in key] + [s.text for s in self.ranker.index.by_doc.get("external", [])]
            cache[key] = "\n".join(parts)
        return cache[key]

    def assess(self, q: Question, scope: AnswerScope, ranked: list[Ranked]) -> np.ndarray:
        """What answerability is judged on (ANSWERABILITY_FEATURES): the best score; how much of the question's
        vocabulary the governing documents use at all, and the best sentences; the rarest word they never use;
        whether the best sentence fills the asked slot; whether the question speaks of the programme."""
        r = self.ranker
        words = r.nouns(q.topic or q.text)
        expanded = {w: [t for t in r._expand.get(w, []) if len(t) >= 2] for w in words}
        weight = [r.idf(w) for w in words]
        total = sum(weight) or 1.0
        corpus = self._scope_text(scope.doc_ids)
        top = " ".join(x.sentence.text for x in ranked[:3])

        def present(w: str, text: str) -> bool:
            return w in text or any(t in text for t in expanded[w])

        vocabulary = sum(wt for w, wt in zip(words, weight) if present(w, corpus)) / total if words else 1.0
        coverage = sum(wt for w, wt in zip(words, weight) if present(w, top)) / total if words else 1.0
        novelty = max((wt for w, wt in zip(words, weight) if not present(w, corpus)), default=0.0) / r.max_idf
        fills = 1.0 if ranked and r.fills(q, ranked[0].sentence) else 0.0
        score = ranked[0].score if ranked else -10.0
        return np.array([score / 10.0, vocabulary, coverage, novelty, fills, 1.0 if q.in_domain else 0.0])

    def unsettled(self, q: Question, scope: AnswerScope) -> str | None:
        """no_basis / out_of_scope when the question asks about something the lexicon lists as a topic the
        documents do not settle (fees, accounts, scores, salaries…) and the governing documents never mention it."""
        corpus = self._scope_text(scope.doc_ids)
        kinds = [kind for word, kind in q.unsettled if word not in corpus]
        if not kinds:
            return None
        return "out_of_scope" if "out_of_scope" in kinds else "no_basis"

    def probability(self, features: np.ndarray) -> float:
        """Calibrated probability that the documents answer (weights fitted on the dev split)."""
        z = float(features @ self.calibration.weights) + self.calibration.b
        return 1.0 / (1.0 + math.exp(-z))

    def candidates(self, q: Question, scope: AnswerScope) -> list[Ranked]:
        """Ranked sentences of the governing documents (and of the external references for 2.0)."""
        docs = set(scope.doc_ids)
        if q.program == "2.0":
            docs.add("external")
        return self.ranker.rank(q, docs)

    def evidence(self, s: Sentence) -> Evidence:
        """The sentence as evidence for the verifier, with its document's region and programme."""
        if s.doc_id == "external":
            return Evidence(s.text, region="全国", program="2.0")
        doc = next((d for d in self.engine.documents if d.id == s.doc_id), None)
        around = "".join(n.text for n in self.ranker.index.neighbours(s, 0, 0))
        return Evidence(around, doc.title if doc else None, s.doc_id,
                        self.engine.gazetteer.resolve(doc.region).canonical if doc else None,
                        doc.program if doc else None, doc.doc_no if doc else None)

    def statement(self, s: Sentence, q: Question, lead: bool) -> Statement:
        """One sentence as a statement; the external references say where they come from."""
        if s.doc_id == "external":
            rule = self.ranker.index.rules.get(s.i)
            ref = rule.reference if rule else "外部参考"
            text = f"外部参考（{ref}，语料未收录原文）：{s.text.rstrip('。')}。"
            return Statement(text, evidence=[Evidence(s.text, region="全国", program="2.0")],
                             rule_id=rule.id if rule else None, fills=self.ranker.fills(q, s), lead=lead)
        text = s.text.rstrip("；;，,：: ")
        text = text if text.endswith(("。", "！", "？")) else text + "。"
        if lead:
            label = region_label(s.region, s.program, self.engine.gazetteer)
            text = f"{label}：{text}"
        return Statement(text, evidence=[self.evidence(s)], quote=Quote(s.doc_id, s.start, s.end),
                         rule_id=self._rule(s), fills=self.ranker.fills(q, s), lead=lead)

    def _rule(self, s: Sentence) -> str | None:
        squash = re.sub(r"\s+", "", self.texts.get(s.doc_id, "")[s.start:s.end])
        for rule in self.engine.all_rules:
            if rule.source and rule.source.doc_id == s.doc_id and re.sub(r"\s+", "", rule.source.quote) in squash:
                return rule.id
        return None

    def answer(self, q: Question, scope: AnswerScope) -> Reply:
        """The best sentence and close runners-up; status no_basis when nothing is probable enough."""
        ranked = self.candidates(q, scope)
        if not ranked:
            return Reply(status="no_basis", confidence=0.0, source="documents")
        best = ranked[0]
        confidence = self.probability(self.assess(q, scope, ranked))
        chosen = [best]
        for r in ranked[1:]:
            if len(chosen) == MAX_SENTENCES:
                break
            if r.score < best.score - self.calibration.margin:
                break
            if any(r.sentence.text in c.sentence.text or c.sentence.text in r.sentence.text for c in chosen):
                continue
            chosen.append(r)
        statements = [self.statement(r.sentence, q, lead=(i == 0)) for i, r in enumerate(chosen)]
        reply = Reply(statements, "answered", confidence, "documents")
        reply.ranked = ranked  # type: ignore[attr-defined]
        return reply
