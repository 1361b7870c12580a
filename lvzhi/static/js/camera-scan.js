// Staff scan a member's QR with the device's camera. Frames are decoded in the page by jsQR (served
// by Lvzhi, no outside service); a code found is put in the form's box and submitted, exactly as a
// USB scanner would type it, so both paths meet in one server check.
(function () {
  const root = document.querySelector("[data-camera-scan]");
  if (!root) return;
  const form = document.getElementById(root.dataset.form);
  const input = form.querySelector("input[name=code]");
  const video = root.querySelector("video");
  const startButton = root.querySelector("[data-start]");
  const stopButton = root.querySelector("[data-stop]");
  const status = root.querySelector("[data-camera-status]");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const SAME_CODE_PAUSE_MS = 5000; // a phone held in front of the camera is read once, not ten times a second
  let stream = null;
  let lastCode = "";
  let lastAt = 0;

  async function start() {
    if (!window.isSecureContext) { status.textContent = root.dataset.msgInsecure; return; }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { status.textContent = root.dataset.msgUnsupported; return; }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (error) {
      status.textContent = root.dataset.msgDenied;
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    startButton.hidden = true;
    stopButton.hidden = false;
    status.textContent = root.dataset.msgScanning;
    await video.play();
    requestAnimationFrame(look);
  }

  function stop() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    startButton.hidden = false;
    stopButton.hidden = true;
    status.textContent = "";
  }

  function look() {
    if (!stream) return;
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      const now = Date.now();
      if (found && found.data && (found.data !== lastCode || now - lastAt > SAME_CODE_PAUSE_MS)) {
        lastCode = found.data;
        lastAt = now;
        status.textContent = root.dataset.msgFound;
        input.value = found.data;
        form.requestSubmit();
      }
    }
    setTimeout(() => requestAnimationFrame(look), 150);
  }

  // After each answer the box is emptied for the next member, and the scanner gun types into it again.
  form.addEventListener("htmx:afterRequest", (event) => {
    if (!event.detail.successful) return;
    input.value = "";
    input.classList.remove("is-invalid");
    if (stream) status.textContent = root.dataset.msgScanning;
    else input.focus();
  });
  startButton.addEventListener("click", start);
  stopButton.addEventListener("click", stop);
})();
