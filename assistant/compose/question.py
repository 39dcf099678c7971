"""Understanding a teacher's question: where, which programme, what is asked (the slot), which micro-abilities,
and whether one message asks several things. Every word list comes from the lexicon (corpus/lexicon).

Usage:
    reader = QuestionReader(engine, lexicon, cues)
    q = reader.read("我是江苏的初中数学老师，2.0培训一共要多少学时？线上线下怎么分？", region=None)
    q.region, q.slot, q.unit, [p.text for p in q.parts]   # → "江苏", "how_many", "学时", [...]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.corpus.lexicon import Lexicon, alternation, default_lexicon
from assistant.guard.injection import find_attacks, strip_attacks
from assistant.rules.numbers import normalize_text
from assistant.timing import timed

__all__ = ["Question", "QuestionReader", "CODE"]

CODE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z])\s?(\d{1,2})(?![\d.A-Za-z])")
_LETTER = re.compile(r"(?<![A-Za-z0-9])([ABCabc])\s?类")
_PIECES = re.compile(r"[？?!！。；;\n]+")
# "1总共要多少学时 2要选几个 3交啥材料", "①…②…": a numbered list of questions (a digit set apart, not a count).
_NUMBERED = re.compile(r"(?:^|(?<=[\s，,：:、]))(?:[1-9](?:[.、．)）](?![0-9])|(?![0-9个名所项门次年月日号学分%点类种条位]))|[①②③④⑤⑥⑦⑧⑨])"
                       r"(?=\s*[\u4e00-\u9fff])")
# How each unit a how-many question may ask in is written (corpus/lexicon/questions.yaml, in order).
_UNITS = list(default_lexicon().questions.units.items())
ROUTES = default_lexicon().routes


@dataclass
class Question:
    """One question as understood; `parts` holds the sub-questions of a message that asks several things."""

    text: str
    original: str
    region: str | None = None
    regions: list[str] = field(default_factory=list)
    program: str = "2.0"
    program_named: bool = False
    national_only: bool = False
    slot: str | None = None
    slots: list[str] = field(default_factory=list)
    unit: str | None = None
    yes_no: bool = False
    codes: list[str] = field(default_factory=list)
    bad_codes: list[str] = field(default_factory=list)
    legacy_codes: list[str] = field(default_factory=list)
    letters: list[str] = field(default_factory=list)
    environment: str | None = None
    subject: str | None = None
    stage: str | None = None
    intent: str = "ask"
    attacked: bool = False
    in_domain: bool = True
    parts: list["Question"] = field(default_factory=list)
    comparison: bool = False
    context: str = ""
    unsettled: list[tuple[str, str]] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    topic: str = ""
    context_topic: str = ""

    @property
    def query(self) -> str:
        """What retrieval searches with: the question, then what a follow-up leaves to the previous question."""
        # 国家整校推进指南里…: the document named is the scope's business, not words to look for.
        return _NATIONAL_NAMES.sub(" ", f"{self.text} {self.context}").strip()

    @property
    def asks_figure(self) -> bool:
        """How many, how much, when: a figure or a date answers it."""
        return self.slot in ("how_many", "when")


_HEARSAY = re.compile(r"(?:^|[\s，,])(?:我听说|听说|据说|听人说|听别人说|同事说|有人说|别人说)")
_OPEN_QUESTION = re.compile(r"多少|几|什么|啥|怎么|怎样|咋|哪|谁|如何")
# 智慧学习环境下面有没有…的点: an environment named as where points are looked for is its class.
_ENV_PLACE = re.compile(r"(智慧|混合|多媒体)(?:学习|教学)?环境\s*(?:下面|下|里面|里|中|当中)(?=[^，,。？?]{0,6}(?:有没有|有|没有|几个|哪些))")
_ENV_LETTER = {"多媒体": "A", "混合": "B", "智慧": "C"}
_NATIONAL_NAMES = alternation(default_lexicon().questions.national_documents)
_ASKING_TAIL = ("吗", "呢", "吧", "么", "嘛", "算", "啊", "呀")


class QuestionReader:
    """Reads questions with one rule engine (places, catalogue), one lexicon and the recommender's cue table."""

    def __init__(self, engine, lexicon: Lexicon, cues=None, texts: dict[str, str] | None = None) -> None:
        self._corpus = "\n".join((texts or {}).values())
        self.engine = engine
        self.lex = lexicon
        self.cues = cues
        q = lexicon.questions
        self._slots = [(slot, alternation(words)) for slot, words in q.slots.items()]
        self._order = {slot: i for i, slot in enumerate(q.slots)}
        self._yes_no_end = re.compile(rf"(?:{alternation(q.yes_no).pattern})$")  # a yes/no ending (…吧, …没)
        self._old = alternation(q.programme_1_0)
        self._typos = q.typos
        self._leave = alternation(q.slots.get("may_i", []) + ["可以", "能否"])
        self._typo = alternation(list(q.typos)) if q.typos else None
        forge = lexicon.attacks.forge
        self._forge = re.compile("|".join(f"(?:{p})" for p in forge), re.IGNORECASE) if forge else None
        self._old_weak = alternation(q.programme_1_0_weak)
        self._national = alternation(q.national_documents)
        self._splitters = alternation(q.splitters)
        self._comparison = alternation(q.comparison)
        self._recommend = alternation(q.recommend)
        self._draft = alternation(q.draft)
        self._draft_objects = alternation(q.draft_objects)
        self._draft_out = alternation(q.draft_out_of_scope)
        self._domain = alternation(q.programme_words)
        # Bodies and people the documents bind duties to (区里, 执行办公室, 教研组长), teachers aside.
        self._actors = alternation([w for a in lexicon.claims.actors if a.id != "teacher" for w in a.words])
        self._fillers = set(lexicon.tokens.fillers) | set(lexicon.tokens.stop_words) | set(lexicon.tokens.generic_words)
        self._unsettled = [(kind, alternation(words)) for kind, words in q.unsettled.items()]
        intro = q.self_intro
        roles = [r for r in intro.get("roles", ["老师"]) if len(r) >= 2]
        self._openers = alternation(intro.get("openers", ["我是"]))
        self._intro = re.compile(
            f"(?:{self._openers.pattern})[^，,。？?！!]{{0,24}}?"
            f"(?:{alternation(intro.get('roles', ['老师'])).pattern})(?:[，,。 ]|$)"
            # or, with no opener, a leading description of the asker that ends in a role (凉山村小的 2.0…)
            # (one that asks nothing: 瓦房店市里怎么评估学校 is a question about schools, not an asker)
            f"|^\\s*(?:(?!怎|咋|什么|啥|哪|几|多少|谁|吗)[^，,。？?！!\\s]){{0,8}}?(?:{alternation(roles).pattern})的?[，, ]")

    def introduction(self, text: str) -> tuple[re.Match, str] | None:
        """The asker's self-introduction (我是学校的信息技术老师，) and who it says the asker is (学校的信息技术老师)."""
        m = self._intro.search(text)
        if m is None:
            return None
        who = re.sub(rf"^\s*(?:{self._openers.pattern})", "", m[0]).strip(" ，,。")
        return m, who

    # -- pieces ----------------------------------------------------------------------------------------
    def _places(self, text: str) -> list[tuple[int, int, str]]:
        return [(a, b, r.canonical) for a, b, r in self.engine.gazetteer.find(text)
                if r.known and r.canonical and not r.is_national]

    def slot_of(self, text: str) -> tuple[str | None, list[str]]:
        """The asked slot (the longest slot word wins; ties by the lexicon's order) and every slot present."""
        found: list[tuple[int, int, str]] = []
        for slot, pattern in self._slots:
            for m in pattern.finditer(text):
                if slot == "where" and m[0].endswith("哪") and text[m.end():m.end() + 1] in ("些", "几", "类", "项", "样"):
                    continue  # 报哪些东西 asks which things, not where
                if m[0].startswith("几") and (text[m.end():m.end() + 1] == "何" or text[m.start() - 1:m.start()] == "好"):
                    continue  # 几何画板: geometry; 说了好几次: several — neither asks a count
                found.append((len(m[0]), -self._order[slot], slot))
        found.sort(reverse=True)
        if (not found or found[0][2] in ("how", "what_is")) and ROUTES["figure_requirement"].search(text):
            # 学时咋要求的: what the rules set for the hours is a figure, not a way of doing things
            return "how_many", list(dict.fromkeys(["how_many"] + [f[2] for f in found]))
        if not found:
            return None, []
        return found[0][2], list(dict.fromkeys(f[2] for f in found))

    @staticmethod
    def unit_of(text: str) -> str | None:
        """The unit a how-many question asks in (学时, %, 人, 所, 元, date, 个); a share (占多少) before all."""
        if ROUTES["share_asked"].search(text) and not re.search(r"(?:多少|几)个?学时", text):
            if ROUTES["asks_portion"].search(text) and _HOURS_STATED.search(text):
                return "学时"  # 线上那25学时里 专题课程和应用案例各占多少: parts of hours given, in hours
            return "%"  # (一共多少学时，网络研修占多少: a part of the hours, in hours)
        # 50学时能换多少学分: the unit right after the question word is the one asked in.
        asked = re.search(r"几|多少|多长|多久|多大", text)
        for part in ([text[max(0, asked.start() - 2):asked.start() + 12]] if asked else []) + [text]:
            for unit, pattern in _UNITS:
                if re.search(pattern, part):
                    return unit
        return None

    def _codes(self, text: str, q: Question) -> None:
        catalogue = self.engine.catalogue
        legacy_ends = []
        for m in CODE.finditer(text):
            code = f"{m[1].upper()}{int(m[2])}"
            if catalogue.find(code) is not None:
                q.codes.append(code)
            elif catalogue.is_legacy(code):
                q.legacy_codes.append(code)
                legacy_ends.append(m.end())
            elif m[1].isupper() or m[1] in "abc":
                q.bad_codes.append(code)

        def named(name: str) -> bool:
            # "T11技术支持的课堂导入": a name written right after a 1.0 course code is that course's name.
            return any(not any(0 <= m.start() - end <= 1 for end in legacy_ends)
                       for m in re.finditer(re.escape(name), text))

        for ability in catalogue.abilities:
            if any(named(name) for name in (ability.name, *ability.aliases)) and ability.code not in q.codes:
                q.codes.append(ability.code)
        q.letters = sorted({m[1].upper() for m in _LETTER.finditer(text)} |
                           {m[1].upper() for m in re.finditer(r"(?<![A-Za-z0-9])([ABCabc])\s*(?:里|里面|中|当中)", text)} |
                           {_ENV_LETTER[m[1]] for m in _ENV_PLACE.finditer(text)})
        q.codes = list(dict.fromkeys(q.codes))

    def _profile(self, text: str, q: Question) -> None:
        if self.cues is None:
            return
        from assistant.recommend.understanding import understand

        u = understand(text, self.cues, self.engine.catalogue.abilities)
        q.environment = u.environment_cap or u.environment
        q.subject, q.stage = u.subject, u.stage

    def intent_of(self, text: str) -> str:
        """ask | recommend | draft | draft_out (a whole lesson plan, a paper: not something the advisor writes)."""
        asks_me = ROUTES["draft_request"].search(text)
        # 我只写了一个能力点: what one has written is not a request to write
        writes = not ROUTES["already_written"].search(text) and self._draft.search(text) and re.search(
            r"(帮我|给我|请|帮忙|能否|可以|麻烦)?\s*(写|起草|拟|生成|出)\s*(一份|一个|一篇|个|份|篇|完整)?", text) and (
            asks_me or not ROUTES["must_write"].search(text))
        if writes and (self._draft_out.search(text) or (asks_me and not self.slot_of(text)[0])) \
                and not self._draft_objects.search(text):
            return "draft_out"  # 帮我写一份评课稿: asked to write something that is neither a plan nor a reflection
        if writes and self._draft_objects.search(text):
            return "draft"
        points = ROUTES["point_words"].search(text) and not ROUTES["recommend_other"].search(text)
        if points and ROUTES["recommend_outright"].search(text) and not ROUTES["meaning_asked"].search(text):
            return "recommend"  # 推荐几个适合我的: asked outright
        if self._recommend.search(text) and points and not ROUTES["not_recommend"].search(text):
            return "recommend"
        return "ask"

    def topic_of(self, text: str, program: str = "2.0") -> str:
        """What the question is about: without the self-introduction, the places (the scope has them) and the
        teacher's subject, grade and stage (the documents do not depend on them)."""
        spans = [(a, b) for a, b, _ in self._places(text)]
        if self.cues is not None:
            from assistant.recommend.cues import normalize

            norm = normalize(text)
            if len(norm) == len(text):
                spans += [(m.start, m.end) for m in self.cues.subjects(norm) + self.cues.grades(norm)]
        spans += [(m.start(), m.end()) for m in re.finditer(r"(?<![\d.])[12]\.0(?![\d])|[一二]点零", text)]
        # 国家指南里…, 当年1.0的时候…: which document or programme is asked is the scope's business, not a word
        # to look for (a year stays: it may be what is asked)
        spans += [(m.start(), m.end()) for m in self._national.finditer(text)]
        if program == "1.0":
            spans += [(m.start(), m.end()) for pattern in (self._old, self._old_weak) for m in pattern.finditer(text)
                      if not re.search(r"\d{4}", m[0])]
        chars = list(text)
        for a, b in spans:
            for i in range(a, min(b, len(chars))):
                chars[i] = " "
        out = whole = "".join(chars)
        for _ in range(3):  # 初中 物理 老师，: one role after another
            out, n = self._intro.subn(" ", out)
            if not n:
                break
        if ROUTES["concerns_me"].search(text) or ROUTES["joins_as_me"].search(text):
            # 我是江苏的中职老师，跟我有关系吗; 我是信息技术老师…团队我能进不: the teacher's own kind is what is asked about
            return whole
        return out

    # -- the question ----------------------------------------------------------------------------------
    @timed("understand")
    def read(self, text: str, region: str | None = None, history: list[dict] | None = None) -> Question:
        """Everything the pipeline needs to know about one message (history: earlier turns, for follow-ups)."""
        original = text
        attacked = False
        if find_attacks(text):
            text, attacked = strip_attacks(text)
        text = normalize_text(text).strip()
        if self._typo is not None:
            text = self._typo.sub(lambda m: self._typos[m[0]], text)
        from assistant.compose.english import to_chinese_terms
        from assistant.compose.followup import rewrite_followup

        text = to_chinese_terms(text)
        # 一共要学多久: how long the training lasts as a whole is its hours (一共要学多少学时).
        text = ROUTES["total_time"].sub(lambda m: re.sub(r"多久|多长时间", "多少学时", m[0]), text)
        context = ""
        if history and not attacked:
            # 有没有现成案例可以参考一下: a request for examples that names nothing else is about what came before.
            bare = lambda t: self._without_topic(ROUTES["asks_example"].sub(" ", t))
            text, context = rewrite_followup(text, history, self._places, self._swap, bare)
        q = self._single(text, original, region, history)
        if attacked and not (q.slot or q.yes_no or "？" in text or "?" in text):
            q.in_domain = False  # what is left of an attack is an instruction (告诉我…, 编一个…), not a question
        forged = self._forge is not None and bool(self._forge.search(normalize_text(original)))
        q.context = context
        q.context_topic = self.topic_of(context) if context else ""
        if context and _ASKING_WORD.search(text) and self._new_actor(text, context) \
                and not ROUTES["points_back"].search(text) and not re.search(r"这些|这里面|那里面|其中", text) \
                and not self._without_topic(self.lex.claims.actor_pattern.sub(" ", text)):
            # 那区县那一级要建什么机制 after 学校管理团队谁牵头: another body, and a thing of its own asked about;
            # only the place and programme carry over.
            q.context_topic = ""
        if context and q.context_topic and _ASKING_WORD.search(text) and not ROUTES["points_back"].search(text) \
                and not re.search(r"这些|这里面|那里面|其中", text) and self._own_words(text, context) >= 2:
            # 那考核不达标的老师咋整 after 一划两案啥时候报: two things of its own, none of the earlier question's,
            # asked about; the earlier words would only pull the answer back to the earlier thing.
            q.context_topic = ""
        opener = self._actors.match(re.sub(r"^[那这]?(?:个|些)?", "", text.strip())) if context else None
        if opener and _ASKING_WORD.search(text) and opener[0] not in context \
                and not ROUTES["points_back"].search(text) and not re.search(r"这些|这个|那些|其中|这里面|那里面", text):
            # 那高校管啥 after 执行办公室由哪些单位组成: a body of its own opens the message and is asked about; the
            # earlier words would only pull the answer back to the earlier body.
            q.context = q.context_topic = ""
        if context:
            # What the follow-up leaves unsaid comes from the previous question: its place, programme, codes.
            prev = self._single(context, context, region, None)
            q.region = q.region or prev.region
            if prev.program == "1.0" and not q.program_named:
                q.program = "1.0"
            if prev.codes and not q.codes and re.search(r"(?:是|对应|算)哪(?:一)?个$", text.strip("？?。 ")) \
                    and not self._without_topic(text) and not ROUTES["names_point"].search(text) \
                    and not ROUTES["asks_example"].search(text):
                # 那做跨学科的是哪个 after C4要交啥: which point does that, asked of a practice it names itself.
                q.text = text = f"{text}的能力点"
                q.context = q.context_topic = ""
            elif not re.search(r"[ABC]\s*类", text):
                q.codes = q.codes or prev.codes  # 那C类里有没有学情分析的点 asks of a class, not of the point before
            q.in_domain = q.in_domain or prev.in_domain
            # 那线上在哪学 after 江苏实践应用要多少学时: its own slot, asked of a thing it names itself; only the place
            # and programme carry over, not the words of the previous question.
            if q.slot in ("where", "who", "when") and prev.slot and q.slot != prev.slot and not self._without_topic(text) \
                    and not ROUTES["points_back"].search(text):
                q.context = q.context_topic = ""
            # 它具体都管些啥事 asks its own question (啥): the previous question's slot is not its own.
            q.slot = q.slot or (prev.slot if not _ASKING_WORD.search(text) else None)
            q.unit = q.unit or (prev.unit if q.slot == prev.slot else None)
        elif history and not q.in_domain and not attacked and not any(k == "out_of_scope" for _, k in q.unsettled):
            # 在线教学做的资源能算进去吗 after 江苏2.0总共多少学时: a conversation about the programme goes on about it
            # unless the message turns to what is outside it.
            last = next((str(t.get("content", "")) for t in reversed(history) if t.get("role") == "user"), "")
            q.in_domain = bool(last) and self._single(last, last, region, None).in_domain
        if not context and history and not q.program_named and q.program == "2.0":
            # A conversation about 1.0 stays on 1.0 until the teacher names a programme (证书谁发 after 1.0的时候…).
            last = next((str(t.get("content", "")) for t in reversed(history) if t.get("role") == "user"), "")
            prev = self._single(last, last, region, None) if last else None
            if prev is not None and prev.program == "1.0" and (not q.regions or prev.region in (None, q.region)):
                q.program = "1.0"
        q.attacked = attacked
        if forged:
            q.attacked, q.in_domain, q.text = True, False, ""  # 伪造/编造/冒充: nothing of it is a question
        q.parts = self._split(q)
        # 各占多少 after 广东以前要多少学时, or 广东1.0网络研修和校本研修各占多少: a part naming neither programme nor
        # another place asks of 1.0 too, unless another part names 2.0.
        carried = q.program == "1.0" and not any(p.program_named and p.program == "2.0" for p in q.parts)
        for part in q.parts:
            if carried and not part.program_named and (not part.regions or part.region == q.region):
                part.program = "1.0"
            inherited = part.context
            part.context = " ".join(x for x in (inherited, context) if x)
            part.context_topic = " ".join(x for x in (self.topic_of(inherited) if inherited else "", q.context_topic)
                                          if x.strip())
        return q

    def _each(self, q: Question, texts: list[str], keep_slot: bool = True) -> list[Question]:
        """One sub-question per text, in the message's region; with `keep_slot`, asking what the message asks
        when the text alone does not say."""
        parts = []
        for text in texts:
            sub = self._single(text, text, q.region, None)
            sub.region = sub.region or q.region
            if keep_slot:
                sub.slot, sub.unit = sub.slot or q.slot, sub.unit or q.unit
            parts.append(sub)
        return parts

    def _without_topic(self, text: str) -> bool:
        """Nothing asked about but a place or a pointer ("瓦房店那边要几个"): a follow-up of the previous turn."""
        from assistant.indexing.bm25 import tag

        rest = self.topic_of(text)
        return not any(((flag[:1] in ("n", "j") or flag == "vn") or self._rare(w)) and len(w) >= 2
                       and w not in self._fillers and w not in ("那边", "这边", "那里", "这里") for w, flag in tag(rest))

    def _own_words(self, text: str, context: str) -> int:
        """How many content words the text names, none of them the context's (0 when it shares one, or when it
        names no thing at all)."""
        from assistant.indexing.bm25 import tag

        tagged = [(w, flag) for w, flag in tag(self.topic_of(text)) if len(w) >= 2 and w not in self._fillers]
        words = {w for w, flag in tagged if flag[:1] in ("n", "j", "v") or self._rare(w)}
        # (交给谁 啥时候截止: verbs of asking alone name no thing)
        if any(w in context for w in words) or not any(flag[:1] in ("n", "j") or flag == "vn" for _, flag in tagged):
            return 0
        return len(words)

    def _rare(self, word: str) -> bool:
        """A word the documents use only once to three times (简报, 备案): a thing named, however jieba tags it."""
        return 1 <= self._corpus.count(word) <= 3

    def _new_actor(self, text: str, context: str) -> bool:
        """The text names a body or role the context does not."""
        claims = self.lex.claims
        mine = {claims.actor_by_word[m[0]].id for m in claims.actor_pattern.finditer(text)} - {"teacher"}
        theirs = {claims.actor_by_word[m[0]].id for m in claims.actor_pattern.finditer(context)}
        return bool(mine - theirs)

    def _swap(self, core: str, base: str) -> str | None:
        """"那县里呢" after "省里负责啥": the previous question with its actor (or counterpart word) replaced."""
        actors = self.lex.claims
        mine = [m for m in actors.actor_pattern.finditer(core)]
        if len(mine) == 1 and len(core) - len(mine[0][0]) <= 3:
            new = actors.actor_by_word[mine[0][0]]
            for m in actors.actor_pattern.finditer(base):
                old = actors.actor_by_word[m[0]]
                if old.id != new.id and old.level != "body" and new.level != "body":
                    return base[:m.start()] + mine[0][0] + base[m.end():]
        # 那“出口”呢, 应用案例那块呢: the word without its quotes or the frame around it.
        core = re.sub(r"(那块|这块|那一块|这一块|那边|这边|方面|部分)$", "", core.strip("“”\"「」‘’'《》 "))
        for group in self.lex.questions.counterparts:
            if core in group:
                for other in group:
                    if other != core and other in base:
                        return base.replace(other, core, 1)
        return None

    def asks_leave(self, q: Question) -> bool:
        """Whether the question asks may I / is it enough (行不行, 能过吗, 够不够): answered 可以 / 不行, not 是 / 不是."""
        return q.slot == "may_i" or "may_i" in q.slots or bool(self._leave.search(q.text))

    def is_yes_no(self, text: str) -> bool:
        """A question answered yes or no: a sentence of it ends with 吗/吧/对吗… (没记错吧？我记性不太好), or it asks
        是不是/能不能/行不行…."""
        # A space typed between two clauses on a phone ends the first (…完成吧 不急).
        for sentence in re.split(r"[？?。!！；;]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", text):
            tail = re.sub(r"[~～\s]+$", "", sentence)
            if not tail or ROUTES["not_yes_no_tail"].search(tail):
                continue
            if self._yes_no_end.search(tail[-4:]):
                return True
            if _HEARSAY.search(tail) and not _OPEN_QUESTION.search(tail):
                return True  # 听说国家规定实践应用只要占三分之一？: what was heard, asked to be confirmed
        return bool(re.search(
            r"是不是|对不对|能不能|行不行|可不可以|要不要|算不算|够不够|需不需要|用不用|有没有|是否|会不会|管不管|"
            r"包不包括|含不含", text))

    def _distinct(self, regions: list[str]) -> list[str]:
        """The named regions that do not merely contain one another (北京 and 海淀 are one place)."""
        chains = {r: self.engine.gazetteer.resolve(r).chain for r in regions}
        return [r for r in regions if not any(o != r and (o in chains[r] or r in chains[o]) for o in regions)]

    def _own_side(self, text: str, place: str, others: list[str]) -> str:
        """The message with the figures of the clauses that speak only of the other places compared taken out
        (广东以前要80学时，北京现在要多少 → 广东以前要学时，北京现在要多少 for 北京): what is asked stays, the other
        side's figure does not become this side's."""
        pieces = re.split(r"(?<=[，,。？?！!；;\s])", text)
        kept = []
        for piece in pieces:
            named = {canon for _, _, canon in self._places(piece)}
            if named and place not in named and named & set(others):
                piece = re.sub(r"(?<![\d.])\d+(?:\.\d+)?%?(?!\.0)", "", piece)
            kept.append(piece)
        return "".join(kept)

    def _only_1_0(self, region: str | None) -> bool:
        """Whether the corpus holds a 1.0 document of this region and no 2.0 document of its own (广东)."""
        if not region:
            return False
        chain = self.engine.gazetteer.resolve(region).chain[:-1]
        own = [d for d in self.engine.documents if self.engine.gazetteer.resolve(d.region).canonical in chain]
        return any(d.program == "1.0" for d in own) and not any(d.program == "2.0" for d in own)

    def _single(self, text: str, original: str, region: str | None, history: list[dict] | None) -> Question:
        q = Question(text=text, original=original, topic=self.topic_of(text))
        places = self._places(text)
        q.regions = list(dict.fromkeys(p[2] for p in places))
        if q.regions:
            q.region = q.regions[0]
        elif region and str(region).strip():
            q.region = self.engine.gazetteer.resolve(region).canonical or str(region)
        elif history:
            for turn in reversed(history):
                found = self._places(str(turn.get("content", ""))) if turn.get("role") == "user" else []
                if found:
                    q.region = found[0][2]
                    break
        explicit_2 = re.search(r"(?<![\d.])2\.0|二点零", text)
        q.program_named = bool(explicit_2) or bool(re.search(r"(?<![\d.])1\.0|一点零", text))
        # 是不是跟以前一样80: the past named as what the present is likened to; the question is of the present.
        likened = re.search(rf"(?:跟|和|同|与|像)(?:{self._old_weak.pattern})(?:的)?(?:一样|相同|差不多|一致|那样)", text)
        # (我之前在广东参加过…现在调到北京: the past is one place's; the message is of the present)
        if not explicit_2 and not likened and (self._old.search(text) or (
                self._old_weak.search(text) and all(self._only_1_0(r) for r in (q.regions or [q.region])))):
            q.program = "1.0"
        q.national_only = bool(self._national.search(text)) and not q.regions
        if q.program == "1.0":
            q.topic = self.topic_of(text, "1.0")
        q.slot, q.slots = self.slot_of(text)
        q.unit = self.unit_of(text) if q.slot in ("how_many", "when") else None
        if q.slot == "when":
            q.unit = "date"
        q.yes_no = self.is_yes_no(text)
        if q.yes_no and ROUTES["asks_if_required"].search(text) and re.search(r"学时|课时", text) \
                and not _HOURS_STATED.search(text):
            # 总学时有要求吗: whether the hours are set is answered by the figure they are set at.
            q.yes_no, q.slot, q.unit = False, "how_many", "学时"
            q.slots = list(dict.fromkeys(["how_many", *q.slots]))
        self._codes(text, q)
        self._profile(text, q)
        q.intent = self.intent_of(text)
        q.in_domain = bool(self._domain.search(text) or q.regions or q.codes or q.bad_codes or q.legacy_codes
                           or q.letters)
        # 国家指南和江苏有啥不一样: the national documents compared with one place.
        places = len(self._distinct(q.regions))
        q.comparison = places >= 2 or (places == 1 and bool(self._national.search(text))
                                       and bool(self._comparison.search(text)) and q.program == "2.0")
        # 侧重考啥 holds no 重考: a listed word counts inside one word of the text (账号 in 账号密码) or as whole
        # words, not across the end of one word and the start of the next.
        from assistant.indexing.bm25 import spans

        found = [(m, kind) for kind, pattern in self._unsettled for m in pattern.finditer(text)]
        words = spans(text) if found else []
        q.unsettled = [(m[0], kind) for m, kind in found if not _straddles(m.start(), m.end(), words)]
        q.focus = self.focus_of(q.topic, q.slot)
        return q

    def focus_of(self, text: str, slot: str | None) -> list[str]:
        """What the question asks about, next to its question word: 网址 in 网址是多少, 补考 in 补考是哪天, 下载 in
        在哪下载, 免修 in 能免修吗. Nouns just before the question word, and the verb or noun just after it."""
        from assistant.indexing.bm25 import tag

        if slot is None and not self.is_yes_no(text):
            return []
        words = self.lex.questions.slots.get(slot or "may_i", []) + ["能", "可以"]
        pattern = alternation(words)
        out: list[str] = []
        for clause in re.split(r"[，,。？?！!；;\s]+", text):
            m = pattern.search(clause)
            if not m:
                continue
            before = tag(clause[:m.start()])[-3:]
            for w, flag in before:
                if (flag[:1] in ("n", "j") or flag in ("vn", "eng")) and len(w) >= 2 and w not in self._fillers:
                    out.append(w)
            verbs = slot in ("where", "may_i") or slot is None
            if verbs:
                # What one asks leave to do, as written (带过去, 翻倍, 少修): the words right after the question
                # word, up to a number, a particle or a measure of the answer.
                phrase = ""
                after = tag(clause[m.end():])[:3]
                for w, flag in after if after and after[0][1][:1] in ("v", "d") else []:
                    if flag[:1] in ("m", "y", "u", "x", "r", "p", "c") or w in self._fillers or w in _ASKING_TAIL:
                        break
                    if flag[:1] in ("n", "s") or w.startswith(("不", "没", "别")):
                        phrase = ""  # 交给省里, 不做: an object or a negation — the ordinary focus below decides
                        break
                    phrase += w
                phrase = _A_NOT_A_END.sub("", phrase)  # 能进不: the A-not-A ending, not a word of the act
                if 2 <= len(phrase) <= 6 and re.fullmatch(r"[\u4e00-\u9fff]+", phrase) and \
                        phrase not in self._fillers and not ROUTES["light_verbs"].fullmatch(phrase):
                    return [phrase]
            for w, flag in tag(clause[m.end():])[:3]:
                if w in ("不用", "不要", "不能", "不会", "不", "没", "没有"):
                    continue
                if (flag[:1] in ("n", "j") or flag == "vn" or (verbs and flag[:1] == "v")) and len(w) >= 2 \
                        and w not in self._fillers:
                    if verbs and flag[:1] == "v":
                        w = _A_NOT_A_END.sub("", w)
                        if ROUTES["light_verbs"].fullmatch(w) or len(w) < 2:
                            continue  # 能拿给…抵吗: 拿给 only leads to what is asked
                        return [w]  # what one asks leave to do (免修, 翻倍, 带过去) decides alone
                    out.append(w)
                    break
        # 分几年轮到 (几/年轮/到), 每校报 (每/校报): a cut jieba made across a count and its measure word names
        # nothing asked about.
        return [w for w in dict.fromkeys(out) if not re.search(rf"[几每各多两一二三四五六七八九十\d]{re.escape(w)}", text)
                or w[0] not in _MEASURES]

    def _split(self, q: Question) -> list[Question]:
        """Sub-questions: one per region compared, or one per question the message asks."""
        if q.comparison:
            parts = []
            places = list(self._distinct(q.regions))
            for place in places:
                others = [r for r in q.regions if r != place]
                text = _without(self._own_side(q.text, place, others), others, self._places)
                # 广东以前1.0要80学时，北京现在2.0呢: the place that only has a 1.0 document is asked about as 1.0
                old = self._old.search(q.text) or self._old_weak.search(q.text)
                program = "1.0" if old and self._only_1_0(place) else q.program
                if program == "1.0" and not self._only_1_0(place) and not self._old.search(q.text) \
                        and not q.program_named:
                    program = "2.0"  # 我之前在广东参加过，现在调到北京: only the place of the past is asked as 1.0
                if len(places) == 1:
                    text = self._national.sub(" ", text)  # the place's own part names no national document
                parts.append(replace(q, region=place, regions=[place], comparison=False, parts=[], text=text,
                                     program=program, topic=self.topic_of(text, program)))
            if len(places) == 1:
                # 国家指南和江苏…: the national documents are the other side of the comparison.
                text = _without(q.text, places, self._places)
                parts.insert(0, replace(q, region=None, regions=[], comparison=False, parts=[], text=text,
                                        national_only=True, topic=self.topic_of(text, q.program)))
            # 北京和江苏线上各学多少 分别在啥平台学: each side asks each thing the message asks — when the things are
            # of different kinds (总学时和实践那块分别多少 is one kind, found together), each names what it asks
            # about (在哪学 naming nothing may be the other side's own question), and none asks of the two sides
            # together (差多少, 都是2022年吗: said after each side's answer).
            sides = []
            for part in parts:
                inner = self._split(part)
                own = len({sub.slot for sub in inner}) == len(inner) and not any(
                    sub.yes_no or _CONTRAST_WORD.search(sub.text) or self._without_topic(sub.text)
                    or not _ASKING_WORD.search(sub.text) for sub in inner)
                if len(inner) < 2 or not own:
                    sides.append(part)
                    continue
                for sub in inner:
                    sub.region, sub.regions = part.region, list(part.regions)
                    sub.program, sub.national_only = part.program, part.national_only
                sides.extend(inner)
            return sides
        pair = _EACH_OF_TWO.search(q.text)
        if pair and not self._places(pair[0]) and q.slot:
            # 校本研修跟校本应用考核各算多少: one question for each of the two things asked about.
            # The figure before them (线下那25学时) is their sum, not what either part asks about.
            before = re.sub(r"\d+(?:\.\d+)?\s*(?:个)?(?:学时|学分|%)?", "", q.text[:pair.start()])
            parts = self._each(q, [before + item + q.text[pair.end():] for item in (pair[1], pair[2])])
            for sub in parts:
                if q.unit == "学时" and sub.unit == "%":
                    sub.unit = q.unit  # (…各占多少 of the hours the sum gave: parts in hours)
            return parts
        many = _EACH_OF_MANY.search(q.text)
        if many and q.slot and not _EACH_LEVEL.search(q.text) and not self._places(many[1]):
            # 考核方案、实施细则、组织实施分别归哪一级: one question for each thing listed.
            items = [x for x in re.split(r"、|，|,|以及|和|及|与", many[1]) if x.strip()]
            # 进口、过程、出口各指啥: terms the documents write in quotes, one passage naming them all, are answered
            # together by that passage.
            named = all(f"“{x.strip()}”" in self._corpus for x in items[1:])
            if 3 <= len(items) <= 5 and all(2 <= len(x) <= 12 for x in items) and not named:
                # 校本应用考核方案、实施细则…: the later items are of the first one's topic (its words but the last).
                from assistant.indexing.bm25 import segment

                head = segment(items[0])
                topic = "".join(head[:-1]).rstrip("的") if len(head) >= 2 else ""
                tail = _EACH_WORD.sub("", q.text[many.end(1):], count=1)
                return self._each(q, [q.text[:many.start(1)] + (topic + item if i and topic and topic not in item
                                                                 else item) + tail for i, item in enumerate(items)])
        levels = _EACH_LEVEL.search(q.text)
        if levels:
            # 校本应用考核 省里、地市、县里各管啥: one question for each level of government named.
            canon = list(dict.fromkeys(_LEVEL_NAMES[_level_of(w)] for w in _LEVEL.findall(levels[1])))
            if len(canon) >= 2:
                return self._each(q, [q.text[:levels.start()] + name + q.text[levels.end():] for name in canon],
                                  keep_slot=False)
        text = _NUMBERED.sub("？", q.text) if len(_NUMBERED.findall(q.text)) >= 2 else q.text
        pieces = [p.strip(" ，,、") for p in _PIECES.split(text) if p.strip(" ，,、")]
        expanded: list[str] = []
        # A piece the teacher closed with a question mark is a question even when no question word is found
        # (省级团队优先去参加啥培训？), and so is each clause found asking above.
        marked = {p.strip(" ，,、") for p in re.findall(r"[^？?]+(?=[？?])", q.text)}
        example = ROUTES["asks_example"].search(q.text) and not ROUTES["policy_case"].search(q.text)
        for p in pieces:
            for s in self._splitters.split(p):
                # "规划要不要备案，最后考核结果放哪": a comma between two clauses that each ask something.
                clauses = [c.strip(" 、") for c in re.split(r"[，,]", s) if c.strip(" 、")]
                asking = [c for c in clauses if self.slot_of(c)[0] or self.is_yes_no(c)]
                if len(asking) < 2 and q.in_domain and not example:
                    # Typed on a phone, a space often stands for that comma (江苏最少几个学时 实践占多少): a programme
                    # question whose spaced pieces each ask for something of their own.
                    spaced = [c.strip(" 、") for c in _CLAUSE_BREAK.split(s) if c.strip(" 、")]
                    # (县里会不会抽查: a yes/no asked by A-not-A is a question of its own too)
                    # (县级培训团队要达到啥要求: a thing of its own asked about with 啥/什么 is a question too)
                    def asks(c: str) -> bool:
                        return bool(self.slot_of(c)[0] or _OWN_A_NOT_A.search(c)
                                    or (len(c) >= 5 and _WHAT_WORD.search(c) and not self._without_topic(c)))

                    if sum(asks(c) and len(c) >= 3 and bool(_ASKING_WORD.search(c)) for c in spaced) >= 2:
                        clauses = spaced
                        asking = [c for c in clauses if asks(c) or self.is_yes_no(c)]
                if len(asking) >= 2 and all(len(c) >= 3 for c in asking):
                    own = _own_clauses(clauses, asking)
                    expanded.extend(own)
                    marked.update(own)
                elif s.strip(" ，,、"):
                    expanded.append(s.strip(" ，,、"))
        # …and so is the last piece after a question mark, when it asks with a question word (…谁出？学校要干啥).
        last = re.split(r"[？?]", q.text)[-1].strip(" ，,、。")
        if re.search(r"[^？?]+[？?]", q.text) and last and _ASKING_WORD.search(last):
            marked.add(last)
        asked = [p for p in expanded if self.slot_of(p)[0] or self.is_yes_no(p) or p in marked]
        if len(asked) < 2:
            return []
        parts: list[Question] = []
        for p in asked:
            bare = ROUTES["names_point"].sub(" ", ROUTES["asks_example"].sub(" ", p))
            if parts and ROUTES["asks_example"].search(p) and self._without_topic(bare) \
                    and not self._domain.search(parts[-1].text):
                # 机房电脑不够，两三个人一台…？有案例吗: the classroom described before is what the example is for,
                # so the two are one request.
                while parts and not self._domain.search(parts[-1].text):
                    p = f"{parts.pop().text}，{p}"
            if parts and (self._without_topic(p) or ROUTES["handed_in"].search(p)) \
                    and ROUTES["asks_example"].search(parts[-1].text) \
                    and not ROUTES["policy_case"].search(parts[-1].text):
                # 搭档轮换那个案例，最后交了哪些材料: a part naming nothing asks about the case just named.
                p = f"{parts.pop().text}，{p}"
            sub = self._single(p, p, q.region, None)
            sub.region = sub.region or q.region
            if sub.program == "2.0" and q.program == "1.0" and not sub.program_named:
                sub.program = "1.0"
            # 同事说是T11: a part naming a code of its own (a 1.0 one too) is about that code, not the message's.
            sub.codes = sub.codes or ([] if sub.legacy_codes or sub.bad_codes else list(q.codes))
            if parts and self._without_topic(p):
                # 一划两案啥时候交？交给谁？: a part that names nothing is about what the part before it named.
                # 市里管啥 区里又管啥: a part opening with a body of its own asks about that body, on the earlier
                # topic without the earlier body.
                own = self._actors.search(p)
                sub.context = self._actors.sub(" ", parts[-1].text) if own and own.start() <= 2 else parts[-1].text
            parts.append(sub)
        return parts if len(parts) >= 2 else []


