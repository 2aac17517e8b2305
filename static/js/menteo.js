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
})();
