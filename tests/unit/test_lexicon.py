"""The word lists under corpus/lexicon: loaded and validated once; a malformed file is a clear error that names
the file and the field, and nothing is half-loaded."""

from __future__ import annotations

import shutil

import pytest
import yaml

from assistant.corpus.errors import CorpusError
from assistant.corpus.lexicon import DEFAULT_LEXICON_DIR, SLOTS, default_lexicon, load_lexicon


def test_the_repository_lexicon_loads_with_every_part():
    lex = default_lexicon()
    assert set(lex.questions.slots) <= set(SLOTS) and lex.questions.slots["how_many"]
    assert {a.id for a in lex.claims.actors} >= {"province", "county", "school", "teacher"}
    assert lex.claims.limits.min and lex.claims.limits.max and lex.claims.negation.markers
    assert lex.attacks.patterns and lex.glossary and lex.tokens.domain_terms
    assert lex.routes["which"].search("选哪个") and list(lex.questions.units)[0] == "学时"
    assert len(lex.version) == 12
    assert load_lexicon(DEFAULT_LEXICON_DIR) is lex  # read once per folder


def test_no_list_holds_an_empty_or_repeated_word():
    lex = default_lexicon()
    lists = [lex.questions.yes_no, lex.questions.programme_1_0, lex.questions.catalogue_terms,
             lex.tokens.stop_words, lex.tokens.domain_terms, lex.claims.plan_cues, lex.claims.scope.all,
             *lex.questions.slots.values()]
    for words in lists:
        assert all(w and w == w.strip() for w in words)
        assert len(words) == len(set(words))
    assert all(k != v for k, v in lex.questions.typos.items())


@pytest.fixture
def lexicon_copy(tmp_path):
    dst = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_LEXICON_DIR, dst)
    return dst


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


BROKEN = [
    # (file, how it is broken, words the error must contain)
    ("questions.yaml", lambda d: d["slots"].update({"price": ["多少钱"]}), ["questions.yaml", "slots", "price"]),
    ("questions.yaml", lambda d: d.update({"yes_no": []}), ["questions.yaml", "yes_no"]),
    ("questions.yaml", lambda d: d["typos"].update({"学时": "学时"}), ["questions.yaml", "typos"]),
    ("questions.yaml", lambda d: d.update({"catalogue_terms": ["维度", 2.0]}), ["questions.yaml", "catalogue_terms"]),
    ("claims.yaml", lambda d: d.update({"plan_cues": ["我打算", "  "]}), ["claims.yaml", "plan_cues"]),
    ("claims.yaml", lambda d: d.update({"unknown_field": [1]}), ["claims.yaml", "unknown_field"]),
    ("tokens.yaml", lambda d: d.pop("stop_words"), ["tokens.yaml", "stop_words"]),
    ("attacks.yaml", lambda d: d.update({"patterns": ["(忽略"]}), ["attacks.yaml", "正则表达式无效"]),
    ("glossary.yaml", lambda d: d.update({"synonyms": {"网课": "线上"}}), ["glossary.yaml", "网课"]),
    ("routes.yaml", lambda d: d["patterns"].pop("which"), ["routes.yaml", "which"]),
    ("routes.yaml", lambda d: d["patterns"].update({"enumerates": "几条|(哪几"}), ["routes.yaml", "enumerates"]),
    ("questions.yaml", lambda d: d["units"].update({"学时": "学时|(课时"}), ["questions.yaml", "学时"]),
    ("glosses.yaml", lambda d: d["glosses"].append(dict(d["glosses"][0])), ["glosses.yaml", "重复"]),
    ("glosses.yaml", lambda d: d["glosses"].append({"en": "alias x"}), ["glosses.yaml", "zh"]),
]


@pytest.mark.parametrize("name,change,words", BROKEN, ids=[f"{b[0]}-{i}" for i, b in enumerate(BROKEN)])
def test_a_malformed_file_is_a_clear_error_naming_file_and_field(lexicon_copy, name, change, words):
    _edit(lexicon_copy / name, change)
    with pytest.raises(CorpusError) as e:
        load_lexicon(lexicon_copy)
    for word in words:
        assert word in str(e.value), str(e.value)


def test_bad_yaml_and_a_missing_file_are_clear_errors(lexicon_copy):
    (lexicon_copy / "tokens.yaml").write_text("stop_words: [的, 了\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="tokens.yaml.*YAML"):
        load_lexicon(lexicon_copy)
    (lexicon_copy / "tokens.yaml").unlink()
    with pytest.raises(CorpusError, match="tokens.yaml.*不存在"):
        load_lexicon(lexicon_copy)


def test_an_edited_copy_loads_as_its_own_version(lexicon_copy):
    _edit(lexicon_copy / "questions.yaml", lambda d: d["typos"].update({"学时数儿": "学时数"}))
    edited = load_lexicon(lexicon_copy)
    assert edited.questions.typos["学时数儿"] == "学时数"
    assert edited.version != default_lexicon().version
