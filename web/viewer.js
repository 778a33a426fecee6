// Starts Engram's viewer: runs engram.wasm on this page's thread (the
// viewer: drawing and input) and gives each Web Worker the viewer starts
// for a run (worker.js) the compiled worker.wasm.
"use strict";

(async () => {
  const [viewer, worker] = await Promise.all([
    WebAssembly.compileStreaming(fetch("engram.wasm")),
    WebAssembly.compileStreaming(fetch("worker.wasm")),
  ]);
  // Called by the viewer (cmd/viewer/remote_js.go) for each run it starts.
  globalThis.engramStartWorker = () => {
    const w = new Worker("worker.js");
    w.postMessage({ type: "module", module: worker });
    return w;
  };
  const go = new Go();
  go.argv = ["viewer"];
  const instance = await WebAssembly.instantiate(viewer, go.importObject);
  go.run(instance).then(() => { globalThis.engramLoadError = "the viewer stopped"; });
  // Keys reach the viewer once its canvas has the focus.
  const focus = setInterval(() => {
    const c = document.querySelector("canvas");
    if (c) { c.focus(); clearInterval(focus); }
  }, 100);
})().catch((e) => {
  globalThis.engramLoadError = "the viewer could not start: " + e;
  console.error(e);
});
