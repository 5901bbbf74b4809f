"""XSS in real Chromium: every page type, rendered with an article, titles, a question, its answer, a
set and a nickname made of payloads, runs none of them.

A payload that ran would open a dialog or set ``window.__xss``; one that was inserted as markup but
stopped by the CSP would still leave an element with an ``on…`` attribute or an ``xss-`` id in the DOM,
or a CSP violation report: all four are checked, so the test does not lean on the CSP alone.
"""

from __future__ import annotations

import pytest

from tests.e2e.pages import new_context, page_tour
from tests.quizapp.core.test_security_xss import NICKNAME, PAYLOAD
from tests.quizapp.world import build_world

pytestmark = pytest.mark.e2e

WATCH = """
window.__xss = 0;
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""

INSPECT = """() => ({
  flag: window.__xss,
  csp: window.__csp,
  handlers: Array.from(document.querySelectorAll("*")).filter(function (el) {
    return Array.from(el.attributes).some(function (a) { return a.name.indexOf("on") === 0; });
  }).map(function (el) { return el.outerHTML.slice(0, 120); }),
  injected: document.querySelectorAll("[id^=xss], script:not([src])").length,
  text: document.body.innerText,
})"""


def test_no_payload_runs_on_any_page(app, sample_bank, served, browser):
    world = build_world(app, sample_bank, payload=PAYLOAD, nickname=NICKNAME)
    contexts = {}
    dialogs: list[str] = []
    shown = 0
    try:
        for name, who, path in page_tour(app, world):
            if who not in contexts:
                contexts[who] = new_context(browser, app, served, world, who)
                contexts[who].add_init_script(WATCH)
            page = contexts[who].new_page()
            page.on("dialog", lambda d: (dialogs.append(f"{d.message}"), d.dismiss()))
            page.goto(served + path)
            page.wait_for_load_state("networkidle")
            found = page.evaluate(INSPECT)
            where = f"{name} ({path})"
            assert found["flag"] == 0, where
            assert found["handlers"] == [], (where, found["handlers"])
            assert found["injected"] == 0, where
            assert found["csp"] == [], (where, found["csp"])
            if "<script>window.__xss=1</script>" in found["text"] or NICKNAME in found["text"]:
                shown += 1
            page.close()
        assert dialogs == []
        assert shown >= 25  # the payloads were on the pages, as text
    finally:
        for context in contexts.values():
            context.close()
