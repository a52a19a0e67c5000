// The console's one script, served from the binary (CSP: script-src 'self'). It keeps marked parts of a page
// live by polling the page's live URL, and asks before a destructive form is sent. No markup is ever built from
// what the server answers: only text and a state attribute change.
(function () {
  "use strict";
  var body = document.body;
  var liveUrl = body.getAttribute("data-live");
  function apply(answer) {
    var values = answer.values || {};
    Object.keys(values).forEach(function (key) {
      document.querySelectorAll('[data-live-text="' + CSS.escape(key) + '"]').forEach(function (el) {
        if (el.textContent !== String(values[key])) el.textContent = String(values[key]);
      });
    });
    var states = answer.states || {};
    Object.keys(states).forEach(function (key) {
      document.querySelectorAll('[data-live-state="' + CSS.escape(key) + '"]').forEach(function (el) {
        el.setAttribute("data-state", String(states[key]));
        el.textContent = String(answer.stateWords && answer.stateWords[key] ? answer.stateWords[key] : states[key]);
      });
    });
    body.setAttribute("data-live-at", String(answer.at || Date.now()));
  }
  function poll() {
    fetch(liveUrl, { credentials: "same-origin", headers: { accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (response.status === 401) { window.location.assign("/console/login"); return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (answer) { if (answer) apply(answer); })
      .catch(function () {})
      .then(function () { setTimeout(poll, Number(body.getAttribute("data-live-every")) || 2000); });
  }
  if (liveUrl && liveUrl.indexOf("/console/") === 0) setTimeout(poll, 500);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
