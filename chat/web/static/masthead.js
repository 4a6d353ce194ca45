// js_on_load of the masthead (gr.HTML #masthead); Gradio provides `element`, `trigger` and `watch`.
// Owns the toolbar: language (sent to the server), large-text mode (browser only, remembered in
// localStorage), staff view (sent to the server), and "read the full text" (page.js opens it).
const KEY_LARGE = 'policy-qa-large';
const KEY_LANG = 'policy-qa-lang';

function stored(key) {
  try { return localStorage.getItem(key); } catch (e) { return null; }
}
function store(key, value) {
  try { localStorage.setItem(key, value); } catch (e) { /* storage blocked: the choice lasts this visit */ }
}
function applyLarge(on) {
  document.documentElement.classList.toggle('large-text', on);
  const b = element.querySelector('#large-toggle');
  if (b) b.setAttribute('aria-pressed', String(on));
}
function sync() {
  const d = (element.querySelector('#pqa-i18n') || {}).dataset || {};
  if (d.lang) document.documentElement.lang = d.lang;
  if (d.title) document.title = d.title;
  applyLarge(stored(KEY_LARGE) === '1');
  if (window.policyQA) window.policyQA.refresh();
}

sync();
watch('value', sync);
element.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-action]');
  if (!b) return;
  const action = b.dataset.action;
  if (action === 'large') {
    const on = stored(KEY_LARGE) !== '1';
    store(KEY_LARGE, on ? '1' : '0');
    applyLarge(on);
  } else if (action === 'lang') {
    store(KEY_LANG, b.dataset.lang);
    trigger('select', { action: 'lang', lang: b.dataset.lang });
  } else if (action === 'staff') {
    trigger('select', { action: 'staff' });
  } else if (action === 'fulltext' && window.policyQA) {
    window.policyQA.openFull(null);
  }
});
