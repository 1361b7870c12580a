// The 社情民意 statistics charts: data from the page's json_script block, ECharts served locally.
(function () {
  const source = document.getElementById("opinion-stats");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const charts = [];
  function bar(id, rows, color) {
    const holder = document.getElementById(id);
    if (!holder || !rows.length) return;
    const chart = echarts.init(holder);
    chart.setOption({
      color: [color],
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
      xAxis: { type: "category", data: rows.map((r) => r[0]), axisLabel: { interval: 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: rows.map((r) => r[1]) }],
    });
    charts.push(chart);
  }
  bar("chart-adopted", data.adopted, "#2e7d32");
  bar("chart-instructions", data.instructions, "#b71c1c");
  bar("chart-sources", data.sources, "#1565c0");
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
