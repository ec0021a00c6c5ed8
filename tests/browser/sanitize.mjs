// Headless Chromium check of `sanitize = true`. Invoked by tests/browser_sanitize.rs:
//   node sanitize.mjs <sanitized-site> <raw-site>
// Both sites hold payloads.html, built from the same Markdown of XSS payloads.
// On the raw site (sanitize off, raw HTML kept as mdBook does) the payloads must
// run: that proves this harness sees a script run. On the sanitized site none
// may run, navigate, load from another host, rebase URLs or add a form.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const [sanitized, raw] = process.argv.slice(2);
if (!sanitized || !raw) {
  console.error("usage: node sanitize.mjs <sanitized-site> <raw-site>");
  process.exit(2);
}

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript" };
function serve(dir) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
      let file = path.join(dir, url);
      if (!file.startsWith(path.resolve(dir)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404); res.end("not found"); return;
      }
      res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream" });
      res.end(fs.readFileSync(file));
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// What the payloads did on one site.
async function probe(dir) {
  const server = await serve(dir);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const page = await (await browser.newContext()).newPage();
  const ran = [];
  const foreign = [];
  page.on("dialog", async (d) => { ran.push(d.message()); await d.dismiss(); });
  page.on("request", (r) => { if (!r.url().startsWith(base)) foreign.push(r.url()); });
  // Every payload reports through alert(); a refresh (after 3 s) lands on pwned.html.
  await page.goto(base + "payloads.html", { waitUntil: "load" });
  const dom = await page.evaluate(() => ({
    baseURI: document.baseURI,
    forms: document.forms.length,
    metas: document.querySelectorAll("meta[http-equiv]").length,
    active: document.querySelectorAll("#content link, #content base, #content svg, #content iframe, #content script, #content style").length,
    handlers: [...document.querySelectorAll("#content *")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
  }));
  // Hover and click what a reader would; links open no new page here.
  for (const sel of ["h2", "p", "a.payload", "a[href]", "details summary"]) {
    for (const el of await page.$$(`#content ${sel}`)) {
      if (!page.url().startsWith(base + "payloads.html")) break;
      try { await el.hover({ timeout: 300 }); } catch {}
      try { await el.click({ timeout: 300, noWaitAfter: true, trial: false, modifiers: [] }); } catch {}
    }
  }
  await page.waitForTimeout(3500);
  if (!page.url().startsWith(base + "payloads.html")) ran.push("navigated to " + page.url());
  server.close();
  return { ran, foreign, dom, base };
}

let failed = false;
try {
  const r = await probe(raw);
  console.log("raw site: ran " + JSON.stringify(r.ran) + ", dom " + JSON.stringify(r.dom));
  if (r.ran.length < 4 || r.dom.forms === 0 || r.dom.handlers === 0) {
    throw new Error("the harness did not see the raw payloads run; it cannot tell a sanitized page from a broken test");
  }
  const s = await probe(sanitized);
  console.log("sanitized site: ran " + JSON.stringify(s.ran) + ", foreign " + JSON.stringify(s.foreign) + ", dom " + JSON.stringify(s.dom));
  if (s.ran.length) throw new Error("a payload ran on the sanitized site: " + s.ran.join(", "));
  if (s.foreign.length) throw new Error("the sanitized page loaded from another host: " + s.foreign.join(", "));
  if (!s.dom.baseURI.startsWith(s.base)) throw new Error("the page's base URL moved to " + s.dom.baseURI);
  if (s.dom.forms || s.dom.metas || s.dom.active || s.dom.handlers) throw new Error("active markup survived: " + JSON.stringify(s.dom));
  console.log("ok: no payload runs on the sanitized site");
} catch (e) {
  failed = true;
  console.error("FAILED: " + e.message);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
