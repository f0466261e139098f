// In-page links (the skip link, an error summary's links to its fields)
// move focus to their target once the key that followed them is released.
//
// Why: Chromium follows a link on Enter's keydown. The fragment navigation
// focuses the target (a form field) and, depending on timing, the same
// key's keypress then reaches that field: Enter in a field sends its form.
// The form went again, came back with the same errors a moment later, and
// its [autofocus] error summary took focus back from the field, or from
// whatever the user had moved on to (under load, after they had started
// typing). Here the link makes no navigation, and focus moves only when
// Enter is up, so its keypress has nowhere to go.
//
// Without JavaScript the links work as plain fragments. Loaded with defer;
// no inline script, no eval.
(function () {
  "use strict";
  if (window.ocuInPageLinks) return;
  window.ocuInPageLinks = true;

  var focusable = /^(INPUT|SELECT|TEXTAREA|BUTTON|A|SUMMARY)$/;

  function focusOn(target) {
    if (!focusable.test(target.tagName) && !target.hasAttribute("tabindex")) {
      // A landmark such as <main>: focusable by script only, so Tab goes
      // on from there.
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  }

  document.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var a = e.target.closest && e.target.closest('a[href^="#"]');
    if (!a) return;
    var id = decodeURIComponent(a.getAttribute("href").slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    e.preventDefault();
    if (e.detail !== 0) {
      focusOn(target); // a pointer: no key to wait for
      return;
    }
    // From the keyboard: swallow Enter's keypress, move on its keyup (or
    // soon, should no keyup come, as from assistive technology).
    var done = false;
    function swallow(k) { if (k.key === "Enter") k.preventDefault(); }
    function finish() {
      if (done) return;
      done = true;
      document.removeEventListener("keypress", swallow, true);
      document.removeEventListener("keyup", onKeyUp, true);
      focusOn(target);
    }
    function onKeyUp(k) { if (k.key === "Enter") finish(); }
    document.addEventListener("keypress", swallow, true);
    document.addEventListener("keyup", onKeyUp, true);
    setTimeout(finish, 500);
  });
})();
