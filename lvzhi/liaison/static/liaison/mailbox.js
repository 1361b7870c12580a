// The mailbox form: keeps a draft on the phone (a refused or interrupted letter is never lost), and before
// sending finds the counter whose sha256 with the page's challenge starts with the required zero bits.
(function () {
  "use strict";
  var form = document.getElementById("letter-form");
  if (!form) return;
  var bits = parseInt(form.dataset.bits, 10) || 0;
  var key = "lvzhi-letter:" + location.pathname;
  var fields = ["kind", "title", "content", "writer_name", "phone"];
  var progress = document.getElementById("letter-progress");

  try {
    var saved = JSON.parse(localStorage.getItem(key) || "{}");
    fields.forEach(function (name) {
      var input = form.elements[name];
      if (input && !input.value && saved[name]) input.value = saved[name];
    });
  } catch (e) { /* private mode: no draft */ }

  form.addEventListener("input", function () {
    var draft = {};
    fields.forEach(function (name) { if (form.elements[name]) draft[name] = form.elements[name].value; });
    try { localStorage.setItem(key, JSON.stringify(draft)); } catch (e) { /* quota or private mode */ }
  });

  function zeroBits(bytes) {
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { count++; b <<= 1; }
      return count;
    }
    return count;
  }

  var solving = false;
  form.addEventListener("submit", function (event) {
    if (form.elements.solution.value) return;  // the draft is cleared by the letter's page, once stored
    event.preventDefault();
    if (solving) return;
    solving = true;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    progress.textContent = "正在提交，请稍候…";
    var challenge = form.elements.challenge.value;
    var counter = 0;
    // Not within this submit event: a browser ignores a form submitted again while its submit event runs.
    setTimeout(function step() {
      var until = counter + 4000;
      for (; counter < until; counter++) {
        if (zeroBits(sha256.array(challenge + ":" + counter)) >= bits) {
          form.elements.solution.value = String(counter);
          button.disabled = false;
          solving = false;
          form.requestSubmit ? form.requestSubmit(button) : form.submit();
          return;
        }
      }
      setTimeout(step, 0);
    }, 0);
  });
})();
