// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so keyboard and screen-reader users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }

    // A search box that narrows a long <select> (the service picker).
    document.querySelectorAll("[data-filter-select]").forEach(function (input) {
      var select = document.getElementById(input.getAttribute("data-filter-select"));
      if (!select) { return; }
      var options = Array.prototype.slice.call(select.options);
      input.addEventListener("input", function () {
        var q = input.value.trim().toLowerCase();
        var firstMatch = null;
        options.forEach(function (o) {
          var show = !q || o.value === "0" || o.text.toLowerCase().indexOf(q) !== -1;
          o.hidden = !show;
          o.disabled = !show;
          if (show && o.value !== "0" && !firstMatch) { firstMatch = o; }
        });
        if (q && firstMatch) { select.value = firstMatch.value; }
      });
    });
  });
})();
