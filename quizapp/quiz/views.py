"""Quizzes: choose a bank and options, answer one question per page, see why, review at the end.

Every page works without JavaScript: plain forms, one POST per answer, redirects after each POST.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms.validators import InputRequired, NumberRange

import questions as qs
from quizapp.accounts import service as accounts
from quizapp.core import access
from quizapp.core.access import shared_bank_ids
from quizapp.core.extensions import db, limiter, player_key
from quizapp.core.forms import choice
from quizapp.library import banks as library_banks
from quizapp.library import labels
from quizapp.library.banks import bank_or_404
from quizapp.library.models import Bank, Question
from quizapp.library.store import row_to_question
from quizapp.quiz import attempts as quiz_attempts
from quizapp.quiz import scores as score_service
from quizapp.quiz.forms import OptionsForm, answer_form, form_response
from quizapp.quiz.models import Attempt

bp = Blueprint("quiz", __name__, url_prefix="/quiz")
#: My scores: the history of attempts, a chart of scores over time and accuracy per kind of question
scores_bp = Blueprint("scores", __name__, url_prefix="/scores")


def own_attempt(attempt_id: int) -> Attempt:
    attempt = db.get_or_404(Attempt, attempt_id)
    if attempt.user_id != current_user.id:
        abort(403)
    return attempt


def _bank_choices() -> list[Bank]:
    banks = library_banks.visible_banks(current_user)
    seen = {b.id for b in banks}
    for bank_id in shared_bank_ids():
        extra = db.session.get(Bank, bank_id)
        if extra is not None and extra.id not in seen and access.may_open_bank(current_user, extra):
            banks.append(extra)
    return banks


@bp.route("/", methods=["GET", "POST"])
@limiter.limit("120 per hour", methods=["POST"], key_func=player_key)
def new() -> Response | tuple[str, int]:
    """The options form: which article, how many questions, which kinds and types."""
    banks = _bank_choices()
    max_count = int(current_app.config["QUIZ_MAX_COUNT"])
    form = OptionsForm()
    form.bank.choices = [choice(b.id, b.title) for b in banks]
    if request.method == "GET":
        wanted = request.args.get("bank", type=int)
        form.bank.data = wanted if wanted in {b.id for b in banks} else (banks[0].id if banks else None)
        form.count.data = int(current_app.config["QUIZ_DEFAULT_COUNT"])
    selected = next((b for b in banks if b.id == form.bank.data), banks[0] if banks else None)
    kinds, types = quiz_attempts.available_filters(selected) if selected else ({}, {})
    form.kinds.choices = [
        choice(k, f"{labels.kind_label(k)} ({n})")
        for k, n in sorted(kinds.items(), key=lambda kv: qs.KINDS.index(kv[0]) if kv[0] in qs.KINDS else 99)
    ]
    form.types.choices = [
        choice(t, f"{labels.type_label(t)} ({n})")
        for t, n in sorted(types.items(), key=lambda kv: qs.TYPES.index(kv[0]) if kv[0] in qs.TYPES else 99)
    ]
    # a bank chosen on the form may have kinds the preselected one lacks: accept any known kind
    form.kinds.choices += [choice(k, labels.kind_label(k)) for k in qs.KINDS if k not in kinds]
    form.types.choices += [choice(t, labels.type_label(t)) for t in qs.TYPES if t not in types]
    form.count.validators = [
        InputRequired("Say how many questions."),
        NumberRange(1, max_count, f"Choose between 1 and {max_count} questions."),
    ]
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            bank = bank_or_404(form.bank.data)
            if not current_user.is_authenticated:
                # playing without an account: a guest, kept by a long-lived cookie
                login_user(accounts.create_guest(), remember=True)
            try:
                attempt = quiz_attempts.start_attempt(
                    current_user.id,
                    bank,
                    count=form.count.data or 1,
                    kinds=form.kinds.data or [],
                    types=form.types.data or [],
                )
            except quiz_attempts.QuizError as exc:
                form.kinds.errors = [*form.kinds.errors, str(exc)]
            else:
                return redirect(url_for("quiz.question", attempt_id=attempt.id, number=1))
        status = 422
    unfinished = quiz_attempts.unfinished_attempts(current_user.id if current_user.is_authenticated else None)
    return render_template(
        "quiz/new.html", form=form, banks=banks, selected=selected, kinds=kinds, unfinished=unfinished
    ), status


@bp.get("/attempt/<int:attempt_id>")
@login_required
def attempt(attempt_id: int) -> Response:
    """Resume: go to the first unanswered question, or to the results."""
    attempt = own_attempt(attempt_id)
    if attempt.finished_at is not None:
        return redirect(url_for("quiz.results", attempt_id=attempt.id))
    pos = quiz_attempts.current_position(attempt)
    if pos is None:
        quiz_attempts.finish(attempt)
        return redirect(url_for("quiz.results", attempt_id=attempt.id))
    return redirect(url_for("quiz.question", attempt_id=attempt.id, number=pos + 1))


def _withdrawn(attempt: Attempt, number: int) -> tuple[str, int]:
    """A question whose bank its owner no longer shares: not shown, not answered; the score stays."""
    return render_template(
        "quiz/withdrawn.html", attempt=attempt, number=number, total=len(attempt.question_ids)
    ), 403


def _question_page(
    attempt: Attempt, number: int, row: Question, form: FlaskForm, status: int = 200
) -> tuple[str, int]:
    q = row_to_question(row)
    return render_template(
        "quiz/question.html",
        attempt=attempt,
        number=number,
        total=len(attempt.question_ids),
        row=row,
        question=q,
        form=form,
        kind_label=labels.kind_label,
        type_label=labels.type_label,
    ), status


@bp.get("/attempt/<int:attempt_id>/question/<int:number>")
@login_required
def question(attempt_id: int, number: int) -> Response | tuple[str, int]:
    attempt = own_attempt(attempt_id)
    row = quiz_attempts.question_at(attempt, number - 1)
    if row is None:
        abort(404, "This quiz has no question with that number.")
    if not quiz_attempts.shows(current_user, attempt, row):
        return _withdrawn(attempt, number)
    if row.id in quiz_attempts.answers_by_question(attempt):
        return redirect(url_for("quiz.feedback", attempt_id=attempt.id, number=number))
    if attempt.finished_at is not None:
        return redirect(url_for("quiz.results", attempt_id=attempt.id))
    pos = quiz_attempts.current_position(attempt)
    if pos is not None and pos != number - 1:
        return redirect(url_for("quiz.question", attempt_id=attempt.id, number=pos + 1))
    form = answer_form(row_to_question(row), formdata=None, question_id=str(row.id))
    return _question_page(attempt, number, row, form)


@bp.post("/attempt/<int:attempt_id>/answer")
@login_required
def answer(attempt_id: int) -> Response | tuple[str, int]:
    attempt = own_attempt(attempt_id)
    try:
        question_id = int(request.form.get("question_id", ""))
    except ValueError:
        abort(400, "The answer did not say which question it was for. Go back to the quiz and try again.")
    if question_id not in attempt.question_ids:
        abort(400, "That question is not part of this quiz.")
    number = attempt.question_ids.index(question_id) + 1
    if question_id in quiz_attempts.answers_by_question(attempt):
        flash("You already answered this question; your first answer stands.", "info")
        return redirect(url_for("quiz.feedback", attempt_id=attempt.id, number=number))
    if attempt.finished_at is not None:
        flash("This quiz is finished; its answers can no longer change.", "info")
        return redirect(url_for("quiz.results", attempt_id=attempt.id))
    row = db.get_or_404(Question, question_id)
    if not quiz_attempts.shows(current_user, attempt, row):
        if "skip" not in request.form:
            return _withdrawn(attempt, number)
        quiz_attempts.pass_over(attempt, question_id)
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id))
    form = answer_form(row_to_question(row))
    skipped = "skip" in request.form
    if not skipped and not form.validate_on_submit():
        return _question_page(attempt, number, row, form, 422)
    quiz_attempts.record_answer(attempt, question_id, "" if skipped else form_response(form))
    # attempt_id, not attempt.id: the commit expired the row, and reading it back is a query for nothing
    return redirect(url_for("quiz.feedback", attempt_id=attempt_id, number=number))


@bp.get("/attempt/<int:attempt_id>/question/<int:number>/feedback")
@login_required
def feedback(attempt_id: int, number: int) -> Response | str | tuple[str, int]:
    attempt = own_attempt(attempt_id)
    row = quiz_attempts.question_at(attempt, number - 1)
    if row is None:
        abort(404, "This quiz has no question with that number.")
    if not quiz_attempts.shows(current_user, attempt, row):
        return _withdrawn(attempt, number)
    ans = quiz_attempts.answers_by_question(attempt).get(row.id)
    if ans is None:
        return redirect(url_for("quiz.question", attempt_id=attempt.id, number=number))
    pos = quiz_attempts.current_position(attempt)
    return render_template(
        "quiz/feedback.html",
        attempt=attempt,
        number=number,
        total=len(attempt.question_ids),
        fb=quiz_attempts.feedback(row, ans),
        next_number=None if pos is None else pos + 1,
        kind_label=labels.kind_label,
    )


@bp.post("/attempt/<int:attempt_id>/finish")
@login_required
def finish(attempt_id: int) -> Response:
    """End the quiz now; unanswered questions earn nothing."""
    attempt = own_attempt(attempt_id)
    quiz_attempts.finish(attempt)
    return redirect(url_for("quiz.results", attempt_id=attempt.id))


@bp.get("/attempt/<int:attempt_id>/results")
@login_required
def results(attempt_id: int) -> Response | str:
    attempt = own_attempt(attempt_id)
    if attempt.finished_at is None:
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id))
    return render_template(
        "quiz/results.html",
        attempt=attempt,
        items=quiz_attempts.review(attempt, current_user),
        kind_label=labels.kind_label,
        kinds=score_service.accuracy_by_kind(current_user.id, attempt_id=attempt.id),
    )


@scores_bp.get("/", endpoint="index")
@login_required
def scores_index() -> str:
    attempts = score_service.history(current_user.id)
    return render_template(
        "quiz/scores.html",
        attempts=list(reversed(attempts)),
        chart=score_service.chart(attempts),
        kinds=score_service.accuracy_by_kind(current_user.id),
        summary=score_service.summary(attempts),
        unfinished=quiz_attempts.unfinished_attempts(current_user.id),
    )
