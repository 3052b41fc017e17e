// Begroten: the running total of a ballot, live while choosing. Without JavaScript the
// "Bereken het totaal" button asks the server for the same total (nothing is saved).
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
  function euro(n) {
    var group = t("@duizendtallen") === "@duizendtallen" ? "." : t("@duizendtallen");
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  }
  function update(form) {
    var budget = parseInt(form.getAttribute("data-begroting-budget") || "0", 10);
    var total = 0;
    var count = 0;
    form.querySelectorAll('input[name="plan"]').forEach(function (box) {
      if (box.checked) {
        total += parseInt(box.getAttribute("data-kosten") || "0", 10);
        count += 1;
      }
    });
    var totaal = form.querySelector("[data-begroting-totaal]");
    var over = form.querySelector("[data-begroting-over]");
    var aantal = form.querySelector("[data-begroting-aantal]");
    if (totaal) { totaal.textContent = euro(total); }
    if (over && budget) {
      over.textContent = total <= budget
        ? t("Nog € %(bedrag)s over.").replace("%(bedrag)s", euro(budget - total))
        : t("Dat is € %(bedrag)s te veel.").replace("%(bedrag)s", euro(total - budget));
    }
    if (aantal) { aantal.textContent = String(count); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-begroting-budget]").forEach(function (form) {
      var button = form.querySelector("[data-begroting-bereken]");
      if (button) { button.hidden = true; }
      form.addEventListener("change", function () { update(form); });
    });
  });
})();
