// A Web Worker that steps one run of Engram for the viewer: it runs
// worker.wasm (cmd/webworker). The first message brings the compiled module;
// messages that arrive before the Go side is ready wait in a queue.
"use strict";

importScripts("wasm_exec.js");

let handle = null;
const queue = [];

self.engramWorkerReady = (h) => {
  handle = h;
  for (const m of queue.splice(0)) handle(m);
};

self.onmessage = (e) => {
  const m = e.data;
  if (m.type === "module") {
    const go = new Go();
    go.argv = ["webworker"];
    WebAssembly.instantiate(m.module, go.importObject)
      .then((instance) => go.run(instance))
      .catch((err) => self.postMessage({ type: "error", text: "the run could not start: " + err }));
    return;
  }
  if (handle) handle(m);
  else queue.push(m);
};