# 校本研修跟校本应用考核各算多少, 专题课程和应用案例分别多少学时: two things, each asked about.
_EACH_OF_TWO = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{2,10}?)(?:跟|和|与|同)([\u4e00-\u9fffA-Za-z0-9]{2,10}?)(?:各|分别|各自)")
# 方案、细则、组织实施分别…: three to five things listed, then 分别/各自/各.
_EACH_OF_MANY = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{2,12}(?:、[\u4e00-\u9fffA-Za-z0-9]{2,12}){1,3}"
                           r"(?:、|和|及|与|以及)[\u4e00-\u9fffA-Za-z0-9]{2,12})\s*(?=分别|各自|各)")
_EACH_WORD = re.compile(r"^\s*(?:分别|各自|各)")
# Levels of government as teachers name them in a list (省 市 县, 省里、地市、县里); the list must be followed by
# 各/各自/分别/都 and a question of what each does.
_LEVEL_WORDS = r"省级|省里|省厅|省|地（市）级|地市级|地市|市级|市里|市|区县|县区|县级|县里|县|区级|区里|区|学校|校级"
_LEVEL = re.compile(_LEVEL_WORDS)
_EACH_LEVEL = re.compile(rf"((?:{_LEVEL_WORDS})(?:[\s、，,和跟与及]*(?:{_LEVEL_WORDS})){{1,3}})[\s，,]*(?:各自|分别|各|都)"
                         r"(?=[^？?。]{0,6}(?:管|干|负责|做|定|职责|分工|啥|什么))")
