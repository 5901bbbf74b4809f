"""The figures kept as answers arrive equal a direct computation over the stored answers, after a mix of
quiz, classroom and flashcard answers; an edit starts them again and keeps the old ones."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.authoring import banks as authoring_banks
from quizapp.classroom import answers as classroom_answers
from quizapp.classroom import players, sessions
from quizapp.classroom.models import PlayerAnswer, SessionQuestion
from quizapp.core.extensions import db
from quizapp.itemstats.figures import figures_for, history
from quizapp.itemstats.models import ItemState
from quizapp.itemstats.recording import TIME_BANDS, score_band, time_band
from quizapp.library.models import Bank, Question
from quizapp.library.store import row_to_question
from quizapp.quiz import attempts
from quizapp.quiz.models import Answer, Attempt
from quizapp.study import queue
from quizapp.study.decks import get_deck
from quizapp.study.models import Card, Review

#: right answers out of 8 for each of 15 quiz takers: the thirds fall between score bands
QUIZ_SCORES = (8, 8, 7, 7, 6, 5, 5, 4, 4, 3, 2, 1, 1, 0, 0)


def wrong_response(q: Question, i: int) -> str:
    wrong = [c for c in q.choices or [] if c != q.answer]
    if i % 3 == 0:
        return ""  # "I don't know"
    return wrong[i % len(wrong)] if wrong else "not this"


def take_quizzes(app: Any, make_user: Any, bank_id: int) -> None:
    for n, right in enumerate(QUIZ_SCORES):
        user = make_user(f"s{n}@example.org")
        with app.app_context():
            rows = db.session.get(Bank, bank_id).questions
            attempt = attempts.start_attempt_on(user.id, rows)
            for i, q in enumerate(rows):
                response = q.answer if i < right else wrong_response(q, i + n)
                if q.type == "list" and i < right:
                    response = "\n".join(q.items)
                attempts.record_answer(attempt, q.id, response)
            assert attempt.finished_at is not None


def play_classroom(app: Any, teacher: Any, bank_id: int) -> None:
    with app.app_context():
        owner = db.session.get(User, teacher.id)
        session = sessions.create_session(
            owner, f"bank:{bank_id}", sessions.SessionOptions(pace="self", count=8)
        )
        for n in range(6):
            player = players.join(session, f"Player {n}").player
            for sq in session.questions:
                q = sq.question
                response = q.answer if (n + sq.position) % 2 and q.type != "list" else wrong_response(q, n)
                classroom_answers.record_answer(session, player, sq.position, response)
        sessions.end_session(session)


def study(app: Any, make_user: Any, bank_id: int) -> None:
    """The first quiz taker rates every card they got from the quiz, a day later."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "s0@example.org"))
        deck = get_deck(user, f"bank:{bank_id}")
        for i, card in enumerate(db.session.scalars(select(Card).where(Card.user_id == user.id)).all()):
            queue.rate(
                user.id, card.id, 1 + i % 4, deck=deck, token=f"t{i}",
                now=card.due + timedelta(minutes=1), duration_ms=1500 * (i + 1),
            )  # fmt: skip


def direct(bank_id: int) -> dict[int, dict[str, Any]]:
    """Every figure worked out from the stored answers, without the counters."""
    out: dict[int, dict[str, Any]] = {}
    questions = db.session.scalars(select(Question).where(Question.bank_id == bank_id)).all()
    for q in questions:
        out[q.id] = {
            "answers": 0,
            "correct": 0,
            "dont_know": 0,
            "picks": Counter(),
            "times": [],
            "bands": Counter(),
        }
    for attempt in db.session.scalars(select(Attempt)).all():
        previous = attempt.started_at
        score = sum(a.credit for a in attempt.answers) / attempt.max_score
        for a in sorted(attempt.answers, key=lambda a: a.answered_at):
            f = out[a.question_id]
            f["times"].append((a.answered_at - previous).total_seconds() * 1000)
            previous = a.answered_at
            f["bands"][(score_band(score), a.correct)] += 1
    quiz_rows = [(a.question_id, a.response, a.correct, None) for a in db.session.scalars(select(Answer))]
    class_rows = []
    for pa, qid in db.session.execute(
        select(PlayerAnswer, SessionQuestion.question_id).join(SessionQuestion)
    ).all():
        class_rows.append((qid, pa.response, pa.correct, pa.elapsed_ms))
    by_player: dict[int, list[tuple[int, bool, float]]] = {}
    for pa, qid in db.session.execute(
        select(PlayerAnswer, SessionQuestion.question_id).join(SessionQuestion)
    ):
        by_player.setdefault(pa.player_id, []).append((qid, pa.correct, pa.credit))
    for rows in by_player.values():
        band = score_band(sum(c for _q, _ok, c in rows) / 8)
        for qid, ok, _c in rows:
            out[qid]["bands"][(band, ok)] += 1
    for qid, response, correct, elapsed in quiz_rows + class_rows:
        f = out[qid]
        q = db.session.get(Question, qid)
        f["answers"] += 1
        f["correct"] += int(correct)
        f["dont_know"] += int(response == "")
        if response in (q.choices or []):
            f["picks"][q.choices.index(response)] += 1
        if elapsed is not None:
            f["times"].append(elapsed)
    for review, card in db.session.execute(select(Review, Card).join(Card).where(Review.source == "study")):
        if card.part == 0:
            f = out[card.question_id]
            f["answers"] += 1
            f["correct"] += int(review.rating > 1)
            if review.duration_ms is not None:
                f["times"].append(review.duration_ms)
    return out


