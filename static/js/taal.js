/* Live B1 check: the "Controleer mijn tekst" button asks POST /taal/check and shows the report
   in the live region beside the text, without leaving the page. Without JavaScript the button
   submits the form and the server shows the same report. */
(function () {
  "use strict";
  // The page's texts in its own language (core/templating.py JS_TEXTS), by their Dutch text.
  var TEKSTEN = null;
  function t(nl) {
    if (TEKSTEN === null) {
      var data = document.getElementById("site-teksten");
      try { TEKSTEN = data ? JSON.parse(data.textContent) : {}; } catch (e) { TEKSTEN = {}; }
    }
    return TEKSTEN[nl] || nl;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function list(items) {
    var ul = el("ul", "utrecht-unordered-list");
    items.forEach(function (text) { ul.appendChild(el("li", "", text)); });
    return ul;
  }

  function section(box, title, items) {
    if (!items || !items.length) { return; }
    box.appendChild(el("h4", "utrecht-heading-4", title));
    box.appendChild(list(items));
  }

  function render(target, report) {
    var box = el("div", "site-taal-rapport site-taal-rapport--" + String(report.verdict).toLowerCase());
    box.appendChild(el("h3", "utrecht-heading-3 site-taal-rapport__titel", t("Hoe leesbaar is uw tekst?")));
    if (report.verdict === "LEEG") {
      box.appendChild(el("p", "utrecht-paragraph", t("Er staat nog geen tekst. Schrijf eerst iets.")));
    } else {
      var verdict = el("p", "utrecht-paragraph");
      verdict.appendChild(el("strong", "", report.verdict_text));
      box.appendChild(verdict);
      if (report.summary && report.summary.length) { box.appendChild(list(report.summary)); }
      section(box, t("Lange zinnen"), report.long_sentences.slice(0, 5).map(function (s) { return s.message; }));
      section(box, t("Woorden met een makkelijker alternatief"), report.officialese.slice(0, 10).map(function (o) { return o.message; }));
      section(box, t("Moeilijke woorden"), report.difficult_words.slice(0, 10).map(function (w) { return w.message; }));
      section(box, t("Lijdende vorm"), report.passives.slice(0, 5).map(function (p) { return p.message; }));
      box.appendChild(el("p", "utrecht-paragraph site-muted", t("Dit is een hulp. U mag uw tekst altijd versturen.")));
    }
    target.replaceChildren(box);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-taal-voor]") : null;
    if (!button || !window.fetch) { return; }
    var field = document.getElementById(button.getAttribute("data-taal-voor"));
    var target = document.getElementById(button.getAttribute("data-taal-voor") + "-taal");
    var form = button.form;
    var token = form ? form.querySelector("input[name=csrf_token]") : null;
    if (!field || !target || !token) { return; }
    event.preventDefault();
    target.textContent = t("Even kijken…");
    fetch(t("@taal_check") === "@taal_check" ? "/taal/check" : t("@taal_check"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token.value },
      body: JSON.stringify({ text: field.value })
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (report) {
      render(target, report);
    }).catch(function () {
      target.textContent = t("Het controleren lukt nu niet. Probeer het later opnieuw. Uw tekst staat er nog.");
    });
  });
})();
