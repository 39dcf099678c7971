"""Answers a teacher gets, end to end over the real corpus (fake embedder): the question, the fact the first
line must state, the badge, and where the citation must point. Table-driven; the questions are the ones the
answer path was rebuilt for (issue: answers that hold up on questions nobody tuned for) plus one per route."""

from __future__ import annotations

import pytest

from assistant.compose.pipeline import NO_BASIS, OUT_OF_SCOPE, WHERE_TO_ASK

# (question, region, words the first answering line holds (any of each group), badge, cited document or None)
ANSWERED = [
    ("我是江苏的初中数学老师，2.0培训一共要多少学时？线上线下怎么分？", None, [["50 学时", "50学时"], ["25 学时", "25学时"]],
     "grounded", "jiangsu-2.0-opinion"),
    ("我是北京的小学老师，要学多少学时？", None, [["50学时"]], "grounded", "beijing-2.0-guidance"),
    ("微能力点A5是什么？", None, [["技术支持的课堂导入"], ["学法指导"]], "grounded", None),
    ("只有多媒体教室，能选B类吗？", None, [["不行", "不选"], ["A类"]], "grounded", None),
    ("国家指南里考核方案是哪一级定的？", None, [["省级教育行政部门"]], "grounded", "moe-2.0-whole-school-guide"),
    ("广东当年那个提升工程，没网的农村学校老师咋参加培训？", None, [["送教下乡"], ["送培到校"]], "grounded",
     "guangdong-1.0-plan"),
    ("瓦房店每个老师要选几个微能力点？", None, [["3个"]], "grounded", "wafangdian-2.0-plan"),
    ("北京抽查学校比例不低于多少", None, [["10%"]], "grounded", "beijing-2.0-guidance"),
    ("学校信息化管理团队由谁领衔", None, [["校长"]], "grounded", "moe-2.0-whole-school-guide"),
    ("北京2.0是要80学识吧？同事说的", None, [["不是"]], "grounded", "beijing-2.0-guidance"),
    ("A10学生信息安全意识培养是学业评价维度的吧", None, [["不是"]], "grounded", None),
    ("A类13个点，B类也是13个对吧", None, [["不是"]], "grounded", None),
    ("应用案例我就学了4个学时 够不够啊", "北京", [["不行"]], "grounded", "beijing-2.0-guidance"),
    ("T3还能选吗", None, [["不能"]], "grounded", None),
    ("A15是啥", None, [["不存在"]], "grounded", None),
    ("三项建设是哪三项", None, [["三项建设"]], "grounded", "moe-2.0-whole-school-guide"),
    # A premise with a figure the documents replace with their own for that very thing: corrected, not refused.
    ("区里抽查校本考核，抽5%的学校就行了吧", "北京", [["不是"]], "grounded", "beijing-2.0-guidance"),
    # Two named points and a requirement: a check of the choice, though the teacher never writes 选.
    ("A2和A3这两个能满足维度要求吗", "北京", [["不行"]], "grounded", "beijing-2.0-guidance"),
    # Who decides is an actor question, not a request for points; 算进 is the teacher's word for 记入.
    ("瓦房店老师能选哪些微能力点是谁定的", "瓦房店", [["学校"]], "grounded", "wafangdian-2.0-plan"),
    ("北京2.0考核合格了，学分能算进继续教育学分吗", "北京", [["是的", "可以"]], "grounded", "beijing-2.0-guidance"),
    # An open question asked beside a yes/no one gets its answer, not 是/不是 on the year that names the period.
    ("北京2021年度的工作啥时候总结，要提炼案例吗", "北京", [["2022年1月"]], "grounded", "beijing-2.0-guidance"),
    # A where-question: the close sentence that names a place (设在…) leads, from the place's own document.
    ("瓦房店2.0项目办在哪 有事找谁", "瓦房店", [["教师进修学校"]], "grounded", "wafangdian-2.0-plan"),
    # The most local document wins over a close national sentence that fills the slot as well (到2022年).
    ("瓦房店的2.0最迟什么时候全部干完", "瓦房店", [["2023年末"]], "grounded", "wafangdian-2.0-plan"),
    ("瓦房店要推多少比例的优秀案列", "瓦房店", [["3%"]], "grounded", "wafangdian-2.0-plan"),   # 案列: a typo
]


@pytest.mark.parametrize("question,region,facts,badge,doc_id", ANSWERED, ids=[a[0][:18] for a in ANSWERED])
def test_a_direct_cited_answer(fake_advisor, question, region, facts, badge, doc_id):
    ans = fake_advisor.ask(question, region=region)
    assert not ans.refused, ans.answer
    first = next(line for line in ans.answer.splitlines() if not line.startswith("说明："))
    for group in facts:
        assert any(f in first for f in group), (group, ans.answer)
    assert ans.grounding.verdict == badge, ans.answer
    if doc_id is not None:
        assert doc_id in [c.doc_id for c in ans.citations], ans.citations
    for c in ans.citations:
        assert fake_advisor.corpus.texts[c.doc_id][c.start:c.end] == c.quote


@pytest.mark.parametrize("question", ["县片校这个说法啥意思", "三提升一全面是指啥", "进口过程出口分别指啥"])
def test_a_programme_term_without_a_programme_word_is_still_answered(fake_advisor, question):
    ans = fake_advisor.ask(question)
    assert not ans.refused, ans.answer


def test_the_badge_says_partial_when_no_sentence_says_what_a_term_is(fake_advisor):
    ans = fake_advisor.ask("整校推进是什么意思？")
    assert not ans.refused and ans.grounding.verdict == "partial"


# (question, region, the fixed reply)
REFUSED = [
    ("今天天气怎么样", None, OUT_OF_SCOPE),
    ("帮我写一篇完整的教案", None, OUT_OF_SCOPE),
    ("北京的培训费多少钱", None, NO_BASIS + WHERE_TO_ASK),
    ("设计方案至少要写多少字", None, NO_BASIS + WHERE_TO_ASK),
    ("北京校本应用考核评优秀有比例限制吗 是不是只能20%", None, NO_BASIS + WHERE_TO_ASK),
    ("周末参加的线下研修 学时能不能翻倍算", "江苏", NO_BASIS + WHERE_TO_ASK),
    # The asked day, unit or attribute is what the answer must give; a sentence near the topic is not an answer.
    ("江苏全员培训最后一批是几月几号结束？", None, NO_BASIS + WHERE_TO_ASK),
    ("北京的培训合格后能记多少继续教育学分", "北京", NO_BASIS + WHERE_TO_ASK),
    ("北京的校本研修活动一学期至少参加几次", "北京", NO_BASIS + WHERE_TO_ASK),
    ("A5的教学设计要用什么模板", None, NO_BASIS + WHERE_TO_ASK),
    ("B6的作品尺寸有要求吗", None, NO_BASIS + WHERE_TO_ASK),
    # A share of something the documents never share out (优秀), answered before with the share of schools inspected.
    ("北京的校本考核评优秀有比例吗", "北京", NO_BASIS + WHERE_TO_ASK),
    # The second part counts what the first, unsettled, part was about.
    ("北京评优秀有没有比例限制？一个学校最多评几个优秀", "北京", NO_BASIS + WHERE_TO_ASK),
    # The documents name bodies and roles, never the person; a time of day or a length of time they never give.
    ("北京市工程办公室主任是哪位领导", "北京", NO_BASIS + WHERE_TO_ASK),
    ("瓦房店一划两案8月30号几点前要交", "瓦房店", NO_BASIS + WHERE_TO_ASK),
    ("瓦房店一对一帮扶要持续多长时间", "瓦房店", NO_BASIS + WHERE_TO_ASK),
    ("瓦房店的一划两案要交纸质版还是电子版", "瓦房店", NO_BASIS + WHERE_TO_ASK),
    # Naming nothing of the programme, with no sentence about what is named: another topic altogether.
    ("收了学生的平板家长来学校吵，这种情况咋处理比较好", None, OUT_OF_SCOPE),
    ("想写个区级课题的结题报告，有没有现成的格式", None, OUT_OF_SCOPE),
    ("想买个平板电脑备课用，三千块左右选哪款", None, OUT_OF_SCOPE),
]


