// The import page: poll the job's status and show its progress; reload when it is finished.
// Without JavaScript the page refreshes itself (a <noscript> meta refresh) instead.
(function () {
  "use strict";
  var job = document.querySelector(".job[data-status-url]");
  if (!job || job.dataset.finished === "true") return;
  var stage = job.querySelector(".job-stage");
  var bar = job.querySelector("progress");
  function poll() {
    fetch(job.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        if (s.finished) { window.location.reload(); return; }
        var pct = Math.round((s.progress || 0) * 100);
        if (stage) stage.textContent = (s.stage || "Waiting for the generator") + " — " + pct + "%";
        if (bar) { bar.value = pct; bar.textContent = pct + "%"; }
        window.setTimeout(poll, 700);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 300);
})();
