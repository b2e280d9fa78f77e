// Polls the import job's status endpoint and moves the progress bar; reloads the page when finished.
(function () {
  var box = document.getElementById("import-job");
  if (!box || box.dataset.finished === "1") { return; }
  var bar = document.getElementById("job-progress");
  var status = document.getElementById("job-status");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        bar.value = data.percent;
        bar.textContent = data.percent + "%";
        status.textContent = data.status_display;
        document.getElementById("job-done").textContent = data.processed;
        document.getElementById("job-total").textContent = data.total;
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
