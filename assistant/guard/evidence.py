"""Evidence for the verifier: passages with what is known of them (document, region, programme), cut into
windows of one to three clauses, each read into slots once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.chunking.headings import detect_heading
from assistant.guard.clauses import _BULLET, rejoin_breaks, split_clauses
from assistant.guard.slots import SlotReader, Slots
from assistant.rules.numbers import normalize_text
from assistant.types import Document

__all__ = ["Evidence", "Window", "EvidenceIndex", "from_contexts", "bigrams", "gloss"]

_TITLE = re.compile(r"^\s*《([^》]{4,120})》\s*\n")
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9%]")
MAX_WINDOW = 3


def bigrams(text: str) -> set[str]:
    """Character bigrams of the word characters of a text (punctuation and spaces dropped)."""
    chars = "".join(_WORD.findall(text.lower()))
    return {chars[i:i + 2] for i in range(len(chars) - 1)} if len(chars) > 1 else ({chars} if chars else set())


@dataclass
class Evidence:
    """One passage and what is known of it; region and programme None when unknown."""

    text: str
    title: str | None = None
    doc_id: str | None = None
    region: str | None = None
    program: str | None = None
    doc_no: str | None = None
    n: int | None = None


@dataclass
class Window:
    """One to three consecutive clauses of a sentence (or a whole sentence) of one piece of evidence."""

    evidence: int
    sentence: int
    text: str
    sentence_text: str
    slots: Slots
    grams: set[str]
    subject: list[str] = field(default_factory=list)
    lead_modality: set[str] = field(default_factory=set)


class EvidenceIndex:
    """Windows over a list of evidence, read once."""

    def __init__(self, evidence: list[Evidence], reader: SlotReader) -> None:
        self.evidence = evidence
        self.windows: list[Window] = []
        self.sentences: list[tuple[int, str, Slots]] = []
        for e_i, ev in enumerate(evidence):
            for s_i, sent in enumerate(split_clauses(rejoin_breaks(ev.text))):
                clauses = sent.clauses
                first = reader.read(clauses[0].text)
                subject = reader.agents(first)
                sent_slots = reader.read(sent.text)
                self.sentences.append((e_i, sent.text, sent_slots))
                seen: set[str] = set()
                for i in range(len(clauses)):
                    lead: set[str] = set()
                    for k in range(i):
                        # An obligation carries over to the clauses after it; leave only when it is granted
                        # outright (可以…, 鼓励…), not a basis (根据实际需求，…).
                        mod = reader.read(clauses[k].text).modality
                        lead |= mod - {"weak"}
                        if "weak" in mod and reader.grants_leave(clauses[k].text):
                            lead.add("weak")
                    for j in range(i, min(i + MAX_WINDOW, len(clauses))):
                        text = "，".join(c.text for c in clauses[i:j + 1])
                        if text in seen:
                            continue
                        seen.add(text)
                        slots = reader.read(text)
                        self.windows.append(Window(e_i, len(self.sentences) - 1, text, sent.text, slots,
                                                   bigrams(slots.align), [] if i == 0 else subject, lead))
                if sent.text not in seen and len(clauses) > MAX_WINDOW:
                    self.windows.append(Window(e_i, len(self.sentences) - 1, sent.text, sent.text, sent_slots,
                                               bigrams(sent_slots.align)))
        self.all_text = normalize_text("\n".join(ev.text for ev in evidence))


def _holders(text: str, documents: list[Document], squashed: dict[str, str]) -> list[Document]:
    """The corpus documents whose text contains this passage (a quoted national title may sit in several)."""
    key = re.sub(r"\s+", "", normalize_text(text))[:60]
    if len(key) < 8:
        return []
    return [d for d in documents if key in squashed.get(d.id, "")]


_TABLE_ROW = re.compile(r"^\|\s*([ABC]\d{1,2})\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|", re.MULTILINE)
_HEADED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]{1,3}、)\s*"
                     r"([^。：:，,\n]{2,14})[。：:]\s*(?=\S)")


@lru_cache(maxsize=1)
def _gloss_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    from assistant.corpus.lexicon import default_lexicon

    table = sorted(default_lexicon().glosses.glosses, key=lambda g: -len(g.en))
    return tuple((re.compile(r"\s+".join(re.escape(w) for w in g.en.split()), re.IGNORECASE), g.zh) for g in table)


def gloss(body: str) -> str:
    """The passage with each English note of the corpus it quotes put in Chinese (corpus/lexicon/glosses.yaml), so
    a Chinese answer is aligned and compared clause by clause (…must be submitted → …都必须提交)."""
    if not re.search(r"[A-Za-z]{3}", body):
        return body
    for pattern, zh in _gloss_patterns():
        body = pattern.sub(zh, body)
    # The English full stop after a rendered sentence ends a Chinese sentence.
    return re.sub(r"(?<=[\u4e00-\u9fff）)0-9])\.(?=\s|$)", "。", body)


def _readable(body: str, doc: Document | None, texts: dict[str, str]) -> str:
    """A passage as the verifier reads it: a catalogue table row also as a sentence (A5 技术支持的课堂导入属于学法
    指导维度), a heading that opens the passage joined to what it heads (学校评审：以学校…), and a passage that
    sits right under a heading in its document introduced by that heading (培训对象：全市在职在岗全学科教师); a
    passage cut from the middle of a sentence gets the sentence's opening back."""
    body = gloss(body)
    rows = [f"微能力点{m[1]}{m[2]}属于{m[3]}维度。" for m in _TABLE_ROW.finditer(body)
            if not m[3].strip("- ").startswith(("维度", "dimension"))]
    if rows:
        body = body.rstrip() + "\n" + "".join(rows)
    body = _HEADED.sub(lambda m: f"{m[1]}：", body, count=1)
    if doc is not None:
        full = texts.get(doc.id, "")
        at = full.find(body.strip()[:30])
        start = max(full.rfind(ch, 0, at) for ch in "\n。！？；;!?") + 1 if at > 0 else 0
        lead = full[start:at]
        if at > 0 and lead.strip() and len(lead) <= 80 and lead.rstrip()[-1] in "，,：:、":
            # A passage cut from the middle of a sentence: the sentence's opening says what it is about
            # (（一）校本应用考核突出…，侧重于评估…).
            body, at = lead.lstrip() + body.lstrip(), start + len(lead) - len(lead.lstrip())
        if at > 0:
            # The line above, past blank lines (a heading is often set apart by one).
            end = at
            while end > 0 and not full[full.rfind("\n", 0, end - 1) + 1:end].strip():
                end = full.rfind("\n", 0, end - 1) + 1
            line_start = full.rfind("\n", 0, end - 1) + 1 if end > 0 else 0
            above = full[line_start:end].strip()
            head = detect_heading(above) if above and len(above) <= 24 else None  # a bare heading line
            if head is not None and len(head.label) <= 20:
                label = re.sub(r"^[一二三四五六七八九十\d]+[、.．]\s*|^[（(][一二三四五六七八九十\d]{1,3}[）)]\s*", "",
                               head.label)
                body = f"{label}：{_BULLET.sub('', body.lstrip(), count=1)}"
    return body


