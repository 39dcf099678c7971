"""The `advisor` CLI: every command's --json output and its errors (exit code 2, no traceback)."""

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.rules.results import verdict_label


@pytest.fixture
def run(tmp_path, corpus_copy):
    runner = CliRunner()
    env = {"ADVISOR_INDEX_DIR": str(tmp_path / "indexes"), "ADVISOR_CORPUS_DIR": str(corpus_copy),
           "ADVISOR_EMBEDDER": "fake", "ADVISOR_VECTOR_INDEX": "memory"}

    def invoke(*args):
        return runner.invoke(app, list(args), env=env)

    invoke.corpus = corpus_copy
    return invoke


def test_search_before_build_is_a_clear_error(run):
    r = run("search", "学时", "--json")
    assert r.exit_code == 2
    assert "advisor index build" in json.loads(r.stdout)["error"]


def test_build_then_search_then_fresh(run):
    r = run("index", "build", "--json")
    assert r.exit_code == 0, r.output
    built = json.loads(r.stdout)
    assert built["status"] == "built" and built["documents"] == 5 and built["reembedded"] == built["chunks"]
    assert json.loads(run("index", "build", "--json").stdout) == {"status": "fresh"}
    r = run("search", "瓦房店老师选几个微能力点", "--region", "瓦房店", "-k", "3", "--json")
    assert r.exit_code == 0, r.output
    hits = json.loads(r.stdout)
    assert isinstance(hits, list) and len(hits) == 3
    assert set(hits[0]) >= {"doc_id", "title", "section", "text", "score"}
    status = json.loads(run("index", "status", "--json").stdout)
    assert status["fresh"] is True


def test_human_output_of_search(run):
    run("index", "build")
    r = run("search", "一划两案", "--region", "瓦房店")
    assert r.exit_code == 0 and "[1]" in r.stdout and "瓦房店" in r.stdout


def test_ingest_then_index_is_stale_then_rebuilt(run, tmp_path):
    run("index", "build")
    doc = tmp_path / "南京补充通知.md"
    doc.write_text("# 南京市补充通知\n一、学时要求\n南京市教师须在12月底前完成校本应用考核。\n", encoding="utf-8")
    r = run("ingest", str(doc), "--region", "南京", "--program", "2.0", "--json")
    assert r.exit_code == 0, r.output
    added = json.loads(r.stdout)[0]
    assert added["region"] == "江苏省南京市" or added["region"].endswith("南京市") or added["region"] == "南京"
    status = run("index", "status", "--json")
    assert status.exit_code == 1 and json.loads(status.stdout)["fresh"] is False
    assert run("search", "学时", "--json").exit_code == 2  # stale: refused, not used silently
    assert run("index", "build", "--json").exit_code == 0
    hits = json.loads(run("search", "南京 校本应用考核 12月底", "--region", "南京", "--json").stdout)
    assert any(h["doc_id"] == added["id"] for h in hits)


INGEST_ERRORS = [
    (["--region", "火星"], "无法准确识别地区"),
    (["--region", "北京xyz"], "是不是指：北京"),
    (["--region", "上海北京"], "是不是指"),
    (["--region", '北京"; rm -rf / #'], "无法准确识别地区"),
    (["--region", "北京", "--program", "3.0"], "program"),
]


@pytest.mark.parametrize("extra,message", INGEST_ERRORS)
def test_ingest_errors_leave_the_corpus_unchanged(run, tmp_path, extra, message):
    doc = tmp_path / "x.txt"
    doc.write_text("这是一份足够长的测试文件内容，用于检验添加文件时的错误处理是否正确。", encoding="utf-8")
    manifest = (run.corpus / "policies" / "manifest.yaml").read_bytes()
    r = run("ingest", str(doc), *extra, "--json")
    assert r.exit_code == 2 and message in json.loads(r.stdout)["error"]
    assert (run.corpus / "policies" / "manifest.yaml").read_bytes() == manifest