@pytest.mark.parametrize("question,region,reply", REFUSED, ids=[r[0][:16] for r in REFUSED])
def test_out_of_scope_and_no_basis_are_different_replies(fake_advisor, question, region, reply):
    ans = fake_advisor.ask(question, region=region)
    assert ans.refused and ans.answer == reply and ans.citations == []


def test_a_region_without_a_document_gets_the_national_rules_set_apart(fake_advisor):
    ans = fake_advisor.ask("四川的老师要学多少学时")
    lines = ans.answer.splitlines()
    assert lines[0].startswith("说明：") and "四川" in lines[0]
    assert "50学时" in lines[1] and lines[1].startswith("外部参考（教师〔2019〕1号")
    assert sum(line.startswith("外部参考") for line in lines) == 1  # the reference is named once


def test_a_comparison_answers_each_region_under_its_own_name(fake_advisor):
    ans = fake_advisor.ask("北京和瓦房店各要选几个微能力点？")
    lines = ans.answer.splitlines()
    beijing = next(i for i, line in enumerate(lines) if line.startswith("北京："))
    wafangdian = next(i for i, line in enumerate(lines) if line.startswith("瓦房店市："))
    assert "2个" in lines[beijing] and "3个" in lines[wafangdian] and beijing < wafangdian


def test_a_follow_up_keeps_the_question_and_changes_the_place(fake_advisor):
    history = [{"role": "user", "content": "北京线上要学多少学时？"},
               {"role": "assistant", "content": "北京：培训共计50学时，其中线上学习25学时。"}]
    ans = fake_advisor.ask("那瓦房店呢？", history=history)
    assert ans.region == "辽宁省大连市瓦房店市" and "25学时" in ans.answer
    assert {c.doc_id for c in ans.citations} == {"wafangdian-2.0-plan"}


def test_a_follow_up_asking_its_own_who_of_a_body_it_names_leaves_the_earlier_words(fake_advisor):
    # 那省教研室管啥 after a question on what the executive office is made of: the duty sentence answers it, not
    # the sentence listing the office's members again.
    history = [{"role": "user", "content": "江苏的执行办公室由哪些单位组成"},
               {"role": "assistant", "content": "由省教师培训中心、省电化教育馆、省教研室及有关高等院校组成。"}]
    ans = fake_advisor.ask("那省教研室具体管啥", region="江苏", history=history)
    assert not ans.refused and "督导、考核" in ans.answer.splitlines()[0], ans.answer


def test_a_follow_up_opening_with_a_body_of_its_own_asks_about_that_body(fake_advisor):
    # 那高校管啥 after what the office is made of: 高校 is 高等院校 in the documents, and the earlier question's
    # words would only pull the answer back to the office.
    history = [{"role": "user", "content": "江苏的执行办公室由哪些单位组成"},
               {"role": "assistant", "content": "由省教师培训中心、省电化教育馆、省教研室及有关高等院校组成。"}]
    ans = fake_advisor.ask("那高校管些啥", region="江苏", history=history)
    assert not ans.refused and "能力点研制" in ans.answer, ans.answer


def test_a_part_no_sentence_answers_is_said_as_not_found_with_where_to_ask(fake_advisor):
    # The documents may speak of it in words the advisor did not match: "not found", never "the documents say nothing".
    ans = fake_advisor.ask("北京线上要学多少学时？培训期间食堂几点开饭？", region="北京")
    assert not ans.refused and "25学时" in ans.answer, ans.answer
    assert "没有找到直接的规定" in ans.answer and "提升工程负责人" in ans.answer and "没有相关规定" not in ans.answer


def test_a_figure_that_only_names_the_subject_is_not_what_is_checked(fake_advisor):
    # 那100所示范校 names the schools; whether they get 奖励经费 is the question, not whether there are 100.
    ans = fake_advisor.ask("江苏那100所示范校有奖励经费吗")
    assert not ans.answer.startswith(("是的", "不是")), ans.answer


def test_a_follow_up_naming_a_place_and_a_figure_asks_it_of_that_place(fake_advisor):
    # 那江苏那边呢 也是25个: the figure is checked for the new place, not for the place asked about before.
    history = [{"role": "user", "content": "北京线上要学多少学时？"},
               {"role": "assistant", "content": "北京：培训共计50学时，其中线上学习25学时。"}]
    ans = fake_advisor.ask("那江苏那边呢 也是25学时？", history=history)
    assert ans.region == "江苏", ans.region
    assert "jiangsu-2.0-opinion" in {c.doc_id for c in ans.citations}, ans.answer


def test_a_part_naming_nothing_is_read_with_the_part_before_it(fake_advisor):
    # 各有几个 counts the classes the part before compared; the catalogue answers both.
    ans = fake_advisor.ask("A类和B类有啥不同？各有几个")
    assert not ans.refused
    assert "13个" in ans.answer and "10个" in ans.answer, ans.answer


def test_a_numbered_list_of_questions_is_answered_item_by_item(fake_advisor):
    ans = fake_advisor.ask("北京老师想问 1总共多少学时 2至少选几个微能力点")
    assert not ans.refused
    assert "50学时" in ans.answer and "2个微能力点" in ans.answer, ans.answer


@pytest.mark.parametrize("question,region,kind,lead", [
    ("我是江苏的中职老师，2.0跟我有关系吗", "江苏", "中等职业学校", "需要参加"),
    ("我是北京的幼儿园老师，这个2.0跟我有关系吗", "北京", "幼儿园", "需要参加"),
    ("在无锡一所职高教书，2.0算不算在内", "江苏", "中等职业学校", "包括在内"),      # 职高 is named 中等职业学校
    ("瓦房店初中音乐老师 副科还用参加吗", "瓦房店", "全学科", "需要参加"),          # a subject: 全学科 covers it
])
def test_whether_the_programme_covers_the_teachers_own_kind(fake_advisor, question, region, kind, lead):
    # The self-introduction is what is asked about here, so it is not stripped from the question; the sentence
    # naming the teacher's kind answers, after 包括在内 / 需要参加.
    ans = fake_advisor.ask(question, region=region)
    assert not ans.refused and ans.answer.startswith(lead) and kind in ans.answer, ans.answer


