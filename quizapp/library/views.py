"""Library: the home page, the banks (one per article) and the article reader."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.core.access import SHARED_SESSION_KEY, remember_grant
from quizapp.core.extensions import db
from quizapp.library import banks as library_banks
from quizapp.library import reader, store
from quizapp.library.banks import bank_or_404
from quizapp.library.labels import kind_label, type_label
from quizapp.library.models import Bank
from quizapp.quiz import attempts

bp = Blueprint("library", __name__)


@bp.app_context_processor
def question_labels() -> dict[str, Any]:
    """The words for a question's kind and type, in every template."""
    return {"kind_label": kind_label, "type_label": type_label}


@bp.get("/")
def index() -> str:
    banks = library_banks.visible_banks(current_user)
    counts = library_banks.kind_counts(b.id for b in banks)
    unfinished = attempts.unfinished_attempts(current_user.id if current_user.is_authenticated else None)
    return render_template(
        "library/index.html", banks=banks, counts=counts, unfinished=unfinished, kind_label=kind_label
    )


@bp.get("/bank/<int:bank_id>")
def bank(bank_id: int) -> Response:
    return redirect(url_for("library.article", bank_id=bank_or_404(bank_id).id))


@bp.get("/bank/<int:bank_id>/article")
def article(bank_id: int) -> str:
    """The article, every excerpt that has questions marked; ``#x<start>-<end>`` jumps to one."""
    bank = bank_or_404(bank_id)
    questions = [store.row_to_question(q) for q in library_banks.approved_questions(bank)]
    blocks = reader.article_blocks(bank.article.text, questions)
    counts = library_banks.kind_counts([bank.id])[bank.id]
    return render_template(
        "library/article.html",
        bank=bank,
        blocks=blocks,
        counts=counts,
        total=len(questions),
        kind_label=kind_label,
    )


@bp.get("/shared/<token>")
def shared(token: str) -> Response:
    """A share link: whoever has it may read a class or public bank and take its quiz. A private bank's
    link does not open (as a private set's does not), so making a bank private unshares it."""
    # share tokens are URL-safe base64; anything else (a NUL byte, say) cannot match one
    valid = re.fullmatch(r"[A-Za-z0-9_-]{1,64}", token) is not None
    bank = db.session.scalars(db.select(Bank).where(Bank.share_token == token)).first() if valid else None
    if bank is None or bank.visibility == "private":
        abort(404, "This share link does not match any shared bank. Ask for a new link.")
    remember_grant(SHARED_SESSION_KEY, bank)
    return redirect(url_for("library.article", bank_id=bank.id))
