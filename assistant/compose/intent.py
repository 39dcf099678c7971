"""What a question is after: a governed fact, a how-to, a recommendation, a draft, or something out of scope."""

from __future__ import annotations

import re
from enum import Enum

__all__ = ["Intent", "classify", "in_domain"]


class Intent(str, Enum):
    """The routes of the answer pipeline."""

    FACT = "fact"
    HOWTO = "howto"
    RECOMMEND = "recommendation"
    DRAFT = "drafting"
    OUT_OF_SCOPE = "out_of_scope"


_DOMAIN = re.compile(
    r"提升工程|能力提升|2\.0|1\.0|学时|学分|培训|研修|微能力|能力点|校本|考核|信息技术|信息化|整校|设计方案|反思|"
    r"方案|教研|试点|示范|团队|文件|文号|政策|课程|案例|评价|教学|学情|学法|微课|课件|演示文稿|平台|线上|线下|网课|"
    r"教师|老师|学校|校长|教育局|教委|项目办|[ABC](?:1[0-3]|[1-9])(?!\d)|(?<![A-Za-z])[Tt](?:2[0-7]|1\d|[1-9])(?!\d)|多媒体|混合|智慧|环境|材料|提交|合格|认证|"
    r"一划两案|指导案|专项|领导力|测评|继续教育|抽查|进度|经费|规划"
)
_RECOMMEND = re.compile(r"(推荐|建议|选哪|选什么|选啥|选哪些|哪几个|哪个|该选|适合我|怎么选|帮我选).{0,8}(能力点|微能力|点)|"
                        r"(能力点|微能力).{0,8}(推荐|怎么选|选哪|选什么|选啥|适合)")
_DRAFT = re.compile(r"(帮我|给我|请)?(写|起草|拟|生成|出).{0,6}(设计方案|教学反思|反思|教案|研修方案|考核方案|方案)")
_FACT = re.compile(r"是不是|还是.{0,12}吗|对吗|对不对|[0-9０-９]+\s*(学时|%|％|个|所|人).{0,6}(吗|么|嘛)|多少|几[个所人年月项级次门天学]|几\b|比例|百分|占比|％|%|什么时候|啥时候|何时|哪年|几月|截止|期限|"
                   r"最晚|多久|多长|文号|几号文|至少|最少|不少于|不低于|上限|下限|要求.{0,4}(几|多少)")


def in_domain(question: str, places: bool = False, known_words=None) -> bool:
    """Whether the question speaks of the programme at all: its vocabulary, a named region (江苏呢), or a
    content word the documents use (`known_words`, a predicate)."""
    if places or _DOMAIN.search(question):
        return True
    if known_words is None:
        return False
    from assistant.compose.answerability import focus_terms

    return any(len(w) >= 2 and known_words(w) for w in focus_terms(question))


def classify(question: str, places: bool = False, known_words=None) -> Intent:
    """Rules over Chinese cue words; deterministic. `places`: the question names a known region."""
    if _RECOMMEND.search(question):
        return Intent.RECOMMEND
    if _DRAFT.search(question):
        return Intent.DRAFT
    if not in_domain(question, places, known_words):
        return Intent.OUT_OF_SCOPE
    if _FACT.search(question):
        return Intent.FACT
    return Intent.HOWTO
