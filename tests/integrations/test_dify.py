"""Dify external knowledge: requests shaped exactly as Dify's `fetch_external_knowledge_retrieval` sends them
(headers, key order, `metadata_condition` as its pydantic model dumps it), against the live server."""

from __future__ import annotations

import httpx
import pytest

from chat.web.dify import Condition, MetadataCondition, matches

from .conftest import API_KEY

BUNDLED = "zhenhai-2023-31"


def dify_request(url: str, *, knowledge_id: str, query: str, top_k: int = 3, score_threshold: float = 0.0,
                 metadata_condition: dict | None = None, authorization: str | None = f"Bearer {API_KEY}"):
    """What Dify posts: Content-Type and `Authorization: Bearer <api_key>` headers; retrieval_setting, query,
    knowledge_id, then metadata_condition only when there is one."""
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    body = {"retrieval_setting": {"top_k": top_k, "score_threshold": score_threshold}, "query": query,
            "knowledge_id": knowledge_id}
    if metadata_condition:
        body["metadata_condition"] = metadata_condition
    return httpx.post(f"{url}/retrieval", headers=headers, json=body, timeout=60)


def test_records_have_dify_shape_best_first(live_server, retriever):
    r = dify_request(live_server, knowledge_id="all", query="镇海电厂以后要整体迁走吗？", top_k=3)
    assert r.status_code == 200
    records = r.json()["records"]
    assert len(records) == 3
    assert set(records[0]) == {"content", "score", "title", "metadata"}
    first = records[0]
    assert first["metadata"]["key"] == "7" and first["metadata"]["document"] == BUNDLED
    assert first["content"] == "〔第7条〕" + retriever.by_key["7"].text
    assert first["title"].endswith("第7条") and "甬江科创区镇海片区" in first["title"]
    scores = [x["score"] for x in records]
    assert scores == sorted(scores, reverse=True) and all(0.0 <= s <= 1.0 for s in scores)


def test_score_threshold_and_top_k(live_server):
    some = dify_request(live_server, knowledge_id=BUNDLED, query="轨道交通和跨江通道怎么建？", top_k=5).json()["records"]
    assert len(some) == 5 and some[-1]["score"] < some[0]["score"]
    cut = (some[0]["score"] + some[-1]["score"]) / 2
    kept = dify_request(live_server, knowledge_id=BUNDLED, query="轨道交通和跨江通道怎么建？", top_k=5,
                        score_threshold=cut).json()["records"]
    assert kept and [x["metadata"]["key"] for x in kept] == [x["metadata"]["key"] for x in some if x["score"] >= cut]
    one = dify_request(live_server, knowledge_id=BUNDLED, query="轨道交通和跨江通道怎么建？", top_k=1).json()["records"]
    assert len(one) == 1 and one[0]["metadata"]["key"] == some[0]["metadata"]["key"]


def test_metadata_condition_filters_records(live_server):
    cond = {"logical_operator": "and",
            "conditions": [{"name": "clause", "comparison_operator": "in", "value": ["6", "8"]}]}
    records = dify_request(live_server, knowledge_id="all", query="镇海电厂以后要整体迁走吗？", top_k=3,
                           metadata_condition=cond).json()["records"]
    assert {x["metadata"]["clause"] for x in records} == {"6", "8"}
    either = {"logical_operator": "or", "conditions": [
        {"name": "label", "comparison_operator": "is", "value": "第2条"},
        {"name": "lead", "comparison_operator": "contains", "value": "人才"}]}
    records = dify_request(live_server, knowledge_id="all", query="人才政策", top_k=5,
                           metadata_condition=either).json()["records"]
    assert sorted(x["metadata"]["label"] for x in records) == ["第2条", "第6条"]


@pytest.mark.parametrize(
    "authorization, code",
    [(None, 1001), ("Basic abc", 1001), ("Bearer", 1001), (API_KEY, 1001), ("Bearer sk-wrong", 1002),
     (f"Bearer {API_KEY}x", 1002)],
)
def test_authorization_errors_use_dify_codes(live_server, authorization, code):
    r = dify_request(live_server, knowledge_id="all", query="电厂", authorization=authorization)
    assert r.status_code == 403 and r.json()["error_code"] == code and r.json()["error_msg"]
    assert API_KEY not in r.text


def test_unknown_knowledge_id_is_2001(live_server):
    r = dify_request(live_server, knowledge_id="no-such-doc", query="电厂")
    assert r.status_code == 404 and r.json()["error_code"] == 2001
    assert "no-such-doc" in r.json()["error_msg"] and BUNDLED in r.json()["error_msg"]


@pytest.mark.parametrize(
    "body, message",
    [({"knowledge_id": "all", "query": "电厂"}, "retrieval_setting: Field required"),
     ({"knowledge_id": "all", "query": "电厂", "retrieval_setting": {"top_k": 0}}, "top_k: Input should be greater than or equal to 1"),
     ({"knowledge_id": "all", "query": "电厂", "retrieval_setting": {"top_k": 2, "score_threshold": 1.5}}, "score_threshold"),
     ({"knowledge_id": "all", "query": "电厂", "retrieval_setting": {"top_k": 2},
       "metadata_condition": {"conditions": [{"name": "order", "comparison_operator": ">", "value": "many"}]}},
      "needs a number"),
     ({"knowledge_id": "all", "query": " ? ", "retrieval_setting": {"top_k": 2}}, "问题为空")],
)
def test_malformed_body_is_a_400_naming_the_field(live_server, body, message):
    r = httpx.post(f"{live_server}/retrieval", json=body, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=30)
    assert r.status_code == 400 and message in r.json()["error_msg"]


def test_top_k_is_capped_by_settings(live_server, live_settings):
    r = dify_request(live_server, knowledge_id="all", query="建设", top_k=1000)
    assert r.status_code == 200 and 0 < len(r.json()["records"]) <= live_settings.max_retrieval_top_k


def _cond(*conditions, op="and"):
    return MetadataCondition(logical_operator=op, conditions=[Condition(**c) for c in conditions])


@pytest.mark.parametrize(
    "condition, expected",
    [({"name": "lead", "comparison_operator": "start with", "value": "高质"}, True),
     ({"name": "lead", "comparison_operator": "end with", "value": "高质"}, False),
     ({"name": "lead", "comparison_operator": "not contains", "value": "基础设施"}, False),
     ({"name": "order", "comparison_operator": "≥", "value": 8}, True),
     ({"name": "order", "comparison_operator": "<", "value": "8"}, False),
     ({"name": "order", "comparison_operator": "≠", "value": 3}, True),
     ({"name": "missing", "comparison_operator": "empty"}, True),
     ({"name": "lead", "comparison_operator": "not empty"}, True),
     ({"name": ["missing", "clause"], "comparison_operator": "is", "value": "7"}, True),
     ({"name": "clause", "comparison_operator": "not in", "value": "6, 7"}, False)],
)
def test_each_comparison_operator(condition, expected):
    meta = {"clause": "7", "lead": "高质高效推进基础设施建设", "order": 8}
    assert matches(meta, _cond(condition)) is expected


def test_and_or_and_no_conditions():
    meta = {"clause": "7", "order": 8}
    yes, no = {"name": "clause", "comparison_operator": "is", "value": "7"}, {"name": "order", "comparison_operator": ">", "value": 9}
    assert matches(meta, _cond(yes, no)) is False and matches(meta, _cond(yes, no, op="or")) is True
    assert matches(meta, None) is True and matches(meta, MetadataCondition()) is True
