// Measures the viewer's page in Debian's headless Chromium (make web-measure):
// opens it with the given settings, lets it run, and prints what its
// readout and status show — simulated speed, frame time, Draw time, the
// worker's longest stall — once the run has gone on for the given seconds.
//
//   node measure.mjs [SECONDS] [QUERY]     e.g. node measure.mjs 120 "?speed=max"
//
// It serves web/ with cmd/serve on a free port. Nothing is asserted: the
// figures are measurements, as noisy as the machine is busy.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const out = join(root, "web/test/out");
mkdirSync(out, { recursive: true });
const seconds = Number(process.argv[2] || 60);
const query = process.argv[3] || "";

const bin = join(out, "serve");
execFileSync("go", ["build", "-o", bin, "./cmd/serve"], { cwd: root, stdio: "inherit" });
const server = spawn(bin, ["-addr", "127.0.0.1:0", "-dir", "web"], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((ok) => {
  let text = "";
  server.stdout.on("data", (d) => {
    text += d;
    const m = text.match(/http:\/\/\S+\//);
    if (m) ok(m[0]);
  });
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  chromiumSandbox: false,
  args: ["--use-angle=gl-egl", "--use-gl=angle", "--ignore-gpu-blocklist"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1320, height: 1060 } });
  const t0 = Date.now();
  await page.goto(url + query);
  const viewer = page.frame({ url: /viewer\.html/ });
  const status = () => viewer.evaluate(() => (globalThis.engram ? globalThis.engram.status : null));
  let st = null;
  while (!(st && st.ready && st.frame > 0)) {
    await page.waitForTimeout(250);
    st = await status();
  }
  const ready = (Date.now() - t0) / 1000;
  const start = { wall: Date.now(), simMs: st.simMs };
  const load = [loadavg()[0]];
  while (Date.now() - start.wall < seconds * 1000) {
    await page.waitForTimeout(5000);
    load.push(loadavg()[0]);
    st = await status();
    console.error(`${((Date.now() - start.wall) / 1000).toFixed(0)} s: t = ${(st.simMs / 1000).toFixed(2)} s, ${st.phase}, ` +
      `${st.simSpeed.toFixed(3)}×, frame ${st.frameMedianMs.toFixed(0)} ms, worker stall ${st.workerStallMs.toFixed(0)} ms`);
  }
  const num = async (id) => Number(await page.locator(id).textContent());
  const wall = (Date.now() - start.wall) / 1000;
  console.log(JSON.stringify({
    query, secondsToFirstFrame: ready, wallSeconds: wall,
    simSpeedOverRun: (st.simMs - start.simMs) / 1000 / wall,
    readout: { simSpeedLast10s: await num("#sim-speed"), frameMedianMs: await num("#frame-median"), frameP95Ms: await num("#frame-p95") },
    drawMedianMs: st.drawMedianMs, drawP95Ms: st.drawP95Ms, fps: st.fps, workerStallMs: st.workerStallMs,
    snapshotEncodeMs: st.encodeMs, snapshotDecodeMs: st.decodeMs, snapshotBytes: st.snapshotBytes,
    phase: st.phase, day: st.day, simMs: st.simMs, loadAverage: load.map((x) => +x.toFixed(1)),
  }, null, 1));
} finally {
  await browser.close();
  server.kill();
}
