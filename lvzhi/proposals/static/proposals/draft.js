// The draft saves itself: every change is kept in localStorage at once and sent to the server shortly after;
// the local copy is dropped only when the server has stored that very text, so a dropped connection loses nothing.
(function () {
  const form = document.getElementById("draft-form");
  if (!form) return;
  const key = form.dataset.key;
  const guide = parseInt(form.dataset.guide, 10);
  const state = document.getElementById("save-state");
  const fields = ["title", "category", "content"].map((name) => form.elements[name]);
  const csrf = form.elements.csrfmiddlewaretoken.value;
  let timer = null;
  let sending = false;

  const snapshot = () => Object.fromEntries(fields.map((f) => [f.name, f.value]));
  const say = (text, bad) => {
    state.textContent = text;
    state.classList.toggle("text-danger", !!bad);
  };
  const count = () => {
    const n = form.elements.content.value.replace(/\s/g, "").length;
    document.getElementById("content-count").textContent = n;
    document.getElementById("content-long").classList.toggle("d-none", n <= guide);
  };

  async function save() {
    if (sending) { schedule(); return; }
    const data = snapshot();
    sending = true;
    say("正在保存…");
    try {
      const body = new URLSearchParams(data);
      const response = await fetch(form.dataset.autosave, {
        method: "POST",
        headers: { "X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded" },
        body,
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (!response.ok) {
        say(answer.error ? answer.error.message : "保存失败，内容已保留在本机", true);
        return;
      }
      const stored = JSON.parse(localStorage.getItem(key) || "null");
      if (stored && JSON.stringify(stored) === JSON.stringify(data)) localStorage.removeItem(key);
      say("已保存 " + answer.saved_at);
    } catch (error) {
      say("网络中断，内容已保留在本机，恢复后自动保存", true);
      schedule(5000);
    } finally {
      sending = false;
    }
  }
  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay || 1200);
  }
  function changed() {
    localStorage.setItem(key, JSON.stringify(snapshot()));
    say("未保存");
    count();
    schedule();
  }

  // A copy left from a visit whose save never arrived wins over the server's older text, and is saved now.
  const left = JSON.parse(localStorage.getItem(key) || "null");
  if (left && JSON.stringify(left) !== JSON.stringify(snapshot())) {
    fields.forEach((f) => { if (typeof left[f.name] === "string") f.value = left[f.name]; });
    say("已恢复本机未保存的内容");
    schedule(300);
  }
  fields.forEach((f) => f.addEventListener("input", changed));
  fields.forEach((f) => f.addEventListener("change", changed));
  window.addEventListener("online", () => { if (localStorage.getItem(key)) save(); });
  count();
})();
