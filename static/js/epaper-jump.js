// The e-paper's page picker: choosing a page opens it. Without this script
// the previous and next links and the edition's page list still work.
document.querySelectorAll("[data-epaper-jump]").forEach((select) => {
  select.addEventListener("change", () => {
    window.location.href = select.value;
  });
});