def from_contexts(contexts: list[str], documents: list[Document], texts: dict[str, str],
                  region_of, squashed: dict[str, str] | None = None) -> list[Evidence]:
    """Evidence from plain context strings: a leading 《title》 line names the document; a passage found in a
    corpus document inherits that document's region and programme; otherwise a passage naming 2.0 is 2.0."""
    if squashed is None:
        squashed = {d.id: re.sub(r"\s+", "", normalize_text(texts.get(d.id, ""))) for d in documents}
    by_title = {re.sub(r"\s+", "", d.title): d for d in documents}
    out = []
    for ctx in contexts:
        if not isinstance(ctx, str) or not ctx.strip():
            continue
        title = None
        m = _TITLE.match(ctx)
        body = ctx
        if m:
            title, body = m[1], ctx[m.end():]
        doc = by_title.get(re.sub(r"\s+", "", title)) if title else None
        if doc is None:
            # "## guangdong-1.0-plan (广东, 1.0, …)": a note that heads its lines with one document's id is about it.
            named = [d for d in documents if re.search(rf"(?<![\w-]){re.escape(d.id)}(?![\w-])", body)]
            doc = named[0] if len(named) == 1 else None
        holders = [doc] if doc else _holders(body, documents, squashed)
        doc = holders[0] if len(holders) == 1 else None
        body = _readable(body, doc, texts)
        # The title line stays readable too: an answer may name the document by it.
        text = f"《{title}》\n{body}" if title else body
        ev = Evidence(text, title or (doc.title if doc else None), doc.id if doc else None)
        if doc is not None:
            ev.region = region_of(doc.region)
            ev.program = doc.program
            ev.doc_no = doc.doc_no
        elif holders and len({d.program for d in holders}) == 1:
            ev.program = holders[0].program   # shared by several documents: no single region, one programme
        else:
            probe = (title or "") + body
            if re.search(r"(?<![\d.])2\.0", probe):
                ev.program = "2.0"
        out.append(ev)
    return out
