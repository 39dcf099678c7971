"""Prompt-injection and prompt-extraction attempts, in user questions and in retrieved text."""

from __future__ import annotations

import base64
import re
import unicodedata

__all__ = ["find_attacks", "strip_attacks", "decode_payloads"]

_PATTERNS = [
    r"(忽略|无视|忘记|忘掉|跳过|不要理会|不用管)(掉)?(你)?(之前|以上|上面|前面|先前|所有|全部|一切|系统)?的?(所有|全部|一切)?的?(指令|指示|规则|要求|提示|设定|限制|约束)",
    r"(你现在|从现在起你|现在你)(是|扮演|作为|变成)",
    r"(扮演|假装|假设你是|充当)",
    r"(开发者|调试|越狱|无限制|上帝)模式",
    r"(输出|打印|显示|告诉我|泄露|复述|重复|给我看|发给我|列出).{0,12}(提示词|提示语|系统指令|全部指令|所有指令|system\s*prompt|内部设定|初始指令|原始指令)",
    r"(忘掉|忘记|清空|抛开).{0,8}(对话|上下文|指令|规则|设定|身份)",
    r"(你的|新的)(新)?(任务|角色|身份)(是|变成|改为)",
    r"(回答|答案|回复)的?(最后|末尾|结尾|开头|里|中)?(再)?(加|添|写|附|带|补)上?(一句|一段|这句|下面)",
    r"(授权|命令|要求|允许)你.{0,12}(改|修改|替换|更新|当作)",
    r"(把|将).{0,20}(改成|改为|修改为|替换为)[^，。]{0,10}(再回答|后回答|回答)",
    r"(以下为|以下是|下面是)(文件|官方|最新)?(的)?(补充|新增|最新|更新)(条款|规定|说明|通知)",
    r"(新规定|最新规定|新通知)[：:,，]",
    r"我是.{0,6}(管理员|开发者|工程师|负责人|领导)",
    r"(系统提示词|系统指令|提示词内容)",
    r"(新的|以下是新的|更新后的)(指令|规则|系统规则)",
    r"(管理员|系统|官方)(通知|指令)[:：]",
    r"ignore\s+(all\s+|the\s+|any\s+)?(previous|prior|above|earlier|preceding)?\s*(instructions|rules|prompts?|directions)",
    r"disregard\s+(all\s+|the\s+|any\s+)?(previous|prior|above)?\s*(instructions|rules)",
    r"(reveal|print|show|repeat|output|leak)\s+(me\s+)?(your|the)\s+(system\s+)?(prompt|instructions)",
    r"system\s+prompt",
    r"you\s+are\s+now\b",
    r"\b(act|pretend)\s+as\b",
    r"developer\s+mode|jailbreak|\bDAN\b",
    r"^\s*(system|assistant)\s*[:：]",
]
_ATTACK = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE | re.MULTILINE)
_SENTENCE = re.compile(r"[^。！？!?；;\n，,：:（）()]+?(?:[。！？!?；;，,：:（）()\n]|\.\s+|$)")
_B64 = re.compile(r"[A-Za-z0-9+/]{24,}={0,2}")


def decode_payloads(text: str) -> str:
    """The text plus any base64 runs decoded, so an encoded instruction is seen too."""
    extra = []
    for m in _B64.finditer(text):
        try:
            decoded = base64.b64decode(m.group(0), validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            continue
        extra.append(decoded)
    return "\n".join([text, *extra])


def find_attacks(text: str) -> list[str]:
    """The attack phrases found (after NFKC folding, and inside base64 payloads)."""
    folded = unicodedata.normalize("NFKC", decode_payloads(text))
    folded = re.sub(r"[\u200b-\u200f\u2060\ufeff]", "", folded)
    return [m.group(0) for m in _ATTACK.finditer(folded)]


def strip_attacks(text: str) -> tuple[str, bool]:
    """Remove every sentence that carries an attack; (what is left, whether anything was removed)."""
    kept, removed = [], False
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if find_attacks(sentence):
            removed = True
        else:
            kept.append(sentence)
    return "".join(kept).strip(), removed
