"""Which rule topics a number in text is about, told by the words near it (the nearest cue wins)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CUES", "Cues", "clause_bounds", "DEFAULT_TOPICS", "WEAK_CUES", "cue_topics", "unit_family"]

Cue = tuple[tuple[str, ...], tuple[str, ...]]


def _table() -> tuple[dict[str, tuple[Cue, ...]], set[str], dict[str, tuple[str, ...]]]:
    """(cues per unit family, weak cue words, default topics) from the lexicon (corpus/lexicon/figures.yaml)."""
    from assistant.corpus.lexicon import default_lexicon

    figures = default_lexicon().figures
    cues = {family: tuple((tuple(c.words), tuple(c.topics)) for c in entries)
            for family, entries in figures.units.items()}
    return cues, set(figures.weak), {k: tuple(v) for k, v in figures.default.items()}


# Per unit family: (cue words, the topics a number near them may be about). Longer cues win ties.
CUES, WEAK_CUES, DEFAULT_TOPICS = _table()
_CLAUSE = re.compile(r"[，,；;：:]")


def unit_family(unit: str | None) -> str | None:
    """学时 → 学时; % and 比例 → ratio; 个/项 → 个; 人/名 → 人; 所 → 所; 日期 → date."""
    return {"学时": "学时", "%": "ratio", "比例": "ratio", "个": "个", "所": "所", "人": "人", "date": "date",
            "年": "date"}.get(unit or "")


def _occurrences(text: str, cues: tuple[Cue, ...]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Every cue word in the text, except those inside a longer cue found at the same place."""
    found = [(m.start(), m.end(), topics) for words, topics in cues for word in words
             for m in re.finditer(re.escape(word), text)]
    return [o for o in found if not any(p[0] <= o[0] and o[1] <= p[1] and (p[1] - p[0]) > (o[1] - o[0])
                                        for p in found)]


def _gap(cue: tuple[int, int, tuple[str, ...]], start: int, end: int) -> int:
    return max(cue[0] - end, start - cue[1], 0)


def _topics(cues: list[tuple[int, int, tuple[str, ...]]], start: int, end: int) -> tuple[str, ...]:
    cues = sorted(cues, key=lambda o: (_gap(o, start, end), o[0] - o[1]))
    return tuple(dict.fromkeys(t for o in cues for t in o[2]))


@dataclass(frozen=True)
class Cues:
    """What a number is about: `full` topics may contradict it, `support` topics (a superset) may only confirm it."""

    full: tuple[str, ...]
    support: tuple[str, ...]


def clause_bounds(sentence: str, start: int, end: int, marks: re.Pattern[str] = _CLAUSE) -> tuple[int, int]:
    """The clause (between commas, semicolons, colons, or the given marks) around sentence[start:end]."""
    left = max((m.end() for m in marks.finditer(sentence, 0, start)), default=0)
    right = next((m.start() for m in marks.finditer(sentence, end)), len(sentence))
    return left, right


def cue_topics(sentence: str, start: int, end: int, unit: str | None,
               rivals: list[tuple[int, int]] | tuple = ()) -> Cues:
    """Topics of the number at sentence[start:end]. Strong cues in its own clause (owned: nearer to it than to
    another number of the same kind) decide; failing those, weak cues (共计, 总) in the clause; failing any cue in
    the sentence, the unit's default (学时 → total). Cues elsewhere in the sentence can only confirm."""
    family = unit_family(unit)
    found = _occurrences(sentence, CUES.get(family or "", ()))
    left, right = clause_bounds(sentence, start, end)
    near = [r for r in rivals if left <= r[0] and r[1] <= right]

    def owned(cue: tuple[int, int, tuple[str, ...]], others: list[tuple[int, int]]) -> bool:
        return all(_gap(cue, start, end) <= _gap(cue, a, b) for a, b in others)

    def weak(cue: tuple[int, int, tuple[str, ...]]) -> bool:
        return sentence[cue[0]:cue[1]] in WEAK_CUES

    clause = [o for o in found if left <= o[0] and o[1] <= right and owned(o, near)]
    strong = _topics([o for o in clause if not weak(o)], start, end)
    elsewhere = _topics([o for o in found if not weak(o) and not (left <= o[0] and o[1] <= right)], start, end)
    soft = _topics([o for o in clause if weak(o)], start, end)
    if strong:
        full = strong
    elif soft:
        full = soft
    elif not any(owned(o, list(rivals)) for o in found):
        full = DEFAULT_TOPICS.get(family or "", ())
    else:
        full = ()
    return Cues(full, tuple(dict.fromkeys(strong + elsewhere + full)))
