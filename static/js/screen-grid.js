// The screening grid, made quicker with a keyboard and a mouse. The grid
// works without this script (a plain form; the server applies "set on the
// selected rows" and the selection links); with it:
//   - Enter in a row's field moves to the same field of the next row
//     instead of submitting the grid;
//   - shift-click on a box selects the range from the box clicked before;
//   - "all", "none" and "the next N unscreened" select in place;
//   - a value chosen under "Set on the selected rows" is set on every
//     selected row at once, and the next box ticked starts a new selection;
//   - the row the officer was on is sent with the save, so the page comes
//     back there, and after an htmx swap focus returns to that field.
// No inline script, no eval: it runs under the strict Content-Security-Policy.
// Listeners sit on the document, so they survive htmx swapping the grid;
// the guard keeps a second load (htmx runs the page's scripts again on each
// visit) from adding them twice.
(function () {
  "use strict";
  if (window.ocuScreenGrid) {
    return;
  }
  window.ocuScreenGrid = true;

  var lastBox = null; // the box clicked before, for shift-click ranges
  var spent = false; // a value was set on the selection: the next tick starts anew
  var focusedId = ""; // the field focused when the grid was saved

  function grid() {
    return document.getElementById("grid-form");
  }
  function boxes() {
    var g = grid();
    return g ? Array.prototype.slice.call(g.querySelectorAll("input.grid-sel")) : [];
  }
  function rowOf(el) {
    return el.closest("tr");
  }
  function count() {
    var out = document.getElementById("grid-selected");
    if (!out) {
      return;
    }
    var n = boxes().filter(function (b) { return b.checked; }).length;
    out.textContent = (out.getAttribute("data-text") || "{n}").replace("{n}", String(n));
  }
  function selectOnly(pred) {
    boxes().forEach(function (b, i) { b.checked = pred(b, i); });
    spent = false;
    lastBox = null;
    count();
  }

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key !== "Enter" || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey || !t.dataset || !t.dataset.col || !t.closest("#grid-form")) {
      return;
    }
    e.preventDefault();
    var row = rowOf(t);
    var next = row && row.nextElementSibling;
    var field = next && next.querySelector('[data-col="' + t.dataset.col + '"]');
    if (field) {
      field.focus();
    } else {
      var save = grid().querySelector(".grid-save button");
      if (save) {
        save.focus();
      }
    }
  });

  // The Enter that moved focus must not act again on the field it moved
  // to (a list would open, a text field would submit the grid).
  document.addEventListener("keypress", function (e) {
    var t = e.target;
    if (e.key === "Enter" && t.dataset && t.dataset.col && t.closest("#grid-form")) {
      e.preventDefault();
    }
  });

  document.addEventListener("focusin", function (e) {
    var t = e.target;
    if (!t.closest || !t.closest("#grid-form")) {
      return;
    }
    var at = document.getElementById("grid-at");
    var row = rowOf(t);
    if (at && row && row.id) {
      at.value = row.id;
    }
    if (t.id) {
      focusedId = t.id;
    }
  });

  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!t.closest) {
      return;
    }
    if (t.matches("input.grid-sel")) {
      var all = boxes();
      if (e.shiftKey && lastBox && all.indexOf(lastBox) >= 0) {
        var a = all.indexOf(lastBox), b = all.indexOf(t);
        var lo = Math.min(a, b), hi = Math.max(a, b);
        for (var i = lo; i <= hi; i++) {
          all[i].checked = t.checked;
        }
      } else if (spent) {
        all.forEach(function (b) { if (b !== t) { b.checked = false; } });
        t.checked = true;
      }
      spent = false;
      lastBox = t;
      count();
      return;
    }
    var pick = t.closest("a[data-grid-select]");
    if (pick && pick.closest("#grid-form")) {
      e.preventDefault();
      e.stopPropagation(); // not a boosted navigation either
      var on = pick.getAttribute("data-grid-select") === "all";
      selectOnly(function () { return on; });
    }
  }, true);

  // "The next N unscreened": the first N rows whose outcome still reads
  // unscreened, as the grid stands now.
  document.addEventListener("submit", function (e) {
    if (!e.target || e.target.id !== "grid-pick") {
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    var n = parseInt((document.getElementById("grid-next") || {}).value, 10) || 0;
    selectOnly(function (b) {
      var o = rowOf(b).querySelector('[data-col="o"]');
      if (n > 0 && o && o.value === "unscreened") {
        n--;
        return true;
      }
      return false;
    });
  }, true);

  // A value under "Set on the selected rows" is set on them at once, then
  // the control goes back to "leave as is" (so the save does not set it
  // again) and the next tick starts a new selection.
  function fill(control) {
    var col = control.getAttribute("data-grid-fill");
    if (!col || control.value === "") {
      return;
    }
    var n = 0;
    boxes().forEach(function (b) {
      if (!b.checked) {
        return;
      }
      var field = rowOf(b).querySelector('[data-col="' + col + '"]');
      if (field) {
        field.value = control.value;
        n++;
      }
    });
    if (n > 0) {
      control.value = "";
      spent = true;
    }
  }
  document.addEventListener("change", function (e) {
    if (e.target && e.target.matches && e.target.matches("#grid-form [data-grid-fill]")) {
      fill(e.target);
    }
    if (e.target && e.target.matches && e.target.matches("#grid-form input.grid-sel")) {
      count();
    }
  });

  // After htmx swaps the saved grid in, focus goes back to the field the
  // officer was on, without scrolling the page.
  document.addEventListener("htmx:afterSettle", function () {
    if (!grid()) {
      return;
    }
    count();
    var el = focusedId && document.getElementById(focusedId);
    if (el) {
      el.focus({ preventScroll: true });
    }
  });

  count();
})();
