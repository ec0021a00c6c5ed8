// docket's page script: chapter list (menu, drawer, hide, resize), keyboard,
// theme, code copy buttons, wide tables, drift mark popovers, offline search
// (ranked, with snippets and highlights), the print page and the defines filter.
// No dependencies; works from file:// (the index is scripts, not fetched JSON).
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var html = document.documentElement;
  function store(key, value) {
    try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value); } catch (e) { /* storage off: this page only */ }
  }
  function typingIn(t) {
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }

  // Large books ship the chapter list once, in toc.js, instead of in every page.
  var chapters = document.getElementById("docket-chapters");
  if (chapters && window.docketTocHtml && !chapters.firstElementChild) {
    chapters.innerHTML = window.docketTocHtml.replace(/href="/g, 'href="' + root);
    var here = location.pathname.replace(/\/index\.html$/, "/");
    chapters.querySelectorAll("a").forEach(function (a) {
      if (new URL(a.href, location.href).pathname.replace(/\/index\.html$/, "/") === here) {
        a.classList.add("active");
        a.setAttribute("aria-current", "page");
      }
    });
  }

  // `output.html.fold`: a chapter with sub-chapters folds; open down to the
  // configured depth, and along the current page's path.
  if (chapters && chapters.hasAttribute("data-fold")) {
    var foldLevel = parseInt(chapters.getAttribute("data-fold"), 10) || 0;
    chapters.querySelectorAll("ol.chapters").forEach(function (ol) {
      var items = [].slice.call(ol.children);
      var depthOf = function (li) { var m = /\bdepth-(\d+)\b/.exec(li.className); return m ? parseInt(m[1], 10) : -1; };
      var open = [];
      var refresh = function () {
        var stack = [];
        items.forEach(function (li, i) {
          var d = depthOf(li);
          while (stack.length && stack[stack.length - 1].d >= d) stack.pop();
          li.classList.toggle("folded-away", stack.some(function (s) { return !open[s.i]; }));
          stack.push({ d: d, i: i });
        });
      };
      items.forEach(function (li, i) {
        var d = depthOf(li), next = items[i + 1];
        if (d < 0 || !next || depthOf(next) <= d) return;
        var path = false;
        for (var j = i; j < items.length && (j === i || depthOf(items[j]) > d); j++) {
          if (items[j].querySelector("a.active")) path = true;
        }
        open[i] = d < foldLevel || path;
        var b = document.createElement("button");
        b.type = "button";
        b.className = "fold-toggle";
        b.setAttribute("aria-expanded", String(open[i]));
        b.setAttribute("aria-label", "Sub-chapters of " + li.textContent.trim());
        b.addEventListener("click", function () {
          open[i] = !open[i];
          b.setAttribute("aria-expanded", String(open[i]));
          refresh();
        });
        li.appendChild(b);
      });
      refresh();
    });
  }

  // The chapter list: a drawer on phones, a column that can be hidden and
  // resized on wide screens (both choices kept in localStorage).
  var sidebar = document.getElementById("docket-sidebar");
  var menu = document.getElementById("docket-menu");
  var backdrop = document.querySelector(".sidebar-backdrop");
  var handle = document.querySelector(".sidebar-resize");
  var phone = window.matchMedia ? window.matchMedia("(max-width: 720px)") : { matches: false };
  function drawerOpen() { return html.classList.contains("sidebar-open"); }
  function syncMenu() {
    if (!menu) return;
    var open = phone.matches ? drawerOpen() : html.getAttribute("data-sidebar") !== "hidden";
    menu.setAttribute("aria-expanded", String(open));
  }
  function openDrawer(open) {
    html.classList.toggle("sidebar-open", open);
    if (backdrop) backdrop.hidden = !open;
    syncMenu();
    if (open && sidebar) {
      var first = sidebar.querySelector("a.active") || sidebar.querySelector("a");
      if (first) first.focus();
    }
  }
  if (menu && sidebar) {
    menu.addEventListener("click", function () {
      if (phone.matches) {
        openDrawer(!drawerOpen());
        if (!drawerOpen()) menu.focus();
      } else {
        var hide = html.getAttribute("data-sidebar") !== "hidden";
        if (hide) html.setAttribute("data-sidebar", "hidden"); else html.removeAttribute("data-sidebar");
        store("docket-sidebar", hide ? "hidden" : null);
        syncMenu();
      }
    });
    if (backdrop) backdrop.addEventListener("click", function () { openDrawer(false); menu.focus(); });
    sidebar.addEventListener("click", function (e) {
      if (phone.matches && e.target.closest && e.target.closest("a")) openDrawer(false);
    });
    if (phone.addEventListener) phone.addEventListener("change", function () { openDrawer(false); });
    syncMenu();
  }
  if (handle && sidebar) {
    var setWidth = function (w) {
      w = Math.max(180, Math.min(600, Math.round(w)));
      html.style.setProperty("--sidebar-width", w + "px");
      handle.setAttribute("aria-valuenow", String(w));
      return w;
    };
    handle.setAttribute("aria-valuemin", "180");
    handle.setAttribute("aria-valuemax", "600");
    handle.setAttribute("aria-valuenow", String(Math.round(sidebar.getBoundingClientRect().width) || 290));
    handle.addEventListener("pointerdown", function (e) {
      e.preventDefault();
      handle.setPointerCapture(e.pointerId);
      handle.classList.add("dragging");
      var left = sidebar.getBoundingClientRect().left;
      var move = function (m) { setWidth(m.clientX - left); };
      var up = function () {
        handle.classList.remove("dragging");
        handle.removeEventListener("pointermove", move);
        handle.removeEventListener("pointerup", up);
        store("docket-sidebar-width", String(Math.round(sidebar.getBoundingClientRect().width)));
      };
      handle.addEventListener("pointermove", move);
      handle.addEventListener("pointerup", up);
    });
    handle.addEventListener("keydown", function (e) {
      var step = e.key === "ArrowLeft" ? -16 : e.key === "ArrowRight" ? 16 : 0;
      if (!step) return;
      e.preventDefault();
      e.stopPropagation();
      store("docket-sidebar-width", String(setWidth(sidebar.getBoundingClientRect().width + step)));
    });
    handle.addEventListener("dblclick", function () {
      html.style.removeProperty("--sidebar-width");
      store("docket-sidebar-width", null);
    });
  }

  // Theme: follows prefers-color-scheme until the reader picks one; the pick persists.
  var toggle = document.getElementById("docket-theme");
  function effectiveTheme() {
    var set = html.getAttribute("data-theme");
    if (set) return set;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  if (toggle) {
    toggle.setAttribute("aria-pressed", String(effectiveTheme() === "dark"));
    toggle.addEventListener("click", function () {
      var next = effectiveTheme() === "dark" ? "light" : "dark";
      html.setAttribute("data-theme", next);
      // mdBook's theme class, which a book's own CSS selects on.
      ["light", "rust", "coal", "navy", "ayu"].forEach(function (c) { html.classList.remove(c); });
      html.classList.add(html.getAttribute("data-" + next + "-class") || next);
      toggle.setAttribute("aria-pressed", String(next === "dark"));
      store("docket-theme", next);
    });
  }

  // Code blocks: a copy button each (the language is named in the header).
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }
  // Hidden lines (mdBook's `# ` lines in Rust, `hidelines` elsewhere) stay
  // hidden until asked for; what is copied is what is shown.
  // Each `pre` holds mdBook's `div.buttons` (docket's buttons in it) and the
  // `code`; the block's state is a class on the `pre`.
  document.querySelectorAll("pre > .buttons .docket-show-hidden").forEach(function (b) {
    var pre = b.closest("pre");
    b.hidden = false;
    b.addEventListener("click", function () {
      var on = pre.classList.toggle("docket-show-boring");
      b.setAttribute("aria-pressed", String(on));
      b.textContent = on ? "Hide hidden lines" : "Show hidden lines";
    });
  });
  function shownCode(pre) {
    var code = pre.querySelector(":scope > code");
    if (!code) return "";
    if (pre.classList.contains("docket-show-boring") || !code.querySelector(".boring")) return code.textContent;
    var copy = code.cloneNode(true);
    copy.querySelectorAll(".boring").forEach(function (n) { n.remove(); });
    return copy.textContent;
  }
  // Runnable Rust (mdBook's `pre.playground`), run as mdBook runs it: the
  // whole code, hidden lines included, sent to the Rust playground; its
  // output shown under the block.
  document.querySelectorAll("pre.playground > .buttons .docket-run").forEach(function (b) {
    var pre = b.closest("pre");
    var code = pre.querySelector(":scope > code");
    if (!code || !window.fetch) return;
    b.hidden = false;
    b.setAttribute("aria-label", "Run this code on the Rust playground");
    b.addEventListener("click", function () {
      var edition = /\bedition(\d{4})\b/.exec(code.className);
      var out = pre.nextElementSibling;
      if (!out || !out.classList.contains("docket-run-result")) {
        out = document.createElement("pre");
        out.className = "docket-run-result";
        out.setAttribute("aria-live", "polite");
        pre.parentNode.insertBefore(out, pre.nextSibling);
      }
      out.textContent = "Running\u2026";
      b.disabled = true;
      fetch("https://play.rust-lang.org/evaluate.json", {
        method: "POST",
        mode: "cors",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ version: "stable", optimize: "0", code: code.textContent, edition: edition ? edition[1] : "2015" }),
      })
        .then(function (r) { return r.json(); })
        .then(function (r) {
          out.textContent = r.error ? r.error : (r.result && r.result.trim() ? r.result : "No output");
        }, function (e) { out.textContent = "The Rust playground could not be reached: " + e.message; })
        .then(function () { b.disabled = false; });
    });
  });
  document.querySelectorAll("pre > .buttons .docket-copy").forEach(function (b) {
    var pre = b.closest("pre");
    b.hidden = false;
    b.setAttribute("aria-label", "Copy the code");
    b.addEventListener("click", function () {
      copyText(shownCode(pre).replace(/\n$/, "")).then(function () { b.textContent = "Copied"; }, function () { b.textContent = "Press Ctrl+C"; })
        .then(function () { setTimeout(function () { b.textContent = "Copy"; }, 1500); });
    });
  });

  // Tables wider than their column say so, and scroll by keyboard too.
  function markWideTables() {
    document.querySelectorAll("main table").forEach(function (t) {
      var wide = t.scrollWidth > t.clientWidth + 1;
      t.classList.toggle("scrolls", wide);
      var hint = t.previousElementSibling;
      var has = hint && hint.classList.contains("table-hint");
      if (wide && !has) {
        var p = document.createElement("p");
        p.className = "table-hint";
        p.textContent = "Scroll sideways for more columns \u2192";
        t.parentNode.insertBefore(p, t);
        t.tabIndex = 0;
      } else if (!wide && has) {
        hint.remove();
        t.removeAttribute("tabindex");
      }
    });
  }
  markWideTables();
  var resizeTimer = null;
  window.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(markWideTables, 150); });

  // Drift marks: native popovers, placed under their button.
  var pops = document.querySelectorAll(".drift-pop");
  var popoverApi = typeof HTMLElement !== "undefined" && HTMLElement.prototype.hasOwnProperty("popover");
  function place(pop) {
    var b = document.querySelector('[popovertarget="' + pop.id + '"]');
    if (!b) return;
    var r = b.getBoundingClientRect();
    pop.style.position = "fixed";
    pop.style.margin = "0";
    pop.style.inset = "auto";
    var w = pop.offsetWidth, h = pop.offsetHeight;
    var top = r.bottom + 6;
    if (top + h > window.innerHeight - 8 && r.top - h - 6 > 8) top = r.top - h - 6;
    pop.style.top = Math.max(8, top) + "px";
    pop.style.left = Math.max(8, Math.min(r.left, window.innerWidth - w - 8)) + "px";
  }
  pops.forEach(function (pop) {
    var b = document.querySelector('[popovertarget="' + pop.id + '"]');
    if (b) b.setAttribute("aria-expanded", "false");
    if (popoverApi) {
      pop.addEventListener("toggle", function (e) {
        var open = e.newState === "open";
        if (b) b.setAttribute("aria-expanded", String(open));
        if (open) place(pop);
      });
    } else if (b) {
      pop.hidden = true;
      b.addEventListener("click", function () {
        pop.hidden = !pop.hidden;
        b.setAttribute("aria-expanded", String(!pop.hidden));
        if (!pop.hidden) place(pop);
      });
    }
  });
  function closePops() {
    var any = false;
    pops.forEach(function (pop) {
      if (popoverApi && pop.matches(":popover-open")) { pop.hidePopover(); any = true; }
      else if (!popoverApi && !pop.hidden) { pop.hidden = true; any = true; }
    });
    return any;
  }
  window.addEventListener("scroll", function () {
    pops.forEach(function (pop) { if (popoverApi ? pop.matches(":popover-open") : !pop.hidden) place(pop); });
  }, { passive: true });

  // The print page.
  var printButton = document.getElementById("docket-print");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }

  // Search. Text is cut into terms as the index was: lowercase, accents folded
  // through the same table as the index (filled in by docket), CJK as bigrams.
  var FOLD = {/*docket:fold*/};
  var WORD = /[\p{Alphabetic}\p{N}_]/u;
  var COMBINING = /[\u0300-\u036f]/;
  function foldChar(c) {
    var out = "";
    for (var l of c.toLowerCase()) {
      if (COMBINING.test(l)) continue;
      out += Object.prototype.hasOwnProperty.call(FOLD, l) ? FOLD[l] : l;
    }
    return out;
  }
  function isCjk(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) || (n >= 0xac00 && n <= 0xd7af) || (n >= 0xf900 && n <= 0xfaff);
  }
  // Terms of `s` with their place in it: [{t, s, e}], offsets in UTF-16 units.
  function tokens(s) {
    var out = [], word = "", ws = -1, we = -1, cjk = [], i = 0;
    function endWord() {
      if (ws >= 0 && Array.from(word).length >= 2) out.push({ t: word, s: ws, e: we });
      word = ""; ws = -1;
    }
    function flushCjk() {
      if (cjk.length === 1) out.push({ t: cjk[0].c, s: cjk[0].i, e: cjk[0].j });
      for (var k = 0; k + 1 < cjk.length; k++) out.push({ t: cjk[k].c + cjk[k + 1].c, s: cjk[k].i, e: cjk[k + 1].j });
      cjk = [];
    }
    for (var c of s) {
      var j = i + c.length;
      if (isCjk(c)) { endWord(); cjk.push({ c: c, i: i, j: j }); }
      else if (WORD.test(c) || (ws >= 0 && COMBINING.test(c))) {
        if (cjk.length) flushCjk();
        if (ws < 0) ws = i;
        word += foldChar(c);
        we = j;
      } else { flushCjk(); endWord(); }
      i = j;
    }
    flushCjk();
    endWord();
    return out;
  }
  function queryTerms(q) {
    var seen = {}, out = [];
    tokens(q).forEach(function (t) { if (!seen[t.t]) { seen[t.t] = true; out.push(t.t); } });
    return out;
  }
  // Whether term `t` (from a text) answers query term `q`; the last query term
  // may still be being typed, so it matches any term it starts.
  function answers(t, q, prefix) { return t === q || (prefix && t.length > q.length && t.indexOf(q) === 0); }

  var input = document.getElementById("docket-search");
  var list = document.getElementById("docket-results");
  var status = document.getElementById("docket-search-status");
  var loaded = {};
  function script(src) {
    if (!loaded[src]) {
      loaded[src] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = resolve;
        s.onerror = function () { delete loaded[src]; reject(new Error("cannot load " + src)); };
        document.head.appendChild(s);
      });
    }
    return loaded[src];
  }
  // The index: pages and shards of postings, all loaded before the first
  // search (as scripts, so the site works from file://); section text comes
  // in chunks, loaded for the results shown.
  var ready = null, stats = null;
  function load() {
    if (ready) return ready;
    ready = script(root + "search-index.js").then(function () {
      return Promise.all(window.docketSearchIndex.shards.map(function (u) { return script(root + u); }));
    }).then(function () {
      var shards = window.docketSearchShards || {};
      var n = 0, total = 0;
      window.docketSearchIndex.shards.forEach(function (_, k) {
        var sh = shards[k];
        if (!sh) return;
        sh.keys = Object.keys(sh.t).sort();
        n += sh.s.length;
        sh.s.forEach(function (sec) { total += sec[3]; });
      });
      stats = { n: n, avg: n ? total / n : 1 };
    });
    ready.catch(function () { ready = null; });
    return ready;
  }
  function bits(n) { var c = 0; for (; n; n &= n - 1) c++; return c; }
  // Keys of shard `sh` that query term `q` reaches: itself, and for the last
  // term the keys it starts (found by binary search in the sorted keys).
  function reach(sh, q, prefix) {
    var out = [];
    if (sh.t[q]) out.push([q, 1]);
    if (!prefix) return out;
    var keys = sh.keys, lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < q) lo = mid + 1; else hi = mid; }
    for (var i = lo; i < keys.length && out.length < 64 && keys[i].indexOf(q) === 0; i++) {
      if (keys[i] !== q) out.push([keys[i], 0.8]);
    }
    return out;
  }
  // Rank sections: BM25 over every shard (document frequencies summed over
  // the shards), with title and heading matches first. A posting is
  // section * 64 + in title * 32 + in heading * 16 + count.
  function rank(qs) {
    var idx = window.docketSearchIndex, shards = window.docketSearchShards || {};
    var k1 = 1.2, b = 0.75, n = stats.n, avg = stats.avg || 1;
    var reached = [], df = {};
    for (var k = 0; k < idx.shards.length; k++) {
      var sh = shards[k];
      reached.push(sh ? qs.map(function (q, i) { return reach(sh, q, i === qs.length - 1); }) : null);
      if (!sh) continue;
      reached[k].forEach(function (keys) {
        keys.forEach(function (kw) { df[kw[0]] = (df[kw[0]] || 0) + sh.t[kw[0]].length; });
      });
    }
    var hits = new Map();
    reached.forEach(function (perTerm, k) {
      if (!perTerm) return;
      var sh = shards[k];
      perTerm.forEach(function (keys, ti) {
        keys.forEach(function (kw) {
          var idf = Math.log(1 + (n - df[kw[0]] + 0.5) / (df[kw[0]] + 0.5));
          sh.t[kw[0]].forEach(function (p) {
            var s = p >> 6, tf = p & 15, len = sh.s[s][3] || 1;
            var w = kw[1] * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avg));
            var key = k * 1048576 + s;
            var h = hits.get(key);
            if (!h) { h = { k: k, s: s, bm: new Array(qs.length).fill(0), head: 0, title: 0 }; hits.set(key, h); }
            if (w > h.bm[ti]) h.bm[ti] = w;
            if (p & 16) h.head |= 1 << ti;
            if (p & 32) h.title |= 1 << ti;
          });
        });
      });
    });
    var all = [], some = [];
    hits.forEach(function (h) {
      var sh = shards[h.k], sec = sh.s[h.s];
      var matched = h.bm.filter(function (x) { return x > 0; }).length;
      var inHeading = bits(h.head) / qs.length, inTitle = bits(h.title) / qs.length;
      h.score = h.bm.reduce(function (a, x) { return a + x; }, 0)
        + 4 * inHeading + (inHeading === 1 ? 3 : 0)
        + 2 * inTitle + (inTitle === 1 && sec[2] === "" ? 1.5 : 0);
      h.page = sec[0];
      if (matched === qs.length) all.push(h); else { h.score *= matched / qs.length; some.push(h); }
    });
    var out = all.length ? all : some;
    out.sort(function (a, b) { return b.score - a.score || a.page - b.page || a.s - b.s; });
    return out;
  }
  function chunkOf(sh, s) {
    var c = null;
    for (var i = 0; i < sh.c.length && sh.c[i][0] <= s; i++) c = sh.c[i];
    return c;
  }
  function textOf(sh, s) {
    var c = chunkOf(sh, s);
    if (!c) return "";
    var m = /search\/(\d+-\d+)\.js/.exec(c[1]);
    var texts = m && window.docketSearchText && window.docketSearchText[m[1]];
    return (texts && texts[s - c[0]]) || "";
  }
  // The smallest run of terms holding every query term: [first, last] token
  // indexes, or null.
  function window_(toks, qs) {
    var need = qs.length, have = new Array(need).fill(0), count = 0, best = null, lo = 0;
    var which = toks.map(function (t) {
      for (var i = 0; i < qs.length; i++) if (answers(t.t, qs[i], i === qs.length - 1)) return i;
      return -1;
    });
    for (var hi = 0; hi < toks.length; hi++) {
      if (which[hi] < 0) continue;
      if (have[which[hi]]++ === 0) count++;
      while (count === need) {
        if (which[lo] >= 0) {
          if (!best || hi - lo < best[1] - best[0]) best = [lo, hi];
          if (--have[which[lo]] === 0) count--;
        }
        lo++;
      }
    }
    if (!best) {
      var first = which.findIndex(function (w) { return w >= 0; });
      if (first >= 0) best = [first, first];
    }
    return best ? { a: best[0], b: best[1], which: which } : null;
  }
  // Text with the matching terms in <mark>, as DOM nodes (never HTML).
  function marked(text, toks, which, from, to) {
    var frag = document.createDocumentFragment(), at = from;
    toks.forEach(function (t, i) {
      if (which[i] < 0 || t.s < from || t.e > to) return;
      if (t.s > at) frag.appendChild(document.createTextNode(text.slice(at, t.s)));
      var m = document.createElement("mark");
      m.textContent = text.slice(t.s, t.e);
      frag.appendChild(m);
      at = t.e;
    });
    if (at < to) frag.appendChild(document.createTextNode(text.slice(at, to)));
    return frag;
  }
  function highlightText(text, qs) {
    var toks = tokens(text);
    var which = toks.map(function (t) {
      for (var i = 0; i < qs.length; i++) if (answers(t.t, qs[i], i === qs.length - 1)) return i;
      return -1;
    });
    return marked(text, toks, which, 0, text.length);
  }
  // About 180 chars around the best window, cut at spaces.
  function snippet(text, qs) {
    var toks = tokens(text), win = window_(toks, qs);
    var frag = document.createDocumentFragment();
    if (!text) return { frag: frag, bonus: 0 };
    var start = 0, end = Math.min(text.length, 180), bonus = 0;
    if (win) {
      var a = toks[win.a].s, z = toks[win.b].e;
      start = Math.max(0, a - Math.max(40, Math.floor((180 - (z - a)) / 2)));
      end = Math.min(text.length, Math.max(z + 20, start + 180));
      if (qs.length > 1) {
        var span = win.b - win.a + 1;
        bonus = span >= qs.length ? 2.5 * (qs.length - 1) / (span - 1 || 1) : 0;
        if (span === qs.length && toks.slice(win.a, win.b + 1).every(function (t, i) { return win.which[win.a + i] === i; })) bonus += 1.5;
      }
    }
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < (win ? toks[win.a].s : end)) start = sp + 1; }
    if (end < text.length) { var ep = text.lastIndexOf(" ", end); if (ep > start + 40) end = ep; }
    if (start > 0) frag.appendChild(document.createTextNode("\u2026 "));
    frag.appendChild(marked(text, toks, win ? win.which : toks.map(function () { return -1; }), start, end));
    if (end < text.length) frag.appendChild(document.createTextNode(" \u2026"));
    return { frag: frag, bonus: bonus };
  }
  var SHOWN = 20, RERANK = 40, seq = 0, active = -1;
  function show(q) {
    if (!list) return;
    var mine = ++seq;
    var qs = queryTerms(q);
    if (!q.trim() || !qs.length) { list.textContent = ""; list.hidden = true; if (status) status.textContent = ""; return; }
    var ranked = rank(qs);
    // Proximity only matters with two words or more: one word needs the
    // text of the results shown, no more.
    var top = ranked.slice(0, qs.length > 1 ? RERANK : SHOWN);
    var shards = window.docketSearchShards;
    var chunks = {};
    top.forEach(function (h) { var c = chunkOf(shards[h.k], h.s); if (c) chunks[c[1]] = true; });
    Promise.all(Object.keys(chunks).map(function (u) { return script(root + u).catch(function () {}); })).then(function () {
      if (mine !== seq) return;
      top.forEach(function (h) {
        var sn = snippet(textOf(shards[h.k], h.s), qs);
        h.snippet = sn.frag;
        h.score += sn.bonus;
      });
      top.sort(function (a, b) { return b.score - a.score || a.page - b.page || a.s - b.s; });
      render(top.slice(0, SHOWN), ranked.length, qs, q);
    });
  }
  function render(hits, total, qs, q) {
    list.textContent = "";
    active = -1;
    var idx = window.docketSearchIndex, shards = window.docketSearchShards;
    if (!hits.length) {
      var none = document.createElement("li");
      none.className = "no-results";
      none.textContent = "No results";
      list.appendChild(none);
    }
    var param = "?highlight=" + encodeURIComponent(q.trim());
    hits.forEach(function (h) {
      var sec = shards[h.k].s[h.s], page = idx.p[sec[0]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + page[1] + param + (sec[2] ? "#" + sec[2] : "");
      var title = document.createElement("span");
      title.className = "result-title";
      var head = document.createElement("span");
      head.className = "result-heading";
      head.appendChild(highlightText(sec[1], qs));
      title.appendChild(head);
      if (sec[1] !== page[0]) {
        var pg = document.createElement("span");
        pg.className = "result-page";
        pg.textContent = " \u00b7 " + page[0];
        title.appendChild(pg);
      }
      a.appendChild(title);
      if (h.snippet && h.snippet.childNodes.length) {
        var snip = document.createElement("span");
        snip.className = "result-snippet";
        snip.appendChild(h.snippet);
        a.appendChild(snip);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    if (total > hits.length) {
      var more = document.createElement("li");
      more.className = "search-more";
      more.textContent = (total - hits.length) + " more: add a word to narrow the search";
      list.appendChild(more);
    }
    list.hidden = false;
    if (status) status.textContent = total ? total + " results" : "No results";
  }
  function closeResults() {
    if (!list || list.hidden) return false;
    list.hidden = true;
    return true;
  }
  function move(d) {
    var items = list ? list.querySelectorAll("a") : [];
    if (!items.length) return;
    active = (active + d + items.length) % items.length;
    items[active].focus();
  }
  if (input && list) {
    var timer = null;
    input.addEventListener("focus", function () { load().catch(function () {}); if (input.value.trim() && list.childNodes.length) list.hidden = false; });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { load().then(function () { show(input.value); }, function () {}); }, 60);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "Enter") {
        var first = list.querySelector("a");
        if (first && !list.hidden) { e.preventDefault(); first.click(); }
      } else if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        if (!closeResults()) { input.value = ""; input.blur(); }
      }
    });
    list.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); if (active <= 0) { active = -1; input.focus(); } else move(-1); }
      else if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); input.focus(); closeResults(); }
    });
    document.addEventListener("click", function (e) {
      if (!e.target.closest || !e.target.closest(".search")) closeResults();
    });
    // `page.html#search=term` opens with results: shareable searches.
    var m = /(?:^#|&)search=([^&]*)/.exec(location.hash);
    if (m) {
      input.value = decodeURIComponent(m[1]);
      load().then(function () { show(input.value); }, function () {});
    }
  }

  // A page opened from a result: the query's terms highlighted in its text.
  var clearHighlights = function () { return false; };
  var wanted = null;
  try { wanted = new URLSearchParams(location.search).get("highlight"); } catch (e) { wanted = null; }
  var body = document.querySelector("main .markdown") || document.querySelector("main");
  if (wanted && body) {
    var qs = queryTerms(wanted);
    var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.closest("script, style, button, .drift-pop, mark") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var marks = [];
    nodes.forEach(function (n) {
      var frag = highlightText(n.nodeValue, qs);
      var hit = Array.prototype.some.call(frag.childNodes, function (c) { return c.nodeName === "MARK"; });
      if (!hit) return;
      Array.prototype.forEach.call(frag.querySelectorAll("mark"), function (mk) { mk.className = "search-hit"; marks.push(mk); });
      n.parentNode.replaceChild(frag, n);
    });
    clearHighlights = function () {
      if (!marks.length) return false;
      marks.forEach(function (mk) { if (mk.parentNode) mk.replaceWith(document.createTextNode(mk.textContent)); });
      marks = [];
      body.normalize();
      return true;
    };
  }

  // Keyboard: ← and → for the previous and next chapter, / or s for search,
  // Escape closes whatever is open.
  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (e.key === "Escape") {
      if (closeResults() || closePops()) return;
      if (drawerOpen()) { openDrawer(false); if (menu) menu.focus(); return; }
      clearHighlights();
      return;
    }
    if (typingIn(t) || (t.closest && t.closest(".search-results, .sidebar-resize, table, pre"))) return;
    if ((e.key === "/" || e.key === "s") && !e.shiftKey && input) {
      e.preventDefault();
      if (drawerOpen()) openDrawer(false);
      input.focus();
      input.select();
      return;
    }
    if (e.shiftKey) return;
    var rel = e.key === "ArrowLeft" ? "prev" : e.key === "ArrowRight" ? "next" : null;
    if (!rel) return;
    var link = document.querySelector('.prev-next a[rel="' + rel + '"]');
    if (link) { e.preventDefault(); location.href = link.href; }
  });

  // Defines filter.
  var filter = document.getElementById("defines-filter");
  var table = document.getElementById("defines-table");
  if (filter && table) {
    var foldText = function (s) { return Array.from(s).map(foldChar).join(""); };
    filter.addEventListener("input", function () {
      var q = foldText(filter.value.trim());
      table.querySelectorAll("tbody tr").forEach(function (row) {
        row.hidden = q !== "" && foldText(row.textContent).indexOf(q) === -1;
      });
    });
  }
})();
