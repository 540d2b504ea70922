/* Every page, progressive enhancement (the site works without this file):
 * - marks <html> with the class "js", so that the stylesheet may collapse the menu on narrow
 *   screens behind the "Menu" button (without scripts the menu simply stays open);
 * - the menu button opens and closes the menu (aria-expanded follows; Escape closes it and
 *   returns to the button);
 * - the menus in <details> (official tools, the account) close on a click elsewhere or Escape.
 * Loaded in <head> without defer so that the class is set before the page is painted. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setOpen(toggle, menu, open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  }

  function ready() {
    var toggle = document.querySelector(".site-menu-toggle");
    var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (toggle && menu) {
      toggle.addEventListener("click", function () {
        setOpen(toggle, menu, toggle.getAttribute("aria-expanded") !== "true");
      });
    }
    var dropdowns = Array.prototype.slice.call(document.querySelectorAll("details.nav-dropdown"));
    dropdowns.forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (!details.open) { return; }
        dropdowns.forEach(function (other) { if (other !== details) { other.open = false; } });
      });
    });
    document.addEventListener("click", function (event) {
      dropdowns.forEach(function (details) {
        if (details.open && !details.contains(event.target)) { details.open = false; }
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var active = document.activeElement;
      var openDropdown = dropdowns.filter(function (d) { return d.open && d.contains(active); })[0];
      if (openDropdown) {
        openDropdown.open = false;
        openDropdown.querySelector("summary").focus();
        return;
      }
      if (toggle && menu && toggle.getAttribute("aria-expanded") === "true" &&
          menu.contains(active)) {
        setOpen(toggle, menu, false);
        toggle.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
