// The story form's photo chooser. Each photo row holds a hidden photo id and
// 选择图片 / 更换 / 移除 buttons. 选择图片 opens a <dialog> appended to <body>
// (so its own search and upload forms never sit inside the story's form),
// filled from the chooser view: thumbnails of the library, narrowed as the
// reporter types; an upload there is checked by the server like any photo
// and, once accepted, chosen into the row at once. Choosing fills the hidden
// id and shows the thumbnail in the row; the story form validates the id.
"use strict";
(function () {
  let dialog = null;
  let target = null; // the .nr-chooser of the row being filled
  let opener = null; // the button that opened the dialog, for focus
  let searchTimer = null;
  let searchAbort = null;

  function buildDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "nr-chooser-dialog";
    dialog.setAttribute("aria-labelledby", "nr-chooser-heading");
    const head = document.createElement("div");
    head.className = "nr-chooser-dialog__head";
    const title = document.createElement("h2");
    title.id = "nr-chooser-heading";
    title.textContent = "选择图片";
    const close = document.createElement("button");
    close.type = "button";
    close.className = "button nr-chooser-close";
    close.textContent = "关闭";
    close.addEventListener("click", () => dialog.close());
    head.append(title, close);
    const content = document.createElement("div");
    content.className = "nr-chooser-dialog__content";
    dialog.append(head, content);
    dialog.addEventListener("close", () => {
      if (opener && opener.isConnected) opener.focus();
    });
    dialog.addEventListener("click", onDialogClick);
    dialog.addEventListener("submit", onDialogSubmit);
    dialog.addEventListener("input", onDialogInput);
    document.body.append(dialog);
  }

  function content() {
    return dialog.querySelector(".nr-chooser-dialog__content");
  }

  function say(text) {
    const region = content();
    region.replaceChildren();
    const p = document.createElement("p");
    p.className = "nr-chooser-loading";
    p.textContent = text;
    region.append(p);
  }

  function open(chooser, button) {
    if (!dialog) buildDialog();
    target = chooser;
    opener = button;
    say("正在打开图片库……");
    if (!dialog.open) dialog.showModal();
    fetch(chooser.dataset.chooserUrl, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then((html) => {
        content().innerHTML = html;
        const search = dialog.querySelector("input[name=q]");
        if (search) search.focus();
      })
      .catch(() => say("图片库打不开，请稍后重试或刷新页面。"));
  }

  function loadResults(query, page) {
    const form = dialog.querySelector("form.nr-chooser-search");
    const region = dialog.querySelector(".nr-chooser-results-region");
    if (!form || !region) return;
    const url = new URL(form.action, window.location.href);
    url.searchParams.set("results", "1");
    url.searchParams.set("q", query);
    if (page) url.searchParams.set("page", page);
    if (searchAbort) searchAbort.abort();
    searchAbort = new AbortController();
    region.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", signal: searchAbort.signal })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        region.innerHTML = html;
        region.removeAttribute("aria-busy");
      })
      .catch((error) => {
        if (error && error.name === "AbortError") return;
        region.removeAttribute("aria-busy");
        region.textContent = "搜索失败，请重试。";
      });
  }

  function show(element, visible) {
    if (element) element.hidden = !visible;
  }

  function deleteBox(chooser) {
    const row = chooser.closest("tr, .inline-related");
    return row ? row.querySelector("input[type=checkbox][name$='-DELETE']") : null;
  }

  function choose(chooser, photo) {
    const input = chooser.querySelector("input[type=hidden]");
    input.value = String(photo.id);
    input.dispatchEvent(new Event("change", { bubbles: true }));
    const preview = chooser.querySelector(".nr-chooser__preview");
    const image = preview.querySelector("img");
    // A photo still 处理中 has no thumbnail yet: the caption stands alone.
    image.hidden = !photo.thumbnail;
    if (photo.thumbnail) image.src = photo.thumbnail;
    image.alt = photo.alt || "";
    preview.querySelector(".nr-chooser__title").textContent = photo.caption || "";
    preview.querySelector(".nr-chooser__credit").textContent = photo.credit || "";
    show(preview, true);
    const missing = chooser.querySelector(".nr-chooser__missing");
    if (missing) missing.remove();
    chooser.classList.add("nr-chooser--chosen");
    show(chooser.querySelector(".nr-chooser__choose"), false);
    show(chooser.querySelector(".nr-chooser__change"), true);
    show(chooser.querySelector(".nr-chooser__clear"), true);
    const box = deleteBox(chooser);
    if (box) box.checked = false;
    chooser.closest("tr")?.classList.remove("nr-removed");
  }

  function clear(chooser) {
    // A row not saved yet goes away altogether, as with the row's own ✕.
    const row = chooser.closest("tr");
    const removeRow = row && !deleteBox(chooser) && row.querySelector("a.inline-deletelink");
    if (removeRow) {
      const group = row.closest(".inline-group");
      removeRow.click();
      const add = group && group.querySelector(".add-row a");
      if (add) add.focus();
      return;
    }
    const input = chooser.querySelector("input[type=hidden]");
    input.value = "";
    input.dispatchEvent(new Event("change", { bubbles: true }));
    show(chooser.querySelector(".nr-chooser__preview"), false);
    chooser.classList.remove("nr-chooser--chosen");
    show(chooser.querySelector(".nr-chooser__choose"), true);
    show(chooser.querySelector(".nr-chooser__change"), false);
    show(chooser.querySelector(".nr-chooser__clear"), false);
    // A photo already saved with the story is taken out on the next save.
    const box = deleteBox(chooser);
    if (box) {
      box.checked = true;
      chooser.closest("tr")?.classList.add("nr-removed");
    }
    chooser.querySelector(".nr-chooser__choose").focus();
  }

  function finish(photo) {
    if (target) choose(target, photo);
    const next = target && target.querySelector(".nr-chooser__change");
    opener = next || opener;
    dialog.close();
  }

  function photoFrom(button) {
    return {
      id: button.dataset.photoId,
      thumbnail: button.dataset.thumbnail,
      caption: button.dataset.caption,
      credit: button.dataset.credit,
      alt: button.dataset.alt,
    };
  }

  function onDialogClick(event) {
    const item = event.target.closest(".nr-chooser-item, .nr-chooser-use-existing");
    if (item) {
      event.preventDefault();
      finish(photoFrom(item));
      return;
    }
    const pager = event.target.closest(".nr-chooser-page");
    if (pager) {
      const search = dialog.querySelector("input[name=q]");
      loadResults(search ? search.value : "", pager.dataset.page);
    }
  }

  function onDialogInput(event) {
    if (event.target.name !== "q") return;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => loadResults(event.target.value, 1), 250);
  }

  function showErrors(form, data) {
    for (const list of form.querySelectorAll(".errorlist")) {
      list.replaceChildren();
      list.hidden = true;
    }
    const message = form.querySelector(".nr-chooser-upload__message");
    message.textContent = data.message || "";
    for (const [field, errors] of Object.entries(data.errors || {})) {
      const row = form.querySelector(`[data-field="${field}"]`);
      const list = row ? row.querySelector(".errorlist") : null;
      if (!list) {
        message.textContent += " " + errors.join(" ");
        continue;
      }
      for (const error of errors) {
        const li = document.createElement("li");
        li.textContent = error;
        list.append(li);
      }
      list.hidden = false;
    }
    const duplicate = form.querySelector(".nr-chooser-duplicate");
    if (data.duplicate) {
      const button = duplicate.querySelector("button");
      for (const [key, value] of Object.entries(data.duplicate)) {
        if (["id", "thumbnail", "caption", "credit", "alt"].includes(key)) {
          button.dataset[key === "id" ? "photoId" : key] = value;
        }
      }
      const image = duplicate.querySelector("img");
      image.src = data.duplicate.thumbnail;
      image.alt = data.duplicate.alt || "";
      duplicate.hidden = false;
    } else {
      duplicate.hidden = true;
    }
  }

  function onDialogSubmit(event) {
    const form = event.target;
    event.preventDefault();
    if (form.matches(".nr-chooser-search")) {
      clearTimeout(searchTimer);
      loadResults(form.querySelector("input[name=q]").value, 1);
      return;
    }
    if (!form.matches(".nr-chooser-upload")) return;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    const message = form.querySelector(".nr-chooser-upload__message");
    message.textContent = "正在上传……";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) =>
        response
          .json()
          .catch(() => ({ message: "上传失败（服务器没有给出原因），请重试。" }))
          .then((data) => ({ ok: response.ok, data }))
      )
      .then(({ ok, data }) => {
        button.disabled = false;
        if (ok && data.photo) {
          form.reset();
          showErrors(form, {});
          finish(data.photo);
        } else {
          showErrors(form, data);
        }
      })
      .catch(() => {
        button.disabled = false;
        message.textContent = "上传失败，请检查网络后重试。";
      });
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest(".nr-chooser__choose, .nr-chooser__change, .nr-chooser__clear");
    if (!button) return;
    const chooser = button.closest(".nr-chooser");
    event.preventDefault();
    if (button.classList.contains("nr-chooser__clear")) clear(chooser);
    else open(chooser, button);
  });
})();
