"""My scores: the history of attempts, a chart over time and accuracy per kind of question."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("scores", __name__, url_prefix="/scores")


@bp.get("/")
@login_required
def index() -> str:
    return render_template("scores/index.html")
