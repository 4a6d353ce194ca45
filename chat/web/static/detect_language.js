() => {
  // The page language on load: the one the visitor chose before (localStorage), else the browser's.
  let chosen = null;
  try { chosen = localStorage.getItem('policy-qa-lang'); } catch (e) { /* storage blocked */ }
  const browser = ((navigator.languages && navigator.languages[0]) || navigator.language || 'zh').toLowerCase();
  return [chosen === 'zh' || chosen === 'en' ? chosen : (browser.startsWith('zh') ? 'zh' : 'en')];
}
