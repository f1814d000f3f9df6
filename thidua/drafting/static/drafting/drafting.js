// Move keyboard and screen-reader focus to a confirmation after a comment was sent.
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector("[data-drafting-focus]");
  if (target) {
    target.focus();
  }
});
