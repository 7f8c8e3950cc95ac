// Crossroads classroom: one WebSocket per page. The server sends the page's live parts as
// rendered HTML; forms and buttons send small JSON messages. The page reconnects by itself
// (a restarted server sends the whole state again) and keeps a half-typed answer.
(function () {
  "use strict";
  var body = document.body;
  var path = body.dataset.ws;
  if (!path) { return; }
  var socket = null;
  var retry = 300;
  var offset = 0; // server clock minus this clock, seconds
  var clock = document.getElementById("clock");

  function say(text, ok) {
    var box = document.getElementById("message");
    box.textContent = text;
    box.className = ok ? "message ok" : "message";
    box.hidden = !text;
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + path);
    socket.onopen = function () {
      retry = 300;
      var name = localStorage.getItem("name:" + path);
      if (name && path.indexOf("/ws/seat/") === 0) { socket.send(JSON.stringify({ type: "join", name: name })); }
      document.getElementById("conn").hidden = true;
      if (queued) { var message = queued; queued = null; socket.send(JSON.stringify(message)); }
    };
    socket.onmessage = function (event) { receive(JSON.parse(event.data)); };
    socket.onclose = function () {
      document.getElementById("conn").hidden = false;
      body.dataset.connected = "0";
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 3000);
    };
  }

  function receive(message) {
    if (message.type === "state") {
      Object.keys(message.regions).forEach(function (id) {
        var region = document.getElementById(id);
        if (!region) { return; }
        if (id === "decision" && message.decision && region.dataset.key === message.decision) {
          var status = document.getElementById("status");
          var fresh = document.createElement("div");
          fresh.innerHTML = message.regions[id];
          var next = fresh.querySelector("#status");
          if (status && next) { status.replaceWith(next); }
          var numbers = region.querySelectorAll("ul.numbers");
          var shown = fresh.querySelectorAll("ul.numbers");
          numbers.forEach(function (list, index) { // the model's advice shown or hidden
            if (shown[index]) { list.replaceWith(shown[index]); }
          });
          return; // the same decision or turn form: keep what the student is typing
        }
        region.innerHTML = message.regions[id];
        if (id === "decision") { region.dataset.key = message.decision || ""; restoreDraft(); restoreName(); }
      });
      if (clock) {
        clock.dataset.deadline = message.deadline;
        clock.dataset.paused = message.paused ? "1" : "0";
        clock.dataset.ended = message.ended ? "1" : "0";
        clock.dataset.done = message.turn_done ? "1" : "0";
      }
      followTurn(message.turn);
      offset = message.now - Date.now() / 1000;
      body.dataset.version = message.version;
      body.dataset.connected = "1";
      tick();
    } else if (message.type === "error") {
      say(message.text, false);
    } else if (message.type === "ok") {
      say(message.text, true);
    } else if (message.type === "goto") {
      location.href = message.url;
    }
  }

  // The branch field's bound follows the turn (it was the page load's until a reload); its value
  // follows too unless the facilitator typed another.
  function followTurn(turn) {
    var field = document.querySelector("form[data-msg=branch] input[name=turn]");
    if (!field || !turn) { return; }
    var following = field.value === field.max;
    field.max = turn;
    if (following || +field.value > turn) { field.value = turn; }
  }

  // A message sent while the connection is down waits for it (the last one only); the server
  // refuses an answer whose decision has closed meanwhile, and says so.
  var queued = null;
  function send(message) {
    if (!socket || socket.readyState !== 1) {
      queued = message;
      say("Not connected: it will be sent when the connection is back…", false);
      return;
    }
    socket.send(JSON.stringify(message));
  }

  var FORMS = "form[data-msg=answer], form[data-msg=orders]";
  function draftKey() {
    var form = document.querySelector(FORMS);
    return form ? "draft:" + path + ":" + form.dataset.key : null;
  }

  function saveDraft() {
    var key = draftKey();
    if (!key) { return; }
    var values = {};
    document.querySelectorAll(FORMS.split(", ").map(function (f) { return f + " input, " + f + " textarea"; }).join(", ")).forEach(function (input) {
      if (input.type === "radio") { if (input.checked) { values[input.name] = input.value; } }
      else { values[input.name] = input.value; }
    });
    sessionStorage.setItem(key, JSON.stringify(values));
  }

  function restoreDraft() {
    var key = draftKey();
    var saved = key && sessionStorage.getItem(key);
    if (!saved) { return; }
    var values = JSON.parse(saved);
    document.querySelectorAll(FORMS.split(", ").map(function (f) { return f + " input, " + f + " textarea"; }).join(", ")).forEach(function (input) {
      if (!(input.name in values)) { return; }
      if (input.type === "radio") { input.checked = input.value === values[input.name]; }
      else { input.value = values[input.name]; }
    });
  }

  // A student's name (optional) stays with the seat's page on this device and fills the form.
  function restoreName() {
    var saved = localStorage.getItem("name:" + path);
    var field = document.querySelector("form[data-msg=orders] input[name=name]");
    if (saved && field && !field.value) { field.value = saved; }
  }

  function fields(form) {
    var values = {};
    new FormData(form).forEach(function (value, name) { values[name] = value; });
    return values;
  }

  document.addEventListener("input", function (event) {
    if (event.target.closest(FORMS)) { saveDraft(); }
    if (event.target.name === "name" && event.target.closest("form[data-msg=orders]")) {
      localStorage.setItem("name:" + path, event.target.value);
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.dataset.msg) { return; }
    event.preventDefault();
    var values = fields(form);
    if (form.dataset.msg === "answer") {
      var answer = {};
      Object.keys(values).forEach(function (name) {
        if (name === "reason") { return; }
        answer[name.indexOf("v:") === 0 ? name.slice(2) : name] = values[name];
      });
      send({ type: "answer", key: form.dataset.key, values: answer, reason: values.reason || "" });
    } else if (form.dataset.msg === "orders") {
      var orders = {};
      Object.keys(values).forEach(function (name) {
        if (name !== "reason" && name !== "name") { orders[name] = values[name]; }
      });
      send({ type: "orders", key: form.dataset.key, values: orders, reason: values.reason || "", name: values.name || "" });
    } else {
      values.type = form.dataset.msg;
      send(values);
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-msg]");
    if (!button) { return; }
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) { return; }
    send({ type: button.dataset.msg });
  });

  function tick() {
    if (!clock) { return; }
    if (clock.dataset.ended === "1") { clock.textContent = "over"; return; }
    if (clock.dataset.paused === "1") { clock.textContent = "paused"; clock.className = "clock"; return; }
    if (clock.dataset.done === "1") { clock.textContent = "turn done"; clock.className = "clock"; return; }
    var left = Math.round(parseFloat(clock.dataset.deadline) - (Date.now() / 1000 + offset));
    if (isNaN(left)) { return; }
    var over = left < 0;
    var shown = Math.abs(left);
    clock.textContent = (over ? "late " : "") + Math.floor(shown / 60) + ":" + ("0" + (shown % 60)).slice(-2);
    clock.className = over ? "clock over" : "clock";
  }

  setInterval(tick, 500);
  tick();
  restoreDraft();
  restoreName();
  connect();
  window.crossroads = { send: function (raw) { socket.send(raw); } };
}());
