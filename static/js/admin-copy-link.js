// "Copy preview link" beside the shareable link in the essay editor. Without JavaScript the
// button stays hidden and the link is still there to select and copy by hand.
(function () {
  "use strict";

  function copied(button, label) {
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = label; }, 2000);
  }

  function enhance() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var input = document.getElementById(button.dataset.copyTarget);
      if (!input) return;
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        input.select();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(input.value).then(function () { copied(button, label); });
        } else if (document.execCommand("copy")) {
          copied(button, label);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
