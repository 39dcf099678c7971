import pytest

from assistant.chunking.headings import detect_heading

CASES = [
    ("一、目标任务", "cn_dun", "一、目标任务"),
    ("1、 目标任务", "cn_dun", "1、 目标任务"),
    ("## 一、基本原则", "cn_dun", "一、基本原则"),
    ("#### **四、组织保障**", "cn_dun", "四、组织保障"),
    ("（三）教研组协商。教研组发挥统筹整合和协调作用", "cn_paren", "（三）教研组协商"),
    ("(一)省级统筹规划", "cn_paren", "(一)省级统筹规划"),
    ("1.专题课程。教师自主选择不少于15学时的课程学习", "ar_dot", "1.专题课程"),
    ("1. 做好专项调研。全面了解情况", "ar_dot", "1. 做好专项调研"),
    ("1.7月初，市级召开能力提升工程2.0启动大会。", "ar_dot", "1.7月初，市级召开能力提升工程2.0启动大会"),
    ("（1） 准备阶段（2013年12月—2014年8月）", "ar_paren", "（1） 准备阶段（2013年12月—2014年8月）"),
    ("附件2", "annex", "附件2"),
    (" 附件1", "annex", "附件1"),
    ("**（一）加强组织管理。**江苏省能力提升工程", "cn_paren", "（一）加强组织管理"),
]

BODY = [
    "2.0 的实施过程中，结合动态数据分析",
    "附件：1.北京市中小学、幼儿园教师信息技术应用",
    "培训共计50学时，其中线上学习25学时",
    "2022年，各区全部完成能力提升工程2.0培训任务。",
    "",
    "   ",
]


@pytest.mark.parametrize("line,style,label", CASES)
def test_headings_are_recognised_with_their_label(line, style, label):
    h = detect_heading(line)
    assert h is not None, line
    assert (h.style, h.label) == (style, label)


@pytest.mark.parametrize("line", BODY)
def test_body_lines_are_not_headings(line):
    assert detect_heading(line) is None


def test_markdown_headings_only_when_allowed():
    assert detect_heading("## 情境") is None
    assert detect_heading("## 情境", allow_markdown=True).label == "情境"
