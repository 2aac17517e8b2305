// Proposes the browser's time zone in a time-zone list still at its default (UTC):
// <select data-propose-timezone>. The person sees it and saves it with the form; without
// JavaScript the list stays as it is.
(function () {
  "use strict";

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function propose() {
    var zone = browserZone();
    if (!zone || zone === "UTC") return;
    document.querySelectorAll("select[data-propose-timezone]").forEach(function (select) {
      if (select.value !== "UTC") return;
      var option = Array.prototype.find.call(select.options, function (candidate) {
        return candidate.value === zone;
      });
      if (!option) return; // an old alias the list does not offer: leave the choice to them
      select.value = zone;
      var note = document.createElement("p");
      note.className = "help timezone-proposed";
      note.setAttribute("role", "status");
      note.textContent = "Proposed from this browser: " + zone.replace(/_/g, " ") + ". Change it if it is wrong.";
      select.insertAdjacentElement("afterend", note);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", propose);
  } else {
    propose();
  }
})();
