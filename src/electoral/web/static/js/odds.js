// The odds page: a progress indicator while a forecast runs (the page works without it).
// On submit, the forms are disabled, the result region is marked busy and a status line
// (a live region) says what is happening. No network but the form's own submission.
(function () {
  "use strict";
  var status = document.getElementById("odds-status");
  var result = document.getElementById("odds-result");
  if (!status || !result) return;

  function busy(text) {
    var spinner = document.createElement("span");
    spinner.className = "spinner";
    spinner.setAttribute("aria-hidden", "true");
    status.replaceChildren(spinner, document.createTextNode(text));
    result.setAttribute("aria-busy", "true");
  }

  function idle() {
    status.replaceChildren();
    result.setAttribute("aria-busy", "false");
    document.querySelectorAll("[data-odds-form] button[type=submit]").forEach(function (b) {
      b.disabled = false;
      if (b.dataset.label) b.textContent = b.dataset.label;
    });
  }

  document.querySelectorAll("[data-odds-form]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var method = form.querySelector("select[name=method]");
      var sims = form.querySelector("input[name=sims]");
      var text = method && method.value === "mc" && sims
        ? "Running " + Number(sims.value).toLocaleString() + " simulations…"
        : "Computing the forecast…";
      busy(text);
      // Disabled after the submission has started, so the button's own value is unaffected.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) {
          b.dataset.label = b.dataset.label || b.textContent;
          b.textContent = "Running…";
          b.disabled = true;
        });
      }, 0);
    });
  });

  document.querySelectorAll("[data-odds-link]").forEach(function (link) {
    link.addEventListener("click", function () { busy("Running the simulations…"); });
  });

  // Coming back through the history (the page restored from the cache): clear the indicator.
  window.addEventListener("pageshow", idle);
})();
