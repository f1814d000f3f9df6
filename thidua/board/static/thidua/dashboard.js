// Charts of the Board's dashboard: scores and awards by year and by block.
// Data comes from json_script elements; the same numbers are in the tables under the charts.
(function () {
  "use strict";
  function draw(canvasId, dataId, type) {
    var canvas = document.getElementById(canvasId);
    var dataNode = document.getElementById(dataId);
    if (!canvas || !dataNode || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(dataNode.textContent);
    new window.Chart(canvas, {
      type: type,
      data: data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        spanGaps: true,
        scales: { y: { beginAtZero: true } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }
  function start() {
    draw("board-scores-chart", "board-scores-data", "bar");
    draw("board-awards-chart", "board-awards-data", "bar");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
