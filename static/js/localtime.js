/* Local times: every <time data-localtime datetime="…Z"> is rewritten in the browser's time zone
   (the server already wrote it in the account's remembered zone, or UTC). When the account remembers
   another zone (or none), the browser's zone is sent to POST /auth/time-zone, so that the next page is
   right from the server, with or without this script. Fragments swapped in later are rewritten too. */
(function () {
  "use strict";

  var FORMATS = {
    datetime: { day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" },
    short: { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit" },
    time: { hour: "2-digit", minute: "2-digit" }
  };

  function browserZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }

  function zoneName(date, zone) {
    try {
      var parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, timeZoneName: "short" }).formatToParts(date);
      for (var i = 0; i < parts.length; i++) { if (parts[i].type === "timeZoneName") return parts[i].value; }
    } catch (e) { /* an unknown zone: no name */ }
    return "";
  }

  function rewrite(root, zone) {
    var nodes = root.querySelectorAll ? root.querySelectorAll("time[data-localtime]") : [];
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var date = new Date(el.getAttribute("datetime"));
      if (isNaN(date.getTime())) continue;
      var options = Object.assign({ timeZone: zone, hourCycle: "h23" }, FORMATS[el.dataset.localtime] || FORMATS.datetime);
      var text;
      try { text = new Intl.DateTimeFormat("en-GB", options).format(date); } catch (e) { continue; }
      var name = zoneName(date, zone);
      el.textContent = text + (name ? " " + name : "");
      el.title = date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
    }
  }

  function remember(zone) {
    var token = document.querySelector('meta[name="csrf-token"]');
    var known = document.querySelector('meta[name="time-zone"]');
    if (!token || !known || known.content === zone || !window.fetch) return;
    var body = new URLSearchParams({ time_zone: zone, csrf_token: token.content });
    fetch(known.dataset.url, { method: "POST", body: body, credentials: "same-origin" }).then(function (r) {
      if (r.ok) known.content = zone;
    }).catch(function () { /* next page tries again */ });
  }

  function start() {
    var zone = browserZone();
    if (!zone) return;
    rewrite(document, zone);
    remember(zone);
    if (window.MutationObserver) {
      new MutationObserver(function (changes) {
        changes.forEach(function (c) {
          c.addedNodes.forEach(function (n) { if (n.nodeType === 1) rewrite(n.parentNode || n, zone); });
        });
      }).observe(document.body, { childList: true, subtree: true });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
