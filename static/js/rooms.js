// Rooms: small enhancements on top of htmx. The room works without this file (and without
// JavaScript at all): the form posts and the page reloads.
(function () {
  "use strict";

  // The message list needs no scrolling code: it is a column-reverse flex box (see
  // menteo.css), which opens at the newest message and stays there as new ones arrive.

  // Polling pauses while the tab is hidden (htmx cancels a request whose event is cancelled);
  // coming back triggers a poll at once (hx-trigger listens for visibilitychange).
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.target.matches && event.target.matches("[data-room-poll]") && document.hidden) {
      event.preventDefault();
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    var list = document.getElementById("message-list");
    if (!list) return;
    // Two polls crossing could deliver the same message twice: keep the first copy.
    var seen = {};
    list.querySelectorAll("article.message[id]").forEach(function (message) {
      if (seen[message.id]) message.remove();
      else seen[message.id] = true;
    });
  });

  // Keep "just now" and "12 min ago" true while the room stays open; past the hour the time
  // of day the server wrote (in the person's time zone) takes over.
  function refreshTimes() {
    var now = Date.now();
    document.querySelectorAll(".room-log time[data-clock]").forEach(function (time) {
      var minutes = Math.floor((now - Date.parse(time.getAttribute("datetime"))) / 60000);
      if (isNaN(minutes)) return;
      time.textContent = minutes < 1 ? "just now" : minutes < 60 ? minutes + " min ago" : time.dataset.clock;
    });
  }
  setInterval(refreshTimes, 30000);

  // Enter sends, Shift+Enter makes a new line (and Enter while composing an IME word does not).
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    if (!(field instanceof HTMLTextAreaElement)) return;
    var form = field.closest("form.room-composer, form.message-editing");
    if (!form) return;
    event.preventDefault();
    if (field.value.trim()) form.requestSubmit();
  });
})();
