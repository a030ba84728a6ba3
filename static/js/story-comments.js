/* The story's talk panel (templates/admin/articles/article/talk_panel.html):
   its forms are sent with fetch and the panel is replaced by the server's
   answer, so posting a comment never reloads the story's form and loses
   what is typed there. Text selected in the body can be quoted. */
"use strict";
(function () {
  const HEADER = "X-Newsroom-Panel";
  let selected = "";

  function panel() {
    return document.getElementById("nr-talk");
  }

  function bodyEditor() {
    return document.querySelector(".field-body .ProseMirror[contenteditable]");
  }

  function showQuote(text) {
    const form = panel().querySelector(".nr-talk-new");
    form.querySelector("input[name=quote]").value = text;
    const box = form.querySelector(".nr-talk-quoting");
    box.querySelector(".nr-talk-quoted").textContent = text;
    box.hidden = !text;
  }

  async function send(form, submitter) {
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { [HEADER]: "1" },
        credentials: "same-origin",
      });
      if (!response.ok && response.status !== 400) {
        throw new Error(String(response.status));
      }
      panel().innerHTML = await response.text();
      const error = panel().querySelector(".errornote");
      (error || panel().querySelector("h2")).scrollIntoView({ block: "nearest" });
    } catch (failure) {
      // The network or the server failed: post the form the ordinary way,
      // which reports the problem on a page of its own.
      buttons.forEach((b) => (b.disabled = false));
      form.removeAttribute("data-panel");
      form.requestSubmit(submitter);
    }
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("#nr-talk form[data-panel]")) return;
    event.preventDefault();
    send(form, event.submitter);
  });

  document.addEventListener("click", (event) => {
    if (event.target.closest(".nr-talk-unquote")) showQuote("");
  });

  function placeQuoteButton() {
    const button = document.querySelector(".nr-quote-button");
    const editor = bodyEditor();
    if (!button || !editor || !panel()) return;
    editor.closest(".prose-editor").after(button);
    button.hidden = false;
    button.disabled = true;
    document.addEventListener("selectionchange", () => {
      const selection = document.getSelection();
      if (!selection.rangeCount || !editor.contains(selection.anchorNode)) return;
      selected = selection.toString().trim();
      button.disabled = !selected;
    });
    button.addEventListener("click", () => {
      if (!selected) return;
      showQuote(selected.slice(0, 500));
      const box = document.getElementById("nr-talk-text");
      box.scrollIntoView({ block: "center" });
      box.focus({ preventScroll: true });
    });
  }

  if (bodyEditor()) placeQuoteButton();
  else document.addEventListener("prose-editor:ready", () => setTimeout(placeQuoteButton));
})();
