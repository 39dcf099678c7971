"""Region names in any spelling, and which documents govern a region for a programme."""

from __future__ import annotations

import pytest

from assistant.rules import governing_documents, resolve_region
from assistant.rules.gazetteer import default_gazetteer
from assistant.types import Document

# input → (canonical, chain, known)
SPELLINGS = [
    ("北京", "北京", ["北京", "全国"], True),
    ("北京市", "北京", ["北京", "全国"], True),
    ("北京海淀区", "北京市海淀区", ["北京市海淀区", "北京", "全国"], True),
    ("北京市海淀区", "北京市海淀区", ["北京市海淀区", "北京", "全国"], True),
    ("海淀", "北京市海淀区", ["北京市海淀区", "北京", "全国"], True),
    ("江苏省", "江苏", ["江苏", "全国"], True),
    ("江苏", "江苏", ["江苏", "全国"], True),
    (" 江苏 ", "江苏", ["江苏", "全国"], True),
    ("南京", "江苏省南京市", ["江苏省南京市", "江苏", "全国"], True),
    ("南京市", "江苏省南京市", ["江苏省南京市", "江苏", "全国"], True),
    ("江苏省南京市", "江苏省南京市", ["江苏省南京市", "江苏", "全国"], True),
    ("大连", "辽宁省大连市", ["辽宁省大连市", "辽宁", "全国"], True),
    ("大连市", "辽宁省大连市", ["辽宁省大连市", "辽宁", "全国"], True),
    ("瓦房店", "辽宁省大连市瓦房店市", ["辽宁省大连市瓦房店市", "辽宁省大连市", "辽宁", "全国"], True),
    ("瓦房店市", "辽宁省大连市瓦房店市", ["辽宁省大连市瓦房店市", "辽宁省大连市", "辽宁", "全国"], True),
    ("大连瓦房店", "辽宁省大连市瓦房店市", ["辽宁省大连市瓦房店市", "辽宁省大连市", "辽宁", "全国"], True),
    ("辽宁省大连市瓦房店市", "辽宁省大连市瓦房店市", ["辽宁省大连市瓦房店市", "辽宁省大连市", "辽宁", "全国"], True),
    ("广东", "广东", ["广东", "全国"], True),
    ("广州", "广东省广州市", ["广东省广州市", "广东", "全国"], True),
    ("深圳市", "广东省深圳市", ["广东省深圳市", "广东", "全国"], True),
    ("上海", "上海", ["上海", "全国"], True),
    ("上海浦东", "上海市浦东新区", ["上海市浦东新区", "上海", "全国"], True),
    ("广西壮族自治区", "广西", ["广西", "全国"], True),
    ("内蒙", "内蒙古", ["内蒙古", "全国"], True),
    ("吉林市", "吉林省吉林市", ["吉林省吉林市", "吉林", "全国"], True),
    ("吉林", "吉林", ["吉林", "全国"], True),
    ("成都", "四川省成都市", ["四川省成都市", "四川", "全国"], True),
    ("全国", "全国", ["全国"], True),
    (None, "全国", ["全国"], True),
    ("", "全国", ["全国"], True),
    ("火星", None, ["全国"], False),
]


@pytest.mark.parametrize("name,canonical,chain,known", SPELLINGS, ids=[str(s[0]) for s in SPELLINGS])
def test_resolve_region(name, canonical, chain, known):
    region = resolve_region(name)
    assert (region.canonical, region.chain, region.known) == (canonical, chain, known)
    assert region.input == name


@pytest.mark.parametrize("name", [
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃",
    "青海", "宁夏", "新疆",
])
def test_every_province_is_known(name):
    assert resolve_region(name).canonical == name


def test_find_regions_in_text():
    found = default_gazetteer().find("北京至少2个，瓦房店要3个，上海没有文件，全国50学时")
    assert [r.canonical for _, _, r in found] == ["北京", "辽宁省大连市瓦房店市", "上海", "全国"]


def _doc(doc_id: str, region: str, program: str = "2.0", level: str = "provincial") -> Document:
    return Document(id=doc_id, file=f"{doc_id}.txt", title=doc_id, region=region, level=level, program=program)


DOCS = [
    _doc("nat", "全国", level="national"),
    _doc("zj", "浙江"),
    _doc("hz", "浙江省杭州市", level="city"),
    _doc("hz-1", "浙江省杭州市", program="1.0", level="city"),
    _doc("nat-1", "全国", program="1.0", level="national"),
]


@pytest.mark.parametrize("region,program,doc_ids", [
    ("杭州", "2.0", ["hz", "zj", "nat"]),
    ("杭州市", "1.0", ["hz-1", "nat-1"]),
    ("杭州", None, ["hz", "hz-1", "zj", "nat", "nat-1"]),
    ("浙江", "2.0", ["zj", "nat"]),
    ("宁波", "2.0", ["zj", "nat"]),
    ("上海", "2.0", ["nat"]),
    (None, "2.0", ["nat"]),
    ("火星", "1.0", ["nat-1"]),
])
def test_governing_documents_in_precedence_order(region, program, doc_ids):
    assert governing_documents(region, program, DOCS).doc_ids == doc_ids


def test_a_local_document_of_the_other_programme_is_named_in_a_note():
    docs = [_doc("nat", "全国", level="national"), _doc("gd-1", "广东", program="1.0")]
    j = governing_documents("广东", "2.0", docs)
    assert j.doc_ids == ["nat"]
    assert any("1.0" in n and "gd-1" in n for n in j.notes)
    assert any("没有广东" in n for n in j.notes)


def test_a_more_local_document_is_not_applied_upward_but_mentioned():
    j = governing_documents("浙江", "2.0", DOCS)
    assert "hz" not in j.doc_ids
    assert any("只适用于浙江省杭州市" in n for n in j.notes)


@pytest.mark.parametrize("program", ["3.0", "abc", "二点零"])
def test_unknown_programme_is_a_value_error(program):
    with pytest.raises(ValueError, match="项目版本"):
        governing_documents("北京", program, DOCS)


@pytest.mark.parametrize("program,normalised", [("2", "2.0"), (2, "2.0"), ("提升工程2.0", "2.0"), ("1", "1.0"),
                                                 ("", None)])
def test_programme_spellings(program, normalised):
    assert governing_documents("北京", program, DOCS).program == normalised
