"""Library: the banks (one per article) and the article reader."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from quizapp.services import banks as bank_service

bp = Blueprint("library", __name__)


@bp.get("/")
def index() -> str:
    banks = bank_service.visible_banks(current_user)
    counts = bank_service.kind_counts(b.id for b in banks)
    return render_template("library/index.html", banks=banks, counts=counts)
