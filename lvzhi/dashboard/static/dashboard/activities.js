// The statistics bar chart: the data comes from the page's json_script block, ECharts is vendored.
(function () {
  const holder = document.getElementById("stats-chart");
  const source = document.getElementById("stats-data");
  if (!holder || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  if (!data.names.length) return;
  const chart = echarts.init(holder);
  chart.setOption({
    color: ["#b71c1c", "#1565c0", "#2e7d32"],
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: "category", data: data.names, axisLabel: { interval: 0, rotate: data.names.length > 6 ? 35 : 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: data.series.map((s) => ({ name: s.name, type: "bar", data: s.data })),
  });
  window.addEventListener("resize", () => chart.resize());
})();
