"""End to end in real Chromium: a teacher's projector and three students' phones, in one browser with a
context each. The students join with the code, answer as the teacher opens and closes each question, see
the answer and the distribution, and the teacher sees the results. Nothing is reloaded by hand: the pages
follow the session by polling (static/js/classroom.js), and answers go out as JSON with the CSRF header.

Screenshots of the projector's lobby and reveal and of a phone's reveal are saved under test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.support import ARTIFACTS, serving

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 800}
STUDENTS = ("Ada", "Bruno", "Chloé")

pytestmark = pytest.mark.e2e


@pytest.fixture(params=[True, False], ids=["push", "polling"])
def app_config(request: Any) -> dict[str, Any]:
    # the real thing: CSRF on, so the JSON answers must carry the X-CSRFToken header; the server pushes
    # the session's changes to the phones, or (push off) the phones poll for them
    return {"WTF_CSRF_ENABLED": True, "PUSH": request.param}


@pytest.fixture
def live_server(app, make_bank, make_user) -> Iterator[str]:
    make_bank()
    make_user("teacher@example.org", role="teacher", name="Ms Teacher")
    with serving(app) as base:
        yield base


def test_a_teacher_and_three_students_play_a_live_session(live_server, browser, app):
    from playwright.sync_api import expect

    errors: list[str] = []
    phone_requests: list[str] = []

    def page_in_new_context(viewport: dict[str, int]) -> Any:
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    # the teacher logs in and starts a session of two questions
    teacher = page_in_new_context(PROJECTOR)
    teacher.goto(live_server + "/auth/login")
    teacher.get_by_label("Email").fill("teacher@example.org")
    teacher.get_by_label("Password").fill("correct horse")
    teacher.get_by_role("button", name="Log in").click()
    teacher.get_by_role("link", name="Classroom").first.click()
    expect(teacher.get_by_role("heading", name="Start a live session")).to_be_visible()
    teacher.get_by_label("How many questions").fill("2")
    teacher.get_by_role("button", name="Start the session").click()
    code_text = teacher.locator(".join-code").inner_text()
    code = re.sub(r"\D", "", code_text)
    assert len(code) == 6
    expect(teacher.locator("img.qr")).to_be_visible()
    # the QR code SVG loaded (waited for: "visible" holds before a busy server has sent the image)
    teacher.wait_for_function(
        "() => { const i = document.querySelector('img.qr'); return i && i.complete && i.naturalWidth > 0; }"
    )
    ARTIFACTS.mkdir(exist_ok=True)

    # three phones join; the projector lists them as they arrive, without a reload
    phones = []
    for name in STUDENTS:
        phone = page_in_new_context(PHONE)
        phone.on("request", lambda request: phone_requests.append(request.url))
        phone.goto(f"{live_server}/classroom/join?code={code}")
        phone.get_by_label("Nickname").fill(name)
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_text(f"You're in, {name}!")).to_be_visible()
        phones.append(phone)
    expect(teacher.locator(".player-count")).to_have_text("3", timeout=10_000)
    for name in STUDENTS:
        expect(teacher.locator(".players").get_by_text(name)).to_be_visible()
    teacher.screenshot(path=str(ARTIFACTS / "classroom-lobby.png"))

    for number in (1, 2):
        teacher.get_by_role("button", name=re.compile(r"Start: open question 1|Next question")).click()
        expect(teacher.get_by_text(f"Question {number} of 2")).to_be_visible()
        for phone in phones:
            # the phone's page follows by itself (polling), then the student answers
            send = phone.get_by_role("button", name="Send my answer")
            expect(send).to_be_visible(timeout=10_000)
            expect(phone.get_by_text(f"Question {number} of 2")).to_be_visible()
            radios = phone.locator("input[type=radio]")
            if radios.count():
                radios.first.check()
            elif phone.locator("textarea").count():
                phone.locator("textarea").fill("withdraw troops\nrestrict weapon deployment")
            else:
                phone.get_by_role("textbox").fill("Stoltenberg")
            send.click()
            expect(phone.get_by_text("Answer received")).to_be_visible()
        expect(teacher.locator(".answered-count")).to_contain_text("3 of 3 answered", timeout=10_000)

        teacher.get_by_role("button", name="Close the question and show the answer").click()
        expect(teacher.get_by_role("heading", name=re.compile("How the class answered"))).to_be_visible()
        expect(teacher.locator(".dist-row")).not_to_have_count(0)
        for phone in phones:
            expect(phone.get_by_role("heading", name=re.compile("How the class answered"))).to_be_visible(
                timeout=10_000
            )
            expect(phone.locator(".verdict")).to_be_visible()
            expect(phone.get_by_text(re.compile("The right answer"))).to_be_visible()
            expect(phone.get_by_role("heading", name="Leaderboard")).to_be_visible()
        if number == 1:
            teacher.screenshot(path=str(ARTIFACTS / "classroom-reveal-projector.png"), full_page=True)
            phones[0].screenshot(path=str(ARTIFACTS / "classroom-reveal-phone.png"), full_page=True)
            # a phone page fits the screen: nothing scrolls sideways
            assert phones[0].evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    teacher.get_by_role("button", name="End the session and see the results").click()
    expect(teacher.get_by_role("heading", name="Results")).to_be_visible()
    rows = teacher.locator("table.results-students tbody tr")
    expect(rows).to_have_count(3)
    for name in STUDENTS:
        expect(teacher.locator("table.results-students").get_by_text(name)).to_be_visible()
    expect(teacher.get_by_role("link", name="Download the gradebook (CSV)")).to_be_visible()
    for phone in phones:
        expect(phone.get_by_role("heading", name="The session is over")).to_be_visible(timeout=10_000)
    assert errors == []
    streams = [url for url in phone_requests if url.endswith("/events")]
    polls = [url for url in phone_requests if url.endswith("/state.json")]
    if app.config["PUSH"]:
        # each phone followed one stream; it asked state.json only to catch up as the stream opened and
        # for the pages that differ per phone (two reveals, the end)
        assert len(streams) == len(STUDENTS)
        assert len(polls) <= len(STUDENTS) * 6, len(polls)
    else:
        assert streams == [] and polls
