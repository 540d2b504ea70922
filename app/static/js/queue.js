/* The answer work queue, progressive enhancement (the page works without this file: each
 * remark has its own checkbox): shows a "select all on this page" checkbox in the table's
 * header, which ticks or clears every remark's checkbox and shows a mixed state when only some
 * are ticked. */
(function () {
  "use strict";
  function ready() {
    var all = document.querySelector(".queue-select-all");
    if (!all) { return; }
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".queue-select"));
    if (!boxes.length) { return; }
    function sync() {
      var ticked = boxes.filter(function (b) { return b.checked; }).length;
      all.checked = ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
      sync();
    });
    boxes.forEach(function (b) { b.addEventListener("change", sync); });
    sync();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
