"""The place-name table (corpus/regions.yaml): any common spelling of a region → its canonical name and chain."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.corpus.documents import read_yaml
from assistant.corpus.errors import CorpusError, describe_validation

__all__ = ["Gazetteer", "Region", "Place", "NATIONAL", "default_gazetteer", "DEFAULT_REGIONS_PATH", "LEARNED_FILE",
           "learn_place"]

NATIONAL = "全国"
DEFAULT_REGIONS_PATH = Path(__file__).resolve().parents[2] / "corpus" / "regions.yaml"
_SUFFIX = re.compile(r"(新区|地区|自治州|市|区|县)$")
_LEVELS = {0: "national", 1: "provincial", 2: "city", 3: "county"}
# Districts and counties trainers added when ingesting their documents (parent canonical name + own name).
LEARNED_FILE = "regions_local.yaml"
_LOCAL_NAME = re.compile(r"^[\u4e00-\u9fff]{1,12}(新区|自治县|区|县|市|旗)$")


class _Learned(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parent: str = Field(min_length=2)
    name: str = Field(min_length=2)
    aliases: list[str] = Field(default_factory=list)


class _LearnedFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    places: list[_Learned] = Field(default_factory=list)


class Region(BaseModel):
    """A normalised region: canonical name (None if unrecognised) and its chain, most local first, ending 全国."""

    model_config = ConfigDict(frozen=True)

    input: str | None
    canonical: str | None
    chain: list[str]
    known: bool
    level: str = "national"

    @property
    def is_national(self) -> bool:
        """True for 全国 (or no region given)."""
        return self.canonical == NATIONAL


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2)
    full: str | None = None
    aliases: list[str] = Field(default_factory=list)
    children: list["str | _Entry"] = Field(default_factory=list)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    national: _Entry
    regions: list[_Entry]


@dataclass
class Place:
    """One node of the table: a province, city or county with its spellings."""

    canonical: str
    full: str
    depth: int
    chain: list[str]
    aliases: set[str] = field(default_factory=set)
    children: list["Place"] = field(default_factory=list)

    def descendants(self) -> list["Place"]:
        """Every place below this one."""
        out: list[Place] = []
        for c in self.children:
            out.append(c)
            out.extend(c.descendants())
        return out


def _normalize(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class Gazetteer:
    """Resolves and finds region names; built from corpus/regions.yaml."""

    def __init__(self, national_aliases: set[str], provinces: list[Place]) -> None:
        self.national_aliases = national_aliases | {NATIONAL}
        self._national_longest = sorted(self.national_aliases, key=len, reverse=True)
        self._found: dict[str, tuple[tuple[int, int, Region], ...]] = {}  # find's answers, by text
        self.provinces = provinces
        self.places = [p for prov in provinces for p in [prov, *prov.descendants()]]
        self.by_canonical = {p.canonical: p for p in self.places}
        self._index: dict[str, list[tuple[str, Place]]] = {}
        for place in self.places:
            for alias in place.aliases:
                if len(alias) >= 2:
                    self._index.setdefault(alias[0], []).append((alias, place))

    @classmethod
    def load(cls, path: Path) -> "Gazetteer":
        """Validate regions.yaml; a malformed entry raises CorpusError naming file, entry and field."""
        data = read_yaml(path)
        try:
            parsed = _File.model_validate(data)
        except ValidationError as e:
            entry = "regions"
            if isinstance(data, dict) and e.errors() and e.errors()[0]["loc"][:1] == ("regions",):
                loc = e.errors()[0]["loc"]
                regions = data.get("regions") or []
                if len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(regions):
                    raw = regions[loc[1]]
                    entry = str(raw.get("name", f"#{loc[1] + 1}")) if isinstance(raw, dict) else f"#{loc[1] + 1}"
            raise CorpusError(describe_validation(str(path), entry, e)) from e
        provinces = [cls._province(e) for e in parsed.regions]
        learned = path.with_name(LEARNED_FILE)
        if learned.exists():
            cls._graft(learned, provinces)
        province_names = {a for p in provinces for a in p.aliases}
        for prov in provinces:
            for place in prov.descendants():
                place.aliases -= province_names - {place.full}
        seen: set[str] = set()
        for prov in provinces:
            for place in [prov, *prov.descendants()]:
                if place.canonical in seen:
                    raise CorpusError(f"{path}: 条目 {place.canonical}: 字段 name: 重复的地区")
                seen.add(place.canonical)
        return cls({_normalize(a) for a in [parsed.national.name, *parsed.national.aliases]}, provinces)

    @staticmethod
    def _graft(path: Path, provinces: list[Place]) -> None:
        """Add the places trainers registered (regions_local.yaml) under their parents."""
        try:
            entries = _LearnedFile.model_validate(read_yaml(path) or {}).places
        except ValidationError as e:
            raise CorpusError(describe_validation(str(path), "places", e)) from e
        by_name = {p.canonical: p for prov in provinces for p in [prov, *prov.descendants()]}
        for entry in entries:
            parent = by_name.get(entry.parent)
            if parent is None:
                raise CorpusError(f"{path}: 条目 {entry.name}: 字段 parent: 地名表中没有 {entry.parent}")
            if any(c.full == entry.name for c in parent.children):
                continue
            child = Gazetteer._child(_Entry(name=entry.name, aliases=entry.aliases), parent)
            parent.children.append(child)
            by_name[child.canonical] = child

    def propose(self, name: str, document: str | None = None) -> tuple[Region, dict | None]:
        """A region for a document's name: a known place, or a new district/county under a known parent
        (南京市鼓楼区 → 江苏省南京市 + 鼓楼区), returned with the entry to register. A bare county name (晋江市) is
        placed under the city the document itself names most (根据泉州市…). Anything else is a ValueError."""
        try:
            return self.resolve_exact(name), None
        except ValueError:
            pass
        text = _normalize(str(name or ""))
        hit = self._walk(text) if text else None
        if hit is None and document and _LOCAL_NAME.match(text):
            parent = self._named_city(document)
            if parent is not None:
                return self.propose(parent.canonical + text)
        if hit is None:
            return self.resolve_exact(name), None  # raises, with suggestions
        parent, used = hit
        rest = text[used:]
        if rest in ("县", "区", "市", "旗") and parent.depth >= 2:
            rest = text  # 长沙县 lies in 长沙市: the county takes the city's short name
        if not _LOCAL_NAME.match(rest):
            return self.resolve_exact(name), None  # raises with suggestions
        if parent.depth >= 3:
            raise ValueError(f"{parent.canonical} 已是区县一级，不能再往下添加：{rest}")
        if parent.depth == 1 and any(not c.full.endswith(("区", "县")) for c in parent.children):
            raise ValueError(f"请写出 {rest} 所属的地级市（如 {parent.full}某某市{rest}）")
        entry = {"parent": parent.canonical, "name": rest}
        canonical = (parent.full if parent.depth == 1 else parent.canonical) + rest
        region = Region(input=name, canonical=canonical, chain=[canonical, *parent.chain], known=True,
                        level=_LEVELS.get(parent.depth + 1, "county"))
        return region, entry

    def _named_city(self, document: str) -> Place | None:
        """The city a document names most often (more often than any other city), if any."""
        counts: dict[str, int] = {}
        for _, _, region in self.find(document[:20_000]):
            if region.level == "city" and region.canonical:
                counts[region.canonical] = counts.get(region.canonical, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return self.by_canonical.get(ranked[0][0])

    @staticmethod
    def _province(entry: _Entry) -> Place:
        full = entry.full or entry.name
        prov = Place(entry.name, full, 1, [entry.name, NATIONAL], {entry.name, full, *entry.aliases})
        prov.children = [Gazetteer._child(c, prov) for c in entry.children]
        return prov

    @staticmethod
    def _child(raw: "str | _Entry", parent: Place) -> Place:
        entry = raw if isinstance(raw, _Entry) else _Entry(name=raw)
        canonical = (parent.full if parent.depth == 1 else parent.canonical) + entry.name
        aliases = {entry.name, canonical, *entry.aliases}
        short = _SUFFIX.sub("", entry.name)
        if len(short) >= 2:
            aliases.add(short)
        place = Place(canonical, entry.name, parent.depth + 1, [canonical, *parent.chain], aliases)
        place.children = [Gazetteer._child(c, place) for c in entry.children]
        return place

    @staticmethod
    def _longest(text: str, pairs: list[tuple[str, Place]]) -> tuple[Place, int] | None:
        """The place with the longest alias that `text` starts with (shallower, then earlier, wins a tie)."""
        best: tuple[int, int, Place] | None = None
        for alias, place in pairs:
            if len(alias) >= 2 and text.startswith(alias):
                if best is None or (len(alias), -place.depth) > (best[0], best[1]):
                    best = (len(alias), -place.depth, place)
        return (best[2], best[0]) if best else None

    def _walk(self, text: str) -> tuple[Place, int] | None:
        """Match a place at the start of text, then keep descending (辽宁省 + 大连市 + 瓦房店市)."""
        hit = self._longest(text, self._index.get(text[:1], []))
        if hit is None:
            return None
        place, used = hit
        while used < len(text):
            deeper = self._longest(text[used:], [(a, d) for d in place.descendants() for a in d.aliases])
            if deeper is None:
                break
            place, used = deeper[0], used + deeper[1]
        return place, used

    def region(self, place: Place | None, raw: str | None) -> Region:
        """The public Region of a place (None place → national)."""
        if place is None:
            return Region(input=raw, canonical=NATIONAL, chain=[NATIONAL], known=True, level="national")
        return Region(input=raw, canonical=place.canonical, chain=list(place.chain), known=True,
                      level=_LEVELS.get(place.depth, "county"))

    def resolve(self, name: str | None) -> Region:
        """Normalise any spelling; None or 全国 → 全国; unrecognised → canonical None, chain ['全国']."""
        if name is None:
            return self.region(None, None)
        text = _normalize(str(name))
        if not text or text in self.national_aliases:
            return self.region(None, name)
        if text in self.by_canonical:
            return self.region(self.by_canonical[text], name)
        hit = self._walk(text)
        if hit is None:
            found = self.find(text)
            if not found:
                return Region(input=name, canonical=None, chain=[NATIONAL], known=False, level="national")
            return found[0][2]
        return self.region(hit[0], name)

    def resolve_exact(self, name: str) -> Region:
        """A region named by the whole text and nothing else (北京, 北京市海淀区, 瓦房店); anything more or less —
        北京xyz, 上海北京, a quote or a command — is a ValueError that says what was recognised."""
        text = _normalize(str(name or ""))
        if text in self.national_aliases:
            return self.region(None, name)
        if text in self.by_canonical:
            return self.region(self.by_canonical[text], name)
        hit = self._walk(text) if text else None
        if hit is not None and hit[1] == len(text):
            return self.region(hit[0], name)
        found = [r.canonical for _, _, r in self.find(text) if r.canonical]
        hint = f"（是不是指：{'、'.join(dict.fromkeys(found))}？）" if found else \
            "（请写地名，如 北京、南京、瓦房店；区县请连同上级写，如 南京市鼓楼区）"
        raise ValueError(f"无法准确识别地区：{name}{hint}")

    def find(self, text: str) -> list[tuple[int, int, Region]]:
        """Every region named in a text, as (start, end, Region), left to right, longest spelling first."""
        found = self._found.get(text)
        if found is None:
            found = tuple(self._find(text))
            if len(self._found) >= 50_000:
                self._found.clear()
            self._found[text] = found
        return list(found)

    def _find(self, text: str) -> list[tuple[int, int, Region]]:
        text = unicodedata.normalize("NFKC", text)
        out: list[tuple[int, int, Region]] = []
        i = 0
        while i < len(text):
            national = next((a for a in self._national_longest if text.startswith(a, i)), None)
            if national:
                out.append((i, i + len(national), self.region(None, national)))
                i += len(national)
                continue
            hit = self._walk(text[i:])
            if hit is None:
                i += 1
                continue
            out.append((i, i + hit[1], self.region(hit[0], text[i:i + hit[1]])))
            i += hit[1]
        return out


def learn_place(regions_path: Path, entry: dict) -> None:
    """Register a district or county under its parent in regions_local.yaml beside regions.yaml (the caller
    holds the corpus lock); the file is rewritten atomically."""
    from assistant.corpus.ingest import write_atomic

    path = Path(regions_path).with_name(LEARNED_FILE)
    data = _LearnedFile.model_validate(read_yaml(path) or {}) if path.exists() else _LearnedFile()
    if any(p.parent == entry["parent"] and p.name == entry["name"] for p in data.places):
        return
    data.places.append(_Learned(**entry))
    head = "# 培训者添加文件时登记的区县：上级规范名 + 名称。由 advisor ingest 写入，可手工修改。\n"
    import yaml

    write_atomic(path, head + yaml.safe_dump(data.model_dump(), allow_unicode=True, sort_keys=False))
    default_gazetteer.cache_clear()


@lru_cache(maxsize=4)
def default_gazetteer(path: Path = DEFAULT_REGIONS_PATH) -> Gazetteer:
    """The gazetteer of the repository's corpus/regions.yaml, loaded once."""
    return Gazetteer.load(path)
