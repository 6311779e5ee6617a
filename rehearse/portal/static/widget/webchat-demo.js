// Starts rasa-webchat 1.0.1 (window.WebChat, vendored UMD bundle) against Rasa's socket.io channel.
(function () {
  "use strict";
  var settings = document.currentScript.dataset;
  window.WebChat.default(
    {
      socketUrl: settings.server,
      socketPath: "/socket.io/",
      customData: { country: settings.country },
      initPayload: "/greet",
      title: "Rehearse",
      subtitle: "Practice a difficult conversation",
      inputTextFieldHint: "Type your message",
      params: { storage: "local" },
    },
    null
  );
})();
