// Progressive enhancement: rows of reports that are queued or being built poll their status
// and update in place; without JavaScript a page reload shows the same.
(function () {
  "use strict";
  var rows = document.querySelectorAll("tr[data-report]");
  function active(row) {
    var s = row.getAttribute("data-status");
    return s === "queued" || s === "building";
  }
  function update(row, data) {
    row.setAttribute("data-status", data.status);
    var cell = row.querySelector(".js-status");
    cell.textContent = "";
    if (data.download) {
      var a = document.createElement("a");
      a.className = "utrecht-link";
      a.href = data.download;
      a.textContent = "Download PDF";
      cell.appendChild(a);
    } else {
      cell.textContent = data.label + (data.error ? ": " + data.error : "");
    }
    if (data.pages) row.querySelector(".js-pages").textContent = data.pages;
    if (data.size) row.querySelector(".js-size").textContent = Math.round(data.size / 1024) + " KB";
    if (data.sha256) row.querySelector(".js-sha").textContent = data.sha256;
  }
  function poll() {
    var pending = Array.prototype.filter.call(rows, active);
    if (!pending.length) return;
    pending.forEach(function (row) {
      fetch(row.getAttribute("data-status-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) update(row, data); })
        .catch(function () {});
    });
    window.setTimeout(poll, 2000);
  }
  window.setTimeout(poll, 1500);
})();
