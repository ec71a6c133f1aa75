// The article editor: live server-rendered preview, image upload inserted as Markdown, tag suggestions.
// No inline script (CSP): the addresses come from data- attributes of the form.
(function () {
  "use strict";
  var form = document.getElementById("blog-editor-form");
  if (!form) return;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var source = form.querySelector("textarea[name=content]");
  var preview = document.getElementById("blog-preview");
  var timer = null;

  function post(url, body) {
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrf } });
  }

  function refreshPreview() {
    var body = new FormData();
    body.append("content", source.value);
    post(form.dataset.previewUrl, body)
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { preview.innerHTML = html; }); // sanitised by the server (nh3)
  }

  if (source && preview) {
    source.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refreshPreview, 400);
    });
  }

  var insert = document.getElementById("blog-image-insert");
  var status = document.getElementById("blog-image-status");
  if (insert) {
    insert.addEventListener("click", function () {
      var file = document.getElementById("blog-image-file").files[0];
      if (!file) { status.textContent = insert.dataset.empty || "—"; return; }
      var body = new FormData();
      body.append("image", file);
      body.append("alt", document.getElementById("blog-image-alt").value);
      post(form.dataset.uploadUrl, body)
        .then(function (response) { return response.json().then(function (data) { return [response.ok, data]; }); })
        .then(function (result) {
          if (!result[0]) { status.textContent = [].concat(result[1].image || []).join(" "); return; }
          var at = source.selectionStart || source.value.length;
          source.value = source.value.slice(0, at) + "\n" + result[1].markdown + "\n" + source.value.slice(at);
          status.textContent = result[1].markdown;
          refreshPreview();
        });
    });
  }

  var tags = form.querySelector("input[name=tags]");
  var list = document.getElementById("blog-tag-suggestions");
  if (tags && list) {
    tags.addEventListener("input", function () {
      var parts = tags.value.split(",");
      var term = parts[parts.length - 1].trim();
      if (term.length < 2) return;
      var prefix = parts.slice(0, -1).map(function (part) { return part.trim(); }).filter(Boolean);
      fetch(form.dataset.tagsUrl + "?q=" + encodeURIComponent(term), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          list.replaceChildren();
          data.results.forEach(function (name) {
            var option = document.createElement("option");
            option.value = prefix.concat([name]).join(", ");
            list.appendChild(option);
          });
        });
    });
  }
})();
