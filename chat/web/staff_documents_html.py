"""The markup of the staff documents page (server-rendered; chat/web/static/staff_documents.js only
sends the actions and follows a rebuild's progress). Chinese words with the English beside them, like
the sign-in page. Every value from a file or a user is escaped (`esc`); nothing is rendered as HTML.
"""

from __future__ import annotations

import json

from ..documents import ListedDocument
from ..rebuild import RebuildStatus
from ..settings import Settings
from ..uploads import UPLOAD_SUFFIXES, Upload
from .page_html import esc

ASSETS = "/staff/documents/assets"
#: The words of a rebuild's state and phase (the script formats its updates with the same words).
WORDS = {
    "idle": "本次启动后尚未重建 · No rebuild since the server started",
    "running": "正在重建 · Rebuilding",
    "done": "已完成，新索引已生效 · Done: the new index is answering",
    "failed": "失败 · Failed:",  # the error says what answers now (the previous index, or the new one)
    "waiting": "等待其他构建完成 · waiting for another build",
    "reading": "读取文档 · reading the documents",
    "embedding": "计算向量 · embedding",
    "publishing": "发布 · publishing",
    "moving": "移动文件 · moving the file",
    "loading": "载入新索引 · loading the new index",
    "confirm_remove": "从索引中移除 {doc}？文件将移到 .removed/ 保存。 · Remove {doc} from the index? The file is kept in .removed/.",
    "no_file": "请先选择文件 · Choose a file first",
    "bad_type": "不支持的文件类型 {type}，请上传 {types} · file type {type} is not accepted; upload one of {types}",
    "too_large": "文件超过上传上限 · The file is over the upload limit",
    "uploading": "正在上传并解析… · Uploading and parsing…",
    "network": "网络错误，请重试 · Network error; try again",
}
ORIGIN = {"bundled": "随程序提供 · bundled", "configured": "启动时配置 · configured (--docs)", "managed": "员工添加 · added here"}


def status_text(s: RebuildStatus) -> str:
    """One line saying where the rebuild is (the same as the script's `statusText`)."""
    parts = [WORDS.get(s.state, s.state)]
    if s.change:
        parts.append(f"({s.change})")
    if s.state == "running" and s.phase:
        parts.append(WORDS.get(s.phase, s.phase) + (f" {s.done} / {s.total}" if s.total else ""))
    if s.error:
        parts.append(s.error)
    if s.finished and s.state in ("done", "failed"):
        parts.append(f"[{s.finished}]")
    return " ".join(parts)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(n, 0) / 1024:.1f} KB"


def _rebuild_section(status: RebuildStatus) -> str:
    progress = (f'<progress id="rebuild-progress" max="{max(status.total, 1)}" value="{status.done}"'
                + ("" if status.running else " hidden") + "></progress>")
    return ('<section id="rebuild" aria-labelledby="rebuild-h"><h2 id="rebuild-h">索引 · Index</h2>'
            f'<p id="rebuild-status" role="status" data-state="{esc(status.state)}" '
            f'data-words="{esc(json.dumps(WORDS, ensure_ascii=False))}">{esc(status_text(status))}</p>{progress}'
            '<p><button type="button" id="rebuild-now">重建索引 · Rebuild the index now</button></p>'
            '<p id="action-error" class="error" role="alert"></p></section>')


def _upload_section(settings: Settings) -> str:
    types = ", ".join(UPLOAD_SUFFIXES)
    return ('<section id="upload" aria-labelledby="upload-h"><h2 id="upload-h">上传文档 · Upload a document</h2>'
            f'<form id="upload-form" data-max="{settings.max_upload_bytes}">'
            '<label for="upload-file">文件 · File</label> '
            f'<input type="file" id="upload-file" name="file" accept="{esc(",".join(UPLOAD_SUFFIXES))}"> '
            # subtle: disabled until staff_documents.js has taken over the form; a click before that
            # submitted it natively (a GET that uploads nothing) on a slow machine
            '<button type="submit" id="upload-button" disabled>上传并预览 · Upload and preview</button></form>'
            f'<p class="hint">支持 {esc(types)}，不超过 {_size(settings.max_upload_bytes)}；上传后先预览，确认无误再发布。'
            f' · Accepted: {esc(types)}, up to {_size(settings.max_upload_bytes)}. You see the parsed clauses '
            'before anything is published.</p><p id="upload-error" class="error" role="alert"></p></section>')


