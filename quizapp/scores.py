"""My scores: the history of attempts, a chart of scores over time and accuracy per kind of question."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from quizapp.services import quizzes
from quizapp.services import scores as score_service

bp = Blueprint("scores", __name__, url_prefix="/scores")


@bp.get("/")
@login_required
def index() -> str:
    attempts = score_service.history(current_user.id)
    return render_template(
        "scores/index.html",
        attempts=list(reversed(attempts)),
        chart=score_service.chart(attempts),
        kinds=score_service.accuracy_by_kind(current_user.id),
        summary=score_service.summary(attempts),
        unfinished=quizzes.unfinished_attempts(current_user.id),
    )
