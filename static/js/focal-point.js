// The photo's focal point, set by clicking on the picture: the click writes
// the hidden focal_x / focal_y fields (0–1 from the left and the top) and a
// marker shows the point. From the keyboard, arrow keys move it (5 % a step,
// 20 % with Shift); 清除焦点 removes it. Before the first save the picture is
// the file just chosen, shown from the browser's memory.
"use strict";
(function () {
  function setup(picker) {
    const form = picker.closest("form");
    const xInput = form.querySelector("input[name=focal_x]");
    const yInput = form.querySelector("input[name=focal_y]");
    const frame = picker.querySelector(".nr-focal");
    const image = frame.querySelector("img");
    const marker = frame.querySelector(".nr-focal__marker");
    const status = picker.querySelector(".nr-focal-status");
    const clearButton = picker.querySelector(".nr-focal-clear");
    if (!xInput || !yInput) return;

    function read() {
      const x = parseFloat(xInput.value);
      const y = parseFloat(yInput.value);
      return Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
    }

    function render() {
      const point = read();
      if (point) {
        marker.style.left = `${point.x * 100}%`;
        marker.style.top = `${point.y * 100}%`;
        marker.hidden = false;
        status.textContent = `焦点：距左 ${Math.round(point.x * 100)}%，距上 ${Math.round(point.y * 100)}%。`;
      } else {
        marker.hidden = true;
        status.textContent = picker.dataset.empty;
      }
      clearButton.hidden = !point || frame.hidden;
    }

    function set(x, y) {
      const clamp = (v) => Math.min(1, Math.max(0, v));
      xInput.value = clamp(x).toFixed(3);
      yInput.value = clamp(y).toFixed(3);
      render();
    }

    frame.addEventListener("click", function (event) {
      const box = image.getBoundingClientRect();
      if (!box.width || !box.height) return;
      set((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
    });

    frame.addEventListener("keydown", function (event) {
      const step = event.shiftKey ? 0.2 : 0.05;
      const moves = {
        ArrowLeft: [-step, 0],
        ArrowRight: [step, 0],
        ArrowUp: [0, -step],
        ArrowDown: [0, step],
      };
      if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        xInput.value = "";
        yInput.value = "";
        render();
        return;
      }
      if (!(event.key in moves)) return;
      event.preventDefault();
      const point = read() || { x: 0.5, y: 0.5 };
      const [dx, dy] = moves[event.key];
      set(point.x + dx, point.y + dy);
    });

    clearButton.addEventListener("click", function () {
      xInput.value = "";
      yInput.value = "";
      render();
      frame.focus();
    });

    // Add page: show the chosen file so the point can be set before saving.
    const file = form.querySelector("input[type=file][name=image]");
    if (file) {
      file.addEventListener("change", function () {
        const chosen = file.files && file.files[0];
        if (!chosen || !chosen.type.startsWith("image/")) return;
        if (image.dataset.objectUrl) URL.revokeObjectURL(image.dataset.objectUrl);
        image.dataset.objectUrl = URL.createObjectURL(chosen);
        image.removeAttribute("width");
        image.removeAttribute("height");
        image.src = image.dataset.objectUrl;
        frame.hidden = false;
        render();
      });
    }
    render();
  }

  function start() {
    for (const picker of document.querySelectorAll(".nr-focal-picker")) setup(picker);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
