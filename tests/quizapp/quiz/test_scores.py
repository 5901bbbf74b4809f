"""My scores: history, the SVG chart of scores over time, accuracy per kind."""

from __future__ import annotations

import re

from freezegun import freeze_time

from tests.quizapp.quiz.test_quiz import Quiz


def _play(client, app, bank_id, right: int, total: int, kinds=()):
    quiz = Quiz(client, app)
    quiz.start(bank_id, count=total, kinds=kinds)
    for i in range(total):
        row, _ = quiz.current()
        quiz.answer(row, quiz.right_answer(row) if i < right else quiz.wrong_answer(row))
    return quiz.attempt_id


def test_scores_page_before_any_quiz(client, auth, make_user):
    make_user()
    auth.login()
    page = client.get("/scores/")
    assert "No finished quizzes yet" in page.text


def test_history_chart_and_accuracy_per_kind(client, app, auth, make_user, make_bank):
    make_user()
    auth.login()
    bank_id = make_bank()
    with freeze_time("2026-11-20 10:00:00"):
        _play(client, app, bank_id, right=1, total=4)
    with freeze_time("2026-11-22 10:00:00"):
        _play(client, app, bank_id, right=3, total=4)
    with freeze_time("2026-11-25 10:00:00"):
        _play(client, app, bank_id, right=3, total=3, kinds=["date"])
    page = client.get("/scores/").text
    assert "3 quizzes" in page and "best 100%" in page
    # newest first in the table, with a link to each review
    rows = re.findall(r"<td>(\d+(?:\.\d)?) / (\d+) \((\d+)%\)</td>", page)
    assert [r[2] for r in rows] == ["100", "75", "25"]
    assert page.count("Review</a>") == 3
    # the chart: one point per quiz, oldest first, higher score drawn higher
    assert '<svg class="chart"' in page
    ys = [float(y) for y in re.findall(r'<circle class="point" cx="[\d.]+" cy="([\d.]+)"', page)]
    assert len(ys) == 3 and ys[0] > ys[1] > ys[2]
    assert "20 Nov" in page and "25 Nov" in page
    assert '<polyline class="series"' in page
    # accuracy per kind: every date question of the last quiz was right
    kinds = dict(
        re.findall(r"<span>([A-Za-z ]+)</span>\s*<svg class=\"bar-track\"[^>]*aria-label=\"(\d+)%\"", page)
    )
    assert "Dates" in kinds
    assert 0 < int(kinds["Dates"]) <= 100


def test_scores_are_kept_per_user(client, app, auth, make_user, make_bank):
    make_user("a@example.org")
    make_user("b@example.org")
    bank_id = make_bank()
    auth.login("a@example.org")
    _play(client, app, bank_id, right=2, total=2)
    auth.logout()
    auth.login("b@example.org")
    assert "No finished quizzes yet" in client.get("/scores/").text


def test_a_quiz_results_page_charts_that_attempt_by_kind(client, app, auth, make_user, make_bank):
    """Issue 16, point 9: the results page shows the attempt's own accuracy per kind, not the history's."""
    make_user()
    auth.login()
    bank_id = make_bank()
    _play(client, app, bank_id, right=0, total=3, kinds=["date"])  # all wrong: Dates 0% in the history
    attempt_id = _play(client, app, bank_id, right=3, total=3, kinds=["date"])
    page = client.get(f"/quiz/attempt/{attempt_id}/results").text
    assert "By kind of question" in page
    kinds = dict(
        re.findall(r"<span>([A-Za-z ]+)</span>\s*<svg class=\"bar-track\"[^>]*aria-label=\"(\d+)%\"", page)
    )
    assert kinds == {"Dates": "100"}  # this attempt's, while the history's is 50%
    assert "cdn" not in page.lower() and "chart.js" not in page  # an SVG drawn on the server
    history = client.get("/scores/").text
    assert re.search(r"<span>Dates</span>\s*<svg[^>]*aria-label=\"50%\"", history)
