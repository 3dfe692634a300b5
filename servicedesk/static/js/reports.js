// Draws the report charts from the JSON next to each canvas (CSP: no inline scripts).
// The numbers are also in a table beside every chart, so nothing depends on this file.
(function () {
  "use strict";
  var COLOURS = ["#1f5f9e", "#c0562b", "#2e7d32", "#6a3d9a"];
  var DASHES = [[], [6, 4], [2, 3], [8, 3, 2, 3]];  // not colour alone

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (d, i) {
      return {
        label: d.label, data: d.data,
        backgroundColor: COLOURS[i % COLOURS.length],
        borderColor: COLOURS[i % COLOURS.length],
        borderDash: DASHES[i % DASHES.length],
        borderWidth: 2, fill: false, spanGaps: true
      };
    });
    var y = { beginAtZero: true };
    if (spec.percent) { y.max = 100; y.ticks = { callback: function (v) { return v + " %"; } }; }
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: { responsive: true, animation: false, scales: { y: y },
                 plugins: { legend: { position: "bottom" } } }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
