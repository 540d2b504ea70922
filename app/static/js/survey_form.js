/* The survey form, progressive enhancement (the form works without this file: the server
 * ignores the answers to questions whose condition is not met): a question shown only "if the
 * answer to question A is X" is hidden until A's answer is X. */
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  if (!form) { return; }
  var dependants = form.querySelectorAll("[data-show-if-question]");
  if (!dependants.length) { return; }

  function answers(questionId) {
    var chosen = [];
    var inputs = form.querySelectorAll("[name='q" + questionId + "']");
    Array.prototype.forEach.call(inputs, function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
      chosen.push(input.value);
    });
    return chosen;
  }

  function update() {
    Array.prototype.forEach.call(dependants, function (fieldset) {
      var source = document.getElementById("question-" + fieldset.getAttribute("data-show-if-question"));
      var shown = !(source && source.hidden) &&
        answers(fieldset.getAttribute("data-show-if-question")).indexOf(fieldset.getAttribute("data-show-if-value")) !== -1;
      fieldset.hidden = !shown;
    });
  }

  form.addEventListener("change", update);
  update();
}());
