// The review page: approve, reject or put back to pending in place, without reloading the page.
// The forms work without JavaScript (a POST and a redirect back to the question); with it, the
// form is sent with fetch (the CSRF token in the X-CSRFToken header) and the question's card is
// replaced by the one the server sends back, with the bank's counts.
(function () {
  "use strict";
  var queue = document.querySelector(".review-queue");
  if (!queue || !window.fetch || !window.FormData) return;
  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  queue.parentNode.insertBefore(live, queue);

  function updateCounts(counts) {
    Object.keys(counts).forEach(function (status) {
      var el = document.querySelector('#status-counts [data-count="' + status + '"]');
      if (el) el.textContent = counts[status];
    });
  }

  queue.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("js-review-form")) return;
    event.preventDefault();
    var button = event.submitter;
    var data = new FormData(form);
    if (button && button.name) data.append(button.name, button.value);
    var card = form.closest(".review-item");
    var token = form.querySelector('input[name="csrf_token"]');
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    // not form.action: the buttons are named "action", and form.action would be them
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
    })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (reply) {
        var holder = document.createElement("div");
        holder.innerHTML = reply.html;
        var fresh = holder.firstElementChild;
        card.replaceWith(fresh);
        updateCounts(reply.counts);
        live.textContent = "Question " + fresh.id.slice(1) + " is now " + reply.status + ".";
        var focus = fresh.querySelector("button");
        if (focus) focus.focus();
      })
      .catch(function () {
        // the plain form still works: let it do the job, with the button that was pressed
        if (button && button.name) {
          var hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = button.name;
          hidden.value = button.value;
          form.appendChild(hidden);
        }
        HTMLFormElement.prototype.submit.call(form);
      });
  });
})();
