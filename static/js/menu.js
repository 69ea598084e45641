// The header's menu on narrow screens: folded behind its button, opened and closed by it, closed
// by Escape (focus goes back to the button). Without this file, or on wide screens, the menu is
// a plain visible list: header.css shows the button only once the header is "menu-enhanced".
(function () {
  "use strict";
  var header = document.querySelector("[data-menu]");
  var button = header && header.querySelector(".menu-button");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;

  function isOpen() {
    return button.getAttribute("aria-expanded") === "true";
  }
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  setOpen(false);
  header.classList.add("menu-enhanced");
  button.addEventListener("click", function () {
    setOpen(!isOpen());
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !isOpen()) return;
    var wasInside = menu.contains(document.activeElement) || document.activeElement === button;
    setOpen(false);
    // The button is visible on narrow screens only; elsewhere focus stays where it was.
    if (wasInside && button.offsetParent !== null) button.focus();
  });
})();
