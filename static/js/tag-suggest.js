// Suggest existing tags for the name being typed in a comma-separated tag
// field. The whole field value is offered with the last name completed, which
// is what a <datalist> on a text input can show.
"use strict";
(function () {
  const separators = /[,，、；;]/;

  function attach(input) {
    const list = document.getElementById(input.getAttribute("list"));
    let pending = null;
    input.addEventListener("input", function () {
      const value = input.value;
      const parts = value.split(separators);
      const typed = parts[parts.length - 1].trim();
      if (!typed) {
        list.replaceChildren();
        return;
      }
      const prefix = value.slice(0, value.length - parts[parts.length - 1].length);
      if (pending) pending.abort();
      pending = new AbortController();
      const url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(typed);
      fetch(url, { signal: pending.signal, credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => {
          list.replaceChildren(
            ...data.results.map((name) => {
              const option = document.createElement("option");
              option.value = prefix + (prefix && !prefix.endsWith(" ") ? " " : "") + name + ", ";
              option.label = name;
              return option;
            }),
          );
        })
        .catch(() => {});
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest-url]").forEach(attach);
  });
})();
