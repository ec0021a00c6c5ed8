// Headless Chromium checks of a built docket site. Invoked by tests/browser.rs:
//   node run.mjs <site-dir> <drifted-site-dir> <screenshot-dir>
// Serves each site on 127.0.0.1 (an ephemeral port), drives Debian's chromium
// through playwright-core, and exits non-zero with a message on the first failure.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const [site, drifted, shots] = process.argv.slice(2);
if (!site || !drifted || !shots) {
  console.error("usage: node run.mjs <site> <drifted-site> <screenshot-dir>");
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".xml": "application/xml" };
function serve(dir) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
      let file = path.join(dir, url);
      if (!file.startsWith(path.resolve(dir))) { res.writeHead(403); res.end(); return; }
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
      if (!fs.existsSync(file)) { res.writeHead(404); res.end("not found"); return; }
      res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream" });
      res.end(fs.readFileSync(file));
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const servers = [];
let failed = false;
try {
  const main = await serve(site);
  const bad = await serve(drifted);
  servers.push(main, bad);
  const base = `http://127.0.0.1:${main.address().port}/`;
  const badBase = `http://127.0.0.1:${bad.address().port}/`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));

  // 1. Four kinds of page load with no console errors.
  for (const [name, url] of [["dashboard", "index.html"], ["guide", "start-here.html"], ["defines", "docket-defines.html"], ["drift", "docket-drift.html"]]) {
    const resp = await page.goto(base + url, { waitUntil: "load" });
    check(resp && resp.ok(), `${url} did not load`);
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: false });
  }
  check(errors.length === 0, "console errors:\n" + errors.join("\n"));
  console.log("ok: dashboard, guide, defines and drift pages load without console errors");

  // 2. Searching a define name finds the page that documents it; `/` focuses search.
  await page.goto(base + "start-here.html");
  await page.keyboard.press("/");
  check(await page.evaluate(() => document.activeElement && document.activeElement.id === "docket-search"), "`/` did not focus the search box");
  await page.keyboard.type("rust_cargo_locked");
  await page.waitForSelector("#docket-results a", { timeout: 5000 });
  const hrefs = await page.$$eval("#docket-results a", (as) => as.map((a) => a.getAttribute("href")));
  check(hrefs.some((h) => h.startsWith("defines-reference.html")), "search for rust_cargo_locked did not return the defines reference: " + hrefs.join(", "));
  await page.screenshot({ path: path.join(shots, "search.png") });
  console.log("ok: search for a define returns its page");

  // 3. Non-English text: accents folded, CJK by substring (the drifted site carries both).
  await page.goto(badBase + "index.html");
  await page.fill("#docket-search", "resume");
  await page.waitForSelector("#docket-results a", { timeout: 5000 });
  await page.fill("#docket-search", "京都");
  await page.waitForSelector("#docket-results a", { timeout: 5000 });
  console.log("ok: accent-folded and CJK substring searches find their page");

  // 4. The theme toggle flips the theme and the choice persists across pages.
  await page.goto(base + "start-here.html");
  const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.click("#docket-theme");
  const theme = await page.evaluate(() => document.documentElement.getAttribute("data-theme"));
  const after = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check(theme === "dark" || theme === "light", "toggle did not set a theme");
  check(before !== after, `background did not change (${before})`);
  await page.screenshot({ path: path.join(shots, "theme-toggled.png") });
  await page.goto(base + "profiles.html");
  const kept = await page.evaluate(() => document.documentElement.getAttribute("data-theme"));
  check(kept === theme, `theme did not persist (${kept} after ${theme})`);
  console.log("ok: theme toggle works and persists");

  // 5. A claim a rule found wrong carries a visible mark on its page.
  await page.goto(badBase + "guide/output.html");
  const mark = page.locator(".drift-mark").first();
  check(await mark.isVisible(), "no visible drift mark on the drifted page");
  const title = await mark.getAttribute("title");
  check(title && title.length > 0, "the drift mark has no message");
  await page.screenshot({ path: path.join(shots, "drift-mark.png") });
  console.log("ok: drift mark visible on a drifted page");
  check(errors.length === 0, "console errors:\n" + errors.join("\n"));
} catch (e) {
  failed = true;
  console.error("FAILED: " + e.message);
} finally {
  await browser.close();
  servers.forEach((s) => s.close());
}
process.exit(failed ? 1 : 0);
