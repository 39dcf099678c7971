"""How evidence text is cut before it is read clause by clause."""

import pytest

from assistant.guard.clauses import rejoin_breaks


@pytest.mark.parametrize("text,expected", [
    # A long line stopping mid-word, blank lines after it (a page break of the source): joined.
    ("其中省电化教育馆主要负责技术保障、资源建设工作，省教研\n\n\n室主要负责督导。", "其中省电化教育馆主要负责技术保障、资源建设工作，省教研室主要负责督导。"),
    # A document's title line, a short heading, a line ending its sentence, a numbered item: kept apart.
    ("《省教育厅关于实施江苏省中小学教师信息技术应用能力提升工程2.0的意见》\n其中省项目办负责。",
     "《省教育厅关于实施江苏省中小学教师信息技术应用能力提升工程2.0的意见》\n其中省项目办负责。"),
    ("（三）组织管理\n各级教育行政部门要加强领导。", "（三）组织管理\n各级教育行政部门要加强领导。"),
    ("各级教育行政部门要加强领导，健全工作机制。\n各校要制定方案。", "各级教育行政部门要加强领导，健全工作机制。\n各校要制定方案。"),
    ("各级教育行政部门要加强领导，健全工作机制，做好以下工作\n一、制定方案", "各级教育行政部门要加强领导，健全工作机制，做好以下工作\n一、制定方案"),
])
def test_a_page_break_inside_a_sentence_is_joined(text, expected):
    assert rejoin_breaks(text) == expected
