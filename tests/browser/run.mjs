// Headless Chromium checks of built docket sites, as a reader and a maintainer
// would use them, at a phone's width (390 px) and a desktop's (1,280 px).
// Invoked by tests/browser.rs:
//   node run.mjs <screenshot-dir> shipped=<site> drifted=<site> plain=<site>
//                ranking=<site> [guide=<site>] [themed=<site> [themedmd=<site>]]
//                [pages=<shipped page count>]
// Serves each site on 127.0.0.1 (an ephemeral port), drives Debian's chromium
// through playwright-core, prints `ok: …` per check and exits non-zero with a
// message on the first failure.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const [shots, ...rest] = process.argv.slice(2);
const sites = Object.fromEntries(rest.map((a) => a.split("=")));
for (const need of ["shipped", "drifted", "plain", "ranking"]) {
  if (!shots || !sites[need]) {
    console.error("usage: node run.mjs <shots> shipped=<site> drifted=<site> plain=<site> ranking=<site> [guide=<site>] [pages=N]");
    process.exit(2);
  }
}
fs.mkdirSync(shots, { recursive: true });

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".xml": "application/xml", ".svg": "image/svg+xml", ".png": "image/png" };
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
const ok = (m) => console.log("ok: " + m);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const servers = [];
let failed = false;
try {
  const base = {};
  for (const [name, dir] of Object.entries(sites)) {
    if (name === "pages") continue;
    const s = await serve(dir);
    servers.push(s);
    base[name] = `http://127.0.0.1:${s.address().port}/`;
  }

  for (const width of [390, 1280]) {
    const phone = width < 600;
    const context = await browser.newContext({
      viewport: { width, height: phone ? 844 : 900 },
      isMobile: phone,
      hasTouch: phone,
    });
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const page = await context.newPage();
    const errors = [];
    // The sites are served offline: a request to another host (the guide's
    // MathJax, from a CDN as mdBook links it) gets an empty reply, not a
    // network error in the console.
    // mdBook's own script asks the Rust playground for its crates (JSON).
    await context.route((url) => url.hostname !== "127.0.0.1", (route) => route.request().url().startsWith("https://play.rust-lang.org/")
      ? route.fulfill({ status: 200, contentType: "application/json", headers: { "access-control-allow-origin": "*" }, body: JSON.stringify({ crates: [] }) })
      : route.fulfill({ status: 200, contentType: "text/javascript", body: "" }));
    page.on("console", (m) => { if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`); });
    page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
    const at = `at ${width} px`;
    const shot = (name) => page.screenshot({ path: path.join(shots, `${name}-${width}.png`) });
    const noSideways = async (what) => {
      const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      check(sw <= iw, `${what} scrolls sideways ${at}: ${sw} > ${iw}`);
    };

    // 1. Every kind of page loads with no console errors, no sideways scroll,
    // its title in the first screen and a search box of 150 px or more.
    const kinds = [
      ["chapter", base.shipped + "start-here.html"],
      ["dashboard", base.shipped + "index.html"],
      ["drift", base.drifted + "docket-drift.html"],
      ["defines", base.shipped + "docket-defines.html"],
      ["print", base.shipped + "print.html"],
      ["drifted-chapter", base.drifted + "guide/output.html"],
      ["plain-front", base.plain + "index.html"],
    ];
    if (base.guide) kinds.push(["guide-chapter", base.guide + "format/configuration/renderers.html"]);
    for (const [name, url] of kinds) {
      const resp = await page.goto(url, { waitUntil: "load" });
      check(resp && resp.ok(), `${url} did not load`);
      await noSideways(name);
      const title = await page.evaluate(() => {
        const h = document.querySelector("main h1, main .print-title");
        if (!h) return null;
        const r = h.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, text: h.textContent.trim() };
      });
      check(title && title.bottom <= (phone ? 844 : 900), `${name}: title not in the first screen ${at}: ${JSON.stringify(title)}`);
      const search = await page.evaluate(() => {
        const r = document.getElementById("docket-search").getBoundingClientRect();
        return r.width;
      });
      check(search >= 150, `${name}: the search box is ${search} px wide ${at}`);
      await shot(name);
    }
    check(errors.length === 0, "console errors:\n" + errors.join("\n"));
    ok(`${kinds.length} kinds of page load without console errors, no sideways scroll, title in the first screen, search box >= 150 px ${at}`);

    // 1b. Wide tables say they scroll; status pills never wrap; headings are
    // links to themselves (mdBook's `a.header`) that look like headings.
    await page.goto(base.shipped + "docket-defines.html");
    const table = await page.evaluate(() => {
      const t = document.getElementById("defines-table");
      const hint = t.previousElementSibling;
      return {
        wide: t.scrollWidth > t.clientWidth + 1,
        hint: !!(hint && hint.classList.contains("table-hint") && hint.offsetParent !== null),
        pills: [...document.querySelectorAll(".pill")].filter((p) => p.getBoundingClientRect().height > 1.9 * parseFloat(getComputedStyle(p).fontSize)).map((p) => p.textContent),
      };
    });
    check(table.wide === table.hint, `defines table ${table.wide ? "scrolls without a hint" : "has a hint but does not scroll"} ${at}`);
    check(table.pills.length === 0, `status pills wrap ${at}: ${table.pills.join(", ")}`);
    let bad = [], headings = 0;
    for (const url of ["start-here.html", "docket/site.html", "docket/commands.html", "defines-reference.html", "progress-tracker.html"]) {
      await page.goto(base.shipped + url);
      const found = await page.evaluate(() => [...document.querySelectorAll("main .markdown :is(h1, h2, h3, h4)")].map((h) => {
        const a = h.querySelector("a.header");
        const why = !a ? "no a.header"
          : a.getAttribute("href") !== "#" + h.id ? `href ${a.getAttribute("href")}`
          : getComputedStyle(a).color !== getComputedStyle(h).color ? "coloured as a link"
          : getComputedStyle(a).textDecorationLine !== "none" ? "underlined" : "";
        return why && location.pathname + "#" + h.id + ": " + why;
      }));
      headings += found.length;
      bad = bad.concat(found.filter(Boolean));
    }
    check(headings > 0 && bad.length === 0, `headings (${headings}) that are not links to themselves ${at}: ${bad.join(", ")}`);
    ok(`wide tables hint that they scroll (defines: ${table.wide ? "wide" : "fits"}), pills do not wrap, ${headings} headings link to themselves ${at}`);

    // 2. The chapter list: a drawer behind the menu button on a phone; hidden,
    // shown and resized on a desktop, the choice kept.
    await page.goto(base.shipped + "start-here.html");
    const sidebarShown = () => page.evaluate(() => {
      const s = document.getElementById("docket-sidebar"), r = s.getBoundingClientRect(), cs = getComputedStyle(s);
      return cs.display !== "none" && cs.visibility !== "hidden" && r.right > 0 && r.width > 0;
    });
    if (phone) {
      check(!(await sidebarShown()), "the chapter list shows before the content on a phone");
      await page.click("#docket-menu");
      await page.waitForTimeout(300);
      check(await sidebarShown(), "the menu button did not open the chapter list");
      check(await page.getAttribute("#docket-menu", "aria-expanded") === "true", "aria-expanded not set");
      await shot("menu-open");
      await page.keyboard.press("Escape");
      await page.waitForTimeout(300);
      check(!(await sidebarShown()), "Escape did not close the chapter list");
      ok(`menu button opens and Escape closes the chapter list ${at}`);
    } else {
      check(await sidebarShown(), "no chapter list on a desktop");
      await page.click("#docket-menu");
      check(!(await sidebarShown()), "the menu button did not hide the chapter list");
      await page.reload();
      check(!(await sidebarShown()), "the hidden chapter list came back after a reload");
      check(await page.isVisible(".header-title"), "no book title in the header with the chapter list hidden");
      await shot("sidebar-hidden");
      await page.click("#docket-menu");
      check(await sidebarShown(), "the menu button did not show the chapter list again");
      const box = await page.locator(".sidebar-resize").boundingBox();
      await page.mouse.move(box.x + box.width / 2, 300);
      await page.mouse.down();
      await page.mouse.move(420, 300, { steps: 5 });
      await page.mouse.up();
      await page.reload();
      const w = await page.evaluate(() => document.getElementById("docket-sidebar").getBoundingClientRect().width);
      check(Math.abs(w - 420) <= 6, `resizing the chapter list gave ${w} px, not 420`);
      await page.focus(".sidebar-resize");
      await page.keyboard.press("ArrowLeft");
      const w2 = await page.evaluate(() => document.getElementById("docket-sidebar").getBoundingClientRect().width);
      check(w2 < w, "the resize handle does not answer the arrow keys");
      check(page.url().endsWith("start-here.html"), "an arrow key on the resize handle changed the page");
      await page.evaluate(() => { localStorage.removeItem("docket-sidebar-width"); });
      ok(`chapter list hides, shows and resizes, and remembers it ${at}`);
    }

    // 3. Keyboard: ← and → between chapters, / and s to search, Escape, visible focus.
    await page.goto(base.shipped + "start-here.html");
    const next = await page.getAttribute('.prev-next a[rel="next"]', "href");
    const prev = await page.getAttribute('.prev-next a[rel="prev"]', "href");
    await page.keyboard.press("ArrowRight");
    await page.waitForURL((u) => u.pathname.endsWith("/" + next), { timeout: 5000 });
    await page.keyboard.press("ArrowLeft");
    await page.waitForURL((u) => u.pathname.endsWith("/start-here.html"), { timeout: 5000 });
    await page.keyboard.press("ArrowLeft");
    await page.waitForURL((u) => u.pathname.endsWith("/" + prev), { timeout: 5000 });
    ok(`arrow keys go to the next and previous chapter ${at}`);
    await page.goto(base.shipped + "start-here.html");
    for (const key of ["/", "s"]) {
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      await page.keyboard.press(key);
      check(await page.evaluate(() => document.activeElement && document.activeElement.id === "docket-search"), `\`${key}\` did not focus the search box`);
      check(await page.inputValue("#docket-search") === "", `\`${key}\` was typed into the box`);
    }
    await page.keyboard.type("profile");
    await page.waitForSelector("#docket-results a", { timeout: 5000 });
    await page.keyboard.press("Escape");
    check(await page.isHidden("#docket-results"), "Escape did not close the results");
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(() => {
      const el = document.activeElement, cs = getComputedStyle(el);
      return { tag: el.tagName, style: cs.outlineStyle, w: parseFloat(cs.outlineWidth) };
    });
    check(focus.style !== "none" && focus.w >= 1, `focus is not visible: ${JSON.stringify(focus)}`);
    ok(`\`/\` and \`s\` focus search, Escape closes, focus is visible ${at}`);

    // 4. Code blocks: a copy button each, the language named.
    await page.goto(base.shipped + "docket/commands.html");
    const code = await page.evaluate(() => {
      const pres = [...document.querySelectorAll("main pre")];
      return {
        pres: pres.length,
        buttons: pres.filter((p) => { const b = p.querySelector(":scope > .buttons .docket-copy"); return b && b.offsetParent !== null; }).length,
        langs: pres.filter((p) => p.querySelector("code[class^=language-]")).length,
        named: pres.filter((p) => p.querySelector("code[class^=language-]") && p.querySelector(":scope > .buttons .docket-code-lang")?.textContent.trim()).length,
      };
    });
    check(code.pres > 0 && code.buttons === code.pres, `copy buttons: ${JSON.stringify(code)}`);
    check(code.named === code.langs, `languages named: ${JSON.stringify(code)}`);
    const button = page.locator("main .docket-copy").first();
    await button.click();
    await page.waitForFunction(() => document.querySelector("main .docket-copy").textContent.trim() === "Copied", null, { timeout: 3000 })
      .catch(() => { throw new Error("the copy button did not say Copied"); });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const first = await page.evaluate(() => document.querySelector("main pre > code").textContent.replace(/\n$/, ""));
    check(copied === first, `the clipboard holds ${JSON.stringify(copied.slice(0, 60))}, not the block`);
    ok(`copy button on each of ${code.pres} code blocks, ${code.langs} languages named, copying works ${at}`);

    // 5. The print page: the whole book, links inside it, print styles.
    await page.goto(base.shipped + "print.html");
    const print = await page.evaluate(() => {
      const chapters = document.querySelectorAll(".print-chapter").length;
      const broken = [...document.querySelectorAll(".print-book a[href^='#']")].map((a) => a.getAttribute("href").slice(1)).filter((id) => id && !document.getElementById(id));
      return { chapters, broken };
    });
    if (sites.pages) check(print.chapters === Number(sites.pages), `print.html has ${print.chapters} chapters, not ${sites.pages}`);
    check(print.chapters > 1, "print.html has no chapters");
    check(print.broken.length === 0, "print.html links to missing ids: " + print.broken.slice(0, 5).join(", "));
    await page.emulateMedia({ media: "print" });
    const hidden = await page.evaluate(() => ["#docket-sidebar", ".page-header", ".print-note"].map((s) => getComputedStyle(document.querySelector(s)).display));
    check(hidden.every((d) => d === "none"), "print styles keep the frame: " + hidden.join(", "));
    await shot("print-media");
    await page.emulateMedia({ media: "screen" });
    ok(`print.html holds ${print.chapters} chapters, its links resolve, print styles hide the frame ${at}`);

    // 6. Search ranks the best page first, highlights the terms in the results
    // and on the page it opens.
    const searchFor = async (url, q) => {
      await page.goto(url);
      await page.fill("#docket-search", q);
      await page.waitForSelector("#docket-results a", { timeout: 5000 });
      return page.$$eval("#docket-results a", (as) => as.map((a) => a.getAttribute("href")));
    };
    let hrefs = await searchFor(base.shipped + "start-here.html", "drift marks");
    check(hrefs[0].startsWith("docket/site.html?highlight=") && hrefs[0].endsWith("#drift-marks"), "`drift marks` ranks first: " + hrefs.slice(0, 3).join(", "));
    await shot("search");
    const marks = await page.$$eval("#docket-results mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
    check(marks.includes("drift") && marks.some((m) => m.startsWith("mark")), "results do not mark the terms: " + marks.join(", "));
    const snippet = await page.textContent("#docket-results a .result-snippet");
    check(/mark/i.test(snippet), "the first snippet is not around the match: " + snippet);
    await page.click("#docket-results a >> nth=0");
    await page.waitForURL((u) => u.pathname.endsWith("/docket/site.html"));
    const hits = await page.$$eval("main mark.search-hit", (ms) => ms.map((m) => m.textContent.toLowerCase()));
    check(hits.includes("drift") && hits.some((h) => h.startsWith("mark")), "the opened page does not highlight the terms: " + hits.slice(0, 5).join(", "));
    await page.keyboard.press("Escape");
    check(await page.locator("main mark.search-hit").count() === 0, "Escape did not clear the highlights");
    hrefs = await searchFor(base.ranking + "index.html", "metal profile");
    check(hrefs[0].startsWith("metal.html"), "`metal profile` ranks the metal profile page first: " + hrefs.slice(0, 3).join(", "));
    hrefs = await searchFor(base.shipped + "start-here.html", "rust_cargo_locked");
    check(hrefs.some((h) => h.startsWith("defines-reference.html")), "search for a define did not return the defines reference: " + hrefs.join(", "));
    ok(`best page first, terms marked in results and on the opened page, search for a define finds its page ${at}`);

    // 7. One accent folding for the index and the browser; CJK by substring.
    for (const q of ["resume", "RÉSUMÉ", "re\u0301sume\u0301", "京都"]) {
      hrefs = await searchFor(base.drifted + "index.html", q);
      check(hrefs.length > 0, `no result for ${JSON.stringify(q)}`);
    }
    ok(`accent-folded and CJK substring searches find their page ${at}`);

    // 8. Drift marks: at the offending text, focusable, opened by Enter (and a
    // tap on a phone), closed by Escape, inside the screen.
    await page.goto(base.drifted + "guide/output.html");
    const mark = page.locator(".drift-mark").first();
    check(await mark.isVisible(), "no visible drift mark on the drifted page");
    check(await mark.evaluate((b) => b.previousElementSibling?.querySelector(".drift-target")?.textContent === "profiles"), "the mark is not right after the offending link text");
    let tabs = 0;
    while (!(await page.evaluate(() => document.activeElement?.classList.contains("drift-mark"))) && tabs++ < 40) await page.keyboard.press("Tab");
    check(tabs < 40, "the drift mark cannot be reached with Tab");
    await page.keyboard.press("Enter");
    const pop = page.locator(".drift-pop").first();
    await pop.waitFor({ state: "visible", timeout: 3000 });
    const popText = await pop.textContent();
    check(/does not resolve/.test(popText) && /Fix:/.test(popText), "the finding is not in the popover: " + popText);
    const box = await pop.boundingBox();
    check(box.x >= 0 && box.x + box.width <= width, `the popover leaves the screen ${at}: ${JSON.stringify(box)}`);
    await shot("drift-mark");
    await page.keyboard.press("Escape");
    await pop.waitFor({ state: "hidden", timeout: 3000 });
    if (phone) {
      await mark.tap();
      await pop.waitFor({ state: "visible", timeout: 3000 });
      await page.keyboard.press("Escape");
    } else {
      await mark.click();
      await pop.waitFor({ state: "visible", timeout: 3000 });
      await page.keyboard.press("Escape");
    }
    ok(`drift mark at its text opens by keyboard and ${phone ? "tap" : "click"}, closes with Escape ${at}`);

    // 9. A plain book (no manifest) is a readers' site: its own first page is
    // the front page, and nothing speaks to maintainers.
    const plainBooks = [["plain", base.plain]];
    if (base.guide) plainBooks.push(["guide", base.guide]);
    const words = /drift|dashboard|readiness|manifest|\berrors?\b|\bwarnings?\b|docket/i;
    for (const [name, url] of plainBooks) {
      await page.goto(url + "index.html");
      const front = await page.evaluate(() => {
        const main = document.querySelector("main");
        const frame = [...document.body.children].filter((c) => !c.contains(main)).map((c) => c.innerText).join("\n")
          + "\n" + [...document.querySelector(".page").children].filter((c) => c.tagName !== "MAIN").map((c) => c.innerText).join("\n");
        return {
          frame,
          main: main.innerText,
          h1: main.querySelector("h1")?.textContent.trim(),
          links: [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")).filter((h) => /docket-/.test(h)),
          marks: document.querySelectorAll(".drift-mark, .drift-summary").length,
        };
      });
      check(!words.test(front.frame), `${name}: maintainer words around the front page: ${front.frame.match(words)}`);
      if (name === "plain") check(!words.test(front.main), `plain: maintainer words on the front page: ${front.main.match(words)}`);
      check(front.h1, `${name}: the front page is not a page of the book`);
      check(front.links.length === 0 && front.marks === 0, `${name}: links to docket pages or marks: ${front.links.join(", ")}`);
      await shot(`${name}-front`);
    }
    ok(`a plain book's front page is its first page, with no maintainer words ${at}`);

    // 9b. mdBook's markup in the guide: each image shows once (its full-size
    // copy only on a click, gone on the next); Rust's hidden lines stay hidden
    // until their button shows them, and are not copied while hidden.
    if (base.guide) {
      await page.goto(base.guide + "format/markdown.html");
      const imgs = await page.evaluate(() => {
        const all = [...document.querySelectorAll("main img")];
        return { labels: document.querySelectorAll("main .checkbox-label").length, shown: all.filter((i) => i.offsetParent !== null && i.getBoundingClientRect().width > 0).length,
          boxes: [...document.querySelectorAll("main .checkbox-img")].filter((c) => c.getBoundingClientRect().width > 2).length };
      });
      check(imgs.labels > 0 && imgs.shown === imgs.labels && imgs.boxes === 0, `guide images: ${JSON.stringify(imgs)}`);
      const label = page.locator("main .checkbox-label").first();
      await label.locator("img").first().click();
      const big = page.locator("main .checkbox-label .img-wrapper").first();
      await big.waitFor({ state: "visible", timeout: 3000 });
      await big.click();
      await big.waitFor({ state: "hidden", timeout: 3000 });
      await page.goto(base.guide + "format/mdbook.html");
      const boring = await page.evaluate(() => {
        const b = [...document.querySelectorAll("main .boring")];
        return { n: b.length, visible: b.filter((x) => x.getClientRects().length > 0).length };
      });
      check(boring.n > 0 && boring.visible === 0, `guide hidden lines shown: ${JSON.stringify(boring)}`);
      const toggle = page.locator("main .docket-show-hidden").first();
      await toggle.click();
      const shown = await page.evaluate(() => [...document.querySelector("main .docket-show-hidden").closest("pre").querySelectorAll(".boring")].every((x) => x.getClientRects().length > 0));
      check(shown, "the button did not show the hidden lines");
      await toggle.click();
      // Runnable Rust goes to the playground whole (hidden lines too); its
      // reply shows under the block. The playground is answered here, offline.
      let sent = null;
      await page.route("https://play.rust-lang.org/evaluate.json", (route) => {
        sent = JSON.parse(route.request().postData() || "{}");
        route.fulfill({ status: 200, contentType: "application/json", headers: { "access-control-allow-origin": "*" }, body: JSON.stringify({ result: "ran fine\n", error: null }) });
      });
      const run = page.locator("main pre:has(.boring) .docket-run").first();
      check(await run.isVisible(), "no Run button on the guide's runnable Rust");
      await run.click();
      await page.waitForFunction(() => [...document.querySelectorAll("main .docket-run-result")].some((r) => r.textContent === "ran fine\n"), null, { timeout: 3000 })
        .catch(() => { throw new Error("the playground's reply is not shown under the block"); });
      const whole = await page.evaluate(() => {
        const block = [...document.querySelectorAll("main pre")].find((b) => b.querySelector(".boring") && b.querySelector(".docket-run"));
        return { code: block.querySelector(":scope > code").textContent, hidden: block.querySelector(".boring").textContent };
      });
      check(sent && sent.code === whole.code && whole.code.includes(whole.hidden) && sent.version === "stable", `the playground got ${JSON.stringify(sent).slice(0, 120)}`);
      await page.unroute("https://play.rust-lang.org/evaluate.json");
      // Chapter folding (the guide is built with `fold.level = 1`): the current
      // page's path is open, other second-level chapters are folded until asked.
      if (phone) await page.click("#docket-menu");
      const fold = await page.evaluate(() => {
        const lis = [...document.querySelectorAll("#docket-chapters li.chapter")];
        const shown = (li) => li.getClientRects().length > 0;
        return {
          toggles: document.querySelectorAll("#docket-chapters .fold-toggle").length,
          hidden: lis.filter((li) => !shown(li)).length,
          activeShown: shown(document.querySelector("#docket-chapters a.active").closest("li")),
          deepShown: lis.filter((li) => li.classList.contains("depth-2") && shown(li)).length,
        };
      });
      check(fold.toggles > 0 && fold.hidden > 0 && fold.activeShown, `fold: ${JSON.stringify(fold)}`);
      const closed = page.locator("#docket-chapters .fold-toggle[aria-expanded=false]").first();
      const before = await page.evaluate(() => [...document.querySelectorAll("#docket-chapters li.chapter")].filter((li) => li.getClientRects().length > 0).length);
      await closed.click();
      const after = await page.evaluate(() => [...document.querySelectorAll("#docket-chapters li.chapter")].filter((li) => li.getClientRects().length > 0).length);
      check(after > before, `unfolding showed nothing (${before} -> ${after})`);
      await page.screenshot({ path: path.join(shots, `guide-fold-${width}.png`) });
      if (phone) await page.keyboard.press("Escape");
      ok(`the chapter list folds (${fold.toggles} folds, ${fold.hidden} chapters folded away, the current page's path open) and unfolds on a click ${at}`);
      ok(`mdBook images show once and enlarge on a click, ${boring.n} hidden lines stay hidden until asked, runnable Rust runs on the playground ${at}`);
    }

    // 10. The theme toggle flips the theme and the choice persists.
    if (!phone) {
      await page.goto(base.shipped + "start-here.html");
      const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.click("#docket-theme");
      const theme = await page.evaluate(() => document.documentElement.getAttribute("data-theme"));
      const after = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      check(theme === "dark" || theme === "light", "toggle did not set a theme");
      check(before !== after, `background did not change (${before})`);
      await page.screenshot({ path: path.join(shots, "theme-toggled.png") });
      await page.goto(base.shipped + "profiles.html");
      const kept = await page.evaluate(() => document.documentElement.getAttribute("data-theme"));
      check(kept === theme, `theme did not persist (${kept} after ${theme})`);
      await page.click("#docket-theme");
      ok("theme toggle works and persists");
    }
    // 11. A book's own CSS, written against mdBook's markup, applies as in
    // mdBook: the badge its script puts in a code block's `pre` sits beside
    // the code (the block is its positioned ancestor), and the warning box
    // takes its colours from mdBook's theme class on <html>, in both themes.
    // The same book built by mdBook (`themedmd`) is measured and shot too.
    for (const [name, who] of [["themed", "docket"], ["themedmd", "mdBook"]]) {
      if (!base[name]) continue;
      await page.goto(base[name] + "styled.html");
      await page.waitForSelector("pre .fails-badge");
      const look = () => page.evaluate(() => {
        const badge = document.querySelector("pre .fails-badge");
        const pre = badge.closest("pre").getBoundingClientRect();
        const b = badge.getBoundingClientRect();
        const box = getComputedStyle(document.querySelector(".warning"));
        return {
          inside: b.top >= pre.top && b.bottom <= pre.bottom + 1 && b.left >= pre.left && b.right <= pre.right + 1,
          fromRight: Math.round(pre.right - b.right),
          fromTop: Math.round(b.top - pre.top),
          border: box.borderLeftColor,
          background: box.backgroundColor,
          cls: document.documentElement.className,
        };
      });
      const light = await look();
      check(light.inside && light.fromTop === 34 && light.fromRight <= 9, `${who}: the badge is not beside its code block ${at}: ${JSON.stringify(light)}`);
      check(light.border === "rgb(190, 110, 0)" && light.background === "rgb(255, 243, 205)", `${who}: the warning box lost its light colours ${at}: ${JSON.stringify(light)}`);
      await page.screenshot({ path: path.join(shots, `theme-css-${who}-${width}.png`) });
      if (who === "docket") {
        await page.click("#docket-theme");
        const dark = await look();
        check(/\bnavy\b/.test(dark.cls) && dark.border === "rgb(250, 180, 70)" && dark.background === "rgb(70, 52, 20)", `docket: the dark theme class did not recolour the box ${at}: ${JSON.stringify(dark)}`);
        await page.screenshot({ path: path.join(shots, `theme-css-docket-dark-${width}.png`) });
        await page.click("#docket-theme");
      }
      if (who === "docket") {
        // Tap targets: 44 px on a touch screen, the desktop as it was.
        const sizes = await page.evaluate(() => {
          const h = (sel) => [...document.querySelectorAll(sel)].map((e) => e.getBoundingClientRect().height);
          return { chapters: h("#docket-chapters a"), header: h(".page-header .icon-button"), code: h("pre > .buttons button:not([hidden])") };
        });
        const all = [...sizes.chapters, ...sizes.header, ...sizes.code];
        check(all.length >= 4 && sizes.code.length > 0, `tap targets not found: ${JSON.stringify(sizes)}`);
        if (phone) check(all.every((x) => x >= 44), `tap targets under 44 px ${at}: ${JSON.stringify(sizes)}`);
        else check(sizes.chapters.every((x) => x < 44), `desktop chapter links grew ${at}: ${JSON.stringify(sizes)}`);
        ok(`tap targets ${phone ? "at least 44 px on a touch screen" : "unchanged on the desktop"} ${at}`);
      }
      ok(`${who}: the book's CSS places its badge beside the code block and colours the warning box per theme class ${at}`);
    }
    check(errors.length === 0, "console errors:\n" + errors.join("\n"));
    await context.close();
  }
  console.log("ok: console errors: none");
} catch (e) {
  failed = true;
  console.error("FAILED: " + e.message);
} finally {
  await browser.close();
  servers.forEach((s) => s.close());
}
process.exit(failed ? 1 : 0);
