// Poll the lottery's progress and reload the page when it is done. No inline script (CSP).
(function () {
  "use strict";
  var box = document.getElementById("loting-voortgang");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("loting-balk");
  var text = document.getElementById("loting-tekst");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (data.klaar) { window.location.reload(); return; }
        if (bar) { bar.value = Math.round(data.voortgang * 100); bar.textContent = bar.value + "%"; }
        if (text && data.tekst) { text.textContent = data.tekst; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
