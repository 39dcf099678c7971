"""Table-driven golden cases for the rule engine: rules_cases.yaml beside this file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.rules import RuleEngine

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "corpus"
CASES = yaml.safe_load((HERE / "rules_cases.yaml").read_text(encoding="utf-8"))["cases"]
CHECKS = ("selection", "hours", "text", "jurisdiction")


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    return RuleEngine.load(CORPUS)


def test_the_table_is_large_and_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) >= 80
    assert len(ids) == len(set(ids)), "duplicate case ids"
    for case in CASES:
        assert case["check"] in CHECKS, case["id"]
        if case["check"] != "jurisdiction":
            assert case["expect"]["verdict"] in ("VALID", "INVALID", "NEEDS_INFO"), case["id"]
            assert isinstance(case["expect"]["rule_ids"], list), case["id"]
    for check in CHECKS:
        assert sum(c["check"] == check for c in CASES) >= 10, check


def _contains_all(haystack: list[str], needles: list[str], what: str) -> None:
    joined = "\n".join(haystack)
    for needle in needles:
        assert needle in joined, f"{what} lacks {needle!r}: {haystack}"


def _run(engine: RuleEngine, case: dict):
    inp = case["input"]
    program = inp.get("program", "2.0")
    if case["check"] == "selection":
        return engine.check_selection(inp["abilities"], inp.get("region"), inp.get("environment"), program)
    if case["check"] == "hours":
        return engine.check_hours(inp["plan"], inp.get("region"), program)
    return engine.check_text(inp["text"], inp.get("region"), program)


def _check_jurisdiction(engine: RuleEngine, case: dict) -> None:
    inp, exp = case["input"], case["expect"]
    program = inp.get("program", "2.0")
    j = engine.jurisdiction(inp.get("region"), program)
    assert j.region.canonical == exp["canonical"]
    if "chain" in exp:
        assert j.region.chain == exp["chain"]
    if "known" in exp:
        assert j.region.known is exp["known"]
    assert j.doc_ids == exp["doc_ids"]
    _contains_all(j.notes, exp.get("notes_contain", []), "notes")
    if exp.get("notes_empty"):
        assert j.notes == []
    governing = {r.id for r in engine.rules(inp.get("region"), program)}
    assert set(exp.get("rules_include", [])) <= governing
    assert not set(exp.get("rules_exclude", [])) & governing


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden(engine: RuleEngine, case: dict):
    if case["check"] == "jurisdiction":
        _check_jurisdiction(engine, case)
        return
    exp = case["expect"]
    result = _run(engine, case)
    assert result.verdict.value == exp["verdict"], result.to_json()
    assert [v.rule_id for v in result.violations] == exp["rule_ids"], result.to_json()
    _contains_all(result.notes, exp.get("notes_contain", []), "notes")
    _contains_all([v.message for v in result.violations], exp.get("messages_contain", []), "messages")
    assert set(exp.get("applied_include", [])) <= set(result.applied_rules)
    assert not set(exp.get("applied_exclude", [])) & set(result.applied_rules)
    if "claims" in exp:
        got = [{k: getattr(c, k) for k in want} for c, want in zip(result.claims, exp["claims"])]
        assert len(result.claims) == len(exp["claims"]), [c.text for c in result.claims]
        assert got == exp["claims"]


@pytest.mark.parametrize("text,verdict", [
    ("根据《提升工程2.0学时补充通知》，北京培训共计50学时。", "VALID"),  # a title naming the programme is no figure
    ("北京培训共计2.0学时。", "INVALID"),
    ("在市里平台上学的能算2.0学时吗", "VALID"),  # 算2.0学时: hours of the programme, no figure stated
])
def test_the_programme_name_in_a_title_is_not_a_figure(text, verdict):
    from assistant.settings import ROOT

    assert RuleEngine.load(ROOT / "corpus").check_text(text, "北京", "2.0").to_json()["verdict"] == verdict
