"""A question's answers page, the teacher's keep / retire / fix, and the CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from quizapp.core.extensions import db
from quizapp.itemstats import recording
from quizapp.itemstats.recording import add_counts
from quizapp.library.models import Question
from quizapp.quiz import attempts


@pytest.fixture
def flagged(app, auth, make_user, make_bank):
    """A teacher's bank whose short-answer question on a number almost nobody gets right."""
    teacher = make_user("t@example.org", role="teacher")
    student = make_user("s@example.org")
    bank_id = make_bank(owner_id=teacher.id)
    with app.app_context():
        q = db.session.scalar(
            select(Question).where(Question.bank_id == bank_id, Question.uid == "q-number-nations")
        )
        add_counts([(q.id, "classroom", "answers", 60), (q.id, "classroom", "correct", 3)])
        attempt = attempts.start_attempt_on(student.id, [q])
        attempts.record_answer(attempt, q.id, "10")
        qid = q.id
    auth.login("t@example.org")
    return {"bank_id": bank_id, "qid": qid}


def test_the_answers_page_shows_the_figures_per_mode_the_flag_and_the_answers(client, flagged):
    page = client.get(f"/author/stats/questions/{flagged['qid']}").get_data(as_text=True)
    assert "Almost nobody gets it right." in page and "Only 5 % of 61 answers were right" in page
    assert "<td>60</td>" in page and "<td>61</td>" in page  # classroom, and all modes together
    assert page.count('class="flag"') == 1
    assert "<td>quiz</td>" in page and "<td>10</td>" in page
    assert "s@example.org" not in page and "Sam" not in page


def test_keep_quiets_the_flag_retire_rejects_fix_opens_the_editor(app, client, flagged):
    url = f"/author/stats/questions/{flagged['qid']}"
    reply = client.post(url + "/decide", data={"decision": "keep"}, follow_redirects=True)
    page = reply.get_data(as_text=True)
    assert "Kept: its flags stay quiet" in page and "Almost nobody gets it right." not in page
    review = client.get(f"/author/banks/{flagged['bank_id']}").get_data(as_text=True)
    assert "Almost nobody gets it right." not in review and "0 flagged by their answers" in review
    fix = client.post(url + "/decide", data={"decision": "fix"})
    assert fix.status_code == 302 and fix.location.endswith(f"/author/questions/{flagged['qid']}/edit")
    client.post(url + "/decide", data={"decision": "retire"})
    with app.app_context():
        assert db.session.get(Question, flagged["qid"]).status == "rejected"
    bad = client.post(url + "/decide", data={"decision": "explode"}, follow_redirects=True)
    assert bad.status_code == 200 and "Choose keep, retire or fix." in bad.get_data(as_text=True)


def test_the_csv_has_one_row_per_question_and_is_not_cached(app, client, flagged):
    reply = client.get(f"/author/stats/banks/{flagged['bank_id']}/stats.csv")
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "no-store"
    assert "attachment" in reply.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(reply.get_data(as_text=True))))
    assert len(rows) == 8
    nations = next(r for r in rows if int(r["question_id"]) == flagged["qid"])
    assert (nations["classroom_answers"], nations["quiz_answers"], nations["all_answers"]) == (
        "60",
        "1",
        "61",
    )
    assert nations["flags"] == "Almost nobody gets it right" and nations["choice_picks"] == ""
    crimea_mc = next(r for r in rows if r["prompt"].startswith("In which year"))
    assert crimea_mc["choice_picks"] == "1997: 0; 2014: 0; 2021: 0; 2022: 0" and crimea_mc["flags"] == ""


def test_other_teachers_cannot_see_the_figures(client, auth, make_user, flagged):
    make_user("other@example.org", role="teacher")
    auth.logout()
    auth.login("other@example.org")
    assert client.get(f"/author/stats/questions/{flagged['qid']}").status_code == 403
    assert client.get(f"/author/stats/banks/{flagged['bank_id']}/stats.csv").status_code == 403


def test_the_answers_page_shows_when_in_the_teachers_own_time_zone(app, client, flagged):
    from quizapp.accounts.models import User

    with app.app_context():
        teacher = db.session.scalar(select(User).where(User.email == "t@example.org"))
        teacher.time_zone = "Asia/Kolkata"  # no summer time: always IST, UTC+5:30
        recording.restart(flagged["qid"])  # as an edit does: the old figures become history
        db.session.commit()
    page = client.get(f"/author/stats/questions/{flagged['qid']}").get_data(as_text=True)
    assert "When (UTC)" not in page
    assert " IST</time>" in page and 'datetime="' in page and 'Z"' in page
    history = page[page.index("Before the edit of") :]
    assert history.index(" IST</time>") < history.index("</h3>")
