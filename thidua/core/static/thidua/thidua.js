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
// A refused form says why at its top: focus moves to that error summary when the page loads and
// when htmx swaps it in, so keyboard and screen-reader users start there (WCAG 3.3.1, 2.4.3).
function focusErrorSummary(root) {
  const summary =
    root instanceof Element && root.matches("[data-error-summary]")
      ? root
      : root.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
}
document.addEventListener("DOMContentLoaded", () => focusErrorSummary(document));
document.addEventListener("htmx:load", (event) => {
  const elt = event.detail && event.detail.elt;
  if (elt && elt !== document.body) {
    focusErrorSummary(elt);
  }
});
// A link of the summary moves focus to its field and brings the field's label or legend into
// view with it (following the link alone would hide the label above the top of the screen).
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element && event.target.closest("[data-error-summary] a");
  if (!link || !link.hash) {
    return;
  }
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) {
    return;
  }
  event.preventDefault();
  if (!field.matches("input, select, textarea, button, a[href], [tabindex]")) {
    field.setAttribute("tabindex", "-1"); // a row of a preview table, say
  }
  const choice = field.type === "radio" || field.type === "checkbox";
  const fieldset = choice ? field.closest("fieldset") : null;
  const legend = fieldset ? fieldset.querySelector("legend") : null;
  const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
  (legend || label || field).scrollIntoView();
  field.focus({ preventScroll: true });
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
      if (!caption && section && section.matches("[aria-labelledby], [aria-label]")) {
        // Named after its section, which is already a region of that name: no second landmark.
        el.setAttribute("role", "group");
      }
    }
  });
}
document.addEventListener("DOMContentLoaded", () => markScrollableTables(document));
window.addEventListener("resize", () => markScrollableTables(document));
document.addEventListener("htmx:afterSwap", (event) => markScrollableTables(event.detail.target));