def test_the_national_documents_compared_with_one_place_answer_each_side(fake_advisor):
    # 国家指南和北京…一样吗: a comparison of two sources, each answered under its own label.
    ans = fake_advisor.ask("国家指南和北京对学校管理团队的组成说法一样吗")
    assert not ans.refused
    assert "全国：" in ans.answer and "北京：" in ans.answer, ans.answer
    assert {"moe-2.0-whole-school-guide", "beijing-2.0-guidance"} <= {c.doc_id for c in ans.citations}


def test_a_schedule_is_answered_with_every_dated_step_in_order(fake_advisor):
    ans = fake_advisor.ask("瓦房店的2.0工作时间安排是怎样的，从开始到结束", region="瓦房店")
    assert not ans.refused
    steps = [ans.answer.find(x) for x in ("7月到8月", "9月到11月中旬", "11月末")]
    assert all(i >= 0 for i in steps) and steps == sorted(steps), ans.answer


# A case the teacher points at (那个…) by words only the case library uses is answered from that case's own text,
# the sentences of it that speak of what is asked; a policy question that only says 那个 is not.
POINTED_CASES = [
    ("那个校园雨水的项目，几个学科的老师一起做的？", ["科学", "数学", "美术"], "C1"),
    ("耐力进步指数那个案例里，指数怎么算", ["心率"], "C7"),
]


@pytest.mark.parametrize("question,facts,point", POINTED_CASES)
def test_a_case_the_teacher_points_at_is_answered_from_its_text(fake_advisor, question, facts, point):
    ans = fake_advisor.ask(question)
    assert not ans.refused and ans.answer.startswith("案例库中的参考案例"), ans.answer
    assert all(f in ans.answer for f in facts) and point in ans.answer, ans.answer


def test_a_policy_question_saying_that_one_is_not_taken_for_a_case(fake_advisor):
    ans = fake_advisor.ask("北京这个方案开头引用的那个实施方案文号是多少")
    assert "案例库" not in ans.answer, ans.answer


@pytest.mark.parametrize("question,code,lead", [
    ("A7是哪个能力点？眼睛都看花了", "A7", "技术支持的总结提升"),  # a remark beside the question asks nothing
    ("B2缺交了一项材料 其他都很好 还算合格吗", "B2", "不是。"),  # parts typed apart by a space are judged apart
])
def test_a_point_question_with_a_remark_or_spaces(fake_advisor, question, code, lead):
    ans = fake_advisor.ask(question)
    assert not ans.refused and lead in ans.answer.splitlines()[0] + ans.answer[:40], ans.answer


def test_questions_typed_apart_by_spaces_are_answered_each(fake_advisor):
    # 最少多少学时 实践占多少: on a phone a space stands for the comma between two questions.
    ans = fake_advisor.ask("我是苏州的初中老师 江苏2.0最少多少学时 实践应用占多少")
    assert not ans.refused
    assert "50" in ans.answer and "25" in ans.answer, ans.answer
    # A statement before a spaced question is not a question of its own.
    ans = fake_advisor.ask("江苏文件里说按比例表彰 这个比例是多少", region="江苏")
    assert ans.refused, ans.answer


@pytest.mark.parametrize("question,region,fact", [
    ("我是无锡中职的老师，江苏2.0包括我们吗", "江苏", "中等职业学校"),   # whether the programme covers the teacher
    ("江苏省平台上的课程要交钱吗", "江苏", "免费"),                      # 交钱 settled where the documents say 免费
])
def test_questions_the_documents_settle_in_other_words(fake_advisor, question, region, fact):
    ans = fake_advisor.ask(question, region=region)
    assert not ans.refused and fact in ans.answer, ans.answer


def test_a_follow_up_about_a_class_does_not_inherit_the_point_before(fake_advisor):
    history = [{"role": "user", "content": "C4设计方案要写啥"},
               {"role": "assistant", "content": "C4的设计方案要涵盖主题、任务、活动环节设计、学习评价。"}]
    ans = fake_advisor.ask("那C类有学情分析的点吗", history=history)
    assert not ans.refused and "没有" in ans.answer and "A1" in ans.answer, ans.answer
    ans = fake_advisor.ask("那它属于哪个维度", history=history)
    assert "学法指导" in ans.answer, ans.answer


def test_a_follow_up_asking_who_receives_gets_the_sentence_sending_it_there(fake_advisor):
    history = [{"role": "user", "content": "瓦房店的一划两案最晚哪天交"}, {"role": "assistant", "content": "8月30日前。"}]
    ans = fake_advisor.ask("报给哪个单位", region="瓦房店", history=history)
    assert not ans.refused and "报市项目办" in ans.answer.splitlines()[0], ans.answer


def test_where_a_thing_is_entered_is_said_by_what_it_is_entered_into(fake_advisor):
    p = fake_advisor.pipeline.p
    q = p.reader.read("学分记到哪儿", "北京")
    entered = next(s for s in p.extractive.ranker.index.sentences if "记入“十四五”" in s.text)
    assert q.slot == "where" and p.extractive.ranker.fills(q, entered)


def test_which_point_does_a_practice_after_a_point_question(fake_advisor):
    history = [{"role": "user", "content": "B2要交什么"}, {"role": "assistant", "content": "B2要提交……"}]
    ans = fake_advisor.ask("那做数据可视化的对应哪个", history=history)
    assert not ans.refused and "A13" in ans.answer and "B2" not in ans.answer, ans.answer


def test_each_part_of_a_follow_up_on_1_0_asks_of_1_0(fake_advisor):
    history = [{"role": "user", "content": "广东当年那个提升工程总共几个学时"},
               {"role": "assistant", "content": "广东1.0总计80学时。"}]
    # …and a share of the total asked (占多少) is answered by the part the total is said to hold.
    ans = fake_advisor.ask("专业研修跟校本研修分别占多少", region="广东", history=history)
    assert not ans.refused and "56学时" in ans.answer and "24学时" in ans.answer, ans.answer
    assert "提升工程1.0" in ans.answer, ans.answer


@pytest.mark.parametrize("question", ["当年广东的测评一共分几类", "我是广州的老师 当年1.0有好几种测评 具体是哪几种来着"])
def test_the_kinds_asked_of_a_thing_are_read_from_the_sentence_listing_them(fake_advisor, question):
    from assistant.compose.scope import resolve_scope

    pipeline = fake_advisor.pipeline
    extractive = pipeline.p.extractive
    q = pipeline.p.reader.read(question, "广东")
    ranked = extractive.ranker.rank(q, set(resolve_scope(pipeline.engine, q).doc_ids))
    best = next(r for r in ranked if "能力测评包括" not in r.sentence.text)
    picked = extractive._kinds_of(q, [best] + [r for r in ranked if r is not best], best)
    assert picked is not None and "能力测评包括诊断测评" in picked.sentence.text


def test_the_parts_of_hours_a_follow_up_names_are_asked_in_hours(fake_advisor):
    history = [{"role": "user", "content": "北京总共学多少学时"},
               {"role": "assistant", "content": "北京培训共计50学时，其中线上学习25学时。"}]
    ans = fake_advisor.ask("那线上的25学时 专题课程跟应用案例各占多少", region="北京", history=history)
    assert not ans.refused and "20学时" in ans.answer and "5学时" in ans.answer, ans.answer


