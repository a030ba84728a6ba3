// Rows of an ordered inline (bylines, a story's photos) are put in order by
// dragging their handle, or with their 上移/下移 buttons from the keyboard.
// Positions are never typed: the hidden position fields are written 1…n in
// the order the rows stand, for the rows that hold something (a new row left
// blank stays blank, so the form still treats it as unused). A new row is
// added at the end, so it comes last. The server renumbers whatever arrives
// (articles/admin/inlines.py: OrderedInlineFormSet).
"use strict";
(function () {
  function rows(group) {
    return [...group.querySelectorAll("tbody > tr.form-row")].filter(
      (row) => !row.classList.contains("empty-form") && !row.id.endsWith("-empty")
    );
  }

  function orderInput(group, row) {
    const field = group.dataset.orderField || "position";
    return row.querySelector(`input[name$="-${field}"]`);
  }

  function isFilled(group, row) {
    if (row.classList.contains("has_original")) return true;
    const key = group.dataset.orderKey;
    if (!key) return true;
    const input = row.querySelector(`[name$="-${key}"]`);
    return Boolean(input && input.value);
  }

  function renumber(group) {
    let number = 0;
    for (const row of rows(group)) {
      const input = orderInput(group, row);
      if (!input) continue;
      if (isFilled(group, row)) {
        number += 1;
        input.value = String(number);
      } else {
        input.value = "";
      }
    }
  }

  function describe(row) {
    const select = row.querySelector("select[name$='-correspondent'] option:checked");
    const caption = row.querySelector(".nr-chooser__title");
    return (select && select.textContent.trim()) || (caption && caption.textContent.trim()) || "";
  }

  function announce(group, row) {
    const status = group.querySelector(".nr-order-status");
    if (!status) return;
    const place = rows(group).indexOf(row) + 1;
    const name = describe(row);
    status.textContent = name ? `“${name}”已移到第 ${place} 位。` : `已移到第 ${place} 位。`;
  }

  function move(row, offset) {
    const group = row.closest(".nr-ordered");
    const all = rows(group);
    const index = all.indexOf(row);
    const target = all[index + offset];
    if (!target) return false;
    if (offset < 0) target.before(row);
    else target.after(row);
    renumber(group);
    announce(group, row);
    return true;
  }

  // Keyboard and click: 上移 / 下移.
  document.addEventListener("click", function (event) {
    const button = event.target.closest(".nr-ordered .nr-order__up, .nr-ordered .nr-order__down");
    if (!button) return;
    event.preventDefault();
    const row = button.closest("tr");
    if (move(row, button.classList.contains("nr-order__up") ? -1 : 1)) button.focus();
  });

  // Dragging by the handle, with a mouse, pen or finger.
  let dragging = null;

  document.addEventListener("pointerdown", function (event) {
    const handle = event.target.closest(".nr-ordered .nr-order__handle");
    if (!handle || event.button !== 0) return;
    event.preventDefault();
    const row = handle.closest("tr");
    dragging = { row, group: row.closest(".nr-ordered") };
    row.classList.add("nr-dragging");
    document.body.classList.add("nr-dragging-active");
  });

  document.addEventListener("pointermove", function (event) {
    if (!dragging) return;
    event.preventDefault();
    const others = rows(dragging.group).filter((row) => row !== dragging.row);
    const before = others.find((row) => {
      const box = row.getBoundingClientRect();
      return event.clientY < box.top + box.height / 2;
    });
    if (before) {
      if (before.previousElementSibling !== dragging.row) before.before(dragging.row);
    } else if (others.length) {
      others[others.length - 1].after(dragging.row);
    }
  });

  function drop() {
    if (!dragging) return;
    const { row, group } = dragging;
    dragging = null;
    row.classList.remove("nr-dragging");
    document.body.classList.remove("nr-dragging-active");
    renumber(group);
    announce(group, row);
  }
  document.addEventListener("pointerup", drop);
  document.addEventListener("pointercancel", drop);

  // Whatever was filled in last, the positions go out in the rows' order.
  document.addEventListener(
    "submit",
    function (event) {
      for (const group of event.target.querySelectorAll(".nr-ordered")) renumber(group);
    },
    true
  );
})();
