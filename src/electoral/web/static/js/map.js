// The election page: the year slider and keys, and a line telling the state under the pointer
// or the focus. The page is complete without this script; it only adds these conveniences.
(function () {
  "use strict";

  var slider = document.getElementById("year-slider");
  var output = document.getElementById("year-output");
  var detail = document.getElementById("map-detail");
  var years = slider ? slider.getAttribute("data-years").split(",") : [];

  function go(year) { if (year) { window.location.href = "/elections/" + year; } }

  if (slider) {
    slider.addEventListener("input", function () {
      var year = years[Number(slider.value)];
      output.textContent = year;
      slider.setAttribute("aria-valuetext", year);
    });
    slider.addEventListener("change", function () { go(years[Number(slider.value)]); });
  }

  document.addEventListener("keydown", function (event) {
    var tag = event.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || event.altKey ||
        event.ctrlKey || event.metaKey) { return; }
    var link = null;
    if (event.key === "[") { link = document.querySelector('a[rel="prev"]'); }
    if (event.key === "]") { link = document.querySelector('a[rel="next"]'); }
    if (link) { event.preventDefault(); window.location.href = link.href; }
  });

  function show(event) {
    var el = event.target.closest && event.target.closest("[data-state]");
    if (el && detail) { detail.textContent = el.getAttribute("aria-label"); }
  }
  document.querySelectorAll(".map").forEach(function (map) {
    map.addEventListener("mouseover", show);
    map.addEventListener("focusin", show);
  });
})();
