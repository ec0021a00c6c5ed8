// docket's page script: theme toggle, offline search, defines filter.
// No dependencies; works from file:// (the index is a script, not fetched JSON).
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var html = document.documentElement;

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
      toggle.setAttribute("aria-pressed", String(next === "dark"));
      try { localStorage.setItem("docket-theme", next); } catch (e) { /* storage off: session only */ }
    });
  }

  // Search. Terms are made the way the index was built: lowercase, accents
  // folded, CJK as character bigrams.
  var extra = { "ß": "s", "ł": "l", "đ": "d", "ø": "o", "ı": "i" };
  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[ßłđøı]/g, function (c) { return extra[c]; });
  }
  function isCjk(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) || (n >= 0xac00 && n <= 0xd7af) || (n >= 0xf900 && n <= 0xfaff);
  }
  function terms(q) {
    var out = [], word = "", cjk = [];
    function flushCjk() {
      if (cjk.length === 1) out.push(cjk[0]);
      for (var i = 0; i + 1 < cjk.length; i++) out.push(cjk[i] + cjk[i + 1]);
      cjk = [];
    }
    Array.from(fold(q)).forEach(function (c) {
      if (isCjk(c)) { if (word) { out.push(word); word = ""; } cjk.push(c); }
      else if (/[\p{L}\p{N}_]/u.test(c)) { flushCjk(); word += c; }
      else { flushCjk(); if (word) { out.push(word); word = ""; } }
    });
    flushCjk();
    if (word) out.push(word);
    return out;
  }
  var input = document.getElementById("docket-search");
  var list = document.getElementById("docket-results");
  var loading = null;
  function script(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  // The index is a list of pages and shards; every shard is loaded before
  // the first search, as scripts so the site works from file://.
  function load() {
    if (loading) return loading;
    loading = script(root + "search-index.js").then(function () {
      return Promise.all(window.docketSearchIndex.shards.map(function (u) { return script(root + u); }));
    });
    return loading;
  }
  function searchShard(sh, ts) {
    var acc = null;
    ts.forEach(function (t, i) {
      var hits = {};
      (sh.t[t] || []).forEach(function (s) { hits[s] = true; });
      if (i === ts.length - 1) {
        // The last term may still be being typed: accept any word it starts.
        Object.keys(sh.t).forEach(function (k) {
          if (k.length > t.length && k.indexOf(t) === 0) sh.t[k].forEach(function (s) { hits[s] = true; });
        });
      }
      acc = acc === null ? hits : Object.keys(acc).reduce(function (o, s) { if (hits[s]) o[s] = true; return o; }, {});
    });
    return Object.keys(acc || {}).map(Number).sort(function (a, b) { return a - b; }).map(function (s) { return sh.s[s]; });
  }
  function search(q) {
    var idx = window.docketSearchIndex;
    var shards = window.docketSearchShards || {};
    var ts = terms(q);
    if (!idx || !ts.length) return [];
    var out = [];
    // Shards in order, so results keep the book's order.
    for (var k = 0; k < idx.shards.length && out.length < 30; k++) {
      if (shards[k]) out = out.concat(searchShard(shards[k], ts));
    }
    return out.slice(0, 30);
  }
  var active = -1;
  function show(q) {
    if (!list) return;
    list.textContent = "";
    active = -1;
    if (!q.trim()) { list.hidden = true; return; }
    var hits = search(q);
    if (!hits.length) {
      var none = document.createElement("li");
      none.className = "no-results";
      none.textContent = "No results";
      list.appendChild(none);
    }
    hits.forEach(function (h) {
      var page = window.docketSearchIndex.p[h[0]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + page[1] + (h[2] ? "#" + h[2] : "");
      var t = document.createElement("span");
      t.className = "result-page";
      t.textContent = page[0];
      var head = document.createElement("span");
      head.className = "result-heading";
      head.textContent = h[1];
      var snip = document.createElement("span");
      snip.className = "result-snippet";
      snip.textContent = h[3];
      a.appendChild(t); a.appendChild(head); a.appendChild(snip);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
  }
  function move(d) {
    var items = list ? list.querySelectorAll("a") : [];
    if (!items.length) return;
    active = (active + d + items.length) % items.length;
    items[active].focus();
  }
  if (input && list) {
    input.addEventListener("focus", function () { load().catch(function () {}); });
    input.addEventListener("input", function () { load().then(function () { show(input.value); }, function () {}); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      if (e.key === "Escape") { input.value = ""; show(""); }
    });
    list.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      if (e.key === "Escape") { input.focus(); }
    });
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
      if (e.key === "/" && !typing) { e.preventDefault(); input.focus(); }
    });
    // `page.html#search=term` opens with results: shareable searches.
    var m = /(?:^#|&)search=([^&]*)/.exec(location.hash);
    if (m) {
      input.value = decodeURIComponent(m[1]);
      load().then(function () { show(input.value); }, function () {});
    }
  }

  // Defines filter.
  var filter = document.getElementById("defines-filter");
  var table = document.getElementById("defines-table");
  if (filter && table) {
    filter.addEventListener("input", function () {
      var q = fold(filter.value.trim());
      table.querySelectorAll("tbody tr").forEach(function (row) {
        row.hidden = q !== "" && fold(row.textContent).indexOf(q) === -1;
      });
    });
  }
})();
