"""The structure parser on public documents (tests/data/, see its README): hand-checked ids, context,
款/项 locations, metadata, names, 100% coverage; and the shapes it must refuse or fall back from."""

from pathlib import Path

import pytest

from ingest import IngestError, load_document, parse_document

from .surveys import by_id

DATA = Path(__file__).parent.parent / "data"

EXPECTED_IDS = {
    "law-xingzheng-chufa": ["header", *map(str, range(1, 17)), *map(str, range(39, 47)), "51", "52", "53"],
    "reg-jiangmen-yangchen": ["header", "1", "2", "3", "4", "5", "8", "10", "11", "13", "33", "34", "41"],
    "policy-zonghe-baoshuiqu": ["header", "preamble", "一", "二（一）", "二（二）", "二（三）", "二（四）", "三",
                                *map(str, range(1, 10)), "五", "footer"],
    "notice-shetuan-qingli": ["header", "p1", "p2", "footer", "附件:header", "附件:preamble", "附件:一",
                              "附件:二（一）", "附件:二（二）", "附件:二（三）", "附件:三", "附件:三（一）",
                              "附件:三（二）", "附件:三（三）"],
    "notice-geshui-fujia": ["header", "p1", "footer", "附件:header", *(f"附件:{i}" for i in range(1, 11)),
                            "附件:29", "附件:30", "附件:31", "附件:32"],
    "notice-chuangxin-table": ["header", "preamble", "一（一）", "一（二）", "一（三）", "一（四）", "一（五）", "二", "三",
                               "footer", "附件:header", *(f"附件:{i}" for i in (1, 2, 3, 4, 5, 21, 22, 23))],
}


@pytest.fixture(scope="module")
def docs():
    return {p.stem: load_document(p) for p in sorted(DATA.glob("*.txt"))}



@pytest.mark.parametrize("name", sorted(EXPECTED_IDS))
def test_ids_and_full_coverage(docs, name):
    doc = docs[name]
    assert [c.clause_id for c in doc.clauses] == EXPECTED_IDS[name]
    assert doc.coverage == 1.0 and doc.warnings == () and doc.numbered
    assert [c.order for c in doc.clauses] == list(range(len(doc.clauses)))


def test_law_articles_carry_their_number_headings_and_paragraphs(docs):
    law = docs["law-xingzheng-chufa"]
    by = by_id(law)
    a12 = by["12"]
    assert a12.label == "行政处罚法:第12条" and a12.key == "law-xingzheng-chufa:12" and a12.text.startswith("地方性法规可以设定")
    assert a12.context == ("第二章 行政处罚的种类和设定",) and a12.part == "第二章 行政处罚的种类和设定"
    start, end = a12.locate(2)  # 第十二条第二款
    assert a12.text[start:end].startswith("法律、行政法规对违法行为已经作出行政处罚规定，地方性法规需要作出具体规定的")
    assert a12.locate(4) is None
    assert by["39"].context == ("第五章 行政处罚的决定", "第一节 一般规定")
    assert by["51"].context == ("第五章 行政处罚的决定", "第二节 简易程序")
    # 项 inside their 条: 第九条第（五）项, and 第四十六条's 第二款 after its eight 项
    s, e = by["9"].locate(1, 5)
    assert by["9"].text[s:e] == "（五）行政拘留；"
    s, e = by["46"].locate(2)
    assert by["46"].text[s:e] == "证据必须经查证属实，方可作为认定案件事实的根据。"
    # headings are never units, and the table of contents stays in the head
    assert not any("章" in c.clause_id or "节" in c.clause_id for c in law.clauses)
    assert "目录" in by["header"].text.replace("\u3000", "").replace(" ", "") and "第八章" in by["header"].text
    m = law.meta
    assert (m.title, m.short_name, m.doc_type) == ("中华人民共和国行政处罚法", "行政处罚法", "法")
    assert m.adopted_date == "1996年3月17日" and m.issuer == "全国人民代表大会"


