// Draws the report charts from the JSON next to each canvas (CSP: no inline scripts).
// The numbers are also in a table beside every chart, so nothing depends on this file.
// A bucket still under way (spec.partial, its index) is drawn apart: a dashed line segment
// and a hollow point, or a light bar with a dashed outline, never as a drop.
(function () {
  "use strict";
  var COLOURS = ["#1f5f9e", "#c0562b", "#2e7d32", "#6a3d9a"];
  var LIGHT = ["rgba(31,95,158,0.25)", "rgba(192,86,43,0.25)", "rgba(46,125,50,0.25)", "rgba(106,61,154,0.25)"];
  var DASHES = [[], [6, 4], [2, 3], [8, 3, 2, 3]];  // not colour alone

  function perPoint(spec, normal, partial) {
    if (spec.partial === null || spec.partial === undefined) { return normal; }
    return spec.labels.map(function (_l, i) { return i === spec.partial ? partial : normal; });
  }

  function dataset(spec, d, i) {
    var colour = COLOURS[i % COLOURS.length];
    var set = {
      label: d.label, data: d.data, borderColor: colour, borderWidth: 2,
      borderDash: DASHES[i % DASHES.length], fill: false, spanGaps: true
    };
    if (spec.type === "line") {
      set.backgroundColor = perPoint(spec, colour, "#ffffff");
      set.pointStyle = perPoint(spec, "circle", "rectRot");
      set.pointRadius = perPoint(spec, 3, 6);
      set.segment = {
        borderDash: function (ctx) { return ctx.p1DataIndex === spec.partial ? [3, 3] : undefined; }
      };
    } else {
      set.backgroundColor = perPoint(spec, colour, LIGHT[i % LIGHT.length]);
      set.borderWidth = perPoint(spec, 0, 2);
    }
    return set;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var value = { beginAtZero: true };
    if (spec.percent) { value.max = 100; value.ticks = { callback: function (v) { return v + " %"; } }; }
    var scales = spec.horizontal ? { x: value } : { y: value };
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets.map(function (d, i) { return dataset(spec, d, i); }) },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: scales,
                 indexAxis: spec.horizontal ? "y" : "x",
                 plugins: { legend: { position: "bottom" } } }
    });
  }

  // A link to a closed detail section opens it (the table of contents, a shared link).
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") { target.open = true; target.querySelector("summary").focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
    openTarget();
    window.addEventListener("hashchange", openTarget);
  });
})();
