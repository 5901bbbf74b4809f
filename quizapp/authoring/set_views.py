"""Question sets, both sides. The teacher's pages (/author/sets: create, edit, order, share) are on the
authoring blueprint, so its teachers-only check covers them. For students (/sets): the list of sets
they can take, a set's page, its share link, and starting a quiz on it. The quiz itself is the core
quiz (quizapp.quiz.views), like a bank's.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from quizapp.accounts import service as accounts
from quizapp.authoring import banks as authoring_banks
from quizapp.authoring import formats, forms
from quizapp.authoring import sets as authoring_sets
from quizapp.authoring.models import QuestionSet
from quizapp.authoring.views import bp as authoring_bp
from quizapp.authoring.views import own_set
from quizapp.core import access
from quizapp.core.access import SET_BANKS_SESSION_KEY, SHARED_SETS_KEY, set_bank_ids, shared_set_ids
from quizapp.core.extensions import db, limiter, player_key
from quizapp.core.forms import choice
from quizapp.quiz import attempts

bp = Blueprint("sets", __name__, url_prefix="/sets")


def takeable_set(set_id: int) -> QuestionSet:
    qset = db.get_or_404(QuestionSet, set_id)
    if not access.can_take_set(current_user, qset, shared_set_ids()):
        abort(403, "This set is not shared with you. Ask your teacher for its link.")
    return qset


@bp.get("/")
def index() -> str:
    return render_template(
        "authoring/sets_public.html", sets=authoring_sets.listed_sets(current_user, shared_set_ids())
    )


@bp.get("/shared/<token>")
def shared(token: str) -> Response:
    """A set's share link: whoever has it may take a class or public set."""
    qset = authoring_sets.set_by_token(token)
    if qset is None or qset.visibility == "private":
        abort(404, "This link does not match any shared set. Ask your teacher for a new link.")
    access.remember_grant(SHARED_SETS_KEY, qset)
    return redirect(url_for("sets.show", set_id=qset.id))


@bp.get("/<int:set_id>")
def show(set_id: int) -> tuple[str, int]:
    qset = takeable_set(set_id)
    rows = authoring_sets.set_rows(qset)
    form = forms.TakeSetForm(formdata=None)
    return render_template("authoring/take_set.html", qset=qset, rows=rows, form=form), 200


@bp.post("/<int:set_id>/start")
@limiter.limit("120 per hour", key_func=player_key)
def start(set_id: int) -> Response | tuple[str, int]:
    qset = takeable_set(set_id)
    rows = authoring_sets.set_rows(qset)
    form = forms.TakeSetForm()
    if not form.validate_on_submit() or not rows:
        if not rows:
            form.count.errors = [*form.count.errors, "This set has no approved questions yet."]
        return render_template("authoring/take_set.html", qset=qset, rows=rows, form=form), 422
    if not current_user.is_authenticated:
        login_user(accounts.create_guest(), remember=True)
    attempt = attempts.start_attempt_on(
        current_user.id,
        rows,
        count=form.count.data,
        shuffle=bool(form.shuffle.data),
        options={"set_id": qset.id, "set_title": qset.title},
    )
    # the feedback links to each excerpt in its article: the set's banks become readable while the
    # visitor may take the set and its owner shares the bank (checked at each request: core.access)
    taken = set_bank_ids()
    if qset.id not in taken:
        session[SET_BANKS_SESSION_KEY] = [*taken, qset.id][-access.MAX_GRANTS :]
    return redirect(url_for("quiz.question", attempt_id=attempt.id, number=1))


# --- the teacher's side: /author/sets, on the authoring blueprint (teachers only) ----------------


@authoring_bp.get("/sets")
def sets() -> str:
    return _sets_page(forms.SetForm(formdata=None))


def _sets_page(form: forms.SetForm) -> str:
    found = authoring_sets.sets_of(current_user)
    counts = {s.id: len(authoring_sets.shown_items(s)) for s in found}
    return render_template("authoring/sets.html", sets=found, counts=counts, form=form)


@authoring_bp.post("/sets/new")
def set_new() -> Response | tuple[str, int]:
    form = forms.SetForm()
    if not form.validate_on_submit():
        return _sets_page(form), 422
    qset = authoring_sets.create_set(
        current_user.id,
        title=form.title.data or "",
        description=form.description.data or "",
        tags=authoring_sets.parse_tags(form.tags.data or ""),
        difficulty=form.difficulty.data or "mixed",
        visibility=form.visibility.data or "private",
    )
    flash("Set created: add questions to it.", "success")
    return redirect(url_for("authoring.set_add", set_id=qset.id))


def _set_page(qset: QuestionSet, form: forms.SetForm, status: int = 200) -> tuple[str, int]:
    return render_template(
        "authoring/set.html",
        qset=qset,
        form=form,
        action_form=forms.ActionForm(),
        formats=formats.export_formats(),
        share_url=url_for("sets.shared", token=qset.share_token, _external=True),
        items=authoring_sets.shown_items(qset),
        has_unshared=bool(authoring_sets.unshared_item_ids(qset)),
    ), status