def _preview_section(u: Upload | None, problem: str) -> str:
    if u is None:
        return f'<section id="preview"><p class="error" role="alert">{esc(problem)}</p></section>'
    meta = u.meta
    facts = [("文档编号 · doc_id", u.doc_id), ("文件 · File", f"{u.name} ({_size(u.size)})"),
             ("类型 · Type", meta.doc_type if meta else ""), ("标题 · Title", meta.title if meta else ""),
             ("简称 · Short name", meta.short_name if meta else ""), ("结构 · Structure", u.structure),
             ("覆盖率 · Coverage", f"{u.coverage:.1%}"), ("条款数 · Clauses", str(len(u.clauses)))]
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v or '—')}</dd>" for k, v in facts)
    error = f'<p class="error" id="preview-error" role="alert">{esc(u.error)}</p>' if u.error else ""
    warnings = ("<ul class=\"warnings\">" + "".join(f"<li>{esc(w)}</li>" for w in u.warnings) + "</ul>") if u.warnings else ""
    rows = "".join(f'<tr><td>{esc(c.clause_id)}</td><td>{esc(c.label)}</td><td>{esc(" › ".join(c.context))}</td>'
                   f'<td class="text">{esc(c.text)}</td></tr>' for c in u.clauses)
    disabled = "" if u.publishable else " disabled"
    return (f'<section id="preview" data-upload="{esc(u.id)}" aria-labelledby="preview-h">'
            f'<h2 id="preview-h">预览 · Preview: {esc(u.name)}</h2><dl class="facts">{dl}</dl>{error}{warnings}'
            f'<p class="actions"><button type="button" id="publish" data-upload="{esc(u.id)}"{disabled}>'
            '发布并重建索引 · Publish and rebuild</button> '
            f'<button type="button" id="discard" data-upload="{esc(u.id)}">放弃 · Discard</button></p>'
            '<table id="preview-clauses"><caption>解析出的条款 · Parsed clauses</caption><thead><tr><th>编号 · ID</th>'
            '<th>引用名 · Label</th><th>所在章节 · Headings</th><th>条文 · Text</th></tr></thead>'
            f'<tbody>{rows}</tbody></table></section>')


def _uploads_section(uploads: list[Upload]) -> str:
    if not uploads:
        return ""
    rows = "".join(
        f'<tr><td><a href="/staff/documents?upload={esc(u.id)}">{esc(u.name)}</a></td><td>{esc(u.doc_id)}</td>'
        f'<td>{_size(u.size)}</td><td>{esc(u.uploaded)}</td>'
        f'<td>{"可发布 · ready" if u.publishable else "有错误 · has errors"}</td></tr>' for u in uploads)
    return ('<section id="uploads" aria-labelledby="uploads-h"><h2 id="uploads-h">待发布的上传 · Uploads waiting</h2>'
            '<table><thead><tr><th>文件 · File</th><th>文档编号 · doc_id</th><th>大小 · Size</th><th>上传时间 · Uploaded</th>'
            f'<th>状态 · State</th></tr></thead><tbody>{rows}</tbody></table></section>')


def _action(d: ListedDocument) -> str:
    if d.removable:
        return (f'<button type="button" class="remove" data-doc="{esc(d.doc_id)}">移除 · Remove</button>')
    if d.origin == "configured":
        return '<span class="fixed">启动时配置，此处不可移除 · configured, not removable here</span>'
    return '<span class="fixed">不可移除 · not removable</span>'


def _documents_section(listed: list[ListedDocument], indexed: set[str]) -> str:
    rows = []
    for d in listed:
        state = (f'<span class="error">{esc(d.error)}</span>' if d.error
                 else "已索引 · indexed" if d.doc_id in indexed else "未索引 · not indexed yet")
        title = f"<b>{esc(d.title or d.name)}</b><br><code>{esc(d.doc_id)}</code>"
        warn = f'<br><small>{esc("; ".join(d.warnings))}</small>' if d.warnings else ""
        rows.append(f'<tr data-doc="{esc(d.doc_id)}"><td>{title}{warn}</td><td>{esc(d.doc_type or "—")}</td>'
                    f'<td class="num">{d.clauses}</td><td class="num">{d.coverage:.1%}</td>'
                    f'<td>{esc(ORIGIN[d.origin])}</td><td>{state}</td><td>{_action(d)}</td></tr>')
    return ('<section id="documents" aria-labelledby="documents-h"><h2 id="documents-h">已收录文档 · Documents</h2>'
            '<table id="documents-table"><thead><tr><th>文档 · Document</th><th>类型 · Type</th><th>条款 · Clauses</th>'
            '<th>覆盖率 · Coverage</th><th>来源 · Origin</th><th>状态 · State</th><th>操作 · Action</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')


def documents_page(listed: list[ListedDocument], indexed: set[str], uploads: list[Upload], status: RebuildStatus,
                   settings: Settings, *, preview: Upload | None = None, problem: str = "") -> str:
    """The whole page: rebuild status, upload form, the preview asked for, waiting uploads, documents."""
    shown = _preview_section(preview, problem) if (preview or problem) else ""
    return ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>文档管理 · Documents — policy-qa</title>'
            f'<link rel="stylesheet" href="{ASSETS}/staff_documents.css"></head><body>'
            '<header><h1>文档管理 · Documents</h1><nav aria-label="员工页面 · Staff pages">'
            '<a href="/">问答页 · Chat</a> <a href="/staff/vocabulary">词汇管理 · Vocabulary</a> '
            '<a href="/staff">登录 · Sign-in</a></nav></header><main>'
            + _rebuild_section(status) + _upload_section(settings) + shown + _uploads_section(uploads)
            + _documents_section(listed, indexed)
            + f'</main><script src="{ASSETS}/staff_documents.js"></script></body></html>')