def test_one_fact_is_said_once_with_or_without_its_place(fake_advisor):
    ans = fake_advisor.ask("北京2021年要有多少学校完成 哪一年全部完成", region="北京")
    assert not ans.refused and ans.answer.count("不少于60%") == 1, ans.answer


def test_only_the_place_of_the_past_is_asked_as_1_0(fake_advisor):
    ans = fake_advisor.ask("我之前在广东参加过提升工程，现在调到江苏了，两边学时要求差多少", region="江苏")
    assert not ans.refused and "80学时" in ans.answer and "相差30学时" in ans.answer, ans.answer
    assert "江苏（提升工程1.0）" not in ans.answer, ans.answer


def test_a_comparison_of_a_1_0_side_and_a_2_0_side(fake_advisor):
    # 是不是少了 asks of the comparison: neither side gets a 是的/不是 of its own; each side's notes are its own.
    ans = fake_advisor.ask("广东当年1.0要80学时，北京现在2.0要多少？是不是少了")
    assert not ans.refused
    assert "80学时" in ans.answer and "50学时" in ans.answer and "广东（提升工程1.0）" in ans.answer, ans.answer
    assert "是的。" not in ans.answer and "不适用于提升工程2.0" not in ans.answer, ans.answer


def test_a_point_named_by_its_catalogue_words_is_not_taken_for_a_case(fake_advisor):
    # 数据可视化那个: the catalogue's own words name a point; the card answers, not a case that uses them.
    ans = fake_advisor.ask("我想做数据可视化那个，编号多少？")
    assert "A13" in ans.answer and not ans.answer.startswith("案例库"), ans.answer


def test_a_comparison_side_does_not_borrow_the_other_sides_figure(fake_advisor):
    ans = fake_advisor.ask("广东以前1.0要80学时，北京现在2.0要多少？")
    beijing = ans.answer[ans.answer.find("北京："):]
    assert "50学时" in beijing and "80" not in beijing, ans.answer


@pytest.mark.parametrize("question,reply", [
    ("明天要评课，帮我写一份评课稿吧", OUT_OF_SCOPE[:12]),          # asked to write neither a plan nor a reflection
    ("我是南京的，想问下评中级职称要啥条件", OUT_OF_SCOPE[:12]),     # 正高职称教师 in a document is no answer to it
    ("2.0培训和职称评审有关系吗", NO_BASIS[:12]),                    # asked of the programme by name: not settled
    ("学校年度考核的优秀名额怎么分", OUT_OF_SCOPE[:12]),             # a quota of the school's own appraisal
])
def test_topics_beside_the_programme(fake_advisor, question, reply):
    ans = fake_advisor.ask(question)
    assert ans.refused and ans.answer.startswith(reply), ans.answer


@pytest.mark.parametrize("question,region,fact", [
    ("我在海淀区培训指导团队，信息技术应用指导能力提升专项培训要多少学时？", None, "40学时"),  # a place and a team
    ("瓦房店市里怎么评估学校 看啥", "瓦房店", "一划两案"),        # a question, not an asker's description
    ("用手机测重力加速度那个案例用的什么软件？", None, "phyphox"),   # a case answers what no document settles
])
def test_questions_that_look_like_something_else(fake_advisor, question, region, fact):
    ans = fake_advisor.ask(question, region=region)
    assert not ans.refused and fact in ans.answer, ans.answer


def test_a_point_said_to_be_of_another_dimension_is_not_confirmed(fake_advisor):
    ans = fake_advisor.ask("C1就是智慧环境下的学情分析对吧？")
    assert ans.answer.startswith("不是。"), ans.answer


def test_two_things_asked_each_get_their_own_figure(fake_advisor):
    # 校本研修跟校本应用考核各算多少: one question for each; the sum before them is not what either asks.
    ans = fake_advisor.ask("线下那25学时，校本研修和校本应用考核各算多少学时？", region="北京")
    assert not ans.refused and "20学时" in ans.answer and "5学时" in ans.answer, ans.answer


@pytest.mark.parametrize("question,code", [
    ("上课一开始我用一体机放段小动画引出新课，这属于哪个微能力点", "A5"),
    ("让学生分组合作、组长给组员分工，算哪个能力点", "B5"),
])
def test_which_point_a_practice_belongs_to_reads_the_descriptions(fake_advisor, question, code):
    # 学生, 设计: two characters many point names share name none of them; what each point's description says
    # it does is read too.
    ans = fake_advisor.ask(question)
    assert code in ans.answer.splitlines()[0], ans.answer


def test_a_when_question_leads_with_the_dated_sentence_of_what_it_names(fake_advisor):
    # The best sentence names 一划两案 and gives no date; a close one gives the date of the same three documents.
    ans = fake_advisor.ask("瓦房店的一划两案啥时候要交上去？", region="瓦房店")
    assert not ans.refused and "8月30日" in ans.answer.splitlines()[0], ans.answer


def test_a_count_of_points_checked_also_shows_the_places_dimension_rule(fake_advisor):
    ans = fake_advisor.ask("海淀的老师，我只选1个微能力点可以吧？")
    assert ans.answer.startswith("不行。") and "2个微能力点" in ans.answer and "2个维度" in ans.answer, ans.answer


def test_whether_a_kind_of_teacher_is_covered_is_never_denied_on_a_guess(fake_advisor):
    ans = fake_advisor.ask("我是北京一所幼儿园的老师 也要参加这个培训吗", region="北京")
    assert not ans.refused and "幼儿园" in ans.answer and not ans.answer.startswith("不是"), ans.answer
    ans = fake_advisor.ask("我是瓦房店一个小学的体育老师 2.0也要参加吗", region="瓦房店")
    assert not ans.answer.startswith("不是"), ans.answer


def test_how_a_figure_splits_is_answered_with_the_figure_of_each_part(fake_advisor):
    # 线下校本研修与校本应用考核25学时 is the sum; the figure of each of the two things follows it.
    ans = fake_advisor.ask("北京线下那25学时是怎么构成的？", region="北京")
    assert not ans.refused and "20学时" in ans.answer and "5学时" in ans.answer, ans.answer


def test_a_follow_up_naming_a_counterpart_in_quotes_or_a_frame(fake_advisor):
    history = [{"role": "user", "content": "整校推进指南里抓严“进口”是啥意思？"},
               {"role": "assistant", "content": "抓严“进口”，实行学校信息化发展规划、校本研修方案审核备案制度。"}]
    ans = fake_advisor.ask("那“出口”呢", history=history)
    assert not ans.refused and "出口" in ans.answer and "实施细则" in ans.answer, ans.answer


def test_a_follow_up_about_another_body_and_its_own_thing_drops_the_old_topic(fake_advisor):
    history = [{"role": "user", "content": "国家整校推进指南里学校信息化管理团队谁牵头"},
               {"role": "assistant", "content": "由校长领衔。"}]
    ans = fake_advisor.ask("那区县那一级要建什么机制", history=history)
    assert not ans.refused and "县-片-校" in ans.answer, ans.answer


def test_a_follow_up_naming_things_of_its_own_drops_the_old_topic(fake_advisor):
    history = [{"role": "user", "content": "瓦房店学校的一划两案几号前要报"},
               {"role": "assistant", "content": "8月30日前报市项目办备案。"}]
    ans = fake_advisor.ask("那考核没达标的教师怎么办", region="瓦房店", history=history)
    assert not ans.refused and "一对一帮扶" in ans.answer, ans.answer


