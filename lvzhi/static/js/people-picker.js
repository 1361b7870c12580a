// The people picker (选人): search as you type, pick one person or every match of a filter, remove with ×.
// Each chosen person is a hidden input in the form, in the order chosen; a "people-change" event tells
// whatever previews the choice (e.g. the invitation's capacity check) to look again.
(function () {
  const DELAY_MS = 250;

  function setUp(root) {
    const name = root.dataset.name;
    const chosen = root.querySelector("[data-chosen]");
    const count = root.querySelector("[data-chosen-count]");
    const clear = root.querySelector("[data-clear]");
    const results = root.querySelector("[data-results]");
    // The search boxes have no name: they steer the search and are never posted with the form.
    const fields = root.querySelectorAll("[data-param]");
    const countText = count.textContent.replace(/\d+/, "{n}");
    let timer = null;
    let asked = 0;

    const has = (id) => chosen.querySelector(`[data-chip="${id}"]`) !== null;

    function changed() {
      const n = chosen.querySelectorAll("[data-chip]").length;
      count.textContent = countText.replace("{n}", n);
      clear.hidden = n === 0;
      results.querySelectorAll("[data-pick]").forEach((button) => {
        button.disabled = has(button.dataset.pick);
      });
      root.dispatchEvent(new CustomEvent("people-change", { bubbles: true }));
    }

    function chip(id, label) {
      if (has(id)) return;
      const span = document.createElement("span");
      span.className = "badge rounded-pill text-bg-light border fs-6 fw-normal";
      span.dataset.chip = id;
      span.append(label);
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = id;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn-close ms-1";
      remove.style.fontSize = ".6rem";
      remove.dataset.unpick = id;
      remove.setAttribute("aria-label", `${root.dataset.removeLabel} ${label}`);
      span.append(input, remove);
      clear.before(span);
    }

    async function search() {
      const params = new URLSearchParams();
      fields.forEach((field) => { if (field.value) params.set(field.dataset.param, field.value); });
      const mine = ++asked;
      const response = await fetch(`${root.dataset.searchUrl}?${params}`);
      if (mine !== asked) return; // a later search has been sent: its answer wins
      results.innerHTML = response.ok ? await response.text() : "";
      changed();
    }

    fields.forEach((field) => {
      field.addEventListener(field.tagName === "SELECT" ? "change" : "input", () => {
        clearTimeout(timer);
        timer = setTimeout(search, DELAY_MS);
      });
      // Enter in the search box searches; it must not submit the surrounding form.
      field.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); search(); } });
    });

    root.addEventListener("click", (event) => {
      const pick = event.target.closest("[data-pick]");
      const unpick = event.target.closest("[data-unpick]");
      if (pick) {
        chip(pick.dataset.pick, pick.dataset.pickName);
      } else if (unpick) {
        chosen.querySelector(`[data-chip="${unpick.dataset.unpick}"]`).remove();
      } else if (event.target.closest("[data-pick-all]")) {
        const everyone = results.querySelector("template[data-all]");
        everyone.content.querySelectorAll("i").forEach((item) => chip(item.dataset.id, item.dataset.name));
      } else if (event.target.closest("[data-clear]")) {
        chosen.querySelectorAll("[data-chip]").forEach((item) => item.remove());
      } else {
        return;
      }
      changed();
    });
  }

  document.querySelectorAll("[data-people-picker]").forEach(setUp);
})();
