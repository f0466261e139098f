// The case form's helpers, on top of a form that works without them:
// - each country picker (a <details> of checkboxes) gets a filter that
//   narrows its list as one types, and its summary lists what is ticked;
// - the raid country follows the raising country until someone chooses
//   another one.
// Loaded with defer; no inline script, no eval (the Content-Security-Policy
// allows neither). htmx runs it again after a boosted page change, so
// every step is idempotent.
(function () {
  "use strict";

  // fold lowers case and drops accents: "cote" finds "Côte d'Ivoire".
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function initPicker(p) {
    if (p.dataset.ready) return;
    p.dataset.ready = "1";
    var search = p.querySelector(".picker-search");
    var filter = p.querySelector(".picker-filter");
    var chosen = p.querySelector(".picker-chosen");
    var items = Array.prototype.slice.call(p.querySelectorAll(".picker-list li"));
    if (!search || !filter || !chosen) return;
    search.hidden = false;
    filter.addEventListener("input", function () {
      var q = fold(filter.value.trim());
      items.forEach(function (li) {
        li.hidden = q !== "" && fold(li.textContent).indexOf(q) < 0;
      });
    });
    // Enter in the filter moves to the first country shown rather than
    // sending the whole form half filled. Focus moves on keyup: moved on
    // keydown, the same key's keypress would reach the checkbox, and
    // Enter on a checkbox sends the form.
    function isEnter(e) { return e.key === "Enter"; }
    filter.addEventListener("keydown", function (e) { if (isEnter(e)) e.preventDefault(); });
    filter.addEventListener("keypress", function (e) { if (isEnter(e)) e.preventDefault(); });
    filter.addEventListener("keyup", function (e) {
      if (!isEnter(e)) return;
      e.preventDefault();
      var first = p.querySelector(".picker-list li:not([hidden]) input");
      if (first) first.focus();
    });
    p.addEventListener("change", function (e) {
      if (!e.target || e.target.type !== "checkbox") return;
      var names = items.filter(function (li) {
        return li.querySelector("input").checked;
      }).map(function (li) {
        return li.textContent.trim();
      });
      chosen.textContent = names.length ? names.join(", ") : chosen.getAttribute("data-none");
    });
  }

  function initFollow(form) {
    var raising = form.querySelector("select#raising_country");
    var country = form.querySelector("select#country");
    if (!raising || !country || raising.dataset.ready) return;
    raising.dataset.ready = "1";
    var last = raising.value;
    raising.addEventListener("change", function () {
      // Only a raid country nobody chose (empty, or the one it followed)
      // follows: a choice made by hand stays.
      if (country.value === "" || country.value === last) {
        country.value = raising.value;
      }
      last = raising.value;
    });
  }

  function init() {
    document.querySelectorAll("details.picker").forEach(initPicker);
    document.querySelectorAll("form.case-form").forEach(initFollow);
  }

  init();
  if (!window.ocuCaseForm) {
    window.ocuCaseForm = true;
    document.addEventListener("htmx:load", init);
  }
})();
