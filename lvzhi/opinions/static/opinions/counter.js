// Live length against the guide (一事一报): a hint while writing; the service enforces the hard limit.
(function () {
  var words = JSON.parse(document.getElementById("counter-words").textContent);
  document.querySelectorAll("[data-counter-for]").forEach(function (hint) {
    var area = document.getElementById(hint.dataset.counterFor), guide = +hint.dataset.guide;
    if (!area) return;
    function show() {
      var n = area.value.length;
      hint.textContent = words.written + " " + n + " " + words.chars + (n > guide ? words.over : "");
      hint.classList.toggle("text-danger", n > guide);
    }
    area.addEventListener("input", show);
    show();
  });
})();