def test_local_regulation(docs):
    reg = docs["reg-jiangmen-yangchen"]
    by = by_id(reg)
    assert [p.xiang for p in by["13"].paragraphs] == list(range(12))  # the 款 then its 项 （一）…（十一）
    s, e = by["13"].locate(1, 11)
    assert by["13"].text[s:e].startswith("（十一）施工工地内裸露地面")
    assert by["34"].text.startswith("违反本条例第十三条第二、三、四、五、七、八项")  # a reference is not an article
    assert by["5"].locate(3)[0] > 0 and by["41"].context == ("第五章 附则",)
    m = reg.meta
    assert (m.doc_type, m.short_name, m.issuer) == ("条例", "江门市扬尘污染防治条例", "江门市人民代表大会常务委员会")


def test_policy_document_numbering(docs):
    pol = docs["policy-zonghe-baoshuiqu"]
    by = by_id(pol)
    # 1.–9. run on across （一）（二）, so the number alone names them; （一） restarts under 二、 and 四、
    assert by["6"].context == ("四、主要任务", "（二）推动创新创业，打造研发设计中心。")
    assert by["1"].lead == "拓展两个市场" and by["1"].text.startswith("拓展两个市场。\n积极稳妥地")
    assert "（税务总局、财政部、海关总署负责" in by["1"].text  # a parenthesis is not an item mark
    assert by["二（二）"].label == "促进综合保税区高水平开放高质量发展的若干意见:二（二）"
    assert by["二（二）"].context == ("二、基本原则",)
    assert by["一"].text.startswith("指导思想\n以习近平")  # a heading with text of its own is a unit
    m = pol.meta
    assert m.title == "国务院关于促进综合保税区高水平开放高质量发展的若干意见"  # printed on two lines
    assert (m.issuer, m.doc_number, m.signer, m.signed_date, m.note) == (
        "国务院", "国发〔2019〕3号", "国务院", "2019年1月12日", "（此件公开发布）")
    assert m.recipients == "各省、自治区、直辖市人民政府，国务院各部委、各直属机构" and m.doc_type == "意见"


def test_repeated_numbers_explained_by_the_hierarchy(docs):
    doc = docs["notice-shetuan-qingli"]
    by = by_id(doc)
    # 1. restarts under every （一）: the items stay inside the unit that introduces them
    keep = by["附件:三（二）"]
    assert keep.context == ("三、清理整顿工作的主要内容",) and keep.lead == "符合下列要求的社会团体予以保留"
    s, e = keep.locate(11, 10)
    assert keep.text[s:e] == "10.法人社会团体还应具备："
    s, e = keep.locate(12, 10, 1)
    assert keep.text[s:e] == "（1）有专职工作人员；"
    assert "2.有规范的名称。" in keep.text and "1.未依照章程开展业务活动的；" in by["附件:三（三）"].text
    m = doc.meta
    assert m.title == "国务院办公厅转发民政部关于清理整顿社会团体意见的通知" and m.issuer == "国务院办公厅"
    assert m.signed_date == "一九九七年四月八日" and doc.structure == "notice+policy"
    assert by["附件:header"].text == "关于清理整顿社会团体的意见\n（民政部一九九七年一月二十八日）"


def test_notice_that_issues_a_measure(docs):
    doc = docs["notice-geshui-fujia"]
    by = by_id(doc)
    assert by["附件:1"].text == "根据《中华人民共和国个人所得税法》（以下简称个人所得税法）规定，制定本办法。"
    assert by["附件:5"].context == ("第二章 子女教育",) and by["附件:5"].locate(3) is not None
    assert by["附件:3"].label == "个人所得税专项附加扣除暂行办法:附件:第3条" and by["附件:3"].key == "notice-geshui-fujia:附件:3"
    assert by["附件:header"].text == "个人所得税专项附加扣除暂行办法"
    assert by["footer"].text == "国务院\n2018年12月13日\n（此件公开发布）"
    m = doc.meta
    assert m.title == "国务院关于印发个人所得税专项附加扣除暂行办法的通知" and m.issuer == "国务院"
    assert (m.short_name, m.doc_type) == ("个人所得税专项附加扣除暂行办法", "通知")


