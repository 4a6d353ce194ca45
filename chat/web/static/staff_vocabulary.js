// The staff vocabulary page's behaviour (chat/web/staff_vocabulary.py serves it): add, remove and import
// mappings through the JSON API, then reload so the server renders the new state (the queue searched
// again with the new mapping). The staff member's self-declared name is kept in localStorage; a message
// to show after the reload in sessionStorage. No inline handlers, nothing from other origins (the CSP).
(() => {
  "use strict";
  const WHO_KEY = "policy-qa-staff-who";
  const FLASH_KEY = "policy-qa-staff-vocabulary-flash";
  const api = document.body.dataset.api;
  const importLimit = Number(document.body.dataset.importLimit) || 0;
  const status = document.getElementById("status");
  const who = document.getElementById("who");

  const show = (text, kind) => {
    status.textContent = text;
    status.className = kind || "";
  };
  const done = (text) => {
    sessionStorage.setItem(FLASH_KEY, text);
    window.location.reload();
  };

  async function call(method, url, body, headers) {
    let reply;
    try {
      reply = await fetch(url, {method, body, headers, credentials: "same-origin"});
    } catch (err) {
      return {ok: false, error: "无法连接服务器 · The server could not be reached; try again"};
    }
    let data = {};
    try {
      data = await reply.json();
    } catch (err) {
      data = {};
    }
    if (reply.ok) return {ok: true, data};
    if (reply.status === 401) {
      return {ok: false, error: "登录已过期，请在 /staff 重新登录 · Your sign-in has expired: sign in again at /staff"};
    }
    return {ok: false, error: data.error || `HTTP ${reply.status}`};
  }

  function needWho() {
    const name = who.value.trim();
    if (!name) {
      show("请先填写你的名字 · Fill in your name first (it is recorded with the mapping)", "error");
      who.focus();
    }
    return name;
  }

  // Who: remembered in this browser (the token is shared, so the name is self-declared).
  who.value = localStorage.getItem(WHO_KEY) || "";
  who.addEventListener("input", () => localStorage.setItem(WHO_KEY, who.value.trim()));

  const flash = sessionStorage.getItem(FLASH_KEY);
  if (flash) {
    sessionStorage.removeItem(FLASH_KEY);
    show(flash, "ok");
  }

  const addForm = document.getElementById("add-form");
  addForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = needWho();
    if (!name) return;
    const form = new FormData(addForm);
    const body = {everyday: form.get("everyday"), official: form.get("official"), note: form.get("note"), who: name};
    show("正在添加… · Adding…");
    const r = await call("POST", `${api}/mappings`, JSON.stringify(body), {"content-type": "application/json"});
    if (r.ok) done(`已添加 Added: ${r.data.mapping.everyday} → ${r.data.mapping.official}`);
    else show(r.error, "error");
  });

  for (const button of document.querySelectorAll("button.remove")) {
    button.addEventListener("click", async () => {
      const {everyday, official} = button.dataset;
      const query = new URLSearchParams({everyday, official});
      button.disabled = true;
      const r = await call("DELETE", `${api}/mappings?${query}`);
      if (r.ok) done(`已删除 Removed: ${everyday} → ${official}`);
      else {
        button.disabled = false;
        show(r.error, "error");
      }
    });
  }

  // "Add a mapping for this question": the question goes into the note; the everyday word is for staff to pick.
  for (const button of document.querySelectorAll("button.use")) {
    button.addEventListener("click", () => {
      addForm.elements.note.value = `问题 Question: ${button.dataset.question}`.slice(0, 500);
      addForm.elements.everyday.focus();
      addForm.scrollIntoView({block: "center"});
    });
  }

  // "Attach": the refused question becomes an example question of the clause chosen in its row.
  for (const button of document.querySelectorAll("button.attach")) {
    button.addEventListener("click", async () => {
      const name = needWho();
      if (!name) return;
      const {question, clause} = button.dataset;
      button.disabled = true;
      const body = JSON.stringify({question, clause, who: name, note: "from the review queue"});
      const r = await call("POST", `${api}/examples`, body, {"content-type": "application/json"});
      if (r.ok) done(`已设为相似问 Attached: ${r.data.example.question} → ${clause}`);
      else {
        button.disabled = false;
        show(r.error, "error");
      }
    });
  }

  for (const button of document.querySelectorAll("button.remove-example")) {
    button.addEventListener("click", async () => {
      const {question, clause} = button.dataset;
      button.disabled = true;
      const r = await call("DELETE", `${api}/examples?${new URLSearchParams({question, clause})}`);
      if (r.ok) done(`已删除 Removed: ${question}`);
      else {
        button.disabled = false;
        show(r.error, "error");
      }
    });
  }

  const importForm = document.getElementById("import-form");
  importForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = needWho();
    if (!name) return;
    const file = importForm.elements.file.files[0];
    if (!file) return;
    if (importLimit && file.size > importLimit) {
      show(`文件太大 · The file is too large: ${file.size} bytes, the limit is ${importLimit}`, "error");
      return;
    }
    const query = new URLSearchParams({who: name, name: file.name});
    show("正在导入… · Importing…");
    const r = await call("POST", `${api}/import?${query}`, file, {"content-type": "text/tab-separated-values; charset=utf-8"});
    if (r.ok) done(`已导入 Imported: ${r.data.imported}`);
    else show(r.error, "error");
  });

  document.getElementById("sign-out").addEventListener("click", async () => {
    await call("POST", "/api/staff/logout");
    window.location.assign("/staff");
  });
})();
