// Engram's web page and a run's report.html in a real browser: Debian's
// Chromium, headless, driven by playwright-core (make web-test).
//
// Environment: CHROMIUM (default /usr/bin/chromium); REPORT_DIR, a results
// folder whose report.html to open (default: a short day-night run made
// here); WEB_SHOTS, a folder to copy the screenshots to (make web-shots
// writes docs/). Screenshots and the measured figures go to web/test/out/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync, copyFileSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { decodePNG, countColour, distinctColours } from "./png.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const out = join(root, "web/test/out");
mkdirSync(out, { recursive: true });

// The viewer's shading of a detected sharp-wave ripple on the field
// potential (viz/live/theme.go: shadeSWROnPanel), and its accent colour,
// which edges a tooltip (viz.Orange).
const RIPPLE_SHADE = [118, 88, 21];
const ACCENT = [230, 159, 0];

// WebGL through Mesa's llvmpipe (the renderer the desktop viewer gets under
// Xvfb) instead of Chromium's default SwiftShader, about 4× slower here.
const GL_ARGS = ["--use-angle=gl-egl", "--use-gl=angle", "--ignore-gpu-blocklist"];

let browser;
const servers = [];
const figures = {};

/** serve starts cmd/serve on a free port for dir and returns its URL. */
async function serve(dir) {
  const bin = join(out, "serve");
  execFileSync("go", ["build", "-o", bin, "./cmd/serve"], { cwd: root, stdio: "inherit" });
  const p = spawn(bin, ["-addr", "127.0.0.1:0", "-dir", dir], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  servers.push(p);
  return new Promise((ok, fail) => {
    let text = "";
    p.stdout.on("data", (d) => {
      text += d;
      const m = text.match(/http:\/\/\S+\//);
      if (m) ok(m[0]);
    });
    p.on("exit", (code) => fail(new Error(`serve ${dir} exited ${code}`)));
  });
}

/** watch collects a page's errors: uncaught exceptions, console errors and
 * failed requests (but a browser's own request for /favicon.ico). */
function watch(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

/** keep copies a screenshot to WEB_SHOTS, if set. */
function keep(file, name) {
  if (process.env.WEB_SHOTS) copyFileSync(file, join(resolve(root, process.env.WEB_SHOTS), name));
}

/** waitStatus polls the viewer's engram.status until ok(status), or fails after ms. */
async function waitStatus(frame, what, ms, ok) {
  const end = Date.now() + ms;
  let st = null;
  while (Date.now() < end) {
    st = await frame.evaluate(() => (globalThis.engram ? globalThis.engram.status : null));
    if (st && st.error && st.error !== "") throw new Error(`${what}: the page reports ${st.error}`);
    if (st && ok(st)) return st;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${ms / 1000} s; status ${JSON.stringify(st)}`);
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    chromiumSandbox: false, // as root, as CI runs
    args: GL_ARGS,
  });
});

after(async () => {
  if (browser) await browser.close();
  for (const p of servers) p.kill();
  writeFileSync(join(out, "figures.json"), JSON.stringify(figures, null, 2) + "\n");
  console.log("figures:", JSON.stringify(figures));
});

test("the viewer's page: frames, sleep by script, a detected ripple, the readout, uploads", { timeout: process.env.WEB_SHOTS ? 3_600_000 : 900_000 }, async () => {
  const url = await serve("web");
  const page = await browser.newPage({ viewport: { width: 1320, height: 1060 } });
  const errors = watch(page);

  const t0 = Date.now();
  // The page's address takes the desktop viewer's settings: as fast as it
  // runs, and the -script action that ends the day at 1.2 s simulated.
  await page.goto(url + "?speed=max&script=" + encodeURIComponent("sleep@1.2s"));
  const viewer = page.frame({ url: /viewer\.html/ });
  assert.ok(viewer, "the page has the viewer's frame");
  figures.renderer = await viewer.evaluate(() => {
    const gl = document.createElement("canvas").getContext("webgl2");
    const info = gl && gl.getExtension("WEBGL_debug_renderer_info");
    return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : "no WebGL2";
  });

  // Frames: the viewer draws and the run's simulated time goes on.
  const first = await waitStatus(viewer, "the first frames", 300_000, (s) => s.ready && s.frame >= 10 && s.simMs > 0);
  figures.secondsToFirstFrames = (Date.now() - t0) / 1000;
  assert.equal(first.scenario, "day-night");
  assert.equal(first.phase, "awake");
  const awakeShot = join(out, "page-awake.png");
  await page.locator("#viewer").screenshot({ path: awakeShot });
  const awakeShade = countColour(decodePNG(readFileSync(awakeShot)), RIPPLE_SHADE);

  // Commands through engram.do, the -script language's actions.
  const engramDo = (a) => viewer.evaluate((x) => globalThis.engram.do(x), a);
  assert.match(await engramDo("speed=20"), /0\.01 … 10/);
  assert.match(await engramDo("dance"), /unknown/);
  assert.match(await engramDo("scenario=coba"), /not a shipped scenario a live run can show/);

  // The script switches to sleep at 1.2 s; the night's first ripple is
  // detected by the detector that writes swr_events.csv.
  const night = await waitStatus(viewer, "sleep", 600_000, (s) => s.phase === "sleep");
  assert.ok(night.simMs >= 1200 && night.simMs < 1500, `asleep at ${night.simMs} ms, want just after 1200`);
  let ripple = await waitStatus(viewer, "a detected ripple", 600_000, (s) => s.nightRipples > 0 || s.phase !== "sleep");
  assert.equal(ripple.phase, "sleep", "the night ended without a detected ripple");
  if (process.env.WEB_SHOTS) {
    // The documentation's screenshot shows a ripple whose decoded content
    // is a significant replay (the first ripples of a night may not be).
    ripple = await waitStatus(viewer, "a significant replay", 1_800_000, (s) => s.replay || s.phase !== "sleep");
    assert.equal(ripple.phase, "sleep", "the night ended without a significant replay");
    await page.waitForTimeout(600); // the readout refreshes every 250 ms
  }

  // The page's own figures, as the readout shows them.
  const num = async (id) => Number(await page.locator(id).textContent());
  Object.assign(figures, {
    simSpeed: await num("#sim-speed"), frameMedianMs: await num("#frame-median"), frameP95Ms: await num("#frame-p95"),
    drawMedianMs: ripple.drawMedianMs, drawP95Ms: ripple.drawP95Ms, fps: ripple.fps, achievedLastSecond: ripple.achieved,
    snapshotEncodeMs: ripple.encodeMs, snapshotDecodeMs: ripple.decodeMs, snapshotBytes: ripple.snapshotBytes,
    simMsAtRipple: ripple.simMs, secondsToRipple: (Date.now() - t0) / 1000,
  });
  for (const k of ["simSpeed", "frameMedianMs", "frameP95Ms"]) {
    assert.ok(Number.isFinite(figures[k]) && figures[k] > 0, `readout ${k} = ${figures[k]}`);
  }
  const full = join(out, "page.png"); // the whole page, its readout running
  await page.screenshot({ path: full });
  keep(full, "web-viewer.png");

  // Pause (engram.do), and the paused frame shows the ripple shaded.
  assert.equal(await engramDo("pause"), "");
  const paused = await waitStatus(viewer, "pause", 60_000, (s) => s.paused);
  await waitStatus(viewer, "frames while paused", 60_000, (s) => s.frame >= paused.frame + 3);
  const shot = join(out, "page-replay.png");
  await page.locator("#viewer").screenshot({ path: shot });
  const img = decodePNG(readFileSync(shot));
  const shade = countColour(img, RIPPLE_SHADE);
  figures.rippleShadePixels = { awake: awakeShade, atRipple: shade };
  assert.ok(awakeShade < 50, `${awakeShade} pixels of ripple shading while awake, before any ripple`);
  assert.ok(shade >= 50, `${shade} pixels of ripple shading after a detected ripple, want ≥ 50`);
  assert.ok(distinctColours(img) > 50, "the viewer's frame has too few colours to be drawn");

  // Keys: Space runs the paused run. Hover: a panel explains itself.
  // A key is held over a few frames, as a hand does: a press and release
  // between two frames is not seen.
  const canvas = viewer.locator("canvas");
  await canvas.click({ position: { x: 640, y: 30 } }); // the title line: no control there
  const press = async (key) => {
    const before = await viewer.evaluate(() => globalThis.engram.status.frame);
    await page.keyboard.down(key);
    await waitStatus(viewer, "frames with " + key + " down", 60_000, (s) => s.frame >= before + 3);
    await page.keyboard.up(key);
  };
  await press("Space");
  await waitStatus(viewer, "Space: run", 60_000, (s) => !s.paused);
  assert.equal(await engramDo("pause"), "");
  const again = await waitStatus(viewer, "pause again", 60_000, (s) => s.paused);
  const box = await page.locator("#viewer").boundingBox();
  await page.mouse.move(box.x + 300, box.y + 600);
  await page.mouse.move(box.x + 320, box.y + 620); // the field potential's panel
  await waitStatus(viewer, "frames after the hover", 60_000, (s) => s.frame >= again.frame + 3);
  const hover = join(out, "page-hover.png");
  await page.locator("#viewer").screenshot({ path: hover });
  const edged = countColour(decodePNG(readFileSync(hover)), ACCENT) - countColour(img, ACCENT);
  figures.tooltipAccentPixels = edged;
  assert.ok(edged > 400, `hovering over a panel added ${edged} pixels of the tooltip's edge, want > 400`);

  // A bad upload: the page shows the loader's message, the one simulate prints.
  const bad = join(out, "bad.toml");
  writeFileSync(bad, 'name = "bad"\nmodel = "day-night"\n[brain]\nsleep_ms = -5\n');
  execFileSync("go", ["build", "-o", join(out, "simulate"), "./cmd/simulate"], { cwd: root, stdio: "inherit" });
  const sim = spawnSync(join(out, "simulate"), ["bad.toml"], { cwd: out, encoding: "utf8" });
  assert.equal(sim.status, 2, `simulate bad.toml: exit ${sim.status}, ${sim.stderr}`);
  const want = sim.stderr.trim().replace(/^simulate: /, "");
  await page.setInputFiles("#upload", bad);
  await page.locator("#error").waitFor({ state: "visible" });
  const shown = (await page.locator("#error").textContent()).trim();
  figures.badUpload = shown;
  assert.equal(shown, want);
  assert.match(shown, /^bad\.toml:4: brain\.sleep_ms = -5 ms: want 0 ≤ sleep_ms ≤ 600000 ms$/);

  // The chooser starts a shipped scenario; a good upload starts the file's.
  await page.selectOption("#scenario", "lesion");
  await waitStatus(viewer, "the lesion scenario", 300_000, (s) => s.scenario === "lesion" && s.frame > 0);
  const good = join(out, "mine.toml");
  writeFileSync(good, 'name = "mine"\nmodel = "day-night"\n[task]\ndays = 2\n[brain]\nsleep_ms = 2000\n');
  await page.setInputFiles("#upload", good);
  await waitStatus(viewer, "the uploaded scenario", 300_000, (s) => s.scenario === "mine" && s.days === 2);
  assert.equal(await page.locator("#error").isVisible(), false, "a good upload leaves no error shown");
  assert.deepEqual(errors, [], "errors on the page");
  await page.close();
});

test("report.html of a day-night run", { timeout: 600_000 }, async () => {
  let dir = process.env.REPORT_DIR && resolve(root, process.env.REPORT_DIR);
  if (!dir) {
    // A short day-night run: two days with short nights.
    dir = join(out, "report-run");
    writeFileSync(join(out, "short.toml"),
      'name = "short"\nmodel = "day-night"\nworkers = 1\n[task]\ndays = 2\n[brain]\nsleep_ms = 2000\n[ann]\nsteps_per_day = 20\n');
    execFileSync("go", ["run", "./cmd/simulate", "-out", dir, join(out, "short.toml")], { cwd: root, stdio: "inherit" });
  }
  const url = await serve(dir);
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const errors = watch(page);
  const resp = await page.goto(url + "report.html", { waitUntil: "load" });
  assert.equal(resp.status(), 200);
  assert.match(await page.title(), /./);
  const images = await page.evaluate(() => [...document.images].map((i) => ({ src: i.getAttribute("src"), w: i.naturalWidth })));
  assert.ok(images.length > 0, "report.html shows no figure");
  for (const i of images) assert.ok(i.w > 0, `figure ${i.src} did not load`);
  figures.reportFigures = images.length;
  await page.screenshot({ path: join(out, "report-full.png"), fullPage: true });
  const shot = join(out, "report.png"); // its first screen
  await page.screenshot({ path: shot });
  keep(shot, "web-report.png");
  assert.deepEqual(errors, [], "errors on report.html");
  await page.close();
});