@authoring_bp.route("/sets/<int:set_id>", methods=["GET", "POST"])
def set_edit(set_id: int) -> Response | tuple[str, int]:
    qset = own_set(set_id)
    if request.method == "GET":
        form = forms.SetForm(formdata=None, obj=qset)
        form.tags.data = ", ".join(qset.tags or [])
        return _set_page(qset, form)
    form = forms.SetForm()
    if not form.validate_on_submit():
        return _set_page(qset, form, 422)
    authoring_sets.update_set(
        qset,
        title=form.title.data or "",
        description=form.description.data or "",
        tags=authoring_sets.parse_tags(form.tags.data or ""),
        difficulty=form.difficulty.data or "mixed",
        visibility=form.visibility.data or "private",
    )
    flash("Set saved.", "success")
    return redirect(url_for("authoring.set_edit", set_id=qset.id))


@authoring_bp.route("/sets/<int:set_id>/add", methods=["GET", "POST"])
def set_add(set_id: int) -> Response | tuple[str, int]:
    qset = own_set(set_id)
    # only banks the set may show: an admin editing a set is not offered other teachers' private banks
    banks = [b for b in authoring_banks.usable_banks(current_user) if access.shareable_in_set(qset, b)]
    bank_id = request.values.get("bank", type=int) or (banks[0].id if banks else None)
    bank = next((b for b in banks if b.id == bank_id), None)
    if bank_id and bank is None:
        abort(403)
    in_set = {i.question_id for i in qset.items}
    rows = [q for q in bank.questions if q.status != "rejected"] if bank else []
    if bank is not None and not access.can_edit_bank(current_user, bank):
        rows = [q for q in rows if q.status == "approved"]  # someone else's public bank: what students see
    form = forms.AddQuestionsForm()
    form.questions.choices = [choice(q.id, q.prompt) for q in rows]
    status = 200
    if request.method == "POST":
        if form.validate_on_submit() and form.questions.data:
            n = authoring_sets.add_to_set(qset, form.questions.data, current_user)
            flash(f"{n} question{'' if n == 1 else 's'} added.", "success")
            return redirect(url_for("authoring.set_edit", set_id=qset.id))
        flash("Tick the questions to add.", "error")
        status = 422
    return render_template(
        "authoring/set_add.html", qset=qset, banks=banks, bank=bank, rows=rows, in_set=in_set, form=form
    ), status


@authoring_bp.post("/sets/<int:set_id>/items/<int:item_id>/move")
def set_move(set_id: int, item_id: int) -> Response:
    qset = own_set(set_id)
    form = forms.MoveForm()
    if not form.validate_on_submit():
        abort(400, "Move a question up or down.")
    try:
        authoring_sets.move_in_set(qset, item_id, -1 if form.direction.data == "up" else 1)
    except authoring_banks.AuthoringError as exc:
        abort(404, str(exc))
    return redirect(url_for("authoring.set_edit", set_id=qset.id) + "#items")


@authoring_bp.post("/sets/<int:set_id>/items/<int:item_id>/remove")
def set_remove(set_id: int, item_id: int) -> Response:
    qset = own_set(set_id)
    forms.ActionForm().validate_on_submit()
    try:
        authoring_sets.remove_from_set(qset, item_id)
    except authoring_banks.AuthoringError as exc:
        abort(404, str(exc))
    flash("Question removed from the set.", "success")
    return redirect(url_for("authoring.set_edit", set_id=qset.id) + "#items")


@authoring_bp.post("/sets/<int:set_id>/duplicate")
def set_duplicate(set_id: int) -> Response:
    qset = db.get_or_404(QuestionSet, set_id)
    # one's own sets and public ones may be copied; a copy is private to its new owner
    if not (access.can_edit_set(current_user, qset) or qset.visibility == "public"):
        abort(403)
    forms.ActionForm().validate_on_submit()
    copy = authoring_sets.duplicate_set(qset, current_user.id)
    flash(f"Copied into “{copy.title}”.", "success")
    return redirect(url_for("authoring.set_edit", set_id=copy.id))


@authoring_bp.post("/sets/<int:set_id>/new-link")
def set_new_link(set_id: int) -> Response:
    qset = own_set(set_id)
    forms.ActionForm().validate_on_submit()
    authoring_sets.new_set_link(qset)
    flash("A new link was made; the old one no longer works.", "success")
    return redirect(url_for("authoring.set_edit", set_id=qset.id))


@authoring_bp.post("/sets/<int:set_id>/delete")
def set_delete(set_id: int) -> Response:
    qset = own_set(set_id)
    forms.ActionForm().validate_on_submit()
    authoring_sets.delete_set(qset)
    flash("Set deleted.", "success")
    return redirect(url_for("authoring.sets"))
