"""Item statistics pages (/author/stats): a question's answers and figures, the teacher's decision on
its flags (keep, retire, fix), and the bank's statistics as CSV. Teachers only, each their own banks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from quizapp.authoring import review
from quizapp.authoring.forms import ActionForm
from quizapp.classroom.models import PlayerAnswer, SessionQuestion
from quizapp.core import access
from quizapp.core.extensions import db, login_manager
from quizapp.itemstats import exports, figures, recording
from quizapp.itemstats.flags import Flag, flags_for
from quizapp.itemstats.models import ItemState
from quizapp.library.models import Bank, Question
from quizapp.quiz.models import Answer

bp = Blueprint("itemstats", __name__, url_prefix="/author/stats")

#: the latest answers listed on a question's page
RECENT = 50
DECISIONS = ("keep", "retire", "fix")


@bp.before_request
def teachers_only() -> Response | None:
    if not current_user.is_authenticated:
        return login_manager.unauthorized()  # type: ignore[no-any-return]
    if not current_user.is_teacher:
        abort(403, "Only teachers can see item statistics.")
    return None


def own_question(question_id: int) -> Question:
    row = db.get_or_404(Question, question_id)
    if not access.can_edit_bank(current_user, row.bank):
        abort(403)
    return row


def _flags(row: Question, fig: figures.ItemFigures) -> list[Flag]:
    state = db.session.get(ItemState, row.id)
    kept = list(state.kept or []) if state else []
    return flags_for(fig.all, qtype=row.type, choices=row.choices or (), answer=row.answer, kept=kept)


def recent_answers(row: Question) -> list[tuple[Any, ...]]:
    """The latest quiz and classroom answers (mode, response, right, when), without names."""
    quiz = db.session.execute(
        select(Answer.response, Answer.correct, Answer.answered_at)
        .where(Answer.question_id == row.id)
        .order_by(Answer.answered_at.desc())
        .limit(RECENT)
    ).all()
    classroom = db.session.execute(
        select(PlayerAnswer.response, PlayerAnswer.correct, PlayerAnswer.answered_at)
        .join(SessionQuestion, SessionQuestion.id == PlayerAnswer.session_question_id)
        .where(SessionQuestion.question_id == row.id)
        .order_by(PlayerAnswer.answered_at.desc())
        .limit(RECENT)
    ).all()
    rows = [("quiz", *r) for r in quiz] + [("classroom", *r) for r in classroom]
    return sorted(rows, key=lambda r: r[3], reverse=True)[:RECENT]


@bp.get("/questions/<int:question_id>")
def question(question_id: int) -> str:
    row = own_question(question_id)
    fig = figures.figures_for([row.id])[row.id]
    state = db.session.get(ItemState, row.id)
    return render_template(
        "itemstats/question.html",
        row=row,
        bank=row.bank,
        fig=fig,
        flags=_flags(row, fig),
        kept=list(state.kept or []) if state else [],
        restarts={r["edition"]: datetime.fromisoformat(r["at"]) for r in (state.restarts if state else [])},
        history=figures.history(row.id),
        answers=recent_answers(row),
        action_form=ActionForm(),
    )


@bp.post("/questions/<int:question_id>/decide")
def decide(question_id: int) -> Response:
    """Keep the question as it is (its flags go quiet), retire it (rejected: students no longer get it)
    or fix it (its edit page; saving an edit starts its figures again)."""
    row = own_question(question_id)
    decision = request.form.get("decision", "")
    if not ActionForm().validate_on_submit() or decision not in DECISIONS:
        flash("Choose keep, retire or fix.", "error")
        return redirect(url_for("itemstats.question", question_id=row.id))
    if decision == "fix":
        return redirect(url_for("authoring.question_edit", question_id=row.id))
    if decision == "retire":
        review.set_status(row, "reject", current_user.id)
        flash(
            "Retired: the question is rejected, so students no longer get it. Its figures are kept.",
            "success",
        )
    else:
        fig = figures.figures_for([row.id])[row.id]
        state = recording.state_of(row.id)
        state.kept = sorted({*(state.kept or []), *(f.code for f in _flags(row, fig))})
        db.session.commit()
        flash("Kept: its flags stay quiet until the question is edited.", "success")
    return redirect(url_for("itemstats.question", question_id=row.id))


@bp.get("/banks/<int:bank_id>/stats.csv")
def bank_csv(bank_id: int) -> Response:
    bank = db.get_or_404(Bank, bank_id)
    if not access.can_edit_bank(current_user, bank):
        abort(403)
    rows = list(bank.questions)
    figs = figures.figures_for(q.id for q in rows)
    flags = {q.id: _flags(q, figs[q.id]) for q in rows}
    response = current_app.response_class(exports.stats_csv(rows, figs, flags), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="bank-{bank.id}-statistics.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
