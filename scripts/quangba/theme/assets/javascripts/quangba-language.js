/* quangba: suggest the visitor's language on the home page (partials/language-suggestion.html).
   The first language in navigator.languages that the site has, if it is not the page's, gets
   its note shown, in that language, with a link to its home page. Never a redirect; a
   dismissal is remembered on this device. */
(function () {
  "use strict";
  var KEY = "quangba.suggest.dismissed";
  var box = document.querySelector("[data-qb-suggest]");
  if (!box) return;
  try { if (window.localStorage.getItem(KEY)) return; } catch (e) { /* storage off: still suggest */ }
  var page = (document.documentElement.lang || "").toLowerCase().split("-")[0];
  var wanted = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""]);
  var item = null;
  for (var i = 0; i < wanted.length && !item; i++) {
    var base = String(wanted[i]).toLowerCase().split("-")[0];
    if (base === page) return;  // the visitor reads the page's language before any other
    item = box.querySelector('[data-qb-suggest-lang="' + base.replace(/[^a-z]/g, "") + '"]');
  }
  if (!item) return;
  item.hidden = false;
  box.hidden = false;
  item.querySelector("[data-qb-suggest-close]").addEventListener("click", function () {
    box.hidden = true;
    try { window.localStorage.setItem(KEY, "1"); } catch (e) { /* nothing to remember with */ }
  });
})();
