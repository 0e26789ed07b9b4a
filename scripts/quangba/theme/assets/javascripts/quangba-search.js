/* quangba: the header search box, driven by Pagefind.
 *
 * Pagefind (built by `quangba build`, see quangba/web/search.py) writes one index per
 * <html lang> into <site>/pagefind/; `pagefind.js` picks the index of the page's own
 * language, so a visitor only ever gets results in the language they are reading.
 * This script replaces Material's lunr search component and keeps its behaviour: the
 * `__search` toggle opens and closes the box, focus opens it, Escape and Tab close it,
 * Enter goes to the best result, the arrow keys move through the results, and "f", "s"
 * or "/" focus the box. Results use Material's own markup, so they look native.
 * Everything is loaded from the site itself.
 */
(function () {
  "use strict";

  // The build versions the address of Pagefind's script (`data-qb-pagefind` on this script's
  // tag), so a new release's pages never run with a browser's cached copy of an older one.
  var me = document.currentScript;
  var pagefindVersion = (me && me.getAttribute("data-qb-pagefind")) || "";
  var root = document.querySelector("[data-qb-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var query = root.querySelector("[data-qb-search-query]");
  var result = root.querySelector("[data-qb-search-result]");
  var meta = result.querySelector(".md-search-result__meta");
  var list = result.querySelector(".md-search-result__list");
  var scrollwrap = root.querySelector(".md-search__scrollwrap");
  var form = query.form;

  var config = {};
  try {
    config = JSON.parse(document.getElementById("__config").textContent);
  } catch (err) { /* no configuration: defaults below */ }
  var strings = config.translations || {};
  var siteRoot = new URL((config.base || ".").replace(/\/?$/, "/"), location.href);

  var FIRST = 10;          // results rendered at once; more when the list is scrolled to its end
  var MORE = 10;
  var TEASERS = 3;         // sections of a page shown under it; the rest behind "N more on this page"

  function t(key, count) {
    var text = strings[key] || "";
    return count === undefined ? text : text.replace("#", String(count));
  }

  /* -- the toggle: Material watches its "change" event (scroll lock, overlay) -------------- */
  function isOpen() { return toggle.checked; }
  function setOpen(open) {
    if (toggle.checked !== open) toggle.click();
  }

  /* -- Pagefind, loaded on first use ----------------------------------------------------- */
  var pagefind = null;
  function loadPagefind() {
    if (!pagefind) {
      var script = "pagefind/pagefind.js" + (pagefindVersion ? "?v=" + encodeURIComponent(pagefindVersion) : "");
      pagefind = import(new URL(script, siteRoot).href).then(function (module) {
        return module.options({ baseUrl: siteRoot.pathname }).then(function () {
          return module.init();
        }).then(function () { return module; });
      });
      pagefind.catch(function (err) {
        console.warn("quangba: search is not available:", err);
        pagefind = null;
      });
    }
    return pagefind;
  }

  /* -- rendering in Material's markup ---------------------------------------------------- */
  function element(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { el.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  /* Pagefind's excerpts are escaped text with <mark> around the hits: keep only those. */
  function excerpt(html) {
    var p = document.createElement("p");
    var parts = String(html || "").split(/(<mark>|<\/mark>)/);
    var inside = false;
    var scratch = document.createElement("textarea");
    parts.forEach(function (part) {
      if (part === "<mark>") { inside = true; return; }
      if (part === "</mark>") { inside = false; return; }
      if (!part) return;
      scratch.innerHTML = part;              // decode entities, never interpreted as markup
      var text = document.createTextNode(scratch.value);
      if (inside) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        p.appendChild(mark);
      } else {
        p.appendChild(text);
      }
    });
    return p;
  }

  function resultLink(url, score, parent, title, text) {
    return element("a", { href: url, "class": "md-search-result__link", tabindex: "-1" }, [
      element("article", {
        "class": "md-search-result__article md-typeset" + (parent ? " md-search-result__article--document" : ""),
        "data-md-score": score.toFixed(2)
      }, [
        parent ? element("div", { "class": "md-search-result__icon md-icon" }) : null,
        element(parent ? "h1" : "h2", {}, [title]),
        text ? excerpt(text) : null
      ])
    ]);
  }

  function renderItem(data, score) {
    var title = (data.meta && data.meta.title) || data.url;
    var page = data.url.split("#")[0];
    var sections = (data.sub_results || []).filter(function (sub) {
      return sub.url.split("#")[0] === page && sub.url.indexOf("#") !== -1 && sub.title !== title;
    });
    var children = [resultLink(data.url, score, true, title, data.excerpt)];
    sections.slice(0, TEASERS).forEach(function (sub) {
      children.push(resultLink(sub.url, score, false, sub.title, sub.excerpt));
    });
    var more = sections.slice(TEASERS);
    if (more.length) {
      var label = more.length === 1 ? t("search.result.more.one") : t("search.result.more.other", more.length);
      children.push(element("details", { "class": "md-search-result__more" }, [
        element("summary", { tabindex: "-1" }, [element("div", {}, [label])])
      ].concat(more.map(function (sub) {
        return resultLink(sub.url, score, false, sub.title, sub.excerpt);
      }))));
    }
    return element("li", { "class": "md-search-result__item" }, children);
  }

  function showCount(count, value) {
    if (count === 0) meta.textContent = value ? t("search.result.none") : t("search.result.placeholder");
    else if (count === 1) meta.textContent = t("search.result.one");
    else meta.textContent = t("search.result.other", count);
  }

  /* -- exact words first ------------------------------------------------------------------
     Pagefind matches the last word of a query as a prefix and folds diacritics, so "trà"
     also finds Tân Trào ("trà" + "o"), and a page that says Trào eight times outranks the
     one that says trà once. A reader who typed a whole word wants it: the first RERANK
     results are put in tiers by how each query word is written in the page's text (as typed,
     with its diacritics: 3; the same letters without them, "tra" for "trà": 2; only a longer
     word: 1), Pagefind's order kept within a tier. Only for languages that write a space
     between words and keep compounds apart: Chinese, Japanese, Lao and Thai have no spaces,
     and Korean glues nouns into compounds (옥수수술 is the corn wine's 술), so there a word's
     edges are not in the text and Pagefind's order stays. */
  var RERANK = 20;
  var lang = (document.documentElement.getAttribute("lang") || "").toLowerCase().split("-")[0];
  var SPACED = ["zh", "ja", "ko", "lo", "th", "km", "my"].indexOf(lang) === -1;
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;

  function words(text) {
    return (String(text || "").normalize("NFC").toLocaleLowerCase(lang || undefined).match(WORD)) || [];
  }
  function folded(word) {
    return word.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d");
  }
  function tier(queryWords, text) {
    var exact = new Set(), plain = new Set();
    words(text).forEach(function (w) {
      exact.add(w);
      plain.add(folded(w));
    });
    return queryWords.reduce(function (sum, q) {
      return sum + (exact.has(q) ? 3 : plain.has(folded(q)) ? 2 : 1);
    }, 0);
  }
  function exactFirst(value, results) {
    var queryWords = words(value);
    if (!SPACED || !queryWords.length || results.length < 2) return Promise.resolve(results);
    var head = results.slice(0, RERANK);
    return Promise.all(head.map(function (hit) { return hit.data(); })).then(function (datas) {
      var ranked = head.map(function (hit, i) {
        var data = datas[i];
        return { hit: hit, order: i, tier: tier(queryWords, ((data.meta && data.meta.title) || "") + " " + data.content) };
      });
      ranked.sort(function (a, b) { return b.tier - a.tier || a.order - b.order; });
      return ranked.map(function (r) { return r.hit; }).concat(results.slice(RERANK));
    });
  }

  /* -- searching ------------------------------------------------------------------------- */
  var generation = 0;      // a newer query makes older answers stale
  var pending = [];        // results not rendered yet (rendered as the list is scrolled)
  var timer = null;

  function clear() {
    generation += 1;
    pending = [];
    list.innerHTML = "";
  }

  function renderMore(count) {
    var batch = pending.splice(0, count);
    var mine = generation;
    return Promise.all(batch.map(function (hit) { return hit.data(); })).then(function (datas) {
      if (mine !== generation) return;
      datas.forEach(function (data, i) { list.appendChild(renderItem(data, batch[i].score || 0)); });
    });
  }

  var shown = "";           // the query whose results are on screen

  function run() {
    var value = query.value.trim();
    clear();
    shown = null;
    var mine = generation;
    if (!value) {
      showCount(0, "");
      return Promise.resolve();
    }
    return (loadPagefind() || Promise.reject(new Error("unavailable"))).then(function (module) {
      return module.search(value);
    }).then(function (answer) {
      if (mine !== generation || !answer) return;
      return exactFirst(value, answer.results);
    }).then(function (results) {
      if (mine !== generation || !results) return;
      pending = results.slice();
      showCount(pending.length, value);
      return renderMore(FIRST).then(function () {
        if (mine === generation) shown = value;
      });
    }).catch(function () {
      if (mine === generation) showCount(0, value);
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  }

  scrollwrap.addEventListener("scroll", function () {
    if (pending.length && scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 80) renderMore(MORE);
  }, { passive: true });

  query.addEventListener("input", function (ev) {
    if (ev.isComposing) return;            // wait for the IME to finish a CJK word
    schedule();
  });
  query.addEventListener("compositionend", schedule);
  /* Focus opens the box, at once: on a phone the closed box has no size, and a text field
     without size does not move its caret while one types. A click on the header's
     <label for="__search"> opens the box by itself, right after its click handlers ran. */
  var fromLabel = false;
  query.addEventListener("focus", function () {
    loadPagefind();
    if (!fromLabel) setOpen(true);
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { clear(); showCount(0, ""); query.focus(); });
  });

  /* Open or close: the list is a list only while the box is open (as in Material). */
  function syncList() {
    list.setAttribute("role", isOpen() ? "list" : "presentation");
    list.hidden = !isOpen();
  }
  toggle.addEventListener("change", syncList);
  syncList();

  /* The header's search button (a <label for="__search">) opens the box and focuses it. */
  var button = document.querySelector("header [for=__search]");
  if (button) {
    button.addEventListener("click", function () {
      fromLabel = !isOpen();
      query.focus();
      fromLabel = false;
    });
  }

  /* Following a result closes the box. */
  root.addEventListener("click", function (ev) {
    if (ev.target instanceof Element && ev.target.closest("a")) setOpen(false);
  });

  /* -- keyboard (Material's behaviour) --------------------------------------------------- */
  function typing(el) {
    if (!el) return false;
    if (el instanceof HTMLInputElement) return el.type !== "radio";
    return el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement || el.isContentEditable;
  }

  window.addEventListener("keydown", function (ev) {
    if (ev.metaKey || ev.ctrlKey || ev.altKey || ev.isComposing || ev.keyCode === 229) return;
    var active = document.activeElement;
    if (!isOpen()) {
      if ((ev.key === "f" || ev.key === "s" || ev.key === "/") && !typing(active)) {
        ev.preventDefault();
        query.focus();
        query.select();
      }
      return;
    }
    switch (ev.key) {
      case "Enter":
        if (active === query) {
          ev.preventDefault();
          clearTimeout(timer);
          var follow = function () {
            var best = list.querySelector(".md-search-result__link");  // Pagefind ranks best first
            if (best) best.click();
          };
          if (shown === query.value.trim()) follow();
          else run().then(follow);              // typed faster than the results came
        }
        break;
      case "Escape":
      case "Tab":
        setOpen(false);
        query.blur();
        break;
      case "ArrowUp":
      case "ArrowDown":
        var targets = [query].concat(Array.prototype.slice.call(
          list.querySelectorAll(":not(details) > [href], summary, details[open] [href]")));
        var index = Math.max(0, targets.indexOf(active));
        targets[(index + targets.length + (ev.key === "ArrowUp" ? -1 : 1)) % targets.length].focus();
        ev.preventDefault();
        break;
      default:
        if (active !== query && ev.key.length === 1) query.focus();
    }
  });

  /* A link to `?q=…` opens the box with that query, as Material's search does. */
  var params = new URLSearchParams(location.search);
  if (params.has("q")) {
    query.value = params.get("q");
    setOpen(true);
    query.focus();
    run();
  }
})();
