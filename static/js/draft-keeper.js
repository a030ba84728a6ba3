/* A copy of the story form kept in this browser (localStorage) as the editor
   types, so no typed text is lost when a save fails: a 500, 400, 413 or 503
   page, a dropped connection, or a closed tab. Reopening the form offers the
   copy back (恢复 / 丢弃) when it differs from what the server has.

   Modelled on WordPress's local autosave: the copy is compared with the
   form as served, and offered only when they differ; it is forgotten once
   a save is known to have succeeded (the admin answers a successful save
   with a success message, on the story list or on the form itself).

   Keys: "newsroom:draft:<story id>" or "newsroom:draft:new". The copy keeps
   the version it was typed on; restoring puts that version back in the
   form, so if someone changed the story meanwhile the save is refused with
   what they changed (the form's stale check), never written over it. */
"use strict";
(function () {
  const PREFIX = "newsroom:draft:";
  const PENDING = "newsroom:draft:pending"; // sessionStorage: the key just submitted
  // The admin's note on a refused save, and its field errors (a panel's own
  // note, kept hidden until it has something to say, is not one).
  const REFUSAL = ".errornote:not([hidden]), .errorlist:not([hidden])";
  const match = location.pathname.match(/\/admin\/articles\/article\/(?:(\d+)\/change|(add))\/$/);
  const key = match ? PREFIX + (match[1] || "new") : null;

  // Copies older than this are forgotten (a story long since saved elsewhere).
  const KEEP_DAYS = 30;

  const storage = {
    get(name) {
      try { return JSON.parse(localStorage.getItem(name) || "null"); } catch (e) { return null; }
    },
    set(name, value) {
      try {
        localStorage.setItem(name, JSON.stringify(value));
      } catch (e) {
        // Full: forget the other stories' copies, oldest first, and retry.
        for (const other of storage.copies().filter((c) => c.name !== name)) {
          storage.drop(other.name);
          try { localStorage.setItem(name, JSON.stringify(value)); return; } catch (again) { /* still full */ }
        }
      }
    },
    /* Every copy kept, oldest first. */
    copies() {
      const found = [];
      try {
        for (let i = 0; i < localStorage.length; i++) {
          const name = localStorage.key(i);
          if (name.startsWith(PREFIX)) {
            found.push({ name, savedAt: (storage.get(name) || {}).savedAt || 0 });
          }
        }
      } catch (e) { /* disabled */ }
      return found.sort((a, b) => a.savedAt - b.savedAt);
    },
    drop(name) {
      try { localStorage.removeItem(name); } catch (e) { /* disabled */ }
    },
  };

  function pendingKey() {
    try { return sessionStorage.getItem(PENDING); } catch (e) { return null; }
  }
  function setPending(value) {
    try {
      if (value) sessionStorage.setItem(PENDING, value);
      else sessionStorage.removeItem(PENDING);
    } catch (e) { /* disabled */ }
  }

  /* The last submit from this tab: a success message and no error means it
     was saved, and its copy is no longer needed. A page without either (an
     error page, a dropped connection) leaves the copy for the next visit. */
  function settleLastSubmit() {
    const submitted = pendingKey();
    if (!submitted) return;
    const refused = document.querySelector(REFUSAL);
    const saved = document.querySelector(".messagelist .success");
    if (saved && !refused) {
      storage.drop(submitted);
      setPending(null);
    } else if (refused) {
      setPending(null); // the form came back with the text; the copy stays
    }
  }

  const stale = Date.now() - KEEP_DAYS * 24 * 3600 * 1000;
  for (const copy of storage.copies()) {
    if (copy.savedAt < stale) storage.drop(copy.name);
  }

  // The editor may be ready before the page is parsed: note it now.
  let bodyEditor = null;
  document.addEventListener("prose-editor:ready", (event) => {
    if (event.detail.textarea.name !== "body") return;
    bodyEditor = event.detail.editor;
    if (document.readyState !== "loading") keepForm();
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => {
      settleLastSubmit();
      keepForm();
    });
  } else {
    settleLastSubmit();
    keepForm();
  }

  let form = null;
  let body = null;
  let started = false;
  // A refused save comes back with the typed text on the form: the server
  // does not have it, so the copy is kept however it compares.
  let refusedSave = false;
  let served = null; // the form as it arrived, once the editor is ready
  let names = null; // the names of its controls then
  let banner = null;

  /* Start keeping the story form, once it and its body editor are there
     (without the editor, after a wait: the textarea is then the body). */
  function keepForm() {
    if (started) return;
    form = document.getElementById("article_form");
    if (!key || !form || !form.elements.headline) return; // read only, or not the form
    body = form.elements.body || null;
    if (body && !bodyEditor) {
      setTimeout(() => { if (!bodyEditor) start(); }, 3000);
      return;
    }
    start();
  }


  /* The fields a person types into: the story's own (names without a
     prefix) and the review step's opinion. Inline rows are left out. */
  function fields() {
    return [...form.elements].filter((el) => {
      if (!el.name || el.disabled || el.closest("template")) return false;
      if (el.name.includes("-") && el.name !== "workflow-comment") return false;
      if (el.name === "csrfmiddlewaretoken" || el.name === "base_version") return false;
      return !["hidden", "file", "submit", "button", "password", "reset"].includes(el.type);
    });
  }

  function snapshot() {
    const values = {};
    for (const el of fields()) {
      // Only the controls the form was served with: a panel that adds one
      // later (presence, comments) must not make an untouched tab look
      // edited, or its copy would replace another tab's.
      if (names && !names.has(el.name)) continue;
      values[el.name] = el.type === "checkbox" || el.type === "radio" ? el.checked : el.value;
    }
    if (body) values.body = bodyEditor ? bodyEditor.getHTML() : body.value;
    return values;
  }

  function same(a, b) {
    return Object.keys({ ...a, ...b }).every((name) => (a[name] ?? "") === (b[name] ?? ""));
  }

  function version() {
    const field = form.elements.base_version;
    return field && field.value ? Number(field.value) : null;
  }

  function keep() {
    if (!started || banner) return; // not ready, or a copy is still to be decided on
    const now = snapshot();
    if (!refusedSave && same(now, served)) return; // nothing typed yet
    storage.set(key, { version: version(), savedAt: Date.now(), fields: now });
  }

  let timer = null;
  function keepSoon() {
    clearTimeout(timer);
    timer = setTimeout(keep, 400);
  }

  function restore(copy) {
    for (const el of fields()) {
      if (!(el.name in copy.fields)) continue;
      const value = copy.fields[el.name];
      if (el.type === "checkbox" || el.type === "radio") el.checked = Boolean(value);
      else el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (body && typeof copy.fields.body === "string") {
      if (bodyEditor) bodyEditor.commands.setContent(copy.fields.body, { emitUpdate: true });
      body.value = copy.fields.body;
    }
    if (copy.version !== null && form.elements.base_version) {
      form.elements.base_version.value = copy.version;
    }
  }

  function when(ms) {
    const d = new Date(ms);
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }

  /* The labels of the fields the copy changes: 主题、正文. */
  function changedLabels(copy) {
    const labels = [];
    for (const name of Object.keys(copy.fields)) {
      if ((copy.fields[name] ?? "") === (served[name] ?? "")) continue;
      const label = form.querySelector(`label[for="id_${name}"]`);
      const text = label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
      if (text && !labels.includes(text)) labels.push(text);
    }
    return labels;
  }

  function offer(copy) {
    banner = document.createElement("div");
    banner.className = "nr-draft-banner";
    banner.setAttribute("role", "alert");
    const text = document.createElement("p");
    text.textContent =
      `这篇稿件有一份没有保存成功的修改，${when(copy.savedAt)} 存在这台电脑的浏览器里` +
      "（上次保存失败，或页面在保存前被关闭）。要恢复它吗？";
    banner.append(text);
    const labels = changedLabels(copy);
    if (labels.length) {
      const what = document.createElement("p");
      what.textContent = `与现在保存的稿件不同的地方：${labels.join("、")}。`;
      banner.append(what);
    }
    const current = version();
    if (copy.version !== null && current !== null && copy.version < current) {
      const note = document.createElement("p");
      note.className = "nr-draft-banner__note";
      note.textContent =
        `这份修改是在第 ${copy.version} 版上写的，稿件现在是第 ${current} 版：` +
        "恢复后保存时，系统会列出别人改了什么，请核对后再保存。";
      banner.append(note);
    }
    const buttons = document.createElement("p");
    buttons.className = "nr-draft-banner__buttons";
    const restoreButton = document.createElement("button");
    restoreButton.type = "button";
    restoreButton.className = "button default";
    restoreButton.textContent = "恢复";
    const discardButton = document.createElement("button");
    discardButton.type = "button";
    discardButton.className = "button";
    discardButton.textContent = "丢弃";
    buttons.append(restoreButton, discardButton);
    banner.append(buttons);
    restoreButton.addEventListener("click", () => {
      restore(copy);
      banner.remove();
      banner = null;
      keep();
      form.elements.headline.focus();
    });
    discardButton.addEventListener("click", () => {
      storage.drop(key);
      banner.remove();
      banner = null;
    });
    form.before(banner);
  }

  function start() {
    if (started) return;
    started = true;
    refusedSave = Boolean(document.querySelector(REFUSAL));
    names = new Set(fields().map((el) => el.name));
    served = snapshot();
    const copy = storage.get(key);
    if (copy && copy.fields) {
      if (same(copy.fields, served)) {
        if (!refusedSave) storage.drop(key); // the server has exactly this
      } else {
        offer(copy);
      }
    }
    if (refusedSave) keep();
    form.addEventListener("input", keepSoon);
    form.addEventListener("change", keepSoon);
    if (bodyEditor) bodyEditor.on("update", keepSoon);
    setInterval(keep, 5000);
    form.addEventListener("submit", remember);
    // A closed tab or a page left mid-typing.
    window.addEventListener("pagehide", keep);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") keep();
    });
  }

  function remember() {
    clearTimeout(timer);
    // With the offer still open, the copy is the editor's to decide on: a
    // save does not replace it, and its success does not forget it.
    if (banner) return;
    storage.set(key, { version: version(), savedAt: Date.now(), fields: snapshot() });
    setPending(key);
  }
})();
