"""Every page type of the app, visited in Chromium as the person who sees it, for the accessibility
and XSS tests.

``page_tour(app, world)`` yields (name, who, path) in an order that also walks the states between
pages: the quiz is answered before its feedback page, the classroom question is opened before the
players' question page, and so on (those steps go through Flask test clients on the same database).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.quizapp.world import World, build_world, log_in

#: who may look at a page: a logged-in role, "anonymous", or "player" (a phone that joined the session)
WHO = ("anonymous", "owner", "admin", "player")


def session_cookie(app: Any, role: str) -> str:
    client = app.test_client()
    log_in(client, role)
    return client.get_cookie("session").value


def new_context(browser: Any, app: Any, base: str, world: World, who: str, **options: Any) -> Any:
    """A browser context holding the cookies of ``who`` (nothing for anonymous)."""
    context = browser.new_context(viewport={"width": 1024, "height": 900}, **options)
    cookies = []
    if who in ("owner", "admin"):
        cookies.append({"name": "session", "value": session_cookie(app, who), "url": base})
    elif who == "player":
        cookies.append(
            {
                "name": f"classroom_player_{world.ids['session_id']}",
                "value": world.player_token,
                "url": f"{base}/classroom/",
            }
        )
    if cookies:
        context.add_cookies(cookies)
    return context


def page_tour(app: Any, world: World) -> Iterator[tuple[str, str, str]]:
    """(page type, who, path) for every page type, doing the steps between them."""
    ids = world.ids
    owner = app.test_client()
    log_in(owner, "owner")
    player = app.test_client()
    player.set_cookie(f"classroom_player_{ids['session_id']}", world.player_token, path="/classroom/")
    bank, attempt, sid = ids["bank_id"], ids["attempt_id"], ids["session_id"]
    answer_text = world.payload or "Moscow"

    yield "home", "anonymous", "/"
    yield "log in", "anonymous", "/auth/login"
    yield "sign up", "anonymous", "/auth/signup"
    yield "error page", "anonymous", "/no-such-page"
    yield "shared bank", "anonymous", f"/shared/{ids['bank_token']}"
    yield "public sets", "anonymous", "/sets/"
    yield "shared set", "anonymous", f"/sets/shared/{ids['set_token']}"
    yield "classroom join", "anonymous", "/classroom/join"
    yield "classroom join with code", "anonymous", f"/classroom/join?code={world.join_code}"

    yield "library", "owner", "/"
    yield "bank", "owner", f"/bank/{bank}"
    yield "reader", "owner", f"/bank/{bank}/article"
    yield "new quiz", "owner", f"/quiz/?bank={bank}"
    yield "quiz question", "owner", f"/quiz/attempt/{attempt}/question/1"
    from quizapp.core.extensions import db
    from quizapp.library.models import Question
    from quizapp.quiz.models import Attempt

    with app.app_context():
        first_question = db.session.get(Attempt, attempt).question_ids[0]
        first_answer = db.session.get(Question, first_question).answer
    # the question's own answer is a valid choice whatever its type (a made-up one is not, on a true/false)
    answered = owner.post(
        f"/quiz/attempt/{attempt}/answer",
        data={"question_id": first_question, "response": first_answer, "choice": first_answer},
    )
    assert answered.status_code == 302, answered.status_code
    yield "quiz feedback", "owner", f"/quiz/attempt/{attempt}/question/1/feedback"
    owner.post(f"/quiz/attempt/{attempt}/finish")
    yield "quiz results", "owner", f"/quiz/attempt/{attempt}/results"
    yield "scores", "owner", "/scores/"

    yield "study decks", "owner", "/study/"
    yield "study card", "owner", f"/study/deck/{ids['deck_key']}"
    yield "study card flipped", "owner", f"/study/deck/{ids['deck_key']}?show=1"
    yield "study typed", "owner", f"/study/deck/{ids['deck_key']}?mode=type"
    yield "study progress", "owner", "/study/progress"
    yield "study settings", "owner", "/study/settings"

    yield "author home", "owner", "/author/"
    yield "author bank", "owner", f"/author/banks/{bank}"
    yield "author article", "owner", f"/author/banks/{bank}/article"
    yield "author import", "owner", "/author/import"
    yield "author upload", "owner", "/author/upload"
    yield "author job", "owner", f"/author/jobs/{ids['job_id']}"
    yield "author question edit", "owner", f"/author/questions/{ids['question_id']}/edit"
    yield "author new question", "owner", f"/author/banks/{bank}/questions/new"
    yield "author regenerate", "owner", f"/author/banks/{bank}/regenerate"
    yield "author sets", "owner", "/author/sets"
    yield "author set", "owner", f"/author/sets/{ids['set_id']}"
    yield "author set add", "owner", f"/author/sets/{ids['set_id']}/add?bank={bank}"
    yield "set page", "owner", f"/sets/{ids['set_id']}"

    yield "classroom home", "owner", "/classroom/"
    yield "classroom lobby (projector)", "owner", f"/classroom/s/{sid}/host"
    yield "classroom lobby (phone)", "player", f"/classroom/s/{sid}/play"
    owner.post(f"/classroom/s/{sid}/control", data={"action": "open", "position": 0})
    yield "classroom question (projector)", "owner", f"/classroom/s/{sid}/host"
    yield "classroom question (phone)", "player", f"/classroom/s/{sid}/play"
    player.post(f"/classroom/s/{sid}/answer", data={"position": 0, "response": answer_text})
    yield "classroom answered (phone)", "player", f"/classroom/s/{sid}/play"
    owner.post(f"/classroom/s/{sid}/control", data={"action": "close"})
    yield "classroom reveal (projector)", "owner", f"/classroom/s/{sid}/host"
    yield "classroom reveal (phone)", "player", f"/classroom/s/{sid}/play"
    owner.post(f"/classroom/s/{sid}/control", data={"action": "end"})
    yield "classroom results", "owner", f"/classroom/s/{sid}/results"
    yield "classroom ended (phone)", "player", f"/classroom/s/{sid}/play"

    # last, so that no page above meets it: a rejected item in the review queue (its contrast, issue 16)
    owner.post(f"/author/questions/{ids['question_ids'][-1]}/status", data={"action": "reject"})
    yield "author bank with a rejected item", "owner", f"/author/banks/{bank}?status=rejected"
    yield "users (admin)", "admin", "/auth/users"


def tour_world(app: Any, sample_bank: Any, **kwargs: Any) -> World:
    return build_world(app, sample_bank, **kwargs)
