// The petition page: the count, the table by state and the map follow the JSON API every few
// seconds while the page is visible; "Copy link" copies the share link. The page is complete
// without this script; it only keeps the numbers fresh.
(function () {
  "use strict";

  function format(n) { return Number(n).toLocaleString("en-US"); }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-copy"));
      var status = button.parentNode.querySelector(".copy-status");
      function done(ok) { if (status) { status.textContent = ok ? "Copied." : "Select the link and copy it."; } }
      input.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { done(true); }, function () { done(false); });
      } else {
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        done(ok);
      }
    });
  });

  var root = document.querySelector("[data-live-petition]");
  if (!root || !window.fetch) { return; }
  var api = root.getAttribute("data-api");
  var every = Math.max(2, Number(root.getAttribute("data-poll-seconds")) || 5) * 1000;
  var scale = root.getAttribute("data-scale").split(",");
  var blank = root.getAttribute("data-blank");
  var count = document.getElementById("signature-count");
  var word = document.getElementById("signature-word");
  var announce = document.getElementById("count-announce");
  var progress = document.getElementById("milestone-progress");
  var nextLabel = document.getElementById("next-milestone");
  var shown = count ? Number(count.getAttribute("data-count")) : 0;
  var delay = every;

  function fill(n, most) {  // as scale_fill in petition_common.py
    if (n <= 0 || most <= 0) { return blank; }
    var share = Math.log1p(n) / Math.log1p(most);
    return scale[Math.min(scale.length - 1, Math.floor(share * scale.length - 1e-9))];
  }

  function textOn(hex) {  // near-black or white, as palette.text_on
    var c = [1, 3, 5].map(function (i) {
      var v = parseInt(hex.substr(i, 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    var l = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    var dark = (l + 0.05) / (0.0056 + 0.05), light = 1.05 / (l + 0.05);
    return dark >= light ? "#111111" : "#ffffff";
  }

  function update(data) {
    var total = data.signatures;
    if (count && total !== shown) {
      count.textContent = format(total);
      count.setAttribute("data-count", total);
      if (word) { word.textContent = total === 1 ? "signature" : "signatures"; }
      if (announce) { announce.textContent = format(total) + " signatures"; }
      shown = total;
    }
    var byState = data.by_state || {};
    var most = 0;
    Object.keys(byState).forEach(function (s) { most = Math.max(most, byState[s]); });
    document.querySelectorAll("[data-count-state]").forEach(function (cell) {
      var n = byState[cell.getAttribute("data-count-state")] || 0;
      if (cell.textContent !== format(n)) { cell.textContent = format(n); }
    });
    document.querySelectorAll(".map [data-state]").forEach(function (shape) {
      var code = shape.getAttribute("data-state");
      var n = byState[code] || 0;
      var colour = fill(n, most);
      shape.setAttribute("fill", colour);
      var name = (shape.getAttribute("aria-label") || code).split(":")[0];
      shape.setAttribute("aria-label", name + ": " + format(n) + (n === 1 ? " signature" : " signatures"));
      var label = document.querySelector('.map [data-label="' + code + '"]');
      if (label) { label.setAttribute("fill", textOn(colour)); }
    });
    if (progress) {
      if (data.next_milestone) {
        progress.max = data.next_milestone;
        if (nextLabel) { nextLabel.textContent = format(data.next_milestone); }
      }
      progress.value = Math.min(total, progress.max);
    }
  }

  function poll() {
    if (document.visibilityState === "hidden") { setTimeout(poll, every); return; }
    fetch(api, { headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (response.status === 404) { return null; }
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        if (data === null) { return; }  // unpublished meanwhile: stop
        update(data);
        delay = every;
        setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 60000);  // back off while the server is struggling
        setTimeout(poll, delay);
      });
  }
  setTimeout(poll, every);
})();
