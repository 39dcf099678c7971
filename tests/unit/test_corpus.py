import pytest
import yaml

from assistant.corpus import CorpusError, load_abilities, load_documents
from assistant.corpus.library import Corpus
from tests.conftest import CORPUS

SEED_IDS = {"moe-2.0-whole-school-guide", "beijing-2.0-guidance", "wafangdian-2.0-plan",
            "jiangsu-2.0-opinion", "guangdong-1.0-plan"}


def test_the_five_policy_documents_load_with_their_metadata():
    docs = {d.id: d for d in load_documents(CORPUS / "policies")}
    assert SEED_IDS <= set(docs)
    assert docs["guangdong-1.0-plan"].program == "1.0"
    assert docs["jiangsu-2.0-opinion"].doc_no == "苏教师〔2020〕5号"
    assert docs["wafangdian-2.0-plan"].region == "辽宁省大连市瓦房店市"
    assert docs["moe-2.0-whole-school-guide"].level == "national"


def test_corpus_texts_match_the_seed_files_byte_for_byte():
    from assistant.settings import ROOT

    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    corpus = Corpus.load(CORPUS)
    for doc in corpus.documents:
        if doc.id in SEED_IDS:
            assert corpus.texts[doc.id] == (seeds / doc.file).read_text(encoding="utf-8")


def test_thirty_micro_abilities_with_the_expected_shape():
    abilities = load_abilities(CORPUS / "micro_abilities.yaml")
    assert len(abilities) == 30
    by_code = {a.code: a for a in abilities}
    assert by_code["A1"].name == "技术支持的学情分析" and "技术支持下的学情分析" in by_code["A1"].aliases
    assert by_code["C4"].evidence_source == "规范"
    counts = {}
    for a in abilities:
        counts[a.dimension] = counts.get(a.dimension, 0) + 1
        assert a.gap_phrases and a.description and a.evidence
    assert counts == {"学情分析": 2, "教学设计": 7, "学法指导": 14, "学业评价": 7}
    assert sum(a.environment == "智慧" for a in abilities) == 7


MANIFEST_BREAKS = [
    ("missing title", lambda d: d["documents"][1].pop("title"), ["beijing-2.0-guidance", "title"]),
    ("bad program", lambda d: d["documents"][0].update(program="3.0"), ["moe-2.0-whole-school-guide", "program"]),
    ("bad level", lambda d: d["documents"][2].update(level="village"), ["wafangdian-2.0-plan", "level"]),
    ("missing file", lambda d: d["documents"][3].update(file="nope.txt"), ["jiangsu-2.0-opinion", "file"]),
    ("duplicate id", lambda d: d["documents"][4].update(id="moe-2.0-whole-school-guide"), ["id", "重复"]),
]


@pytest.mark.parametrize("name,breaker,expected", MANIFEST_BREAKS, ids=[b[0] for b in MANIFEST_BREAKS])
def test_a_malformed_manifest_names_file_entry_and_field(corpus_copy, name, breaker, expected):
    path = corpus_copy / "policies" / "manifest.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    breaker(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_documents(corpus_copy / "policies")
    message = str(err.value)
    assert "manifest.yaml" in message
    for word in expected:
        assert word in message


def test_broken_yaml_is_reported_with_the_file(corpus_copy):
    path = corpus_copy / "micro_abilities.yaml"
    path.write_text("abilities: [\n  - code: A1\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="micro_abilities.yaml"):
        load_abilities(path)


ABILITY_BREAKS = [
    ("bad dimension", {"dimension": "教学管理"}, "dimension"),
    ("env mismatch", {"environment": "智慧"}, "environment"),
    ("missing name", {"name": None}, "name"),
]


@pytest.mark.parametrize("name,patch,field", ABILITY_BREAKS, ids=[b[0] for b in ABILITY_BREAKS])
def test_a_malformed_ability_names_entry_and_field(corpus_copy, name, patch, field):
    path = corpus_copy / "micro_abilities.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["abilities"][2].update(patch)  # A3
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_abilities(path)
    assert "A3" in str(err.value) and field in str(err.value)
