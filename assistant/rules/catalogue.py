"""Find a micro-ability by code or name (aliases too) and explain, in Chinese, why an unknown one does not exist."""

from __future__ import annotations

import re

from assistant.rules.numbers import normalize_text
from assistant.types import Ability

__all__ = ["Catalogue", "CODE", "LEGACY_PREFIX", "LEGACY_LAST"]

CODE = re.compile(r"^([A-Za-z])\s*(\d{1,3})$")
LEGACY_PREFIX, LEGACY_LAST = "T", 27  # 提升工程1.0 培训课程编号 T1–T27


def _key(text: str) -> str:
    return re.sub(r"\s+", "", normalize_text(text))


class Catalogue:
    """The 30 micro-abilities indexed by code, name and alias."""

    def __init__(self, abilities: list[Ability]) -> None:
        self.abilities = list(abilities)
        self.by_code = {a.code.upper(): a for a in abilities}
        self.by_name: dict[str, Ability] = {}
        for a in abilities:
            for name in (a.name, *a.aliases):
                self.by_name[_key(name)] = a
        self.names = sorted(self.by_name.items(), key=lambda kv: -len(kv[0]))
        self.last: dict[str, int] = {}
        for a in abilities:
            letter, number = a.code[0].upper(), int(a.code[1:])
            self.last[letter] = max(self.last.get(letter, 0), number)

    def find(self, text: str) -> Ability | None:
        """'A1', 'a1', 'Ａ１', '技术支持的学情分析', '技术支持下的学情分析', 'A1 技术支持的学情分析' → A1."""
        key = _key(text)
        if m := CODE.match(key):
            return self.by_code.get(f"{m[1].upper()}{int(m[2])}")
        if key in self.by_name:
            return self.by_name[key]
        if m := re.match(r"^([A-Za-z]\d{1,3})[:：.、（(“\"]*(.+?)[)）”\"]*$", key):
            return self.by_code.get(m[1].upper())
        return None

    def is_legacy(self, text: str) -> bool:
        """True for a 提升工程1.0 course code such as T11."""
        m = CODE.match(_key(text))
        return bool(m) and m[1].upper() == LEGACY_PREFIX and 1 <= int(m[2]) <= LEGACY_LAST

    def code_range(self) -> str:
        """'A1–A13、B1–B10、C1–C7'."""
        return "、".join(f"{k}1–{k}{v}" for k, v in sorted(self.last.items()))

    def why_unknown(self, text: str) -> str:
        """Why the text names no micro-ability (a 1.0 course code, a code out of range, an unknown name)."""
        key = _key(text)
        m = CODE.match(key)
        if not m:
            return f"“{text}”不是任何微能力点的编号或名称（编号为{self.code_range()}）"
        letter = m[1].upper()
        if self.is_legacy(key):
            return (f"“{text}”是提升工程1.0的培训课程编号（T1–T{LEGACY_LAST}），不是提升工程2.0的微能力点，"
                    f"该微能力点不存在")
        if letter in self.last:
            return f"微能力点“{text}”不存在：{letter}类只有{letter}1–{letter}{self.last[letter]}"
        return f"微能力点“{text}”不存在：编号只有{self.code_range()}"
