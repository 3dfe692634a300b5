// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Forms with errors: move focus to the error summary so keyboard and screen-reader users
  // land on it; its links move focus to the field (not only scroll to it).
  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (!summary) { return; }
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) { return; }
        event.preventDefault();
        var focusable = target.matches("input, select, textarea") ? target :
          target.querySelector("input, select, textarea");
        (focusable || target).focus();
      });
    });
  }

  // A search box that narrows a long <select> (the service picker).
  function filterSelects() {
    document.querySelectorAll("[data-filter-select]").forEach(function (input) {
      var select = document.getElementById(input.getAttribute("data-filter-select"));
      if (!select) { return; }
      var options = Array.prototype.slice.call(select.options);
      input.addEventListener("input", function () {
        var q = input.value.trim().toLowerCase();
        var firstMatch = null;
        options.forEach(function (o) {
          var show = !q || o.value === "0" || o.text.toLowerCase().indexOf(q) !== -1;
          o.hidden = !show;
          o.disabled = !show;
          if (show && o.value !== "0" && !firstMatch) { firstMatch = o; }
        });
        if (q && firstMatch) { select.value = firstMatch.value; }
      });
    });
  }

  // Keyboard shortcuts for agents (documented on /help/shortcuts). They never act while
  // the user types in a field, or when a modifier key is held.
  function isTyping(target) {
    if (!target) { return false; }
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function rows() {
    var table = document.querySelector("table[data-rows]");
    if (!table) { return []; }
    return Array.prototype.filter.call(table.tBodies[0].rows, function (row) {
      return row.querySelector("a[href]");
    });
  }

  function selectRow(delta) {
    var list = rows();
    if (!list.length) { return; }
    var current = list.findIndex(function (r) { return r.classList.contains("is-selected"); });
    var next = current === -1 ? 0 : Math.max(0, Math.min(list.length - 1, current + delta));
    if (current !== -1) { list[current].classList.remove("is-selected"); }
    list[next].classList.add("is-selected");
    list[next].querySelector("a[href]").focus();
  }

  function openSelected() {
    var row = document.querySelector("table[data-rows] tr.is-selected a[href]");
    if (row) { window.location.href = row.href; return true; }
    return false;
  }

  function focusFirst(selectors) {
    for (var i = 0; i < selectors.length; i++) {
      var el = document.querySelector(selectors[i]);
      if (el) { el.focus(); return true; }
    }
    return false;
  }

  function shortcuts() {
    var body = document.body;
    if (!body.hasAttribute("data-shortcuts")) { return; }
    var pendingG = false;
    var gTimer = null;
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (event.key === "Escape" && isTyping(event.target)) { event.target.blur(); return; }
      if (isTyping(event.target)) { return; }
      var key = event.key;
      if (pendingG) {
        pendingG = false;
        clearTimeout(gTimer);
        if (key === "q") { window.location.href = body.getAttribute("data-queues"); }
        else if (key === "t") { window.location.href = body.getAttribute("data-tickets"); }
        else { return; }
        event.preventDefault();
        return;
      }
      var handled = true;
      if (key === "g") {
        pendingG = true;
        gTimer = setTimeout(function () { pendingG = false; }, 1500);
      } else if (key === "/") {
        handled = focusFirst(["#f-q", "#find-q", "input[type=search]"]);
      } else if (key === "j") {
        selectRow(1);
      } else if (key === "k") {
        selectRow(-1);
      } else if (key === "o" || (key === "Enter" && event.target === body)) {
        handled = openSelected();
      } else if (key === "r") {
        handled = focusFirst(["#reply-body", "#body"]);
      } else if (key === "c") {
        var claim = document.querySelector("form[data-claim]");
        if (claim) { claim.requestSubmit(); } else { handled = false; }
      } else if (key === "?") {
        window.location.href = body.getAttribute("data-shortcuts");
      } else {
        handled = false;
      }
      if (handled) { event.preventDefault(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrors();
    filterSelects();
    shortcuts();
  });
})();
