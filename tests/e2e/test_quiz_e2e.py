"""End to end in real Chromium: open the home page, take a quiz on the seed bank, answer every
question, see an explanation with a highlighted excerpt, finish, and find the score under "My scores".

The app runs on a real HTTP server (werkzeug's threaded server in a thread) on a free localhost port.
A screenshot of the feedback page is saved under test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.e2e.support import ARTIFACTS, serving

pytestmark = pytest.mark.e2e


@pytest.fixture
def live_server(app, sample_bank) -> Iterator[str]:
    """The app on a free port, its seed bank generated as on first start."""
    from quizapp.core.extensions import db
    from quizapp.library.store import ensure_seed_bank, store_bank

    with app.app_context():
        seed = ensure_seed_bank()
        if not seed.questions:
            # the generator has not produced questions (yet): quiz on the hand-made bank of the seed article
            db.session.delete(seed)
            db.session.commit()
            store_bank(sample_bank, visibility="public", status="approved", is_seed=True)
    with serving(app) as base:
        yield base


def test_take_a_quiz_on_the_seed_bank_in_chromium(live_server, browser_page):
    from playwright.sync_api import expect

    page = browser_page
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name="Library")).to_be_visible()
    page.get_by_role("link", name="Start a quiz").first.click()

    expect(page.get_by_role("heading", name="Take a quiz")).to_be_visible()
    page.get_by_label("How many questions").fill("50")
    page.get_by_role("button", name="Start the quiz").click()

    screenshot_taken = False
    note_shot_taken = False
    answered = 0
    while page.get_by_role("button", name="Check my answer").count():
        progress = page.locator(".progress-title").inner_text()  # "Question 3 of 50", the <h1>
        total = int(re.search(r"of (\d+)", progress).group(1))
        radios = page.locator("input[type=radio]")
        if radios.count():
            # keyboard alone: focus the first choice, pick it with the space bar, send with Enter
            radios.first.focus()
            page.keyboard.press("Space")
            expect(radios.first).to_be_checked()
            page.keyboard.press("Enter")
        elif page.locator("textarea").count():
            page.locator("textarea").fill("withdraw troops\nrestrict weapon deployment")
            page.get_by_role("button", name="Check my answer").click()
        else:
            page.get_by_role("textbox").fill("Stoltenberg")
            page.get_by_role("button", name="Check my answer").click()
        answered += 1

        verdict = page.locator(".verdict")
        expect(verdict).to_be_visible()
        expect(
            page.get_by_text("The right answer")
            .or_(page.get_by_text("You named"))
            .or_(page.get_by_text("Missing:"))
            .first
        ).to_be_visible()
        excerpt_mark = page.locator("blockquote.excerpt mark")
        if not screenshot_taken and excerpt_mark.count():
            expect(excerpt_mark.first).to_be_visible()
            # the page fits a phone screen: nothing scrolls sideways
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "feedback.png"), full_page=True)
            screenshot_taken = True

            # the link to the article scrolls to the excerpt and highlights it (CSS :target, no JS)
            link = page.get_by_role("link", name="See it in the article").first
            href = link.get_attribute("href")
            link.click()
            anchor = href.split("#", 1)[1]
            target = page.locator(f"#{anchor}")
            expect(target).to_be_in_viewport()
            assert target.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
            others = page.locator(f".excerpt-mark[id]:not(#{anchor})")
            if others.count():
                assert others.first.evaluate("el => getComputedStyle(el).outlineStyle") == "none"
            page.go_back()

        if not note_shot_taken and page.locator(".choice-note").count():
            # a wrong choice, and where the article shows why it is wrong
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "feedback-wrong-choice.png"), full_page=True)
            note_shot_taken = True

        next_link = page.get_by_role("link", name=re.compile("Next question|See your score"))
        feedback_url = page.url
        next_link.click()
        # count the next page's button only once that page has loaded (a click does not wait for it)
        page.wait_for_url(lambda url, left=feedback_url: url != left)
    assert screenshot_taken, "no feedback page showed a highlighted excerpt"
    assert answered == total

    expect(page.get_by_role("heading", name="Your score")).to_be_visible()
    score = page.get_by_label("Score").inner_text()
    assert re.fullmatch(rf"[\d.]+ / {total}", score.strip())
    expect(page.get_by_role("heading", name="Review")).to_be_visible()

    page.get_by_role("link", name="My scores").first.click()
    expect(page.get_by_role("heading", name="My scores")).to_be_visible()
    expect(page.locator("svg.chart circle.point")).to_have_count(1)
    expect(page.get_by_role("cell", name=re.compile(rf"\/ {total} \(\d+%\)"))).to_be_visible()


def test_an_unfinished_quiz_resumes_after_the_browser_is_closed(live_server, browser):
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server + "/quiz/")
    page.get_by_label("How many questions").fill("3")
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role("button", name="I don't know").click()
    expect(page.locator(".verdict")).to_be_visible()
    state = context.storage_state()
    context.close()

    # closing the browser drops session cookies and keeps persistent ones
    kept = [c for c in state["cookies"] if c.get("expires", -1) > 0]
    assert kept, "no persistent cookie: a guest's quiz could not survive a closed browser"
    reopened = browser.new_context()
    reopened.add_cookies(kept)
    page = reopened.new_page()
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name="Carry on where you stopped")).to_be_visible()
    expect(page.get_by_text("1 of 3 answered")).to_be_visible()
    page.get_by_role("link", name="Resume quiz").click()
    expect(page.get_by_text("Question 2 of 3")).to_be_visible()
    reopened.close()