def test_figures_equal_a_direct_computation_over_the_stored_answers(app, make_user, make_bank):
    teacher = make_user("t@example.org", role="teacher")
    bank_id = make_bank(owner_id=teacher.id)
    take_quizzes(app, make_user, bank_id)
    play_classroom(app, teacher, bank_id)
    study(app, make_user, bank_id)
    with app.app_context():
        assert_figures_equal_direct(bank_id)


def test_a_rebuild_recounts_answers_stored_before_item_statistics(app, make_user, make_bank):
    from quizapp.cli import rebuild_item_statistics
    from quizapp.itemstats.models import item_counts

    teacher = make_user("t@example.org", role="teacher")
    bank_id = make_bank(owner_id=teacher.id)
    take_quizzes(app, make_user, bank_id)
    play_classroom(app, teacher, bank_id)
    study(app, make_user, bank_id)
    with app.app_context():
        qids = [q.id for q in db.session.get(Bank, bank_id).questions]
        recorded = {
            q: {m: f.counts for m, f in figs.by_mode.items()} for q, figs in figures_for(qids).items()
        }
        db.session.execute(item_counts.delete())  # the answers were stored before the feature
        db.session.commit()
        assert all(f.all.answers == 0 for f in figures_for(qids).values())
        counted = rebuild_item_statistics()
        assert counted == sum(f.all.answers for f in figures_for(qids).values()) > 8 * (15 + 6)
        assert_figures_equal_direct(bank_id)
        rebuilt = {q: {m: f.counts for m, f in figs.by_mode.items()} for q, figs in figures_for(qids).items()}
        assert rebuilt == recorded  # every counter of every mode, as recorded when the answers came in
        assert rebuild_item_statistics(bank_id) == counted  # run again: recounted, not added
        assert_figures_equal_direct(bank_id)


