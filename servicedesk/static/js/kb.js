/* The knowledge base's progressive enhancements. Without JavaScript the new-case form has
   a link to the knowledge base search and the ticket page links each suggested article.
   With it: articles suggested as the employee types the title or picks a service (up to
   five, in an aria-live region, "Det löste mitt problem" ends the flow without a case),
   and on the ticket page "Insert link" / "Insert text" put an article into the reply.
   Every message comes from the page (translated by the server). */
(function () {
  "use strict";

  function filingSuggestions() {
    var box = document.querySelector("[data-kb-suggest]");
    if (!box) { return; }
    var form = box.closest("form");
    var title = form && form.querySelector("[name=title]");
    if (!title) { return; }
    var service = form.querySelector("[name=service]");
    var section = box.querySelector(".kb-suggestions");
    var list = box.querySelector("[data-kb-items]");
    var message = box.querySelector("[data-kb-message]");
    var template = box.querySelector("template[data-kb-item]");
    var link = box.querySelector("[data-kb-search-link]");
    var url = box.getAttribute("data-kb-suggest");
    var searchUrl = box.getAttribute("data-kb-search");
    var timer = null;
    var asked = 0;
    var dismissed = false;

    function chosenService() {
      var value = service ? service.value : "";
      return value && value !== "0" ? value : "";
    }

    function show(body) {
      list.textContent = "";
      body.items.forEach(function (item) {
        var li = template.content.firstElementChild.cloneNode(true);
        var a = li.querySelector("[data-kb-title]");
        a.href = item.url;
        a.textContent = item.title;
        var note = document.createElement("span");
        note.className = "visually-hidden";
        note.textContent = " " + (box.getAttribute("data-msg-new-tab") || "");
        a.appendChild(note);
        li.querySelector("[data-kb-solved]").addEventListener("click", function () {
          solved(item.solved_url);
        });
        list.appendChild(li);
      });
      message.textContent = body.message;
      section.hidden = body.items.length === 0;
    }

    // "Det löste mitt problem": a post of its own (never the new-case form's default
    // button, so Enter in the title still files the case), with the page's CSRF token.
    function solved(action) {
      var post = document.createElement("form");
      post.method = "post";
      post.action = action;
      var token = document.createElement("input");
      token.type = "hidden";
      token.name = "csrf_token";
      token.value = form.querySelector("[name=csrf_token]").value;
      post.appendChild(token);
      document.body.appendChild(post);
      post.submit();
    }

    function ask() {
      var q = title.value.trim();
      var s = chosenService();
      link.href = searchUrl + "?filing=1&q=" + encodeURIComponent(q) + (s ? "&service=" + s : "");
      if (dismissed) { return; }
      var mine = ++asked;
      fetch(url + "?q=" + encodeURIComponent(q) + "&service=" + encodeURIComponent(s), {
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) { if (body && mine === asked) { show(body); } })
        .catch(function () { /* the search link still works */ });
    }

    title.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 300);
    });
    if (service) { service.addEventListener("change", ask); }
    box.querySelector("[data-kb-continue]").addEventListener("click", function () {
      dismissed = true;
      section.hidden = true;
      var next = form.querySelector("[name=description]") || title;
      next.focus();
    });
    if (title.value.trim() || chosenService()) { ask(); }
  }

  // The ticket page's panel: fetched after the page, then its insert buttons wired.
  function ticketPanel() {
    var box = document.querySelector("[data-kb-panel]");
    if (!box) { insertIntoReply(); return; }
    fetch(box.getAttribute("data-kb-panel"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        box.querySelector("[data-kb-panel-body]").innerHTML = html;
        insertIntoReply();
      })
      .catch(function () { /* the link to the panel's page stays */ });
  }

  function insertIntoReply() {
    var status = document.getElementById("kb-insert-status");
    document.querySelectorAll("[data-kb-insert]").forEach(function (button) {
      var body = document.querySelector("#composer textarea[name=body]");
      if (!body) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-kb-insert");
        var start = body.selectionStart || body.value.length;
        var before = body.value.slice(0, start);
        var gap = before && !/\n$/.test(before) ? "\n\n" : "";
        body.value = before + gap + text + body.value.slice(body.selectionEnd || start);
        body.focus();
        if (status) { status.textContent = button.getAttribute("data-msg-done") || ""; }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    filingSuggestions();
    ticketPanel();
  });
})();
