// Crossroads classroom, the talk pane: app.js replaces the pane's HTML on every change; this
// keeps the channels a reader opened open and counts what arrived since it last looked.
(function () {
  "use strict";
  var pane = document.getElementById("talk");
  if (!pane) { return; }
  var key = "talk:" + document.body.dataset.ws + ":";
  var opened = {};

  function mark() {
    pane.querySelectorAll("details[data-channel]").forEach(function (box) {
      var channel = box.dataset.channel;
      var count = +box.dataset.count;
      if (opened[channel]) { box.open = true; }
      if (box.open) { sessionStorage.setItem(key + channel, count); }
      var seen = +(sessionStorage.getItem(key + channel) || 0);
      var badge = box.querySelector(".unread");
      badge.hidden = count <= seen;
      badge.textContent = (count - seen) + " new";
      box.addEventListener("toggle", function () {
        opened[channel] = box.open;
        if (box.open) { sessionStorage.setItem(key + channel, count); badge.hidden = true; }
      });
    });
  }

  document.querySelectorAll("form[data-msg=say]").forEach(function (form) {
    form.addEventListener("submit", function () {
      setTimeout(function () { form.querySelector("textarea").value = ""; }, 0);
    });
  });

  new MutationObserver(mark).observe(pane, { childList: true });
  mark();
}());
