"""A table laid out one cell a line is read row by row, each cell under its column's name, when its rows line up with
its header; a table whose rows do not is left to be read cell after cell."""

from assistant.compose.sentences import _labelled_table

LINED_UP = ("主要内容如下：\n\n\t阶段\n\t任务\n\t成果\n\n\t准备\n\n阶段\n\t组建团队\n\t团队名单\n\n\t\n\t制定方案\n"
            "\t研修方案\n考核方案\n\n\t实施\n\t课堂实践\n\t课例\n\n（二）下一节\n\n正文。")
RAGGED = "具体如下：\n\n\t内容\n\t学时\n\n\t线上\n\t专题（20）\n\t15\n\t5\n\n\t线下\n\t20\n\n正文。"


def test_rows_that_line_up_are_read_under_their_column_names():
    units, end = _labelled_table(LINED_UP, LINED_UP.index("\t阶段"))
    texts = [u[2] for u in units]
    assert texts[:3] == ["阶段：准备阶段；任务：组建团队；成果：团队名单",
                         "阶段：准备阶段；任务：制定方案；成果：研修方案、考核方案",   # empty first cell: the one above
                         "阶段：实施；任务：课堂实践；成果：课例"]
    assert "准备阶段的任务：组建团队、制定方案" in texts            # rows sharing a first cell, summed up
    assert LINED_UP[end:].lstrip().startswith("（二）下一节")        # a heading ends the table
    for start, stop, _, table in units:
        assert table and LINED_UP[start:stop].strip()


def test_a_table_whose_rows_do_not_line_up_is_left_alone():
    assert _labelled_table(RAGGED, RAGGED.index("\t内容")) is None
