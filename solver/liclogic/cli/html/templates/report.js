// liclogic report: filtering and sorting only; every report reads without it.
(function () {
  "use strict";
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  // the heatmap: hide the rows and columns of the licenses the filters leave out
  function filterMatrix() {
    var kind = document.getElementById("kind-filter"), family = document.getElementById("family-filter");
    if (!kind || !family) { return; }
    var out = {};
    all("[data-license]").forEach(function (el) {
      var hide = (kind.value && el.dataset.kind !== kind.value) ||
                 (family.value && el.dataset.family !== family.value);
      if (el.tagName === "TR") { el.hidden = !!hide; }
      if (hide) { out[el.dataset.license] = true; }
    });
    all("[data-column]").forEach(function (el) { el.hidden = !!out[el.dataset.column]; });
  }
  all("#kind-filter, #family-filter").forEach(function (el) { el.addEventListener("change", filterMatrix); });
  // a table: filter its rows by text and by verdict
  function filterTable() {
    var text = document.getElementById("table-filter"), verdict = document.getElementById("verdict-filter");
    var q = text ? text.value.toLowerCase() : "", v = verdict ? verdict.value : "";
    var shown = 0;
    all("table.filterable tbody tr").forEach(function (tr) {
      var hide = (q && tr.textContent.toLowerCase().indexOf(q) < 0) || (v && tr.dataset.verdict !== v);
      tr.hidden = !!hide;
      if (!hide) { shown += 1; }
    });
    var count = document.getElementById("shown-count");
    if (count) { count.textContent = String(shown); }
  }
  all("#table-filter, #verdict-filter").forEach(function (el) { el.addEventListener("input", filterTable); });
  // a table: sort by the column whose header is clicked (again: the other way)
  all("table.sortable th").forEach(function (th, col) {
    th.tabIndex = 0;
    th.title = "sort by this column";
    function sort() {
      var body = th.closest("table").tBodies[0];
      var dir = th.dataset.dir === "asc" ? -1 : 1;
      all("th", th.parentNode).forEach(function (h) { delete h.dataset.dir; });
      th.dataset.dir = dir === 1 ? "asc" : "desc";
      var rows = all("tr", body);
      function key(tr) { var td = tr.cells[col]; return td ? (td.dataset.sort || td.textContent.trim()) : ""; }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b), nx = Number(x), ny = Number(y);
        if (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) { return (nx - ny) * dir; }
        return x.localeCompare(y) * dir;
      });
      rows.forEach(function (tr) { body.appendChild(tr); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
  });
}());