def assert_figures_equal_direct(bank_id: int) -> None:
    expected = direct(bank_id)
    figures = figures_for(expected)
    assert sum(e["answers"] for e in expected.values()) > 8 * (15 + 6)  # study answers were counted too
    for qid, want in expected.items():
        fig = figures[qid].all
        q = db.session.get(Question, qid)
        assert (fig.answers, fig.correct, fig.dont_know) == (
            want["answers"],
            want["correct"],
            want["dont_know"],
        )
        assert fig.picks(len(q.choices or [])) == [want["picks"][i] for i in range(len(q.choices or []))]
        # the median answer's time band is the band of the stored answers' median (low median)
        times = sorted(want["times"])
        low_median = times[(len(times) - 1) // 2]
        band = time_band(int(low_median))
        assert fig.median_time == ((TIME_BANDS[band - 1] if band else 0), TIME_BANDS[band])
        for b in range(10):
            assert fig.get(f"takers:{b}") == want["bands"][(b, True)] + want["bands"][(b, False)]
            assert fig.get(f"takers_correct:{b}") == want["bands"][(b, True)]
        assert figures[qid].by_mode["quiz"].takers == 15 and figures[qid].by_mode["classroom"].takers == 6


def test_discrimination_is_the_top_third_minus_the_bottom_third_of_quiz_takers(app, make_user, make_bank):
    teacher = make_user("t@example.org", role="teacher")
    bank_id = make_bank(owner_id=teacher.id)
    take_quizzes(app, make_user, bank_id)
    with app.app_context():
        for q in db.session.get(Bank, bank_id).questions:
            answers = db.session.execute(
                select(Answer.correct, Attempt.score).join(Attempt).where(Answer.question_id == q.id)
            ).all()
            ranked = sorted(answers, key=lambda r: -r.score)
            top, bottom = ranked[:5], ranked[-5:]
            want = statistics.mean(r.correct for r in top) - statistics.mean(r.correct for r in bottom)
            assert abs(figures_for([q.id])[q.id].by_mode["quiz"].discrimination - want) < 1e-9


def test_an_edit_starts_the_figures_again_and_keeps_the_old_ones(app, make_user, make_bank):
    teacher = make_user("t@example.org", role="teacher")
    bank_id = make_bank(owner_id=teacher.id)
    take_quizzes(app, make_user, bank_id)
    with app.app_context():
        q = next(q for q in db.session.get(Bank, bank_id).questions if q.type == "multiple_choice")
        qid, before = q.id, figures_for([q.id])[q.id].all.answers
    assert before == 15
    with app.app_context():
        row = db.session.get(Question, qid)
        edited = row_to_question(row)
        authoring_banks.update_question(
            row, replace(edited, prompt=edited.prompt + " (reworded)"), teacher.id
        )
        assert figures_for([qid])[qid].all.answers == 0
        assert [f.all.answers for f in history(qid).values()] == [15]
        # a status-only change keeps the figures
        row = db.session.get(Question, qid)
        attempt = attempts.start_attempt_on(teacher.id, [row])
        attempts.record_answer(attempt, qid, row.answer)
        authoring_banks.update_question(row, row_to_question(row), teacher.id, approve=True)
        assert figures_for([qid])[qid].all.answers == 1
        assert [r["edition"] for r in db.session.get(ItemState, qid).restarts] == [1]
        # a rebuild counts only the answer since the edit; the figures before it stay history
        from quizapp.cli import rebuild_item_statistics

        rebuild_item_statistics(bank_id)
        assert figures_for([qid])[qid].all.answers == 1
        assert [f.all.answers for f in history(qid).values()] == [15]


def test_an_undone_flashcard_rating_is_taken_back(app, make_user, make_bank):
    student = make_user("s@example.org")
    bank_id = make_bank()
    with app.app_context():
        row = db.session.get(Bank, bank_id).questions[0]
        attempt = attempts.start_attempt_on(student.id, [row])
        attempts.record_answer(attempt, row.id, row.answer)
        user = db.session.get(User, student.id)
        deck = get_deck(user, f"bank:{bank_id}")
        card = db.session.scalars(select(Card).where(Card.user_id == student.id)).one()
        rated = queue.rate(student.id, card.id, 3, deck=deck, token="t1", now=card.due + timedelta(minutes=1))
        assert figures_for([row.id])[row.id].by_mode["study"].answers == 1
        queue.undo(student.id, deck, rated.review.id)
        study = figures_for([row.id])[row.id].by_mode["study"]
        assert (study.answers, study.correct) == (0, 0)
        assert figures_for([row.id])[row.id].by_mode["quiz"].answers == 1


def test_every_choice_is_counted_however_many_a_question_has(app, make_user, make_bank, sample_bank):
    """Choices past the eighth (a bank imported from JSON may have any number) are counted like the others:
    on the figures, in the flags, in a rebuild and in the history kept by an edit."""
    from quizapp.cli import rebuild_item_statistics
    from quizapp.itemstats.flags import flags_for

    teacher = make_user("t@example.org", role="teacher")
    mc = next(q for q in sample_bank.questions if q.id == "q-place-brussels")
    many = tuple(f"Choice {i}" for i in range(11))
    bank_id = make_bank(
        replace(sample_bank, questions=(replace(mc, choices=many, answer=many[1], choice_notes=()),))
    )
    picked = [many[10]] * 7 + [many[1]] * 3 + [many[9]] * 2
    for n, response in enumerate(picked):
        user = make_user(f"s{n}@example.org")
        with app.app_context():
            rows = db.session.get(Bank, bank_id).questions
            attempts.record_answer(attempts.start_attempt_on(user.id, rows), rows[0].id, response)
    with app.app_context():
        row = db.session.get(Bank, bank_id).questions[0]
        want = [0, 3] + [0] * 7 + [2, 7]
        fig = figures_for([row.id])[row.id]
        assert fig.all.picks(len(many)) == want and fig.by_mode["quiz"].picks(len(many)) == want
        flags = flags_for(fig.all, qtype="multiple_choice", choices=many, answer=many[1])
        assert [f.code for f in flags] == ["distractor_over_key"]
        assert "“Choice 10” was picked 7 times" in flags[0].reason
        rebuild_item_statistics(bank_id)
        assert figures_for([row.id])[row.id].all.picks(len(many)) == want
        authoring_banks.update_question(
            row, replace(row_to_question(row), prompt=row.prompt + " (reworded)"), teacher.id
        )
        assert figures_for([row.id])[row.id].all.picks(len(many)) == [0] * 11
        assert [f.all.picks(len(many)) for f in history(row.id).values()] == [want]
