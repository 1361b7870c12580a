// Register the service worker so the member portal can be installed on a phone's home screen.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}

// A button with data-confirm asks before a hard-to-undo move, in words that say what will change.
// Caught on the way down (capture), so neither the form nor htmx sees a click the user took back.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
// A page whose content expires (the member's check-in code) fetches a fresh one when it does, and only while it is
// in view: a phone left in a pocket reloads when it is looked at again. (A <meta refresh> reloads regardless.)
document.querySelectorAll("[data-lz-reload-after]").forEach((el) => {
  const seconds = parseInt(el.dataset.lzReloadAfter, 10);
  if (!(seconds > 0)) return;
  const due = Date.now() + seconds * 1000;
  const reloadIfDue = () => {
    if (Date.now() >= due && document.visibilityState === "visible") location.reload();
  };
  setTimeout(reloadIfDue, seconds * 1000);
  document.addEventListener("visibilitychange", reloadIfDue);
});

// Page behaviour declared with data attributes: the Content-Security-Policy allows no inline script or handler.
// data-confirm on a form (rather than on its button, handled above): ask before submitting.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// data-autosubmit on a select: choosing submits its form.
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.requestSubmit();
  }
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy], [data-fullscreen], [data-print]");
  if (!button) {
    return;
  }
  // data-copy="id": copy that field's value, then say so with data-copied.
  if (button.dataset.copy && navigator.clipboard) {
    const field = document.getElementById(button.dataset.copy);
    navigator.clipboard.writeText(field.value).then(() => {
      button.textContent = button.dataset.copied;
    });
  }
  // data-fullscreen="id": show that element full screen (the venue code on a projector).
  if (button.dataset.fullscreen) {
    document.getElementById(button.dataset.fullscreen).requestFullscreen();
  }
  // data-print: print the page (the sign-in sheet).
  if (button.hasAttribute("data-print")) {
    window.print();
  }
});
