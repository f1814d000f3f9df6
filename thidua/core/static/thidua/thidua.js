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
