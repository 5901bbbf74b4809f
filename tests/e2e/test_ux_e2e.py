"""What teachers and students notice (issue 16, points 2-10), in real Chromium at a desktop (1280 px)
and a phone (390 px) viewport. Each test saves screenshots of the pages it changed under
test-artifacts/ux/ (``<point>-<what>-<viewport>.png``).

(Points 11-13 are about the command line and the README: tests/quizapp/test_cli_ux.py.)
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.pages import session_cookie
from tests.e2e.support import ARTIFACTS, serving
from tests.e2e.test_a11y_e2e import axe_violations
from tests.quizapp.world import World, build_world

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SHOTS = ARTIFACTS / "ux"
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def app_config() -> dict[str, Any]:
    # the real background worker, as in production (point 5 imports an article)
    return {"AUTHORING_WORKER": "thread", "AUTHORING_WORKER_POLL": 0.3}


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: Any) -> str:
    return str(request.param)


@pytest.fixture
def world(app: Any, sample_bank: Any) -> World:
    return build_world(app, sample_bank)


@pytest.fixture
def live(app: Any, world: World) -> Iterator[str]:
    from quizapp.authoring.imports import stop_worker

    try:
        with serving(app) as base:
            yield base
    finally:
        stop_worker(app)


def open_as(browser: Any, app: Any, base: str, who: str, viewport: str, **options: Any) -> Any:
    """A page of a new browser context at the viewport, logged in as ``who`` (or anonymous)."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], **options)
    if who not in ("anonymous", "guest"):
        context.add_cookies([{"name": "session", "value": session_cookie(app, who), "url": base}])
    return context.new_page()


def shot(page: Any, name: str, viewport: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{viewport}.png"), full_page=True)


def serious(page: Any) -> list[dict[str, Any]]:
    return axe_violations(page)


# --- 2. a hand-written question's kind -------------------------------------------------------------


def test_2_a_written_question_gets_the_kind_its_words_say(app, world, live, browser, viewport):
    from playwright.sync_api import expect

    page = open_as(browser, app, live, "owner", viewport)
    page.goto(f"{live}/author/banks/{world.ids['bank_id']}/questions/new?type=short_answer")
    kind = page.get_by_label("What it asks about")
    expect(kind).to_have_value("guess")
    page.get_by_label("Question", exact=True).fill("Which party won the vote in Springfield?")
    page.get_by_label("Right answer").fill("The Greens")
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("could not be guessed")).to_be_visible()
    page.goto(f"{live}/author/banks/{world.ids['bank_id']}/questions/new?type=short_answer")
    page.get_by_label("Question", exact=True).fill("Who said that the school will open in March?")
    page.get_by_label("Right answer").fill("Anna Smith")
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("Question saved as “Who said it”")).to_be_visible()
    shot(page, "2-kind-guessed", viewport)
    page.context.close()


# --- 3. the worksheet PDF of 100 questions ---------------------------------------------------------


def test_3_the_worksheet_pdf_of_100_questions_downloads(app, world, live, browser, viewport, sample_bank):
    import pypdf

    from quizapp.library.store import store_bank

    pool = sample_bank.questions
    hundred = replace(
        sample_bank, questions=tuple(replace(pool[i % len(pool)], id=f"w{i}") for i in range(100))
    )
    with app.app_context():
        bank_id = store_bank(hundred, owner_id=world.users["owner"], status="approved", title="Hundred").id
    page = open_as(browser, app, live, "owner", viewport)
    page.goto(f"{live}/author/banks/{bank_id}")
    page.get_by_text("Download", exact=True).click()  # the <details> holding the downloads
    row = page.locator("li", has_text="Printable worksheet with answer key (PDF)")
    with page.expect_download() as download:
        row.get_by_role("link", name="approved questions").click()
    data = Path(download.value.path()).read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "100. " in text and "Answer key — Hundred" in text
    for number in (1, 50, 100):  # every question is there, numbered
        assert f"{number}. " in text
    shot(page, "3-worksheet-download", viewport)
    page.context.close()


