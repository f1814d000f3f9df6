// The receipt page: focus the receipt for screen readers, and copy the code on request.
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
