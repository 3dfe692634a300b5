// The queue list: "select all on this page", the count of selected cases, only the
// fields the chosen bulk action needs, and x to select the row that j/k moved to.
// Progressive enhancement: without this file every field shows and each box is ticked
// by hand.
(function () {
  "use strict";

  function boxes() {
    return Array.prototype.slice.call(
      document.querySelectorAll("table[data-rows] input[name=ticket]"));
  }

  function updateCount() {
    var out = document.querySelector("[data-selected-count]");
    var all = document.querySelector("[data-select-page]");
    var list = boxes();
    var n = list.filter(function (b) { return b.checked; }).length;
    if (out) {
      out.textContent = n ? "(" + out.getAttribute("data-template").replace("{n}", n) + ")" : "";
    }
    if (all) {
      all.checked = n > 0 && n === list.length;
      all.indeterminate = n > 0 && n < list.length;
    }
  }

  function selectPage() {
    var all = document.querySelector("[data-select-page]");
    if (!all || !boxes().length) { return; }
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes().forEach(function (b) { b.checked = all.checked; });
      updateCount();
    });
    boxes().forEach(function (b) { b.addEventListener("change", updateCount); });
    updateCount();
  }

  var FIELDS = { assign: "bulk-assign", status: "bulk-status", transfer: "bulk-transfer", tag: "bulk-tag", major: "bulk-major" };

  function actionFields() {
    var action = document.getElementById("action");
    if (!action) { return; }
    function show() {
      Object.keys(FIELDS).forEach(function (key) {
        document.querySelectorAll("#bulk ." + FIELDS[key]).forEach(function (el) {
          var on = action.value === key;
          el.hidden = !on;
          el.querySelectorAll("input, select").forEach(function (input) { input.disabled = !on; });
        });
      });
    }
    action.addEventListener("change", show);
    show();
  }

  function isTyping(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function toggleKey() {
    if (!document.body.hasAttribute("data-shortcuts")) { return; }
    document.addEventListener("keydown", function (event) {
      if (event.key !== "x" || event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (isTyping(event.target)) { return; }
      var row = document.querySelector("table[data-rows] tr.is-selected");
      var box = row && row.querySelector("input[name=ticket]");
      if (!box) { return; }
      event.preventDefault();
      box.checked = !box.checked;
      updateCount();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    selectPage();
    actionFields();
    toggleKey();
  });
})();
