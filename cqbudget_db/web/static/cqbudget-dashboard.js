/* cqbudget dashboard: four Vega-Lite charts drawn from /-/dashboard.json.
   The first data set is embedded in the page; changing a filter fetches the
   next one and redraws, keeping the filters in the address bar. */
(function () {
  "use strict";
  var script = document.currentScript;
  var jsonUrl = script.dataset.jsonUrl;
  var cardUrl = script.dataset.cardUrl;
  var departmentUrl = script.dataset.departmentUrl;
  var form = document.getElementById("cq-filters");
  var FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"; // an identifier, never fetched
  var OPTIONS = { renderer: "svg", actions: false, config: {
    font: FONT, view: { stroke: null }, axis: { labelFont: FONT, titleFont: FONT, labelLimit: 180 },
    legend: { labelFont: FONT, titleFont: FONT }, bar: { color: "#3f72af" } } };

  // A fixed height per bar: Vega-Lite warns about a step height with a container width.
  function rowsHeight(count, step) { return Math.max(60, count * step); }

  function fmt(n) { return (Math.round(n * 100) / 100).toLocaleString("zh-CN"); }

  function empty(id, message) {
    var el = document.getElementById(id);
    el.innerHTML = "";
    var p = document.createElement("p");
    p.className = "cq-empty";
    p.textContent = message;
    el.appendChild(p);
  }

  function draw(id, spec, rows) {
    if (!rows.length) { empty(id, "没有符合筛选条件的专项。No funds match the filters."); return; }
    spec.$schema = SCHEMA;
    spec.width = "container";
    vegaEmbed("#" + id, spec, OPTIONS).catch(function (error) {
      console.error("chart " + id + ": " + error);
    });
  }

  function render(data) {
    var s = data.summary;
    document.getElementById("cq-summary").textContent =
      s.fund_count + " 个专项，合计 " + fmt(s.total_yi) + " 亿元：市级支出 " + fmt(s.city_spend_yi) +
      " 亿元，补助区县 " + fmt(s.district_subsidy_yi) + " 亿元。";
    var departments = data.departments.map(function (d) {
      return Object.assign({ href: departmentUrl + "?department=" + encodeURIComponent(d.department) }, d);
    });
    draw("chart-departments", {
      data: { values: departments },
      height: rowsHeight(departments.length, 16),
      mark: { type: "bar", tooltip: true },
      encoding: {
        y: { field: "department_short", type: "nominal", sort: "-x", title: null },
        x: { field: "total_yi", type: "quantitative", title: "预算合计（亿元）" },
        href: { field: "href" },
        tooltip: [
          { field: "department", title: "部门" },
          { field: "fund_count", title: "专项数" },
          { field: "total_yi", title: "合计（亿元）", format: ",.2f" }
        ]
      }
    }, departments);
    draw("chart-split", {
      data: { values: data.departments },
      height: rowsHeight(data.departments.length, 16),
      transform: [
        { fold: ["city_spend_yi", "district_subsidy_yi"], as: ["part", "amount"] },
        { calculate: "datum.part === 'city_spend_yi' ? '市级支出' : '补助区县'", as: "部分" }
      ],
      mark: { type: "bar", tooltip: true },
      encoding: {
        y: { field: "department_short", type: "nominal", sort: "-x", title: null },
        x: { field: "amount", type: "quantitative", stack: "zero", title: "亿元" },
        color: { field: "部分", type: "nominal", scale: { range: ["#3f72af", "#f28e2b"] },
                 legend: { orient: "top", title: null } },
        tooltip: [
          { field: "department", title: "部门" },
          { field: "部分" },
          { field: "amount", title: "亿元", format: ",.2f" }
        ]
      }
    }, data.departments);
    var funds = data.largest_funds.map(function (f) {
      return Object.assign({ href: cardUrl + "?fund=" + f.seq }, f);
    });
    draw("chart-largest", {
      data: { values: funds },
      height: rowsHeight(funds.length, 18),
      mark: { type: "bar", tooltip: true, color: "#6a9f2d" },
      encoding: {
        y: { field: "name", type: "nominal", sort: "-x", title: null },
        x: { field: "total_yi", type: "quantitative", title: "预算合计（亿元）" },
        href: { field: "href" },
        tooltip: [
          { field: "seq", title: "序号" },
          { field: "name", title: "专项" },
          { field: "department_short", title: "部门" },
          { field: "total_yi", title: "合计（亿元）", format: ",.2f" },
          { field: "city_spend_yi", title: "市级支出（亿元）", format: ",.2f" },
          { field: "district_subsidy_yi", title: "补助区县（亿元）", format: ",.2f" }
        ]
      }
    }, funds);
    draw("chart-indicators", {
      data: { values: data.indicator_types },
      height: 240,
      mark: { type: "bar", tooltip: true },
      encoding: {
        x: { field: "op", type: "nominal", sort: ["≥", "≤", "=", ">", "<", "定性"],
             title: "指标性质", axis: { labelAngle: 0 } },
        y: { field: "count", type: "quantitative", stack: "zero", title: "指标数" },
        color: { field: "core", type: "nominal", scale: { range: ["#e15759", "#9db4c8"] },
                 legend: { orient: "top", title: null } },
        tooltip: [{ field: "op", title: "性质" }, { field: "core", title: "核心" },
                  { field: "count", title: "指标数" }]
      }
    }, data.indicator_types);
  }

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { if (value !== "") params.set(name, value); });
    return params.toString();
  }

  function refresh() {
    var qs = query();
    fetch(jsonUrl + (qs ? "?" + qs : ""), { headers: { accept: "application/json" } })
      .then(function (response) { return response.json().then(function (body) { return [response, body]; }); })
      .then(function (pair) {
        if (!pair[0].ok) { document.getElementById("cq-summary").textContent = "筛选条件有误：" + pair[1].error; return; }
        history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
        document.getElementById("cq-data-link").href = jsonUrl + (qs ? "?" + qs : "");
        render(pair[1]);
      })
      .catch(function (error) { console.error("dashboard data: " + error); });
  }

  form.addEventListener("change", refresh);
  form.addEventListener("submit", function (event) { event.preventDefault(); refresh(); });
  render(JSON.parse(document.getElementById("cq-dashboard-data").textContent));
})();
