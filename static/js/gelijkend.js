/* Fewer duplicates: while a resident types the title of a new idea, ask the server (GET,
   read only) for similar public ideas and show them in the live region under the title.
   "Steun dit idee" there sends the whole idea form with the chosen idea, so the server
   supports it and shows the form again with everything typed. Without JavaScript the
   preview shows the same list. No focus is moved; no inline script (CSP 'self'). */
(function () {
  "use strict";
  var WAIT_MS = 400;
  var MIN_CHARS = 5;

  function start() {
    var region = document.getElementById("gelijkend");
    var form = document.getElementById("idee-form");
    var titel = document.getElementById("titel");
    var tekst = document.getElementById("tekst");
    var keuze = document.getElementById("steun-keuze");
    if (!region || !form || !titel || !keuze || !window.fetch) { return; }
    var timer = null;
    var asked = 0;
    var shown = "";

    function show(html) {
      var box = document.createElement("div");
      box.innerHTML = html;  // server-rendered and escaped by the site's templates
      var list = box.querySelector("[data-ids]");
      var ids = list ? list.getAttribute("data-ids") : "";
      if (ids === shown) { return; }  // the same ideas: nothing new to read out
      shown = ids;
      region.replaceChildren.apply(region, Array.prototype.slice.call(box.childNodes));
    }

    function ask() {
      var value = titel.value.trim();
      if (value.length < MIN_CHARS) { show(""); return; }
      var number = ++asked;
      var params = new URLSearchParams({ titel: value.slice(0, 200) });
      if (tekst && tekst.value.trim()) { params.set("tekst", tekst.value.slice(0, 500)); }
      fetch(region.getAttribute("data-url") + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { Accept: "text/html" }
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      }).then(function (html) {
        if (number === asked) { show(html); }
      }).catch(function () { /* the preview shows the list too */ });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, WAIT_MS);
    }

    titel.addEventListener("input", later);
    region.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-steun]") : null;
      if (!button) { return; }
      event.preventDefault();
      keuze.value = button.getAttribute("data-steun");
      form.submit();
    });
    // Back to a page from the browser's cache: no support chosen.
    window.addEventListener("pageshow", function () { keuze.value = ""; });
    keuze.value = "";
    if (titel.value.trim().length >= MIN_CHARS) { ask(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
