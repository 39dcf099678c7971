"""The recommender with the fake embedder: shape, determinism, validity, rule-breaking requests, assumptions, bad input."""

import pytest

from assistant.corpus import load_abilities
from assistant.corpus.cases import load_cases
from assistant.indexing.fake_embedder import FakeEmbedder
from assistant.recommend import MAX_TEXT, Recommendation, Recommender, load_cues
from assistant.recommend.context import ENV_QUESTION
from assistant.rules import RuleEngine
from tests.conftest import CORPUS, make_settings

PICK_KEYS = {"code", "name", "dimension", "environment", "reason", "submit", "case", "citations"}
TOP_KEYS = {"picks", "runners_up", "verdict", "violations", "assumptions", "question", "environment", "region"}


class CountingEmbedder(FakeEmbedder):
    """The fake embedder, counting how many passages it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.passages = 0

    def embed_passages(self, texts):
        self.passages += len(texts)
        return super().embed_passages(texts)


@pytest.fixture(scope="module")
def engine():
    return RuleEngine.load(CORPUS)


def build(engine, cache_dir=None, embedder=None):
    return Recommender(load_abilities(CORPUS / "micro_abilities.yaml"), engine, embedder or FakeEmbedder(),
                       load_cases(CORPUS / "cases"), load_cues(), cache_dir=cache_dir)


@pytest.fixture(scope="module")
def rec(engine, tmp_path_factory):
    return build(engine, tmp_path_factory.mktemp("rec-cache"))


def test_json_shape(rec):
    out = rec.recommend("我做的PPT字太多，学生看着累", region="北京", environment="混合").to_json()
    assert TOP_KEYS <= set(out)
    assert len(out["picks"]) == 3 and len(out["runners_up"]) == 2
    for pick in out["picks"]:
        assert PICK_KEYS <= set(pick)
        assert pick["citations"] and {"rule_id", "doc_id", "quote"} <= set(pick["citations"][0])
    assert {"code", "name", "score"} == set(out["runners_up"][0])
    assert out["verdict"] == "VALID" and out["violations"] == []
    assert not {r["code"] for r in out["runners_up"]} & {p["code"] for p in out["picks"]}


def test_same_input_same_output_across_instances(rec, engine):
    text = "学生小组讨论乱哄哄，家长群里通知发了也没人看"
    first = rec.recommend(text, environment="混合").to_json()
    assert rec.recommend(text, environment="混合").to_json() == first
    assert build(engine).recommend(text, environment="混合").to_json() == first


FITS = [
    ("我做的PPT字太多", None, None, {"A3"}),
    ("学生小组讨论乱哄哄", "北京", "混合", {"B5"}),
    ("不会看平台上的作业数据", None, "混合", {"A13"}),
    ("家长群里发通知总有家长说没看到", None, "混合", {"B7"}),
    ("学生作品千篇一律没有个性", None, "智慧", {"C4"}),
    ("学生上网乱转发谣言还在评论区骂人", None, None, {"A9"}),
    ("不会设计评价量规，打分全凭感觉", None, None, {"A11"}),
    ("想录微课但不会剪辑", None, "混合", {"B2"}),
]


@pytest.mark.parametrize("text,region,env,expected", FITS)
def test_the_picks_fit_the_words(rec, text, region, env, expected):
    assert expected & set(rec.recommend(text, region=region, environment=env).codes)


VALIDITY = [
    (text, region, env)
    for text in ("我做的PPT字太多", "学生小组讨论乱哄哄", "平台的分析报告看不懂", "想提高信息技术水平")
    for region in (None, "北京", "瓦房店", "上海")
    for env in (None, "多媒体", "混合", "智慧")
]


@pytest.mark.parametrize("text,region,env", VALIDITY)
def test_the_engine_always_agrees_the_picks_are_valid(rec, engine, text, region, env):
    r = rec.recommend(text, region=region, environment=env)
    assert r.verdict.value == "VALID" and r.violations == []
    assert engine.check_selection(r.codes, region, r.environment).verdict.value == "VALID"
    letters = {"多媒体": "A", "混合": "AB", "智慧": "ABC"}[r.environment]
    assert all(c[0] in letters for c in r.codes)


def test_c_points_in_a_multimedia_school_are_explained_not_picked(rec):
    r = rec.recommend("我们学校只有投影仪，我想选C1跨学科学习活动设计，还想学C类的数据分析")
    assert r.environment == "多媒体" and all(c.startswith("A") for c in r.codes)
    note = next(n for n in r.notes if "C1" in n)
    assert "多媒体" in note and "A类" in note
    r = rec.recommend("想选C6", environment="多媒体")
    assert "C6" not in r.codes and any("C6" in n for n in r.notes)


def test_a_requested_valid_point_is_kept(rec):
    r = rec.recommend("我想选A13，另外课堂导入也想改进", environment="多媒体")
    assert "A13" in r.codes
    assert "点名" in next(p.reason for p in r.picks if p.code == "A13")


def test_two_points_in_wafangdian_gets_three_and_the_rule(rec):
    r = rec.recommend("我只想选2个能力点，PPT和学情分析", region="瓦房店", environment="多媒体")
    assert len(r.picks) == 3 and r.verdict.value == "VALID"
    note = next(n for n in r.notes if "2个" in n)
    assert "瓦房店" in note and "选择适合自身条件的3个微能力" in note


def test_two_points_in_beijing_is_allowed_and_said(rec):
    r = rec.recommend("我只想选2个能力点，PPT和学情分析", region="北京", environment="多媒体")
    assert any("也符合要求" in n for n in r.notes)
    quotes = {c.quote for c in r.picks[0].citations}
    assert "确定个人信息技术应用能力提升目标（至少涵盖2个微能力点）" in quotes


def test_unknown_environment_is_assumed_multimedia_and_asked(rec):
    r = rec.recommend("学生小组讨论乱哄哄")
    assert r.environment == "多媒体" and all(c.startswith("A") for c in r.codes)
    assert any("未说明学校环境，按多媒体教学环境推荐" in a for a in r.assumptions)
    assert r.question == ENV_QUESTION
    assert any("B5" in p.reason and "不能选" in p.reason for p in r.picks), "the direct point is excused"


def test_environment_from_the_text_is_stated(rec):
    r = rec.recommend("我们是智慧教室，每人一台平板，学生作品千篇一律")
    assert r.environment == "智慧" and r.question is None
    assert any("智慧教室" in a for a in r.assumptions)


def test_the_argument_wins_over_the_text_and_the_conflict_is_noted(rec):
    r = rec.recommend("学校有智慧教室每人一台平板，学生作品没有个性", environment="多媒体")
    assert r.environment == "多媒体" and all(c.startswith("A") for c in r.codes)
    assert any("按您选择的多媒体教学环境推荐" in n for n in r.notes)


REGIONS = [
    (None, "全国", "未说明所在地区"),
    ("火星市", "全国", "未能识别地区"),
    ("上海", "上海", "没有上海"),
    ("广东", "广东", "1.0"),
    ("海淀", "北京市海淀区", None),
]


@pytest.mark.parametrize("region,label,said", REGIONS)
def test_regions_unknown_or_without_documents_get_national_rules_and_a_note(rec, region, label, said):
    r = rec.recommend("我做的PPT字太多", region=region, environment="多媒体")
    assert r.region == label and r.verdict.value == "VALID"
    if said:
        assert any(said in s for s in r.assumptions + r.notes)


def test_region_named_in_the_text_is_used(rec):
    r = rec.recommend("我是瓦房店的初中老师，PPT做得不好", environment="多媒体")
    assert r.region == "辽宁省大连市瓦房店市"
    assert any(c.doc_id == "wafangdian-2.0-plan" for c in r.picks[0].citations)


def test_project_defaults_are_cited_as_such(rec):
    cites = rec.recommend("我做的PPT字太多", environment="多媒体").picks[0].citations
    default = next(c for c in cites if c.rule_id == "defaults.selection.count")
    assert default.doc_id is None and "项目默认" in default.message


def test_reason_submit_and_case(rec):
    r = rec.recommend("我做的PPT字太多", environment="多媒体", subject="化学", grade="初三")
    a3 = next(p for p in r.picks if p.code == "A3")
    assert "“我做的PPT字太多”" in a3.reason
    assert a3.submit == ["教学资源（演示文稿）", "教学设计", "教学反思"]
    assert a3.case.id == "case-005" and a3.case.subject == "化学"
    assert r.subject == "化学" and r.grade == "初中三年级"
    a1 = rec.recommend("不了解学生的基础", environment="多媒体").picks
    assert next(p for p in a1 if p.code == "A1").submit == ["学情分析方案", "学情分析报告"]


def test_vague_text_asks_one_question(rec):
    r = rec.recommend("想提高一下自己的信息技术水平")
    assert r.question and "多媒体" in r.question and r.question.count("？") <= 2
    assert r.grade is None, "提高一下 is not 高一"
    assert len(r.picks) == 3


BAD_INPUT = [
    ({"text": ""}, "不能为空"),
    ({"text": "   \n"}, "不能为空"),
    ({"text": None}, "不能为空"),
    ({"text": "字" * (MAX_TEXT + 1)}, "2000"),
    ({"text": "PPT做不好", "environment": "5G教室"}, "多媒体、混合、智慧"),
]


@pytest.mark.parametrize("kwargs,message", BAD_INPUT)
def test_bad_input_is_a_chinese_value_error(rec, kwargs, message):
    with pytest.raises(ValueError, match=message):
        rec.recommend(**kwargs)


def test_long_but_allowed_text_and_long_environment_names(rec):
    r = rec.recommend("我做的PPT字太多。" + "学生上课走神。" * 200, environment="混合学习环境")
    assert isinstance(r, Recommendation) and r.environment == "混合"


def test_vectors_are_cached_so_startup_does_not_re_embed(engine, tmp_path):
    first = CountingEmbedder()
    build(engine, tmp_path / "cache", first)
    assert first.passages > 300
    second = CountingEmbedder()
    again = build(engine, tmp_path / "cache", second)
    assert second.passages == 0
    assert again.recommend("我做的PPT字太多").codes[0] == "A3"


def test_from_settings(tmp_path, engine):
    r = Recommender.from_settings(make_settings(tmp_path), engine=engine)
    assert r.recommend("我做的PPT字太多").codes[0] == "A3"
    assert (tmp_path / "indexes" / "cache").is_dir()


class QueryCounting(FakeEmbedder):
    """Counts query embedding calls and texts."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[list[str]] = []

    def embed_queries(self, texts):
        self.calls.append(list(texts))
        return super().embed_queries(texts)


def test_a_recommendation_embeds_the_text_at_most_once(engine):
    """Recognised needs are decided by words (no embedding); otherwise the text's clauses go in one call, and the
    words of the text are embedded once, not again as a whole."""
    emb = QueryCounting()
    r = build(engine, embedder=emb)
    emb.calls.clear()
    recognised = r.recommend("我做的PPT字太多，学生看不清，学校是多媒体教室")
    assert emb.calls == [] and recognised.picks
    unknown = "孩子们总是心不在焉，眼神飘到窗外，叫起来也答非所问"
    r.recommend(unknown)
    assert len(emb.calls) == 1
    embedded = "".join(emb.calls[0])
    assert len(embedded) <= len(unknown)  # each word once: clauses, or the whole text, never both
