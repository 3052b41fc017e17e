// Begroten: the running total of a ballot, live while choosing. Without JavaScript the
// "Bereken het totaal" button asks the server for the same total (nothing is saved).
(function () {
  "use strict";
  function euro(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
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
        ? "Nog € " + euro(budget - total) + " over."
        : "Dat is € " + euro(total - budget) + " te veel.";
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