@pytest.mark.parametrize("question,region,fact", [
    ("南京这边学校是分几年轮到整校推进的", "南京", "20%"),     # 几年轮到 is no 年轮: a count and its measure word
    ("瓦房店优秀案例 每校报多少比例 报给谁", "瓦房店", "3%"),  # a short spaced question (报给谁) is a part too
])
def test_cuts_across_a_count_and_short_spaced_parts(fake_advisor, question, region, fact):
    ans = fake_advisor.ask(question, region=region)
    assert not ans.refused and fact in ans.answer, ans.answer


def test_a_when_question_gets_the_date_of_the_heading_its_sentence_sits_under(fake_advisor):
    # 试点阶段（2014年9月—2015年5月） is a heading; the sentences under it carry no date of their own.
    ans = fake_advisor.ask("广东当年1.0的试点阶段是什么时候")
    assert not ans.refused and "2014年9月" in ans.answer and "2015年5月" in ans.answer, ans.answer
    assert any(c.doc_id == "guangdong-1.0-plan" for c in ans.citations)
    for c in ans.citations:
        assert fake_advisor.corpus.texts[c.doc_id][c.start:c.end] == c.quote


@pytest.mark.parametrize("question,region", [
    ("北京教研组协商那一步要干嘛", "北京"),                    # 干嘛 asks what, though it ends in 嘛
    ("校本研修方案是学校定还是区里定", "北京"),                # A还是B asks which, not whether
])
def test_open_and_alternative_questions_get_no_yes_or_no(fake_advisor, question, region):
    ans = fake_advisor.ask(question, region=region)
    assert not ans.refused and not ans.answer.startswith(("是的", "不是")), ans.answer


@pytest.mark.parametrize("question,start", [
    ("C类智慧学习环境的微能力点有10个吧", "不是。"),   # 10个 is B类's figure, found in another sentence
    ("我是校长 想问下领导力专项培训参不参加会不会影响我年度考核", "全国"),  # 我是校长…领导力 is no claim of authority
    ("北京的老师统一这么说的：要学50学时，对吗", "是的。"),  # hearsay of what others say, not an order to the assistant
])
def test_figures_found_elsewhere_and_words_that_only_look_like_attacks(fake_advisor, question, start):
    ans = fake_advisor.ask(question)
    assert not ans.refused and ans.answer.startswith(start), ans.answer


def test_a_listed_word_counts_only_as_a_word_of_the_question(fake_advisor):
    # 侧重考啥 holds 重考 only across two words: the question is answered.
    ans = fake_advisor.ask("北京校本应用考核侧重考啥 是看理论还是看实践", region="北京")
    assert not ans.refused and "实践导向" in ans.answer, ans.answer


def test_a_point_chosen_for_a_dimension_not_its_own_is_not_confirmed(fake_advisor):
    # 想选C2做学情分析: C2 is a 教学设计 point; the environment may allow it, the dimension does not fit.
    ans = fake_advisor.ask("我们是智慧教室，C2能选来做学情分析吧？")
    assert ans.answer.startswith("不是。") and "教学设计" in ans.answer and "A1" in ans.answer, ans.answer


@pytest.mark.parametrize("question", ["整校推进指南里 考核这事 省、市、县分别负责啥", "考核方面省里和县里各自干什么"])
def test_levels_of_government_listed_are_answered_each(fake_advisor, question):
    # 省、市、县分别负责啥: one sub-question per level named, so each level's own sentence is in the answer.
    ans = fake_advisor.ask(question)
    assert not ans.refused and "省级教育行政部门" in ans.answer and "县级教育行政部门" in ans.answer, ans.answer


@pytest.mark.parametrize("question,region,fact", [
    ("江苏2.0是分几年推的", "江苏", "20%"),               # 推的 is the documents' 推进 / 进度
    ("江苏的线上课程要不要自己花钱", "江苏", "免费"),       # 花钱 is asked of what the documents call 免费
])
def test_everyday_verbs_reach_the_documents_words(fake_advisor, question, region, fact):
    ans = fake_advisor.ask(question, region=region)
    assert not ans.refused and fact in ans.answer, ans.answer


def test_three_things_listed_with_each_are_asked_one_by_one(fake_advisor):
    # 方案、细则、组织实施分别归哪一级: one sub-question per thing, the later ones of the first one's topic.
    ans = fake_advisor.ask("国家整校推进指南中，校本应用考核方案、实施细则、组织实施各由哪一级负责")
    assert not ans.refused, ans.answer
    for level in ("省级教育行政部门", "地（市）级教育行政部门", "县级教育行政部门"):
        assert level in ans.answer, ans.answer


@pytest.mark.parametrize("question,region,kind", [("江苏的2.0面向哪些老师", "江苏", "中等职业学校"),
                                                  ("北京这个培训对象都有谁", "北京", "幼儿园")])
def test_who_takes_part_is_answered_by_the_sentence_naming_them(fake_advisor, question, region, kind):
    ans = fake_advisor.ask(question, region=region)
    assert not ans.refused and kind in ans.answer.splitlines()[0], ans.answer


@pytest.mark.parametrize("question,region,start", [
    ("上海这边 听说国家规定实践应用只要占三分之一？", "上海", "不是"),    # what was heard, asked to be confirmed
    ("我在无锡教中职 江苏这个2.0管我们中职老师吗", "江苏", "包括在内"),  # 管我们…吗 asks whether it covers them
])
def test_hearsay_and_coverage_asked_without_the_usual_endings(fake_advisor, question, region, start):
    ans = fake_advisor.ask(question, region=region)
    first = next(line for line in ans.answer.splitlines() if not line.startswith("说明："))
    assert not ans.refused and first.startswith(start), ans.answer


def test_a_corrected_premise_also_shows_the_sentence_its_rule_was_read_from(fake_advisor):
    # The rule says 实践应用不少于25学时; the sentence it was read from also gives the 50学时 total.
    ans = fake_advisor.ask("同事说江苏2.0实践学时只要10个学时就够了吧", region="江苏")
    assert ans.answer.startswith(("不是", "不行")) and "25" in ans.answer and "50" in ans.answer, ans.answer


def test_a_corrected_dated_target_also_shows_the_next_dated_step(fake_advisor):
    # 2021年不少于60%…: the section's next step (2022年全部完成) follows the rule that corrects the premise.
    ans = fake_advisor.ask("北京是2021年就要求全部学校完成整校推进吧", region="北京")
    assert ans.answer.startswith("不是") and "60%" in ans.answer and "2022年" in ans.answer, ans.answer


@pytest.mark.parametrize("question,fact", [
    ("混合学习环境里面有没有学业评价的点", "B"),              # an environment named as where points are looked for
    ("智慧环境下有没有学情分析的微能力点", "C类里没有学情分析"),
    ("江苏这个意见的文件号是多少", "苏教师〔2020〕5号"),       # 文件号 asks the 文号
])
def test_a_class_named_by_its_environment_and_a_document_number_asked_as_文件号(fake_advisor, question, fact):
    ans = fake_advisor.ask(question)
    assert not ans.refused and fact in ans.answer, ans.answer


