// Bar chart of each unit's self score and final score on the analysis page.
// Data comes from json_script elements; the same numbers are in the page's table.
(function () {
  "use strict";
  function start() {
    var canvas = document.getElementById("scoring-chart");
    var dataNode = document.getElementById("scoring-chart-data");
    var labelNode = document.getElementById("scoring-chart-labels");
    if (!canvas || !dataNode || !labelNode || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(dataNode.textContent);
    var text = JSON.parse(labelNode.textContent);
    var toNumber = function (v) { return v === null ? null : Number(v); };
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: text.self, data: data.self.map(toNumber), backgroundColor: "#8fb3d9",
            borderColor: "#1f4e79", borderWidth: 1 },
          { label: text.final, data: data.final.map(toNumber), backgroundColor: "#1f4e79",
            borderColor: "#0b2540", borderWidth: 1 }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: { beginAtZero: true },
          // Long unit names are shortened on the axis; the tooltip and the table keep them whole.
          x: { ticks: { callback: function (value) {
            var label = this.getLabelForValue(value);
            return label.length > 24 ? label.slice(0, 23) + "…" : label;
          } } }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
