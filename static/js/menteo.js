// Menteo's small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Forms that ask for confirmation: <form data-confirm="Are you sure?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // A refusal for htmx comes to the top of its target (menteo/errors.py): a new one replaces
  // the one shown before instead of piling up.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr.status >= 400 && target) {
      target.querySelectorAll(":scope > .refusal").forEach(function (old) { old.remove(); });
    }
  });
})();
