// Progressive enhancement for the comments section and the moderation queue; everything works
// without it.
// - "Reply" moves the comment form under the comment instead of reloading the page.
// - Spoilers reveal one at a time, by click or keyboard ("Show spoilers" still reveals all).
// - The queue gets a "select every comment on this page" box for bulk actions.
(function () {
  "use strict";

  function enhanceSection(section) {
    section.classList.add("comments--enhanced");

    var formBox = document.getElementById("comment-form");
    var home = formBox && formBox.parentNode;
    var homeNext = formBox && formBox.nextSibling;
    var title = document.getElementById("comment-form-title");
    var parentInput = formBox && formBox.querySelector('input[name="parent"]');
    var textarea = formBox && formBox.querySelector("textarea");
    var cancel = null;

    function replyTo(link) {
      var comment = link.closest(".comment");
      if (!comment) return;
      parentInput.value = link.getAttribute("data-reply-to");
      title.textContent = "Reply to " + link.getAttribute("data-reply-name");
      var replying = formBox.querySelector(".comment-form__replying");
      if (replying) replying.hidden = true;
      if (!cancel) {
        cancel = document.createElement("button");
        cancel.type = "button";
        cancel.className = "btn btn-link btn-sm comment-form__cancel-js";
        cancel.textContent = "Cancel reply";
        cancel.addEventListener("click", resetForm);
        title.insertAdjacentElement("afterend", cancel);
      }
      cancel.hidden = false;
      comment.querySelector(".comment__card").insertAdjacentElement("afterend", formBox);
      if (textarea) textarea.focus();
    }

    function resetForm() {
      parentInput.value = "";
      title.textContent = "Leave a comment";
      if (cancel) cancel.hidden = true;
      home.insertBefore(formBox, homeNext);
      if (textarea) textarea.focus();
    }

    if (formBox && parentInput && title) {
      section.addEventListener("click", function (event) {
        var link = event.target.closest("a.comment__reply");
        if (!link) return;
        event.preventDefault();
        replyTo(link);
      });
    }

    function reveal(spoiler) {
      spoiler.classList.add("is-revealed");
      ["aria-expanded", "title", "tabindex", "role"].forEach(function (name) {
        spoiler.removeAttribute(name);
      });
    }

    section.querySelectorAll(".comment__body .spoiler").forEach(function (spoiler) {
      spoiler.setAttribute("role", "button");
      spoiler.setAttribute("tabindex", "0");
      spoiler.setAttribute("aria-expanded", "false");
      spoiler.setAttribute("title", "Spoiler: click to show");
      spoiler.addEventListener("click", function (event) {
        if (!spoiler.classList.contains("is-revealed")) {
          event.preventDefault();
          reveal(spoiler);
        }
      });
      spoiler.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          reveal(spoiler);
        }
      });
    });
  }

  function enhanceQueue(selectAll) {
    var form = selectAll.form;
    var boxes = form.querySelectorAll('input[type="checkbox"][name="comments"]');
    selectAll.closest("label").hidden = false;
    selectAll.addEventListener("change", function () {
      boxes.forEach(function (box) {
        box.checked = selectAll.checked;
      });
    });
    form.addEventListener("change", function (event) {
      if (event.target.name !== "comments") return;
      var ticked = form.querySelectorAll('input[name="comments"]:checked').length;
      selectAll.checked = ticked === boxes.length;
      selectAll.indeterminate = ticked > 0 && ticked < boxes.length;
    });
  }

  var section = document.getElementById("comments");
  if (section) enhanceSection(section);
  var selectAll = document.querySelector("[data-select-all]");
  if (selectAll && selectAll.form) enhanceQueue(selectAll);
})();
