// Minimal chat page over Rasa's REST channel. Every text is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var root = document.querySelector(".chat");
  var rasaUrl = root.getAttribute("data-rasa-url");
  var list = document.getElementById("messages");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var senderKey = "rehearse-chat-sender";
  var sender = window.localStorage.getItem(senderKey);
  if (!sender) {
    sender = "web-" + (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
    window.localStorage.setItem(senderKey, sender);
  }
  var counterpartLine = /^[^:\n]{1,40}: “[\s\S]*”$/;

  function add(text, who, buttons) {
    var item = document.createElement("li");
    item.className = who === "bot" && counterpartLine.test(text) ? "counterpart" : who;
    item.textContent = text;
    if (buttons && buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = b.title;
        button.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    list.appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  function send(message, shown) {
    add(shown || message, "user");
    fetch(rasaUrl + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: message })
    }).then(function (r) { return r.json(); }).then(function (replies) {
      replies.forEach(function (m) { if (m.text) { add(m.text, "bot", m.buttons); } });
    }).catch(function () { add("Sorry, the assistant can't be reached right now. Please try again.", "bot"); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text) { send(text); input.value = ""; }
  });
  send("/greet", "Hi");
})();
