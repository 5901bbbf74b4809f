"""End to end in real Chromium: log in, open a deck, flip a card with Space, rate it with the keys,
see the next card and the counts change, undo with U.

The app runs on a real HTTP server (werkzeug's threaded server in a thread) on a free localhost port,
with CSRF on, as in production. A screenshot of a flipped card is saved under test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.e2e.support import ARTIFACTS, serving

pytestmark = pytest.mark.e2e


@pytest.fixture
def app_config() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_server(app, make_bank, make_user) -> Iterator[tuple[str, int]]:
    """The app on a free port, with the hand-made seed bank and a student."""
    bank_id = make_bank(title="Russia and NATO")
    make_user("learner@example.org")
    with serving(app) as base:
        yield base, bank_id


def counts(page) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        int(page.locator(f"#due-counts [data-count={name}]").inner_text())
        for name in ("learning", "review", "new")
    )


def test_flip_with_space_rate_with_keys_in_chromium(live_server, browser_page):
    from playwright.sync_api import expect

    base, bank_id = live_server
    page = browser_page
    page.goto(base + "/auth/login")
    page.get_by_label("Email").fill("learner@example.org")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Study", exact=True).first.click()
    expect(page.get_by_role("heading", name="Study")).to_be_visible()
    page.get_by_role("link", name="Start", exact=True).first.click()

    prompt = page.locator("#prompt")
    expect(prompt).to_contain_text("In which year did Russia invade Ukraine")
    assert counts(page) == (0, 0, 11)
    back = page.locator("#back")
    expect(back).to_be_hidden()

    # Space flips the card without a page load
    url_before = page.url
    page.keyboard.press("Space")
    expect(back).to_be_visible()
    expect(page.locator("#show-answer")).to_be_hidden()
    assert page.url == url_before
    expect(page.locator("#answer")).to_have_text("2014")
    expect(back.locator("blockquote.excerpt mark")).to_have_text("2014")
    expect(page.locator('button[data-rating="3"]')).to_be_focused()
    expect(page.locator('button[data-rating="3"] .rating-interval')).to_have_text("10m")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "study-card.png"), full_page=True)

    # 3 = Good: the next card comes, the first is now a learning card
    with page.expect_navigation():
        page.keyboard.press("3")
    expect(prompt).not_to_contain_text("In which year did Russia invade Ukraine")
    second = prompt.inner_text()
    assert counts(page) == (1, 0, 10)

    # Space then 4 = Easy: that card goes to review in days, one new card fewer
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("4")
    expect(prompt).not_to_have_text(second)
    assert counts(page) == (1, 0, 9)

    # U undoes the last rating: the Easy card is back and counted as new again
    with page.expect_navigation():
        page.keyboard.press("u")
    expect(page.get_by_text("Rating undone")).to_be_visible()
    expect(prompt).to_have_text(second)
    assert counts(page) == (1, 0, 10)

    # the progress page shows the reviews of today
    page.get_by_role("link", name="Progress").first.click()
    expect(page.locator("#reviews-today")).to_have_text("1")
    expect(page.locator("svg#forecast rect.bar-value")).to_have_count(30)
    assert re.search(rf"/study/progress\?deck=bank(:|%3A){bank_id}", page.url)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "study-progress.png"), full_page=True)
