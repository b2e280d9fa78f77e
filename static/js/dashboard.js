/* Dashboard charts: Chart.js (vendored in static/vendor) fed by the page's json_script data. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var blue = "#1d4ed8", amber = "#f59e0b";
  var palette = ["#1d4ed8", "#f59e0b", "#059669", "#dc2626", "#7c3aed", "#0891b2", "#be185d", "#65a30d"];
  Chart.defaults.font.family = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  // Every bar and slice is labelled with its value (thousands separated), so the chart reads without hovering.
  var format = new Intl.NumberFormat("zh-CN");
  Chart.register({
    id: "valueLabels",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "12px " + Chart.defaults.font.family;
      chart.data.datasets.forEach(function (dataset, index) {
        var meta = chart.getDatasetMeta(index);
        if (meta.hidden) { return; }
        meta.data.forEach(function (element, i) {
          var value = dataset.data[i];
          if (!value) { return; }
          var position = element.tooltipPosition();
          var horizontal = chart.options.indexAxis === "y";
          ctx.fillStyle = chart.config.type === "doughnut" ? "#fff" : "#101828";
          ctx.textAlign = horizontal ? "left" : "center";
          ctx.textBaseline = horizontal ? "middle" : "bottom";
          ctx.fillText(format.format(value), position.x + (horizontal ? 4 : 0), position.y - (horizontal ? 0 : 2));
        });
      });
      ctx.restore();
    }
  });

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { canvas.chart = new Chart(canvas, config); }
  }

  draw("chart-trend", {
    type: "bar",
    data: {
      labels: data.trend.labels,
      datasets: [
        { label: data.trend.current_label, data: data.trend.current, backgroundColor: blue },
        { label: data.trend.previous_label, data: data.trend.previous, backgroundColor: amber }
      ]
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
  draw("chart-domains", {
    type: "bar",
    data: { labels: data.domains.labels, datasets: [{ label: "件", data: data.domains.values, backgroundColor: blue }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
  draw("chart-sources", {
    type: "doughnut",
    data: { labels: data.sources.labels, datasets: [{ data: data.sources.values, backgroundColor: palette }] },
    options: { plugins: { legend: { position: "bottom" } } }
  });
})();
