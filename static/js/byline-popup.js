// The "+" beside a byline row's person opens the add-person popup with the
// row's role, so a person added from a 通讯员 row starts as a 通讯员, from a
// 记者 row as 本报记者, from a 摄 row as 摄影记者 (accounts/admin.py:
// CorrespondentAdmin.get_changeform_initial_data). It runs before the admin's
// own popup handler, which reads the link's href.
"use strict";
document.addEventListener(
  "click",
  function (event) {
    const link = event.target.closest("a.add-related[data-popup='yes']");
    if (!link) return;
    const row = link.closest("tr.form-row, .inline-related");
    const role = row && row.querySelector("select[name$='-role']");
    if (!role) return;
    const url = new URL(link.href, window.location.href);
    if (role.value) url.searchParams.set("role", role.value);
    else url.searchParams.delete("role");
    link.href = url.pathname + url.search;
  },
  true
);
