// The statistics bar chart: the data comes from the page's json_script block, ECharts is vendored.
// On a phone (narrow holder) the bars lie horizontally: the names stand one per line on the left, each cut to fit,
// instead of crowding and overlapping under a 390 px wide axis; the chart grows tall enough for every row.
(function () {
  const holder = document.getElementById("stats-chart");
  const source = document.getElementById("stats-data");
  if (!holder || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  if (!data.names.length) return;
  // SVG rather than canvas: crisp when printed, and its labels are real text (readers and tests can see them).
  const chart = echarts.init(holder, null, { renderer: "svg" });
  const series = data.series.map((s) => ({ name: s.name, type: "bar", data: s.data }));
  let narrow = null;

  function layout() {
    const isNarrow = holder.clientWidth < 576;
    if (isNarrow === narrow) return chart.resize();
    narrow = isNarrow;
    const names = { type: "category", data: data.names };
    const values = { type: "value", minInterval: 1 };
    if (narrow) {
      holder.style.height = Math.max(320, data.names.length * data.series.length * 16 + 90) + "px";
      chart.resize();
      chart.setOption({
        color: ["#b71c1c", "#1565c0", "#2e7d32"],
        tooltip: { trigger: "axis", confine: true },
        legend: { top: 0, itemGap: 8, textStyle: { fontSize: 12 } },
        grid: { left: 4, right: 16, bottom: 4, top: 56, containLabel: true },
        yAxis: { ...names, inverse: true, axisLabel: { interval: 0, width: 96, overflow: "truncate", fontSize: 12 } },
        xAxis: { ...values, axisLabel: { fontSize: 11, hideOverlap: true } },
        series,
      }, true);
    } else {
      holder.style.height = "320px";
      chart.resize();
      chart.setOption({
        color: ["#b71c1c", "#1565c0", "#2e7d32"],
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
        xAxis: { ...names, axisLabel: { interval: 0, rotate: data.names.length > 6 ? 35 : 0, hideOverlap: true } },
        yAxis: values,
        series,
      }, true);
    }
    holder.dataset.layout = narrow ? "horizontal" : "vertical";
  }

  layout();
  window.addEventListener("resize", layout);
})();