# --- 4. public banks with nothing approved ---------------------------------------------------------


def test_4_a_public_bank_with_nothing_approved_is_not_listed(
    app, world, live, browser, viewport, sample_bank
):
    from playwright.sync_api import expect

    from quizapp.library.store import store_bank

    with app.app_context():
        store_bank(sample_bank, owner_id=world.users["owner"], visibility="public", title="Not ready yet")
        store_bank(sample_bank, visibility="public", status="approved", title="Ready to take")
    student = open_as(browser, app, live, "student", viewport)
    student.goto(live + "/")
    expect(student.get_by_role("heading", name="Ready to take")).to_be_visible()
    expect(student.get_by_text("Not ready yet")).to_have_count(0)
    expect(student.get_by_text(re.compile(r"^\s*0\s+questions"))).to_have_count(0)
    shot(student, "4-library-student", viewport)
    owner = open_as(browser, app, live, "owner", viewport)
    owner.goto(live + "/")
    expect(owner.get_by_role("heading", name="Not ready yet")).to_be_visible()
    shot(owner, "4-library-owner", viewport)
    student.context.close()
    owner.context.close()


# --- 5. a pasted article's title -------------------------------------------------------------------


def test_5_a_pasted_article_is_titled_by_its_first_line(app, world, live, browser, viewport):
    from playwright.sync_api import expect

    page = open_as(browser, app, live, "owner", viewport)
    page.goto(live + "/author/import")
    page.get_by_label("Paste the article").fill(
        "City opens bridge\n"
        "The mayor said on Tuesday that the old bridge in Riverton reopened after two years of repairs.\n"
        '"It is safer than ever," said Maria Lopez, the city engineer, on 3 May 2023.'
    )
    page.get_by_role("button", name="Import and make questions").click()
    expect(page.get_by_label("Title", exact=True)).to_have_value("City opens bridge")
    expect(page.get_by_text("Done.")).to_be_visible(timeout=60_000)
    shot(page, "5-pasted-title", viewport)
    page.goto(live + "/")
    expect(page.get_by_role("heading", name="City opens bridge")).to_be_visible()
    expect(page.get_by_text("opens bridge The mayor")).to_have_count(0)
    page.context.close()


# --- 6. phones and the header ----------------------------------------------------------------------

LONG = (
    "According to the article, which of the following counter-intelligence-and-reconnaissance-related "
    "announcements did the alliance's secretary general make about the reinforcement of the eastern flank "
    "during the extraordinary summit held in the second week of the month?"
)


def boxes_inside(page: Any, inner: str, outer: str) -> bool:
    return page.evaluate(
        """([inner, outer]) => {
          const a = document.querySelector(inner).getBoundingClientRect();
          const box = document.querySelector(outer);
          const b = box.getBoundingClientRect();
          // below the box's top border, not across it (a fieldset draws its legend on the border)
          const border = parseFloat(getComputedStyle(box).borderTopWidth) || 0;
          return a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top + border - 0.5;
        }""",
        [inner, outer],
    )


