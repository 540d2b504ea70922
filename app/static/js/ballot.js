/* Ballot pages, progressive enhancement (the form works without this file):
 * ranked ballots get "move up/down" buttons and drag-and-drop that renumber the rank selects;
 * points ballots get a live "points left" counter; approval ballots a live budget meter.
 * Messages come from data-* attributes set by the server in the page's language. */
(function () {
  "use strict";
  var form = document.getElementById("ballot-form");
  if (!form) { return; }
  var text = JSON.parse(form.getAttribute("data-text") || "{}");
  function fmt(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (_, name) {
      return values[name] !== undefined ? values[name] : "";
    });
  }

  /* --- ranked --- */
  var list = document.getElementById("ranked-list");
  var status = document.getElementById("ballot-status");
  function items() { return Array.prototype.slice.call(list.querySelectorAll("li.ballot-option")); }
  function selectOf(li) { return li.querySelector("select.rank-select"); }
  function titleOf(li) { return li.querySelector("label").textContent.trim(); }
  function renumber() {
    var rank = 0;
    items().forEach(function (li) {
      var select = selectOf(li);
      if (select.value !== "") { rank += 1; select.value = String(rank); }
    });
  }
  function sortByRank() {
    var all = items();
    var count = all.length + 1;
    all.sort(function (a, b) {
      var ra = selectOf(a).value === "" ? count : parseInt(selectOf(a).value, 10);
      var rb = selectOf(b).value === "" ? count : parseInt(selectOf(b).value, 10);
      return ra - rb;
    });
    all.forEach(function (li) { list.appendChild(li); });
  }
  function announce(li) {
    var select = selectOf(li);
    status.textContent = select.value === ""
      ? fmt(text.unranked, { title: titleOf(li) })
      : fmt(text.moved, { title: titleOf(li), rank: select.value });
  }
  function move(li, step) {
    var select = selectOf(li);
    if (select.value === "") {
      // ranking an unranked option puts it last among the ranked ones
      var ranked = items().filter(function (x) { return selectOf(x).value !== ""; });
      select.value = String(ranked.length + 1);
      sortByRank();
    } else {
      var sibling = step < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (sibling && (step < 0 || selectOf(sibling).value !== "")) {
        if (step < 0) { list.insertBefore(li, sibling); } else { list.insertBefore(sibling, li); }
      }
    }
    renumber();
    announce(li);
  }
  if (list && status) {
    items().forEach(function (li) {
      var holder = document.createElement("div");
      holder.className = "btn-group btn-group-sm ms-auto";
      [["up", -1, text.up], ["down", 1, text.down]].forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-outline-secondary rank-" + spec[0];
        button.textContent = spec[2];
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = ": " + titleOf(li);
        button.appendChild(hidden);
        button.addEventListener("click", function () { move(li, spec[1]); button.focus(); });
        holder.appendChild(button);
      });
      li.querySelector("div").appendChild(holder);
      li.setAttribute("draggable", "true");
      li.addEventListener("dragstart", function (event) {
        li.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", li.getAttribute("data-key"));
      });
      li.addEventListener("dragend", function () { li.classList.remove("dragging"); });
      li.addEventListener("dragover", function (event) { event.preventDefault(); });
      li.addEventListener("drop", function (event) {
        event.preventDefault();
        var dragged = list.querySelector("li.dragging");
        if (!dragged || dragged === li) { return; }
        list.insertBefore(dragged, li);
        if (selectOf(dragged).value === "") { selectOf(dragged).value = "1"; }
        // everything above a ranked option is ranked too
        var seen = false;
        items().slice().reverse().forEach(function (x) {
          if (x === dragged) { seen = true; }
          if (seen && selectOf(x).value === "") { selectOf(x).value = "1"; }
        });
        renumber();
        announce(dragged);
      });
      selectOf(li).addEventListener("change", function () {
        // the chosen rank wins: the other ranked options make room, ranks close up without gaps
        var select = selectOf(li);
        var others = items().filter(function (x) { return x !== li; });
        var ranked = others.filter(function (x) { return selectOf(x).value !== ""; });
        var unranked = others.filter(function (x) { return selectOf(x).value === ""; });
        if (select.value !== "") {
          var at = Math.min(parseInt(select.value, 10) - 1, ranked.length);
          ranked.splice(at, 0, li);
        } else {
          unranked.unshift(li);
        }
        ranked.concat(unranked).forEach(function (x) { list.appendChild(x); });
        renumber();
        select.focus();
        announce(li);
      });
    });
  }

  /* --- points --- */
  var left = document.getElementById("points-left");
  if (left) {
    var total = parseInt(left.getAttribute("data-total"), 10);
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input.points-input"));
    var update = function () {
      var used = 0;
      inputs.forEach(function (input) {
        var n = parseInt(input.value, 10);
        if (!isNaN(n) && n > 0) { used += n; }
      });
      var remaining = total - used;
      left.textContent = remaining >= 0
        ? fmt(text.points_left, { left: remaining, total: total })
        : fmt(text.points_over, { over: -remaining, total: total });
      left.classList.toggle("text-danger", remaining < 0);
    };
    inputs.forEach(function (input) { input.addEventListener("input", update); });
    update();
  }

  /* --- approval with a budget --- */
  var meter = document.getElementById("budget-meter");
  if (meter) {
    var budget = parseFloat(meter.getAttribute("data-budget"));
    var budgetStatus = document.getElementById("budget-status");
    var bar = document.createElement("meter");
    bar.min = 0; bar.max = budget; bar.low = budget * 0.9; bar.high = budget * 0.9; bar.optimum = 0;
    bar.className = "w-100";
    bar.setAttribute("aria-hidden", "true");
    meter.insertBefore(bar, budgetStatus);
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input.choice-input"));
    var money = function (n) { return n.toLocaleString(document.documentElement.lang || "pl", { minimumFractionDigits: n % 1 ? 2 : 0, maximumFractionDigits: 2 }) + " zł"; };
    var refresh = function () {
      var spent = 0;
      boxes.forEach(function (box) { if (box.checked) { spent += parseFloat(box.getAttribute("data-cost")) || 0; } });
      bar.value = Math.min(spent, budget);
      var message;
      if (spent > budget) {
        message = fmt(text.budget_over, { spent: money(spent), budget: money(budget), over: money(spent - budget) });
      } else if (spent >= budget * 0.9 && spent > 0) {
        message = fmt(text.budget_near, { spent: money(spent), budget: money(budget), left: money(budget - spent) });
      } else {
        message = fmt(text.budget_ok, { spent: money(spent), budget: money(budget), left: money(budget - spent) });
      }
      budgetStatus.textContent = message;
      budgetStatus.classList.toggle("text-danger", spent > budget);
      budgetStatus.classList.toggle("text-warning-emphasis", spent <= budget && spent >= budget * 0.9 && spent > 0);
    };
    boxes.forEach(function (box) { box.addEventListener("change", refresh); });
    refresh();
  }
})();
