"""Quizzes: choose a bank and options, answer one question per page, see why, review at the end.

Every page works without JavaScript: plain forms, one POST per answer, redirects after each POST.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

import questions as qs
from quizapp.extensions import db, limiter
from quizapp.forms import choice
from quizapp.library import bank_or_404, shared_bank_ids
from quizapp.models.attempts import Attempt
from quizapp.models.banks import Bank, Question
from quizapp.services import accounts, quizzes
from quizapp.services import banks as bank_service
from quizapp.services.banks import row_to_question
from quizapp.services.grading import MAX_LIST_RESPONSE, MAX_RESPONSE

bp = Blueprint("quiz", __name__, url_prefix="/quiz")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OptionsForm(FlaskForm):
    bank = SelectField("Article", coerce=int)
    count = IntegerField("How many questions", validators=[InputRequired("Say how many questions.")])
    kinds = MultiCheckboxField("Kinds of question (none ticked: all)", choices=[])
    types = MultiCheckboxField("Types of question (none ticked: all)", choices=[])


class ChoiceAnswerForm(FlaskForm):
    question_id = HiddenField()
    choice = RadioField("Your answer", choices=[], validators=[InputRequired("Choose one of the answers.")])


class TypedAnswerForm(FlaskForm):
    question_id = HiddenField()
    response = StringField(
        "Your answer",
        validators=[
            DataRequired("Type an answer, or press “I don't know”."),
            Length(max=MAX_RESPONSE, message=f"Keep the answer under {MAX_RESPONSE} characters."),
        ],
    )


class ListAnswerForm(FlaskForm):
    question_id = HiddenField()
    response = TextAreaField(
        "Your answer, one per line",
        validators=[
            DataRequired("Name at least one, or press “I don't know”."),
            Length(max=MAX_LIST_RESPONSE, message=f"Keep the answer under {MAX_LIST_RESPONSE} characters."),
        ],
    )


def answer_form(question: qs.Question, **kwargs: Any) -> FlaskForm:
    if question.type == "list":
        return ListAnswerForm(**kwargs)
    if question.choices:
        form = ChoiceAnswerForm(**kwargs)
        form.choice.choices = [choice(c, c) for c in question.choices]
        return form
    return TypedAnswerForm(**kwargs)


def form_response(form: FlaskForm) -> str:
    field = getattr(form, "choice", None) or form.response  # type: ignore[attr-defined]
    return str(field.data or "").strip()


def player_key() -> str:
    """Quiz starts are limited per player, not per address: a classroom shares one address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


def own_attempt(attempt_id: int) -> Attempt:
    attempt = db.get_or_404(Attempt, attempt_id)
    if attempt.user_id != current_user.id:
        abort(403)
    return attempt


def _bank_choices() -> list[Bank]:
    banks = bank_service.visible_banks(current_user)
    seen = {b.id for b in banks}
    for bank_id in shared_bank_ids():
        extra = db.session.get(Bank, bank_id)
        if extra is not None and extra.id not in seen and extra.visibility != "private":
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
    kinds, types = quizzes.available_filters(selected) if selected else ({}, {})
    form.kinds.choices = [
        choice(k, f"{quizzes.kind_label(k)} ({n})")
        for k, n in sorted(kinds.items(), key=lambda kv: qs.KINDS.index(kv[0]) if kv[0] in qs.KINDS else 99)
    ]
    form.types.choices = [
        choice(t, f"{quizzes.type_label(t)} ({n})")
        for t, n in sorted(types.items(), key=lambda kv: qs.TYPES.index(kv[0]) if kv[0] in qs.TYPES else 99)
    ]
    # a bank chosen on the form may have kinds the preselected one lacks: accept any known kind
    form.kinds.choices += [choice(k, quizzes.kind_label(k)) for k in qs.KINDS if k not in kinds]
    form.types.choices += [choice(t, quizzes.type_label(t)) for t in qs.TYPES if t not in types]
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
                attempt = quizzes.start_attempt(
                    current_user.id,
                    bank,
                    count=form.count.data or 1,
                    kinds=form.kinds.data or [],
                    types=form.types.data or [],
                )
            except quizzes.QuizError as exc:
                form.kinds.errors = [*form.kinds.errors, str(exc)]
            else:
                return redirect(url_for("quiz.question", attempt_id=attempt.id, number=1))
        status = 422
    unfinished = quizzes.unfinished_attempts(current_user.id if current_user.is_authenticated else None)
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
    pos = quizzes.current_position(attempt)
    if pos is None:
        quizzes.finish(attempt)
        return redirect(url_for("quiz.results", attempt_id=attempt.id))
    return redirect(url_for("quiz.question", attempt_id=attempt.id, number=pos + 1))


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
        kind_label=quizzes.kind_label,
        type_label=quizzes.type_label,
    ), status


