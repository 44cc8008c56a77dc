/* Keyboard navigation for search suggestions (no inline scripts: CSP).
   Down arrow from the box moves focus into the list; up/down move between suggestions;
   Escape returns to the box; Enter follows the focused link natively. */
(function () {
  "use strict";
  function links(list) {
    return Array.prototype.slice.call(list.querySelectorAll("a.suggestion"));
  }
  function setup() {
    var box = document.getElementById("q");
    var list = document.getElementById("suggestions");
    if (!box || !list) { return; }
    box.addEventListener("keydown", function (event) {
      var items = links(list);
      if (!items.length) { return; }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        items[0].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        items[items.length - 1].focus();
      } else if (event.key === "Escape") {
        list.innerHTML = "";
      }
    });
    list.addEventListener("keydown", function (event) {
      var items = links(list);
      var index = items.indexOf(document.activeElement);
      if (index < 0) { return; }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        items[Math.min(index + 1, items.length - 1)].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (index === 0) { box.focus(); } else { items[index - 1].focus(); }
      } else if (event.key === "Escape") {
        event.preventDefault();
        box.focus();
      } else if (event.key === "Home") {
        event.preventDefault();
        items[0].focus();
      } else if (event.key === "End") {
        event.preventDefault();
        items[items.length - 1].focus();
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
