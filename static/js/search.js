/* Search suggestions and their keyboard navigation (no inline scripts: CSP).
   Home search: htmx fills #suggestions under #q; Enter follows the focused link natively.
   Regimen rows (input[data-suggest]): the same suggestion fragment is fetched here, and
   choosing a suggestion fills the row with that drug's name instead of leaving the page.
   Down arrow from a box moves focus into its list; up/down move between suggestions;
   Escape returns to the box. */
(function () {
  "use strict";
  var MIN_CHARS = 3;
  function links(list) {
    return Array.prototype.slice.call(list.querySelectorAll("a.suggestion"));
  }
  function wire(box, list, pick) {
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
      } else if (event.key === "Enter" && pick) {
        event.preventDefault();
        pick(items[index]);
      }
    });
    if (pick) {
      list.addEventListener("click", function (event) {
        var link = event.target.closest ? event.target.closest("a.suggestion") : null;
        if (!link) { return; }
        event.preventDefault();
        pick(link);
      });
    }
  }
  function regimenRow(box) {
    var list = document.getElementById(box.getAttribute("aria-controls"));
    var status = document.getElementById(box.id + "-status");
    if (!list) { return; }
    var timer = null;
    var latest = 0;
    function clear() { list.innerHTML = ""; }
    function load() {
      var q = box.value.trim();
      var ticket = ++latest;
      if (q.length < MIN_CHARS) { clear(); return; }
      fetch(box.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), {
        headers: { "Accept": "text/html" }, credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.text() : "";
      }).then(function (html) {
        if (ticket !== latest) { return; }  // a newer request is on its way
        var doc = new DOMParser().parseFromString(html, "text/html");
        var announce = doc.getElementById("suggest-status");
        if (announce) { announce.parentNode.removeChild(announce); }
        list.innerHTML = "";
        Array.prototype.slice.call(doc.body.childNodes).forEach(function (node) {
          list.appendChild(document.importNode(node, true));
        });
        if (status) { status.textContent = announce ? announce.textContent : ""; }
      }).catch(function () { /* no suggestions: the form still works */ });
    }
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, 150);
    });
    wire(box, list, function (link) {
      box.value = link.getAttribute("data-name") || link.textContent.trim();
      clear();
      if (status) { status.textContent = ""; }
      box.focus();
    });
  }
  function setup() {
    var box = document.getElementById("q");
    var list = document.getElementById("suggestions");
    if (box && list) { wire(box, list, null); }
    Array.prototype.slice.call(document.querySelectorAll("input[data-suggest]")).forEach(regimenRow);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
