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
