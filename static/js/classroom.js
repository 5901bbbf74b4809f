/* Classroom live pages: follow the server's pushed events (EventSource on data-push-url) and, when there
   is no stream (push off, no EventSource, the stream broke), poll the state endpoint with ETags; swap the
   live fragment when it changes; send answers as JSON with the CSRF token in the X-CSRFToken header; count
   timers down. Without this script the pages still work: forms post normally and waiting pages refresh
   themselves. */
(function () {
  "use strict";

  var live = document.querySelector("[data-live]");
  if (!live || !window.fetch) {
    return;
  }
  var stateUrl = live.getAttribute("data-state-url");
  var etag = live.getAttribute("data-etag") || "";
  var pollMs = parseInt(live.getAttribute("data-poll-ms"), 10) || 2000;
  var timer = null;
  var inFlight = false;
  var again = false;
  var failures = 0;
  var pushUrl = live.getAttribute("data-push-url");
  var source = null;
  var streaming = false; // an open stream brings the changes: no polling meanwhile
  var reopenTimer = null;
  var reopenMs = 2000;

  function csrfToken() {
    var meta = document.querySelector("meta[name=csrf-token]");
    if (meta) {
      return meta.getAttribute("content");
    }
    var input = live.querySelector("input[name=csrf_token]") || document.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  function schedule(ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(poll, ms);
  }

  function swap(data) {
    live.innerHTML = data.html;
    if (data.poll_ms) {
      pollMs = data.poll_ms;
    }
    if (data.etag) {
      etag = data.etag;
    }
    // a fragment shared by every phone carries no clock: the seconds left come with the JSON
    startTimers(typeof data.seconds_left === "number" ? data.seconds_left : null);
    live.dispatchEvent(new CustomEvent("classroom:updated", { bubbles: true, detail: { mode: data.mode } }));
  }

  function poll() {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    var headers = { Accept: "application/json" };
    if (etag) {
      headers["If-None-Match"] = '"' + etag + '"';
    }
    fetch(stateUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) {
          return null;
        }
        if (response.status === 403) {
          return response.json().then(function (body) {
            if (body && body.join) {
              window.location.href = body.join;
            }
            return null;
          });
        }
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        var tag = response.headers.get("ETag");
        if (tag) {
          etag = tag.replace(/^W\//, "").replace(/"/g, "");
        }
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        if (data && typeof data.html === "string") {
          swap(data);
        }
      })
      .catch(function () {
        failures += 1;
      })
      .then(function () {
        inFlight = false;
        if (again) {
          again = false;
          poll();
          return;
        }
        if (streaming) {
          return;
        }
        // back off while the server is unreachable (a phone in a tunnel, a restart), up to 15 s
        schedule(Math.min(pollMs * Math.pow(2, failures), 15000));
      });
  }

  function showError(form, message) {
    var box = form.querySelector("[data-error]");
    if (box) {
      box.textContent = message;
      box.hidden = false;
    }
  }

  function setBusy(form, busy) {
    var buttons = form.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i += 1) {
      buttons[i].disabled = busy;
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var action = form.getAttribute && form.getAttribute("data-json-action");
    if (!action) {
      return;
    }
    event.preventDefault();
    var body = new FormData(form);
    if (event.submitter && event.submitter.name) {
      body.append(event.submitter.name, event.submitter.value);
    }
    setBusy(form, true);
    fetch(action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { status: response.status, data: data || {} };
        });
      })
      .then(function (result) {
        if (result.data.ok) {
          if (typeof result.data.html === "string") {
            swap(result.data); // the acknowledgement brings the next page along
          } else {
            etag = "";
            poll();
          }
          return;
        }
        setBusy(form, false);
        showError(form, result.data.error || result.data.message || "The answer was not accepted.");
        if (result.status === 409) {
          // refused as too late: show what the question looks like now
          etag = "";
          poll();
        }
      })
      .catch(function () {
        setBusy(form, false);
        showError(form, "Could not reach the server. Check the connection and send again: an answer sent twice counts once.");
      });
  });

  var countdown = null;

  function startTimers(secondsLeft) {
    window.clearInterval(countdown);
    var clocks = live.querySelectorAll("[data-seconds-left]");
    if (!clocks.length) {
      return;
    }
    var seconds = secondsLeft === null || secondsLeft === undefined
      ? parseInt(clocks[0].getAttribute("data-seconds-left"), 10)
      : secondsLeft;
    var endsAt = Date.now() + 1000 * seconds;
    countdown = window.setInterval(function () {
      var left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      for (var i = 0; i < clocks.length; i += 1) {
        clocks[i].textContent = left + " s left";
      }
      if (left === 0) {
        window.clearInterval(countdown);
        // the server closes the question by time: ask for the reveal right away
        window.setTimeout(poll, 300);
      }
    }, 250);
  }

  function onEvent(message) {
    var data;
    try {
      data = JSON.parse(message.data);
    } catch (e) {
      return;
    }
    if (data.type === "question" && typeof data.html === "string") {
      // the same fragment for every phone, built once by the server; this phone's ETag is unknown now
      etag = "";
      swap(data);
    } else if (data.type === "state" && typeof data.html === "string") {
      // this phone's own page (its reveal), as state.json would give it, with its ETag
      etag = "";
      swap(data);
    } else {
      // the end or anything else that differs per phone: ask once, spread over a second so a class does
      // not arrive in the same millisecond
      window.clearTimeout(timer);
      timer = window.setTimeout(poll, Math.floor(Math.random() * 1000));
    }
  }

  function openStream() {
    window.clearTimeout(reopenTimer);
    source = new window.EventSource(pushUrl);
    source.onmessage = onEvent;
    source.onopen = function () {
      streaming = true;
      reopenMs = 2000;
      // catch up on whatever changed while there was no stream, then wait for events
      window.clearTimeout(timer);
      poll();
    };
    source.onerror = function () {
      // the browser retries a dropped stream by itself; meanwhile (and if it gives up) poll, backing off
      // as polls do while the server is unreachable
      var wasStreaming = streaming;
      streaming = false;
      if (wasStreaming && !inFlight) {
        schedule(pollMs);
      }
      if (source.readyState === 2) {
        // closed for good (a 204: push is off here; an error page from a proxy during a restart):
        // poll, and try the stream again later
        source = null;
        reopenTimer = window.setTimeout(openStream, reopenMs);
        reopenMs = Math.min(reopenMs * 2, 60000);
      }
    };
  }

  startTimers(null);
  schedule(pollMs);
  if (pushUrl && window.EventSource) {
    openStream();
  }
})();
