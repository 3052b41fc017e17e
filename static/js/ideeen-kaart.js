/* Open Nijmegen: maps for ideas. Progressive enhancement: without this file (or without a
   tile host) the wijk and the address field are enough. No inline script; CSP 'self'. */
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
  var NIJMEGEN = [51.8425, 5.8528];
  var ATTRIBUTION = t("Kaart") + ': <a href="https://www.pdok.nl/">PDOK</a>, Kadaster';

  function tiles(el) {
    return L.tileLayer(el.getAttribute("data-tiles"), {
      maxZoom: 19,
      minZoom: 10,
      attribution: ATTRIBUTION
    });
  }

  function point(el) {
    var lat = parseFloat(el.getAttribute("data-lat"));
    var lon = parseFloat(el.getAttribute("data-lon"));
    return isFinite(lat) && isFinite(lon) ? [lat, lon] : null;
  }

  function showMap(el) {
    var at = point(el);
    if (!at) { return; }
    var map = L.map(el, { scrollWheelZoom: false }).setView(at, 16);
    tiles(el).addTo(map);
    L.marker(at, { keyboard: false }).addTo(map);
  }

  function pickerMap(el) {
    var latField = document.getElementById(el.getAttribute("data-lat-field"));
    var lonField = document.getElementById(el.getAttribute("data-lon-field"));
    if (!latField || !lonField) { return; }
    var box = document.createElement("div");
    box.className = "site-kaart-kiezer__kaart";
    el.appendChild(box);
    var status = document.createElement("p");
    status.className = "utrecht-paragraph";
    status.setAttribute("aria-live", "polite");
    el.appendChild(status);
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "utrecht-button utrecht-button--secondary-action";
    clear.textContent = t("Punt weghalen");
    clear.hidden = true;
    el.appendChild(clear);

    var at = point(el);
    var map = L.map(box, { scrollWheelZoom: false }).setView(at || NIJMEGEN, at ? 16 : 13);
    tiles(el).addTo(map);
    var marker = null;

    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng, { keyboard: false }).addTo(map); }
      latField.value = latlng.lat.toFixed(6);
      lonField.value = latlng.lng.toFixed(6);
      status.textContent = t("U hebt een punt op de kaart gekozen.");
      clear.hidden = false;
    }

    if (at) { place(L.latLng(at[0], at[1])); }
    map.on("click", function (event) { place(event.latlng); });
    clear.addEventListener("click", function () {
      if (marker) { map.removeLayer(marker); marker = null; }
      latField.value = "";
      lonField.value = "";
      status.textContent = t("Het punt is weggehaald.");
      clear.hidden = true;
    });
  }

  // All ideas (/ideeen/kaart): one marker per item of the accessible list beside the map,
  // grouped into clusters when they are close. Each marker is a link-like button: Enter opens
  // a popup with the link to the idea.
  function allMap(el) {
    var list = document.getElementById(el.getAttribute("data-lijst"));
    var map = L.map(el, { scrollWheelZoom: false }).setView(NIJMEGEN, 12);
    tiles(el).addTo(map);
    if (!list) { return; }
    var group = typeof L.markerClusterGroup === "function" ? L.markerClusterGroup() : L.layerGroup();
    var items = list.querySelectorAll("li[data-lat]");
    var bounds = [];
    for (var i = 0; i < items.length; i++) {
      var at = point(items[i]);
      var link = items[i].querySelector("a");
      if (!at || !link) { continue; }
      var popup = document.createElement("a");
      popup.href = link.getAttribute("href");
      popup.textContent = link.textContent;
      popup.className = "utrecht-link";
      var marker = L.marker(at, { title: link.textContent, alt: link.textContent });
      marker.bindPopup(popup);
      group.addLayer(marker);
      bounds.push(at);
    }
    group.addTo(map);
    if (bounds.length) { map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] }); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    var all = document.querySelectorAll("[data-kaart='alle']");
    for (var k = 0; k < all.length; k++) { allMap(all[k]); }
    var shown = document.querySelectorAll("[data-kaart='tonen']");
    for (var i = 0; i < shown.length; i++) { showMap(shown[i]); }
    var pickers = document.querySelectorAll("[data-kaart='kiezen']");
    for (var j = 0; j < pickers.length; j++) { pickerMap(pickers[j]); }
  });
})();
