// Menteo's small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Forms that ask for confirmation: <form data-confirm="Are you sure?">. A yes is sent as
  // confirm=yes; without JavaScript the server asks on a page of its own (menteo/http.py).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (!form.querySelector('input[name="confirm"]')) {
      var yes = document.createElement("input");
      yes.type = "hidden";
      yes.name = "confirm";
      yes.value = "yes";
      form.appendChild(yes);
    }
  });

  // What is true only with JavaScript (a keyboard shortcut it adds) comes as <… hidden
  // data-needs-js> and shows here, on load and in whatever htmx swaps in.
  function revealScripted(root) {
    if (root.matches && root.matches("[data-needs-js]")) root.hidden = false;
    root.querySelectorAll("[data-needs-js]").forEach(function (element) { element.hidden = false; });
  }
  revealScripted(document);
  document.addEventListener("htmx:load", function (event) { revealScripted(event.detail.elt); });

  // A refusal for htmx comes to the top of its target (menteo/errors.py): a new one replaces
  // the one shown before instead of piling up.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr.status >= 400 && target) {
      target.querySelectorAll(":scope > .refusal").forEach(function (old) { old.remove(); });
    }
  });
})();
