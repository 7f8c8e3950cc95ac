// Crossroads projector: asks the server for the public state with a long poll (the server
// answers as soon as the session moves) and runs the turn's clock in between.
(function () {
  "use strict";
  var body = document.body;
  var url = body.dataset.state;
  var seen = ""; // the first ask answers at once, with the server's clock
  var offset = 0; // server clock minus this clock, seconds
  var clock = document.getElementById("clock");
  var conn = document.getElementById("conn");

  function apply(message) {
    if (message.key !== body.dataset.key) {
      document.getElementById("live").innerHTML = message.html;
      body.dataset.key = message.key;
    }
    seen = message.key;
    clock.dataset.deadline = message.deadline;
    clock.dataset.paused = message.paused ? "1" : "0";
    clock.dataset.ended = message.ended ? "1" : "0";
    clock.dataset.done = message.turn_done ? "1" : "0";
    offset = message.now - Date.now() / 1000;
    tick();
  }

  function poll() {
    fetch(url + "?seen=" + encodeURIComponent(seen), { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (message) { conn.hidden = true; apply(message); setTimeout(poll, 0); })
      .catch(function () { conn.hidden = false; setTimeout(poll, 2000); });
  }

  function tick() {
    if (clock.dataset.ended === "1") { clock.textContent = ""; return; }
    if (clock.dataset.paused === "1") { clock.textContent = "paused"; clock.className = "pj-clock"; return; }
    if (clock.dataset.done === "1") { clock.textContent = ""; clock.className = "pj-clock"; return; }
    var left = Math.round(parseFloat(clock.dataset.deadline) - (Date.now() / 1000 + offset));
    if (isNaN(left)) { return; }
    var shown = Math.max(0, left);
    clock.textContent = Math.floor(shown / 60) + ":" + ("0" + (shown % 60)).slice(-2);
    clock.className = left <= 0 ? "pj-clock over" : "pj-clock";
  }

  setInterval(tick, 500);
  poll();
}());
