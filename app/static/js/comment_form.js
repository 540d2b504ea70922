/* The comment form, progressive enhancement (the form works without this file): when
 * "Part of the document" changes, the read-only "Current wording" shows the chosen unit's text.
 * The server quotes the same text from the draft when it saves the comment, whatever the page
 * showed. The texts come from a data-* attribute set by the server. */
(function () {
  "use strict";
  var box = document.getElementById("current-wording");
  var select = document.getElementById("unit");
  if (!box || !select) { return; }
  var wordings = JSON.parse(box.getAttribute("data-wordings") || "{}");
  select.addEventListener("change", function () {
    var text = Object.prototype.hasOwnProperty.call(wordings, select.value) ? wordings[select.value] : "";
    box.textContent = text || box.getAttribute("data-general") || "";
  });
}());
