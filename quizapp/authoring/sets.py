"""Question sets for students (/sets): the list of sets they can take, a set's page, its share link,
and starting a quiz on it. The quiz itself is the core quiz (quizapp.quiz), like a bank's.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, session, url_for
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from quizapp.authoring import forms
from quizapp.extensions import db, limiter
from quizapp.library import SET_BANKS_SESSION_KEY, set_bank_ids
from quizapp.models.authoring import QuestionSet
from quizapp.quiz import player_key
from quizapp.services import accounts, quizzes
from quizapp.services import authoring as service

bp = Blueprint("sets", __name__, url_prefix="/sets")

SHARED_SETS_KEY = "shared_sets"


def shared_set_ids() -> list[int]:
    return [i for i in session.get(SHARED_SETS_KEY, []) if isinstance(i, int)]


def takeable_set(set_id: int) -> QuestionSet:
    qset = db.get_or_404(QuestionSet, set_id)
    if not service.can_take_set(current_user, qset, shared_set_ids()):
        abort(403, "This set is not shared with you. Ask your teacher for its link.")
    return qset


@bp.get("/")
def index() -> str:
    return render_template(
        "authoring/sets_public.html", sets=service.listed_sets(current_user, shared_set_ids())
    )


@bp.get("/shared/<token>")
def shared(token: str) -> Response:
    """A set's share link: whoever has it may take a class or public set."""
    qset = service.set_by_token(token)
    if qset is None or qset.visibility == "private":
        abort(404, "This link does not match any shared set. Ask your teacher for a new link.")
    ids = shared_set_ids()
    if qset.id not in ids:
        session[SHARED_SETS_KEY] = [*ids[-49:], qset.id]
    return redirect(url_for("sets.show", set_id=qset.id))


@bp.get("/<int:set_id>")
def show(set_id: int) -> tuple[str, int]:
    qset = takeable_set(set_id)
    rows = service.set_rows(qset)
    form = forms.TakeSetForm(formdata=None)
    return render_template("authoring/take_set.html", qset=qset, rows=rows, form=form), 200


@bp.post("/<int:set_id>/start")
@limiter.limit("120 per hour", key_func=player_key)
def start(set_id: int) -> Response | tuple[str, int]:
    qset = takeable_set(set_id)
    rows = service.set_rows(qset)
    form = forms.TakeSetForm()
    if not form.validate_on_submit() or not rows:
        if not rows:
            form.count.errors = [*form.count.errors, "This set has no approved questions yet."]
        return render_template("authoring/take_set.html", qset=qset, rows=rows, form=form), 422
    if not current_user.is_authenticated:
        login_user(accounts.create_guest(), remember=True)
    attempt = quizzes.start_attempt_on(
        current_user.id,
        rows,
        count=form.count.data,
        shuffle=bool(form.shuffle.data),
        options={"set_id": qset.id, "set_title": qset.title},
    )
    # the feedback links to each excerpt in its article: the set's banks become readable like a shared bank
    # (whatever each bank's own sharing: the set's teacher chose to show these questions)
    banks = set_bank_ids()
    extra = [b for b in service.set_bank_ids(qset) if b not in banks]
    if extra:
        session[SET_BANKS_SESSION_KEY] = [*banks, *extra][-50:]
    return redirect(url_for("quiz.question", attempt_id=attempt.id, number=1))
