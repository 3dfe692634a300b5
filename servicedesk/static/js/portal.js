/* The employee portal's progressive enhancements. Without JavaScript every form works as
   plain HTML (the file field takes several files, the server checks them and keeps the
   typed text). With it: a drop zone around each checked file field, the size and type
   checked in the browser before anything is sent, the service search matching names,
   descriptions and keywords, and the expected answer time following the chosen service.
   Every message comes from the page (translated by the server). */
(function () {
  "use strict";

  function extension(name) {
    var dot = name.lastIndexOf(".");
    return dot === -1 ? "" : name.slice(dot + 1).toLowerCase();
  }

  // The files' problems, in the server's words ("name: problem").
  function problems(input) {
    var types = (input.getAttribute("data-types") || "").split(" ");
    var maxFile = Number(input.getAttribute("data-max-file"));
    var maxTotal = Number(input.getAttribute("data-max-total"));
    var found = [];
    var total = 0;
    Array.prototype.forEach.call(input.files || [], function (file) {
      total += file.size;
      if (types.indexOf(extension(file.name)) === -1) {
        found.push(file.name + ": " + input.getAttribute("data-msg-type"));
      } else if (file.size > maxFile) {
        found.push(file.name + ": " + input.getAttribute("data-msg-size"));
      }
    });
    if (!found.length && total > maxTotal) { found.push(input.getAttribute("data-msg-total")); }
    return found;
  }

  function describedBy(input, id, on) {
    var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (x) {
      return x && x !== id;
    });
    if (on) { ids.push(id); }
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); }
    else { input.removeAttribute("aria-describedby"); }
  }

  // Show (or clear) the browser check's error next to the field, as the server would.
  function report(input, zone) {
    var field = input.closest(".field");
    var id = input.id + "-check";
    var box = document.getElementById(id);
    var found = problems(input);
    if (!found.length) {
      if (box) { box.remove(); }
      describedBy(input, id, false);
      if (!field.querySelector("#" + input.id + "-err")) {
        field.classList.remove("has-error");
        input.removeAttribute("aria-invalid");
      }
    } else {
      if (!box) {
        box = document.createElement("p");
        box.className = "error";
        box.id = id;
        box.setAttribute("role", "alert");
        zone.insertAdjacentElement("afterend", box);
      }
      box.textContent = found.join(" ");
      describedBy(input, id, true);
      field.classList.add("has-error");
      input.setAttribute("aria-invalid", "true");
    }
    listChosen(input, zone);
    return found.length === 0;
  }

  function listChosen(input, zone) {
    var list = zone.querySelector(".chosen-files");
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) { if (list) { list.remove(); } return; }
    if (!list) {
      list = document.createElement("div");
      list.className = "chosen-files";
      list.setAttribute("aria-live", "polite");
      zone.appendChild(list);
    }
    list.textContent = "";
    var heading = document.createElement("p");
    heading.textContent = input.getAttribute("data-msg-chosen");
    var ul = document.createElement("ul");
    files.forEach(function (file) {
      var li = document.createElement("li");
      li.textContent = file.name;
      ul.appendChild(li);
    });
    list.appendChild(heading);
    list.appendChild(ul);
  }

  function dropZone(input) {
    var zone = document.createElement("div");
    zone.className = "drop-zone";
    var hint = document.createElement("p");
    hint.className = "drop-hint";
    hint.textContent = input.getAttribute("data-msg-drop");
    input.parentNode.insertBefore(zone, input);
    zone.appendChild(hint);
    zone.appendChild(input);
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("is-over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
      // Dropped files join those already chosen (the field keeps them all).
      var all = new DataTransfer();
      Array.prototype.forEach.call(input.files || [], function (f) { all.items.add(f); });
      Array.prototype.forEach.call(event.dataTransfer.files, function (f) { all.items.add(f); });
      input.files = all.files;
      report(input, zone);
    });
    input.addEventListener("change", function () { report(input, zone); });
    input.form.addEventListener("submit", function (event) {
      if (!report(input, zone)) {
        event.preventDefault();
        input.focus();
      }
    });
  }

  function uploadChecks() {
    document.querySelectorAll("input[type=file][data-upload-check]").forEach(dropZone);
  }

  // The service search asks the server (names, descriptions and keywords match) and
  // narrows the <select> to what it found; without JavaScript the whole list is there.
  function serviceSearch() {
    var input = document.querySelector("[data-service-search]");
    if (!input) { return; }
    var select = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById(input.getAttribute("data-status"));
    var url = input.getAttribute("data-service-search");
    var timer = null;
    var asked = 0;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var q = input.value.trim();
        var mine = ++asked;
        fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (body) {
            if (!body || mine !== asked) { return; }
            var ids = body.ids.map(String);
            var first = null;
            Array.prototype.forEach.call(select.options, function (o) {
              var show = !q || o.value === "0" || ids.indexOf(o.value) !== -1;
              o.hidden = !show;
              o.disabled = !show;
              if (show && o.value !== "0" && !first) { first = o; }
            });
            if (q && first && select.value !== first.value) {
              select.value = first.value;
              select.dispatchEvent(new Event("change"));
            }
            if (status) { status.textContent = body.message; }
          })
          .catch(function () { /* the plain list still works */ });
      }, 200);
    });
  }

  // "You get an answer within 1 working day", for the service and the likely priority.
  function expectedAnswer() {
    var box = document.querySelector("[data-expected-answer]");
    if (!box) { return; }
    var form = box.closest("form");
    var url = box.getAttribute("data-expected-answer");
    function update() {
      var data = new FormData(form);
      var params = ["service", "impact", "urgency"].map(function (name) {
        return name + "=" + encodeURIComponent(data.get(name) || "");
      }).join("&");
      fetch(url + "?" + params, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) { if (body) { box.textContent = body.text; } })
        .catch(function () { /* the text for the first choice stays */ });
    }
    form.addEventListener("change", function (event) {
      var name = event.target.name;
      if (name === "service" || name === "impact" || name === "urgency") { update(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    uploadChecks();
    serviceSearch();
    expectedAnswer();
  });
})();
