/* Polls the progress of "apply the default space to everybody" and updates the progress bar, until it ends. */
(function () {
  "use strict";
  var box = document.getElementById("apply-progress");
  if (!box || box.hidden) return;
  var bar = document.getElementById("apply-progress-bar");
  var text = document.getElementById("apply-progress-text");
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        bar.value = data.percent;
        bar.textContent = data.percent + " %";
        text.textContent = data.message;
        if (data.status === "pending" || data.status === "running") window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
})();
