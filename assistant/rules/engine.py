"""The rule engine facade: load the corpus once, then answer which rules govern and check selections, plans, text.

Usage:
    engine = RuleEngine.load(Path("corpus"))
    engine.check_selection(["A1", "B2", "B9"], region="瓦房店", environment="混合").to_json()
    engine.check_hours({"线上": 25, "线下": 25}, region="江苏").verdict
    engine.check_text("北京要求80学时", region="北京").to_json()
"""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.abilities import load_abilities
from assistant.corpus.documents import load_documents
from assistant.corpus.errors import CorpusError
from assistant.rules.applicable import governing_rules, other_program_rules, topic_matches
from assistant.rules.catalogue import Catalogue
from assistant.rules.gazetteer import Gazetteer
from assistant.rules.hours import check_hours
from assistant.rules.jurisdiction import Jurisdiction, governing_documents, region_is_missing
from assistant.rules.loader import load_rules
from assistant.rules.results import CheckResult, TextReport
from assistant.rules.rule import Rule, normalize_program
from assistant.rules.selection import check_selection
from assistant.rules.text import Scope, check_text
from assistant.timing import timed
from assistant.types import Ability, Document, Verdict

__all__ = ["RuleEngine"]


class RuleEngine:
    """The documents' hard constraints as data, with provenance; the judge of answers, picks and drafts."""

    def __init__(self, documents: list[Document], abilities: list[Ability], rules: list[Rule],
                 gazetteer: Gazetteer, plan_cues: list[str] | None = None) -> None:
        from assistant.corpus.lexicon import alternation, default_lexicon

        self.documents = list(documents)
        self._plan_cues = alternation(plan_cues if plan_cues is not None else default_lexicon().claims.plan_cues)
        self.catalogue = Catalogue(abilities)
        self.all_rules = list(rules)
        self.gazetteer = gazetteer
        self._by_id = {r.id: r for r in rules}
        self._scopes: dict[tuple[str | None, bool, str | None], Scope] = {}
        self.review_counts: dict[str, tuple[int, int]] = {}  # doc_id → (pending, accepted) candidates

    @classmethod
    def load(cls, corpus_dir: Path) -> "RuleEngine":
        """Read and validate policies/manifest.yaml, micro_abilities.yaml, rules/*.yaml and regions.yaml."""
        corpus_dir = Path(corpus_dir)
        policies = corpus_dir / "policies"
        documents = load_documents(policies)
        abilities = load_abilities(corpus_dir / "micro_abilities.yaml")
        gazetteer = Gazetteer.load(corpus_dir / "regions.yaml")
        rules = load_rules(corpus_dir / "rules", documents, policies)
        for rule in rules:
            if rule.region != "全国" and not gazetteer.resolve(rule.region).known:
                raise CorpusError(f"{corpus_dir / 'rules'}: 条目 {rule.id}: 字段 region: 地名表中没有 {rule.region}")
        lexicon = corpus_dir / "lexicon"
        plan = None
        if lexicon.is_dir():
            from assistant.corpus.lexicon import load_lexicon

            plan = load_lexicon(lexicon).claims.plan_cues
        engine = cls(documents, abilities, rules, gazetteer, plan)
        from assistant.rules.review import ReviewQueue

        engine.review_counts = ReviewQueue(corpus_dir).documents_with_candidates()
        return engine

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with this id, or None."""
        return self._by_id.get(rule_id)

    def ability(self, code_or_name: str) -> Ability | None:
        """A micro-ability by code ('A1', 'ａ１') or name/alias ('技术支持下的学情分析'); None if there is none."""
        return self.catalogue.find(code_or_name) if code_or_name and str(code_or_name).strip() else None

    @timed("rules")
    def jurisdiction(self, region: str | None, program: str | None = "2.0") -> Jurisdiction:
        """Governing documents of a region for a programme (None = any), most local first, with notes."""
        j = governing_documents(region, program, self.documents, self.gazetteer)
        missing = self._missing_cited(j) + self._unreviewed(j)
        return j.model_copy(update={"notes": j.notes + missing}) if missing else j

    def _unreviewed(self, j: Jurisdiction) -> list[str]:
        """A governing document a trainer added whose rules nobody has accepted yet: its figures are quoted, not
        enforced."""
        out = []
        for doc in j.documents:
            pending, accepted = self.review_counts.get(doc.id, (0, 0))
            if doc.origin == "ingested" and not accepted:
                out.append(f"《{doc.title}》的要求尚未经培训者审核，其中的数字摘自原文，还没有作为规则核验"
                           + (f"（待审核 {pending} 条）。" if pending else "。"))
        return out

    def _missing_cited(self, j: Jurisdiction) -> list[str]:
        """Documents a held document cites for this region's chain but the corpus does not hold (辽教发〔2020〕37号)."""
        if any(d.region != "全国" for d in j.documents):
            return []
        chain = j.region.chain[:-1]
        return [f"{r.params['doc_no']}《{r.params.get('title', '')}》被语料中的文件引用，但原文未收录，无法据此回答。"
                for r in self.all_rules
                if r.params.get("issuer_region") in chain and (j.program is None or r.program == j.program)]

    def _scope(self, region: str | None, program: str | None) -> Scope:
        """Governing rules of a region, cached per canonical region (unrecognised names are not cached)."""
        place = self.gazetteer.resolve(region)
        key = (place.canonical, region_is_missing(place), program)
        if place.known and key in self._scopes:
            return self._scopes[key]
        j = self.jurisdiction(region, program)
        scope = Scope(j, governing_rules(self.all_rules, j), other_program_rules(self.all_rules, j))
        if place.known:
            self._scopes[key] = scope
        return scope

    @timed("rules")
    def rules(self, region: str | None = None, program: str | None = "2.0") -> list[Rule]:
        """Every governing rule in precedence order: local documents, national ones, external facts, defaults."""
        return list(self._scope(region, normalize_program(program)).rules)

    @timed("rules")
    def facts(self, region: str | None, program: str | None = "2.0", topic: str | None = None) -> list[Rule]:
        """Governing rules under a topic prefix ('hours', 'selection.count'), local ones first, with quotes."""
        return [r for r in self.rules(region, program) if topic_matches(r.topic, topic)]

    @timed("rules")
    def check_selection(self, abilities: list[str], region: str | None, environment: str | None = None,
                        program: str | None = "2.0") -> CheckResult:
        """Judge a choice of micro-abilities for a region (and the school's environment, if known)."""
        program = normalize_program(program)
        scope = self._scope(region, program)
        if program == "1.0":
            if not abilities:
                raise ValueError("请至少提供一个微能力点（编号如 A1，或名称如 技术支持的学情分析）")
            return CheckResult(verdict=Verdict.NEEDS_INFO, notes=scope.jurisdiction.notes + [
                "微能力点（A1–C7）是提升工程2.0的框架，提升工程1.0没有选点要求；请按2.0核对。"])
        result = check_selection(abilities, scope.rules, self.catalogue, environment)
        return result.model_copy(update={"notes": scope.jurisdiction.notes + result.notes})

    @timed("rules")
    def check_hours(self, plan: dict, region: str | None, program: str | None = "2.0") -> CheckResult:
        """Judge an hours plan ({线上: 25, 线下: 25} or Beijing's detailed split) for a region."""
        scope = self._scope(region, normalize_program(program))
        result = check_hours(plan, scope.rules)
        return result.model_copy(update={"notes": scope.jurisdiction.notes + result.notes})

    @timed("rules")
    def check_text(self, text: str, region: str | None, program: str | None = "2.0") -> TextReport:
        """Find and judge the claims of an answer or draft; a region named in a sentence governs that sentence."""
        program = normalize_program(program)
        return check_text(
            text, region, program, catalogue=self.catalogue, rules=self.all_rules, documents=self.documents,
            scope_for=lambda name: self._scope(name, program), find_regions=self.gazetteer.find,
            plan_cues=self._plan_cues,
        )
