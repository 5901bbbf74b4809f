"""End to end in real Chromium (#16.1, #17): a teacher approves questions in place on the review page of
a bank grouped by fact, at a desktop and a phone width, with CSRF on; a flagged question shows its reason;
without JavaScript the same buttons still work. Screenshots land in test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from tests.e2e.support import ARTIFACTS, serving
from tests.quizapp.authoring.test_review_queue import many_facts_bank

pytestmark = pytest.mark.e2e


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}  # the in-place requests must carry the token, as in production


@pytest.fixture
def live_server(app, make_user, make_bank, sample_bank) -> Iterator[dict[str, Any]]:
    from sqlalchemy import select

    from quizapp.core.extensions import db
    from quizapp.itemstats.recording import add_counts
    from quizapp.library.models import Question

    teacher = make_user("teacher@example.org", role="teacher", name="Tess Teacher")
    bank = replace(many_facts_bank(sample_bank), generator="e2e")
    bank_id = make_bank(bank, owner_id=teacher.id, status="pending", visibility="private")
    with app.app_context():
        first = db.session.scalars(
            select(Question).where(Question.bank_id == bank_id).order_by(Question.id)
        ).first()
        key = first.choices.index(first.answer)
        add_counts([(first.id, "quiz", "answers", 30), (first.id, "quiz", "correct", 5)])
        add_counts([(first.id, "quiz", f"pick:{key}", 5), (first.id, "quiz", f"pick:{(key + 1) % 4}", 25)])
        db.session.commit()
    with serving(app) as base:
        yield {"base": base, "bank_id": bank_id}


def log_in(page: Any, base: str) -> None:
    page.goto(base + "/auth/login")
    page.get_by_label("Email").fill("teacher@example.org")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_approve_in_place_without_a_reload(live_server, browser, width, height):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    log_in(page, live_server["base"])
    page.goto(f"{live_server['base']}/author/banks/{live_server['bank_id']}")
    expect(page.locator("section.fact-group")).to_have_count(12)
    expect(page.locator(".fact-head").first).to_have_text(
        "One fact, 2 versions: Multiple choice, True or false"
    )
    flag = page.locator("article.review-item").first.locator(".flag").first
    expect(flag).to_contain_text("A wrong answer beats the key")
    page.evaluate("window.notReloaded = true")
    cards = page.locator("article.review-item")
    second_id = cards.nth(1).get_attribute("id")
    cards.nth(1).get_by_role("button", name="Approve").click()
    approved = page.locator(f"#{second_id}")
    expect(approved).to_have_class(re.compile("status-approved"))
    assert page.evaluate("document.activeElement.textContent") == "Reject"
    expect(page.locator('#status-counts [data-count="approved"]')).to_have_text("1")
    expect(page.locator('#status-counts [data-count="pending"]')).to_have_text("29")
    cards.nth(2).get_by_role("button", name="Reject").click()
    expect(page.locator("article.review-item").nth(2)).to_have_class(re.compile("status-rejected"))
    expect(page.locator('#status-counts [data-count="rejected"]')).to_have_text("1")
    assert page.evaluate("window.notReloaded") is True  # the page was never reloaded
    # the phone's page does not scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"review-in-place-{width}.png"), full_page=False)
    page.goto(f"{live_server['base']}/author/banks/{live_server['bank_id']}")  # it was stored
    expect(page.locator(f"#{second_id}")).to_have_class(re.compile("status-approved"))
    context.close()


def test_without_javascript_the_buttons_still_work(live_server, browser):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server["base"])
    page.goto(f"{live_server['base']}/author/banks/{live_server['bank_id']}?page=2")
    card = page.locator("article.review-item").first
    card_id = card.get_attribute("id")
    card.get_by_role("button", name="Approve").click()
    expect(page).to_have_url(re.compile(rf"page=2#{card_id}$"))
    expect(page.locator(f"#{card_id}")).to_have_class(re.compile("status-approved"))
    context.close()
