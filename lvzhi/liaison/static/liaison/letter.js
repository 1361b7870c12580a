// The letter is safely stored: forget the copy the mailbox page kept on this phone in case the send failed.
(function () {
  var el = document.querySelector("[data-forget-draft]");
  if (!el) return;
  try {
    localStorage.removeItem(el.dataset.forgetDraft);
  } catch (e) {}
})();
