// The page around the viewer: the scenario chooser, the upload, the error
// line and the speed and frame-time readout. The viewer lives in the iframe
// and is reached through its global object engram (cmd/viewer/page_js.go).
"use strict";

const frame = document.getElementById("viewer");
const chooser = document.getElementById("scenario");
const upload = document.getElementById("upload");
const readout = document.getElementById("readout");
const errorLine = document.getElementById("error");

// The page's settings (?scenario=…&speed=…&script=…) go to the viewer.
frame.src = "viewer.html" + location.search;

function viewer() {
  const w = frame.contentWindow;
  return w && w.engram;
}

function showError(text) {
  errorLine.textContent = text || "";
  errorLine.hidden = !text;
}

function fmt(x, digits) {
  return Number.isFinite(x) ? x.toFixed(digits) : "–";
}

let ready = false;

function setUp(engram) {
  for (const name of engram.scenarios) {
    const o = document.createElement("option");
    o.value = o.textContent = name;
    chooser.append(o);
  }
  chooser.disabled = upload.disabled = false;
  chooser.addEventListener("change", () => {
    showError(engram.do("scenario=" + chooser.value));
    frame.focus();
  });
  upload.addEventListener("change", async () => {
    const f = upload.files[0];
    if (!f) return;
    showError(engram.load(await f.text(), f.name));
    upload.value = "";
    frame.focus();
  });
  frame.focus();
}

function tick() {
  const engram = viewer();
  const loadError = frame.contentWindow && frame.contentWindow.engramLoadError;
  if (loadError) showError(loadError);
  if (!engram || !engram.status) return;
  const s = engram.status;
  if (!ready && s.ready) {
    ready = true;
    setUp(engram);
  }
  if (s.error) showError(s.error);
  if (!s.ready) return;
  if (chooser.value !== s.scenario && [...chooser.options].some((o) => o.value === s.scenario)) {
    chooser.value = s.scenario;
  }
  const asked = s.speedAsked > 0 ? s.speedAsked + "×" : "as fast as possible";
  readout.innerHTML =
    `${s.scenario} · day ${s.day} of ${s.days} · ${s.paused ? "paused" : s.phase} · ` +
    `simulated speed <b id="sim-speed">${fmt(s.simSpeed, 3)}</b>× real time (asked ${asked}) · ` +
    `frame <b id="frame-median">${fmt(s.frameMedianMs, 1)}</b> ms median, ` +
    `<b id="frame-p95">${fmt(s.frameP95Ms, 1)}</b> ms p95 · ripples tonight <b id="ripples">${s.nightRipples}</b>`;
}

setInterval(tick, 250);
