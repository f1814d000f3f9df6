// Small behaviours that must not need inline scripts (the CSP forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Forms that ask for confirmation before a consequential action.
  document.body.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
});
// After an htmx swap, move focus to the region a screen-reader user asked to update.
document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  if (target && target.dataset && target.dataset.focusAfterSwap !== undefined) {
    target.setAttribute("tabindex", "-1");
    target.focus();
  }
});
// A table wider than the screen scrolls sideways: keyboard users must be able to focus and
// scroll it, and screen readers need a name for the region (WCAG 2.1.1).
function markScrollableTables(root) {
  root.querySelectorAll(".table-responsive").forEach((el) => {
    if (el.scrollWidth <= el.clientWidth + 1 || el.hasAttribute("tabindex")) {
      return;
    }
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "region");
    if (!el.hasAttribute("aria-label") && !el.hasAttribute("aria-labelledby")) {
      const caption = el.querySelector("caption");
      const section = el.closest("section");
      const heading = section ? section.querySelector("h2, h3") : null;
      const source = caption || heading;
      if (source) {
        el.setAttribute("aria-label", source.textContent.trim());
      }
    }
  });
}
document.addEventListener("DOMContentLoaded", () => markScrollableTables(document));
window.addEventListener("resize", () => markScrollableTables(document));
document.addEventListener("htmx:afterSwap", (event) => markScrollableTables(event.detail.target));
