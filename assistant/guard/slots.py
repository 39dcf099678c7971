"""What a clause says, slot by slot: figures with their limits, dates, 文号, codes, actors, modality, polarity,
scope, regions, programme and content words. Every word list comes from the lexicon (corpus/lexicon)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.corpus.lexicon import Lexicon, alternation
from assistant.rules.catalogue import Catalogue
from assistant.rules.claims import extract_claims
from assistant.rules.gazetteer import Gazetteer
from assistant.rules.numbers import NUM, normalize_text, parse_number

__all__ = ["Figure", "DateValue", "Slots", "SlotReader", "same_unit", "UNIT_FAMILY", "PROGRAMME_LABEL"]

# Units a figure may carry, folded into families that compare with each other.
UNIT_FAMILY = {"学时": "学时", "课时": "学时", "小时": "学时", "个": "个", "项": "个", "门": "个", "类": "个", "种": "个",
               "所": "所", "人": "人", "名": "人", "位": "人", "%": "%", "比例": "%", "元": "元", "分钟": "分钟",
               "天": "天", "周": "周", "次": "次", "倍": "倍", "篇": "篇", "份": "份", "节": "节", "届": "届",
               "批": "批", "支": "支", "级": "级", "步": "步", "条": "条", "页": "页", "字": "字", "万": "万",
               "学分": "学分", "个月": "个月", "年": "年", "分": "分"}
_WAN_PEOPLE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?|[一二两三四五六七八九十百零〇]+)万(?=[^，,。；;]{0,14}(?:教师|老师|人|学员|校长))")
_GENERIC = re.compile(rf"({NUM})\s*(个月|分钟|小时|学分|天|周|次|倍|篇|份|节|位|元|届|批|支|级|步|条|页|字|年|分)")
_ARABIC = re.compile(r"(?<![\d.A-Za-z/_])\d+(?:\.\d+)?(?![\d.A-Za-z/_])")
# Right before a count: it is a part of a larger whole (其中2个, 中的2个, 选3个).
_PART_OF = re.compile(r"(中的|其中|选)\s*$")
# A run of codes written as a range (A1–A13, T1—T27): every code in it is named.
_CODE_RANGE = re.compile(r"(?<![A-Za-z])([A-CTa-ct])(\d{1,2})\s*[–—\-~～至到]\s*\1?(\d{1,2})(?!\d)")
# 2.0, 一点零: a programme written out.
PROGRAMME_LABEL = re.compile(r"(?<![\d.])([12])\.0(?![\d])|([一二])点零")
_MONTH_RANGE = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:至|到|-|~|—|–)\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月")
_PART = re.compile(r"^\s*(上半年|下半年|初|上旬|中旬|下旬|底|末|中)")
_PARTS = {"初": "early", "上旬": "early", "中旬": "mid", "中": "mid", "下旬": "late", "底": "late", "末": "late",
          "上半年": "first_half", "下半年": "second_half"}
# A half of the year holds its own end of it: 下半年 and 年底 agree, 上半年 and 年初 agree; the middle is in both.
_WITHIN = {frozenset({"first_half", "early"}), frozenset({"second_half", "late"}), frozenset({"first_half", "mid"}),
           frozenset({"second_half", "mid"})}
# 四部分, 四个部分: parts, not a share; 这部分经费: the part just spoken of, not a share either.
_NUMERAL_BEFORE_PART = re.compile(r"(?:[两二三四五六七八九十\d]个?|[这那该此])部分$")
# 应用案例部分，…: 部分 closing its clause names a section, not a share.
_SECTION_PART = re.compile(r"\s*(?:[，,。；;：:]|$|共计|合计|总计|包括|包含)")


def _names_part(text: str, start: int, end: int) -> bool:
    """部分 at text[start:end] names a part (四个部分, 这部分经费, 应用案例部分，…), not a share of a group."""
    return bool(_NUMERAL_BEFORE_PART.search(text[max(0, start - 2):end]) or _SECTION_PART.match(text[end:]))


_PERIOD = re.compile(r"每(?:个)?(月|季度|季|学期|年度|年|周|星期|天|日|半年)")
_PLAN_PERIOD = re.compile(r"十[一二三四五六七八九]五")
_PERIODS = {"季": "季度", "年度": "年", "星期": "周", "日": "天"}
# A denial jieba glued to the word before it (内未, 均不); 要不, 对不, 了不, 差不 are other words.
_ABLE_LIST = re.compile(r"(?:可[\u4e00-\u9fff]{1,2}、)+可[\u4e00-\u9fff]{1,2}")  # 可提升、可检测、可达成
_GLUED_DENIAL = set("未不")
_NOT_GLUED = set("要对了差")
# Light words between a negation and what it negates (不会被取消, 没有要求).
_LIGHT = {"会", "被", "要", "得", "的", "能", "用", "需", "必", "再", "可", "该", "应", "将", "在", "对", "给", "把", "让",
          "受", "予", "以", "去", "来", "用于", "需要", "必须", "能够", "可以", "应该", "应当"}
# Limit words written after the number they bind (40学时以上, 10%以内, 50学时封顶); 至少 or 不少于 after a number
# opens the next phrase (一份至少涵盖2个…).
_POSTFIX = re.compile(r"^(?:以|及|之)|封顶$|上限$|下限$")
_WORD_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def same_unit(a: str | None, b: str | None) -> bool:
    """Whether two units compare: the same family, or one side a bare number."""
    if a is None or b is None:
        return True
    return UNIT_FAMILY.get(a, a) == UNIT_FAMILY.get(b, b)


_PREPOSITIONS = frozenset("与和跟同对把将向在从给")
_JOINS = frozenset(["和", "与", "及", "或", "以及", "或者"])
_AGAIN = frozenset(["也", "又", "亦", "还", "且", "并且"])


@dataclass(frozen=True)
class Figure:
    """A number with its unit and the limit word bound to it (min, max, exact or None)."""

    value: float | tuple[float, float]
    unit: str | None
    limit: str | None
    text: str
    start: int

    def matches(self, other: "Figure") -> bool:
        """Same value (a range matches a range) in comparable units."""
        if not same_unit(self.unit, other.unit):
            return False
        a, b = self.value, other.value
        if isinstance(a, tuple) or isinstance(b, tuple):
            if isinstance(a, tuple) and isinstance(b, tuple):
                return abs(a[0] - b[0]) < 0.01 and abs(a[1] - b[1]) < 0.01
            single, pair = (a, b) if isinstance(b, tuple) else (b, a)
            return abs(single - pair[0]) < 0.01 or abs(single - pair[1]) < 0.01
        return abs(float(a) - float(b)) < 0.01


@dataclass(frozen=True)
class DateValue:
    """A calendar reference: year, month, day and the part of the month or year (early, mid, late)."""

    year: int | None
    month: int | None
    day: int | None
    part: str | None
    text: str

    def agrees(self, other: "DateValue") -> bool | None:
        """True when every field both sides state is equal, False when one differs, None when none is shared."""
        shared = False
        for a, b in ((self.year, other.year), (self.month, other.month), (self.day, other.day)):
            if a is not None and b is not None:
                shared = True
                if a != b:
                    return False
        if self.part and other.part and self.day is None and other.day is None and shared:
            if self.part != other.part and frozenset({self.part, other.part}) not in _WITHIN:
                return False
        return True if shared else None


@dataclass
class Slots:
    """Everything the verifier compares about one piece of text."""

    text: str
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    doc_nos: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    modality: set[str] = field(default_factory=set)
    modal_words: list[tuple[str, str]] = field(default_factory=list)  # (word, strong|weak), as read
    negations: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)
    affirmed: set[str] = field(default_factory=set)
    scope: set[str] = field(default_factory=set)
    group_scope: dict[str, str] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    programmes: set[str] = field(default_factory=set)
    content: list[str] = field(default_factory=list)
    masked: str = ""
    align: str = ""
    actor_mentions: list[tuple[int, int, str]] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    sentence: str = ""  # the whole answer sentence the clause comes from, set by the verifier

    @property
    def polarity(self) -> int:
        """0 for an affirmative clause, 1 for a negated one (double negation cancels; 没有A，也没有B denies once)."""
        return len(self.negations) % 2


class SlotReader:
    """Reads slots with one lexicon, catalogue and gazetteer; results are cached by text."""

    def __init__(self, lexicon: Lexicon, catalogue: Catalogue, gazetteer: Gazetteer) -> None:
        self.lex = lexicon
        self.catalogue = catalogue
        self.gazetteer = gazetteer
        claims = lexicon.claims
        self._limits = [(kind, alternation(getattr(claims.limits, kind))) for kind in ("min", "max", "exact")]
        self._all_limits = alternation(claims.limits.min + claims.limits.max + claims.limits.exact)
        self._limit_kind = {w: kind for kind in ("exact", "max", "min") for w in getattr(claims.limits, kind)}
        self._strong = set(claims.modality.strong)
        self._carriers = set(claims.negation.carriers)
        self._weak = set(claims.modality.weak)
        self._modal_phrases = alternation([w for w in claims.modality.strong + claims.modality.weak if len(w) >= 3])
        self._not_modal = alternation(claims.modality.none)
        self._leave = alternation(claims.modality.leave) if claims.modality.leave else re.compile(r"(?!x)x")
        self._choice = alternation(claims.modality.choice) if claims.modality.choice else re.compile(r"(?!x)x")
        self._lexicalized = alternation(claims.negation.lexicalized)
        self._markers = set(claims.negation.markers)
        self._neg_chars = {w[0] for w in claims.negation.markers if len(w) == 1}
        self._scope = [("all", alternation(claims.scope.all)), ("partial", alternation(claims.scope.partial)),
                       ("only", alternation(claims.scope.only))]
        self._scope_any = alternation(claims.scope.all + claims.scope.partial)
        self._all_words = set(claims.scope.all)
        self._limit_words = set(claims.limits.min) | set(claims.limits.max) | set(claims.limits.exact)
        self._scope_words = alternation(claims.scope.all + claims.scope.partial + claims.scope.only)
        self._programmes = [(p, alternation(ws)) for p, ws in claims.programmes.items()]
        self._drop = set(lexicon.tokens.stop_words) | set(lexicon.tokens.generic_words) | set(lexicon.tokens.fillers) \
            | set(lexicon.tokens.category_nouns) | set(lexicon.tokens.frame_words)
        self._slot_words = (set(claims.modality.strong) | set(claims.modality.weak) | set(claims.limits.min)
                            | set(claims.limits.max) | set(claims.limits.exact) | set(claims.negation.markers)
                            | set(claims.scope.all) | set(claims.scope.partial) | set(claims.scope.only))
        self.read = lru_cache(maxsize=50_000)(self._read)
        self._acting_on = alternation(claims.object_verbs) if claims.object_verbs else re.compile(r"(?!x)x")

    def agents(self, slots: Slots) -> list[str]:
        """The bodies a clause names as doing something: not one a verb before it acts on (借鉴省级试点校经验,
        指导学校…), nor one that only qualifies the name right after it (省级、地（市）级试点校)."""
        mentions = sorted(slots.actor_mentions)
        out = []
        for i, (a, b, actor) in enumerate(mentions):
            if self._acting_on.search(slots.text[:a]):
                continue
            nxt = mentions[i + 1] if i + 1 < len(mentions) else None
            if nxt is not None and slots.text[b:nxt[0]] in ("", "、") and any(
                    slots.text[x[1]:y[0]] == "" for x, y in zip(mentions[i:], mentions[i + 1:])):
                continue  # 省级、地（市）级试点校: levels naming which schools
            if actor not in out:
                out.append(actor)
        return out

    # -- figures ---------------------------------------------------------------------------------------
    def grants_leave(self, text: str) -> bool:
        """The text grants leave outright (可以, 鼓励, 允许, 自愿…), not only names a basis (根据实际需求)."""
        return bool(self._leave.search(text))

    def _head_noun(self, t: str, start: int) -> str | None:
        """The noun a quantifier at t[start] counts: the first noun after it (各地市整校推进 → 地市, 各区至少… → 区),
        or, when a 的 comes first (部分信息化基础较好的地市, 60%的学校), the first noun after the last 的."""
        from assistant.indexing.bm25 import tag

        tokens = tag(re.split(r"[，,。；;：:、]", t[start:start + 16])[0])
        span = []
        for i, (w, flag) in enumerate(tokens):
            nxt = tokens[i + 1][1] if i + 1 < len(tokens) else ""
            has_noun = any(f[:1] in ("n", "j") or f == "vn" for _, f in span)
            if flag[:1] == "m" and not span:
                continue  # 全部四个维度, 所有3所学校: the count between the quantifier and its noun
            if flag[:1] == "v" and nxt[:1] in ("n", "j") and not has_noun:
                span.append((w, "vn"))  # 示范基地校: a verb that modifies the noun after it
                continue
            if (flag[:1] in ("v", "p", "c", "m") and flag != "vn") or w in self._limit_words:
                break
            span.append((w, flag))
        nouns = [(i, w) for i, (w, flag) in enumerate(span) if flag[:1] in ("n", "j") or flag == "vn"]
        if not nouns:
            return None
        marks = [i for i, (w, _) in enumerate(span) if w == "的"]
        if marks:
            after = [w for i, w in nouns if i > marks[-1]]
            if after:
                return after[0]
        # 部分重点地市 (重点/地/市): the compound the first noun opens, up to the last noun joined to it.
        first = last = nouns[0][0]
        for k in range(first + 1, len(span)):
            w, flag = span[k]
            if flag[:1] in ("n", "j") or flag == "vn":
                last = k
            elif flag[:1] != "u" or w == "的":
                break
        return "".join(w for w, _ in span[first:last + 1])

    def limit_span(self, t: str, start: int, end: int) -> tuple[int, int] | None:
        """Where the limit word bound to the number at t[start:end] is written (as _limit_of finds it)."""
        floor = max([m.end() for m in re.finditer(r"[，,。；;：:]", t[:start])], default=0)
        best = None
        for m in self._all_limits.finditer(t, floor, start):
            if len(t[m.end():start]) <= 10 and not re.search(r"[，,。；;]|\d", t[m.end():start]):
                best = (m.start(), m.end())
        if best is not None:
            return best
        m = self._all_limits.match(t, end)
        return (m.start(), m.end()) if m and m.start() - end <= 1 and _POSTFIX.search(m[0]) else None

    def _limit_of(self, t: str, start: int, end: int, floor: int) -> str | None:
        """The limit word bound to the number at t[start:end]: the nearest before it (≤10 characters, not past
        another number or clause mark), else right after it (以上, 以内)."""
        best: str | None = None
        for m in self._all_limits.finditer(t, floor, start):
            between = t[m.end():start]
            if len(between) <= 10 and not re.search(r"[，,。；;]|\d", between):
                best = self._limit_kind[m[0]]
        if best is not None:
            return best
        m = self._all_limits.match(t, end)
        return self._limit_kind[m[0]] if m and m.start() - end <= 1 and _POSTFIX.search(m[0]) else None

    def _figures(self, t: str) -> tuple[list[Figure], list[DateValue], list[str], list[str], list[tuple[int, int]]]:
        found = extract_claims(t, self.catalogue)
        figures: list[Figure] = []
        dates: list[DateValue] = []
        doc_nos: list[str] = []
        codes: list[str] = []
        taken = [(c.start, c.end) for c in found]
        taken += [(m.start(), m.end()) for m in PROGRAMME_LABEL.finditer(t)]
        bounds = [m.end() for m in re.finditer(r"[，,。；;：:]", t)]

        def floor(pos: int) -> int:
            return max([b for b in bounds if b <= pos], default=0)

        for c in found:
            if c.kind == "number":
                value = tuple(c.value) if isinstance(c.value, list) else float(c.value)
                figures.append(Figure(value, c.unit, self._limit_of(t, c.start, c.end, floor(c.start)), c.text,
                                      c.start))
            elif c.kind == "date":
                dates.extend(self._date(c.value, c.text, t, c.end))
            elif c.kind == "doc_no":
                doc_nos.append(str(c.value))
            elif c.kind in ("ability_code", "ability_name"):
                codes.append(str(c.value))

        for m in _CODE_RANGE.finditer(t):
            first, last = int(m[2]), int(m[3])
            if first < last <= first + 40:
                codes.extend(f"{m[1].upper()}{n}" for n in range(first, last + 1) if f"{m[1].upper()}{n}" not in codes)

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in taken)

        dates.extend(self._month_ranges(t, taken))
        for m in _GENERIC.finditer(t):
            v = parse_number(m[1])
            if v is None or not free(m.start(), m.end()) or (m[2] == "年" and v >= 1000):
                continue
            taken.append((m.start(), m.end()))
            figures.append(Figure(v, m[2], self._limit_of(t, m.start(), m.end(), floor(m.start())), m[0],
                                  m.start()))
        for m in _WAN_PEOPLE.finditer(t):
            # 110万中小学（含幼儿园）教师: tens of thousands of people, counted before the bare digits below
            count = parse_number(m[1])  # 110 or 一百二十
            if count is not None and free(m.start(), m.end(1) + 1):
                taken.append((m.start(), m.end(1) + 1))
                figures.append(Figure(count * 10000, "人", self._limit_of(t, m.start(), m.end(1) + 1,
                                                                               floor(m.start())),
                                      t[m.start():m.end(1) + 1], m.start()))
        for m in _ARABIC.finditer(t):
            if free(m.start(), m.end()):
                v = float(m[0])
                if 1900 <= v <= 2100:
                    dates.append(DateValue(int(v), None, None, None, m[0]))
                else:
                    figures.append(Figure(v, None, self._limit_of(t, m.start(), m.end(), floor(m.start())), m[0],
                                          m.start()))
                taken.append((m.start(), m.end()))
        return figures, dates, doc_nos, codes, taken

    @staticmethod
    def _month_ranges(t: str, taken: list[tuple[int, int]]) -> list[DateValue]:
        """"8至9月", "九到十二月": the first month of a range written once with 月."""
        out = []
        for m in _MONTH_RANGE.finditer(t):
            first = parse_number(m[1])
            if first is not None and 1 <= first <= 12 and all(m.start() >= e or m.start(1) < s for s, e in taken):
                out.append(DateValue(None, int(first), None, None, m[1] + "月"))
                taken.append((m.start(1), m.end(1)))
        return out

    @staticmethod
    def _date(value: dict, text: str, t: str, end: int) -> list[DateValue]:
        if "years" in value:
            return [DateValue(y, None, None, None, text) for y in value["years"]]
        m = _PART.match(t[end:end + 4])
        part = _PARTS[m[1]] if m else None
        # (2020年上半年: the part is said with the date, so a verdict quoting it says it too)
        shown = text + m[1] if m and len(m[1]) == 3 else text
        return [DateValue(value.get("year"), value.get("month"), value.get("day"), part, shown)]

    # -- words -----------------------------------------------------------------------------------------
    def _tokens(self, t: str) -> list[str]:
        from assistant.indexing.bm25 import segment

        return segment(t)

    @staticmethod
    def _nouns(t: str) -> list[str]:
        """Nouns, noun phrases and names: what a claim is about (verbs and particles are paraphrase-prone)."""
        from assistant.indexing.bm25 import tag

        return [w for w, flag in tag(t) if flag[:1] in ("n", "j") or flag in ("vn", "eng")]

    def _read(self, text: str) -> Slots:
        t = normalize_text(text)
        slots = Slots(text=t)
        slots.figures, slots.dates, slots.doc_nos, slots.codes, taken = self._figures(t)
        for m in _PERIOD.finditer(t):
            slots.periods.append(_PERIODS.get(m[1], m[1]))
            taken.append((m.start(), m.end()))
        for m in _PLAN_PERIOD.finditer(t):
            slots.periods.append(m[0])  # 十四五: a five-year plan, compared like a date
            taken.append((m.start(), m.end()))
        claims = self.lex.claims
        actor_spans = []
        words = None
        pos = 0
        while (m := claims.actor_pattern.search(t, pos)) is not None:
            pos = m.end()
            if len(m[0]) == 2:
                # 提高校本研修 holds no 高校: a two-character name that begins inside a word is no name (and a
                # longer one may begin in its second character: 所在地市教育局).
                if words is None:
                    from assistant.indexing.bm25 import spans
                    words = spans(t)
                if any(a < m.start() < b for a, b in words):
                    pos = m.start() + 1
                    continue
            actor = claims.actor_by_word[m[0]]
            slots.actor_mentions.append((m.start(), m.end(), actor.id))
            if actor.id != "teacher":  # 青年教师, 专任教师: the words before 教师 say who, and stay content
                actor_spans.append((m.start(), m.end()))
            if actor.id not in slots.actors:
                slots.actors.append(actor.id)
        region_spans = []
        titles = [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》|[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号", t)]
        for a, b, region in self.gazetteer.find(t):
            region_spans.append((a, b))
            # A place inside a document's title or 文号 names the document, not what the claim is about.
            inside = any(x <= a < y for x, y in titles)
            if region.canonical and region.canonical not in slots.regions and not inside:
                slots.regions.append(region.canonical)
        for p, pattern in self._programmes:
            if pattern.search(t):
                slots.programmes.add(p)
        for kind, pattern in self._scope:
            for m in pattern.finditer(t):
                if m[0] == "部分" and _names_part(t, m.start(), m.end()):
                    continue
                if kind == "only" and m[0] == "只有" and "才" in t[m.end():]:
                    continue  # 只有达到…才能…: a condition, not a narrowing
                if kind == "only" and m[0] == "只有" and re.match(r"\s*[\d两二三四五六七八九十一]+\s*[个项类种所名人]", t[m.end():]):
                    continue  # 学情分析只有2个点: a count stated, not a narrowing
                slots.scope.add(kind)
        # The scope each group is spoken of in, keyed by the head noun of the group: 所有学校 / 各地市 (all),
        # 部分示范基地校 / 不少于60%的学校 / 选3-5个学科 / 四个维度中的2个维度 (partial).
        for m in self._scope_any.finditer(t):
            if m[0] == "部分" and _names_part(t, m.start(), m.end()):
                continue
            kind = "all" if m[0] in self._all_words else "partial"
            word = m[0]
            # 各地市, 每校, 全学科, 部分学校: the scope word names its group itself
            own = word[2:] if word.startswith("部分") else word[1:] if word[0] in "各每全" else ""
            head = own if own and own not in ("部", "体", "员", "部分", "都", "覆盖") else self._head_noun(t, m.end())
            if head:
                slots.group_scope.setdefault(head, kind)
        for f in slots.figures:
            end = f.start + len(f.text)
            if f.unit == "%" and isinstance(f.value, float):
                kind = "partial" if f.value < 100 else "all"
            elif isinstance(f.value, tuple) or _PART_OF.search(t[max(0, f.start - 3):f.start]):
                kind = "partial"  # 3-5个学科, 其中2个维度: a count out of more
            else:
                continue
            if _predicate_next(t, end):
                continue  # 百分之四十完成…培训: the verb after the share is what is done, no group it counts
            head = self._head_noun(t, end)
            if head:
                slots.group_scope.setdefault(head, kind)
        # Modality and negation are read on jieba tokens, so 应用 is not 应 and 可持续 is not 可.
        unlimited = self._all_limits.sub(" ", t)
        for m in self._modal_phrases.finditer(unlimited):
            slots.modality.add("strong" if m[0] in self._strong else "weak")
            slots.modal_words.append((m[0], "strong" if m[0] in self._strong else "weak"))
        # A modal phrase (实际需要, 有需求的) is read once: its 需要 is not an obligation of its own.
        unlimited = self._not_modal.sub(" ", self._modal_phrases.sub(" ", unlimited))
        # 可提升、可检测、可达成的目标: a list of what a thing is able to be describes it; its 可 grants nothing.
        unlimited = _ABLE_LIST.sub(lambda m: m[0].replace("可", " "), unlimited)
        bare = self._lexicalized.sub(" ", unlimited)
        # 不是提升工程2.0的微能力点 negates 微能力点: the programme is a qualifier, judged by its own slot.
        for _, pattern in self._programmes:
            bare = pattern.sub(" ", bare)
        # Each clause's words, then a break (" "), so a phrase ends where its clause does.
        # A bracket closes the clause too: 混淆（编号T1–T27…） denies 混淆, not what the bracket lists.
        tokens = [tok for piece in re.split(r"[，,。；;：:！!？?（）()]+", bare) for tok in self._tokens(piece) + [" "]]
        pending = denied_last = False
        last_tok = ""
        phrase: list[str] | None = None  # 不向乡村学校倾斜: the words after a denied preposition, up to the clause end
        for tok in tokens:
            prev_tok, last_tok = last_tok, tok
            if phrase is not None:
                if tok == " ":
                    if phrase:
                        slots.negated.append(phrase.pop())  # the last word of the phrase is what is denied
                        slots.affirmed.update(phrase)
                    phrase = None
                elif len(tok) >= 2 and tok not in _LIGHT:
                    phrase.append(tok)
                continue
            if tok in self._strong:
                slots.modality.add("strong")
                slots.modal_words.append((tok, "strong"))
            elif tok in self._weak:
                slots.modality.add("weak")
                slots.modal_words.append((tok, "weak"))
            if len(tok) == 2 and tok[1] in _GLUED_DENIAL and tok[0] not in _NOT_GLUED and tok not in self._drop:
                tok = tok[1]  # 周期内未完成: jieba glued the denial to the word before it (内未)
            if len(tok) == 2 and tok[0] in self._neg_chars and tok[1] in _PREPOSITIONS and tok[1] != "在" \
                    and tok not in self._markers:  # (不在…之内 leaves something out: a matter of scope)
                # 不对数据做挖掘: jieba glued the denial to the preposition (不对); what is denied is the verb at the end
                slots.negations.append(tok)
                phrase = []
                continue
            if tok in self._markers or (len(tok) >= 2 and tok[0] in self._neg_chars and tok not in self._drop
                                        and tok[:2] not in ("不少", "不低", "不超", "不高", "无论", "非常")):
                if not (slots.negations and prev_tok in _AGAIN):
                    slots.negations.append(tok)  # 没有A，也没有B: the second denial repeats the first
                if tok in self._markers:
                    pending = True
                    continue
                slots.negated.append(tok[1:])  # 不达标 negates 达标
                if tok[1:] in self._strong or tok[1:] in self._carriers:
                    pending = True  # 不要求一致 negates 一致 too
                continue
            if pending and tok in _PREPOSITIONS:
                pending = False  # 不要与…混淆: what is denied is the verb at the end, not the noun after 与
                phrase = []
                continue
            if denied_last and tok in _JOINS:
                pending, denied_last = True, False  # 没有学情分析和课堂讲授的点: both are denied
                continue
            if len(tok) < 2 or tok in _LIGHT:
                continue
            if pending:
                slots.negated.append(tok)  # 没有完成 negates 完成; 不会被取消 negates 取消
                # 不要求…一致, 不参与抽检: what is not required, or not taken part in, is denied too
                pending = tok in self._strong or tok in self._carriers
                denied_last = True
            else:
                denied_last = False
                slots.affirmed.add(tok)
        # 自主选择不少于5学时: a free choice of which, with a minimum, is still a requirement.
        if slots.modality == {"weak"} and self._choice.search(t) and any(f.limit == "min" for f in slots.figures):
            if not any(tok in self._weak for tok in self._tokens(self._choice.sub(" ", bare))):
                slots.modality.discard("weak")
                slots.modal_words = [x for x in slots.modal_words if x[1] != "weak"]
        # Content: what is left once every slot word, figure, actor and place is taken out.
        chars = list(t)
        for a, b in sorted(taken + region_spans):
            for i in range(a, min(b, len(chars))):
                chars[i] = " "
        slots.align = "".join(chars)
        for a, b in actor_spans:
            for i in range(a, min(b, len(chars))):
                chars[i] = " "
        masked = "".join(chars)
        masked = self._scope_words.sub(" ", self._all_limits.sub(" ", masked))
        slots.masked = masked
        slots.content = [w for w in self._nouns(masked)
                         if len(w) >= 2 and w not in self._drop and w not in self._slot_words
                         and _WORD_CHARS.search(w) and not re.fullmatch(r"[\d.%a-z]+", w)]
        return slots


def _predicate_next(t: str, end: int) -> bool:
    """The word right after a figure is a verb of its own (20%完成培训), not a noun or a noun's modifier."""
    from assistant.indexing.bm25 import tag

    tokens = tag(re.split(r"[，,。；;：:、]", t[end:end + 8])[0])
    return bool(tokens) and tokens[0][1] == "v" and len(tokens) > 1 and tokens[1][1][:1] in ("n", "j", "v")
