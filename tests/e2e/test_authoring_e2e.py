"""End to end in real Chromium: a teacher uploads an article, watches generation finish (in the
background worker thread), approves some questions, edits one, writes one by hand, builds a set
shared with the class by link, and a student takes it.

Chromium and the live server are those of conftest.py and support.py. Screenshots of the review
queue and of the student's results land in test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.support import ARTIFACTS, serving

ARTICLE = """School to open in March

Date 2022-01-02

Anna Smith said on Monday that the school will open in March.

"We are ready," said Tom Jones, the mayor of Springfield.

The council voted 12 to 3 to fund the new school in Springfield on December 14, 2021.
"""

pytestmark = pytest.mark.e2e


@pytest.fixture
def app_config() -> dict[str, Any]:
    # the real background worker, as in production, polling often so the test is quick
    return {"AUTHORING_WORKER": "thread", "AUTHORING_WORKER_POLL": 0.3}


@pytest.fixture
def live_server(app, make_user) -> Iterator[str]:
    from quizapp.authoring.imports import stop_worker

    make_user("teacher@example.org", role="teacher", name="Tess Teacher")
    try:
        with serving(app) as base:
            yield base
    finally:
        stop_worker(app)


def test_teacher_authors_a_set_and_a_student_takes_it(live_server, browser, tmp_path):
    from playwright.sync_api import expect

    article = tmp_path / "school.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    teacher = browser.new_context(viewport={"width": 1200, "height": 900})
    page = teacher.new_page()
    page.goto(live_server + "/auth/login")
    page.get_by_label("Email").fill("teacher@example.org")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()

    # upload the article and watch the generation finish (the page polls with authoring.js)
    page.get_by_role("link", name="Author", exact=True).click()
    page.get_by_role("link", name="Import an article").first.click()
    page.get_by_label("…or upload a file").set_input_files(str(article))
    page.get_by_role("button", name="Import and make questions").click()
    expect(page.get_by_role("heading", name=re.compile("Importing"))).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_have_value("School to open in March")
    expect(page.get_by_text("Done.")).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="Review the questions").click()

    # approve three questions one by one
    expect(page.get_by_role("heading", name="School to open in March")).to_be_visible()
    cards = page.locator("article.review-item")
    total = cards.count()
    assert total >= 5
    expect(page.locator("blockquote.context mark").first).to_be_visible()
    for _ in range(3):
        page.locator("article.review-item.status-pending").first.get_by_role("button", name="Approve").click()
    expect(page.locator("article.review-item.status-approved")).to_have_count(3)

    # edit a pending short-answer question and approve it while saving
    short = page.locator("article.review-item.status-pending", has_text="Short answer").first
    short.get_by_role("link", name=re.compile("Edit")).click()
    page.get_by_label("Question", exact=True).fill(
        "Who is the mayor of Springfield, according to the article?"
    )
    page.get_by_label("Right answer").fill("Tom Jones")
    page.get_by_label("Approved: students can get this question").check()
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("Who is the mayor of Springfield, according to the article?")).to_be_visible()

    # write a multiple-choice question by hand, tied to a sentence of the article
    page.get_by_text("Write a question by hand").click()
    page.get_by_role("link", name="Multiple choice").click()
    page.get_by_label("Question", exact=True).fill("When will the new school open?")
    # a wrong answer first: the form says why and keeps what was typed
    page.get_by_label("Choice 1", exact=True).fill("March")
    page.get_by_label("Choice 2", exact=True).fill("May")
    page.get_by_label("Choice 3", exact=True).fill("June")
    page.get_by_label("Right answer").fill("April")
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("is not among the choices")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "authoring-question-form.png"), full_page=True)
    page.get_by_label("Right answer").fill("March")
    page.get_by_label("Tie it to a sentence of the article").select_option(
        label="Anna Smith said on Monday that the school will open in March."
    )
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("When will the new school open?")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "authoring-review.png"), full_page=True)

    # build a set shared with the class by link
    page.get_by_role("link", name="Your question sets").click()
    page.get_by_label("Title").fill("Springfield school")
    page.get_by_label("Tags (comma-separated)").fill("local news, civics")
    page.get_by_label("Class: whoever has the link").check()
    page.get_by_role("button", name="Create the set").click()
    boxes = page.locator("input[name=questions]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.get_by_role("button", name="Add the ticked questions").click()
    expect(page.get_by_role("heading", name="Springfield school")).to_be_visible()
    # the hand-written question goes first
    item = page.locator("ol.set-items > li", has_text="When will the new school open?")
    while page.locator("ol.set-items > li").first.inner_text().find("When will the new school open?") < 0:
        item.get_by_role("button", name=re.compile("Up")).click()
        item = page.locator("ol.set-items > li", has_text="When will the new school open?")
    page.screenshot(path=str(ARTIFACTS / "authoring-set.png"), full_page=True)
    link = page.get_by_label("Share link").input_value()
    assert "/sets/shared/" in link

    # a student opens the link and takes the set: only the five approved questions, in the set's order
    student = browser.new_context(viewport={"width": 390, "height": 844})
    spage = student.new_page()
    spage.goto(link)
    expect(spage.get_by_role("heading", name="Springfield school")).to_be_visible()
    expect(spage.get_by_text("5 questions")).to_be_visible()
    spage.get_by_role("button", name="Start the quiz").click()
    expect(spage.get_by_text("Question 1 of 5")).to_be_visible()
    expect(spage.get_by_text("When will the new school open?")).to_be_visible()
    answered = 0
    while spage.get_by_role("button", name="Check my answer").count():
        radios = spage.locator("input[type=radio]")
        if radios.count():
            spage.get_by_label("March").check() if spage.get_by_label(
                "March"
            ).count() else radios.first.check()
        elif spage.locator("textarea").count():
            spage.locator("textarea").fill("something")
        else:
            spage.get_by_role("textbox").fill("Tom Jones")
        spage.get_by_role("button", name="Check my answer").click()
        expect(spage.locator(".verdict")).to_be_visible()
        answered += 1
        feedback_url = spage.url
        spage.get_by_role("link", name=re.compile("Next question|See your score")).click()
        # count the next page's button only once that page has loaded (a click does not wait for it)
        spage.wait_for_url(lambda url, left=feedback_url: url != left)
    assert answered == 5
    expect(spage.get_by_role("heading", name="Your score")).to_be_visible()
    expect(spage.get_by_text("Springfield school")).to_be_visible()
    expect(spage.get_by_role("link", name="Take this set again")).to_be_visible()
    spage.screenshot(path=str(ARTIFACTS / "authoring-set-results.png"), full_page=True)
    student.close()
    teacher.close()
