// The standard-answer picker in the composer: a combobox over the ticket's answers
// (fetched filled in for the ticket), arrows choose, Enter inserts at the cursor of the
// reply textarea (#reply-body). Alt+Shift+S focuses the search. Without this script the
// server-rendered list of answers (#answer-list) stays readable.
(function () {
  "use strict";
  // After a macro the page shows the agent's kept draft for that POST; the address
  // becomes the ticket's own again, so a reload is a GET and never applies it twice.
  var composer = document.getElementById("composer");
  if (composer && composer.dataset.canonical && window.history.replaceState) {
    window.history.replaceState(null, "", composer.dataset.canonical);
  }
  var picker = document.getElementById("answer-picker");
  var body = document.getElementById("reply-body") || document.querySelector("#composer textarea");
  if (!picker || !body || picker.dataset.ready) return;
  picker.dataset.ready = "1";
  var input = document.getElementById("answer-search");
  var list = document.getElementById("answer-options");
  var status = document.getElementById("answer-status");
  var fallback = document.getElementById("answer-list");
  var items = [];
  var active = -1;
  var timer = null;
  var cursor = null; // where the agent's cursor was in the reply when they left it

  picker.hidden = false;
  if (fallback) fallback.hidden = true;

  body.addEventListener("blur", function () {
    cursor = [body.selectionStart, body.selectionEnd];
  });

  function say(text) { status.textContent = text; }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function render() {
    list.innerHTML = "";
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "answer-option-" + item.id;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = item.title;
      li.addEventListener("mousedown", function (e) { e.preventDefault(); insert(i); });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    say(items.length ? "" : picker.dataset.none);
  }

  function search() {
    var url = picker.dataset.url + "?q=" + encodeURIComponent(input.value);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) { items = data.items || []; render(); if (items.length) choose(0); });
  }

  function insert(index) {
    var item = items[index];
    if (!item) return;
    var start = cursor ? cursor[0] : body.value.length;
    var end = cursor ? cursor[1] : body.value.length;
    body.value = body.value.slice(0, start) + item.text + body.value.slice(end);
    var at = start + item.text.length;
    close();
    input.value = "";
    body.focus();
    body.setSelectionRange(at, at);
    cursor = [at, at];
    body.dispatchEvent(new Event("input", { bubbles: true }));
    say(picker.dataset.inserted.replace("{title}", item.title));
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener("focus", function () { if (list.hidden) search(); });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) { search(); } else { choose(active + 1); } }
    else if (e.key === "ArrowUp") { e.preventDefault(); choose(active - 1); }
    else if (e.key === "Enter") { e.preventDefault(); if (!list.hidden && active >= 0) insert(active); }
    else if (e.key === "Escape") { if (!list.hidden) { e.preventDefault(); close(); } }
  });
  document.addEventListener("keydown", function (e) {
    if (e.altKey && e.shiftKey && (e.key === "S" || e.key === "s" || e.code === "KeyS")) {
      e.preventDefault();
      input.focus();
    }
  });
})();
