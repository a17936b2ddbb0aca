// Draws every <canvas data-chart='{...}'> with Chart.js (vendored, served by the app).
// The configuration comes from the server (budget/http/pages/charts.py); this file only
// adds what JSON cannot carry: the axis formats. No inline script: the CSP forbids it.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  Chart.defaults.font.family = "Sarabun, 'Noto Sans Thai', Tahoma, sans-serif";
  Chart.defaults.font.size = 13;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function percentAxis(axis) {
    axis.beginAtZero = true;
    axis.suggestedMax = 100;
    axis.ticks = { callback: function (value) { return value + "%"; } };
    return axis;
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var horizontal = !!spec.horizontal;
    var options = { responsive: true, plugins: { legend: { position: "bottom" } }, scales: {} };
    var valueAxis = horizontal ? "x" : "y";
    var labelAxis = horizontal ? "y" : "x";
    options.scales[valueAxis] = spec.percent ? percentAxis({}) : { beginAtZero: true, ticks: { precision: 0 } };
    options.scales[labelAxis] = { ticks: { autoSkip: false } };
    if (horizontal) { options.indexAxis = "y"; }
    if (spec.stacked) {
      options.scales.x.stacked = true;
      options.scales.y.stacked = true;
    }
    canvas.setAttribute("data-drawn", "true");
    new Chart(canvas, { type: spec.type, data: spec.data, options: options });
  });
})();
