"""Every word the chat page shows, in Chinese and English: labels, the welcome, example questions, and
English versions of the core's notices (`translate_notice`).

This module owns wording only; where words go is `page_html.py`'s business. Answers and refusals come
from the core in the question's language and are never translated here.
"""

from __future__ import annotations

import re

from ..answer import NOTICE_FALLBACK, NOTICE_NO_CITATION, NOTICE_REMOVED
from ..question import NOTICE_TRUNCATED

LANGS = ("zh", "en")

#: Example questions shown in the welcome; each sends itself when clicked. Our own wording, checked to
#: get a cited answer from the extractive generator (tests/chat/test_page_logic.py).
EXAMPLES = {
    "zh": ["镇海电厂那块地以后做什么？", "甬江两岸的交通要怎么连起来？", "科技成果转化有哪些扶持？",
           "区人大常委会怎样监督这项建设？"],
    "en": ["What will become of the Zhenhai power plant site?", "Which rail lines will be built?",
           "How will the district attract young talent?", "What support is there for turning research into products?"],
}

TEXT = {
    "zh": {
        "html_lang": "zh-CN", "page_title": "{title}问答", "page_title_many": "政策文件问答",
        "switch_to": "English", "switch_to_lang": "en", "switch_name": "Switch the page to English",
        "large": "大字模式", "staff": "员工视图", "read_full": "阅读全文", "staff_documents": "文档管理",
        "welcome_hello": "您好！这里回答关于下列文件内容的问题：",
        "doc_line": "{number}{adopted}", "adopted": "，{date}通过", "n_clauses": "共 {n} 条",
        "welcome_how": "每个回答都注明出处。点击回答里的〔第7条〕这类标记，就能看到条文原文和所依据的那句话。",
        "welcome_not": "不能回答：文件没有写到的内容（如具体补贴金额、办事流程、个人情况），也不提供法律意见。",
        "disclaimer": "仅供参考，以正式文件为准。",
        "examples": "试试这些问题（点击即提问）：",
        "you": "您的问题", "bot": "回答", "pending": "正在查找条文…",
        "cited": "引用（点击查看原文）：", "related": "相关条款（决定未直接规定，可参考）：",
        "cite_name": "查看{label}原文", "notice": "提示",
        "up": "有帮助", "down": "没帮助", "rate": "这个回答对您有帮助吗？",
        "voted_up": "已记录“有帮助”，感谢反馈。", "voted_down": "已记录“没帮助”，感谢反馈。",
        "vote_failed": "反馈暂时没有保存成功，请稍后再试。",
        "vote_gone": "这个回答已不在对话中，无法评价。",
        "staff_summary": "员工视图：检索与核对详情",
        "box": "您的问题", "placeholder": "请输入问题，按回车发送", "send": "提问", "clear": "清空对话",
        "comment": "意见（可选，点“有帮助”或“没帮助”时一并提交）",
        "counter": "{n} / {max} 字", "over": "已超过 {max} 字上限，请删减后再提问。",
        "empty": "请先输入问题。", "busy": "请等当前回答完成后再提问。",
        "tab_clause": "条文", "tab_full": "全文",
        "panel_hint": "点击回答中的〔第7条〕这类标记，在这里查看条文原文。",
        "goto": "全文中的位置", "close": "关闭", "reader": "条文阅读",
        "full_meta": "{number} · {session}{date}通过 · {printed}印发",
        "error": "抱歉，这个问题没能回答：{why}",
    },
    "en": {
        "html_lang": "en", "page_title": "Q&A: {title}", "page_title_many": "Policy document Q&A",
        "switch_to": "中文", "switch_to_lang": "zh", "switch_name": "切换为中文界面",
        "large": "Large text", "staff": "Staff view", "read_full": "Full text", "staff_documents": "Documents",
        "welcome_hello": "Hello! This page answers questions about what these documents say:",
        "doc_line": "{number}{adopted}", "adopted": ", adopted {date}", "n_clauses": "{n} clauses",
        "welcome_how": "Every answer names its source. Click a marker such as 〔第7条〕 in an answer to read that "
                       "clause and the sentence the answer rests on.",
        "welcome_not": "It cannot answer what the documents do not say (amounts of subsidies, procedures, "
                       "personal cases), and it gives no legal advice.",
        "disclaimer": "For reference only; the official document prevails.",
        "examples": "Try one of these questions (click to ask):",
        "you": "Your question", "bot": "Answer", "pending": "Looking up the clauses…",
        "cited": "Cited (click to read):", "related": "Related clauses (not answered there directly; you may want to read them):",
        "cite_name": "Read {label}", "notice": "Note",
        "up": "Helpful", "down": "Not helpful", "rate": "Was this answer helpful?",
        "voted_up": "Recorded as helpful, thank you.", "voted_down": "Recorded as not helpful, thank you.",
        "vote_failed": "Your vote could not be saved right now; please try again shortly.",
        "vote_gone": "That answer is no longer in the chat; it cannot be rated.",
        "staff_summary": "Staff view: retrieval and checks",
        "box": "Your question", "placeholder": "Type a question, press Enter to send", "send": "Ask", "clear": "Clear chat",
        "comment": "Comment (optional, sent when you click Helpful or Not helpful)",
        "counter": "{n} / {max} characters", "over": "Over the {max}-character limit; please shorten your question.",
        "empty": "Type a question first.", "busy": "Please wait until the current answer is complete.",
        "tab_clause": "Clause", "tab_full": "Full text",
        "panel_hint": "Click a marker such as 〔第7条〕 in an answer to read that clause here.",
        "goto": "Show in full text", "close": "Close", "reader": "Clause reader",
        "full_meta": "{number} · adopted {date} by the {session} · printed {printed}",
        "error": "Sorry, this question could not be answered: {why}",
    },
}

#: English versions of the core's notices (templates with {fields}); a notice not listed stays as it is.
NOTICES_EN = {
    NOTICE_FALLBACK: "The language model is unavailable ({why}); the answer below quotes the document.",
    NOTICE_NO_CITATION: "The language model's answer had no verifiable citation; the answer below quotes the document.",
    NOTICE_TRUNCATED: "The question was too long; only its first {n} characters were used.",
    NOTICE_REMOVED: "{n} sentence(s) were removed because the document does not support them.",
}


def text_for(lang: str) -> dict[str, str]:
    """The words for `lang` ('zh' or 'en')."""
    if lang not in TEXT:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return TEXT[lang]


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.*?)" for i, p in enumerate(parts))
    return re.compile(regex + r"\Z", re.S)


_NOTICE_PATTERNS = [(_pattern(zh), en) for zh, en in NOTICES_EN.items()]


def translate_notice(notice: str, lang: str) -> str:
    """A core notice in the page's language: '问题过长，已截取前 500 个字符。' → 'The question was too long; …'."""
    if lang != "en":
        return notice
    for pattern, template in _NOTICE_PATTERNS:
        m = pattern.match(notice)
        if m:
            return template.format(**m.groupdict())
    return notice
