// The leaders' dashboard charts: each `.lz-chart` holder names a json_script block ({names, values}) and a kind
// (bar or pie). ECharts is vendored; SVG so the labels are real text and print crisply.
(function () {
  if (typeof echarts === "undefined") return;
  const colors = ["#b71c1c", "#1565c0", "#2e7d32", "#f9a825", "#6a1b9a"];
  document.querySelectorAll(".lz-chart").forEach(function (holder) {
    const source = document.getElementById(holder.dataset.source);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    if (!data.names.length) return;
    const chart = echarts.init(holder, null, { renderer: "svg" });
    if (holder.dataset.kind === "pie") {
      chart.setOption({
        color: colors,
        tooltip: { trigger: "item", confine: true },
        legend: { bottom: 0 },
        series: [{
          type: "pie",
          radius: ["35%", "65%"],
          label: { formatter: "{b}\n{c}" },
          data: data.names.map((name, i) => ({ name: name, value: data.values[i] })),
        }],
      });
    } else {
      const mark = holder.dataset.mark ? { silent: true, symbol: "none", data: [{ yAxis: Number(holder.dataset.mark) }] } : undefined;
      chart.setOption({
        color: colors,
        tooltip: { trigger: "axis", confine: true },
        grid: { left: 8, right: 16, bottom: 8, top: 24, containLabel: true },
        xAxis: { type: "category", data: data.names, axisLabel: { interval: 0, rotate: data.names.length > 6 ? 35 : 0, hideOverlap: true } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ name: holder.dataset.series || "", type: "bar", data: data.values, markLine: mark }],
      });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
