"""Library: the home page, the banks (one per article) and the article reader."""

from __future__ import annotations

import re

from flask import Blueprint, abort, redirect, render_template, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.extensions import db
from quizapp.models.banks import Bank
from quizapp.services import banks as bank_service
from quizapp.services import quizzes, reader

bp = Blueprint("library", __name__)

#: banks whose share link this visitor opened (they count while the bank is shared: class or public)
SHARED_SESSION_KEY = "shared_banks"
#: banks of the question sets this visitor took: their articles stay readable, for the excerpt links
SET_BANKS_SESSION_KEY = "set_banks"


def _session_ids(key: str) -> list[int]:
    return [i for i in session.get(key, []) if isinstance(i, int)]


def shared_bank_ids() -> list[int]:
    return _session_ids(SHARED_SESSION_KEY)


def set_bank_ids() -> list[int]:
    return _session_ids(SET_BANKS_SESSION_KEY)


def bank_or_404(bank_id: int) -> Bank:
    """The bank if this visitor may see it: 404 when it does not exist, 403 when it is someone else's."""
    bank = db.get_or_404(Bank, bank_id)
    if (
        bank_service.can_view(current_user, bank)
        or (bank.visibility != "private" and bank.id in shared_bank_ids())
        or bank.id in set_bank_ids()
    ):
        return bank
    abort(403)


@bp.get("/")
def index() -> str:
    banks = bank_service.visible_banks(current_user)
    counts = bank_service.kind_counts(b.id for b in banks)
    unfinished = quizzes.unfinished_attempts(current_user.id if current_user.is_authenticated else None)
    return render_template(
        "library/index.html", banks=banks, counts=counts, unfinished=unfinished, kind_label=quizzes.kind_label
    )


@bp.get("/bank/<int:bank_id>")
def bank(bank_id: int) -> Response:
    return redirect(url_for("library.article", bank_id=bank_or_404(bank_id).id))


@bp.get("/bank/<int:bank_id>/article")
def article(bank_id: int) -> str:
    """The article, every excerpt that has questions marked; ``#x<start>-<end>`` jumps to one."""
    bank = bank_or_404(bank_id)
    questions = [bank_service.row_to_question(q) for q in bank_service.approved_questions(bank)]
    blocks = reader.article_blocks(bank.article.text, questions)
    counts = bank_service.kind_counts([bank.id])[bank.id]
    return render_template(
        "library/article.html",
        bank=bank,
        blocks=blocks,
        counts=counts,
        total=len(questions),
        kind_label=quizzes.kind_label,
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
    ids = shared_bank_ids()
    if bank.id not in ids:
        session[SHARED_SESSION_KEY] = [*ids[-49:], bank.id]
    return redirect(url_for("library.article", bank_id=bank.id))