_LEVEL_NAMES = {"province": "省级教育行政部门", "city": "地（市）级教育行政部门", "county": "县级教育行政部门",
                "school": "学校"}


def _level_of(word: str) -> str:
    if word.startswith("省"):
        return "province"
    if word.startswith(("县", "区")):
        return "county"
    if "市" in word:
        return "city"
    return "school"


# A piece typed between spaces asks something only with a question word of its own (啥时候交, 交给谁).
# 县里会不会抽查, 有没有: a yes/no asked by A-not-A, a thing of its own (是不是最多的, 算不算 ask about what the
# piece before them said).
_OWN_A_NOT_A = re.compile(r"((?![是算对行好])[\u4e00-\u9fff])[不没]\1")
_ASKING_WORD = re.compile(r"[？?]|多少|(?<!好)几(?!何)|吗|什么|啥|怎么|咋|哪|谁|是否|能否|要不要|能不能|多久|多长|干嘛|干吗|"
                          + _OWN_A_NOT_A.pattern)
_CONTRAST_WORD = ROUTES["contrast_word"]
_WHAT_WORD = ROUTES["what_word"]
_A_NOT_A_END = re.compile(r"(?<=.)[不没]$")
_MEASURES = set("年月天周日校所个次名人项门节期批级类份")
# 25学时, 五十个学时: hours stated (not 2.0学时, the programme's hours).
_HOURS_STATED = re.compile(r"(?:(?<![0-9.])[0-9]+|[一二两三四五六七八九十百]+)\s*个?学时")
_CLAUSE_BREAK = re.compile(r"[，,]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff]|\d{1,2}月|\d{4}年)")


