"""Questions about the documents themselves: their 文号, who issued them and when (from the manifest)."""

from __future__ import annotations

import re

from assistant.compose.question import Question
from assistant.compose.reply import Quote, Reply, Statement
from assistant.compose.scope import AnswerScope
from assistant.corpus.lexicon import default_lexicon
from assistant.guard.evidence import Evidence

__all__ = ["DocumentAnswerer", "asks_document"]

ROUTES = default_lexicon().routes
_ASKS = ROUTES["asks_document"]


def asks_document(q: Question) -> bool:
    """A question about a governing document's own number, issuer or date (not the documents it follows)."""
    m = _ASKS.search(q.text)
    # (我们区里没发文件: a remark that there is no document, not a question about one)
    while m is not None and q.text[max(0, m.start() - 1):m.start()] in ("没", "未", "不"):
        m = _ASKS.search(q.text, m.end())
    if m is None or ROUTES["cites_document"].search(q.text):
        return False
    # 合格证书是谁发的: what is handed out, named right before, is what the question is about.
    return not ROUTES["issued_thing"].search(q.text[max(0, m.start() - 4):m.start()])


class DocumentAnswerer:
    """Answers from the manifest (title, 文号, issuer, date), citing the 文号 where the text prints it."""

    def __init__(self, engine, texts: dict[str, str]) -> None:
        self.engine = engine
        self.texts = texts

    def answer(self, q: Question, scope: AnswerScope) -> Reply:
        """One statement per governing document of the scope (the region's own first)."""
        wanted = list(scope.local_doc_ids) or list(scope.doc_ids)
        docs = [d for d in self.engine.documents if d.id in wanted]
        kinds = {m[0] for m in ROUTES["document_kind"].finditer(q.text)}
        if kinds and not any(k in d.title for d in docs for k in kinds):
            # 教育部那个2.0的意见是几号文 where the governing document is a 指南: a document it cites is asked about.
            return Reply(status="no_basis", source="documents")
        statements = []
        for doc in docs:
            parts = [f"《{doc.title}》"]
            if doc.doc_no:
                parts.append(f"文号为{doc.doc_no}")
            if doc.issuer:
                parts.append(f"由{doc.issuer}印发")
            if doc.date:
                parts.append(f"时间为{_date(doc.date)}")
            if len(parts) == 1:
                continue
            text = "，".join(parts) + "。"
            record = (f"{doc.title} 文号：{doc.doc_no or '无'} 发文单位：{doc.issuer or '未注明'}印发 "
                      f"日期：{_date(doc.date or '')}")
            body = self.texts.get(doc.id, "")
            at = body.find(doc.doc_no) if doc.doc_no else -1
            quote = Quote(doc.id, at, at + len(doc.doc_no)) if at >= 0 else None
            region = self.engine.gazetteer.resolve(doc.region).canonical
            statements.append(Statement(text, evidence=[Evidence(record, doc.title, doc.id, region, doc.program,
                                                                 doc.doc_no)],
                                        quote=quote, fills=True, lead=not statements))
        return Reply(statements, "answered" if statements else "no_basis", 1.0, "documents")


def _date(raw: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw or "")
    if m:
        return f"{m[1]}年{int(m[2])}月{int(m[3])}日"
    return f"{raw}年" if re.fullmatch(r"\d{4}", raw or "") else raw
