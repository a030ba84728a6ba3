/* 字数 as the reporter types: Han characters plus punctuation, the rule of
   articles/text.py count_characters (tests keep the ranges below equal to
   its HAN_RANGES + PUNCT_RANGES and run both on the same cases). */
"use strict";
(function () {
  // BEGIN COUNTED RANGES (code points, inclusive)
  const COUNTED = [[13312, 19903], [19968, 40959], [63744, 64255], [131072, 173791], [173824, 191471], [194560, 195103], [196608, 201551], [201552, 205743], [12288, 12351], [65281, 65295], [65306, 65312], [65339, 65344], [65371, 65381], [8208, 8231], [8240, 8286], [65040, 65049], [65072, 65131], [33, 33], [34, 34], [35, 35], [37, 37], [38, 38], [39, 39], [40, 40], [41, 41], [42, 42], [44, 44], [45, 45], [46, 46], [47, 47], [58, 58], [59, 59], [63, 63], [64, 64], [91, 91], [92, 92], [93, 93], [95, 95], [123, 123], [125, 125], [183, 183]];
  // END COUNTED RANGES
  const UNCOUNTED = "\u3000";

  function countCharacters(text) {
    let count = 0;
    for (const ch of text) {
      if (ch === UNCOUNTED) continue;
      const code = ch.codePointAt(0);
      if (COUNTED.some(([a, b]) => code >= a && code <= b)) count += 1;
    }
    return count;
  }

  function countHtml(html) {
    const doc = new DOMParser().parseFromString(html || "", "text/html");
    return countCharacters(doc.body.textContent || "");
  }

  window.newsroomCharCount = { countCharacters, countHtml };

  function output(textarea) {
    const shown = document.querySelector(".field-char_count .readonly");
    if (shown) return shown;
    const live = document.createElement("p");
    live.className = "nr-live-count";
    textarea.closest(".prose-editor")?.after(live);
    return live;
  }

  document.addEventListener("prose-editor:ready", (event) => {
    const { editor, textarea } = event.detail;
    if (textarea.name !== "body") return;
    const shown = output(textarea);
    const update = () => {
      shown.textContent = String(countHtml(editor.getHTML()));
    };
    editor.on("update", update);
    update();
  });
})();