def _straddles(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether text[start:end] begins inside one word and runs on past its end."""
    return any(a < start < b < end for a, b in spans)


_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:个)?(?:学时|学分|%)")
_FIGURE_ASKED = re.compile(r"多少|几个?(?:学时|学分)")


def _own_clauses(clauses: list[str], asking: list[str]) -> list[str]:
    """Each asking clause with the clauses before it that ask nothing (their context)."""
    out, lead = [], []
    for c in clauses:
        if c in asking:
            if len(asking) >= 2 and _FIGURE_ASKED.search(c):
                # 线下那25学时 校本研修算多少 校本应用考核算多少: the figure before the parts is their sum, known
                # already; it is not what either part asks about.
                lead = [_FIGURE.sub("", x) for x in lead]
            out.append("，".join([x for x in lead if x.strip()] + [c]))
            lead = []
        else:
            lead.append(c)
    if lead and out:
        out[-1] = "，".join([out[-1], *lead])
    return out


def _without(text: str, places: list[str], finder) -> str:
    """The text with the other compared places removed (北京和瓦房店各要选几个 → 北京 … 各要选几个)."""
    spans = [(a, b) for a, b, canon in finder(text) if canon in places]
    for a, b in sorted(spans, reverse=True):
        text = text[:a] + text[b:]
    return re.sub(r"^[和跟与同、，,\s]+|[和跟与同、]{1,2}(?=[各都分别])", "", text)
