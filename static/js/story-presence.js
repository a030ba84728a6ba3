/* Who else has this story open (templates/admin/articles/article/presence.html):
   the page pings articles.presence every 20 s while it is open and shows the
   others the server names; when another editor takes the story over, it
   shows their note and stops offering to save. The server's version check
   still refuses a stale save whatever this page does. */
"use strict";
(function () {
  const box = document.querySelector(".nr-presence-box");
  if (!box) return;
  const shown = box.querySelector("#nr-presence");
  const takenBox = box.querySelector("#nr-taken");
  const token = () => document.querySelector("[name=csrfmiddlewaretoken]").value;
  let key = box.dataset.key;
  let timer = null;

  function post(url, fields) {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token());
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    return fetch(url, { method: "POST", body, credentials: "same-origin" });
  }

  function showOthers(others) {
    const list = shown.querySelector(".nr-presence-who");
    list.replaceChildren(
      ...others.map((other) => {
        const item = document.createElement("li");
        item.textContent = other.text;
        return item;
      })
    );
    shown.hidden = others.length === 0;
  }

  function showTaken(taken) {
    takenBox.querySelector(".nr-taken-who").textContent = taken.text;
    const note = takenBox.querySelector(".nr-taken-note");
    note.textContent = taken.note;
    note.hidden = !taken.note;
    takenBox.hidden = false;
    shown.hidden = true;
    // The story's own save and review buttons: this page no longer holds it.
    document
      .querySelectorAll("#content-main form [type=submit]")
      .forEach((button) => (button.disabled = true));
    clearInterval(timer);
    key = "";
  }

  async function ping() {
    try {
      const response = await post(box.dataset.url, { key });
      if (!response.ok) return;
      const answer = await response.json();
      if (answer.key) {
        key = answer.key;
        const field = box.querySelector("input[name=_presence]");
        if (field) field.value = key;
      }
      showOthers(answer.others);
      if (answer.taken_over) showTaken(answer.taken_over);
    } catch (failure) {
      // Offline for a moment: the next ping tries again.
    }
  }

  const form = box.querySelector(".nr-takeover-form");
  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = form.querySelector(".nr-takeover-error");
      const response = await post(form.action, { note: form.elements.note.value });
      const answer = await response.json();
      error.hidden = response.ok;
      if (!response.ok) {
        error.textContent = answer.error;
        return;
      }
      form.closest("details").open = false;
      form.elements.note.value = "";
      showOthers(answer.others);
    });
  }

  window.addEventListener("pagehide", () => {
    if (!key) return;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token());
    body.append("key", key);
    navigator.sendBeacon(box.dataset.leaveUrl, body);
  });

  // Back to this tab after a while: say who is here now, not 20 s from now.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && key) ping();
  });
  // No ping at once: opening the page registered it and listed the others.
  timer = setInterval(ping, Number(box.dataset.poll) * 1000);
})();
