/* The new-case form's outage banners follow the chosen service: a banner shows while the
   service picker names one of its services (the server renders them all, hidden unless
   their service was posted). The banners are announced politely when one appears. */
(function () {
  "use strict";
  function follow(box) {
    var picker = document.getElementById(box.getAttribute("data-notice-picker"));
    if (!picker) { return; }
    box.setAttribute("aria-live", "polite");
    function update() {
      var chosen = picker.value;
      Array.prototype.forEach.call(box.querySelectorAll("[data-services]"), function (banner) {
        var ids = banner.getAttribute("data-services").split(" ");
        banner.hidden = !chosen || ids.indexOf(chosen) === -1;
      });
    }
    picker.addEventListener("change", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-notice-picker]"), follow);
  });
})();
