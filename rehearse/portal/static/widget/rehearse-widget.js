/*
 * Rehearse chat widget: a launcher button and a chat window on any page, talking to Rasa's socket.io
 * channel with session persistence. The portal serves it as /widget.js with socket.io-client bundled in
 * front of it (`io` below). Plain JavaScript (ES2017), no framework; the UI lives in a shadow root so
 * the host page's CSS cannot reach it. Message text is only ever inserted with textContent.
 *
 * Embed:  <script src="https://PORTAL/widget.js" data-server="https://RASA" data-country="GB"
 *                 data-code="ABCD-EFGH" data-color="#0b57d0" defer></script>
 * See docs/widget.md for every attribute.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const socketFactory = typeof io === "function" ? io : window.io;
  const STORAGE_PREFIX = "rehearse-widget:";
  const SESSION_KEY = STORAGE_PREFIX + "session";
  const CONVERSATION_KEY = STORAGE_PREFIX + "conversation";
  const KEPT_MESSAGES = 200;
  const MAX_MESSAGE_CHARS = 2000;
  // Counterpart (in-character) lines always have exactly this form; coach messages never do.
  const COUNTERPART_LINE = /^([^:\n]{1,40}): “([\s\S]*)”$/;
  const CRISIS_START = /^I['’]m stepping out of the role-play/;
  const PRACTICE_PAUSED = /^Paused\./;
  const PRACTICE_RESUMED = /^(Welcome back\.|Your turn\.)/;
  const PRACTICE_OVER = /debrief|end of the role-play|There['’]s no practice/i;
  const CONTROLS = [
    { title: "Tip", payload: "/ask_tip" },
    { title: "Try again", payload: "/retry_line" },
    { title: "Pause", payload: "/pause_practice", paused: { title: "Resume", payload: "/resume_practice" } },
    { title: "End", payload: "/end_practice" },
  ];

  function readConfig(element) {
    const data = (element && element.dataset) || {};
    const scriptUrl = element && element.src ? element.src : window.location.href;
    const country = (data.country || "").trim().toUpperCase();
    const code = (data.code || "").trim().toUpperCase();
    const color = (data.color || "").trim();
    return {
      server: (data.server || new URL(scriptUrl).origin).replace(/\/+$/, ""),
      socketPath: data.socketPath || "/socket.io/",
      country: /^[A-Z]{2}$/.test(country) ? country : "",
      code: /^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code) ? code : "",
      color: /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color) ? color : "#0b57d0",
      title: data.title || "Rehearse",
      stylesheet: new URL("widget.css", scriptUrl).href,
    };
  }

  /* ---------- colours: readable text on the chosen theme colour (WCAG contrast) ---------- */

  function luminance(hex) {
    const digits = hex.length === 4 ? hex.slice(1).split("").map((d) => d + d) : hex.slice(1).match(/../g);
    const [r, g, b] = digits.map((pair) => {
      const c = parseInt(pair, 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  function contrast(a, b) {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  }

  function themeVariables(color) {
    const onAccent = contrast(color, "#ffffff") >= contrast(color, "#000000") ? "#ffffff" : "#000000";
    // Focus rings and links sit on white: fall back to near-black when the theme colour is too light.
    const strong = contrast(color, "#ffffff") >= 4.5 ? color : "#1f1f1f";
    return { "--rw-accent": color, "--rw-on-accent": onAccent, "--rw-strong": strong };
  }

  /* ---------- storage: everything the widget keeps is under STORAGE_PREFIX ---------- */

  function newSessionId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID().replace(/-/g, "");
    }
    var bytes = new Uint8Array(16); // 128 random bits from the platform's CSPRNG
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  const storage = {
    read(key) {
      try {
        return window.localStorage.getItem(key);
      } catch (error) {
        return null; // storage blocked (private mode, iframe policy): the widget works without it
      }
    },
    write(key, value) {
      try {
        window.localStorage.setItem(key, value);
      } catch (error) {
        /* storage full or blocked: nothing to do */
      }
    },
    clear() {
      try {
        Object.keys(window.localStorage)
          .filter((key) => key.startsWith(STORAGE_PREFIX))
          .forEach((key) => window.localStorage.removeItem(key));
      } catch (error) {
        /* storage blocked */
      }
    },
  };

  function emptyConversation() {
    return { messages: [], crisis: null, practice: "off", started: false };
  }

  function loadConversation() {
    try {
      const saved = JSON.parse(storage.read(CONVERSATION_KEY) || "null");
      if (saved && Array.isArray(saved.messages)) {
        return Object.assign(emptyConversation(), saved);
      }
    } catch (error) {
      /* corrupt entry: start afresh */
    }
    return emptyConversation();
  }

  /* ---------- DOM helpers ---------- */

  function el(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function paragraphs(text) {
    return text.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);
  }

  const LAUNCHER_ICON =
    "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z";

  function icon(pathData) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", pathData);
    svg.appendChild(path);
    return svg;
  }

  /* ---------- the widget ---------- */

  class RehearseWidget {
    constructor(config) {
      this.config = config;
      this.conversation = loadConversation();
      this.sessionId = storage.read(SESSION_KEY) || this.rememberNewSession();
      this.socket = null;
      this.connectionNotice = false;
      this.capturingCrisis = false;
      this.build();
      this.renderAll();
    }

    rememberNewSession() {
      const id = newSessionId();
      storage.write(SESSION_KEY, id);
      return id;
    }

    build() {
      const host = el("div", { id: "rehearse-widget", "data-rehearse-widget": "" });
      Object.entries(themeVariables(this.config.color)).forEach(([name, value]) => host.style.setProperty(name, value));
      host.hidden = true; // shown once the stylesheet has loaded, so nothing flashes unstyled
      this.root = host.attachShadow({ mode: "open" });
      const stylesheet = el("link", { rel: "stylesheet", href: this.config.stylesheet });
      const reveal = () => { host.hidden = false; };
      stylesheet.addEventListener("load", reveal);
      stylesheet.addEventListener("error", reveal);

      this.launcher = el("button", {
        type: "button", class: "rw-launcher", "aria-expanded": "false", "aria-controls": "rw-window",
      });
      this.launcher.append(icon(LAUNCHER_ICON), el("span", {}, "Practice chat"));
      this.launcher.addEventListener("click", () => this.open());

      this.window = el("div", { id: "rw-window", class: "rw-window", role: "dialog", "aria-labelledby": "rw-title" });
      this.window.hidden = true;
      this.window.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          this.close();
        }
      });
      this.log = el("div", {
        class: "rw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Conversation", tabindex: "0",
      });
      this.status = el("p", { class: "rw-status", role: "status" });
      this.window.append(
        this.buildHeader(), this.buildCrisisPanel(), this.log, this.buildControls(), this.status, this.buildComposer()
      );

      this.frame = el("div", { class: "rw-frame" });
      this.frame.append(this.window, this.launcher);
      this.root.append(stylesheet, this.frame);
      document.body.appendChild(host);
    }

    buildHeader() {
      const header = el("div", { class: "rw-header" });
      const heading = el("div", { class: "rw-heading" });
      heading.append(
        el("h2", { id: "rw-title", class: "rw-title" }, this.config.title),
        el("p", { class: "rw-subtitle" }, "Practice a difficult conversation")
      );
      const clearButton = el("button", { type: "button", class: "rw-header-button" }, "Clear conversation");
      clearButton.addEventListener("click", () => this.clearConversation());
      const closeButton = el("button", { type: "button", class: "rw-header-button rw-close", "aria-label": "Close chat" }, "×");
      closeButton.addEventListener("click", () => this.close());
      header.append(heading, clearButton, closeButton);
      return header;
    }

    buildCrisisPanel() {
      this.crisisPanel = el("section", { class: "rw-crisis", role: "region", "aria-labelledby": "rw-crisis-title" });
      this.crisisPanel.hidden = true;
      this.crisisBody = el("div", { class: "rw-crisis-body", tabindex: "0" });
      this.crisisPanel.append(el("h3", { id: "rw-crisis-title", class: "rw-crisis-title" }, "Support available now"), this.crisisBody);
      return this.crisisPanel;
    }

    buildControls() {
      this.controls = el("div", { class: "rw-controls", role: "group", "aria-label": "Role-play controls" });
      this.controls.hidden = true;
      this.controlButtons = CONTROLS.map((control) => {
        const button = el("button", { type: "button", class: "rw-control" }, control.title);
        button.addEventListener("click", () => {
          const paused = this.conversation.practice === "paused" && control.paused;
          const action = paused ? control.paused : control;
          this.send(action.payload, action.title);
        });
        this.controls.appendChild(button);
        return { button, control };
      });
      return this.controls;
    }

    buildComposer() {
      const form = el("form", { class: "rw-composer" });
      const label = el("label", { for: "rw-input", class: "rw-visually-hidden" }, "Your message");
      this.input = el("input", {
        id: "rw-input", class: "rw-input", type: "text", autocomplete: "off", maxlength: String(MAX_MESSAGE_CHARS),
        placeholder: "Type your message",
      });
      const sendButton = el("button", { type: "submit", class: "rw-send" }, "Send");
      form.append(label, this.input, sendButton);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const text = this.input.value.trim();
        if (!text) {
          this.announce("Please type a message first.");
          return;
        }
        this.input.value = "";
        this.send(text);
      });
      return form;
    }

    /* ----- opening and closing ----- */

    open() {
      this.window.hidden = false;
      this.frame.classList.add("rw-is-open");
      this.launcher.setAttribute("aria-expanded", "true");
      this.connect();
      this.scrollToEnd();
      this.input.focus();
    }

    close() {
      this.window.hidden = true;
      this.frame.classList.remove("rw-is-open");
      this.launcher.setAttribute("aria-expanded", "false");
      this.launcher.focus();
    }

    announce(text) {
      this.status.textContent = text;
      this.connectionNotice = false;
    }

    /** Connection notices replace each other but never a notice the user still needs to read. */
    announceConnection(text) {
      if (text || this.connectionNotice) {
        this.status.textContent = text;
        this.connectionNotice = Boolean(text);
      }
    }

    /* ----- the socket.io channel ----- */

    connect() {
      if (this.socket) {
        return;
      }
      if (!socketFactory) {
        this.announce("The chat could not load. Please reload the page.");
        return;
      }
      this.announceConnection("Connecting…");
      // Default transports: HTTP long-polling first, upgraded to a WebSocket where the network allows.
      const socket = socketFactory(this.config.server, { path: this.config.socketPath, forceNew: true });
      socket.on("connect", () => socket.emit("session_request", { session_id: this.sessionId }));
      socket.on("session_confirm", () => {
        this.announceConnection("");
        this.startConversation();
      });
      socket.on("bot_uttered", (message) => this.receive(message || {}));
      socket.on("connect_error", () => this.announceConnection("Can't reach the assistant. Trying again…"));
      socket.on("disconnect", (reason) => {
        if (reason !== "io client disconnect") {
          this.announceConnection("Connection lost. Reconnecting…");
        }
      });
      this.socket = socket;
    }

    disconnect() {
      if (this.socket) {
        this.socket.removeAllListeners();
        this.socket.disconnect();
        this.socket = null;
      }
    }

    startConversation() {
      if (this.conversation.started) {
        return;
      }
      this.conversation.started = true;
      this.save();
      if (this.config.code) {
        // The homework code goes in as the user's first message (the server side of codes reads it).
        this.send(`my homework code is ${this.config.code}`);
      } else {
        this.emit("/greet");
      }
    }

    emit(message) {
      const payload = { message, session_id: this.sessionId };
      if (this.config.country) {
        payload.customData = { country: this.config.country };
      }
      this.connect();
      this.socket.emit("user_uttered", payload);
    }

    send(message, shownText) {
      if (!this.connectionNotice) {
        this.status.textContent = ""; // a notice such as "Conversation cleared" has been read by now
      }
      this.disableOldChoices();
      this.add({ who: "user", text: shownText || message });
      this.emit(message);
    }

    receive(message) {
      const text = typeof message.text === "string" ? message.text : "";
      const buttons = (message.quick_replies || message.buttons || [])
        .filter((button) => button && typeof button.title === "string" && typeof button.payload === "string")
        .map((button) => ({ title: button.title, payload: button.payload }));
      if (!text && !buttons.length) {
        return; // images, custom payloads: not used by Rehearse
      }
      this.trackCrisis(text, buttons);
      this.trackPractice(text);
      this.add({ who: "bot", text, buttons });
    }

    /* ----- conversation state seen from the messages ----- */

    trackCrisis(text, buttons) {
      if (CRISIS_START.test(text)) {
        this.conversation.crisis = [];
        this.capturingCrisis = true;
      }
      if (this.capturingCrisis) {
        // socket.io splits a reply on blank lines; the crisis message ends with the part carrying its buttons.
        this.conversation.crisis.push(text);
        this.capturingCrisis = buttons.length === 0;
        this.renderCrisis();
      }
    }

    trackPractice(text) {
      let state = this.conversation.practice;
      if (CRISIS_START.test(text) || PRACTICE_OVER.test(text)) {
        state = "off";
      } else if (COUNTERPART_LINE.test(text) || PRACTICE_RESUMED.test(text)) {
        state = "on";
      } else if (PRACTICE_PAUSED.test(text)) {
        state = "paused";
      }
      this.conversation.practice = state;
      this.renderControls();
    }

    /* ----- rendering ----- */

    add(message) {
      this.conversation.messages.push(message);
      this.conversation.messages = this.conversation.messages.slice(-KEPT_MESSAGES);
      this.save();
      this.log.appendChild(this.renderMessage(message, true));
      this.scrollToEnd();
    }

    renderAll() {
      this.log.replaceChildren();
      const last = this.conversation.messages.length - 1;
      this.conversation.messages.forEach((message, index) => {
        this.log.appendChild(this.renderMessage(message, index === last));
      });
      this.renderCrisis();
      this.renderControls();
    }

    renderMessage(message, choicesEnabled) {
      const item = el("div", { class: "rw-message" });
      if (message.who === "user") {
        item.classList.add("rw-user");
        item.append(el("span", { class: "rw-visually-hidden" }, "You said: "), el("p", { class: "rw-bubble" }, message.text));
        return item;
      }
      const line = COUNTERPART_LINE.exec(message.text);
      if (line) {
        item.classList.add("rw-counterpart");
        item.append(
          el("p", { class: "rw-character" }, `In character: ${line[1]}`),
          el("p", { class: "rw-bubble" }, `“${line[2]}”`)
        );
      } else if (message.text) {
        item.classList.add("rw-coach");
        item.append(el("span", { class: "rw-visually-hidden" }, "Rehearse says: "), el("p", { class: "rw-bubble" }, message.text));
      }
      if (message.buttons && message.buttons.length) {
        item.appendChild(this.renderChoices(message.buttons, choicesEnabled));
      }
      return item;
    }

    renderChoices(buttons, enabled) {
      const group = el("div", { class: "rw-choices", role: "group", "aria-label": "Choices" });
      buttons.forEach((choice) => {
        const button = el("button", { type: "button", class: "rw-choice" }, choice.title);
        button.disabled = !enabled;
        button.addEventListener("click", () => {
          this.send(choice.payload, choice.title);
          this.input.focus(); // the clicked choice is now disabled; keep focus inside the window
        });
        group.appendChild(button);
      });
      return group;
    }

    disableOldChoices() {
      this.log.querySelectorAll(".rw-choice").forEach((button) => { button.disabled = true; });
    }

    /** The panel keeps the resources: the crisis message without its opening, acknowledging paragraph. */
    renderCrisis() {
      const crisis = this.conversation.crisis;
      this.crisisPanel.hidden = !crisis;
      this.crisisBody.replaceChildren();
      const parts = (crisis || []).flatMap(paragraphs);
      parts.slice(parts.length > 1 ? 1 : 0).forEach((part) => this.crisisBody.appendChild(el("p", {}, part)));
    }

    renderControls() {
      const state = this.conversation.practice;
      const hadFocus = this.controls.contains(this.root.activeElement);
      this.controls.hidden = state === "off";
      if (this.controls.hidden && hadFocus) {
        this.input.focus(); // e.g. after "End": never leave focus on a control that has gone
      }
      this.controlButtons.forEach(({ button, control }) => {
        const paused = state === "paused" && control.paused;
        button.textContent = paused ? control.paused.title : control.title;
      });
    }

    scrollToEnd() {
      this.log.scrollTop = this.log.scrollHeight;
    }

    save() {
      storage.write(CONVERSATION_KEY, JSON.stringify(this.conversation));
    }

    /* ----- shared devices ----- */

    clearConversation() {
      this.disconnect();
      storage.clear();
      this.conversation = emptyConversation();
      this.capturingCrisis = false;
      this.sessionId = this.rememberNewSession();
      this.renderAll();
      this.connect();
      this.announce("Conversation cleared. A new conversation has started.");
      this.input.focus();
    }
  }

  function start() {
    if (document.querySelector("[data-rehearse-widget]")) {
      return; // the snippet was included twice
    }
    new RehearseWidget(readConfig(script));
  }

  if (document.body) {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
