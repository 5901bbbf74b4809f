/* Study page keys: Space (or Enter) shows the answer, 1-4 rate, U (or Ctrl+Z) undoes.
   Everything here has a plain link or button behind it; without JavaScript the page still works. */
(function () {
  "use strict";

  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function reveal() {
    var back = document.getElementById("back");
    if (!back || !back.hidden) return false;
    back.hidden = false;
    var show = document.getElementById("show-answer");
    if (show) show.closest(".flip-actions").hidden = true;
    var good = back.querySelector('button[data-rating="3"]');
    if (good) good.focus({ preventScroll: true });
    return true;
  }

  function rate(n) {
    var back = document.getElementById("back");
    if (!back || back.hidden) return false;
    var button = back.querySelector('button[data-rating="' + n + '"]');
    if (!button || button.disabled) return false;
    // a second key press while the first is on its way must not rate twice
    back.querySelectorAll("button[data-rating]").forEach(function (b) { b.disabled = true; });
    var form = document.getElementById("rate-form");
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "rating";
    input.value = String(n);
    form.appendChild(input);
    form.submit();
    return true;
  }

  function undo() {
    var form = document.getElementById("undo-form");
    if (!form) return false;
    form.submit();
    return true;
  }

  function onKey(event) {
    if (event.altKey || event.metaKey || typing(event.target)) return;
    if (event.ctrlKey) {
      if (event.key === "z" && undo()) event.preventDefault();
      return;
    }
    var handled = false;
    if (event.key === " " || event.key === "Spacebar" || event.key === "Enter") {
      // Enter on a focused button or link keeps its own meaning
      if (event.key === "Enter" && event.target && event.target.closest("a, button")) return;
      handled = reveal();
    } else if (/^[1-4]$/.test(event.key)) {
      handled = rate(Number(event.key));
    } else if (event.key === "u" || event.key === "U") {
      handled = undo();
    }
    if (handled) event.preventDefault();
  }

  function setUp() {
    if (document.getElementById("flashcard")) {
      document.addEventListener("keydown", onKey);
      var show = document.getElementById("show-answer");
      if (show) {
        show.addEventListener("click", function (event) {
          if (reveal()) event.preventDefault();
        });
      }
    }
    var zoneButton = document.getElementById("use-browser-zone");
    var zoneInput = document.getElementById("time_zone");
    if (zoneButton && zoneInput && window.Intl) {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone && zone !== zoneInput.value) {
        zoneButton.textContent = "Use this device's time zone (" + zone + ")";
        zoneButton.hidden = false;
        zoneButton.addEventListener("click", function () { zoneInput.value = zone; });
      }
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
