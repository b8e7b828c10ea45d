// Working a workshop's ideas by hand on the facilitator's report: an idea dragged onto a theme
// is put under it, and an idea dragged onto another is ticked with it in the merge form, whose
// words the facilitator then writes. Without this script the same is done with the forms on
// the report and on each idea's page.
(function () {
  "use strict";
  var drops = document.querySelector("[data-theme-drops]");
  if (!drops) { return; }
  var csrf = drops.dataset.csrf;
  var status = document.getElementById("drag-status");
  var dragged = null;
  document.querySelectorAll("[data-js-only]").forEach(function (element) { element.hidden = false; });

  function say(text) {
    if (status) {
      status.textContent = text;
      status.hidden = false;
    }
  }

  function zone(element, onDrop) {
    element.addEventListener("dragover", function (event) {
      if (dragged && dragged !== element) {
        event.preventDefault();
        element.classList.add("drop-over");
      }
    });
    element.addEventListener("dragleave", function () { element.classList.remove("drop-over"); });
    element.addEventListener("drop", function (event) {
      event.preventDefault();
      element.classList.remove("drop-over");
      if (dragged && dragged !== element) { onDrop(dragged); }
    });
  }

  document.querySelectorAll("li[data-idea]").forEach(function (idea) {
    idea.setAttribute("draggable", "true");
    idea.addEventListener("dragstart", function (event) {
      dragged = idea;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", idea.dataset.idea);
    });
    idea.addEventListener("dragend", function () { dragged = null; });
    zone(idea, function (other) {
      var a = document.getElementById("ideas-" + other.dataset.idea);
      var b = document.getElementById("ideas-" + idea.dataset.idea);
      if (!a || !b) { say(drops.dataset.cannotMerge); return; }
      a.checked = true;
      b.checked = true;
      var words = document.getElementById("merged_text");
      words.scrollIntoView({ block: "center" });
      words.focus();
      say(drops.dataset.merging);
    });
  });

  drops.querySelectorAll("[data-theme]").forEach(function (theme) {
    zone(theme, function (idea) {
      var body = new URLSearchParams({ csrf: csrf, theme: theme.dataset.theme });
      fetch("/ideas/" + idea.dataset.idea + "/theme", { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          window.location.reload();
        })
        .catch(function () { say(drops.dataset.failed); });
    });
  });
})();
