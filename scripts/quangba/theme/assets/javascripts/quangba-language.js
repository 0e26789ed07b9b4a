/* quangba: the close button of the language suggestion on the home page
   (partials/language-suggestion.html, whose inline script shows the note in the visitor's
   language before the first paint). A dismissal is remembered on this device, and the
   inline script then shows nothing. */
(function () {
  "use strict";
  var KEY = "quangba.suggest.dismissed";
  var box = document.querySelector("[data-qb-suggest]");
  if (!box) return;
  box.addEventListener("click", function (ev) {
    if (!(ev.target instanceof Element) || !ev.target.closest("[data-qb-suggest-close]")) return;
    box.hidden = true;
    try { window.localStorage.setItem(KEY, "1"); } catch (e) { /* nothing to remember with */ }
  });
})();