def test_a_choice_said_to_lie_in_one_dimension_is_checked_against_the_dimension_rule(fake_advisor):
    # 选了两个点都是学业评价的: Beijing asks for at least two dimensions, so it is 不行, with the rule quoted.
    ans = fake_advisor.ask("海淀的 选了两个点全是学业评价的 可以不", region="北京")
    assert ans.answer.startswith("不行") and "2个维度" in ans.answer, ans.answer


# (question, region, words the answer holds): mechanisms whose whole test is that the answer says these things.
HOLDS = [
    # Whether the hours are set (有要求吗) is answered by the figure they are set at; for a place without a
    # document, the national one.
    ("重庆这边2.0学时有没有要求啊", "重庆", ["50学时"]),
    # A share confirmed comes with the total it is a share of.
    ("我在湖北 2.0实践是不是得占一半", "湖北", ["是的", "50学时"]),
    # A space before a month starts a piece of its own: two dated steps asked, each answered.
    ("瓦房店9月到11月中旬各校都忙啥 11月末要干什么", "瓦房店", ["线上培训", "考核"]),
    # 拿去干嘛 asks what a thing is used for, and a spaced piece asking it is a question of its own.
    ("江苏谁来抓组织管理 县里的评估结果拿去干嘛", "江苏", ["县区级教育行政部门", "校长考核"]),
    # A 1.0 course code the catalogue rule names (T11 技术支持的课堂导入) points to the 2.0 point of that name.
    ("同事说T11也算2.0的微能力点 是吗", None, ["不是", "A5"]),
    # A wrong figure that is the place's 1.0 figure is said to be the old programme's.
    ("我在广州 2.0是不是还得学够80学时", "广州", ["不是", "80学时是提升工程1.0的规定", "50学时"]),
    # A tool the teacher names is one word, and the cases that use it come first.
    ("学校用智学网 有没有老师拿作业数据做个别辅导的案例", None, ["智学网"]),
    # 从哪来 asks something of its own: two spaced pieces, two questions.
    ("广东1.0那时候 县区搞培训的钱从哪来 学时在哪登记", "广东", ["强师工程", "继续教育信息管理系统"]),
    # The whole schedule asked, no step named: every dated step of the section that holds them.
    ("瓦房店这个工程整个时间咋安排的", "瓦房店", ["7月到8月", "11月中旬", "11月末"]),
    # 代表啥 of the class letters asks what the classes are.
    ("能力点序号前头那几个字母A B C是啥意思", None, ["A类多媒体教学环境", "C类智慧学习环境"]),
    # A remark beside the asking piece (我们学校就只有多媒体) does not make a catalogue count a policy question.
    ("多媒体环境的点一共几个 我们学校就只有多媒体", None, ["13个"]),
    # 组 for 类, and a wrong count asked yes or no.
    ("B组混合环境的点是不是有12个", None, ["不是", "10个"]),
    # 没发文件 is a remark that there is no document, not a question about one.
    ("宁波这边2.0总共要学多少学时 我们市里没发过文件", "宁波", ["50学时"]),
    # A kind of document the governing one is not (意见 where it is a 指南): a document it cites is asked about.
    ("国家那个提升工程2.0的意见发文字号是啥", None, ["教师〔2019〕1号"]),
    # The class letters alone (ABC) name the catalogue's classes: a count of points by class.
    ("微能力总共多少个 ABC分别有几个", None, ["30个", "13个", "10个", "7个"]),
    # 分几类 of a thing asks its kinds: the sentence saying the thing comprises them leads.
    ("当年广东的测评一共分几类", "广东", ["诊断测评、培训测评、发展测评"]),
    # 材料有哪几种形式 asks what is handed in, not how the points are organised.
    ("能力点要交的材料通常有哪几种形式", None, ["课堂实录片段", "学生体会"]),
    # 一步步怎么走 asks for the steps: the headings under the section the question names.
    ("整校推进指南的实施流程分几步", None, ["省级统筹规划", "区县分批推进", "分级监管测评"]),
    # 哪天前 from a question naming no month: the part of the month the documents give is the closest answer.
    ("瓦房店全校线上培训和校本实践最晚哪天结束", "瓦房店", ["11月中旬"]),
    # 有啥硬性要求 asks the requirements as a whole.
    ("我在湖南长沙 2.0有啥硬性规定", "长沙", ["50学时", "50%"]),
    # 要参加不 asks whether the programme covers the teacher's own kind.
    ("我在江苏一所幼儿园当老师 2.0我们得参加不", "江苏", ["需要参加", "幼儿园"]),
    # Whom one named training is for is not who takes part in the programme at all.
    ("北京骨干校长教师的引领性培训主要针对哪些人", "北京", ["信息化基础较好"]),
    # 哪几个方案: a sentence listing the kinds of the thing counted leads.
    ("北京学校这一级自己得写哪几个方案", "北京", ["发展规划、校本研修及考核方案"]),
    # What is done in a dated step: the step's whole paragraph.
    ("瓦房店7到8月那一段都做些啥", "瓦房店", ["工作部署会议", "校长信息化领导力培训", "动员会议"]),
    # Two places compared, two different things asked of each: each side answers each thing.
    ("北京和江苏的老师线上各学多少学时 分别去啥平台学", None, ["市级课程资源平台", "省平台"]),
    # 谁组织实施: the body doing the very action asked about, not the body of the part before (制订细则).
    ("国家指南说考核方案省里定 细则地市定 那最后谁组织实施考核", None, ["县级教育行政部门组织实施"]),
    # 学时要求, naming no part of the training, leads with the place's total hours, under the place's label.
    ("江苏学时要求是多少", "江苏", ["江苏：培训不低于 50 学时"]),
    # 神马 is 什么 as typed online.
    ("B1要交神马材料", None, ["设计方案", "案例描述"]),
    # A share of the hours answered comes with the total it is a share of; 一共要学多久 asks the hours.
    ("我在杭州 2.0实践学时得占多少", "杭州", ["50%", "50学时"]),
    ("我是重庆的老师 2.0总共得学多久", "重庆", ["50学时"]),
    # 有啥要求 from a place without a document, with 一样吗 beside it, still gets the national figures first.
    ("我在沈阳 2.0有啥要求 跟瓦房店一样吗", "沈阳", ["50学时", "50%"]),
    # A count with its noun (三条…是啥, 哪两支) asks for the items listed under the heading or after the sentence.
    ("北京考核指南讲的基本原则是哪三条", "北京", ["以评促学", "尊重差异", "因校制宜"]),
    # A spaced piece asking 啥 of a thing of its own is a question of its own.
    ("国家指南说的两支队伍 指的哪两支 县级培训团队要建成啥样", None, ["管理团队", "培训团队", "素质好"]),
    ("培训团队要建成几级 省级的团队有啥优先", None, ["三级", "国家级培训"]),
    # 组成 and 构成 say the same: the team 由…3—5人构成 answers 由哪些人组成.
    ("国家指南里学校信息化管理团队由哪些人组成", None, ["信息技术骨干教师"]),
    # 好几次 (several) asks no count; 啥叫 asks what a thing is.
    ("啥叫整校推进 领导提了好几次", None, ["整校推进"]),
    ("什么叫一划两案 开会说了好几回", "瓦房店", ["发展规划"]),
    # A 文号 stated in a yes/no question is decided by the rule on the document's number.
    ("江苏的2.0意见是苏教师〔2019〕2号吧", "江苏", ["不是", "苏教师〔2020〕5号"]),
    # A corrected total comes with how the same document splits it; a figure already given is not given again.
    ("我在上海，2.0还是80个学时吧", "上海", ["不是", "50学时", "50%"]),
    # 哪几个月 asks when; 完事 is 完成.
    ("北京老师的校本应用考核一般在哪几个月", "北京", ["9月至12月"]),
    ("瓦房店2.0最晚啥时候完事", "瓦房店", ["2023年末"]),
    # A space between two clauses ends the first: …吧 还早 is a yes/no question, its premise corrected.
    ("北京要到2024年才要求全部学校完成吧 还早", "北京", ["不是", "2022年"]),
    # Which abilities the programme works on: the catalogue's four dimensions lead.
    ("我是河北的老师，2.0校本考核主要看哪几方面能力", None, ["学情分析", "教学设计", "学法指导", "学业评价"]),
    # A 1.0 course code named beside a point is said to be 1.0's; a point named without 技术支持的 is still found;
    # a later part naming a code of its own is about that code.
    ("技术支持的课堂讲授是A6还是T12？教研组长说是T12", None, ["A6", "T12是提升工程1.0的培训课程编号"]),
    ("有人写T11课堂导入，T11是2.0的点吗", None, ["A5"]),
    # 没考过/考不过 are the documents' 不合格、不达标.
    ("瓦房店老师考不过的话学校咋处理", "瓦房店", ["一对一帮扶"]),
    # 进度/分批: the place's dated targets from the rule engine follow what the sentences say.
    ("北京整校推进每年的进度是怎么定的", "北京", ["60%", "2022年"]),
    # 个数/数量 ask how many: each side's count of points.
    ("北京和瓦房店对老师选微能力点的个数有啥不同", None, ["2个微能力点", "3个微能力"]),
    # What a case's teacher handed in is read from the case's own list of evidence.
    ("三年级机房搭档轮换上机那个案例，最后交了哪些材料", None, ["形成的证据有", "上机记录表"]),
    # 证书谁发的 asks who issues the certificate, not the document; 有证书没 ends a yes/no question.
    ("广东当年1.0培训测评合格了有证书没", "广东", ["合格证书"]),
    # A point said to be of a dimension it is not: 不是, and the points that are of that dimension.
    ("C3是学情分析维度的点吧", None, ["不是", "A1", "B1"]),
    # Terms a section writes in quotes, named together: the sentence quoting each, in order (no split per term).
    ("整校推进指南里讲的进口、过程、出口，各自什么意思", None, ["抓严“进口”", "抓牢“过程”", "抓实“出口”"]),
    # A practice whose only name match is two characters of another point (演示 of 演示文稿): what it is for counts too.
    ("我用几何画板动态演示三角形变换给学生讲，算哪个能力点", None, ["A6"]),
    # What goes to a named body (向市项目办提交什么): every sentence of the document that sends something to it;
    # 报哪些 asks which things, not where.
    ("瓦房店的学校需要向市项目办提交什么", "瓦房店", ["报市项目办备案", "优秀案例提交市项目办", "上报市项目办"]),
    ("瓦房店学校都要给市项目办报哪些材料", "瓦房店", ["报市项目办备案", "优秀案例提交市项目办"]),
    # Several levels of government named: the close sentences whose subject is another named level answer for it.
    ("国家指南里校本考核方案是省里定还是县里定", None, ["省级教育行政部门", "县级教育行政部门"]),
    # 每年 before a share makes it a share of a yearly schedule: a wrong premise corrected from the rule, said once.
    ("南京这边是不是每年推三分之一的学校", "南京", ["不是", "20%、40%、40%"]),
    # The old programme's figure that decides a 2.0 question is said to be the old programme's.
    ("广东2.0每年的培训比例还是10%、35%、35%、20%吧", "广东", ["提升工程1.0的规定"]),
    # The last piece after a question mark asks too when it has a question word (…谁出？学校要做啥).
    ("两支队伍指的是啥？县级那支要建成什么样", None, ["懂技术"]),
    # 靠啥/打通: the documents' 依靠…贯通.
    ("江苏线上和线下学习是靠啥打通的", "江苏", ["江苏教师教育管理系统"]),
    # 分几个阶段 asks the steps of a schedule: every dated step of the section, in order.
    ("瓦房店2.0分几个阶段推进", "瓦房店", ["7月到8月", "9月到11月中旬", "11月末"]),
    # 管理团队要哪些人参加 asks who makes up the team, not whom the programme covers.
    ("南京的学校信息化管理团队得有哪些人参加", "南京", ["首席信息官"]),
    # Whether a kind of teacher is among the 培训对象: included when the list names it; when the list leaves it out
    # the list is quoted and said to leave it out, not 包括在内 from a sentence on all teachers.
    ("北京幼儿园老师是不是培训对象", "北京", ["包括在内", "幼儿园"]),
    ("我是北京的中职老师，要参加吗", "北京", ["培训对象为", "没有单独提到"]),
    # 能计入…吗 asks leave, answered 可以 from the sentence that grants it.
    ("江苏老师做在线教学资源的成果能计入实践学时吗", "江苏", ["可以。"]),
    # A classroom described, then 有案例吗: one request for an example of that classroom; the words of the situation
    # that one or two cases alone use (鼠标, 上机) find it.
    ("我们村小机房电脑少，学生抢着用鼠标，有没有案例可以参考", None, ["B8"]),
    ("学校机房就十几台电脑，一个班三十多人，有啥办法让每人都能上机？有案例吗", None, ["B8"]),
    # 有啥后果 asks what befalls: a sentence that says so (取消其参评资格) leads.
    ("瓦房店老师要是没完成培训会有啥后果", "瓦房店", ["取消"]),
    # 学分记哪 asks where, as 在哪 does: the message asks two things, each answered.
    ("北京2.0一共几个学时？考完学分记哪", "北京", ["50学时", "十四五"]),
    # 1.学校… is item 1, not 1学(时): after the numbering mark the next character is free.
    ("问俩事：1.学校信息化管理团队由谁组成 2.全省分几年按啥比例推进整校培训呀", "南京", ["首席信息官", "20%"]),
    # 名额 alone is no topic outside the programme: who goes first to national training is settled.
    ("参加国家级培训的名额优先给谁", None, ["省级培训团队"]),
    # 我…要交什么: the sentence whose subject is the teacher (教师要形成…设计方案…展示…反思) is among the first.
    ("我是海淀的初中老师 校本应用考核我得交哪些东西", "北京", ["实践展示", "应用反思"]),
    # The best sentence may be an undated line of the schedule; a dated step close behind it leads to all of them.
    ("瓦房店这一轮2.0整体进度咋安排的 分几段", "瓦房店", ["7月到8月", "11月末"]),
    # 经费谁负责: the province's own costs and 各级…纳入年度预算 sit in one section; both answer it.
    ("江苏2.0的经费由谁负责", "江苏", ["省教育厅", "年度预算"]),
    # 报上去审: 报上去 is 上报/报送/备案 in the documents' words, so the question is settled (审核备案制度).
    ("我们学校的发展规划要不要报上去审一下", "上海", ["审核备案"]),
    # 写材料要引用: the teacher will cite the document, so its own number is asked, not the documents it follows.
    ("北京那个2.0方案是谁发的 写总结要引用", "北京", ["北京市教育委员会"]),
    # 15年 and 当时 in Guangdong, whose only document is of 1.0: asked as 1.0.
    ("我15年在广东参加过提升工程，当时测评合格了发证书吗", "广东", ["合格证书"]),
    # 能算过吗 asks leave: a plan the rule does not allow is 不行.
    ("有门专题课我只看了一半时长 能算过吗", "北京", ["不行", "2/3"]),
    # 学时有啥规定 asks the figure the rules set, not a way of doing things.
    ("四川的老师 2.0学时有啥规定", "四川", ["50学时"]),
    # A spaced piece asking A-not-A (会不会) is a question of its own; 抽查 finds 抽检, both a part of the whole.
    ("江苏老师的考核数据录到哪个系统 县里会不会抽查", "江苏", ["江苏教师教育管理系统", "抽检"]),
    # A table read row by row: the modules of a course type are summed up from its rows.
    ("北京线上那个专题课程 分成哪几类模块", "北京", ["技术工具应用", "学科应用途径与方法"]),
    # 我能进不 after a self-introduction asks whether the teacher's kind may join: the role is what is looked for.
    ("我是学校的信息技术老师 北京那个校本研修培训指导团队我能进不", "北京", ["信息技术教师"]),
    # 一共多少学时，X和Y各占多少: parts of the hours, in hours; 每门学多长: a share of the whole length answers it.
    ("广东以前那个提升工程 一共多少学时 网络研修和校本研修各占多少", "广东", ["80学时", "56学时", "24学时"]),
    ("北京的线上课程 每门至少要学多长才算数", "北京", ["2/3"]),
    # A document's total hours come with how the same document splits them, unless the answer says it already.
    ("瓦房店这次全员培训总共得学多少学时", "瓦房店", ["50学时", "不少于25学时的校本实践"]),
    # From a place without a document of its own, 2.0有啥要求 gets the national figures first.
    ("我在成都教小学 我们这边2.0有啥要求", "成都", ["50学时", "50%"]),
    # The figure before spaced parts (线上那25学时) is their sum, not what either part asks about.
    ("北京线上那25学时 专题课程算多少 应用案例算多少", "北京", ["20学时"]),
    # 阶段 is a word to search by (a stage the documents name), though the verifier reads it as a category noun.
    ("广东当年提升工程 一共分几个阶段", "广东", ["准备阶段", "总结阶段"]),
    # 跟以前一样: the past is what the present is likened to; the question is of the present programme.
    ("广州老师问下 现在学时是不是和以前一样要80", "广州", ["不是"]),
    # 村小/山区 are 农村 in the documents' words.
    ("广东以前提升工程那会儿 我在山区村小 没网 老师们咋参加培训", "广东", ["送教下乡"]),
    # 其他老师都是咋做的 / 有人做过吗 ask for an example, like 有没有案例.
    ("A4资源管理这个点 有没有人做过 想参考下", None, ["案例库中的参考案例"]),
    ("B7家校交流与合作那个点 其他老师都是咋做的", None, ["案例库中的参考案例", "B7"]),
    # The best case is told through: its later steps and what its teacher handed in.
    ("初二物理 想做A1 有没有别的老师做过的例子", None, ["接着：", "前后测对比表"]),
    # A part opening with a body of its own (区里) asks about that body on the earlier topic, not the earlier body.
    ("北京校本应用考核这块 市里执行办公室管啥 区里又管啥", "北京", ["宏观指导", "审定校本应用考核方案"]),
]


