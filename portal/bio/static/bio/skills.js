// Skill suggestions for the comma-separated skills input: the last typed name is completed from the API.
(function () {
  var list = document.getElementById("skill-suggestions");
  var input = document.querySelector('input[list="skill-suggestions"]');
  if (!list || !input) {
    return;
  }
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var parts = input.value.split(",");
      var last = parts.pop().trim();
      if (last.length < 2) {
        return;
      }
      var prefix = parts.length ? parts.join(",") + ", " : "";
      fetch(list.dataset.source + "?q=" + encodeURIComponent(last), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (skills) {
          list.replaceChildren();
          skills.forEach(function (skill) {
            var option = document.createElement("option");
            option.value = prefix + skill.name;
            list.appendChild(option);
          });
        });
    }, 300);
  });
})();
