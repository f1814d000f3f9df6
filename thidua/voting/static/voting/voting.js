// Ballot pages: focus the receipt or the error summary for screen readers, copy the receipt code.
document.addEventListener("DOMContentLoaded", () => {
  const region = document.querySelector("[data-autofocus]");
  if (region) {
    region.focus();
  }
  document.querySelectorAll("[data-copy-target]").forEach((button) => {
    button.addEventListener("click", async () => {
      const code = document.getElementById(button.dataset.copyTarget).textContent.trim();
      const status = document.getElementById("copy-status");
      try {
        await navigator.clipboard.writeText(code);
        if (status) status.textContent = button.dataset.copied;
      } catch (err) {
        if (status) status.textContent = code;
      }
    });
  });
});