@pytest.mark.parametrize("question,region,words", HOLDS, ids=[h[0][:18] for h in HOLDS])
def test_the_answer_holds(fake_advisor, question, region, words):
    ans = fake_advisor.ask(question, region=region)
    assert not ans.refused, ans.answer
    for w in words:
        assert w in ans.answer, (w, ans.answer)


@pytest.mark.parametrize("question,note", [
    ("广东以前1.0一共多少学时，北京现在2.0呢，差多少", "两者相差30学时"),   # each side's whole, set against the other
    ("江苏和北京2.0的培训总学时差多少", "两者相同"),
])
def test_a_comparison_asking_the_difference_sets_the_two_totals_against_each_other(fake_advisor, question, note):
    ans = fake_advisor.ask(question)
    assert not ans.refused and note in ans.answer, ans.answer


def test_no_difference_is_computed_from_a_part_of_a_side(fake_advisor):
    # 实践学时一样吗: a side's first statement gives several figures, so no note is made from a guess among them.
    ans = fake_advisor.ask("北京和江苏总学时一样吗")
    assert "不一样" not in ans.answer, ans.answer


def test_no_difference_is_computed_when_both_sides_rest_on_one_document(fake_advisor):
    # Read as 1.0 on both sides, the two sides are one document's figure twice: nothing is set against it.
    ans = fake_advisor.ask("广东1.0那会儿总共多少学时，跟北京现在比差多少")
    assert "两者相同" not in ans.answer and "两者相差" not in ans.answer, ans.answer


