"""Which documents govern a region for a programme, in precedence order, with plain Chinese notes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from assistant.rules.gazetteer import NATIONAL, Gazetteer, Region, default_gazetteer
from assistant.rules.rule import normalize_program
from assistant.types import Document

__all__ = ["Jurisdiction", "Region", "resolve_region", "governing_documents"]

_LEVEL_RANK = {"school": 0, "county": 1, "city": 2, "provincial": 3, "national": 4}


class Jurisdiction(BaseModel):
    """The documents that govern a region for a programme (most local first) and what the corpus lacks."""

    model_config = ConfigDict(frozen=True)

    region: Region
    program: str | None
    documents: list[Document]
    notes: list[str]

    @property
    def doc_ids(self) -> list[str]:
        """The governing documents' ids, in precedence order."""
        return [d.id for d in self.documents]

    def to_json(self) -> dict:
        """{region, program, doc_ids, notes} as plain JSON."""
        return {"region": self.region.model_dump(), "program": self.program, "doc_ids": self.doc_ids,
                "notes": list(self.notes)}


def resolve_region(name: str | None, gazetteer: Gazetteer | None = None) -> Region:
    """Normalise a region name: resolve_region("瓦房店").chain == ["辽宁省大连市瓦房店市", "辽宁省大连市", "辽宁", "全国"]."""
    return (gazetteer or default_gazetteer()).resolve(name)


def _doc_place(doc: Document, gazetteer: Gazetteer) -> Region:
    """The region a document governs, normalised (a manifest may write 北京市 for 北京)."""
    place = gazetteer.resolve(doc.region)
    return place if place.known else Region(input=doc.region, canonical=doc.region, chain=[doc.region, NATIONAL],
                                            known=False)


def _label(doc: Document) -> str:
    return f"《{doc.title}》" + (f"（{doc.doc_no}）" if doc.doc_no else "")


def governing_documents(
    region: str | None, program: str | None, documents: list[Document], gazetteer: Gazetteer | None = None
) -> Jurisdiction:
    """Documents whose region is in the region's chain and whose programme matches, local before national."""
    gaz = gazetteer or default_gazetteer()
    program = normalize_program(program)
    place = gaz.resolve(region)
    chain = place.chain
    superseded = {d.supersedes: d for d in documents if d.supersedes}
    wanted = [d for d in documents if (program is None or d.program == program) and d.id not in superseded]
    governing: list[tuple[int, int, int, Document]] = []
    for order, doc in enumerate(wanted):
        where = _doc_place(doc, gaz).canonical
        if where in chain:
            governing.append((chain.index(where), _LEVEL_RANK.get(doc.level, 5), order, doc))
    docs = [g[3] for g in sorted(governing, key=lambda g: g[:3])]
    notes = _notes(place, program, docs, documents, gaz)
    by_id = {d.id: d for d in documents}
    for old_id, new in superseded.items():
        if new in docs and old_id in by_id:
            notes.append(f"{_label(new)}已取代{_label(by_id[old_id])}，以下依据新文件。")
    return Jurisdiction(region=place, program=program, documents=docs, notes=notes)


def _notes(place: Region, program: str | None, docs: list[Document], everything: list[Document],
           gaz: Gazetteer) -> list[str]:
    """Plain statements of what the corpus does not hold for this region and programme."""
    notes: list[str] = []
    version = f"提升工程{program}" if program else "提升工程"
    if place.canonical is None:
        notes.append(f"未能识别地区“{place.input}”，以下仅依据全国性文件和规则。")
    elif region_is_missing(place):
        notes.append("未指定地区，以下依据全国性文件和规则。")
    local = [d for d in docs if _doc_place(d, gaz).canonical != NATIONAL]
    if place.canonical not in (None, NATIONAL):
        other = [d for d in everything if d.program != program and program is not None
                 and _doc_place(d, gaz).canonical in place.chain[:-1]]
        for doc in other:
            notes.append(f"语料中{_doc_place(doc, gaz).canonical}只有提升工程{doc.program}时期的文件{_label(doc)}，"
                         f"不适用于{version}的问题，不能用它回答。")
        if not local:
            fallback = "以下仅依据全国性文件和规则" if docs else "也没有可依据的全国性文件"
            notes.append(f"语料中没有{place.canonical}的{version}地方文件，{fallback}。")
        for doc in everything:
            where = _doc_place(doc, gaz)
            if (program is None or doc.program == program) and place.canonical in where.chain[1:]:
                notes.append(f"语料只收录了{where.canonical}的{_label(doc)}，它只适用于{where.canonical}，"
                             f"不适用于{place.canonical}的其他地区。")
    if program is not None and not any(_doc_place(d, gaz).canonical == NATIONAL for d in docs):
        notes.append(f"语料中没有{version}的全国性文件。")
    return notes


def region_is_missing(place: Region) -> bool:
    """True when no region was given at all (as opposed to an explicit 全国)."""
    return place.input is None or not str(place.input).strip()
