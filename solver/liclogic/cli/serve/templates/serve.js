// The playground: post the spec to /api/playground after a pause and show what the server
// answers (diagnostics at their line, osd, compat, diff). No license logic runs here.
(function () {
  "use strict";
  var spec = document.getElementById("spec");
  if (!spec) { return; }
  var gutter = document.getElementById("gutter");
  var list = document.getElementById("diagnostics");
  var answers = document.getElementById("answers");
  var status = document.getElementById("status");
  var timer = null, sent = 0;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function drawGutter(bad) {
    gutter.textContent = "";
    var n = spec.value.split("\n").length;
    for (var i = 1; i <= n; i++) {
      var line = el("span", {"data-line": String(i)}, String(i));
      if (bad[i]) { line.className = "bad"; line.title = bad[i]; }
      gutter.appendChild(line);
      gutter.appendChild(document.createTextNode("\n"));
    }
  }
  function diagnostics(doc) {
    var s = doc.spec || {};
    var items = s.errors || s.findings || (s.error ? [s] : []);
    return items.map(function (d) {
      return {line: d.line || 0, column: d.column || 0, message: d.error || d.message,
              hint: d.hint, code: d.code};
    });
  }
  function verdict(title, d) {
    var box = el("div", {"class": "answer", "data-check": title});
    box.appendChild(el("h3", {}, title));
    var p = el("p", {"class": "summary"});
    var v = d.verdict || "error";
    p.appendChild(el("span", {"class": "verdict v-" + v}, v));
    p.appendChild(document.createTextNode(" " + (d.summary || d.error || "")));
    box.appendChild(p);
    return box;
  }
  function show(doc) {
    var found = diagnostics(doc), bad = {};
    list.textContent = "";
    found.forEach(function (d) {
      bad[d.line] = d.message;
      var li = el("li", {"data-line": String(d.line), "data-column": String(d.column)},
                  "playground.lic:" + d.line + ":" + d.column + ": " + (d.code ? d.code + " " : "") + d.message + (d.hint ? " (hint: " + d.hint + ")" : ""));
      list.appendChild(li);
    });
    if (!found.length) { list.appendChild(el("li", {"class": "clean"}, "no findings")); }
    drawGutter(bad);
    answers.textContent = "";
    [["osd", doc.osd], ["compat", doc.compat], ["diff", doc.diff]].forEach(function (x) {
      if (x[1]) { answers.appendChild(verdict(x[0], x[1])); }
    });
  }
  function check() {
    var mine = ++sent;
    status.textContent = "(checking…)";
    var body = {spec: spec.value, osd: document.getElementById("osd").checked};
    var c = document.getElementById("compat").value.trim();
    var d = document.getElementById("diff").value.trim();
    if (c) { body.compat = c; }
    if (d) { body.diff = d; }
    fetch("/api/playground", {method: "POST", headers: {"Content-Type": "application/json"},
                              body: JSON.stringify(body)})
      .then(function (r) { return r.json(); })
      .then(function (doc) {
        if (mine !== sent) { return; }
        status.textContent = "";
        if (doc.check !== "playground") { doc = {spec: doc}; }
        show(doc);
      })
      .catch(function (e) { status.textContent = "(" + e + ")"; });
  }
  function later() { clearTimeout(timer); timer = setTimeout(check, 400); drawGutter({}); }
  ["input", "change"].forEach(function (ev) {
    spec.addEventListener(ev, later);
    document.getElementById("compat").addEventListener(ev, later);
    document.getElementById("diff").addEventListener(ev, later);
    document.getElementById("osd").addEventListener(ev, later);
  });
  spec.addEventListener("scroll", function () { gutter.scrollTop = spec.scrollTop; });
  drawGutter({});
  check();
}());