def test_6_the_classroom_fits_a_phone_and_the_header_one_row(app, world, live, browser, viewport):
    from quizapp.core.extensions import db
    from quizapp.library.models import Question
    from tests.quizapp.world import log_in

    sid = world.ids["session_id"]
    with app.app_context():
        for q in db.session.scalars(db.select(Question).where(Question.bank_id == world.ids["bank_id"])):
            q.prompt = LONG
        db.session.commit()
    owner = app.test_client()
    log_in(owner, "owner")
    owner.post(f"/classroom/s/{sid}/control", data={"action": "open", "position": 0})

    phone = browser.new_context(viewport=VIEWPORTS[viewport])
    phone.add_cookies(
        [{"name": f"classroom_player_{sid}", "value": world.player_token, "url": f"{live}/classroom/"}]
    )
    page = phone.new_page()
    page.goto(f"{live}/classroom/s/{sid}/play")
    page.wait_for_selector(".answer-form .question-prompt")
    # the question stays inside its box (the legend of the choices or the label above the field)
    box = ".answer-form fieldset" if page.locator(".answer-form fieldset").count() else ".answer-form"
    assert boxes_inside(page, ".answer-form .question-prompt", box)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shot(page, "6-classroom-question-phone-page", viewport)

    player = app.test_client()
    player.set_cookie(f"classroom_player_{sid}", world.player_token, path="/classroom/")
    player.post(f"/classroom/s/{sid}/answer", data={"position": 0, "response": "Moscow"})
    owner.post(f"/classroom/s/{sid}/control", data={"action": "close"})
    owner.post(f"/classroom/s/{sid}/control", data={"action": "end"})
    teacher = open_as(browser, app, live, "owner", viewport)
    teacher.goto(f"{live}/classroom/s/{sid}/results")
    widths = teacher.evaluate(
        "Array.from(document.querySelectorAll('.dist-track')).map(e => e.getBoundingClientRect().width)"
    )
    assert widths and min(widths) >= 0.5 * min(VIEWPORTS[viewport]["width"] - 40, 44 * 16 - 200), widths
    assert teacher.evaluate(NO_SIDEWAYS_SCROLL)
    table = teacher.locator(".results-students").bounding_box()
    assert table["x"] + table["width"] <= VIEWPORTS[viewport]["width"]
    shot(teacher, "6-classroom-results", viewport)

    # the header: one row at 1280 px for a guest and a teacher; on a phone it wraps but never scrolls
    for who in ("guest", "owner"):
        header = open_as(browser, app, live, who, viewport)
        if who == "guest":
            header.goto(live + "/auth/login")
            header.get_by_role("button", name="play as a guest").click()
        header.goto(live + "/")
        tops = header.evaluate(
            """() => Array.from(document.querySelectorAll('.nav .brand, .nav-links a, .nav-account > *'))
                 .map(e => e.getBoundingClientRect()).map(r => Math.round(r.top + r.height / 2))"""
        )
        if viewport == "desktop":
            assert max(tops) - min(tops) <= 6, (who, tops)
        assert header.evaluate(NO_SIDEWAYS_SCROLL)
        shot(header, f"6-header-{who}", viewport)
        header.context.close()
    teacher.context.close()
    phone.close()


# --- 7. local times --------------------------------------------------------------------------------


def test_7_times_are_shown_in_the_readers_zone(app, world, live, browser, viewport):
    from playwright.sync_api import expect

    from quizapp.accounts.models import User
    from quizapp.core.extensions import db
    from quizapp.quiz.models import Attempt

    with app.app_context():
        db.session.get(Attempt, world.ids["attempt_id"]).started_at = datetime(2026, 1, 15, 4, 16)
        db.session.commit()
    page = open_as(browser, app, live, "owner", viewport, timezone_id="Europe/Berlin")
    page.goto(live + "/")
    stamp = page.locator('time[datetime="2026-01-15T04:16:00Z"]')
    expect(stamp).to_have_text("15 Jan 2026, 05:16 CET")
    shot(page, "7-local-time", viewport)
    # the browser's zone is now the account's: the server writes it, with scripts off too
    for _ in range(50):
        with app.app_context():
            zone = db.session.scalars(db.select(User.time_zone).where(User.id == world.users["owner"])).one()
        if zone:
            break
        page.wait_for_timeout(100)
    assert zone == "Europe/Berlin"
    no_js = open_as(browser, app, live, "owner", viewport, java_script_enabled=False)
    no_js.goto(live + "/")
    expect(no_js.locator('time[datetime="2026-01-15T04:16:00Z"]')).to_have_text("15 Jan 2026, 05:16 CET")
    shot(no_js, "7-local-time-no-script", viewport)
    page.context.close()
    no_js.context.close()