def test_a_conditional_opener_in_a_conversation_is_a_follow_up(fake_advisor):
    # 要是没弄完…: a hypothetical that goes on from the previous question keeps its place and stays in scope.
    history = [{"role": "user", "content": "瓦房店老师自己要做啥"},
               {"role": "assistant", "content": "选3个微能力，完成不少于25学时网络研修和不少于25学时校本实践。"}]
    ans = fake_advisor.ask("要是没弄完会有啥后果", history=history)
    assert not ans.refused and "取消" in ans.answer, ans.answer


def test_a_message_in_a_conversation_about_the_programme_stays_in_it(fake_advisor):
    # 网课资源能不能算进去 names nothing of the programme, but the conversation is about its hours; 算进去 asks leave.
    history = [{"role": "user", "content": "江苏2.0一共多少学时"},
               {"role": "assistant", "content": "江苏培训不低于50学时，其中实践应用学时不少于25学时。"}]
    ans = fake_advisor.ask("我们做的在线教学资源能不能算进去", region="江苏", history=history)
    assert not ans.refused and "实践应用学时" in ans.answer, ans.answer



@pytest.mark.parametrize("history,question,words", [
    # A short follow-up of a request for examples asks for examples still (有没有初中的 after B2有没有案例).
    ([{"role": "user", "content": "A12评价数据的伴随性采集有没有案例"},
      {"role": "assistant", "content": "有，案例库中有八年级英语口语练习的伴随性数据采集。"}],
     "有没有体育的", ["跳绳"]),
    # A request for examples naming nothing else is about the point asked before.
    ([{"role": "user", "content": "电子档案袋评价属于哪个能力点"},
      {"role": "assistant", "content": "B10档案袋评价，学业评价维度，混合学习环境。"}],
     "有没有现成的案例看看", ["B10"]),
])
def test_a_follow_up_request_for_examples_keeps_to_the_conversation(fake_advisor, history, question, words):
    ans = fake_advisor.ask(question, history=history)
    assert not ans.refused and "案例库中的参考案例" in ans.answer, ans.answer
    for w in words:
        assert w in ans.answer, (w, ans.answer)