def test_ingest_of_several_files_adds_none_when_one_is_bad(run, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("这是一份足够长的测试文件内容，用于检验添加文件时的错误处理是否正确。", encoding="utf-8")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a docx at all")
    manifest = (run.corpus / "policies" / "manifest.yaml").read_bytes()
    r = run("ingest", str(good), str(bad), "--region", "北京")
    assert r.exit_code == 2 and "bad.docx" in r.output
    assert (run.corpus / "policies" / "manifest.yaml").read_bytes() == manifest


RULE_CASES = [
    (["rules", "check", "--region", "瓦房店", "--abilities", "A1,A3,A6", "--environment", "多媒体"], 0, "VALID"),
    (["rules", "check", "--region", "瓦房店", "--abilities", "A1,B2"], 1, "INVALID"),
    (["rules", "check", "--region", "北京", "--abilities", "A1,A99"], 1, "INVALID"),
    (["rules", "check", "--region", "北京", "--hours", "online=20,offline=30"], 1, "INVALID"),
    (["rules", "check-text", "瓦房店老师选2个微能力点就行", "--region", "瓦房店"], 0, "INVALID"),
]


@pytest.mark.parametrize("args,code,verdict", RULE_CASES)
def test_rules_commands(run, args, code, verdict):
    r = run(*args, "--json")
    assert r.exit_code == code, r.output
    body = json.loads(r.stdout)
    assert body["verdict"] == verdict
    assert "applied_rules" in body or "claims" in body


def test_rules_list_human_output_shows_sources(run):
    r = run("rules", "list", "--region", "北京")
    assert r.exit_code == 0
    assert "至少涵盖2个微能力点" in r.stdout and "《北京市中小学教师信息技术应用能力提升工程2.0推进指导方案》" in r.stdout
    assert "beijing-2.0-guidance" not in r.stdout and "beijing.hours" not in r.stdout  # no internal ids for teachers
    details = run("rules", "list", "--region", "北京", "--details")
    assert "beijing.hours.total" in details.stdout  # trainers can still see them


@pytest.mark.parametrize("args", [
    ["rules", "check", "--region", "北京", "--abilities", "A1"],
    ["rules", "check", "--region", "瓦房店", "--abilities", "A1,A3,A6", "--environment", "多媒体"],
    ["rules", "check-text", "北京的培训共60学时", "--region", "北京"],
    ["rules", "check", "--region", "北京", "--hours", "线上20学时，线下30学时"],
])
def test_teacher_facing_output_has_no_ids_or_english_verdicts(run, args):
    out = run(*args).stdout
    assert "结论：" in out and not any(w in out for w in ("VALID", "NEEDS_INFO", "external.", "defaults.", "beijing."))


@pytest.mark.parametrize("args,message", [
    (["rules", "check", "--region", "北京"], "--abilities"),
    (["rules", "check", "--region", "北京", "--abilities", ""], "至少提供一个微能力点"),
    (["rules", "check", "--region", "北京", "--hours", "online=很多"], "学时数"),
    (["rules", "check-text", "", "--region", "北京"], "空"),
])
def test_rules_bad_input_is_a_clear_error(run, args, message):
    r = run(*args, "--json")
    assert r.exit_code == 2
    assert message in json.loads(r.stdout)["error"]


def test_draft_commands(run, tmp_path):
    out = tmp_path / "方案.docx"
    r = run("draft", "design", "--ability", "A1", "--ability", "B2", "--subject", "物理", "--grade", "初中二年级",
            "--topic", "浮力", "--region", "北京", "--format", "docx", "--out", str(out), "--json")
    assert r.exit_code == 0, r.output
    assert out.is_file() and json.loads(r.stdout)["completeness"]["complete"] is True
    r = run("draft", "reflection", "--ability", "A3", "--subject", "语文", "--grade", "五年级", "--topic", "古诗",
            "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["kind"]
    assert run("draft", "school-plan", "--region", "瓦房店", "--json").exit_code == 0
    draft = tmp_path / "草稿.md"
    draft.write_text("# 设计方案\n本课使用问卷星做课前调查。\n", encoding="utf-8")
    r = run("draft", "review", str(draft), "--ability", "A1", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)


def test_draft_bad_input_is_a_clear_error(run):
    r = run("draft", "design", "--ability", "D3", "--subject", "物理", "--grade", "初二", "--topic", "浮力", "--json")
    assert r.exit_code == 2 and "D3" in json.loads(r.stdout)["error"]


# check-text reads a sentence either as a statement of the policy (its figures must be the policy's) or as a
# plan (it only has to meet the limit), and says which reading it used.
READINGS = [
    ("北京的培训共60学时。", "INVALID", "按“文件怎么规定”核对"),
    ("其中线上学习30学时", "INVALID", "按“文件怎么规定”核对"),
    ("我计划学60学时", "VALID", "按“个人或学校的计划”核对"),
    ("我们学校安排了30学时线上", "VALID", "按“个人或学校的计划”核对"),
]


@pytest.mark.parametrize("text,verdict,reading", READINGS)
def test_check_text_says_which_reading_it_used(run, text, verdict, reading):
    body = json.loads(run("rules", "check-text", text, "--region", "北京", "--json").stdout)
    assert body["verdict"] == verdict and any(reading in n for n in body["notes"]), body
    human = run("rules", "check-text", text, "--region", "北京").stdout
    assert f"结论：{verdict_label(verdict)}" in human and reading in human


def test_ask_with_a_session_carries_a_follow_up(run, tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "var"))
    assert run("index", "build").exit_code == 0
    first = json.loads(run("ask", "北京线上要学多少学时？", "--session", "我的", "--json").stdout)
    assert "25学时" in first["answer"]
    then = json.loads(run("ask", "那瓦房店呢？", "--session", "我的", "--json").stdout)
    assert then["region"] == "辽宁省大连市瓦房店市" and "25学时" in then["answer"]
    alone = json.loads(run("ask", "那瓦房店呢？", "--session", "别的", "--json").stdout)
    assert alone["question"] != then["question"]  # another session has no earlier question to follow
    bad = run("ask", "那瓦房店呢？", "--session", " ", "--json")
    assert bad.exit_code == 2 and "会话名" in json.loads(bad.stdout)["error"]


def test_eval_commands_take_a_split(run):
    assert run("index", "build").exit_code == 0
    qa = run("eval", "qa", "--split", "dev", "--json")
    assert qa.exit_code == 0, qa.output
    summary = json.loads(qa.stdout)["summary"]
    assert summary["questions"] == 264 and 0 <= summary["key_fact_accuracy"] <= 1
    faith = json.loads(run("eval", "faithfulness", "--split", "legacy", "--json").stdout)
    assert faith["offline"]["n"] == 72 and set(faith["offline"]["confusion"]) == {"tp", "fp", "fn", "tn"}
    bad = run("eval", "qa", "--split", "secret", "--json")
    assert bad.exit_code == 2 and "--split" in json.loads(bad.stdout)["error"]
