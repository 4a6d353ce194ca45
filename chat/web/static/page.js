// js_on_load of the conversation (gr.HTML #chat); Gradio provides `element`, `trigger` and `watch`.
// Owns the page's browser-side behaviour: echo a question the moment it is sent and clear the box,
// keep sending honest (empty, too long, or an answer still coming: blocked with a reason), open a
// cited clause (side panel; bottom sheet on a phone), jump to a clause in the full text, and rate
// answers. Everything shown is set with textContent or comes escaped from the server.
const root = element;
const PHONE = '(max-width: 767px)';
let localBusy = false; // from sending until the server's render says the answer is complete
let opener = null; // the button that opened the bottom sheet, focused again when it closes
let follow = false; // keep the newest answer in view while it streams, until the reader scrolls

const box = () => document.querySelector('#question textarea');
const words = () => (document.getElementById('pqa-i18n') || {}).dataset || {};
const fill = (s, vals) => (s || '').replace(/\{(\w+)\}/g, (_, k) => (k in vals ? vals[k] : ''));
const hasText = (s) => /[\p{L}\p{N}_]/u.test(s || '');
const busy = () => localBusy || !!root.querySelector('.conv[data-pending="1"]');
const isPhone = () => window.matchMedia(PHONE).matches;

function setStatus(message) {
  const s = document.querySelector('#status .status');
  if (s) s.textContent = message;
}

function controls() {
  const d = words();
  const max = parseInt(d.max || '500', 10);
  const text = box() ? box().value : '';
  const n = [...text].length; // code points, as Python counts
  const state = { empty: !hasText(text), over: n > max, busy: busy() };
  const counter = document.getElementById('pqa-counter');
  if (counter) {
    counter.textContent = fill(d.counter, { n, max });
    counter.classList.toggle('over', state.over);
  }
  const send = document.getElementById('send');
  const blocked = state.empty || state.over || state.busy;
  if (send) send.setAttribute('aria-disabled', String(blocked)); // not `disabled`: Svelte owns that one
  return state;
}

function blockReason() {
  const s = controls();
  const d = words();
  if (s.busy) return d.busy;
  if (s.empty) return d.empty;
  if (s.over) return fill(d.over, { max: d.max });
  return '';
}

