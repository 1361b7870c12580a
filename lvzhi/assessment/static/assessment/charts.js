// The assessment's charts (band distribution): data from the page's json_script block, ECharts served locally.
(function () {
  const source = document.getElementById("assessment-chart");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const holder = document.getElementById("chart-bands");
  if (!holder || !data.bands.length) return;
  const chart = echarts.init(holder);
  chart.setOption({
    tooltip: { trigger: "item" },
    series: [{ type: "pie", radius: ["40%", "70%"], data: data.bands.map((b) => ({ name: b[0], value: b[1] })) }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
