// The 热区 drawing tool on a page's admin form: drag on the page image to
// draw a rectangle, pick its story in the list beside it, delete it with
// its button. Rectangles are kept as shares (0–1) of the image's width and
// height in the form's hidden `hotspots` field, which the server checks.
(function () {
  "use strict";
  const MIN = 0.01;

  function init(tool) {
    const form = tool.closest("form");
    const field = form.querySelector("input[name=hotspots]");
    const canvas = tool.querySelector("[data-canvas]");
    const list = tool.querySelector("[data-list]");
    const stories = JSON.parse(document.getElementById("hotspot-stories").textContent);
    let spots = [];
    try {
      spots = JSON.parse(field.value || "[]");
    } catch (error) {
      spots = [];
    }

    function save() {
      field.value = JSON.stringify(spots);
    }

    function round(value) {
      return Math.round(value * 10000) / 10000;
    }

    function render() {
      canvas.querySelectorAll(".hotspot-tool__rect").forEach((el) => el.remove());
      list.replaceChildren();
      spots.forEach((spot, index) => {
        const label = `热区 ${index + 1}`;
        const rect = document.createElement("div");
        rect.className = "hotspot-tool__rect";
        rect.style.left = `${spot.left * 100}%`;
        rect.style.top = `${spot.top * 100}%`;
        rect.style.width = `${spot.width * 100}%`;
        rect.style.height = `${spot.height * 100}%`;
        rect.textContent = index + 1;
        rect.dataset.index = index;
        canvas.appendChild(rect);

        const item = document.createElement("li");
        item.dataset.index = index;
        const name = document.createElement("label");
        name.textContent = label;
        const select = document.createElement("select");
        select.id = `hotspot-story-${index}`;
        name.htmlFor = select.id;
        select.add(new Option("— 选稿件 —", ""));
        stories.forEach((story) => {
          select.add(new Option(story.label, story.id, false, story.id === spot.article));
        });
        select.addEventListener("change", () => {
          spot.article = select.value ? Number(select.value) : null;
          save();
        });
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button";
        remove.textContent = "删除";
        remove.setAttribute("aria-label", `删除${label}`);
        remove.addEventListener("click", () => {
          spots.splice(index, 1);
          save();
          render();
        });
        for (const el of [item, rect]) {
          el.addEventListener("mouseenter", () => highlight(index, true));
          el.addEventListener("mouseleave", () => highlight(index, false));
        }
        item.append(name, select, remove);
        list.appendChild(item);
      });
    }

    function highlight(index, on) {
      tool.querySelectorAll(`[data-index="${index}"]`).forEach((el) => {
        el.classList.toggle("is-active", on);
      });
    }

    function point(event) {
      const box = canvas.getBoundingClientRect();
      return {
        x: Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)),
        y: Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)),
      };
    }

    let start = null;
    let ghost = null;
    canvas.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      start = point(event);
      ghost = document.createElement("div");
      ghost.className = "hotspot-tool__rect is-drawing";
      canvas.appendChild(ghost);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!start) return;
      const now = point(event);
      ghost.style.left = `${Math.min(start.x, now.x) * 100}%`;
      ghost.style.top = `${Math.min(start.y, now.y) * 100}%`;
      ghost.style.width = `${Math.abs(now.x - start.x) * 100}%`;
      ghost.style.height = `${Math.abs(now.y - start.y) * 100}%`;
    });
    canvas.addEventListener("pointerup", (event) => {
      if (!start) return;
      const now = point(event);
      const spot = {
        article: stories.length === 1 ? stories[0].id : null,
        left: round(Math.min(start.x, now.x)),
        top: round(Math.min(start.y, now.y)),
        width: round(Math.abs(now.x - start.x)),
        height: round(Math.abs(now.y - start.y)),
      };
      start = null;
      ghost.remove();
      // A click or a slip of the mouse is not a rectangle.
      if (spot.width < MIN || spot.height < MIN) return;
      spots.push(spot);
      save();
      render();
      list.querySelector(`li[data-index="${spots.length - 1}"] select`).focus();
    });
    save();
    render();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-hotspot-tool]").forEach(init);
  });
})();
