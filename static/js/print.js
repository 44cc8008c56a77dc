/* The handout's Print button (no inline handlers: CSP). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("print-button");
    if (button) { button.addEventListener("click", function () { window.print(); }); }
  });
})();
