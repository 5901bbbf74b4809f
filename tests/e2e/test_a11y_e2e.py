"""Accessibility in real Chromium: axe-core (vendored from the npm registry, tests/e2e/vendor/) finds no
serious or critical WCAG 2.1 A/AA violation on any page type; the keyboard reaches every control with a
visible focus; a quiz can be taken with the keyboard alone; feedback and live updates are in ARIA live
regions. The pages run under the app's real CSP, and none of them trips it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.pages import new_context, page_tour
from tests.e2e.support import ARTIFACTS
from tests.quizapp.world import EMAILS, PASSWORD, build_world

pytestmark = pytest.mark.e2e

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def axe_violations(page) -> list[dict]:
    # evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not block it
    page.evaluate(AXE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_wcag_violation_on_any_page_type(app, sample_bank, served, browser):
    world = build_world(app, sample_bank)
    contexts = {}
    problems = {}
    visited = 0
    try:
        for name, who, path in page_tour(app, world):
            if who not in contexts:
                contexts[who] = new_context(browser, app, served, world, who)
                contexts[who].add_init_script(WATCH_CSP)
            page = contexts[who].new_page()
            page.goto(served + path)
            page.wait_for_load_state("networkidle")
            found = axe_violations(page)
            csp = page.evaluate("window.__csp")
            if found or csp:
                problems[f"{name} ({path})"] = {"axe": found, "csp": csp}
            visited += 1
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert visited >= 45
    (ARTIFACTS / "a11y-violations.json").unlink(missing_ok=True)
    if problems:  # the whole list, for whoever fixes them (the assertion message is cut short)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "a11y-violations.json").write_text(json.dumps(problems, indent=2), encoding="utf-8")
    assert problems == {}


#: a control's identity that survives a live fragment being swapped in again; a radio group is one stop
KEY = """function key(el) {
  if (el.type === "radio") { return "radio|" + el.name; }
  return [el.tagName, el.name || "", el.getAttribute("href") || "", el.getAttribute("value") || "",
          (el.textContent || "").trim().slice(0, 40)].join("|");
}"""

FOCUSABLE = (
    """() => {"""
    + KEY
    + """
  return Array.from(document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"
  )).filter(function (el) {
    var r = el.getBoundingClientRect();
    var style = getComputedStyle(el);
    return !el.disabled && r.width > 0 && r.height > 0 && style.visibility !== "hidden"
      && !el.closest("[hidden], [inert]")
      // a closed <details> shows only its summary; its content is reached once it is opened
      && !(el.tagName !== "SUMMARY" && el.closest("details:not([open])"));
  }).map(key);
}"""
)

FOCUS_STATE = (
    """() => {"""
    + KEY
    + """
  var el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) { return null; }
  var style = getComputedStyle(el);
  var visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || (style.boxShadow && style.boxShadow !== "none");
  return {id: key(el), visible: visible, tag: el.outerHTML.slice(0, 100)};
}"""
)


def tab_through(page, limit: int = 300) -> tuple[set[str], list[str]]:
    """Press Tab until focus comes round to a control again; the controls reached, and those whose
    focus is not visible. Focus leaving the document (to the browser) is passed over."""
    reached: set[str] = set()
    unseen: list[str] = []
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        if state["id"] == first:
            break
        first = first or state["id"]
        if state["id"] not in reached and not state["visible"]:
            unseen.append(state["tag"])
        reached.add(state["id"])
    return reached, unseen


KEYBOARD_PAGES = [
    "log in",
    "sign up",
    "library",
    "new quiz",
    "quiz question",
    "quiz feedback",
    "study card",
    "study card flipped",
    "study settings",
    "author bank",
    "author question edit",
    "author set",
    "classroom home",
    "classroom join",
    "classroom question (phone)",
    "classroom reveal (projector)",
]


def test_the_keyboard_reaches_every_control_with_a_visible_focus(app, sample_bank, served, browser):
    world = build_world(app, sample_bank)
    contexts = {}
    problems = {}
    checked = 0
    try:
        for name, who, path in page_tour(app, world):
            if name not in KEYBOARD_PAGES:
                continue
            if who not in contexts:
                contexts[who] = new_context(browser, app, served, world, who)
            page = contexts[who].new_page()
            page.goto(served + path)
            page.wait_for_load_state("networkidle")
            controls = set(page.evaluate(FOCUSABLE))
            reached, unseen = tab_through(page)
            missed = controls - reached
            if missed or unseen:
                problems[name] = {"not reached": sorted(missed), "focus not visible": unseen}
            checked += 1
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert checked == len(KEYBOARD_PAGES)
    (ARTIFACTS / "keyboard-problems.json").unlink(missing_ok=True)
    if problems:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "keyboard-problems.json").write_text(json.dumps(problems, indent=2), encoding="utf-8")
    assert problems == {}


ACTIVE_FIELD = "document.activeElement.tagName + ':' + (document.activeElement.type || '')"


def test_a_quiz_can_be_taken_with_the_keyboard_alone(app, sample_bank, served, browser):
    """Log in, answer every question of the attempt (every type: choices, typed, a list in a text area)
    and reach the score, with keys only: no click anywhere."""
    world = build_world(app, sample_bank)
    context = browser.new_context()
    page = context.new_page()
    seen_types = set()
    try:
        page.goto(served + "/auth/login")
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Enter")
        page.focus("#email")
        page.keyboard.type(EMAILS["owner"])
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/auth/login" not in url)
        page.goto(f"{served}/quiz/attempt/{world.ids['attempt_id']}/question/1")
        for _ in range(len(world.ids["question_ids"])):
            page.wait_for_url("**/question/*")
            # a typed answer's field has the focus when the page opens; choices are reached with Tab
            field = page.evaluate(ACTIVE_FIELD)
            for _ in range(40):
                if field.startswith(("INPUT", "TEXTAREA")):
                    break
                page.keyboard.press("Tab")
                field = page.evaluate(ACTIVE_FIELD)
            seen_types.add(field)
            if field == "INPUT:radio":
                page.keyboard.press("Space")
                page.keyboard.press("Enter")
            elif field == "TEXTAREA:textarea":
                page.keyboard.type("an answer")
                page.keyboard.press("Enter")  # a new line in a text area, not a submit
                page.keyboard.press("Tab")  # to the submit button
                page.keyboard.press("Enter")
            else:
                assert field == "INPUT:text", field
                page.keyboard.type("an answer")
                page.keyboard.press("Enter")
            page.wait_for_url("**/feedback")
            assert page.locator(".verdict[role=status]").inner_text().strip()
            # the next step is focused already: Enter goes on
            focused = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
            assert "Next question" in focused or "See your score" in focused, focused
            page.keyboard.press("Enter")
            page.wait_for_url(lambda url: "/feedback" not in url)
        page.wait_for_url("**/results")
        assert page.get_by_text("Your score", exact=False).count() >= 1
    finally:
        context.close()
    assert seen_types == {"INPUT:radio", "INPUT:text", "TEXTAREA:textarea"}


def test_live_pages_announce_their_updates(app, sample_bank, served, browser):
    """Feedback, study counts, an import's progress and the phone's swapped fragments sit in live regions.

    (The projector's fragment is not one: it changes with every answer arriving, which a screen reader
    would read out without end.)"""
    world = build_world(app, sample_bank)
    wanted = {
        "quiz feedback": ".verdict[role=status]",
        "study card": "[aria-live], [role=status]",
        "classroom lobby (phone)": "[data-live][aria-live]",
        "classroom question (phone)": "[data-live][aria-live]",
        "author job": "[role=status], [aria-live]",
    }
    contexts = {}
    missing = []
    try:
        for name, who, path in page_tour(app, world):
            if name not in wanted:
                continue
            if who not in contexts:
                contexts[who] = new_context(browser, app, served, world, who)
            page = contexts[who].new_page()
            page.goto(served + path)
            if page.locator(wanted[name]).count() == 0:
                missing.append(name)
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert missing == []