# --- 8. a guest logging out ------------------------------------------------------------------------


def test_8_a_guest_is_offered_to_sign_up_before_logging_out(app, world, live, browser, viewport):
    from playwright.sync_api import expect

    page = open_as(browser, app, live, "guest", viewport)
    page.goto(live + "/auth/login")
    page.get_by_role("button", name="play as a guest").click()
    page.get_by_role("link", name="Log out").click()
    expect(page.get_by_role("heading", name="Log out?")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("they are lost")
    signup = page.get_by_role("link", name="Sign up and keep my scores")
    leave = page.get_by_role("button", name="Log out and lose my scores")
    assert signup.bounding_box()["y"] < leave.bounding_box()["y"]
    assert serious(page) == []
    shot(page, "8-guest-logout-warning", viewport)
    leave.click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.context.close()


# --- 9. the results page's chart -------------------------------------------------------------------


def finish_attempt(app: Any, world: World) -> int:
    from quizapp.core.extensions import db
    from quizapp.library.models import Question
    from quizapp.quiz.models import Attempt
    from tests.quizapp.world import log_in

    client = app.test_client()
    log_in(client, "owner")
    attempt = world.ids["attempt_id"]
    with app.app_context():
        ids = db.session.get(Attempt, attempt).question_ids
        answers = [db.session.get(Question, i).answer for i in ids]
    for n, (qid, answer) in enumerate(zip(ids, answers, strict=True)):
        reply = answer if n % 2 == 0 else "not it"
        client.post(
            f"/quiz/attempt/{attempt}/answer", data={"question_id": qid, "response": reply, "choice": reply}
        )
    client.post(f"/quiz/attempt/{attempt}/finish")
    return attempt


def test_9_the_results_page_charts_the_attempt_by_kind(app, world, live, browser, viewport):
    from playwright.sync_api import expect

    attempt = finish_attempt(app, world)
    page = open_as(browser, app, live, "owner", viewport)
    page.goto(f"{live}/quiz/attempt/{attempt}/results")
    expect(page.get_by_role("heading", name="By kind of question")).to_be_visible()
    bars = page.locator(".bars .bar")
    assert bars.count() >= 2
    for i in range(bars.count()):
        track = bars.nth(i).locator("svg.bar-track").bounding_box()
        assert track["width"] >= 100, track
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shot(page, "9-results-chart", viewport)
    page.context.close()


# --- 10. accessibility -----------------------------------------------------------------------------


def test_10_headings_table_headers_and_contrast(app, world, live, browser, viewport):
    from tests.quizapp.world import log_in

    owner = app.test_client()
    log_in(owner, "owner")
    owner.post(f"/author/questions/{world.ids['question_ids'][-1]}/status", data={"action": "reject"})
    attempt = world.ids["attempt_id"]
    pages = {
        "quiz-question": f"/quiz/attempt/{attempt}/question/1",
        "study-card": f"/study/deck/{world.ids['deck_key']}",
        "review-rejected": f"/author/banks/{world.ids['bank_id']}?status=rejected",
        "classroom-home": "/classroom/",
    }
    page = open_as(browser, app, live, "owner", viewport)
    problems = {}
    for name, path in pages.items():
        page.goto(live + path)
        page.wait_for_load_state("networkidle")
        found = serious(page)
        if found:
            problems[name] = found
        if name in ("quiz-question", "study-card"):
            assert page.locator("h1").count() == 1, name
        shot(page, f"10-{name}", viewport)
    finish_attempt(app, world)
    for name, path in {"quiz-results": f"/quiz/attempt/{attempt}/results", "scores": "/scores/"}.items():
        page.goto(live + path)
        found = serious(page)
        if found:
            problems[name] = found
        empty = page.evaluate(
            "Array.from(document.querySelectorAll('th')).filter(th => !th.textContent.trim()).length"
        )
        assert empty == 0, name
        shot(page, f"10-{name}", viewport)
    page.context.close()
    assert problems == {}