@bp.get("/attempt/<int:attempt_id>/question/<int:number>")
@login_required
def question(attempt_id: int, number: int) -> Response | tuple[str, int]:
    attempt = own_attempt(attempt_id)
    row = quizzes.question_at(attempt, number - 1)
    if row is None:
        abort(404, "This quiz has no question with that number.")
    if row.id in quizzes.answers_by_question(attempt):
        return redirect(url_for("quiz.feedback", attempt_id=attempt.id, number=number))
    if attempt.finished_at is not None:
        return redirect(url_for("quiz.results", attempt_id=attempt.id))
    pos = quizzes.current_position(attempt)
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
    if question_id in quizzes.answers_by_question(attempt):
        flash("You already answered this question; your first answer stands.", "info")
        return redirect(url_for("quiz.feedback", attempt_id=attempt.id, number=number))
    if attempt.finished_at is not None:
        flash("This quiz is finished; its answers can no longer change.", "info")
        return redirect(url_for("quiz.results", attempt_id=attempt.id))
    row = db.get_or_404(Question, question_id)
    form = answer_form(row_to_question(row))
    skipped = "skip" in request.form
    if not skipped and not form.validate_on_submit():
        return _question_page(attempt, number, row, form, 422)
    quizzes.record_answer(attempt, question_id, "" if skipped else form_response(form))
    return redirect(url_for("quiz.feedback", attempt_id=attempt.id, number=number))


@bp.get("/attempt/<int:attempt_id>/question/<int:number>/feedback")
@login_required
def feedback(attempt_id: int, number: int) -> Response | str:
    attempt = own_attempt(attempt_id)
    row = quizzes.question_at(attempt, number - 1)
    if row is None:
        abort(404, "This quiz has no question with that number.")
    ans = quizzes.answers_by_question(attempt).get(row.id)
    if ans is None:
        return redirect(url_for("quiz.question", attempt_id=attempt.id, number=number))
    pos = quizzes.current_position(attempt)
    return render_template(
        "quiz/feedback.html",
        attempt=attempt,
        number=number,
        total=len(attempt.question_ids),
        fb=quizzes.feedback(row, ans),
        next_number=None if pos is None else pos + 1,
        kind_label=quizzes.kind_label,
    )


@bp.post("/attempt/<int:attempt_id>/finish")
@login_required
def finish(attempt_id: int) -> Response:
    """End the quiz now; unanswered questions earn nothing."""
    attempt = own_attempt(attempt_id)
    quizzes.finish(attempt)
    return redirect(url_for("quiz.results", attempt_id=attempt.id))


@bp.get("/attempt/<int:attempt_id>/results")
@login_required
def results(attempt_id: int) -> Response | str:
    attempt = own_attempt(attempt_id)
    if attempt.finished_at is None:
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id))
    return render_template(
        "quiz/results.html", attempt=attempt, items=quizzes.review(attempt), kind_label=quizzes.kind_label
    )
