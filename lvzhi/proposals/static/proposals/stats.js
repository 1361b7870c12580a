// The proposal statistics charts: data from the page's json_script block, ECharts served locally.
(function () {
  const source = document.getElementById("proposal-stats");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const charts = [];
  function make(id) {
    const holder = document.getElementById(id);
    if (!holder) return null;
    const chart = echarts.init(holder, null, { renderer: "svg" });
    charts.push(chart);
    return chart;
  }
  function bar(id, rows, color) {
    const chart = make(id);
    if (!chart || !rows.length) return;
    chart.setOption({
      color: [color],
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
      xAxis: { type: "category", data: rows.map((r) => r[0]), axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: rows.map((r) => r[1]) }],
    });
  }
  function pie(id, rows) {
    const chart = make(id);
    if (!chart || !rows.some((r) => r[1])) return;
    chart.setOption({
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: rows.filter((r) => r[1]).map((r) => ({ name: r[0], value: r[1] })) }],
    });
  }
  bar("chart-flow", data.flow, "#1565c0");
  pie("chart-kinds", data.kinds);
  bar("chart-categories", data.categories, "#2e7d32");
  pie("chart-grades", data.grades);
  pie("chart-satisfaction", data.satisfaction);
  bar("chart-units", data.units, "#ef6c00");
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
