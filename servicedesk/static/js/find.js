// Progressive enhancement for the header and the phone form; all of it works without JS.
(function () {
  "use strict";

  // The main menu folds behind a button on narrow screens.
  function menuButton() {
    var button = document.querySelector(".menu-button");
    var list = document.getElementById("main-menu");
    if (!button || !list) { return; }
    var narrow = window.matchMedia("(max-width: 62rem)");
    document.documentElement.classList.add("js-menu");
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { list.removeAttribute("data-collapsed"); } else { list.setAttribute("data-collapsed", ""); }
    }
    function fit() {
      button.hidden = !narrow.matches;
      set(!narrow.matches);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    narrow.addEventListener("change", fit);
    fit();
  }

  // Disclosure groups in the header: one open at a time; Escape or a click elsewhere closes.
  function navGroups() {
    var groups = Array.prototype.slice.call(document.querySelectorAll("details.nav-group"));
    groups.forEach(function (group) {
      group.addEventListener("toggle", function () {
        if (!group.open) { return; }
        groups.forEach(function (other) { if (other !== group) { other.open = false; } });
      });
      group.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && group.open) {
          group.open = false;
          group.querySelector("summary").focus();
          event.stopPropagation();
        }
      });
    });
    document.addEventListener("click", function (event) {
      groups.forEach(function (group) {
        if (group.open && !group.contains(event.target)) { group.open = false; }
      });
    });
  }

  // The phone form's caller search: the WAI-ARIA combobox pattern (list autocomplete).
  function callerSearch() {
    var input = document.querySelector("input[data-people]");
    if (!input) { return; }
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var pickUrl = input.getAttribute("data-people-pick");
    var status = document.getElementById(input.getAttribute("data-people-status"));
    var url = input.getAttribute("data-people");
    var options = [];
    var active = -1;
    var timer = null;
    var asked = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark(index) {
      options.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function pick(li) {
      input.value = li.getAttribute("data-label");
      close();
      window.location.href = pickUrl + (pickUrl.indexOf("?") === -1 ? "?" : "&") +
        "caller_id=" + encodeURIComponent(li.getAttribute("data-id"));
    }
    function render(people) {
      list.textContent = "";
      options = people.map(function (person, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-id", person.id);
        li.setAttribute("data-label", person.name);
        var name = document.createElement("span");
        name.textContent = person.name;
        var detail = document.createElement("span");
        detail.className = "detail";
        detail.textContent = [person.email, person.phone, person.employee_number, person.unit]
          .filter(Boolean).join(" · ");
        li.appendChild(name);
        li.appendChild(detail);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { pick(li); });
        list.appendChild(li);
        return li;
      });
      var open = options.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      active = -1;
      status.textContent = people.length ? status.getAttribute("data-found").replace("%s", people.length)
        : status.getAttribute("data-none");
    }
    function ask() {
      var q = input.value.trim();
      if (q.length < 2) { close(); status.textContent = ""; return; }
      if (q === asked) { return; }
      asked = q;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { people: [] }; })
        .then(function (data) { if (input.value.trim() === q) { render(data.people || []); } })
        .catch(function () { close(); });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        if (list.hidden && options.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        if (options.length) { mark(Math.min(options.length - 1, active + 1)); }
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        if (options.length) { mark(Math.max(0, active - 1)); }
        event.preventDefault();
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        pick(options[active]);
        event.preventDefault();
      } else if (event.key === "Escape" && !list.hidden) {
        close();
        event.preventDefault();
        event.stopPropagation();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    menuButton();
    navGroups();
    callerSearch();
  });
})();
