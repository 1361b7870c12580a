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
