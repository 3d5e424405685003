/* cqbudget: small reading aids on Datasette's own pages (tables, rows, canned queries).
   Everything here only rearranges what the server sent; without JavaScript the pages
   show the same information, unfolded. */
(function () {
  "use strict";
  var WIDE = "(min-width: 900px)";

  function fold(element, summaryText, open, className) {
    if (!element || element.closest("details.cq-fold")) { return null; }
    var details = document.createElement("details");
    details.className = "cq-fold " + (className || "");
    var summary = document.createElement("summary");
    summary.textContent = summaryText;
    details.appendChild(summary);
    element.parentNode.insertBefore(details, element);
    details.appendChild(element);
    details.open = !!open;
    return details;
  }

  // What the columns mean: folded, so the rows come first.
  function foldColumnDescriptions() {
    var list = document.querySelector("dl.column-descriptions");
    if (!list) { return; }
    var count = list.querySelectorAll("dt").length;
    fold(list, "列说明 What the columns mean（" + count + " 列）", false, "cq-columns");
  }

  // Facets: open beside a wide table, folded on a phone so the rows stay on the first screen.
  function foldFacets() {
    var facets = document.querySelector(".facet-results");
    if (!facets || !facets.querySelector(".facet-info")) { return; }
    var names = Array.prototype.map.call(facets.querySelectorAll(".facet-info"), function (info) {
      return info.getAttribute("data-column");
    }).filter(Boolean);
    var selected = facets.querySelector(".facet-info ul a.cross");  // a value is chosen
    fold(facets, "分组计数 Facets: " + names.join(", "), selected || window.matchMedia(WIDE).matches,
         "cq-facets");
  }

  // Long text cut to a few lines on table and query pages: a click shows all of it.
  function unfoldLongText() {
    document.addEventListener("click", function (event) {
      var cell = event.target.closest && event.target.closest(".cq-long");
      if (cell && !event.target.closest("a")) { cell.classList.toggle("cq-open"); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.classList && event.target.classList.contains("cq-long")) {
        event.target.classList.toggle("cq-open");
      }
    });
  }

  // Canned queries: each parameter box labelled in words, with an example as placeholder.
  function labelParameters() {
    Array.prototype.forEach.call(document.querySelectorAll("dl.cq-params dt[data-param]"), function (dt) {
      var input = document.querySelector('form.sql input[name="' + dt.getAttribute("data-param") + '"]');
      if (!input) { return; }
      var label = input.id && document.querySelector('label[for="' + input.id + '"]');
      if (label) {
        label.textContent = dt.textContent.trim();
        label.title = dt.getAttribute("data-param");
      }
      if (!input.placeholder) { input.placeholder = "例如 " + dt.getAttribute("data-example"); }
    });
  }

  // Column labels in Chinese: under each column name, and before each value on a phone
  // (where Datasette shows every row as a card).  A table's own column descriptions come
  // first; query results take the metric registry's labels (window.cqbudgetLabels).
  function descriptionHead(text) {
    var head = (text || "").split(/[：（，(,]/)[0].trim();
    return head.length && head.length <= 16 ? head : "";
  }

  function labelColumns() {
    var table = document.querySelector("table.rows-and-columns");
    if (!table) { return; }
    var registry = window.cqbudgetLabels || {};
    var labels = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      var column = th.getAttribute("data-column") || th.textContent.trim();
      var label = descriptionHead(th.getAttribute("data-column-description")) || registry[column] || "";
      if (label && label !== column) {
        var small = document.createElement("span");
        small.className = "cq-th-label";
        small.textContent = label;
        th.appendChild(small);
      }
      return label || column;
    });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr) {
      Array.prototype.forEach.call(tr.children, function (td, index) {
        if (labels[index]) { td.setAttribute("data-label", labels[index]); }
      });
    });
  }

  function ready() {
    labelColumns();
    foldColumnDescriptions();
    foldFacets();
    labelParameters();
    unfoldLongText();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
