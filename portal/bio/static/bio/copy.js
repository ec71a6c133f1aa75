// Copy buttons of the bio card: <button data-copy-target="id-of-the-text" data-copied="id-of-the-status">.
document.querySelectorAll("[data-copy-target]").forEach(function (button) {
  button.addEventListener("click", function () {
    var text = document.getElementById(button.dataset.copyTarget).textContent;
    navigator.clipboard.writeText(text).then(function () {
      var status = document.getElementById(button.dataset.copied);
      if (status) {
        status.hidden = false;
      }
    });
  });
});
