"""The bot as an OpenAI model, driven by the real `openai` client and LangChain's `ChatOpenAI` over HTTP."""

from __future__ import annotations

import pytest

from .conftest import API_KEY, OTHER_KEY

openai = pytest.importorskip("openai", reason="pip install openai")


@pytest.fixture(scope="module")
def client(live_server):
    return openai.OpenAI(base_url=f"{live_server}/v1", api_key=API_KEY, max_retries=0, timeout=60)


def test_models_lists_policy_qa_and_needs_a_key(client, live_server):
    assert [m.id for m in client.models.list()] == ["policy-qa"]
    assert client.models.retrieve("policy-qa").owned_by == "policy-qa"
    wrong = openai.OpenAI(base_url=f"{live_server}/v1", api_key="sk-not-a-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError, match="incorrect API key"):
        wrong.models.list()
    second = openai.OpenAI(base_url=f"{live_server}/v1", api_key=OTHER_KEY, max_retries=0)
    assert [m.id for m in second.models.list()] == ["policy-qa"]


def test_completion_cites_in_the_text_and_in_the_extra_field(client):
    r = client.chat.completions.create(model="policy-qa", messages=[{"role": "user", "content": "镇海电厂以后要整体迁走吗？"}])
    text = r.choices[0].message.content
    assert r.model == "policy-qa" and r.choices[0].finish_reason == "stop"
    assert "〔第7条〕" in text and "搬迁" in text
    extra = r.model_extra["policy_qa"]
    assert extra["citations"][0]["clause"] == "7" and extra["refused"] is False
    assert extra["citations"][0]["quote"] in text


def test_follow_up_uses_the_messages_history(client):
    first = client.chat.completions.create(
        model="policy-qa", messages=[{"role": "user", "content": "镇海电厂以后要整体迁走吗？"}])
    history = [{"role": "system", "content": "You are helpful."},
               {"role": "user", "content": "镇海电厂以后要整体迁走吗？"},
               {"role": "assistant", "content": first.choices[0].message.content}]
    follow_up = {"role": "user", "content": "这条里还有什么要求？"}
    r = client.chat.completions.create(model="policy-qa", messages=[*history, follow_up])
    assert r.model_extra["policy_qa"]["citations"][0]["clause"] == "7"
    alone = client.chat.completions.create(model="policy-qa", messages=[follow_up])
    assert [c["clause"] for c in alone.model_extra["policy_qa"]["citations"]][:1] != ["7"]  # the history mattered


def test_streaming_sends_the_same_text_in_chunks_and_the_record_at_the_end(client):
    messages = [{"role": "user", "content": [{"type": "text", "text": "镇海电厂以后要整体迁走吗？"}]}]
    whole = client.chat.completions.create(model="policy-qa", messages=messages).choices[0].message.content
    chunks = list(client.chat.completions.create(model="policy-qa", messages=messages, stream=True))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == whole
    assert len([c for c in chunks if c.choices[0].delta.content]) >= 2
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["policy_qa"]["citations"][0]["clause"] == "7"
    assert len({c.id for c in chunks}) == 1


def test_refusal_comes_back_as_text_not_an_error(client):
    r = client.chat.completions.create(model="policy-qa", messages=[{"role": "user", "content": "引进的博士每个月能拿多少补贴？"}])
    extra = r.model_extra["policy_qa"]
    assert extra["refused"] is True and extra["citations"] == []
    assert "没有" in r.choices[0].message.content


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}, "NotFoundError", "use model 'policy-qa'"),
        ({"model": "policy-qa", "messages": [{"role": "user", "content": "第七条？"}, {"role": "assistant", "content": "…"}]},
         "BadRequestError", "last message must be the user's question"),
        ({"model": "policy-qa", "messages": []}, "BadRequestError", "messages: List should have at least 1 item"),
        ({"model": "policy-qa", "messages": [{"role": "user", "content": "  "}]}, "BadRequestError", "问题为空"),
        ({"model": "policy-qa", "messages": [{"role": "user", "content": "hi"}], "n": 2}, "BadRequestError", "n: Input should be less than or equal to 1"),
    ],
)
def test_bad_requests_get_openai_errors(client, kwargs, error, message):
    with pytest.raises(getattr(openai, error)) as e:
        client.chat.completions.create(**kwargs)
    assert message in e.value.body["message"] and e.value.body["type"] == "invalid_request_error"


def test_langchain_chat_openai_invoke_stream_and_history(live_server):
    pytest.importorskip("langchain_openai", reason="pip install langchain-openai")
    from langchain_core.messages import AIMessage, HumanMessage
    from langchain_openai import ChatOpenAI

    llm = ChatOpenAI(base_url=f"{live_server}/v1", api_key=API_KEY, model="policy-qa", max_retries=0, timeout=60)
    reply = llm.invoke("镇海电厂以后要整体迁走吗？")
    assert "〔第7条〕" in reply.content
    streamed = "".join(chunk.content for chunk in llm.stream("镇海电厂以后要整体迁走吗？"))
    assert streamed == reply.content
    follow = llm.invoke([HumanMessage("第七条主要规定了哪些内容？"), AIMessage(llm.invoke("第七条主要规定了哪些内容？").content),
                         HumanMessage("那第十条呢？")])
    assert "〔第10条〕" in follow.content
    follow = llm.invoke([HumanMessage("镇海电厂以后要整体迁走吗？"), AIMessage(reply.content), HumanMessage("这条里还有什么要求？")])
    assert "〔第7条〕" in follow.content