def test_table_in_an_attachment(docs):
    doc = docs["notice-chuangxin-table"]
    by = by_id(doc)
    row = by["附件:2"]
    assert row.text.startswith("省级行政区内专利等专业技术性较强的知识产权案件跨市（区）审理 | 授权市级人民法院")
    assert row.text.endswith(" | 最高人民法院、国家知识产权局 | 全国") and row.context == ("一、知识产权保护方面（共5项）",)
    assert by["附件:header"].text.endswith("序号 | 改革举措 | 主要内容 | 指导部门 | 推广范围")
    assert doc.meta.attachments == ("第二批支持创新相关改革举措推广清单",)
    assert by["footer"].text.startswith("附件：第二批支持创新相关改革举措推广清单\n国务院办公厅\n2018年12月23日")


def test_short_name_can_be_set_by_the_caller():
    law = load_document(DATA / "law-xingzheng-chufa.txt", short_name="处罚法")
    assert law.meta.short_name == "处罚法" and law.short_name == "处罚法"


def test_text_without_structure_falls_back_to_paragraphs_with_a_warning():
    doc = parse_document("某某管理条例\n\n这是一段说明。\n\n又一段。", doc_id="plain")
    assert [c.clause_id for c in doc.clauses] == ["p1", "p2", "p3"] and not doc.numbered
    assert len(doc.warnings) == 1 and "law articles (第…条), as its title says 条例" in doc.warnings[0] and "p1…p3" in doc.warnings[0]


def test_an_article_number_twice_is_an_error():
    text = "某某条例\n\n第一条　甲。\n\n第二条　乙。\n\n第二条　丙。\n"
    with pytest.raises(IngestError, match=r"the number 第2条 appears twice at the same level: line 5 “第二条乙。” "
                                          r"and line 7 “第二条丙。”\. Renumber one of them; then add"):
        parse_document(text, doc_id="dup", path="dup.txt")


def test_lost_text_is_an_error_naming_the_line(monkeypatch):
    """If a unit ever dropped a paragraph, ingest stops and names the line instead of answering from
    part of the document (the bug of issue 13: 75–91% of policy documents silently dropped)."""
    from ingest import assemble

    real = assemble.build_clause

    def lossy(doc_id, d, order, wrapped):
        c = real(doc_id, d, order, wrapped)
        if c.clause_id == "2":
            from dataclasses import replace

            return replace(c, text=c.text[: len(c.text) // 2])
        return c

    monkeypatch.setattr("ingest.parser.build_clause", lossy)
    with pytest.raises(IngestError, match=r"line 5: '2\.第二条"):
        parse_document("为做好某事，作出如下决定：\n\n1.第一条内容。\n\n2.第二条内容很长很长。\n", doc_id="x", path="x.txt")


def test_two_documents_with_one_short_name_are_told_apart(tmp_path):
    from ingest import ingest_batch

    law = (DATA / "law-xingzheng-chufa.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(law, encoding="utf-8")
    (tmp_path / "b.txt").write_text(law.replace("第一条", "第一条 ", 1), encoding="utf-8")
    report = ingest_batch([tmp_path / "a.txt", tmp_path / "b.txt"])
    first, second = report.documents
    assert {c.cite_as for c in first.clauses} == {"行政处罚法"}
    assert {c.cite_as for c in second.clauses} == {"b"} and second.clauses[1].label.startswith("b:")
    assert any("行政处罚法" in w and "already used by a" in w for w in second.warnings)


@pytest.mark.parametrize("head", ["中华人民共和国全国人民代表大会常务委员会公告（第十五号）",
                                  "中华人民共和国全国人民代表大会常务委员会公告\n\n（第十五号）",
                                  "中华人民共和国全国人民代表大会常务委员会公告\n\n第十五号"])
def test_a_numbered_announcements_number_is_its_document_number(head):
    """A 公告 numbered in Chinese numerals, in brackets or not, on its line or the next: the number was read as no
    number at all (doc_number empty), so a question naming 第十五号公告 could not find it."""
    doc = parse_document(f"{head}\n\n　　第十四届全国人民代表大会常务委员会第八次会议决定补选某某为委员。\n\n　　现予公告。\n",
                         doc_id="x", path="x.txt")
    assert doc.meta.doc_number == "中华人民共和国全国人民代表大会常务委员会公告第十五号"
    assert doc.meta.issuer == "全国人民代表大会常务委员会"
