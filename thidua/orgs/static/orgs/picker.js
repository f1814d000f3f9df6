// Checkbox lists with a filter box: the box appears only when script runs; without script the
// whole list is there. Matching ignores case and Vietnamese diacritics.
(() => {
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();

  const setUp = (picker) => {
    const items = Array.from(picker.querySelectorAll("[data-orgs-picker-item]"));
    const filter = picker.querySelector("[data-orgs-picker-filter]");
    const input = picker.querySelector("[data-orgs-picker-input]");
    const status = picker.querySelector("[data-orgs-picker-status]");
    const keys = items.map((item) => fold(item.textContent));
    const update = () => {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      items.forEach((item, i) => {
        const match = words.every((w) => keys[i].includes(w));
        item.hidden = !match;
        if (match) shown += 1;
      });
      const checked = picker.querySelectorAll("input[type=checkbox]:checked").length;
      const parts = [status.dataset.selected.replace("{n}", checked)];
      if (words.length) {
        parts.push(status.dataset.shown.replace("{n}", shown).replace("{total}", items.length));
      }
      status.textContent = parts.join(" · ");
    };
    if (items.length > 8) filter.hidden = false;
    status.hidden = false;
    input.addEventListener("input", update);
    // Enter in the filter box must not submit the whole form.
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
    picker.addEventListener("change", update);
    update();
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-orgs-picker]").forEach(setUp);
  });
})();