function echo(question) {
  const list = root.querySelector('.conv .turns');
  if (!list) return;
  const d = words();
  const el = (tag, cls, text) => {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const turn = el('article', 'turn echo');
  turn.setAttribute('aria-busy', 'true');
  const user = el('div', 'msg user');
  user.append(el('span', 'who', d.you), el('p', '', question.trim()));
  const bot = el('div', 'msg bot');
  bot.append(el('span', 'who', d.bot), el('p', 'pending', d.pending));
  turn.append(user, bot);
  list.append(turn);
  localBusy = true;
  follow = true;
  turn.scrollIntoView({ block: 'nearest' });
  controls();
}

function clearBox() {
  const b = box();
  if (!b) return;
  b.value = '';
  b.dispatchEvent(new Event('input', { bubbles: true }));
}

function reader() { return document.getElementById('reader'); }

function openSheet(focusClose) {
  const r = reader();
  if (!isPhone() || !r || r.hasAttribute('data-open')) return;
  if (!document.querySelector('.sheet-backdrop')) { // dims the page behind the sheet (CSS: phones only)
    const backdrop = document.createElement('div');
    backdrop.className = 'sheet-backdrop';
    r.after(backdrop);
  }
  r.setAttribute('data-open', '');
  document.body.style.overflow = 'hidden';
  r.setAttribute('role', 'dialog');
  r.setAttribute('aria-modal', 'true');
  r.setAttribute('aria-labelledby', 'sheet-title');
  if (focusClose) setTimeout(() => { const c = r.querySelector('.sheet-close'); if (c) c.focus({ preventScroll: true }); }, 60);
}

function closeSheet() {
  const r = reader();
  if (!r || !r.hasAttribute('data-open')) return;
  document.body.style.overflow = '';
  ['data-open', 'role', 'aria-modal', 'aria-labelledby'].forEach((a) => r.removeAttribute(a));
  if (opener && document.contains(opener)) opener.focus();
  opener = null;
}

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

async function openFull(key) {
  openSheet(!key);
  const tab = document.getElementById('tab-full-button');
  if (tab && tab.getAttribute('aria-selected') !== 'true') tab.click();
  if (!key) return;
  let target = null;
  for (let i = 0; i < 120 && !target; i++) { // the tab renders its content on first show
    await frame();
    const t = document.getElementById('clause-' + key);
    if (t && t.offsetParent) target = t;
  }
  if (!target) return;
  document.querySelectorAll('#fulltext .hit').forEach((n) => n.classList.remove('hit'));
  target.classList.add('hit');
  scrollReaderTo(target, 8); // the reader (side panel or sheet) scrolls, not the whole page
  target.focus({ preventScroll: true });
}

function scrollReaderTo(el, gap) {
  const r = reader();
  if (r && r.scrollHeight > r.clientHeight) {
    const bar = isPhone() ? document.getElementById('sheet-bar') : document.querySelector('#reader-tabs .tab-wrapper');
    r.scrollTop += el.getBoundingClientRect().top - r.getBoundingClientRect().top - (bar ? bar.offsetHeight : 0) - gap;
  } else {
    el.scrollIntoView({ block: 'nearest' });
  }
}

async function revealClause(key) { // once the server has put the clause in the panel, show its highlight
  for (let i = 0; i < 240; i++) {
    await frame();
    const shown = document.querySelector('#clause-panel .clause-text[data-clause="' + CSS.escape(key) + '"]');
    if (shown && shown.offsetParent) {
      scrollReaderTo(shown.querySelector('mark') || shown, 48);
      return;
    }
  }
}

function send(args) {
  const question = String(args[0] || '');
  if (hasText(question)) {
    echo(question);
    clearBox();
    setStatus('');
  }
  return args;
}

function settle() {
  if (follow) {
    const last = root.querySelector('.turns > .turn:last-child');
    if (last) last.scrollIntoView({ block: 'nearest' });
  }
  if (!root.querySelector('.conv[data-pending="1"]')) {
    localBusy = false;
    follow = false;
  }
  controls();
}

window.policyQA = { send, openFull, closeSheet, refresh: controls };

watch('value', settle);
const whenMounted = (n) => (document.getElementById('send') ? controls() : n > 0 && requestAnimationFrame(() => whenMounted(n - 1)));
whenMounted(600);

root.addEventListener('click', (e) => {
  const cite = e.target.closest('button.cite');
  if (cite) {
    opener = cite;
    trigger('select', { turn: cite.dataset.turn, clause: cite.dataset.clause });
    openSheet(true);
    revealClause(cite.dataset.clause);
    return;
  }
  const example = e.target.closest('button.example');
  if (example) {
    if (busy()) { setStatus(words().busy); return; }
    echo(example.dataset.ask);
    setStatus('');
    trigger('submit', { question: example.dataset.ask });
    return;
  }
  const vote = e.target.closest('button.vote');
  if (vote) trigger('like', { turn: vote.dataset.turn, vote: vote.dataset.vote });
});

if (!window.policyQAListening) { // document-wide listeners, installed once
  window.policyQAListening = true;
  const inQuestion = (e) => e.target && e.target.closest && e.target.closest('#question');
  document.addEventListener('input', (e) => {
    if (inQuestion(e) && !blockReason()) setStatus(''); // an old warning goes once the question is fine
  }, true);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { closeSheet(); return; }
    if (e.key !== 'Enter' || e.shiftKey || !inQuestion(e)) return;
    if (e.isComposing || e.keyCode === 229) { e.stopImmediatePropagation(); return; } // IME: choosing characters
    const why = blockReason();
    if (why) { e.preventDefault(); e.stopImmediatePropagation(); setStatus(why); }
  }, true);
  document.addEventListener('click', (e) => {
    const t = e.target;
    if (!t || !t.closest) return;
    if (t.closest('#send')) {
      const why = blockReason();
      if (why) { e.preventDefault(); e.stopImmediatePropagation(); setStatus(why); }
    } else if (t.closest('#clear')) {
      closeSheet();
      setStatus('');
    } else if (t.closest('a[data-goto]')) {
      e.preventDefault();
      openFull(t.closest('a[data-goto]').dataset.goto);
    } else if (t.closest('.sheet-close') || t.closest('.sheet-backdrop')) {
      closeSheet();
    }
  }, true);
  ['wheel', 'touchmove'].forEach((kind) => document.addEventListener(kind, () => { follow = false; }, { passive: true }));
}
settle();
