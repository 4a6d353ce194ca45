// The staff documents page (chat/web/staff_documents_html.py renders it; this script only acts).
// Owns: sending an upload (the file itself as the body), publish / discard / remove / rebuild, and
// following a running rebuild (GET /api/staff/documents/rebuild) until it ends, then reloading the page,
// which the server renders with the new list. Text from the server is set with textContent only.
(function () {
  'use strict';
  const API = '/api/staff/documents';
  const POLL_MS = 500;
  const statusLine = document.getElementById('rebuild-status');
  const bar = document.getElementById('rebuild-progress');
  const words = JSON.parse(statusLine.dataset.words || '{}');

  function say(id, text) {
    const el = document.getElementById(id);
    if (el) el.textContent = text || '';
  }

  async function call(method, url, body, headers) {
    let response;
    try {
      response = await fetch(url, { method, body, headers, credentials: 'same-origin' });
    } catch (e) {
      return { ok: false, error: words.network };
    }
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    if (!response.ok) {
      return { ok: false, error: data.error || (response.status + ' ' + response.statusText) };
    }
    return { ok: true, data };
  }

  function statusText(s) {
    const parts = [words[s.state] || s.state];
    if (s.change) parts.push('(' + s.change + ')');
    if (s.state === 'running' && s.phase) {
      parts.push((words[s.phase] || s.phase) + (s.total ? ' ' + s.done + ' / ' + s.total : ''));
    }
    if (s.error) parts.push(s.error);
    if (s.finished && (s.state === 'done' || s.state === 'failed')) parts.push('[' + s.finished + ']');
    return parts.join(' ');
  }

  function show(s) {
    statusLine.dataset.state = s.state;
    statusLine.textContent = statusText(s);
    bar.hidden = s.state !== 'running';
    bar.max = Math.max(s.total, 1);
    bar.value = s.done;
  }

  async function follow() {
    for (;;) {
      const r = await call('GET', API + '/rebuild');
      if (r.ok) {
        show(r.data.rebuild);
        if (r.data.rebuild.state !== 'running') {
          window.location.assign('/staff/documents');
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async function startRebuild(method, url) {
    say('action-error', '');
    const r = await call(method, url);
    if (!r.ok) {
      say('action-error', r.error);
      return;
    }
    show(r.data.rebuild);
    follow();
  }

  const form = document.getElementById('upload-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = document.getElementById('upload-file');
    const file = input.files && input.files[0];
    if (!file) {
      say('upload-error', words.no_file);
      return;
    }
    const dot = file.name.lastIndexOf('.');
    const type = dot >= 0 ? file.name.slice(dot).toLowerCase() : '';
    const types = (input.getAttribute('accept') || '').split(',');
    if (types.indexOf(type) < 0) {  // the server refuses it too (415); this saves sending it
      say('upload-error', words.bad_type.split('{type}').join("'" + (type || '(none)') + "'")
        .split('{types}').join(types.join(', ')));
      return;
    }
    if (file.size > Number(form.dataset.max)) {
      say('upload-error', words.too_large + ' (' + file.size + ' > ' + form.dataset.max + ')');
      return;
    }
    say('upload-error', words.uploading);
    const button = document.getElementById('upload-button');
    button.disabled = true;
    const r = await call('POST', API + '/uploads?name=' + encodeURIComponent(file.name), file,
                         { 'Content-Type': 'application/octet-stream' });
    button.disabled = false;
    if (!r.ok) {
      say('upload-error', r.error);
      return;
    }
    window.location.assign('/staff/documents?upload=' + encodeURIComponent(r.data.upload.id));
  });
  document.getElementById('upload-button').disabled = false;  // the form is handled from here on

  document.addEventListener('click', async (event) => {
    const b = event.target.closest('button');
    if (!b || b.disabled) return;
    if (b.id === 'publish') {
      b.disabled = true;
      await startRebuild('POST', API + '/uploads/' + encodeURIComponent(b.dataset.upload) + '/publish');
      b.disabled = false;
    } else if (b.id === 'discard') {
      const r = await call('DELETE', API + '/uploads/' + encodeURIComponent(b.dataset.upload));
      if (r.ok) window.location.assign('/staff/documents');
      else say('action-error', r.error);
    } else if (b.id === 'rebuild-now') {
      startRebuild('POST', API + '/rebuild');
    } else if (b.classList.contains('remove')) {
      if (!window.confirm((words.confirm_remove || '{doc}').split('{doc}').join(b.dataset.doc))) return;
      startRebuild('DELETE', API + '/' + encodeURIComponent(b.dataset.doc));
    }
  });

  if (statusLine.dataset.state === 'running') follow();
})();
