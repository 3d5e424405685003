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
  // Latin fonts first where the labels are symbols: CJK fonts draw ≥ and ≤ as slanted ⩾ ⩽.
  var SYMBOL_FONT = '"Helvetica Neue", Helvetica, Arial, "DejaVu Sans", ' + FONT;
  // The operators in words, under the symbol (a two-line axis label).
  var OPERATOR_LABELS = "datum.value === '≥' ? ['≥', '不低于'] : datum.value === '≤' ? ['≤', '不高于'] : " +
    "datum.value === '=' ? ['=', '等于'] : datum.value === '>' ? ['>', '高于'] : " +
    "datum.value === '<' ? ['<', '低于'] : datum.value";
  var SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"; // an identifier, never fetched
  var OPTIONS = { renderer: "svg", actions: false, config: {
    font: FONT, view: { stroke: null }, axis: { labelFont: FONT, titleFont: FONT, labelLimit: 180 },
    legend: { labelFont: FONT, titleFont: FONT }, bar: { color: "#3f72af" } } };

  // A fixed height per bar: Vega-Lite warns about a step height with a container width.
  function rowsHeight(count, step) { return Math.max(60, count * step); }

  // Room for the names beside the bars: at phone width a third of the chart, at most 180 px.
  function nameLimit(id) {
    var width = document.getElementById(id).clientWidth || 400;
    return Math.max(90, Math.min(180, Math.round(width * 0.34)));
  }

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
    document.getElementById("cq-summary").textContent = s.text;  // written by cqbudget_db.amounts
    var departments = data.departments.map(function (d) {
      return Object.assign({ href: departmentUrl + "?department=" + encodeURIComponent(d.department) }, d);
    });
    draw("chart-departments", {
      data: { values: departments },
      height: rowsHeight(departments.length, 16),
      mark: { type: "bar", tooltip: true },
      encoding: {
        y: { field: "department_short", type: "nominal", sort: "-x", title: null,
             axis: { labelLimit: nameLimit("chart-departments") } },
        x: { field: "total_yi", type: "quantitative", title: "预算合计（亿元）", axis: { tickCount: 5 } },
        href: { field: "href" },
        tooltip: [
          { field: "department", title: "部门" },
          { field: "fund_count", title: "专项数" },
          { field: "total_text", title: "预算合计" }
        ]
      }
    }, departments);
    draw("chart-split", {
      data: { values: data.departments },
      height: rowsHeight(data.departments.length, 16),
      transform: [
        { fold: ["city_spend_yi", "district_subsidy_yi"], as: ["part", "amount"] },
        { calculate: "datum.part === 'city_spend_yi' ? '市级支出' : '补助区县'", as: "部分" },
        { calculate: "datum.part === 'city_spend_yi' ? datum.city_spend_text : datum.district_subsidy_text",
          as: "amount_text" }
      ],
      mark: { type: "bar", tooltip: true },
      encoding: {
        y: { field: "department_short", type: "nominal", sort: "-x", title: null,
             axis: { labelLimit: nameLimit("chart-split") } },
        x: { field: "amount", type: "quantitative", stack: "zero", title: "亿元", axis: { tickCount: 5 } },
        color: { field: "部分", type: "nominal", scale: { range: ["#3f72af", "#f28e2b"] },
                 legend: { orient: "top", title: null } },
        tooltip: [
          { field: "department", title: "部门" },
          { field: "部分" },
          { field: "amount_text", title: "金额" }
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
        y: { field: "name", type: "nominal", sort: "-x", title: null,
             axis: { labelLimit: nameLimit("chart-largest") } },
        x: { field: "total_yi", type: "quantitative", title: "预算合计（亿元）", axis: { tickCount: 5 } },
        href: { field: "href" },
        tooltip: [
          { field: "seq", title: "序号" },
          { field: "name", title: "专项" },
          { field: "department_short", title: "部门" },
          { field: "total_text", title: "预算合计" },
          { field: "city_spend_text", title: "市级支出" },
          { field: "district_subsidy_text", title: "补助区县" }
        ]
      }
    }, funds);
    draw("chart-indicators", {
      data: { values: data.indicator_types },
      height: 240,
      mark: { type: "bar", tooltip: true },
      encoding: {
        x: { field: "op", type: "nominal", sort: ["≥", "≤", "=", ">", "<", "定性"],
             title: "指标性质",
             axis: { labelAngle: 0, labelFont: SYMBOL_FONT, labelFontSize: 13, labelExpr: OPERATOR_LABELS,
                     labelLineHeight: 16 } },
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
